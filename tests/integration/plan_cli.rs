//! `tandem plan` and `tandem generate` on fixtures, checked from the outside.

use super::format_check::{Run, check_plan_schedule, check_run};
use std::path::Path;
use std::process::Output;

use super::util::{read_csv, read_summary, root, stderr, stdout, tandem, temp_dir};

/// Runs `tandem plan PLAN --out OUT EXTRA...` and asserts success.
fn run_plan(plan: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "plan",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = tandem(&args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    o
}

fn assert_valid_run(plan: &std::path::Path, out: &std::path::Path, lateness_weight: f64) {
    let objective = check_plan_schedule(plan, out, lateness_weight)
        .unwrap_or_else(|e| panic!("{}: {e}", plan.display()));
    let summary = read_summary(out);
    let reported = summary["objective"].as_f64().expect("objective");
    assert!(
        (reported - objective).abs() < 1e-6 * objective.max(1.0),
        "summary objective {reported} != recomputed {objective}"
    );
    let lb = summary["lower_bound"].as_f64().expect("lower_bound");
    assert!(
        lb <= reported + 1e-9,
        "lower bound {lb} above objective {reported}"
    );
    let gap = summary["gap"].as_f64().expect("gap");
    assert!((0.0..=1.0).contains(&gap));
    let status = summary["status"].as_str().expect("status");
    assert!(status == "optimal" || status == "feasible");
    if status == "optimal" {
        assert!((reported - lb).abs() < 1e-6);
    }
}

#[test]
fn example_roadmap_plans_and_checks() {
    let out = temp_dir("roadmap");
    let plan = root().join("data/roadmap");
    let o = run_plan(&plan, &out, &["--time-limit", "2"]);
    assert!(stdout(&o).contains("objective"), "{}", stdout(&o));
    assert_valid_run(&plan, &out, 10.0);
    let (header, rows) = read_csv(&out.join("goals.csv"));
    assert_eq!(header, ["goal", "priority", "due", "finish", "late_days"]);
    let (_, goal_rows) = read_csv(&plan.join("goals.csv"));
    assert_eq!(rows.len(), goal_rows.len());
    let summary = read_summary(&out);
    assert!(summary["utilisation"].is_array() || summary["utilisation"].is_object());
}

#[test]
fn dated_outputs_pass_the_format_check() {
    // day-number plan, start on a Wednesday (weeks split mid-task), and the
    // same plan with ISO dates in its day cells
    for (fixture, start) in [("small", "2027-01-06"), ("small_dates", "2027-01-04")] {
        let out = temp_dir("dated");
        let plan = root().join("tests/fixtures/plans").join(fixture);
        run_plan(&plan, &out, &["--start", start, "--time-limit", "1"]);
        let run = Run {
            start: Some(start),
            ..Run::plan(&plan, &out, 10.0)
        };
        let objective = check_run(&run).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        let reported = read_summary(&out)["objective"].as_f64().unwrap();
        assert!(
            (reported - objective).abs() < 1e-6 * objective.max(1.0),
            "{fixture}: summary objective {reported} != recomputed {objective}"
        );
        // the checker's calendar is the library's
        let (header, rows) = read_csv(&out.join("schedule.csv"));
        assert!(header.ends_with(&["start_date".into(), "finish_date".into()]));
        assert!(!rows.is_empty());
    }
}

/// `tests/fixtures/plans/leads` (FORMAT.md, additions v3: leads): valid
/// from the outside, every lead met, and `docs` waits for the tests that a
/// lead lets end after the goal's milestone.
#[test]
fn leads_plan_through_the_cli() {
    let out = temp_dir("leads");
    let plan = root().join("tests/fixtures/plans/leads");
    run_plan(&plan, &out, &["--work-limit", "0.3"]);
    assert_valid_run(&plan, &out, 10.0);
    let (header, rows) = read_csv(&out.join("schedule.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    let at = |task: &str| -> (i64, i64) {
        let r = rows.iter().find(|r| r[col("task")] == task).expect(task);
        (
            r[col("start")].parse().unwrap(),
            r[col("finish")].parse().unwrap(),
        )
    };
    let (api, ui, test, ship) = (at("API"), at("UI"), at("TEST"), at("SHIP"));
    assert!(ui.0 >= api.1 - 3, "UI {ui:?} API {api:?}");
    assert!(test.0 >= ui.1 - 1 && test.0 >= at("API-2").1);
    assert!(ship.0 >= test.1 - 2);
    assert!(at("FAQ").0 >= at("GUIDE").1 - 4);
    // the goal dependency: every docs task after every launch task
    let launch_done = [api, at("API-2"), ui, test, ship]
        .iter()
        .map(|x| x.1)
        .max()
        .unwrap();
    assert!(at("GUIDE").0 >= launch_done && at("FAQ").0 >= launch_done);
}

#[test]
fn small_fixture_with_start_date_has_date_columns() {
    let out = temp_dir("dates");
    let plan = root().join("tests/fixtures/plans/small");
    run_plan(&plan, &out, &["--start", "2027-01-04", "--time-limit", "1"]);
    let (header, rows) = read_csv(&out.join("schedule.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    for r in &rows {
        let start: u32 = r[col("start")].parse().unwrap();
        let date: tandem::Date = r[col("start_date")].parse().unwrap();
        let wd = tandem::model::WorkDays::new("2027-01-04".parse().unwrap());
        assert_eq!(wd.day_of(date), Some(start));
        assert!(!date.is_weekend());
    }
}

#[test]
fn same_seed_gives_same_schedule_and_makespan_objective_works() {
    let plan = root().join("tests/fixtures/plans/small");
    let mut outputs = Vec::new();
    for _ in 0..2 {
        let out = temp_dir("seed");
        run_plan(&plan, &out, &["--seed", "7", "--work-limit", "1"]);
        outputs.push(std::fs::read(out.join("schedule.csv")).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);

    let out = temp_dir("makespan");
    run_plan(
        &plan,
        &out,
        &["--objective", "makespan", "--time-limit", "1"],
    );
    let summary = read_summary(&out);
    assert_eq!(
        summary["objective"].as_f64().unwrap(),
        summary["makespan"].as_f64().unwrap()
    );
    check_plan_schedule(&plan, &out, 10.0).unwrap();
}

#[test]
fn lateness_weight_changes_the_objective_as_defined() {
    let plan = root().join("tests/fixtures/plans/small");
    let out = temp_dir("lw");
    run_plan(
        &plan,
        &out,
        &["--lateness-weight", "3.5", "--time-limit", "1"],
    );
    assert_valid_run(&plan, &out, 3.5);
}

#[test]
fn generated_plans_schedule_validly() {
    for (tasks, seed) in [(60usize, 1u64), (400, 2), (1500, 3)] {
        let plan = temp_dir("gen");
        let o = tandem(&[
            "generate",
            "--tasks",
            &tasks.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
            plan.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "stderr: {}", stderr(&o));
        let out = temp_dir("gen-out");
        let o = run_plan(&plan, &out, &["--time-limit", "1", "--quiet"]);
        assert!(stdout(&o).is_empty(), "--quiet prints nothing");
        assert_valid_run(&plan, &out, 10.0);
    }
}

#[test]
fn bad_flags_are_usage_errors() {
    let plan = root().join("tests/fixtures/plans/small");
    let out = temp_dir("flags");
    for args in [
        vec!["--time-limit", "-1"],
        // huge limits were panics (exit 101): Duration and Instant overflow
        vec!["--time-limit", "1e30"],
        vec!["--time-limit", "1e19"],
        vec!["--time-limit", "10000001"],
        vec!["--work-limit", "nan"],
        vec!["--work-limit", "1e30"],
        // thousands of threads never kept the deadline
        vec!["--threads", "2000"],
        vec!["--start", "2027-02-30"],
        vec!["--lateness-weight", "nan"],
        vec!["--objective", "fastest"],
    ] {
        let mut full = vec![
            "plan",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        full.extend(args.iter().copied());
        let o = tandem(&full);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!out.join("schedule.csv").exists());
    }
}

#[test]
fn huge_limits_and_thread_counts_are_usage_errors_in_every_solving_command() {
    let psplib = root().join("data/psplib/j301_1.sm");
    let bench_dir = temp_dir("bench-limits");
    std::fs::create_dir_all(&bench_dir).unwrap();
    std::fs::copy(&psplib, bench_dir.join("j301_1.sm")).unwrap();
    for flag in [
        ["--time-limit", "1e30"],
        ["--time-limit", "1e19"],
        ["--threads", "10000"],
    ] {
        let out = temp_dir("limits");
        let bench_csv = out.join("bench.csv");
        let runs: [Vec<&str>; 2] = [
            vec![
                "solve",
                psplib.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            vec![
                "bench",
                bench_dir.to_str().unwrap(),
                "--out",
                bench_csv.to_str().unwrap(),
            ],
        ];
        for mut args in runs {
            args.extend(flag);
            let o = tandem(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains(flag[0]), "{}", stderr(&o));
            assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
        }
    }
}

#[test]
fn a_work_limit_gives_the_same_schedule_with_one_and_two_threads_every_time() {
    let plan = root().join("data/roadmap");
    for threads in ["1", "2"] {
        let mut outputs = Vec::new();
        for _ in 0..3 {
            let out = temp_dir("work");
            run_plan(&plan, &out, &["--work-limit", "0.2", "--threads", threads]);
            outputs.push(std::fs::read(out.join("schedule.csv")).unwrap());
        }
        assert!(
            outputs.windows(2).all(|w| w[0] == w[1]),
            "{threads} threads"
        );
    }
}
