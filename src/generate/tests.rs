//! Tests of the `generate` module.

use super::*;
use crate::model::{Calendar, EffortRange, GoalId, Problem, ProblemBuilder, ResourceId};

type Row = BTreeMap<String, String>;

/// Parses CSV text into rows keyed by trimmed header names; empty cells are absent.
fn rows(text: &str) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .zip(r.iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(h, v)| (h.clone(), v.to_string()))
                .collect()
        })
        .collect()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && !id.contains([';', '|', ':', '+'])
}

/// A minimal, strict reader of the CSV plan format (day numbers only), used
/// to check generated plans and the example roadmap independently of the
/// real plan reader. Panics with a message on anything invalid.
fn load_plan(teams: &str, calendar: &str, goals: &str, tasks: &str) -> Problem {
    let mut b = ProblemBuilder::new();
    let team_rows = rows(teams);
    let mut team_ix: BTreeMap<String, (ResourceId, u32)> = BTreeMap::new();
    let mut cals: Vec<(String, Calendar)> = Vec::new();
    for r in &team_rows {
        let id = r["team"].clone();
        assert!(valid_id(&id), "bad team id {id}");
        let cap: u32 = r["capacity"].parse().expect("capacity");
        cals.push((id, Calendar::constant(cap)));
    }
    for r in rows(calendar) {
        let team = &r["team"];
        let cal = cals
            .iter_mut()
            .find(|(id, _)| id == team)
            .unwrap_or_else(|| panic!("calendar: unknown team {team}"));
        let from: u32 = r["from"].parse().expect("from");
        let to: u32 = r["to"].parse().expect("to");
        assert!(from <= to, "calendar {team}: from {from} > to {to}");
        cal.1
            .set(from, to, r["capacity"].parse().expect("capacity"));
    }
    for (i, (id, cal)) in cals.into_iter().enumerate() {
        let base = cal.base();
        let rid = b.resource(id.clone(), cal);
        if let Some(name) = team_rows[i].get("name") {
            b.resource_name(rid, name);
        }
        assert!(
            team_ix.insert(id.clone(), (rid, base)).is_none(),
            "dup team {id}"
        );
    }
    let goal_rows = rows(goals);
    let mut goal_ix: BTreeMap<String, GoalId> = BTreeMap::new();
    for r in &goal_rows {
        let id = r["goal"].clone();
        assert!(valid_id(&id), "bad goal id {id}");
        let priority: f64 = r["priority"].parse().expect("priority");
        let due = r.get("due").map(|d| d.parse::<u32>().expect("due"));
        let g = b.goal(id.clone(), priority, due);
        assert!(goal_ix.insert(id.clone(), g).is_none(), "dup goal {id}");
    }
    for r in &goal_rows {
        if let Some(deps) = r.get("depends_on") {
            for d in deps.split(';').map(str::trim) {
                let req = *goal_ix.get(d).unwrap_or_else(|| panic!("unknown goal {d}"));
                b.goal_dependency(goal_ix[&r["goal"]], req);
            }
        }
    }
    let task_rows = rows(tasks);
    let mut task_ix = BTreeMap::new();
    for r in &task_rows {
        let id = r["task"].clone();
        assert!(valid_id(&id), "bad task id {id}");
        let goal = *goal_ix
            .get(&r["goal"])
            .unwrap_or_else(|| panic!("task {id}: unknown goal"));
        let effort: f64 = r["effort"].parse().expect("effort");
        assert!(effort >= 0.0);
        let mut efforts = Vec::new();
        for cell in r["teams"].split('|') {
            let (team, e) = match cell.split_once(':') {
                Some((t, e)) => (t.trim(), e.trim().parse::<f64>().expect("team effort")),
                None => (cell.trim(), effort),
            };
            let &(rid, _) = team_ix
                .get(team)
                .unwrap_or_else(|| panic!("task {id}: unknown team {team}"));
            efforts.push((rid, e));
        }
        let min: u32 = r.get("min_people").map_or(1, |v| v.parse().expect("min"));
        let max: u32 = r.get("max_people").map_or(min, |v| v.parse().expect("max"));
        assert!(min >= 1 && max >= min, "task {id}: crew {min}..{max}");
        let release: u32 = r.get("release").map_or(0, |v| v.parse().expect("release"));
        let a = b.plan_task(id.clone(), Some(goal), &efforts, min, max, release);
        if let Some(name) = r.get("name") {
            b.activity_name(a, name);
        }
        // build() refuses an invalid range
        let low = r.get("effort_low").map(|v| v.parse().expect("effort_low"));
        let high = r
            .get("effort_high")
            .map(|v| v.parse().expect("effort_high"));
        if low.is_some() || high.is_some() {
            let range = EffortRange::new(low.unwrap_or(effort), effort, high.unwrap_or(effort));
            b.effort_range(a, range);
        }
        assert!(task_ix.insert(id.clone(), a).is_none(), "dup task {id}");
    }
    for r in &task_rows {
        if let Some(deps) = r.get("depends_on") {
            for d in deps.split(';').map(str::trim) {
                let (dep, lag) = match d.split_once('+') {
                    Some((t, l)) => (t.trim(), l.trim().parse::<i32>().expect("lag")),
                    None => (d, 0),
                };
                let from = *task_ix
                    .get(dep)
                    .unwrap_or_else(|| panic!("unknown task {dep}"));
                b.precedence(from, task_ix[&r["task"]], lag);
            }
        }
    }
    match b.build() {
        Ok(p) => p,
        Err(e) => panic!("invalid plan: {e}"),
    }
}

