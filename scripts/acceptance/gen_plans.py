#!/usr/bin/env python3
"""Independent plan generator for tandem acceptance tests (written from FORMAT.md only).

Usage:
  gen_plans.py --out DIR --tasks N [--seed S] [--leads]

Writes DIR/teams.csv, DIR/calendar.csv, DIR/goals.csv, DIR/tasks.csv.
Features exercised: day indices, calendars (vacations incl. capacity-0 stretches,
hiring, overlapping rows where later rows override), lags (T7+3), with --leads also
leads (negative lags, T7+-2: FORMAT.md additions v3), alternative teams
with per-team effort (a:10|b:14, also mixed a|b:14), crews (min/max people),
releases, acyclic goal dependencies, goals with and without due days, a goal with
no tasks, fractional efforts and priorities, milestones (effort 0), shuffled column
order, unknown extra columns, surrounding whitespace, empty optional cells,
optional columns missing entirely.
Guarantees: every task has an eligible team whose teams.csv capacity >= min_people;
task dependencies + goal dependencies are acyclic (everything points "backwards" in
one global order).
"""
import argparse
import csv
import os
import random


def pad(rng, s, prob=0.15):
    """Surround a cell with random whitespace (must be trimmed by the reader)."""
    s = str(s)
    if rng.random() < prob:
        return rng.choice([" ", "  ", "\t", " \t"]) + s + rng.choice(["", " ", "  "])
    return s


def fmt_num(x):
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return repr(x) if isinstance(x, float) else str(x)


def write_csv(path, rng, columns, rows, extra_cols=(), pad_prob=0.15, drop_optional=()):
    """columns: list of column names; rows: list of dicts. Shuffles column order,
    inserts unknown columns, pads cells with whitespace."""
    cols = [c for c in columns if c not in drop_optional] + list(extra_cols)
    rng.shuffle(cols)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            out = []
            for c in cols:
                if c in extra_cols:
                    out.append(rng.choice(["", "x", "note; with | odd : chars + stuff", "42"]))
                    continue
                v = r.get(c, "")
                v = "" if v is None else str(v)
                if v == "":
                    # empty optional cell, sometimes whitespace only (trimmed -> empty)
                    out.append(rng.choice(["", "", "", " "]))
                else:
                    out.append(pad(rng, v, pad_prob))
            w.writerow(out)


