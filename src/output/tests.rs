//! Tests of the `output` module.

use super::*;
use crate::model::{Activity, Calendar, Date, Demand, Mode, Objective, ProblemBuilder, WorkDays};
use crate::schedule::{Assignment, Schedule};
use crate::solve::{LowerBounds, Status};
use std::fs;
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-output-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn asg(start: u32, mode: usize) -> Assignment {
    Assignment { start, mode }
}

fn solution(problem: &Problem, schedule: Schedule, lb: f64) -> Solution {
    Solution {
        bottlenecks: Vec::new(),
        objective: schedule.objective(problem),
        schedule,
        bounds: LowerBounds {
            critical_path: lb,
            energy: lb / 2.0,
            ..LowerBounds::default()
        },
        status: Status::Feasible,
        seconds: 0.25,
        goal_order: Vec::new(),
    }
}

/// backend (2 people), web (1); goals core (priority 3, due 2) and extra
/// (priority 0.1, no due); `zeta` has no goal, `done` is a milestone.
fn plan() -> (Problem, Schedule) {
    let mut b = ProblemBuilder::new();
    let be = b.resource("backend", Calendar::constant(2));
    let web = b.resource("web", Calendar::constant(1));
    let core = b.goal("core", 3.0, Some(2));
    let extra = b.goal("extra", 0.1, None);
    let api = b.plan_task("api", Some(core), &[(be, 4.0)], 1, 2, 0);
    let ui = b.plan_task("ui", Some(extra), &[(web, 2.0), (be, 1.0)], 1, 1, 0);
    let zeta = b.plan_task("zeta", None, &[(web, 1.0)], 1, 1, 0);
    let done = b.plan_task("done", Some(core), &[(be, 0.0)], 1, 1, 0);
    b.precedence(api, done, 0);
    b.precedence(zeta, ui, 0);
    let p = b.build().unwrap();
    let _ = (ui, zeta);
    // api with 1 person on days 0..4 (core is 2 days late), zeta then ui on web
    let s = Schedule::new(vec![asg(0, 0), asg(1, 0), asg(0, 0), asg(4, 0)]);
    (p, s)
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = ::csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn plan_outputs_round_trip() {
    let (p, s) = plan();
    s.check(&p).unwrap();
    let sol = solution(&p, s, 10.0);
    let dir = scratch("plan");
    write_plan_outputs(&dir, &p, &sol).unwrap();
    assert_eq!(
        file_names(&dir),
        vec!["goals.csv", "schedule.csv", "summary.json"]
    );

    let (header, rows) = read_csv(&dir.join("schedule.csv"));
    assert_eq!(
        header,
        row(&["task", "goal", "team", "people", "start", "finish"])
    );
    assert_eq!(
        rows,
        vec![
            row(&["api", "core", "backend", "1", "0", "4"]),
            row(&["zeta", "", "web", "1", "0", "1"]),
            row(&["ui", "extra", "web", "1", "1", "3"]),
            row(&["done", "core", "backend", "0", "4", "4"]),
        ]
    );

    let (header, rows) = read_csv(&dir.join("goals.csv"));
    assert_eq!(
        header,
        row(&["goal", "priority", "due", "finish", "late_days"])
    );
    assert_eq!(
        rows,
        vec![
            row(&["core", "3", "2", "4", "2"]),
            row(&["extra", "0.1", "", "3", "0"]),
        ]
    );

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    // 3*4 + 0.1*3 + 10 * 3*2 = 72.3
    assert_eq!(json["objective"], serde_json::json!(72.3));
    assert_eq!(json["lower_bound"], serde_json::json!(10));
    let gap = json["gap"].as_f64().unwrap();
    assert!((gap - (72.3 - 10.0) / 72.3).abs() < 1e-9);
    assert_eq!(json["makespan"], 4);
    assert_eq!(json["status"], "feasible");
    assert_eq!(json["seconds"], 0.25);
    assert_eq!(json["objective_kind"], "weighted");
    assert_eq!(json["lateness_weight"], 10);
    assert_eq!(
        json["bounds"],
        serde_json::json!({"critical_path": 10, "energy": 5, "sequencing": 0, "makespan": 0})
    );
    assert_eq!(json["tasks"], 4);
    assert_eq!(json["goals"], 2);
    assert_eq!(json["late_goals"], 1);
    assert_eq!(json["critical_path"], serde_json::json!(["api"]));
    assert!(json.get("start_date").is_none());
    let util = json["utilisation"].as_array().unwrap();
    assert_eq!(util.len(), 2);
    assert_eq!(
        util[0],
        serde_json::json!({"team": "backend", "used": 4, "available": 8, "utilisation": 0.5, "peak": 1})
    );
    assert_eq!(util[1]["used"], 3);
    assert_eq!(util[1]["available"], 4);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn date_columns_with_a_start_date() {
    let (mut p, s) = plan();
    // 2027-01-06 is a Wednesday: days 0,1,2 = Wed, Thu, Fri; day 3 = Mon 11th
    p.set_work_days(Some(WorkDays::new(Date::from_ymd(2027, 1, 6).unwrap())));
    let sol = solution(&p, s, 0.0);
    let dir = scratch("dates");
    write_plan_outputs(&dir, &p, &sol).unwrap();
    let (header, rows) = read_csv(&dir.join("schedule.csv"));
    assert_eq!(
        header,
        row(&[
            "task",
            "goal",
            "team",
            "people",
            "start",
            "finish",
            "start_date",
            "finish_date"
        ])
    );
    assert_eq!(
        rows[0],
        row(&[
            "api",
            "core",
            "backend",
            "1",
            "0",
            "4",
            "2027-01-06",
            "2027-01-12"
        ])
    );
    assert_eq!(rows[2][6..], row(&["2027-01-07", "2027-01-11"]));
    // milestone: both dates equal
    assert_eq!(rows[3][6], rows[3][7]);
    let (header, rows) = read_csv(&dir.join("goals.csv"));
    assert_eq!(header[5..], row(&["due_date", "finish_date"]));
    assert_eq!(rows[0][5..], row(&["2027-01-08", "2027-01-12"]));
    assert_eq!(rows[1][5..], row(&["", "2027-01-11"]));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["start_date"], "2027-01-06");
    assert_eq!(json["lower_bound"], 0);
    fs::remove_dir_all(&dir).unwrap();
}

fn job(id: &str, modes: Vec<(u32, u32)>) -> Activity {
    Activity {
        id: id.into(),
        name: None,
        goal: None,
        release: 0,
        modes: modes
            .into_iter()
            .map(|(duration, amount)| Mode {
                duration,
                demands: vec![Demand {
                    resource: crate::model::ResourceId(0),
                    amount,
                }],
            })
            .collect(),
        spec: None,
        pin: None,
    }
}

#[test]
fn psplib_outputs() {
    let mut b = ProblemBuilder::new();
    b.resource("R1", Calendar::constant(10));
    b.objective(Objective::Makespan);
    let ids = ["1", "2", "10", "3"];
    let mut acts = Vec::new();
    for id in ids {
        acts.push(b.activity(job(id, vec![(3, 1), (2, 2)])));
    }
    b.precedence(acts[0], acts[3], 0);
    let p = b.build().unwrap();
    let s = Schedule::new(vec![asg(0, 0), asg(0, 1), asg(0, 0), asg(3, 1)]);
    let sol = solution(&p, s, 5.0);
    assert_eq!(sol.objective, 5.0);
    let dir = scratch("psplib");
    write_psplib_outputs(&dir, &p, &sol).unwrap();
    assert_eq!(file_names(&dir), vec!["schedule.csv", "summary.json"]);
    let (header, rows) = read_csv(&dir.join("schedule.csv"));
    assert_eq!(header, row(&["task", "mode", "start", "finish"]));
    assert_eq!(
        rows,
        vec![
            row(&["1", "1", "0", "3"]),
            row(&["2", "2", "0", "2"]),
            row(&["10", "1", "0", "3"]),
            row(&["3", "2", "3", "5"]),
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["objective"], 5);
    assert_eq!(json["makespan"], 5);
    assert_eq!(json["objective_kind"], "makespan");
    assert_eq!(json["lateness_weight"], serde_json::Value::Null);
    assert_eq!(json["gap"], 0);
    assert_eq!(json["goals"], 0);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rewriting_replaces_files_and_leaves_no_temporaries() {
    let (p, s) = plan();
    let dir = scratch("rewrite");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("schedule.csv"), "stale").unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let sol = solution(&p, s, 1.0);
    write_plan_outputs(&dir, &p, &sol).unwrap();
    write_plan_outputs(&dir, &p, &sol).unwrap();
    assert_eq!(
        file_names(&dir),
        vec!["goals.csv", "notes.txt", "schedule.csv", "summary.json"]
    );
    assert!(
        fs::read_to_string(dir.join("schedule.csv"))
            .unwrap()
            .starts_with("task,")
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_schedule_that_does_not_fit_writes_nothing() {
    let (p, _) = plan();
    let bad = solution_unchecked(Schedule::new(vec![asg(0, 0)]));
    let dir = scratch("bad");
    let err = write_plan_outputs(&dir, &p, &bad).unwrap_err();
    assert!(
        matches!(
            err,
            OutputError::Serialize {
                what: "schedule.csv",
                ..
            }
        ),
        "{err}"
    );
    assert!(!dir.exists());
    let bad = solution_unchecked(Schedule::new(vec![
        asg(0, 0),
        asg(0, 7),
        asg(0, 0),
        asg(0, 0),
    ]));
    let err = write_psplib_outputs(&dir, &p, &bad).unwrap_err();
    assert!(err.to_string().contains("`ui` has no mode 7"), "{err}");
    assert!(!dir.exists());
}

fn solution_unchecked(schedule: Schedule) -> Solution {
    Solution {
        bottlenecks: Vec::new(),
        schedule,
        objective: 0.0,
        bounds: LowerBounds {
            critical_path: 0.0,
            energy: 0.0,
            ..LowerBounds::default()
        },
        status: Status::Feasible,
        seconds: 0.0,
        goal_order: Vec::new(),
    }
}

#[test]
fn numbers_are_tidied() {
    use super::json::tidy_value;
    assert_eq!(tidy_value(0.1 + 0.2), 0.3);
    let noisy = (0.1 + 0.7) * 10.0;
    assert_ne!(noisy, 8.0);
    assert_eq!(tidy_value(noisy), 8.0);
    assert_eq!(tidy_value(1.0 / 3.0), 0.333333333333);
    assert_eq!(tidy_value(-2.5), -2.5);
    assert!(tidy_value(f64::NAN).is_nan());
}