fn load(plan: &GeneratedPlan) -> Problem {
    load_plan(
        &plan.teams_csv,
        &plan.calendar_csv,
        &plan.goals_csv,
        &plan.tasks_csv,
    )
}

#[test]
fn deterministic_in_the_seed() {
    let p = GeneratorParams::default();
    assert_eq!(generate_plan(&p), generate_plan(&p));
    let q = GeneratorParams {
        seed: 2,
        ..p.clone()
    };
    assert_ne!(generate_plan(&p).tasks_csv, generate_plan(&q).tasks_csv);
}

#[test]
fn sizes_are_as_asked() {
    let params = GeneratorParams {
        tasks: 1500,
        teams: 11,
        goals: 60,
        ..GeneratorParams::default()
    };
    let plan = generate_plan(&params);
    let problem = load(&plan);
    assert_eq!(problem.len(), 1500);
    assert_eq!(problem.resources().len(), 11);
    assert_eq!(problem.goals().len(), 60);
    assert!(
        problem
            .goals()
            .iter()
            .enumerate()
            .all(|(g, _)| { !problem.goal_members(GoalId::from_index(g)).is_empty() })
    );
    let caps: Vec<u32> = problem
        .resources()
        .iter()
        .map(|r| r.capacity.base())
        .collect();
    assert!(caps.iter().all(|&c| (3..=8).contains(&c)));
}

#[test]
fn always_valid_across_seeds_and_shapes() {
    let shapes = [
        (1, 1, 1),
        (5, 1, 9),
        (30, 2, 3),
        (300, 6, 12),
        (2000, 9, 80),
        (0, 3, 2),
    ];
    for seed in 0..6 {
        for &(tasks, teams, goals) in &shapes {
            let params = GeneratorParams {
                tasks,
                teams,
                goals,
                seed,
                ..GeneratorParams::default()
            };
            let problem = load(&generate_plan(&params));
            assert_eq!(problem.len(), tasks);
            // staffable: some eligible team has min_people people
            for a in problem.activities() {
                let spec = a.spec.as_ref().expect("plan task");
                assert!(spec.alternatives.iter().any(|alt| {
                    alt.teams
                        .iter()
                        .all(|&(r, _)| problem.resource(r).capacity.base() >= spec.min_people)
                }));
            }
        }
    }
}

#[test]
fn large_plan_has_every_feature_and_is_acyclic() {
    // the default organisation (8 teams, 40 goals) also takes 10k tasks
    let crowded = GeneratorParams {
        tasks: 10_000,
        ..GeneratorParams::default()
    };
    assert_eq!(load(&generate_plan(&crowded)).len(), 10_000);
    let params = GeneratorParams {
        seed: 42,
        ..GeneratorParams::scaled(10_000)
    };
    let plan = generate_plan(&params);
    let problem = load(&plan); // build() rejects cycles
    assert_eq!(problem.len(), 10_000);
    let task_rows = rows(&plan.tasks_csv);
    let count = |f: &dyn Fn(&Row) -> bool| task_rows.iter().filter(|r| f(r)).count();
    let alternatives = count(&|r| r["teams"].contains('|'));
    assert!((1000..3000).contains(&alternatives), "{alternatives}");
    assert!(count(&|r| r["teams"].contains(':')) > 300);
    assert!(count(&|r| r.get("depends_on").is_some_and(|d| d.contains('+'))) > 100);
    assert!(count(&|r| r["effort"] == "0") > 30);
    assert!(count(&|r| r.contains_key("release")) > 100);
    assert!(count(&|r| r.get("max_people").is_some_and(|m| m != "1")) > 1000);
    assert!(
        rows(&plan.goals_csv)
            .iter()
            .filter(|r| r.contains_key("depends_on"))
            .count()
            > 30
    );
    assert!(rows(&plan.calendar_csv).len() >= 4);
    // cross-goal task edges exist
    let cross = problem
        .precedences()
        .iter()
        .filter(|p| {
            p.origin == crate::model::EdgeOrigin::Task
                && problem.activity(p.from).goal != problem.activity(p.to).goal
        })
        .count();
    assert!(cross > 100, "{cross}");
}

