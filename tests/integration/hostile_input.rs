//! Regressions from the hostile-user campaign (issue 14): inputs that used
//! to be rejected wrongly, accepted silently or destroyed.

use std::path::{Path, PathBuf};

use super::util::{read_csv, stderr, tandem, temp_dir};

/// Writes a plan folder from `(file name, contents)` pairs.
fn plan_dir(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = temp_dir(tag);
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const TEAMS: &str = "team,capacity\nA,3\n";
const GOALS: &str = "goal,priority\nG,1\n";
const TASKS: &str =
    "task,goal,effort,teams,max_people\nT0,G,4,A,2\nT1,G,4,A,2\nT2,G,4,A,2\nT3,G,4,A,2\n";

#[test]
fn open_ended_calendar_change_plans_and_passes_the_checker() {
    for to in ["4294967295", "4294967294", "2097151", ""] {
        let calendar = format!("team,from,to,capacity\nA,5,{to},1\n");
        let dir = plan_dir(
            "open",
            &[
                ("teams.csv", TEAMS),
                ("calendar.csv", &calendar),
                ("goals.csv", GOALS),
                ("tasks.csv", TASKS),
            ],
        );
        let out = dir.join("out");
        let o = tandem(&["plan", s(&dir), "--out", s(&out), "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "to={to}: {}", stderr(&o));
        let (_, rows) = read_csv(&out.join("schedule.csv"));
        // from day 5 on one person: nothing with two people runs then
        for r in &rows {
            let (people, start, finish): (u32, u32, u32) = (
                r[3].parse().unwrap(),
                r[4].parse().unwrap(),
                r[5].parse().unwrap(),
            );
            assert!(people <= 1 || finish <= 5, "to={to}: {r:?} at {start}");
        }
    }
}

#[test]
fn huge_priorities_and_weights_are_refused_not_turned_into_nan() {
    let goals = "goal,priority\nG,1e308\nH,1e308\n";
    let tasks = "task,goal,effort,teams\nT0,G,1,A\nT1,H,1,A\n";
    let dir = plan_dir(
        "huge",
        &[
            ("teams.csv", TEAMS),
            ("goals.csv", goals),
            ("tasks.csv", tasks),
        ],
    );
    let out = dir.join("out");
    let o = tandem(&["plan", s(&dir), "--out", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for line in [2, 3] {
        let want = format!("goals.csv:{line}: column `priority`: `1e308` is out of range");
        assert!(err.contains(&want), "missing {want} in:\n{err}");
    }
    assert!(err.contains("at most 1e9"), "{err}");
    assert!(!out.exists());

    let goals = "goal,priority\nG,1e9\n";
    std::fs::write(dir.join("goals.csv"), goals).unwrap();
    std::fs::write(dir.join("tasks.csv"), "task,goal,effort,teams\nT0,G,1,A\n").unwrap();
    for flag in ["--lateness-weight", "--stability-weight"] {
        let o = tandem(&["plan", s(&dir), "--out", s(&out), flag, "1e300"]);
        assert_eq!(o.status.code(), Some(2), "{flag}: {}", stderr(&o));
        assert!(stderr(&o).contains(flag), "{}", stderr(&o));
        assert!(!out.exists());
    }
    // the largest values still give a finite objective
    let o = tandem(&[
        "plan",
        s(&dir),
        "--out",
        s(&out),
        "--lateness-weight",
        "1e6",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let summary = super::util::read_summary(&out);
    for key in ["objective", "lower_bound", "gap"] {
        assert!(
            summary[key].as_f64().is_some_and(f64::is_finite),
            "{key}: {summary}"
        );
    }
}

/// Every file under `dir` with its contents.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    super::util::snapshot(dir)
}

#[test]
fn no_command_writes_over_its_own_input() {
    let root = super::util::root();
    let work = temp_dir("clobber");
    let plan = work.join("inplan");
    std::fs::create_dir_all(&plan).unwrap();
    for f in ["teams.csv", "calendar.csv", "goals.csv", "tasks.csv"] {
        let from = root.join("tests/fixtures/plans/small").join(f);
        if from.exists() {
            std::fs::copy(from, plan.join(f)).unwrap();
        }
    }
    let base = work.join("base");
    let o = tandem(&["plan", s(&plan), "--out", s(&base), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let psplib = work.join("psplib");
    std::fs::create_dir_all(&psplib).unwrap();
    let sm = psplib.join("j301_1.sm");
    std::fs::copy(root.join("data/psplib/j301_1.sm"), &sm).unwrap();
    let sm_named_like_an_output = psplib.join("schedule.csv");
    std::fs::copy(&sm, &sm_named_like_an_output).unwrap();
    // a progress file that happens to be called like an output
    let prog = work.join("prog");
    std::fs::create_dir_all(&prog).unwrap();
    let progress = prog.join("goals.csv");
    std::fs::write(&progress, "task,status\n").unwrap();

    let before = contents(&work);
    let sched = base.join("schedule.csv");
    let dotdot = work.join("missing/../inplan");
    let cases: Vec<Vec<&str>> = vec![
        vec!["plan", s(&plan), "--out", s(&plan)],
        vec!["plan", s(&plan), "--out", s(&dotdot)],
        vec![
            "replan",
            s(&plan),
            "--baseline",
            s(&base),
            "--out",
            s(&base),
        ],
        vec![
            "replan",
            s(&plan),
            "--baseline",
            s(&sched),
            "--out",
            s(&base),
        ],
        vec![
            "plan",
            s(&plan),
            "--progress",
            s(&progress),
            "--out",
            s(&prog),
        ],
        vec!["diff", s(&base), s(&base), "--csv", s(&sched)],
        vec!["solve", s(&sm_named_like_an_output), "--out", s(&psplib)],
        vec!["bench", s(&psplib), "--out", s(&sm), "--time-limit", "0.1"],
    ];
    for args in &cases {
        let o = tandem(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("would overwrite the input file"),
            "{args:?}: {err}"
        );
        assert_eq!(contents(&work), before, "{args:?} changed a file");
    }
}

#[test]
fn unusable_out_paths_get_one_clear_message() {
    let dir = plan_dir(
        "outkind",
        &[
            ("teams.csv", TEAMS),
            ("goals.csv", GOALS),
            ("tasks.csv", TASKS),
        ],
    );
    let dangling = dir.join("dangling");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap();
    let file = dir.join("teams.csv");
    let mut cases = vec![
        (file.clone(), "is not a directory"),
        (file.join("x"), "cannot be created"),
    ];
    if cfg!(unix) {
        cases.push((PathBuf::from("/dev/null"), "is not a directory"));
        cases.push((dangling, "dangling"));
    }
    for (out, want) in cases {
        let o = tandem(&["plan", s(&dir), "--out", s(&out)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{}: {err}", out.display());
        assert!(err.contains(want), "{}: {err}", out.display());
        assert_eq!(err.trim().lines().count(), 1, "one message: {err}");
        assert!(!err.contains("os error"), "{err}");
    }
}

/// The re-planning fixture copied to a fresh folder.
fn replan_fixture(tag: &str) -> PathBuf {
    let from = super::util::root().join("tests/fixtures/replan/small");
    let dir = temp_dir(tag);
    for e in std::fs::read_dir(&from).unwrap().flatten() {
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    dir
}

#[test]
fn a_done_task_with_an_unfinished_predecessor_is_an_input_error_at_its_line() {
    let dir = replan_fixture("donepred");
    std::fs::write(
        dir.join("progress.csv"),
        "task,status,start,team,people\nA1,done,,,\nA3,started,3,backend,2\nA4,done,,,\n",
    )
    .unwrap();
    let out = dir.join("out");
    let o = tandem(&["plan", s(&dir), "--today", "6", "--out", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for pred in ["A2", "A3"] {
        let want = format!(
            "progress.csv:4: column `status`: task `A4` is done but its predecessor `{pred}` is not"
        );
        assert!(err.contains(&want), "missing {want} in:\n{err}");
    }
    assert!(!out.exists());
}

#[test]
fn a_today_past_the_horizon_is_a_usage_error() {
    // regression (issue 14 D): exit 1 ("infeasible") for a bad flag value
    let dir = replan_fixture("today");
    let out = dir.join("out");
    for (today, want) in [
        ("2097152", "--today 2097152 is too late"),
        ("5000000", "--today 5000000 is out of range"),
    ] {
        let o = tandem(&["plan", s(&dir), "--today", today, "--out", s(&out)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{today}: {err}");
        assert!(err.contains(want), "{today}: {err}");
        assert!(err.contains("2097152"), "{err}");
        assert!(!out.exists());
    }
}

#[test]
fn dates_past_9999_are_refused_not_written_with_five_digit_years() {
    let dir = plan_dir(
        "y10k",
        &[
            ("teams.csv", TEAMS),
            ("goals.csv", GOALS),
            ("tasks.csv", TASKS),
        ],
    );
    let out = dir.join("out");
    // day 0 is Friday 9999-12-31: the schedule's finish is in year 10000
    let o = tandem(&["plan", s(&dir), "--out", s(&out), "--start", "9999-12-31"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("the schedule's last finish is day")
            && err.contains("falls after 9999-12-31")
            && err.contains("start date 9999-12-31"),
        "{err}"
    );
    assert!(!out.exists());
    // a plan that ends in time is written with four-digit years
    let o = tandem(&[
        "plan",
        s(&dir),
        "--out",
        s(&out),
        "--start",
        "9999-12-01",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (_, rows) = read_csv(&out.join("schedule.csv"));
    assert!(
        rows.iter()
            .all(|r| r.iter().all(|c| !c.starts_with("10000")))
    );
}

#[test]
fn a_frozen_baseline_task_that_cannot_keep_its_team_or_crew_is_warned_about() {
    let dir = replan_fixture("frozenwarn");
    let base = dir.join("base");
    let o = tandem(&["plan", s(&dir), "--today", "6", "--out", s(&base), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // B1 (backend only) moved to design, M2 (1-2 people) given 50
    let (header, rows) = read_csv(&base.join("schedule.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut text = header.join(",") + "\n";
    let mut lines = std::collections::BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let mut r = r.clone();
        match r[col("task")].as_str() {
            "B1" => r[col("team")] = "design".into(),
            "M2" => r[col("people")] = "50".into(),
            _ => {}
        }
        lines.insert(r[col("task")].clone(), i + 2);
        // both start inside the freeze window below
        if ["B1", "M2"].contains(&r[col("task")].as_str()) {
            r[col("start")] = "7".into();
        }
        text += &(r.join(",") + "\n");
    }
    let baseline = dir.join("old.csv");
    std::fs::write(&baseline, text).unwrap();
    let out = dir.join("out");
    let o = tandem(&[
        "replan",
        s(&dir),
        "--baseline",
        s(&baseline),
        "--today",
        "6",
        "--freeze",
        "5",
        "--out",
        s(&out),
        "-q",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let want = [
        format!(
            "warning: {}:{}: column `team` (`design`): task `B1` starts on day 7, inside the freeze window, but the baseline's team is not eligible for it",
            baseline.display(),
            lines["B1"]
        ),
        format!(
            "warning: {}:{}: column `people` (`50`): task `M2` starts on day 7, inside the freeze window, but with 50 people",
            baseline.display(),
            lines["M2"]
        ),
    ];
    for w in &want {
        assert!(err.contains(w.as_str()), "missing {w} in:\n{err}");
    }
}

/// `tandem ... 2>&1 | head -1` closed the pipe under tandem's error message
/// and summary: `eprintln!` and `print!` panicked, and the exit code became
/// 101. A closed pipe is the reader's choice, not a failure.
#[test]
fn a_closed_output_pipe_is_no_panic() {
    use std::process::{Command, Stdio};
    let dir = plan_dir(
        "pipe",
        &[
            ("teams.csv", TEAMS),
            ("goals.csv", "goal,priority\nG,1e308\n"),
            ("tasks.csv", TASKS),
        ],
    );
    let good = super::util::root().join("data/roadmap");
    let out = dir.join("out");
    let runs: [(Vec<&str>, i32); 2] = [
        (vec!["plan", s(&dir), "--out", s(&out)], 2),
        (
            vec![
                "plan",
                s(&good),
                "--out",
                s(&out),
                "--work-limit",
                "0.05",
                "--json",
            ],
            0,
        ),
    ];
    for (args, code) in runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // the reader goes away before tandem writes a byte
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
}
