//! Tests of the plan reader: the fixtures under `tests/fixtures/plans/` and
//! small plans held in memory.

use super::*;
use crate::model::{Alternative, EdgeOrigin, EffortRange, Precedence};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plans")
        .join(name)
}

fn start(date: &str) -> PlanOptions {
    PlanOptions {
        start: Some(date.parse().unwrap()),
        ..PlanOptions::default()
    }
}

/// Parses a plan held in memory; `None` means the file is missing.
fn mem(
    teams: &str,
    calendar: Option<&str>,
    goals: &str,
    tasks: &str,
) -> Result<Problem, InputError> {
    mem_with(teams, calendar, goals, tasks, &PlanOptions::default())
}

fn mem_with(
    teams: &str,
    calendar: Option<&str>,
    goals: &str,
    tasks: &str,
    options: &PlanOptions,
) -> Result<Problem, InputError> {
    mem_project(None, None, teams, calendar, goals, tasks, options)
}

/// [`mem_with`] with a `project.csv` and a `workdays.csv` (`None`: missing).
fn mem_project(
    project: Option<&str>,
    workdays: Option<&str>,
    teams: &str,
    calendar: Option<&str>,
    goals: &str,
    tasks: &str,
    options: &PlanOptions,
) -> Result<Problem, InputError> {
    let src = |t: Option<&str>| t.map_or(Source::Missing, |t| Source::Bytes(t.as_bytes().to_vec()));
    let sources = Sources {
        project: src(project),
        workdays: src(workdays),
        teams: src(Some(teams)),
        calendar: src(calendar),
        goals: src(Some(goals)),
        tasks: src(Some(tasks)),
    };
    parse(&Paths::new(Path::new("mem")), &sources, options)
}

fn messages(err: &InputError) -> Vec<String> {
    err.issues.iter().map(ToString::to_string).collect()
}

const TEAMS: &str = "team,capacity\nbackend,3\nplatform,2\n";
const GOALS: &str = "goal,priority\ncore,2\n";

#[test]
fn small_fixture_uses_every_feature() {
    let p = read_plan(&fixture("small"), &PlanOptions::default()).unwrap();
    assert_eq!(p.resources().len(), 3);
    assert_eq!(p.goals().len(), 4);
    assert_eq!(p.len(), 15);
    assert!(p.work_days().is_none());
    let team = |id: &str| p.resources().iter().find(|r| r.id == id).unwrap();
    let backend = team("backend");
    assert_eq!(backend.name.as_deref(), Some("Backend team"));
    // later row wins: day 12 is 1, the rest of 10..=14 is 2
    let days: Vec<u32> = (9..16).map(|d| backend.capacity.at(d)).collect();
    assert_eq!(days, vec![4, 2, 2, 1, 2, 2, 4]);
    assert_eq!(team("platform").capacity.at(25), 4);
    assert_eq!(team("design").capacity.at(5), 0);
    assert_eq!(team("design").capacity.base(), 2);

    let task = |id: &str| p.activities().iter().find(|a| a.id == id).unwrap();
    let a3 = task("A3");
    let spec = a3.spec.as_ref().unwrap();
    assert_eq!(
        spec.alternatives,
        vec![
            Alternative::from((ResourceId(0), 6.0)),
            Alternative::from((ResourceId(1), 9.0))
        ]
    );
    assert_eq!((spec.min_people, spec.max_people), (1, 2));
    let modes: Vec<(u32, u32, u32)> = a3
        .modes
        .iter()
        .map(|m| (m.demands[0].resource.0, m.demands[0].amount, m.duration))
        .collect();
    assert_eq!(modes, vec![(0, 1, 6), (0, 2, 3), (1, 1, 9), (1, 2, 5)]);
    assert_eq!(
        task("B4").spec.as_ref().unwrap().alternatives[0],
        Alternative::from((ResourceId(0), 4.0))
    );
    assert_eq!(task("M1").release, 5);
    assert_eq!(task("A4").modes[0].duration, 0); // milestone
    assert_eq!(task("A1").name.as_deref(), Some("Auth API"));
    // B1 needs 2..=4 people: no one-person mode
    assert!(task("B1").modes.iter().all(|m| m.demands[0].amount >= 2));

    let written: Vec<(String, String, i32)> = p
        .precedences()
        .iter()
        .filter(|e| e.origin == EdgeOrigin::Task)
        .map(|e| {
            (
                p.activity(e.from).id.clone(),
                p.activity(e.to).id.clone(),
                e.lag,
            )
        })
        .collect();
    assert!(written.contains(&("B1".into(), "B2".into(), 2)));
    assert!(written.contains(&("L1".into(), "L3".into(), 1)));
    assert_eq!(written.len(), 11);
    assert!(p.precedences().iter().any(|e| e.origin == EdgeOrigin::Goal));

    let goal = |id: &str| p.goals().iter().find(|g| g.id == id).unwrap();
    assert_eq!(goal("auth").due, Some(20));
    assert_eq!(goal("mobile").due, None);
    assert_eq!(goal("launch").depends_on, vec![GoalId(1), GoalId(2)]);
    assert_eq!(goal("launch").name.as_deref(), Some("Public launch"));
    assert_eq!(goal("auth").priority, 5.0);
}

#[test]
fn dates_map_to_the_same_days() {
    let days = read_plan(&fixture("small"), &PlanOptions::default()).unwrap();
    let options = start("2027-01-04");
    let dates = read_plan(&fixture("small_dates"), &options).unwrap();
    assert_eq!(
        dates.work_days(),
        Some(&WorkDays::new("2027-01-04".parse().unwrap()))
    );
    for (a, b) in days.resources().iter().zip(dates.resources()) {
        assert_eq!(a.capacity, b.capacity, "{}", a.id);
    }
    for (a, b) in days.goals().iter().zip(dates.goals()) {
        assert_eq!(a.due, b.due, "{}", a.id);
    }
    for (a, b) in days.activities().iter().zip(dates.activities()) {
        assert_eq!(a.release, b.release, "{}", a.id);
    }
    // day numbers still work with a start date
    assert!(read_plan(&fixture("small"), &options).is_ok());
}