#[test]
fn write_to_creates_the_four_files() {
    let dir = std::env::temp_dir().join(format!("tandem-generate-{}", std::process::id()));
    let plan = generate_plan(&GeneratorParams {
        tasks: 50,
        goals: 5,
        ..GeneratorParams::default()
    });
    plan.write_to(&dir).unwrap();
    for (file, text) in [
        ("teams.csv", &plan.teams_csv),
        ("calendar.csv", &plan.calendar_csv),
        ("goals.csv", &plan.goals_csv),
        ("tasks.csv", &plan.tasks_csv),
    ] {
        assert_eq!(&std::fs::read_to_string(dir.join(file)).unwrap(), text);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn example_roadmap_is_a_valid_plan() {
    let problem = load_plan(
        include_str!("../../data/roadmap/teams.csv"),
        include_str!("../../data/roadmap/calendar.csv"),
        include_str!("../../data/roadmap/goals.csv"),
        include_str!("../../data/roadmap/tasks.csv"),
    );
    assert_eq!(problem.resources().len(), 6);
    assert!((12..=16).contains(&problem.goals().len()));
    assert!((120..=180).contains(&problem.len()));
    assert!(problem.goals().iter().any(|g| !g.depends_on.is_empty()));
}

#[test]
fn ranges_come_from_their_own_stream_and_change_nothing_else() {
    for seed in [0, 3] {
        let params = GeneratorParams {
            tasks: 400,
            goals: 15,
            seed,
            ..GeneratorParams::default()
        };
        let with = generate_plan(&params);
        let without = generate_plan(&GeneratorParams {
            ranges: false,
            ..params
        });
        assert_eq!(with.teams_csv, without.teams_csv);
        assert_eq!(with.calendar_csv, without.calendar_csv);
        assert_eq!(with.goals_csv, without.goals_csv);
        assert!(
            with.tasks_csv
                .starts_with("task,goal,name,effort,teams,min_people,max_people,depends_on,release,effort_low,effort_high\n")
        );
        assert!(!without.tasks_csv.contains("effort_low"));
        // the same rows, with two more columns
        let half = |v: f64| (2.0 * v).fract() == 0.0;
        let mut ranged = 0;
        for (mut x, y) in rows(&with.tasks_csv)
            .into_iter()
            .zip(rows(&without.tasks_csv))
        {
            let low = x.remove("effort_low").map(|v| v.parse::<f64>().unwrap());
            let high = x.remove("effort_high").map(|v| v.parse::<f64>().unwrap());
            assert_eq!(x, y);
            let effort: f64 = x["effort"].parse().unwrap();
            match (low, high) {
                (None, None) => assert_eq!(effort, 0.0, "{x:?}"),
                (Some(low), Some(high)) => {
                    ranged += 1;
                    assert!(0.0 < low && low <= effort && effort <= high, "{x:?}");
                    assert!(low >= (0.6 * effort - 0.25).max(0.5), "{x:?} {low}");
                    assert!(high <= 2.5 * effort + 0.25, "{x:?} {high}");
                    assert!(half(low) && half(high), "{low} {high}");
                }
                _ => panic!("one-sided range {x:?}"),
            }
        }
        assert!(ranged > 350, "{ranged}");
        // read back: every task but the milestones has its range
        let (p, q) = (load(&with), load(&without));
        let count = |p: &Problem| {
            p.activities()
                .iter()
                .filter(|a| a.spec.as_ref().unwrap().range.is_some())
                .count()
        };
        assert_eq!((count(&p), count(&q)), (ranged, 0));
        for (a, b) in p.activities().iter().zip(q.activities()) {
            assert_eq!(a.modes, b.modes);
        }
    }
}
