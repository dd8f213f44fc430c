#!/usr/bin/env python3
"""Independent check of tandem's MSPDI export with MPXJ (issue 17).

Usage: python3 scripts/mspdi/check_mpxj.py OUT_DIR [OUT_DIR...]

OUT_DIR is a tandem output folder holding
  schedule.xml  the plan as Microsoft Project XML (MSPDI), written by tandem;
  schedule.csv  columns task,goal,team,people,start,finish,start_date,finish_date:
                start/finish are working-day numbers, finish exclusive; start_date is
                the date of day `start`, finish_date the date of day `finish` (the first
                working day after the task's last day); a task of several teams has
                team "backend+qa" and people "2+1"; a milestone has people 0 and
                start == finish.

schedule.xml is read by MPXJ's MSPDIReader (Java, through JPype), not by tandem
and not by an XML parser of ours, so what is checked is what another program
understands. For every leaf (non-summary) task:
  - it carries tandem's task id in the custom field Text1 (MSPDI ExtendedAttribute
    with FieldID 188743731) and matches exactly one schedule.csv row;
  - its start date is the row's start_date;
  - its finish date is the date of its last working day: the working day before
    finish_date (by the task's calendar as MPXJ reads it), or start_date for a
    milestone; the Milestone flag is set exactly for rows with start == finish;
  - its duration, converted by MPXJ to working days, is finish - start;
  - a task done before the re-plan (100 % complete in schedule.xml, a day-0
    milestone without people in schedule.csv) keeps the file's dates: only
    matched, not compared
  - its resource assignments are exactly the row's teams: a resource's team is
    tandem's team id in the resource's custom field Text1 (else its name); the
    people of a team are the units of its resources summed; a team that no
    resource of the file carries (tandem's `unassigned` team of tasks without
    resources) has no assignment
    with units = people (MPXJ reports 100 for one person; 1.0 is accepted too, one
    scale per file).
Every schedule.csv row must have a task. The calendar is checked as well: between
any two day numbers whose dates schedule.csv gives, MPXJ's project calendar must
count as many working days as the numbers differ.

Prints one line per mismatch and `checked N tasks: OK` or `checked N tasks: M
mismatches` per folder; exits 1 on any mismatch or if a file cannot be read.
"""
import csv
import datetime as dt
import os
import sys

EPS = 1e-6


def fail_setup(msg):
    print(f"check_mpxj: {msg}", file=sys.stderr)
    sys.exit(1)


def start_mpxj():
    """Start the JVM with MPXJ's jars; return the Java names we use."""
    try:
        import jpype
        import mpxj  # noqa: F401  (puts MPXJ's jars on the JPype class path)
    except ImportError as e:
        fail_setup(f"{e}: pip install -r scripts/mspdi/requirements.txt")
    try:
        jpype.startJVM(convertStrings=True)
    except Exception as e:  # no JVM found, wrong architecture, ...
        fail_setup(f"cannot start the JVM ({e}); is a Java runtime (default-jre-headless) installed?")
    for pkg in ("org.mpxj", "net.sf.mpxj"):  # MPXJ >= 14 is org.mpxj, older net.sf.mpxj
        try:
            reader = jpype.JClass(pkg + ".mspdi.MSPDIReader")
            time_unit = jpype.JClass(pkg + ".TimeUnit")
            break
        except Exception:
            continue
    else:
        fail_setup("MPXJ classes not found (neither org.mpxj nor net.sf.mpxj)")
    local_date = jpype.JClass("java.time.LocalDate")
    return reader, time_unit, local_date


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    need = ["task", "goal", "team", "people", "start", "finish", "start_date", "finish_date"]
    if rows:
        missing = [c for c in need if c not in rows[0]]
        if missing:
            raise ValueError(f"missing columns {missing}")
    out = []
    for i, r in enumerate(rows, start=2):
        teams = [t for t in r["team"].split("+")] if r["team"] else []
        people = [int(p) for p in r["people"].split("+")] if r["people"] else []
        if teams and len(people) != len(teams):
            if people == [0]:  # a milestone: "qa" / "0" or "a+b" / "0"
                people = [0] * len(teams)
            else:
                raise ValueError(f"line {i}: {len(teams)} teams but people {r['people']!r}")
        out.append({
            "line": i,
            "task": r["task"],
            "teams": dict(zip(teams, people)),
            "start": int(r["start"]),
            "finish": int(r["finish"]),
            "start_date": dt.date.fromisoformat(r["start_date"]),
            "finish_date": dt.date.fromisoformat(r["finish_date"]),
        })
    return out