#[test]
fn objective_is_passed_through() {
    let options = PlanOptions {
        objective: Objective::Makespan,
        ..PlanOptions::default()
    };
    let p = read_plan(&fixture("small"), &options).unwrap();
    assert_eq!(p.objective(), Objective::Makespan);
}

/// One bad fixture: the folder, the `--start` to use, and for each expected
/// issue (in order) the substrings its message must contain.
struct Case {
    dir: &'static str,
    start: Option<&'static str>,
    issues: &'static [&'static [&'static str]],
}

const CASES: &[Case] = &[
    Case {
        dir: "bad_missing_file",
        start: None,
        issues: &[&["tasks.csv: required file is missing"]],
    },
    Case {
        dir: "bad_missing_column",
        start: None,
        issues: &[&["tasks.csv:1: column `effort`", "required column is missing"]],
    },
    Case {
        dir: "bad_empty_cell",
        start: None,
        issues: &[&["tasks.csv:3: column `goal`", "required value is empty"]],
    },
    Case {
        dir: "bad_unknown_team",
        start: None,
        issues: &[&["tasks.csv:4: column `teams`", "unknown team `qa`"]],
    },
    Case {
        dir: "bad_unknown_goal",
        start: None,
        issues: &[&["tasks.csv:3: column `goal`", "unknown goal `cor`"]],
    },
    Case {
        dir: "bad_unknown_task",
        start: None,
        issues: &[&["tasks.csv:4: column `depends_on`", "unknown task `T9`"]],
    },
    Case {
        dir: "bad_unknown_goal_dependency",
        start: None,
        issues: &[&["goals.csv:3: column `depends_on`", "unknown goal `kore`"]],
    },
    Case {
        dir: "bad_duplicate_task",
        start: None,
        issues: &[&[
            "tasks.csv:4: column `task`",
            "duplicate task id `T1`",
            "first defined on line 2",
        ]],
    },
    Case {
        dir: "bad_duplicate_team",
        start: None,
        issues: &[&[
            "teams.csv:4: column `team`",
            "duplicate team id `backend`",
            "first defined on line 2",
        ]],
    },
    Case {
        dir: "bad_not_a_number",
        start: None,
        issues: &[&["tasks.csv:3: column `effort`", "`three` is not a number"]],
    },
    Case {
        dir: "bad_negative_effort",
        start: None,
        issues: &[&[
            "tasks.csv:3: column `effort`",
            "`-3`",
            "effort must be >= 0",
        ]],
    },
    Case {
        dir: "bad_capacity",
        start: None,
        issues: &[
            &[
                "teams.csv:2: column `capacity`",
                "`2.5` is not an integer >= 0",
            ],
            &[
                "teams.csv:3: column `capacity`",
                "`-1`",
                "capacity must be an integer >= 0",
            ],
        ],
    },
    Case {
        dir: "bad_priority",
        start: None,
        issues: &[&[
            "goals.csv:3: column `priority`",
            "`0`",
            "priority must be > 0",
        ]],
    },
    Case {
        dir: "bad_max_below_min",
        start: None,
        issues: &[&[
            "tasks.csv:2: column `max_people`",
            "max_people 2 is less than min_people 3",
        ]],
    },
    Case {
        dir: "bad_unstaffable",
        start: None,
        issues: &[&[
            "tasks.csv:2: column `min_people`",
            "task `T1` cannot be staffed",
            "at least 4 people",
            "`backend` has 3",
        ]],
    },
    Case {
        dir: "bad_id_chars",
        start: None,
        issues: &[&["tasks.csv:4: column `task`", "invalid id `T:3`"]],
    },
    Case {
        dir: "bad_dependency_syntax",
        start: None,
        issues: &[&["tasks.csv:4: column `depends_on`", "`T2+x` is malformed"]],
    },
    Case {
        dir: "bad_lead",
        start: None,
        issues: &[&[
            "tasks.csv:4: column `depends_on`",
            "`T2+-3000000` is out of range",
            "a lead (a negative lag) must be at least -2097152 days",
        ]],
    },
    Case {
        dir: "bad_self_dependency",
        start: None,
        issues: &[&[
            "tasks.csv:3: column `depends_on`",
            "task `T2` depends on itself",
        ]],
    },
    Case {
        dir: "bad_cycle",
        start: None,
        issues: &[&[
            "tasks.csv:2: column `depends_on`",
            "dependency cycle: T1 -> T2 -> T1",
        ]],
    },
    Case {
        dir: "bad_goal_cycle",
        start: None,
        issues: &[&[
            "goals.csv:2: column `depends_on`",
            "goal dependency cycle: core -> extra -> core",
        ]],
    },
    Case {
        dir: "bad_goal_induced_cycle",
        start: None,
        issues: &[&[
            "tasks.csv:2: column `depends_on`",
            "dependency cycle through goal dependencies: T1 -> T2 -> T3 -> T1",
            "goal `extra` depends on goal `core`",
        ]],
    },
    Case {
        dir: "bad_date_without_start",
        start: None,
        issues: &[&["goals.csv:2: column `due`", "`2027-02-15`", "--start"]],
    },
    Case {
        dir: "bad_date_before_start",
        start: Some("2027-01-04"),
        issues: &[&[
            "tasks.csv:4: column `release`",
            "`2026-12-01` is before the plan start 2027-01-04",
        ]],
    },
    Case {
        dir: "bad_empty_file",
        start: None,
        issues: &[&["goals.csv: file is empty"]],
    },
    Case {
        dir: "bad_calendar",
        start: None,
        issues: &[
            &["calendar.csv:2: column `team`", "unknown team `qa`"],
            &[
                "calendar.csv:3: column `to`",
                "`3`",
                "must not be before `from`",
            ],
        ],
    },
    Case {
        dir: "bad_utf8",
        start: None,
        issues: &[&["tasks.csv:3: column `teams`", "not valid UTF-8"]],
    },
    Case {
        dir: "bad_many",
        start: None,
        issues: &[
            &["teams.csv:3: column `capacity`", "`-1`"],
            &["goals.csv:2: column `priority`", "`0`"],
            &["tasks.csv:3: column `teams`", "unknown team `infra`"],
        ],
    },
];

#[test]
fn every_bad_fixture_reports_file_line_column_and_value() {
    let mut failures = Vec::new();
    for case in CASES {
        let options = case.start.map_or_else(PlanOptions::default, start);
        let got = match read_plan(&fixture(case.dir), &options) {
            Ok(_) => {
                failures.push(format!("{}: accepted", case.dir));
                continue;
            }
            Err(e) => messages(&e),
        };
        if got.len() != case.issues.len() {
            failures.push(format!(
                "{}: expected {} issues, got {got:#?}",
                case.dir,
                case.issues.len()
            ));
            continue;
        }
        for (msg, parts) in got.iter().zip(case.issues) {
            for part in *parts {
                if !msg.contains(part) {
                    failures.push(format!("{}: `{msg}` lacks `{part}`", case.dir));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixtures_readme_and_cases_agree() {
    let root = fixture("");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut dirs: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bad_"))
        .collect();
    dirs.sort();
    let mut cases: Vec<String> = CASES.iter().map(|c| c.dir.to_string()).collect();
    cases.sort();
    assert_eq!(dirs, cases);
    for case in CASES {
        let mut block = format!("\n{}\n", case.dir);
        for parts in case.issues {
            block.push_str(&format!("  - {}\n", parts.join(" | ")));
        }
        assert!(readme.contains(&block), "README.md should list:{block}");
    }
}

#[test]
fn not_a_folder() {
    let err = read_plan(&fixture("no_such_plan"), &PlanOptions::default()).unwrap_err();
    assert_eq!(err.issues.len(), 1);
    assert!(
        err.to_string()
            .contains("no_such_plan: cannot read file: not a folder")
    );
}

#[test]
fn csv_rules_bom_trim_order_unknown_columns_ragged_rows() {
    let teams = "\u{feff}capacity , team,colour\n 3 , backend ,red\n";
    let goals = "goal,priority,extra\n core , 1.5\n\n,,\n";
    let tasks = "teams,effort,task,goal,depends_on\nbackend,2,a,core\nbackend, 1 ,b,core, a+2 ; \n";
    let p = mem(teams, None, goals, tasks).unwrap();
    assert_eq!(p.resources()[0].id, "backend");
    assert_eq!(p.resources()[0].capacity.base(), 3);
    assert_eq!(p.goals()[0].priority, 1.5);
    assert_eq!(p.len(), 2);
    assert_eq!(
        p.precedences(),
        &[Precedence {
            from: ActivityId(0),
            to: ActivityId(1),
            lag: 2,
            origin: EdgeOrigin::Task
        }]
    );
}

#[test]
fn leads_are_read_and_their_limits_placed() {
    // `a+-2`: b may start 2 days before a finishes; `a-2` is a task id
    let tasks = "task,goal,effort,teams,depends_on\n\
                 a,core,3,backend,\n\
                 a-2,core,1,backend,\n\
                 b,core,1,backend,a+-2;a-2\n";
    let p = mem(TEAMS, None, GOALS, tasks).unwrap();
    let lags: Vec<(usize, usize, i32)> = p
        .precedences()
        .iter()
        .map(|e| (e.from.index(), e.to.index(), e.lag))
        .collect();
    assert_eq!(lags, [(0, 2, -2), (1, 2, 0)]);
    // every problem at once, with file, line, column and value
    let tasks = "task,goal,effort,teams,depends_on\n\
                 a,core,3,backend,\n\
                 b,core,1,backend,a+-3000000\n\
                 c,core,1,backend,a+--1\n\
                 d,core,1,backend,b+-2097152\n";
    let msgs = messages(&mem(TEAMS, None, GOALS, tasks).unwrap_err());
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    assert!(
        msgs[0].starts_with(
            "mem/tasks.csv:3: column `depends_on`: `a+-3000000` is out of range: a lead"
        ),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[1].starts_with("mem/tasks.csv:4: column `depends_on`: `a+--1` is malformed"),
        "{}",
        msgs[1]
    );
}

#[test]
fn the_builder_refuses_a_lead_beyond_the_horizon_at_its_cell() {
    // readers stop such a lead first; the builder's error is placed too
    let task = |id: &str, line| validate::Task {
        id: id.into(),
        line,
        name: None,
        goal: 0,
        alternatives: Vec::new(),
        range: None,
        min_people: 1,
        max_people: 1,
        release: 0,
        depends_on: Vec::new(),
    };
    let tasks = vec![task("a", 2), task("b", 3)];
    let error = ModelError::BadLag {
        from: "a".into(),
        to: "b".into(),
        lag: -3_000_000,
    };
    let issue = model_issue(&Paths::new(Path::new("mem")), &tasks, error);
    assert_eq!(
        issue.to_string(),
        "mem/tasks.csv:3: column `depends_on`: `b` depends on `a` with lag -3000000; a lag must be at least -2097152 days"
    );
}

#[test]
fn calendar_is_optional_and_may_be_empty() {
    let tasks = "task,goal,effort,teams\na,core,1,backend\n";
    assert!(mem(TEAMS, None, GOALS, tasks).is_ok());
    assert!(mem(TEAMS, Some(""), GOALS, tasks).is_ok());
    assert!(mem(TEAMS, Some("team,from,to,capacity\n"), GOALS, tasks).is_ok());
}

#[test]
fn every_problem_is_reported_in_file_then_line_order() {
    let teams = "team,capacity\nbackend,x\nbackend,2\n";
    let calendar = "team,from,to,capacity\nqa,1,2,3\n";
    let goals = "goal,priority,depends_on\ncore,-1,\nnext,1,core;nope\n";
    let tasks = "task,goal,effort,teams,min_people,max_people,depends_on,release\n\
                 b,core,2,backend,,,a+x,soon\n\
                 a,next,1,backend:z,0,,b,\n\
                 c,core,1,qa|backend,2,1,c,\n";
    let err = mem(teams, Some(calendar), goals, tasks).unwrap_err();
    let got: Vec<String> = err
        .issues
        .iter()
        .map(|i| {
            format!(
                "{}:{}:{}",
                i.location.file.display(),
                i.location.line.unwrap_or(0),
                i.location.column.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "mem/teams.csv:2:capacity",
            "mem/teams.csv:3:team", // duplicate
            "mem/calendar.csv:2:team",
            "mem/goals.csv:2:priority",
            "mem/goals.csv:3:depends_on", // nope
            "mem/tasks.csv:2:depends_on", // a+x
            "mem/tasks.csv:2:release",
            "mem/tasks.csv:3:teams", // backend:z
            "mem/tasks.csv:3:min_people",
            "mem/tasks.csv:4:max_people",
            "mem/tasks.csv:4:teams",      // qa
            "mem/tasks.csv:4:depends_on", // self
        ],
        "{err}"
    );
}

#[test]
fn cycle_is_found_even_when_rows_on_it_have_other_problems() {
    let tasks = "task,goal,effort,teams,release,depends_on\n\
                 x,core,1,backend,,z\n\
                 y,core,1,backend,later,x\n\
                 z,core,1,backend,,y\n";
    let err = mem(TEAMS, None, GOALS, tasks).unwrap_err();
    let msgs = messages(&err);
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    assert!(
        msgs[0]
            .contains("mem/tasks.csv:2: column `depends_on`: dependency cycle: x -> y -> z -> x")
    );
    assert!(msgs[1].contains("mem/tasks.csv:3: column `release`: `later`"));
}

#[test]
fn staffing_rules() {
    // a milestone needs nobody, even from a team without people
    let teams = "team,capacity\nempty,0\nsmall,1\n";
    let goals = GOALS;
    assert!(
        mem(
            teams,
            None,
            goals,
            "task,goal,effort,teams\nm,core,0,empty\n"
        )
        .is_ok()
    );
    // one eligible team with enough people is enough; the other gets no mode
    let p = mem(
        teams,
        None,
        goals,
        "task,goal,effort,teams\nt,core,2,empty|small\n",
    )
    .unwrap();
    assert_eq!(p.activities()[0].modes.len(), 1);
    // per-team effort 0 makes a team a milestone option
    assert!(
        mem(
            teams,
            None,
            goals,
            "task,goal,effort,teams\nt,core,2,empty:0\n"
        )
        .is_ok()
    );
    let tasks = "task,goal,effort,teams,min_people\nt,core,2,empty|small,2\nu,core,1,empty\n";
    let msgs = messages(&mem(teams, None, goals, tasks).unwrap_err());
    assert_eq!(msgs.len(), 2);
    assert!(
        msgs[0].contains("mem/tasks.csv:2: column `min_people`"),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[0].contains("`empty` has 0, `small` has 1"),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[1].contains("mem/tasks.csv:3: column `teams`"),
        "{}",
        msgs[1]
    );
    assert!(
        msgs[1].contains("task `u` cannot be staffed"),
        "{}",
        msgs[1]
    );
    // a crew larger than the capacity is capped, not an error
    let p = mem(
        teams,
        None,
        goals,
        "task,goal,effort,teams,max_people\nt,core,4,small,9\n",
    )
    .unwrap();
    assert_eq!(p.activities()[0].modes.len(), 1);
}

#[test]
fn date_columns_without_start_say_to_pass_start() {
    let calendar = "team,from,to,capacity\nbackend,2027-01-04,3,1\n";
    let tasks = "task,goal,effort,teams,release\na,core,1,backend,2027-01-05\n";
    let err = mem(TEAMS, Some(calendar), GOALS, tasks).unwrap_err();
    let msgs = messages(&err);
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    assert!(msgs[0].starts_with("mem/calendar.csv:2: column `from`: `2027-01-04`"));
    assert!(msgs[1].starts_with("mem/tasks.csv:2: column `release`: `2027-01-05`"));
    assert!(msgs.iter().all(|m| m.contains("pass `--start YYYY-MM-DD`")));
    let p = mem_with(TEAMS, Some(calendar), GOALS, tasks, &start("2027-01-04")).unwrap();
    assert_eq!(p.activities()[0].release, 1);
    assert_eq!(p.resources()[0].capacity.at(3), 1);
    assert_eq!(p.resources()[0].capacity.at(4), 3);
}

#[test]
fn header_only_plan_is_empty_and_valid() {
    let p = mem(
        "team,capacity\n",
        None,
        "goal,priority\n",
        "task,goal,effort,teams\n",
    )
    .unwrap();
    assert!(p.is_empty());
}

#[test]
fn missing_files_do_not_cascade_into_unknown_ids() {
    let sources = Sources {
        project: Source::Missing,
        workdays: Source::Missing,
        teams: Source::Missing,
        calendar: Source::Bytes(b"team,from,to,capacity\nbackend,1,2,1\n".to_vec()),
        goals: Source::Unreadable("permission denied".into()),
        tasks: Source::Bytes(b"task,goal,effort,teams\na,core,1,backend\n".to_vec()),
    };
    let err = parse(
        &Paths::new(Path::new("mem")),
        &sources,
        &PlanOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        messages(&err),
        vec![
            "mem/teams.csv: required file is missing",
            "mem/goals.csv: cannot read file: permission denied"
        ]
    );
}

/// A layered random-ish plan: `n` tasks in `n / 50` goals, each task
/// depending on up to three earlier tasks.
fn big_plan(n: usize) -> (String, String, String) {
    let teams = "team,capacity\nt0,5\nt1,3\nt2,8\nt3,2\n".to_string();
    let goals_n = n / 50;
    let mut goals = String::from("goal,priority,due,depends_on\n");
    for g in 0..goals_n {
        let dep = if g % 7 == 3 {
            format!("g{}", g - 1)
        } else {
            String::new()
        };
        goals.push_str(&format!("g{g},{},{} ,{dep}\n", 1 + g % 5, 100 + g));
    }
    let mut tasks =
        String::from("task,goal,effort,teams,min_people,max_people,depends_on,release\n");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..n {
        let g = i / 50;
        let base = g * 50;
        let mut deps = Vec::new();
        for _ in 0..3 {
            if i > base {
                let d = base + (next() as usize) % (i - base);
                deps.push(format!("T{d}+{}", next() % 3));
            }
        }
        let teams = match next() % 3 {
            0 => format!("t{}", next() % 4),
            1 => format!("t{}:{}|t{}", next() % 2, next() % 9, 2 + next() % 2),
            _ => "t2".to_string(),
        };
        tasks.push_str(&format!(
            "T{i},g{g},{},{teams},1,{},{},{}\n",
            next() % 20,
            1 + next() % 3,
            deps.join(";"),
            next() % 10
        ));
    }
    (teams, goals, tasks)
}

#[test]
fn big_plan_is_valid() {
    let (teams, goals, tasks) = big_plan(2_000);
    let p = mem(&teams, None, &goals, &tasks).unwrap();
    assert_eq!(p.len(), 2_000);
}

#[test]
fn goal_depending_on_itself_is_a_goal_cycle() {
    let goals = "goal,priority,depends_on\ncore,1,\nloop,1,loop\n";
    let msgs = messages(&mem(TEAMS, None, goals, "task,goal,effort,teams\n").unwrap_err());
    assert_eq!(
        msgs,
        vec!["mem/goals.csv:3: column `depends_on`: goal dependency cycle: loop -> loop"]
    );
}

#[test]
fn builder_cycles_are_placed_on_the_task_line() {
    let tasks = vec![validate::Task {
        id: "a".into(),
        line: 7,
        name: None,
        goal: 0,
        alternatives: Vec::new(),
        range: None,
        min_people: 1,
        max_people: 1,
        release: 0,
        depends_on: Vec::new(),
    }];
    let error = ModelError::DependencyCycle {
        ids: vec!["a".into(), "b".into()],
    };
    let issue = model_issue(&Paths::new(Path::new("mem")), &tasks, error);
    assert_eq!(
        issue.to_string(),
        "mem/tasks.csv:7: column `depends_on`: dependency cycle: a -> b -> a"
    );
}

#[test]
fn plans_too_long_to_schedule_are_refused_naming_the_task() {
    // a release past the horizon is out of range in its cell
    let tasks = "task,goal,effort,teams,release\n\
                 a,core,1,backend,\n\
                 b,core,1,backend,3000000\n";
    let err = mem(TEAMS, None, GOALS, tasks).unwrap_err();
    let msgs = messages(&err);
    assert_eq!(msgs.len(), 1, "{msgs:#?}");
    assert!(
        msgs[0].starts_with(
            "mem/tasks.csv:3: column `release`: `3000000` is out of range: days are counted from 0 (the plan start) up to 2097152"
        ),
        "{}",
        msgs[0]
    );
    // a late release plus the work after it: the horizon is past MAX_HORIZON
    let tasks = "task,goal,effort,teams,release\n\
                 a,core,200000,backend,\n\
                 b,core,1,backend,2000000\n";
    let msgs = messages(&mem(TEAMS, None, GOALS, tasks).unwrap_err());
    assert_eq!(msgs.len(), 1, "{msgs:#?}");
    assert!(
        msgs[0].starts_with("mem/tasks.csv:3: column `release`: "),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[0].contains("task `b` is released on day 2000000"),
        "{}",
        msgs[0]
    );
    // so does a huge effort or lag; an effort beyond any day count is out of range
    let tasks = "task,goal,effort,teams,depends_on\n\
                 a,core,1,backend,\n\
                 b,core,1,backend,a+4000000\n";
    let msgs = messages(&mem(TEAMS, None, GOALS, tasks).unwrap_err());
    assert!(
        msgs[0].starts_with("mem/tasks.csv:3: column `depends_on`: "),
        "{msgs:?}"
    );
    assert!(
        msgs[0].contains("task `b` waits 4000000 days after `a`"),
        "{msgs:?}"
    );
    let tasks = "task,goal,effort,teams\na,core,1e20,backend\n";
    let msgs = messages(&mem(TEAMS, None, GOALS, tasks).unwrap_err());
    assert!(
        msgs[0].starts_with("mem/tasks.csv:2: column `effort`: `1e20` is out of range"),
        "{msgs:?}"
    );
}

#[test]
fn crlf_files_report_the_same_lines() {
    let tasks = "task,goal,effort,teams\na,core,1,backend\nb,core,-1,backend\n";
    let lf = messages(&mem(TEAMS, None, GOALS, tasks).unwrap_err());
    let crlf = tasks.replace('\n', "\r\n");
    let crlf = messages(&mem(TEAMS, None, GOALS, &crlf).unwrap_err());
    assert_eq!(lf, crlf);
    assert!(
        lf[0].starts_with("mem/tasks.csv:3: column `effort`"),
        "{lf:?}"
    );
}

#[test]
fn open_ended_calendar_rows_last_until_the_horizon() {
    // regression (issue 14 A): `to` = 4294967295 made the solver overload
    // the team; 4294967294 or 2097151 gave a horizon error without a line.
    // Empty, and any `to` beyond the horizon, mean "until further notice".
    let teams = "team,capacity\nA,3\n";
    let goals = "goal,priority\nG,1\n";
    let tasks = "task,goal,effort,teams,max_people\nT0,G,4,A,2\nT1,G,4,A,2\n";
    let mut steps = Vec::new();
    for to in ["", "4294967295", "4294967294", "2097151", "99999999999"] {
        let calendar = format!("team,from,to,capacity\nA,5,{to},1\n");
        let p = mem(teams, Some(&calendar), goals, tasks).unwrap();
        let cal = &p.resources()[0].capacity;
        assert_eq!((cal.at(4), cal.at(5), cal.at(100_000)), (3, 1, 1), "{to}");
        assert_eq!(cal.steps().last().map(|s| s.1), Some(3), "{to}");
        assert!(p.horizon() <= crate::model::MAX_HORIZON, "{to}");
        steps.push(cal.steps().to_vec());
    }
    assert!(steps.iter().all(|s| *s == steps[0]), "{steps:?}");
    // the `to` column may be left out altogether
    let calendar = "team,from,capacity\nA,5,1\n";
    let p = mem(teams, Some(calendar), goals, tasks).unwrap();
    assert_eq!(p.resources()[0].capacity.steps(), &steps[0][..]);
}

/// A plan whose goal is due on 2027-01-11 (Monday) and whose task is
/// released on 2027-01-06 (Wednesday), read with `project.csv` and
/// `workdays.csv`.
fn calendar_plan(
    project: Option<&str>,
    workdays: Option<&str>,
    options: &PlanOptions,
) -> Result<Problem, InputError> {
    mem_project(
        project,
        workdays,
        TEAMS,
        None,
        "goal,priority,due\ncore,2,2027-01-11\n",
        "task,goal,effort,teams,release\nT1,core,3,backend,2027-01-06\n",
        options,
    )
}

#[test]
fn project_csv_gives_the_start_weekdays_and_name() {
    let p = calendar_plan(
        Some("start,weekdays,name\n2027-01-04,MON|tue|Wed|thu|sat,Apollo\n"),
        None,
        &PlanOptions::default(),
    )
    .unwrap();
    let wd = p.work_days().unwrap();
    assert_eq!(wd.start().to_string(), "2027-01-04");
    assert_eq!(wd.weekdays(), [true, true, true, true, false, true, false]);
    assert_eq!(p.project_name(), Some("Apollo"));
    // Mon 4, Tue 5, Wed 6 = day 2; Mon 11 = day 5 (Thu 7, Sat 9 between)
    assert_eq!(p.activities()[0].release, 2);
    assert_eq!(p.goals()[0].due, Some(5));
    // --start overrides the file's start; the weekdays stay
    let p = calendar_plan(
        Some("start,weekdays\n2027-01-04,mon|tue|wed|thu|sat\n"),
        None,
        &start("2027-01-05"),
    )
    .unwrap();
    assert_eq!(p.work_days().unwrap().start().to_string(), "2027-01-05");
    assert_eq!(p.goals()[0].due, Some(4));
    // without weekdays: Monday to Friday; without a start: none unless --start
    let p = calendar_plan(Some("start\n2027-01-04\n"), None, &PlanOptions::default()).unwrap();
    assert_eq!(
        p.work_days().unwrap().weekdays(),
        WorkDays::MONDAY_TO_FRIDAY
    );
    assert_eq!(p.project_name(), None);
    let p = mem_project(
        Some("weekdays,name\nmon|tue,X\n"),
        None,
        TEAMS,
        None,
        GOALS,
        "task,goal,effort,teams\nT1,core,3,backend\n",
        &PlanOptions::default(),
    )
    .unwrap();
    assert!(p.work_days().is_none());
    assert_eq!(p.project_name(), Some("X"));
}

#[test]
fn workdays_csv_makes_holidays_and_working_days_later_rows_winning() {
    let workdays = "from,to,working,name
2027-01-05,2027-01-07,,winter break
2027-01-06,,yes,except Wednesday
2027-01-09,2027-01-09,YES,a Saturday worked
";
    let p = calendar_plan(
        Some("start\n2027-01-04\n"),
        Some(workdays),
        &PlanOptions::default(),
    )
    .unwrap();
    let wd = p.work_days().unwrap();
    let dates: Vec<String> = (0..5).map(|d| wd.date_of(d).to_string()).collect();
    // Mon 4, (Tue 5 off), Wed 6, (Thu 7 off), Fri 8, Sat 9, Mon 11
    assert_eq!(
        dates,
        [
            "2027-01-04",
            "2027-01-06",
            "2027-01-08",
            "2027-01-09",
            "2027-01-11"
        ]
    );
    assert_eq!(p.activities()[0].release, 1);
    assert_eq!(p.goals()[0].due, Some(4));
    // with --start alone
    let p = calendar_plan(None, Some(workdays), &start("2027-01-04")).unwrap();
    assert_eq!(p.goals()[0].due, Some(4));
}

#[test]
fn project_and_workdays_errors_are_all_reported_with_their_cells() {
    let err = calendar_plan(
        Some("start,weekdays\n2027-02-30,mon|tue|fryday|x\n2027-01-04,mon\n"),
        Some(
            "from,to,working\n2027-01-05,2027-01-04,no\n2027-13-01,,\n2027-01-05,,maybe\n,2027-01-04,\n",
        ),
        &start("2027-01-04"),
    )
    .unwrap_err();
    assert_eq!(
        messages(&err),
        [
            "mem/project.csv:2: column `start`: `2027-02-30` is not an ISO date (YYYY-MM-DD)",
            "mem/project.csv:2: column `weekdays`: `fryday` is malformed: expected weekday names (`mon` `tue` `wed` `thu` `fri` `sat` `sun`) separated by `|`: `mon|tue|wed|thu|fri`",
            "mem/project.csv:2: column `weekdays`: `x` is malformed: expected weekday names (`mon` `tue` `wed` `thu` `fri` `sat` `sun`) separated by `|`: `mon|tue|wed|thu|fri`",
            "mem/project.csv:3: more than one data row: the file describes one project (first row on line 2)",
            "mem/workdays.csv:2: column `to`: `2027-01-04` is out of range: `to` (2027-01-04) must not be before `from` (2027-01-05)",
            "mem/workdays.csv:3: column `from`: `2027-13-01` is not an ISO date (YYYY-MM-DD)",
            "mem/workdays.csv:4: column `working`: `maybe` is malformed: expected `yes` or `no`",
            "mem/workdays.csv:5: column `from`: required value is empty",
        ]
    );
    // a weekdays cell without any name, a workdays.csv without `from`
    let err = calendar_plan(
        Some("start,weekdays\n2027-01-04,|\n"),
        Some("to,working\n2027-01-04,no\n"),
        &PlanOptions::default(),
    )
    .unwrap_err();
    let msgs = messages(&err);
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0].starts_with("mem/project.csv:2: column `weekdays`: `|` is malformed"));
    assert_eq!(
        msgs[1],
        "mem/workdays.csv:1: column `from`: required column is missing from the header"
    );
}

#[test]
fn workdays_csv_without_a_start_date_is_an_error_naming_the_file() {
    let err = calendar_plan(
        None,
        Some("from,working\n2027-01-05,no\n"),
        &PlanOptions::default(),
    )
    .unwrap_err();
    let msgs = messages(&err);
    assert_eq!(
        msgs[0],
        "mem/workdays.csv:2: working-day exceptions need a plan start date: pass `--start YYYY-MM-DD` or give `start` in project.csv"
    );
    // the plan's own dates need the start too
    assert!(msgs[1].starts_with("mem/goals.csv:2: column `due`: `2027-01-11` is a date"));
    // a header-only workdays.csv needs nothing
    let p = mem_project(
        None,
        Some("from,to\n"),
        TEAMS,
        None,
        GOALS,
        "task,goal,effort,teams\nT1,core,3,backend\n",
        &PlanOptions::default(),
    )
    .unwrap();
    assert!(p.work_days().is_none());
    // a start that is not a date is reported once, not at every date
    let err = calendar_plan(
        Some("start\n2027-1-4\n"),
        Some("from\n2027-01-05\n"),
        &PlanOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        messages(&err),
        ["mem/project.csv:2: column `start`: `2027-1-4` is not an ISO date (YYYY-MM-DD)"]
    );
}

#[test]
fn tasks_on_several_teams_at_once() {
    let teams = "team,capacity\nbackend,3\nqa,2\nplatform,4\n";
    let tasks = "task,goal,effort,teams,min_people,max_people\n\
                 rel,core,12,backend*2+qa:10|platform,1,2\n\
                 fix,core,6,backend*2\n\
                 ms,core,0,backend+qa\n";
    let p = mem(teams, None, GOALS, tasks).unwrap();
    let task = |id: &str| p.activities().iter().find(|a| a.id == id).unwrap();
    let (backend, qa, platform) = (ResourceId(0), ResourceId(1), ResourceId(2));
    assert_eq!(
        task("rel").spec.as_ref().unwrap().alternatives,
        [
            Alternative::new(vec![(backend, Some(2)), (qa, None)], 10.0),
            Alternative::new(vec![(platform, None)], 12.0)
        ]
    );
    let modes = |id: &str| -> Vec<(u32, Vec<(usize, u32)>)> {
        task(id)
            .modes
            .iter()
            .map(|m| {
                let d = m.demands.iter().map(|d| (d.resource.index(), d.amount));
                (m.duration, d.collect())
            })
            .collect()
    };
    // 2+1 people: ceil(10/3) = 4 days, 2+2: 3 days; platform 1 or 2: 12, 6
    assert_eq!(
        modes("rel"),
        [
            (4, vec![(0, 2), (1, 1)]),
            (3, vec![(0, 2), (1, 2)]),
            (12, vec![(2, 1)]),
            (6, vec![(2, 2)])
        ]
    );
    // a fixed crew alone ignores min_people/max_people (1)
    assert_eq!(modes("fix"), [(3, vec![(0, 2)])]);
    assert_eq!(modes("ms"), [(0, vec![(0, 0), (1, 0)])]);
}

#[test]
fn alternatives_on_several_teams_are_validated() {
    let teams = "team,capacity,name\nbackend,3,Back end\nqa,1,\n";
    let tasks = "task,goal,effort,teams\n\
                 a,core,4,backend+qa+backend\n\
                 b,core,4,backend*0+qa\n\
                 c,core,4,backnd*2+qa\n\
                 d,core,4,backend*4+qa|qa*2\n\
                 e,core,4,backend*3+qa|qa\n";
    let msgs = messages(&mem(teams, None, GOALS, tasks).unwrap_err());
    assert_eq!(
        msgs,
        [
            "mem/tasks.csv:2: column `teams`: team `backend` appears more than once in `backend+qa+backend`: an alternative needs each of its teams once",
            "mem/tasks.csv:3: column `teams`: `backend*0` is out of range: a fixed crew (`*N`) must be an integer >= 1",
            "mem/tasks.csv:4: column `teams`: unknown team `backnd`; did you mean `backend`? (valid teams: backend, qa)",
            "mem/tasks.csv:5: column `teams`: task `d` cannot be staffed: `backend*4+qa` needs 4 of `backend`, which has 3; `qa*2` needs 2 of `qa`, which has 1",
        ],
        "{msgs:#?}"
    );
    // a team below min_people on an alternative of several teams: the
    // column is min_people, as for one team
    let tasks = "task,goal,effort,teams,min_people\nf,core,4,backend+qa,2\n";
    let msgs = messages(&mem(teams, None, GOALS, tasks).unwrap_err());
    assert_eq!(
        msgs,
        [
            "mem/tasks.csv:2: column `min_people`: task `f` cannot be staffed: `backend+qa` needs 2 of `qa`, which has 1"
        ]
    );
    // a milestone alternative needs nobody
    let tasks = "task,goal,effort,teams\nm,core,0,backend*9+qa\n";
    assert!(mem(teams, None, GOALS, tasks).is_ok());
}

#[test]
fn a_team_id_with_a_star_keeps_meaning_its_team() {
    let teams = "team,capacity\nqa*2,1\nweb*,2\n";
    let tasks = "task,goal,effort,teams\na,core,4,qa*2\nb,core,4,web*\nc,core,4,web**1\n";
    let p = mem(teams, None, GOALS, tasks).unwrap();
    let alt = |i: usize| p.activities()[i].spec.as_ref().unwrap().alternatives[0].clone();
    assert_eq!(alt(0), Alternative::from((ResourceId(0), 4.0)));
    assert_eq!(alt(1), Alternative::from((ResourceId(1), 4.0)));
    assert_eq!(
        alt(2),
        Alternative::new(vec![(ResourceId(1), Some(1))], 4.0)
    );
}

#[test]
fn effort_ranges_reach_the_problem() {
    // both columns; one-sided (the other defaults to effort); none; a
    // milestone's zero-width range; alternatives with their own effort
    let tasks = "task,goal,effort,teams,effort_low,effort_high\n\
                 a,core,10,backend,8,25\n\
                 b,core,4,backend,,6.5\n\
                 c,core,4,backend,3,\n\
                 d,core,4,backend,,\n\
                 m,core,0,backend,0,0\n\
                 e,core,12,backend|platform:16,12,12\n";
    let p = mem(TEAMS, None, GOALS, tasks).unwrap();
    let range = |i: u32| p.activity(ActivityId(i)).spec.as_ref().unwrap().range;
    assert_eq!(range(0), Some(EffortRange::new(8.0, 10.0, 25.0)));
    assert_eq!(range(1), Some(EffortRange::new(4.0, 4.0, 6.5)));
    assert_eq!(range(2), Some(EffortRange::new(3.0, 4.0, 4.0)));
    assert_eq!(range(3), None);
    assert_eq!(range(4), Some(EffortRange::new(0.0, 0.0, 0.0)));
    assert_eq!(range(5), Some(EffortRange::new(12.0, 12.0, 12.0)));
    // the ranges change nothing else: the same plan without the columns
    let plain = "task,goal,effort,teams\n\
                 a,core,10,backend\nb,core,4,backend\nc,core,4,backend\n\
                 d,core,4,backend\nm,core,0,backend\ne,core,12,backend|platform:16\n";
    let q = mem(TEAMS, None, GOALS, plain).unwrap();
    for (x, y) in p.activities().iter().zip(q.activities()) {
        assert_eq!(x.modes, y.modes, "{}", x.id);
        let (sx, sy) = (x.spec.as_ref().unwrap(), y.spec.as_ref().unwrap());
        assert_eq!(sx.alternatives, sy.alternatives, "{}", x.id);
        assert_eq!(sy.range, None);
    }
}

#[test]
fn bad_effort_ranges_are_all_reported_with_their_cells() {
    let tasks = "task,goal,effort,teams,effort_low,effort_high\n\
                 a,core,10,backend,ten,\n\
                 b,core,10,backend,-1,12\n\
                 c,core,10,backend,8,inf\n\
                 d,core,10,backend,12,15\n\
                 e,core,10,backend,8,9.5\n\
                 m,core,0,backend,,3\n\
                 n,core,0,backend,1,\n\
                 f,core,x,backend,1,2\n\
                 g,core,10,backnd,8,NaN\n";
    let msgs = messages(&mem(TEAMS, None, GOALS, tasks).unwrap_err());
    let milestone =
        "a milestone (effort 0) cannot have a range of non-zero width: its effort cannot be scaled";
    let want: [(&str, &str); 10] = [
        (
            "mem/tasks.csv:2: column `effort_low`: `ten` is not a number",
            "",
        ),
        (
            "mem/tasks.csv:3: column `effort_low`: `-1` is out of range: effort_low must be >= 0",
            "",
        ),
        (
            "mem/tasks.csv:4: column `effort_high`: `inf` is not a number",
            "",
        ),
        (
            "mem/tasks.csv:5: column `effort_low`: `12` is out of range: low above most likely: effort_low must be at most effort (10)",
            "",
        ),
        (
            "mem/tasks.csv:6: column `effort_high`: `9.5` is out of range: high below most likely: effort_high must be at least effort (10)",
            "",
        ),
        (
            "mem/tasks.csv:7: column `effort_high`: `3` is out of range: ",
            milestone,
        ),
        (
            "mem/tasks.csv:8: column `effort_low`: `1` is out of range: ",
            milestone,
        ),
        ("mem/tasks.csv:9: column `effort`: `x` is not a number", ""),
        (
            "mem/tasks.csv:10: column `effort_high`: `NaN` is not a number",
            "",
        ),
        (
            "mem/tasks.csv:10: column `teams`: unknown team `backnd`",
            "",
        ),
    ];
    assert_eq!(msgs.len(), want.len(), "{msgs:#?}");
    for (msg, (start, rest)) in msgs.iter().zip(want) {
        assert!(msg.starts_with(start) && msg.contains(rest), "{msg}");
    }
}