def gen(out, n_tasks, seed, leads=False):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)

    # ---------------- teams ----------------
    n_teams = max(3, min(12, n_tasks // 150 + rng.randint(2, 5)))
    team_ids = ["backend", "frontend", "mobile", "platform", "data", "design", "qa", "ml",
                "infra", "sec", "growth", "ops"][:n_teams]
    cap = {}
    for t in team_ids:
        cap[t] = rng.randint(1, 9)
    # one team with base capacity 0 (only usable if engine ignores it; never the only eligible team)
    zero_team = None
    if n_teams >= 4 and rng.random() < 0.7:
        zero_team = team_ids[-1]
        cap[zero_team] = 0
    staffable_teams = [t for t in team_ids if cap[t] >= 1]
    teams_rows = [{"team": t, "capacity": cap[t],
                   "name": rng.choice(["", "Team " + t.capitalize()])} for t in team_ids]
    write_csv(os.path.join(out, "teams.csv"), rng, ["team", "capacity", "name"], teams_rows,
              extra_cols=rng.choice([(), ("location",), ("lead", "slack_channel")]))

    # ---------------- calendar ----------------
    horizon_hint = max(60, n_tasks // 4)
    cal_rows = []
    for t in team_ids:
        for _ in range(rng.randint(0, 4)):
            kind = rng.random()
            a = rng.randint(0, horizon_hint)
            if kind < 0.35:  # vacation, capacity 0 stretch
                b = a + rng.randint(0, 15)
                c = 0
            elif kind < 0.65:  # partial vacation
                b = a + rng.randint(0, 30)
                c = rng.randint(0, max(0, cap[t] - 1))
            elif kind < 0.85:  # hiring (capacity above base for a long, but finite, time)
                b = a + rng.randint(50, 400)
                c = cap[t] + rng.randint(1, 3)
            else:  # overlapping override of the previous row for this team
                prev = [r for r in cal_rows if r["team"] == t]
                if prev:
                    p = prev[-1]
                    a = rng.randint(p["from"], p["to"])
                    b = a + rng.randint(0, 10)
                else:
                    b = a + 5
                c = rng.randint(0, cap[t] + 2)
            cal_rows.append({"team": t, "from": a, "to": b, "capacity": c})
    # guarantee at least one capacity-0 stretch and one explicit overlap
    t0 = rng.choice(staffable_teams)
    cal_rows.append({"team": t0, "from": 3, "to": 12, "capacity": 0})
    cal_rows.append({"team": t0, "from": 8, "to": 9, "capacity": cap[t0] + 1})  # overrides inside
    cal_rows.append({"team": t0, "from": 10, "to": 20, "capacity": max(0, cap[t0] - 1)})
    if zero_team:  # "hiring" a team that has no base capacity
        cal_rows.append({"team": zero_team, "from": 20, "to": 200, "capacity": 3})
    cal_written = [dict(r) for r in cal_rows]
    write_csv(os.path.join(out, "calendar.csv"), rng, ["team", "from", "to", "capacity"],
              cal_written, extra_cols=rng.choice([(), ("reason",)]))

    # ---------------- goals ----------------
    n_goals = max(3, min(300, n_tasks // rng.randint(6, 15)))
    goal_ids = ["G%d" % i for i in range(n_goals)]
    # the listed order in goals.csv is shuffled, but dependencies point to lower indices
    goals = []
    for i, g in enumerate(goal_ids):
        pr = rng.choice([1, 2, 3, 5, 8, 10, 0.5, 2.5, 1.25, 7.75])
        due = "" if rng.random() < 0.35 else rng.randint(0, horizon_hint)
        deps = []
        if i > 0 and rng.random() < 0.4:
            deps = rng.sample(goal_ids[:i], min(i, rng.randint(1, 2)))
        goals.append({"goal": g, "priority": fmt_num(pr), "due": due,
                      "depends_on": ";".join(deps), "name": rng.choice(["", "Goal " + g])})
    # an extra goal with no tasks, at the end of the order (others may not depend on it
    # for simplicity, but it depends on some goal)
    empty_goal = "G_empty"
    goals.append({"goal": empty_goal, "priority": "4", "due": rng.choice(["", 5]),
                  "depends_on": rng.choice(["", goal_ids[0]]), "name": "Nothing to do"})
    # a later goal (index >= 1) depends on the empty goal (finish 0); acyclic because the
    # empty goal depends at most on G0, which depends on nothing.
    if n_goals > 2:
        gg = goals[rng.randint(1, n_goals - 1)]
        gg["depends_on"] = ";".join([x for x in gg["depends_on"].split(";") if x] + [empty_goal])
    goal_rows = goals[:]
    rng.shuffle(goal_rows)
    write_csv(os.path.join(out, "goals.csv"), rng, ["goal", "priority", "due", "depends_on", "name"],
              goal_rows, extra_cols=rng.choice([(), ("owner",), ("quarter", "pm")]))

    # ---------------- tasks ----------------
    # assign tasks to goals (every real goal gets >= 1 task when possible), ordered by goal index
    counts = [1] * n_goals
    for _ in range(n_tasks - n_goals):
        counts[rng.randrange(n_goals)] += 1
    order = []  # global topological order: (goal index, task)
    tid = 0
    for gi in range(n_goals):
        for _ in range(counts[gi]):
            order.append((gi, "T%d" % tid))
            tid += 1
    # shuffle the id numbering relative to the order so ids are not monotone
    ids = [t for _, t in order]
    perm = ids[:]
    rng.shuffle(perm)
    rename = dict(zip(ids, perm))
    order = [(gi, rename[t]) for gi, t in order]

    drop_release = rng.random() < 0.15
    drop_maxp = rng.random() < 0.1
    tasks = []
    for pos, (gi, t) in enumerate(order):
        r = rng.random()
        if r < 0.06:
            effort = 0  # milestone
        elif r < 0.25:
            effort = rng.choice([0.5, 1.5, 2.5, 3.25, 7.5, 12.75])
        else:
            effort = rng.randint(1, 20)
        minp = 1 if rng.random() < 0.6 else rng.randint(1, 3)
        # eligible teams
        k = rng.choice([1, 1, 1, 2, 2, 3])
        elig = rng.sample(team_ids, min(k, len(team_ids)))
        if not any(cap[x] >= minp for x in elig):
            ok = [x for x in staffable_teams if cap[x] >= minp]
            if not ok:
                minp = 1
                ok = staffable_teams
            elig[0] = rng.choice(ok)
            elig = list(dict.fromkeys(elig))
        parts = []
        for x in elig:
            if effort > 0 and len(elig) > 1 and rng.random() < 0.6:
                te = effort * rng.choice([0.8, 1.0, 1.3, 1.5, 2.0])
                te = round(te * 4) / 4
                if te <= 0:
                    te = 0.25
                parts.append("%s:%s" % (x, fmt_num(float(te))))
            else:
                parts.append(x)
        maxp = ""
        if rng.random() < 0.5 and not drop_maxp:
            maxp = minp + rng.randint(0, 3)
        minp_cell = "" if (minp == 1 and rng.random() < 0.5) else minp
        # dependencies on earlier tasks in the global order (local window), with lags
        deps = []
        if pos > 0:
            nd = rng.choice([0, 0, 1, 1, 1, 2, 2, 3])
            lo = max(0, pos - 40)
            cand = list(range(lo, pos))
            for p in rng.sample(cand, min(nd, len(cand))):
                dep = order[p][1]
                lr = rng.random()
                if lr < 0.2:
                    dep += "+%d" % rng.randint(1, 10)
                elif lr < 0.25:
                    dep += "+0"
                elif leads and lr < 0.45:
                    dep += "+-%d" % rng.randint(1, 12)
                deps.append(dep)
        release = ""
        if not drop_release and rng.random() < 0.15:
            release = rng.randint(0, horizon_hint)
        tasks.append({"task": t, "goal": goal_ids[gi], "effort": fmt_num(effort),
                      "teams": "|".join(parts), "min_people": minp_cell, "max_people": maxp,
                      "depends_on": ";".join(deps), "release": release,
                      "name": rng.choice(["", "Do %s" % t, "Work item " + t])})
    rows = tasks[:]
    rng.shuffle(rows)
    drop = []
    if drop_release:
        drop.append("release")
    if drop_maxp:
        drop.append("max_people")
    write_csv(os.path.join(out, "tasks.csv"), rng,
              ["task", "goal", "effort", "teams", "min_people", "max_people", "depends_on",
               "release", "name"],
              rows, extra_cols=rng.choice([(), ("jira",), ("estimate_by", "comment")]),
              drop_optional=drop)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--tasks", type=int, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--leads", action="store_true", help="also negative lags (T7+-2)")
    a = ap.parse_args()
    gen(a.out, a.tasks, a.seed, a.leads)


if __name__ == "__main__":
    main()
