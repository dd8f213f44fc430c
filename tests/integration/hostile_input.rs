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
