//! Unit tests of the session.

use super::*;
use crate::model::{Calendar, MAX_PRIORITY, MAX_WEIGHT};
use crate::solve::testkit::small_plan as small;

#[test]
fn session_refuses_numbers_that_would_make_the_objective_infinite() {
    // regression (issue 14 B): the same limits as the plan reader and builder
    let (p, _) = small();
    let goal = p.goals()[0].id.clone();
    let mut s = Session::new(p, SolveOptions::default());
    assert!(s.set_goal_priority(&goal, 1e308).is_err());
    assert!(s.set_goal_priority(&goal, MAX_PRIORITY).is_ok());
    assert!(s.set_stability_weight(1e300).is_err());
    assert!(s.set_stability_weight(MAX_WEIGHT).is_ok());
}

#[test]
fn a_session_plans_then_replans_through_one_solver_keyed_by_plan_ids() {
    let (p, _) = small();
    let options = SolveOptions::default().with_work_limit(0.05).unwrap();
    let mut s = Session::new(p, options);
    assert!(s.solution().is_none());
    assert!(s.rows().is_empty() && s.goals().is_empty());
    let (problem, solution) = s.solve().unwrap();
    assert!(solution.schedule.check(problem).is_ok());
    assert_eq!(solution.stability_term(problem), 0.0);
    let goals: Vec<String> = s.goals().into_iter().map(|g| g.id).collect();
    assert_eq!(goals, ["g", "h"]);
    // a re-plan with a stability term: the solution says how much of its
    // objective that term is, and the checker agrees on the total
    s.set_stability_weight(2.0).unwrap();
    s.set_goal_priority("h", 50.0).unwrap();
    let diff = s.replan().unwrap();
    let (problem, solution) = (s.problem(), s.solution().unwrap());
    let report = solution.schedule.check(problem).unwrap();
    assert!((report.objective - solution.objective).abs() < 1e-9);
    let moved: u32 = diff
        .tasks
        .iter()
        .filter_map(|t| t.shift())
        .map(|d| d.unsigned_abs() as u32)
        .sum();
    assert_eq!(solution.stability_term(problem), 2.0 * f64::from(moved));
}

#[test]
fn refused_edits_are_typed_and_change_nothing() {
    let (p, _) = small();
    let mut s = Session::new(p, SolveOptions::default());
    let before = s.plan().clone();
    assert!(matches!(
        s.set_task_effort("a", "web", 3.0),
        Err(SessionError::Edit(EditError::NotEligible { .. }))
    ));
    assert!(matches!(
        s.set_task_effort("a", "backend", -1.0),
        Err(SessionError::Edit(EditError::Effort { .. }))
    ));
    assert!(matches!(
        s.set_team_capacity("backend", Calendar::constant(0)),
        Err(SessionError::Edit(EditError::Unstaffable { .. }))
    ));
    assert!(matches!(
        s.set_goal_priority("nope", 1.0),
        Err(SessionError::Unknown { what: "goal", .. })
    ));
    assert!(matches!(
        s.set_stability_weight(f64::NAN),
        Err(SessionError::Option { .. })
    ));
    assert_eq!(format!("{:?}", s.plan()), format!("{before:?}"));
}

#[test]
fn progress_and_efforts_on_several_teams_at_once() {
    use crate::model::{Alternative, ProblemBuilder};
    let mut b = ProblemBuilder::new();
    let backend = b.resource("backend", Calendar::constant(3));
    let qa = b.resource("qa", Calendar::constant(2));
    let g = b.goal("g", 1.0, None);
    let both = Alternative::new(vec![(backend, Some(2)), (qa, None)], 6.0);
    b.plan_task_alternatives("rel", Some(g), &[both, (backend, 9.0).into()], 1, 2, 0);
    let mut s = Session::new(
        b.build().unwrap(),
        SolveOptions::default().with_work_limit(0.05).unwrap(),
    );
    // the teams of an alternative, in any order, with its crews
    s.record_started("rel", 0, &[("qa", 2), ("backend", 2)])
        .unwrap();
    for crew in [
        &[("qa", 2), ("backend", 1)][..],
        &[("qa", 1)],
        &[("backend", 2), ("backend", 1)],
    ] {
        let err = s.record_started("rel", 0, crew).unwrap_err();
        assert!(matches!(err, SessionError::BadProgress { .. }), "{crew:?}");
    }
    let err = s
        .record_started("rel", 0, &[("qa", 2), ("backend", 1)])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "progress of `rel`: `qa+backend` with 2+1 people is not a way to run it"
    );
    // an effort on `backend+qa` (any order) leaves `backend` alone
    s.set_task_effort("rel", "qa+backend", 10.0).unwrap();
    let alternatives = &s.plan().activities()[0].spec.as_ref().unwrap().alternatives;
    assert_eq!(
        (alternatives[0].effort, alternatives[1].effort),
        (10.0, 9.0)
    );
    assert!(matches!(
        s.set_task_effort("rel", "qa", 1.0),
        Err(SessionError::Edit(EditError::NotEligible { team, .. })) if team == "qa"
    ));
    let (problem, solution) = s.solve().unwrap();
    solution.schedule.check(problem).unwrap();
    let row = &s.rows()[0];
    assert_eq!(
        (row.crew.team(), row.crew.people(), row.start),
        ("backend+qa".into(), "2+2".into(), 0)
    );
}
