//! Unit tests of the session.

use super::*;
use crate::model::{ActivityId, Calendar, MAX_PRIORITY, MAX_WEIGHT, ProblemBuilder};

/// backend (2 people): a (4 pd, 1-2 people) -> b (2 pd); web (1): c (3 pd).
fn small() -> (Problem, [ActivityId; 3]) {
    let mut b = ProblemBuilder::new();
    let backend = b.resource("backend", Calendar::constant(2));
    let web = b.resource("web", Calendar::constant(1));
    let g = b.goal("g", 2.0, None);
    let h = b.goal("h", 1.0, Some(2));
    let a = b.plan_task("a", Some(g), &[(backend, 4.0)], 1, 2, 0);
    let c = b.plan_task("b", Some(g), &[(backend, 2.0)], 1, 1, 0);
    let d = b.plan_task("c", Some(h), &[(web, 3.0)], 1, 1, 0);
    b.precedence(a, c, 1);
    (b.build().unwrap(), [a, c, d])
}

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
