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
