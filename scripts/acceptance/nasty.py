#!/usr/bin/env python3
"""Hand-made nasty inputs (per FORMAT.md), asserted: every awkward-but-valid plan must
schedule (exit 0) and pass the independent checker; every broken one must fail with
exit status 2, a message naming the file (and line), and nothing written to --out.
No case may panic (exit 101, "panicked at"). Prints one line per case and a tally;
exits 1 if any case fails.  Usage: nasty.py [WORKDIR]   (TANDEM=binary to choose it)"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("TANDEM") or os.path.join(HERE, "..", "..", "target", "release", "tandem")
CHK = os.path.join(HERE, "check_schedule.py")
WORK = sys.argv[1] if len(sys.argv) > 1 else "/tmp/tandem_nasty"

BASE = {
    "teams.csv": "team,capacity,name\nbe,3,Backend\nfe,2,Frontend\n",
    "calendar.csv": "team,from,to,capacity\nbe,5,9,1\n",
    "goals.csv": "goal,priority,due,depends_on,name\ng1,3,10,,Login\ng2,1.5,,g1,Billing\n",
    "tasks.csv": ("task,goal,effort,teams,min_people,max_people,depends_on,release,name\n"
                  "T1,g1,4,be|fe:6,1,2,,,Design\nT2,g1,3,be,1,1,T1,,Build\n"
                  "T3,g2,5,fe,1,2,T2+2,,UI\nT4,g2,0,fe,,,T3,,Ship\n"),
}


FAILURES = []


def write_plan(d, files):
    os.makedirs(d)
    for fn, content in files.items():
        mode = "wb" if isinstance(content, bytes) else "w"
        kw = {} if mode == "wb" else {"encoding": "utf-8", "newline": ""}
        with open(os.path.join(d, fn), mode, **kw) as f:
            f.write(content)


def fail(name, why):
    FAILURES.append(name)
    print("%-26s FAIL %s" % (name, why))


def panicked(r):
    return r.returncode == 101 or "panicked at" in r.stderr or "RUST_BACKTRACE" in r.stderr


def variant(name, files, args=(), check_args=()):
    """A valid plan: tandem must schedule it and the checker must accept the result."""
    d = os.path.join(WORK, name)
    write_plan(d, files)
    out = d + "_out"
    r = subprocess.run([BIN, "plan", d, "--out", out, "--time-limit", "1", "-q"] + list(args),
                       capture_output=True, text=True)
    if panicked(r):
        return fail(name, "tandem panicked (exit %d): %s" % (r.returncode, r.stderr.strip()[:300]))
    if r.returncode != 0:
        msg = (r.stderr or r.stdout).strip().replace("\n", " | ")[:300]
        return fail(name, "valid plan rejected, tandem exit %d: %s" % (r.returncode, msg))
    c = subprocess.run([sys.executable, CHK, d, out] + list(check_args), capture_output=True, text=True)
    if c.returncode != 0 or not c.stdout.startswith("PASS"):
        return fail(name, "checker: %s %s" % (c.stdout.strip()[:200], c.stderr.strip()[:200]))
    last = open(os.path.join(out, "schedule.csv"), encoding="utf-8").read().splitlines()[-1]
    print("%-26s ok   %s | last row: %s" % (name, c.stdout.strip()[:120], last[:60]))


def broken(name, files, needles, args=(), code=2):
    """A broken plan (or bad flags): exit `code`, every needle in the message, --out untouched."""
    d = os.path.join(WORK, name)
    write_plan(d, files)
    out = d + "_out"
    os.makedirs(out)
    marker = os.path.join(out, "previous.txt")
    with open(marker, "w") as f:
        f.write("previous run\n")
    r = subprocess.run([BIN, "plan", d, "--out", out, "--time-limit", "1", "-q"] + list(args),
                       capture_output=True, text=True)
    text = r.stderr + r.stdout
    if panicked(r):
        return fail(name, "tandem panicked (exit %d): %s" % (r.returncode, r.stderr.strip()[:300]))
    if r.returncode != code:
        return fail(name, "exit %d, expected %d: %s" % (r.returncode, code, text.strip()[:300]))
    missing = [n for n in needles if n not in text]
    if missing:
        return fail(name, "message lacks %r: %s" % (missing, text.strip()[:300]))
    if sorted(os.listdir(out)) != ["previous.txt"] or open(marker).read() != "previous run\n":
        return fail(name, "output written on error: %s" % sorted(os.listdir(out)))
    print("%-26s ok   exit %d: %s" % (name, r.returncode, " | ".join(text.strip().splitlines()[:2])[:110]))


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    b = dict(BASE)
    variant("base", b)
    # 1. UTF-8 BOM at the start of every file
    variant("bom", {k: "\ufeff" + v for k, v in b.items()})
    # 2. CRLF line endings
    variant("crlf", {k: v.replace("\n", "\r\n") for k, v in b.items()})
    # 3. quoted cells with commas (names) and a quoted id containing a comma
    q = dict(b)
    q["goals.csv"] = 'goal,priority,due,depends_on,name\ng1,3,10,,"Login, SSO and ""MFA"""\ng2,1.5,,g1,"Billing, v2"\n'
    q["tasks.csv"] = b["tasks.csv"].replace("Design", '"Design, phase 1"').replace("T2,", '"T2,x",').replace(",T2+2,", ',"T2,x+2",')
    variant("quoted_commas", q)
    # 4. ids with spaces and unicode
    u = {
        "teams.csv": "team,capacity\nback end,3\nфронт✓,2\n",
        "calendar.csv": "team,from,to,capacity\nback end,5,9,1\n",
        "goals.csv": "goal,priority,due,depends_on\nziel één,3,10,\n目標 2,1.5,,ziel één\n",
        "tasks.csv": ("task,goal,effort,teams,min_people,max_people,depends_on,release\n"
                      "task one,ziel één,4,back end|фронт✓:6,1,2,,\ntâche 2,ziel één,3,back end,1,1,task one,\n"
                      "タスク3,目標 2,5,фронт✓,1,2,tâche 2+2,\n🚀,目標 2,0,фронт✓,,,タスク3,\n"),
    }
    variant("unicode_spaces_ids", u)
    # 5. very long lag
    variant("long_lag", dict(b, **{"tasks.csv": b["tasks.csv"].replace("T2+2", "T2+5000")}))
    # 6. release far in the future
    variant("far_release", dict(b, **{"tasks.csv": b["tasks.csv"].replace(",T2+2,,", ",T2+2,100000,")}))
    # 7. team with capacity 0 on every day for 100 days at the start
    variant("cap0_100days", dict(b, **{"calendar.csv": "team,from,to,capacity\nbe,0,99,0\nbe,5,9,1\nbe,5,9,0\n"}))
    # 7b. both teams at 0 for 100 days
    variant("all_cap0_100days", dict(b, **{"calendar.csv": "team,from,to,capacity\nbe,0,99,0\nfe,0,99,0\n"}))
    # 8. whitespace around header names, blank trailing line, trailing empty column
    variant("header_ws_blankline", {k: v.replace(",", " , ", 2) + "\n" for k, v in b.items()})
    # 9. ISO dates with --start (Monday 2027-01-04); 2027-01-09 is a Saturday -> Monday (day 5)
    dd = dict(b)
    dd["calendar.csv"] = "team,from,to,capacity\nbe,2027-01-09,2027-01-15,1\n"
    dd["goals.csv"] = "goal,priority,due,depends_on,name\ng1,3,2027-01-18,,Login\ng2,1.5,,g1,Billing\n"
    variant("iso_dates", dd, args=["--start", "2027-01-04"], check_args=["--start", "2027-01-04"])
    # 10. no calendar.csv at all, goal without tasks, only milestones
    variant("no_calendar_only_milestones", {
        "teams.csv": "team,capacity\na,1\n",
        "goals.csv": "goal,priority,due\nm,1,0\nempty,2,\n",
        "tasks.csv": "task,goal,effort,teams\nM1,m,0,a\nM2,m,0,a\n"})
    # 11. large effort with huge crew range above capacity (engine must cap k at capacity)
    variant("maxp_above_capacity", dict(b, **{"tasks.csv": b["tasks.csv"].replace("T3,g2,5,fe,1,2", "T3,g2,500,fe,1,99")}))
    # 12. effort as "4.0" / "0.0" and priority "1e0" style numbers
    variant("numeric_forms", dict(b, **{"tasks.csv": b["tasks.csv"].replace(",4,be", ",4.0,be").replace(",0,fe", ",0.0,fe")}))

    # --- broken inputs: exit 2, file (and line) named, nothing written ---
    broken("missing_tasks", {k: v for k, v in b.items() if k != "tasks.csv"}, ["tasks.csv", "missing"])
    broken("empty_teams", dict(b, **{"teams.csv": ""}), ["teams.csv"])
    broken("unknown_team", dict(b, **{"tasks.csv": b["tasks.csv"].replace("T2,g1,3,be,", "T2,g1,3,qa,")}),
           ["tasks.csv:3", "qa"])
    broken("negative_effort", dict(b, **{"tasks.csv": b["tasks.csv"].replace("T2,g1,3,", "T2,g1,-3,")}),
           ["tasks.csv:3", "-3"])
    broken("nan_effort", dict(b, **{"tasks.csv": b["tasks.csv"].replace("T2,g1,3,", "T2,g1,NaN,")}),
           ["tasks.csv:3", "NaN"])
    broken("huge_capacity", dict(b, **{"teams.csv": b["teams.csv"].replace("be,3,", "be,4294967296,")}),
           ["teams.csv:2", "4294967296"])
    broken("task_cycle", dict(b, **{"tasks.csv": b["tasks.csv"].replace("T1,g1,4,be|fe:6,1,2,,", "T1,g1,4,be|fe:6,1,2,T4,")}),
           ["cycle", "T1"])
    broken("goal_cycle", dict(b, **{"goals.csv": b["goals.csv"].replace("g1,3,10,,", "g1,3,10,g2,")}),
           ["goals.csv", "cycle"])
    broken("duplicate_task", dict(b, **{"tasks.csv": b["tasks.csv"] + "T1,g2,1,fe,,,,,Again\n"}),
           ["tasks.csv:6", "T1"])
    broken("invalid_utf8", dict(b, **{"goals.csv": b["goals.csv"].encode() + b"g3,1,,,\xff\xfe\n"}),
           ["goals.csv"])
    broken("date_without_start", dict(b, **{"goals.csv": b["goals.csv"].replace("g1,3,10,", "g1,3,2027-01-18,")}),
           ["goals.csv:2", "--start"])
    broken("truncated_tasks", dict(b, **{"tasks.csv": b["tasks.csv"][:b["tasks.csv"].index("T3,g2,5") + 7]}),
           ["tasks.csv"])
    broken("bad_time_limit", b, ["-1"], args=["--time-limit", "-1"])
    broken("bad_start_flag", b, ["2027-02-30"], args=["--start", "2027-02-30"])
    n = len(FAILURES)
    print("nasty: %s" % ("all cases OK" if n == 0 else "%d FAILED: %s" % (n, ", ".join(FAILURES))))
    sys.exit(1 if n else 0)


if __name__ == "__main__":
    main()
