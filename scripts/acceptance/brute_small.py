#!/usr/bin/env python3
"""Lower-bound / optimality audit on tiny plans (stdlib only).

Generates tiny plans (4-6 tasks, 1-2 teams, calendars, lags, releases, crews, goal deps),
computes the true optimum by exhaustive serial schedule generation (all precedence-feasible
task lists x all (team, crew) modes; for a regular objective the active schedules contain an
optimum, also with day-varying capacity), runs tandem, and checks:
  checker PASS, lower_bound <= optimum, objective >= optimum, status optimal => objective == optimum.
Usage: brute_small.py [--count N] [--seed S] [--work DIR] [--hard]
"""
import argparse
import math
import os
import random
import shutil
import subprocess
import sys
import json

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_schedule as cs  # noqa: E402

BIN = os.environ.get("TANDEM") or os.path.join(HERE, "..", "..", "target", "release", "tandem")


HARD = 0  # --hard: longer/more calendar stretches, more and longer lags


def gen_tiny(d, rng):
    os.makedirs(d, exist_ok=True)
    nteams = rng.randint(1, 2)
    teams = {"A": rng.randint(1, 3), "B": rng.randint(1, 3)}
    teams = dict(list(teams.items())[:nteams])
    with open(os.path.join(d, "teams.csv"), "w") as f:
        f.write("team,capacity\n" + "".join("%s,%d\n" % kv for kv in teams.items()))
    with open(os.path.join(d, "calendar.csv"), "w") as f:
        f.write("team,from,to,capacity\n")
        for t, c in teams.items():
            for _ in range(rng.randint(0, 2 + 2 * HARD)):
                a = rng.randint(0, 8 + 8 * HARD)
                f.write("%s,%d,%d,%d\n" % (t, a, a + rng.randint(0, 4 + 10 * HARD), rng.randint(0, c + 1)))
    ngoals = rng.randint(1, 3)
    goals = ["g%d" % i for i in range(ngoals)]
    with open(os.path.join(d, "goals.csv"), "w") as f:
        f.write("goal,priority,due,depends_on\n")
        for i, g in enumerate(goals):
            dep = goals[i - 1] if i > 0 and rng.random() < 0.4 else ""
            due = rng.randint(0, 10) if rng.random() < 0.6 else ""
            f.write("%s,%s,%s,%s\n" % (g, rng.choice(["1", "2", "3", "0.5", "2.5"]), due, dep))
    n = rng.randint(4, 6)
    with open(os.path.join(d, "tasks.csv"), "w") as f:
        f.write("task,goal,effort,teams,min_people,max_people,depends_on,release\n")
        for i in range(n):
            g = goals[min(ngoals - 1, i * ngoals // n)]
            eff = rng.choice([0, 1, 2, 3, 4, 5, 2.5, 6])
            tl = list(teams)
            rng.shuffle(tl)
            tl = tl[:rng.randint(1, len(tl))]
            parts = [t if (len(tl) == 1 or rng.random() < 0.5 or eff == 0) else "%s:%d" % (t, rng.randint(1, 7)) for t in tl]
            minp = rng.randint(1, min(teams[t] for t in tl)) if rng.random() < 0.3 else 1
            maxp = minp + rng.randint(0, 2)
            deps = []
            if i > 0:
                for j in rng.sample(range(i), min(i, rng.randint(0, 2))):
                    deps.append("t%d" % j + ("+%d" % rng.randint(1, 3 + 8 * HARD) if rng.random() < 0.3 + 0.3 * HARD else ""))
            rel = rng.randint(0, 6) if rng.random() < 0.25 else ""
            f.write("t%d,%s,%s,%s,%d,%d,%s,%s\n" % (i, g, eff, "|".join(parts), minp, maxp, ";".join(deps), rel))


def optimum(plan, lw, kind):
    teams, calendar, goals, tasks = cs.load_plan(plan, cs.Dates(None))
    cap = cs.capacity_fn(teams, calendar)
    ids = sorted(tasks)
    modes = {}
    for t in ids:
        T = tasks[t]
        ms = []
        # the tiny plans' alternatives are one team each, without a fixed crew
        for members, eff in T["alts"]:
            assert len(members) == 1 and members[0][1] is None, members
            team = members[0][0]
            if eff == 0:
                ms.append((team, 0, 0))
                continue
            for k in range(T["min"], min(T["max"], teams[team]) + 1):
                ms.append((team, k, math.ceil(eff / k - 1e-12)))
        modes[t] = ms
    # predecessors incl. goal dependencies (lag 0)
    preds = {t: list(tasks[t]["deps"]) for t in ids}
    for t in ids:
        for g2 in goals[tasks[t]["goal"]]["depends_on"]:
            preds[t] += [(u, 0) for u in ids if tasks[u]["goal"] == g2]

    def objective(fin):
        gf = {g: 0 for g in goals}
        for t, f in fin.items():
            gf[tasks[t]["goal"]] = max(gf[tasks[t]["goal"]], f)
        if kind == "makespan":
            return max(gf.values())
        o = 0.0
        for g, G in goals.items():
            o += G["priority"] * gf[g]
            if G["due"] is not None:
                o += lw * G["priority"] * max(0, gf[g] - G["due"])
        return o

    best = [math.inf]
    use = {}

    def rec(fin):
        if len(fin) == len(ids):
            best[0] = min(best[0], objective(fin))
            return
        if objective(fin) >= best[0]:  # objective is monotone in added finishes
            return
        for t in ids:
            if t in fin or any(p not in fin for p, _ in preds[t]):
                continue
            est = max([tasks[t]["release"]] + [fin[p] + lag for p, lag in preds[t]])
            for (team, k, dur) in modes[t]:
                s = est
                while any(use.get((team, x), 0) + k > cap(team, x) for x in range(s, s + dur)):
                    s += 1
                for x in range(s, s + dur):
                    use[(team, x)] = use.get((team, x), 0) + k
                fin[t] = s + dur
                rec(fin)
                del fin[t]
                for x in range(s, s + dur):
                    use[(team, x)] -= k
    rec({})
    return best[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/tandem_brute")
    ap.add_argument("--hard", action="store_true")
    a = ap.parse_args()
    global HARD
    HARD = int(a.hard)
    shutil.rmtree(a.work, ignore_errors=True)
    rng = random.Random(a.seed)
    bad = 0
    stats = {"optimal_claimed": 0, "found_opt": 0, "lb_eq_opt": 0}
    for i in range(a.count):
        plan = os.path.join(a.work, "p%d" % i)
        out = os.path.join(a.work, "o%d" % i)
        gen_tiny(plan, rng)
        kind = "makespan" if i % 5 == 4 else "weighted"
        lw = [10.0, 0.0, 2.5][i % 3]
        opt = optimum(plan, lw, kind)
        r = subprocess.run([BIN, "plan", plan, "--out", out, "--time-limit", "1", "--quiet",
                            "--objective", kind, "--lateness-weight", str(lw)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print("p%d: tandem exit %d: %s" % (i, r.returncode, r.stderr.strip()[:200]))
            bad += 1
            continue
        errs, info = cs.check(plan, out, lw, kind)
        s = json.load(open(os.path.join(out, "summary.json")))
        o, lb, st = float(s["objective"]), float(s["lower_bound"]), s["status"]
        prob = list(errs)
        if lb > opt + 1e-6:
            prob.append("lower_bound %g > true optimum %g" % (lb, opt))
        if o < opt - 1e-6:
            prob.append("objective %g < brute optimum %g (brute force wrong?)" % (o, opt))
        if st == "optimal" and abs(o - opt) > 1e-6:
            prob.append("status optimal but objective %g != optimum %g" % (o, opt))
        stats["optimal_claimed"] += st == "optimal"
        stats["found_opt"] += abs(o - opt) <= 1e-6
        stats["lb_eq_opt"] += abs(lb - opt) <= 1e-6
        if prob:
            bad += 1
            print("p%d (%s, lw=%g): %s" % (i, kind, lw, "; ".join(prob[:3])))
    print("brute_small: %d/%d OK; tandem found optimum %d, claimed optimal %d, bound tight %d"
          % (a.count - bad, a.count, stats["found_opt"], stats["optimal_claimed"], stats["lb_eq_opt"]))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
