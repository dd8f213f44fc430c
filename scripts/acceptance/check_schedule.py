#!/usr/bin/env python3
"""Independent checker of tandem plan outputs against /work/shared/FORMAT.md (v1).

Usage:
  check_schedule.py PLAN_DIR OUT_DIR [--lateness-weight W] [--objective weighted|makespan]
                    [--time-limit SECS] [--start YYYY-MM-DD]

Exit 0 and prints "PASS ..." when everything is consistent, else exit 1 and prints
"FAIL: <first reasons>" (all problems are listed on stderr).
"""
import argparse
import csv
import datetime
import json
import math
import os
import sys

REL = 1e-6


class PlanError(Exception):
    pass


def read_csv(path):
    """FORMAT.md CSV rules: UTF-8, header, column order free, unknown columns ignored,
    surrounding whitespace trimmed, empty cell = absent. Returns list of (line, dict)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rd = csv.reader(f)
        rows = list(rd)
    if not rows:
        raise PlanError("%s: empty" % path)
    header = [h.strip() for h in rows[0]]
    out = []
    for i, r in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in r):
            continue
        d = {}
        for h, c in zip(header, r):
            c = c.strip()
            if c != "":
                d[h] = c
        out.append((i, d))
    return out


WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Dates:
    """The plan's working days, day by day: a weekly pattern (Monday first,
    default Monday to Friday) and exceptions (from, to, working) applied in
    order, the last one that covers a date winning."""

    def __init__(self, start, weekdays=None, exceptions=()):
        self.start = start  # datetime.date or None
        self.weekdays = weekdays or [True] * 5 + [False] * 2
        self.exceptions = list(exceptions)

    @classmethod
    def for_plan(cls, plan, start):
        """`start` (--start) overrides project.csv's; workdays.csv's rows
        are the exceptions."""
        weekdays = None
        pp = os.path.join(plan, "project.csv")
        if os.path.exists(pp):
            rows = read_csv(pp)
            if rows:
                r = rows[0][1]
                if start is None and "start" in r:
                    start = datetime.date.fromisoformat(r["start"])
                if "weekdays" in r:
                    names = [x.strip().lower() for x in r["weekdays"].split("|") if x.strip()]
                    weekdays = [w in names for w in WEEKDAYS]
        exceptions = []
        wp = os.path.join(plan, "workdays.csv")
        if os.path.exists(wp):
            for ln, r in read_csv(wp):
                f = datetime.date.fromisoformat(r["from"])
                t = datetime.date.fromisoformat(r["to"]) if "to" in r else f
                exceptions.append((f, t, r.get("working", "no").lower() == "yes"))
        return cls(start, weekdays, exceptions)

    def works(self, d):
        w = self.weekdays[d.weekday()]
        for f, t, x in self.exceptions:
            if f <= d <= t:
                w = x
        return w

    def day0(self):
        d = self.start
        while not self.works(d):
            d += datetime.timedelta(days=1)
        return d

    def day(self, s):
        s = s.strip()
        try:
            return int(s)
        except ValueError:
            pass
        if self.start is None:
            raise PlanError("not a day index: %r" % s)
        d = datetime.date.fromisoformat(s)
        # first working day on or after d -> its index
        while not self.works(d):
            d += datetime.timedelta(days=1)
        s0 = self.day0()
        if d < s0:
            raise PlanError("date before start: %s" % s)
        n = 0
        x = s0
        while x < d:
            if self.works(x):
                n += 1
            x += datetime.timedelta(days=1)
        return n

    def date(self, i):
        d = self.day0()
        n = 0
        while n < i:
            d += datetime.timedelta(days=1)
            if self.works(d):
                n += 1
        return d.isoformat()


def load_plan(plan, dates):
    teams = {}
    for ln, r in read_csv(os.path.join(plan, "teams.csv")):
        teams[r["team"]] = int(r["capacity"])
    calendar = []
    cp = os.path.join(plan, "calendar.csv")
    if os.path.exists(cp):
        for ln, r in read_csv(cp):
            calendar.append((r["team"], dates.day(r["from"]), dates.day(r["to"]), int(r["capacity"])))
    goals = {}
    for ln, r in read_csv(os.path.join(plan, "goals.csv")):
        goals[r["goal"]] = {
            "priority": float(r["priority"]),
            "due": dates.day(r["due"]) if "due" in r else None,
            "depends_on": [x for x in r.get("depends_on", "").split(";") if x != ""],
        }
    tasks = {}
    for ln, r in read_csv(os.path.join(plan, "tasks.csv")):
        effort = float(r["effort"])
        # alternatives (FORMAT.md v3): teams joined by `+`, each optionally
        # `*N` (a fixed crew), then optionally `:EFFORT` for the alternative
        alts = []
        for part in r["teams"].split("|"):
            part = part.strip()
            if part == "":
                continue
            if ":" in part:
                ts, e = part.split(":", 1)
                e = float(e)
            else:
                ts, e = part, effort
            members = []
            for m in ts.split("+"):
                m = m.strip()
                fixed = None
                if "*" in m:
                    i, n = m.rsplit("*", 1)
                    try:
                        fixed = int(float(n))
                        m = i.strip()
                    except ValueError:
                        pass
                members.append((m, fixed))
            alts.append((members, e))
        minp = int(r.get("min_people", "1"))
        maxp = int(r.get("max_people", str(minp)))
        deps = []
        for d in r.get("depends_on", "").split(";"):
            if d == "":
                continue
            if "+" in d:
                # `T7+3`, or a lead (v3): `T7+-2`, start >= finish - 2
                a, b = d.split("+", 1)
                deps.append((a, int(b)))
            else:
                deps.append((d, 0))
        tasks[r["task"]] = {
            "goal": r["goal"], "effort": effort, "alts": alts, "min": minp, "max": maxp,
            "deps": deps, "release": dates.day(r["release"]) if "release" in r else 0,
        }
    return teams, calendar, goals, tasks


def capacity_fn(teams, calendar):
    """capacity(team, day): calendar rows applied in order, later rows override."""
    per_team = {}
    for (t, a, b, c) in calendar:
        per_team.setdefault(t, []).append((a, b, c))

    def cap(team, day):
        c = teams[team]
        for (a, b, cc) in per_team.get(team, []):
            if a <= day <= b:
                c = cc  # later rows override
        return c
    return cap


def close(a, b):
    return abs(a - b) <= REL * max(1.0, abs(a), abs(b))


def check(plan, out, lw, kind, time_limit=None, start=None):
    errs = []
    dates = Dates.for_plan(plan, start)
    teams, calendar, goals, tasks = load_plan(plan, dates)
    cap = capacity_fn(teams, calendar)

    # ---------------- schedule.csv ----------------
    sp = os.path.join(out, "schedule.csv")
    with open(sp, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    exp_header = ["task", "goal", "team", "people", "start", "finish"]
    if dates.start is not None:
        exp_header += ["start_date", "finish_date"]
    if header != exp_header:
        errs.append("schedule.csv header %r != %r" % (header, exp_header))
    idx = {h: i for i, h in enumerate(header)}
    sched = {}
    order = []
    for ln, r in enumerate(rows[1:], start=2):
        if not r:
            continue
        try:
            t = r[idx["task"]]
            teams_cell = r[idx["team"]].split("+")
            people_cell = [int(k) for k in r[idx["people"]].split("+")]
            if len(teams_cell) != len(people_cell):
                raise ValueError("team %r and people %r differ in length" % (r[idx["team"]], r[idx["people"]]))
            rec = {"goal": r[idx["goal"]], "team": r[idx["team"]], "crew": list(zip(teams_cell, people_cell)),
                   "people": sum(people_cell),
                   "start": int(r[idx["start"]]), "finish": int(r[idx["finish"]]), "line": ln}
        except (ValueError, KeyError, IndexError) as e:
            errs.append("schedule.csv line %d unparsable: %r (%s)" % (ln, r, e))
            continue
        if dates.start is not None:
            sd, fd = r[idx["start_date"]], r[idx["finish_date"]]
            if sd != dates.date(rec["start"]) or fd != dates.date(rec["finish"]):
                errs.append("schedule.csv line %d dates %s/%s != day %d/%d" % (ln, sd, fd, rec["start"], rec["finish"]))
        if t in sched:
            errs.append("task %s scheduled twice (lines %d, %d)" % (t, sched[t]["line"], ln))
        sched[t] = rec
        order.append((rec["start"], t))
    for t in tasks:
        if t not in sched:
            errs.append("task %s missing from schedule" % t)
    for t in sched:
        if t not in tasks:
            errs.append("unknown task %s in schedule" % t)
    if order != sorted(order):
        for i in range(1, len(order)):
            if order[i] < order[i - 1]:
                errs.append("schedule.csv not ordered by (start, task id): %r before %r" % (order[i - 1], order[i]))
                break

    usage = {}  # (team, day) -> people
    for t, s in sched.items():
        if t not in tasks:
            continue
        T = tasks[t]
        if s["goal"] != T["goal"]:
            errs.append("%s: goal %s != %s" % (t, s["goal"], T["goal"]))
        if s["start"] < 0:
            errs.append("%s: negative start %d" % (t, s["start"]))
        if s["start"] < T["release"]:
            errs.append("%s: start %d < release %d" % (t, s["start"], T["release"]))
        # the alternatives on exactly the schedule's teams (in any order)
        ids = sorted(x for x, _ in s["crew"])
        cands = [a for a in T["alts"] if sorted(x for x, _ in a[0]) == ids]
        if not cands:
            errs.append("%s: team %s not eligible (%s)" % (t, s["team"], "|".join(
                "+".join(x for x, _ in a[0]) for a in T["alts"])))
            continue

        def problems(alt):
            members, eff = alt
            fixed = dict(members)
            out = []
            if T["effort"] == 0:  # milestone
                if s["people"] != 0 or s["start"] != s["finish"]:
                    out.append("%s: milestone with people %d start %d finish %d" % (t, s["people"], s["start"], s["finish"]))
                return out
            if eff == 0:  # per-alternative effort 0 (`a:0`): FORMAT.md is silent; accept people 0 or a legal crew
                ok = all(k == 0 for _, k in s["crew"]) or all(T["min"] <= k <= T["max"] for _, k in s["crew"])
                if s["start"] != s["finish"] or not ok:
                    out.append("%s: zero team effort with people %s start %d finish %d" % (t, s["crew"], s["start"], s["finish"]))
                return out
            shared = set()
            for team, k in s["crew"]:
                if fixed[team] is not None:
                    if k != fixed[team]:
                        out.append("%s: %s fixed at %d, crew %d" % (t, team, fixed[team], k))
                else:
                    shared.add(k)
                    if not (T["min"] <= k <= T["max"]):
                        out.append("%s: crew %d outside [%d,%d]" % (t, k, T["min"], T["max"]))
                if k > teams[team]:
                    out.append("%s: crew %d > team %s capacity %d" % (t, k, team, teams[team]))
            if len(shared) > 1:
                out.append("%s: teams without a fixed crew differ: %s" % (t, s["crew"]))
            total = s["people"]
            dur = math.ceil(eff / total - 1e-12) if total > 0 else None
            if dur is None or s["finish"] - s["start"] != dur:
                out.append("%s: duration %d != ceil(%g/%d)" % (t, s["finish"] - s["start"], eff, total))
            return out

        found = [problems(a) for a in cands]
        if all(found):
            errs.extend(found[0])
            continue
        for team, k in s["crew"]:
            for d in range(s["start"], s["finish"]):
                usage[(team, d)] = usage.get((team, d), 0) + k

    # precedence
    for t, T in tasks.items():
        if t not in sched:
            continue
        for (p, lag) in T["deps"]:
            if p in sched and sched[t]["start"] < sched[p]["finish"] + lag:
                errs.append("%s starts %d before %s finish %d + lag %d" % (t, sched[t]["start"], p, sched[p]["finish"], lag))
    # goal finishes and goal dependencies
    gfin = {g: 0 for g in goals}
    for t, T in tasks.items():
        if t in sched:
            gfin[T["goal"]] = max(gfin[T["goal"]], sched[t]["finish"])
    for t, T in tasks.items():
        if t not in sched:
            continue
        for g2 in goals[T["goal"]]["depends_on"]:
            if sched[t]["start"] < gfin[g2]:
                errs.append("%s (goal %s) starts %d before required goal %s finished %d" % (t, T["goal"], sched[t]["start"], g2, gfin[g2]))
    # capacity
    over = 0
    for (team, d), u in sorted(usage.items()):
        c = cap(team, d)
        if u > c:
            over += 1
            if over <= 5:
                errs.append("team %s day %d uses %d > capacity %d" % (team, d, u, c))
    if over > 5:
        errs.append("... %d capacity violations in total" % over)

    # ---------------- objective ----------------
    makespan = max([s["finish"] for s in sched.values()] + [0])
    if kind == "makespan":
        obj = float(makespan)
    else:
        obj = 0.0
        for g, G in goals.items():
            obj += G["priority"] * gfin[g]
            if G["due"] is not None:
                obj += lw * G["priority"] * max(0, gfin[g] - G["due"])

    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summ = json.load(f)
    for key in ("objective", "lower_bound", "gap", "makespan", "status", "seconds"):
        if key not in summ:
            errs.append("summary.json lacks %s" % key)
    if not any(k for k in summ if "utili" in k):
        errs.append("summary.json lacks per-team utilisation")
    so = summ.get("objective")
    lb = summ.get("lower_bound")
    if so is not None and not close(float(so), obj):
        errs.append("objective %r != recomputed %r" % (so, obj))
    if lb is not None and so is not None:
        if float(lb) > float(so) + REL * max(1.0, abs(float(so))):
            errs.append("lower_bound %r > objective %r" % (lb, so))
        if float(lb) > obj + REL * max(1.0, obj):
            errs.append("lower_bound %r > recomputed objective %r" % (lb, obj))
        exp_gap = (float(so) - float(lb)) / float(so) if float(so) != 0 else 0.0
        if "gap" in summ and abs(float(summ["gap"]) - exp_gap) > 1e-6:
            errs.append("gap %r != (obj-lb)/obj = %r" % (summ["gap"], exp_gap))
    if summ.get("makespan") is not None and int(summ["makespan"]) != makespan:
        errs.append("makespan %r != %d" % (summ["makespan"], makespan))
    st = summ.get("status")
    if st not in ("optimal", "feasible"):
        errs.append("status %r" % st)
    if st == "optimal" and lb is not None and so is not None and not close(float(lb), float(so)):
        errs.append("status optimal but lower_bound %r < objective %r" % (lb, so))

    # ---------------- goals.csv ----------------
    with open(os.path.join(out, "goals.csv"), newline="", encoding="utf-8") as f:
        grows = list(csv.reader(f))
    gh = ["goal", "priority", "due", "finish", "late_days"]
    if grows[0] != gh:
        if dates.start is not None and grows[0] == gh + ["due_date", "finish_date"]:
            print("NOTE: goals.csv has extra columns due_date,finish_date (not in FORMAT.md)", file=sys.stderr)
        else:
            errs.append("goals.csv header %r" % grows[0])
    gi = {h: i for i, h in enumerate(grows[0])}
    seen = set()
    for r in grows[1:]:
        if not r:
            continue
        g = r[gi["goal"]]
        if g in seen:
            errs.append("goals.csv: goal %s twice" % g)
        seen.add(g)
        if g not in goals:
            errs.append("goals.csv: unknown goal %s" % g)
            continue
        G = goals[g]
        try:
            if not close(float(r[gi["priority"]]), G["priority"]):
                errs.append("goals.csv %s priority %s != %s" % (g, r[gi["priority"]], G["priority"]))
            due = r[gi["due"]]
            if G["due"] is None:
                if due != "":
                    errs.append("goals.csv %s due %r but none given" % (g, due))
            elif due == "" or dates.day(due) != G["due"]:
                errs.append("goals.csv %s due %r != %d" % (g, due, G["due"]))
            fin = int(r[gi["finish"]])
            if fin != gfin[g]:
                errs.append("goals.csv %s finish %d != %d" % (g, fin, gfin[g]))
            late = r[gi["late_days"]]
            exp_late = 0 if G["due"] is None else max(0, gfin[g] - G["due"])
            if (int(late) if late != "" else 0) != exp_late:
                errs.append("goals.csv %s late_days %r != %d" % (g, late, exp_late))
        except ValueError as e:
            errs.append("goals.csv %s unparsable row %r (%s)" % (g, r, e))
    for g in goals:
        if g not in seen:
            errs.append("goals.csv: goal %s missing" % g)

    if time_limit is not None and summ.get("seconds") is not None and float(summ["seconds"]) > time_limit * 1.5 + 1:
        errs.append("seconds %r far above time limit %r" % (summ["seconds"], time_limit))

    info = {"tasks": len(tasks), "objective": so, "lower_bound": lb, "recomputed": obj,
            "status": st, "makespan": makespan}
    return errs, info


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plan")
    ap.add_argument("out")
    ap.add_argument("--lateness-weight", type=float, default=10.0)
    ap.add_argument("--objective", default="weighted", choices=["weighted", "makespan"])
    ap.add_argument("--time-limit", type=float)
    ap.add_argument("--start")
    a = ap.parse_args()
    start = datetime.date.fromisoformat(a.start) if a.start else None
    try:
        errs, info = check(a.plan, a.out, a.lateness_weight, a.objective, a.time_limit, start)
    except (PlanError, OSError, KeyError, ValueError, json.JSONDecodeError) as e:
        print("FAIL: checker could not read plan/output: %r" % (e,))
        sys.exit(1)
    for e in errs:
        print("  " + e, file=sys.stderr)
    if errs:
        print("FAIL: " + "; ".join(errs[:3]) + (" (+%d more)" % (len(errs) - 3) if len(errs) > 3 else ""))
        sys.exit(1)
    print("PASS tasks=%d objective=%s lb=%s status=%s" % (info["tasks"], info["objective"], info["lower_bound"], info["status"]))


if __name__ == "__main__":
    main()
