//! Unit tests of the session.

use super::*;
use crate::model::{MAX_PRIORITY, MAX_WEIGHT, ProblemBuilder};

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