def team_of(res):
    """tandem's team of a resource: its Text1, else its name."""
    text = res.getText(1)
    return str(text) if text is not None and str(text) != "" else str(res.getName())


def pydate(jdate):
    """java.time.LocalDateTime or LocalDate -> datetime.date"""
    if jdate is None:
        return None
    d = jdate.toLocalDate() if hasattr(jdate, "toLocalDate") else jdate
    return dt.date(int(d.getYear()), int(d.getMonthValue()), int(d.getDayOfMonth()))


def check_dir(out_dir, java):
    reader_cls, time_unit, local_date = java
    problems = []
    xml_path = os.path.join(out_dir, "schedule.xml")
    csv_path = os.path.join(out_dir, "schedule.csv")
    try:
        rows = read_csv(csv_path)
    except Exception as e:
        print(f"{out_dir}: cannot read schedule.csv: {e}")
        return None
    try:
        project = reader_cls().read(xml_path)
        if project is None:
            raise ValueError("MPXJ returned no project")
    except Exception as e:
        print(f"{out_dir}: cannot read schedule.xml with MPXJ: {e}")
        return None
    props = project.getProjectProperties()

    def working(cal, d):
        return bool(cal.isWorkingDate(local_date.of(d.year, d.month, d.day)))

    def last_working_before(cal, d):
        for _ in range(3660):  # ten years of non-working days would be a broken calendar
            d -= dt.timedelta(days=1)
            if working(cal, d):
                return d
        return None

    # -- the calendar against the day numbers of schedule.csv
    cal = project.getDefaultCalendar()
    if cal is None:
        problems.append("calendar: schedule.xml has no project calendar")
    known = {}
    for r in rows:
        for day, date in ((r["start"], r["start_date"]), (r["finish"], r["finish_date"])):
            if known.setdefault(day, date) != date:
                problems.append(f"schedule.csv: day {day} is both {known[day]} and {date}")
    if cal is not None:
        pairs = sorted(known.items())
        for (d0, date0), (d1, date1) in zip(pairs, pairs[1:]):
            n, d = 0, date0
            while d < date1:
                n += working(cal, d)
                d += dt.timedelta(days=1)
            if n != d1 - d0 or not working(cal, date0):
                problems.append(
                    f"calendar {cal.getName()!r}: {n} working days from {date0} (day {d0}) to {date1} "
                    f"(day {d1}), expected {d1 - d0}" + ("" if working(cal, date0) else f"; {date0} is not a working day"))

    # -- leaf tasks
    by_id = {}
    leaves = []
    for t in project.getTasks():
        if t.getUniqueID() is not None and int(t.getUniqueID()) == 0:
            continue  # the project summary task
        if t.getNull() or t.getSummary() or t.hasChildTasks():
            continue
        leaves.append(t)
    for t in leaves:
        uid = int(t.getUniqueID())
        name = str(t.getName())
        tid = t.getText(1)
        label = f"task UID {uid} {name!r}"
        if tid is None or str(tid) == "":
            problems.append(f"{label}: no tandem task id in Text1")
            continue
        tid = str(tid)
        if tid in by_id:
            problems.append(f"{label}: Text1 {tid!r} also on UID {int(by_id[tid].getUniqueID())}")
            continue
        by_id[tid] = t

    rows_by_id = {}
    for r in rows:
        if r["task"] in rows_by_id:
            problems.append(f"schedule.csv line {r['line']}: task {r['task']!r} appears twice")
        rows_by_id[r["task"]] = r

    # one units scale per file: MPXJ reports percent (100 = one person); accept fractions (1.0) too
    votes = {100.0: 0, 1.0: 0}
    for tid, t in by_id.items():
        r = rows_by_id.get(tid)
        for a in t.getResourceAssignments() if r is not None else ():
            people = r["teams"].get(team_of(a.getResource())) if a.getResource() is not None else None
            for sc in votes:
                if people is not None and abs(float(a.getUnits() or 0) - people * sc) < EPS:
                    votes[sc] += 1
    scale = 100.0 if votes[100.0] >= votes[1.0] else 1.0

    xml_teams = {team_of(res) for res in project.getResources() if res is not None}
    # when tandem marked its teams (resource Text1), resources without the
    # mark (material and cost resources of an imported file) are no team
    marked = any(res is not None and res.getText(1) is not None and str(res.getText(1)) != ""
                 for res in project.getResources())

    checked = 0
    for tid, t in by_id.items():
        r = rows_by_id.get(tid)
        label = f"task {tid!r} (UID {int(t.getUniqueID())})"
        if r is None:
            problems.append(f"{label}: leaf task of schedule.xml not in schedule.csv")
            continue
        checked += 1
        milestone = r["start"] == r["finish"]
        # a done task of a re-plan is a day-0 milestone without people in
        # schedule.csv (FORMAT.md), and keeps its own dates in schedule.xml
        pct = t.getPercentageComplete()
        if milestone and r["start"] == 0 and sum(r["teams"].values()) == 0 and pct is not None and float(pct.doubleValue()) >= 100:
            continue
        start, finish = pydate(t.getStart()), pydate(t.getFinish())
        if start != r["start_date"]:
            problems.append(f"{label}: start {start} != {r['start_date']} (start_date of day {r['start']})")
        if milestone:
            want_finish = r["start_date"]
        else:
            tcal = t.getEffectiveCalendar() or cal
            want_finish = last_working_before(tcal, r["finish_date"]) if tcal is not None else None
        if finish != want_finish:
            problems.append(f"{label}: finish {finish} != {want_finish} (last working day before finish_date "
                            f"{r['finish_date']})" if not milestone else
                            f"{label}: milestone finish {finish} != its start_date {want_finish}")
        if bool(t.getMilestone()) != milestone:
            problems.append(f"{label}: Milestone flag {bool(t.getMilestone())}, but start {r['start']} "
                            f"{'==' if milestone else '!='} finish {r['finish']}")
        dur = t.getDuration()
        if dur is None:
            problems.append(f"{label}: no duration")
        else:
            days = float(dur.convertUnits(time_unit.DAYS, props).getDuration())
            if abs(days - (r["finish"] - r["start"])) > EPS:
                problems.append(f"{label}: duration {dur} = {days:g} working days != finish - start = "
                                f"{r['finish'] - r['start']}")
        got = {}
        for a in t.getResourceAssignments():
            res = a.getResource()
            if res is None:
                continue  # MS Project's "unassigned" placeholder (ResourceUID -65535)
            if marked and (res.getText(1) is None or str(res.getText(1)) == ""):
                continue
            team = team_of(res)
            got[team] = got.get(team, 0.0) + float(a.getUnits() or 0) / scale
        want = {team: p for team, p in r["teams"].items() if p > 0 and team in xml_teams}
        got = {team: u for team, u in got.items() if abs(u) > EPS or team not in r["teams"]}
        if set(got) != set(want) or any(abs(got[k] - want[k]) > EPS for k in want):
            fmt = lambda m: "+".join(f"{k}:{v:g}" for k, v in sorted(m.items())) or "none"  # noqa: E731
            problems.append(f"{label}: assignments {fmt(got)} != {fmt(want)} (people per team)")
    for tid, r in rows_by_id.items():
        if tid not in by_id:
            problems.append(f"task {tid!r} (schedule.csv line {r['line']}): no leaf task with this Text1 in schedule.xml")

    for p in problems:
        print(f"{out_dir}: {p}")
    print(f"{out_dir}: checked {checked} tasks: " + ("OK" if not problems else f"{len(problems)} mismatches"))
    return not problems


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    java = start_mpxj()
    ok = True
    for d in argv:
        ok = (check_dir(d, java) is True) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
