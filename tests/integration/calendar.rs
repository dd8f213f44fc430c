//! The project's working calendar (`project.csv`, `workdays.csv`) through
//! the command line: every date written, read back or given on the command
//! line goes through the one calendar of the plan.

use std::path::{Path, PathBuf};

use super::format_check::{Run, check_run};
use super::util::{read_csv, read_summary, root, stderr, tandem, temp_dir};

fn fixture() -> PathBuf {
    root().join("tests/fixtures/plans/holiday")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The columns `names` of every row of a CSV file.
fn columns(path: &Path, names: &[&str]) -> Vec<Vec<String>> {
    let (header, rows) = read_csv(path);
    let index: Vec<usize> = names
        .iter()
        .map(|n| header.iter().position(|h| h == n).expect(n))
        .collect();
    rows.iter()
        .map(|r| index.iter().map(|&i| r[i].clone()).collect())
        .collect()
}

#[test]
fn holidays_are_skipped_by_every_date() {
    let out = temp_dir("holiday");
    let plan = fixture();
    let o = tandem(&[
        "plan",
        s(&plan),
        "--out",
        s(&out),
        "--work-limit",
        "0.2",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Wednesday 6th and 18th-19th are off, Saturday 16th is worked; T4 is
    // released on Friday 15th (day 8)
    assert_eq!(
        columns(
            &out.join("schedule.csv"),
            &["task", "start", "finish", "start_date", "finish_date"]
        ),
        [
            ["T1", "0", "3", "2027-01-04", "2027-01-08"],
            ["T2", "3", "5", "2027-01-08", "2027-01-12"],
            ["T3", "5", "9", "2027-01-12", "2027-01-16"],
            ["T4", "9", "11", "2027-01-16", "2027-01-21"],
        ]
    );
    // due Monday 11th = day 4
    assert_eq!(
        columns(
            &out.join("goals.csv"),
            &[
                "goal",
                "due",
                "finish",
                "late_days",
                "due_date",
                "finish_date"
            ]
        ),
        [["launch", "4", "11", "7", "2027-01-11", "2027-01-21"]]
    );
    assert_eq!(read_summary(&out)["start_date"], "2027-01-04");
    // the independent checker, with its own day-by-day calendar
    check_run(&Run::plan(&plan, &out, 10.0)).unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("Holiday demo"),
        "the project name is the title"
    );
    assert!(
        html.contains(
            "dates are working days (Monday to Friday, except 3 holidays, plus 1 date worked)"
        ),
        "{html}"
    );
    let mmd = std::fs::read_to_string(out.join("schedule.mmd")).unwrap();
    assert!(
        mmd.contains(
            "excludes weekends, 2027-01-06, 2027-01-18, 2027-01-19\n    includes 2027-01-16\n"
        ),
        "{mmd}"
    );
}

#[test]
fn start_overrides_project_csv_and_replan_reads_dates_with_the_calendar() {
    let dir = temp_dir("holiday-replan");
    let (base, new) = (dir.join("base"), dir.join("new"));
    let plan = fixture();
    // --start Thursday 7th: day 0 is the 7th, the holiday of the 6th is
    // before it
    let o = tandem(&[
        "plan",
        s(&plan),
        "--out",
        s(&base),
        "--start",
        "2027-01-07",
        "--work-limit",
        "0.2",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = columns(&base.join("schedule.csv"), &["task", "start_date"]);
    assert_eq!(rows[0], ["T1", "2027-01-07"]);
    assert_eq!(rows[1], ["T2", "2027-01-12"]); // Thu 7, Fri 8, Mon 11

    // progress dates and --today as a date are read with the same calendar:
    // today Thursday 7th is day 2 from Monday 4th (Wednesday 6th is off)
    std::fs::write(
        dir.join("progress.csv"),
        "task,status,start,team,people\nT1,started,2027-01-04,backend,1\n",
    )
    .unwrap();
    let base = dir.join("base2");
    let o = tandem(&[
        "plan",
        s(&plan),
        "--out",
        s(&base),
        "--work-limit",
        "0.2",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = tandem(&[
        "replan",
        s(&plan),
        "--baseline",
        s(&base.join("schedule.csv")),
        "--progress",
        s(&dir.join("progress.csv")),
        "--today",
        "2027-01-07",
        "--out",
        s(&new),
        "--work-limit",
        "0.2",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = columns(&new.join("schedule.csv"), &["task", "start", "start_date"]);
    assert_eq!(rows[0], ["T1", "0", "2027-01-04"]);
    assert_eq!(rows[3], ["T4", "9", "2027-01-16"]);
    let run = Run {
        progress: Some(&dir.join("progress.csv")),
        today: 2,
        ..Run::plan(&plan, &new, 10.0)
    };
    check_run(&run).unwrap();
    // --today before the first working day
    let o = tandem(&[
        "replan",
        s(&plan),
        "--baseline",
        s(&base.join("schedule.csv")),
        "--today",
        "2027-01-01",
        "--out",
        s(&dir.join("never")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("before the plan start 2027-01-04"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("never").exists());
}

#[test]
fn a_bad_calendar_is_an_input_error_and_writes_nothing() {
    let dir = temp_dir("holiday-bad");
    for f in ["teams.csv", "goals.csv", "tasks.csv"] {
        std::fs::copy(fixture().join(f), dir.join(f)).unwrap();
    }
    std::fs::write(dir.join("project.csv"), "weekdays\nmon|tue|wednesday\n").unwrap();
    std::fs::write(
        dir.join("workdays.csv"),
        "from,to,working\n2027-01-06,2027-01-05,no\n",
    )
    .unwrap();
    let out = dir.join("out");
    let o = tandem(&["plan", s(&dir), "--out", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for want in [
        "project.csv:2: column `weekdays`: `wednesday` is malformed",
        "workdays.csv:2: column `to`: `2027-01-05` is out of range",
        "workdays.csv:2: working-day exceptions need a plan start date",
        "goals.csv:2: column `due`: `2027-01-11` is a date",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
    assert!(!out.exists());
    // the calendar files are inputs: an output over them is refused
    let o = tandem(&[
        "plan",
        s(&fixture()),
        "--out",
        s(&fixture().join("project.csv")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn roadmap_starting_on_the_last_date_is_refused_naming_the_day() {
    // regression: a plan whose finish falls after 9999-12-31 must be
    // refused, never written with a five-digit year
    let dir = temp_dir("y10k-roadmap");
    let out = dir.join("out");
    let o = tandem(&[
        "plan",
        s(&root().join("data/roadmap")),
        "--start",
        "9999-12-31",
        "--out",
        s(&out),
        "--work-limit",
        "0.2",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    // the latest day that needs a date is named (a goal's due day here)
    assert!(
        err.contains(" is day ") && err.contains("which falls after 9999-12-31"),
        "{err}"
    );
    assert!(!out.exists());
    // the same through project.csv, with holidays: refused just the same
    std::fs::copy(fixture().join("teams.csv"), dir.join("teams.csv")).unwrap();
    std::fs::write(dir.join("goals.csv"), "goal,priority\nlaunch,1\n").unwrap();
    std::fs::write(
        dir.join("tasks.csv"),
        "task,goal,effort,teams,depends_on\nT1,launch,3,backend,\nT2,launch,8,backend,T1\n",
    )
    .unwrap();
    // Monday 9999-12-27 is day 0, Wednesday 29th a holiday: the finish,
    // day 11, would be in year 10000
    std::fs::write(dir.join("project.csv"), "start\n9999-12-27\n").unwrap();
    std::fs::write(dir.join("workdays.csv"), "from\n9999-12-29\n").unwrap();
    let o = tandem(&["plan", s(&dir), "--out", s(&out), "--work-limit", "0.2"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("is day 11, which falls after 9999-12-31"),
        "{err}"
    );
    assert!(!out.exists());
}
