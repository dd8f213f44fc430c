//! Tasks on several teams at once (issue 17): `tandem plan` and `tandem
//! replan --baseline` on `tests/fixtures/plans/multi`, checked from the
//! outside (FORMAT.md's v3 additions: `backend*2+qa:12` in `tasks.csv`,
//! `backend+qa` / `2+1` in `schedule.csv`, `progress.csv` and `diff.csv`).

use std::collections::BTreeMap;
use std::path::Path;

use super::format_check::{Run, check_run};
use super::util::{read_csv, read_summary, root, stderr, tandem, temp_dir};

/// `schedule.csv` by task: `(team, people, start, finish)` as written.
fn schedule(dir: &Path) -> BTreeMap<String, (String, String, u32, u32)> {
    let (header, rows) = read_csv(&dir.join("schedule.csv"));
    assert_eq!(
        header,
        ["task", "goal", "team", "people", "start", "finish"]
    );
    rows.into_iter()
        .map(|r| {
            let day = |i: usize| r[i].parse::<u32>().unwrap();
            (r[0].clone(), (r[2].clone(), r[3].clone(), day(4), day(5)))
        })
        .collect()
}

/// The run's objective recomputed by the format check equals `summary.json`'s.
fn assert_checked(run: &Run) {
    let objective = check_run(run).unwrap_or_else(|e| panic!("{}: {e}", run.out.display()));
    let reported = read_summary(run.out)["objective"].as_f64().unwrap();
    assert!(
        (reported - objective).abs() < 1e-6 * objective.max(1.0),
        "summary objective {reported} != recomputed {objective}"
    );
}

#[test]
fn tasks_on_several_teams_plan_and_replan_through_the_cli() {
    let plan = root().join("tests/fixtures/plans/multi");
    let base = temp_dir("multi-plan");
    let o = tandem(&[
        "plan",
        plan.to_str().unwrap(),
        "--out",
        base.to_str().unwrap(),
        "--work-limit",
        "0.3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_checked(&Run::plan(&plan, &base, 10.0));
    let rows = schedule(&base);
    // the teams in the alternative's order, one crew each
    let (team, people, ..) = &rows["HARD"];
    assert!(
        (team == "backend+qa" && ["2+1", "2+2"].contains(&people.as_str()))
            || (team == "platform" && ["1", "2"].contains(&people.as_str())),
        "HARD: {team} {people}"
    );
    assert_eq!((&*rows["SIGN"].0, &*rows["SIGN"].1), ("backend+qa", "0+0"));
    assert_eq!(rows["MIG"].0, "platform+backend");
    assert!(rows["MIG"].1.starts_with("2+"), "{:?}", rows["MIG"]);
    assert_eq!((&*rows["DOC"].0, &*rows["DOC"].1), ("qa", "1"));
    // summary.json's utilisation counts every team of a task
    let mut used: BTreeMap<&str, u64> = BTreeMap::new();
    for (team, people, start, finish) in rows.values() {
        for (t, k) in team.split('+').zip(people.split('+')) {
            *used.entry(t).or_default() += u64::from(finish - start) * k.parse::<u64>().unwrap();
        }
    }
    let summary = read_summary(&base);
    for u in summary["utilisation"].as_array().unwrap() {
        let team = u["team"].as_str().unwrap();
        assert_eq!(u["used"].as_u64(), Some(used[team]), "{team}");
    }
    // the format check sees a crew that breaks the alternative
    let text = std::fs::read_to_string(base.join("schedule.csv")).unwrap();
    let (mig_team, mig_people, ..) = &rows["MIG"];
    let tampered = text.replace(
        &format!(",{mig_team},{mig_people},"),
        &format!(",{mig_team},3+1,"),
    );
    assert_ne!(tampered, text);
    let copy = temp_dir("multi-tampered");
    std::fs::copy(base.join("goals.csv"), copy.join("goals.csv")).unwrap();
    std::fs::write(copy.join("schedule.csv"), tampered).unwrap();
    let err = check_run(&Run::plan(&plan, &copy, 10.0)).unwrap_err();
    assert!(err.contains("MIG: platform fixed at 2, has 3"), "{err}");
    // the report draws a task in the lane of each of its teams
    let html = std::fs::read_to_string(base.join("report.html")).unwrap();
    for (task, (team, ..)) in &rows {
        let lanes = team.split('+').count();
        assert_eq!(
            html.matches(&format!("<g data-task=\"{task}\">")).count(),
            lanes,
            "{task} on {team}"
        );
    }

    // a re-plan: API done, HARD started on `qa+backend` with 2 of qa and 2
    // of backend (the teams in any order, one crew each)
    let new = temp_dir("multi-replan");
    let progress = new.join("progress.csv");
    std::fs::write(
        &progress,
        "task,status,start,team,people\nAPI,done,,,\nHARD,started,2,qa+backend,2+2\n",
    )
    .unwrap();
    let out = new.join("out");
    let o = tandem(&[
        "replan",
        plan.to_str().unwrap(),
        "--baseline",
        base.join("schedule.csv").to_str().unwrap(),
        "--progress",
        progress.to_str().unwrap(),
        "--today",
        "3",
        "--stability-weight",
        "1",
        "--out",
        out.to_str().unwrap(),
        "--work-limit",
        "0.3",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // progress kept, nothing else before today, the stability term, and
    // diff.csv recomputed from both schedules (teams and crews included)
    assert_checked(&Run {
        progress: Some(&progress),
        today: 3,
        baseline: Some((&base.join("schedule.csv"), 1.0)),
        ..Run::plan(&plan, &out, 10.0)
    });
    let after = schedule(&out);
    // the started crew, written in the alternative's order: 12 / 4 = 3 days
    assert_eq!(after["HARD"], ("backend+qa".into(), "2+2".into(), 2, 5));
    assert_eq!(after["API"], ("backend".into(), "0".into(), 0, 0));
    let (_, diff) = read_csv(&out.join("diff.csv"));
    let hard = diff.iter().find(|r| r[0] == "HARD").expect("HARD moved");
    assert_eq!(
        (&*hard[1], &*hard[2], &*hard[8]),
        (team.as_str(), "backend+qa", "2+2"),
        "{hard:?}"
    );
    assert_eq!(hard[7], rows["HARD"].1);
}
