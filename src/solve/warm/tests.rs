//! Unit tests of the warm start, settling and warm solves.

use super::*;
use crate::replan::{BaselineTask, Replan};
use crate::schedule::{Assignment, Crew, Schedule, ScheduleRow};
use crate::solve::testkit::small_plan as small;
use start::warm_list;

fn asg(start: u32, mode: usize) -> Assignment {
    Assignment { start, mode }
}

#[test]
fn warm_list_is_precedence_feasible_and_repair_keeps_the_baseline() {
    let (p, [a, b, c]) = small();
    // a baseline where b starts before a (e.g. the dependency is new)
    let rows = vec![
        ScheduleRow {
            task: "a".into(),
            goal: "g".into(),
            crew: Crew::single("backend", 2),
            start: 5,
            finish: 7,
        },
        ScheduleRow {
            task: "b".into(),
            goal: "g".into(),
            crew: Crew::single("backend", 1),
            start: 0,
            finish: 2,
        },
        ScheduleRow {
            task: "c".into(),
            goal: "h".into(),
            crew: Crew::single("web", 1),
            start: 4,
            finish: 7,
        },
    ];
    let baseline = Baseline::from_rows(&p, &rows);
    assert_eq!(warm_list(&p, &baseline), vec![c, a, b]);
    let q = Replan {
        stability_weight: 1.0,
        baseline: Some(baseline.clone()),
        ..Replan::default()
    }
    .apply(&p)
    .unwrap();
    let warm = warm_start(&q, Some(&baseline));
    let repaired = &warm.schedules[0];
    repaired.check(&q).unwrap();
    // a and c keep their slots and a's crew of 2; b moves after a (+ lag 1)
    assert_eq!(repaired.get(a), asg(5, 1));
    assert_eq!(repaired.start(c), 4);
    assert_eq!(repaired.start(b), 8);
    // settle undoes a needless move and keeps a forced one
    let moved = Schedule::new(vec![asg(5, 1), asg(9, 0), asg(6, 0)]);
    let settled = settle(&q, &moved, &baseline);
    assert_eq!(settled.start(c), 4);
    assert_eq!(settled.start(b), 9);
}

#[test]
fn a_library_baseline_far_past_the_horizon_is_no_panic() {
    // the baseline reader refuses such days; a baseline built in code
    // overflowed `start + duration` in the warm start's repair
    let (p, [a, b, c]) = small();
    let team = p.activity(a).modes[0].demands[0].resource;
    let far = |start: u32| {
        Some(BaselineTask {
            start,
            crew: Some(vec![crate::model::Demand {
                resource: team,
                amount: 1,
            }]),
        })
    };
    let baseline = Baseline {
        tasks: vec![far(u32::MAX - 1), far(u32::MAX), far(0)],
        goal_order: Vec::new(),
    };
    let request = Replan {
        baseline: Some(baseline),
        stability_weight: 0.5,
        ..Replan::default()
    };
    let options = SolveOptions::default().with_work_limit(0.05).unwrap();
    let problem = request.apply(&p).unwrap();
    let warm = warm_start(&problem, request.baseline.as_ref());
    let solution = crate::solve::solve_warm(&problem, &options, &warm);
    solution.schedule.check(&problem).expect("checker accepts");
    let _ = (b, c);
}
