//! Tests of the `time_indexed` module.

use std::collections::HashMap;

use good_lp::{Solution, SolutionStatus, Variable};

use super::deadlines::deadlines;
use super::*;
use crate::graph::Analysis;
use crate::model::{Activity, Calendar, Demand, Mode, Pin, ProblemBuilder};
use crate::schedule::{Assignment, Schedule};
use crate::solve::bounds::window_bounds;
use crate::solve::lp::backend::Milp;
use crate::solve::sgs::Sgs;
use crate::solve::sgs::tests::random_problem;

/// [`deadlines`] with the proven heads and energies and no goal sets.
fn test_deadlines(p: &Problem, cpm: &Analysis, inc: &Schedule, cut: Cut) -> Vec<u32> {
    deadlines(p, cpm, &window_bounds(p, cpm, 0), inc, cut).unwrap()
}

/// Values for good_lp's expression evaluation.
struct Point(HashMap<Variable, f64>);

impl Solution for Point {
    fn status(&self) -> SolutionStatus {
        SolutionStatus::Optimal
    }
    fn value(&self, v: Variable) -> f64 {
        self.0.get(&v).copied().unwrap_or(f64::NAN)
    }
}

/// Largest violation of any constraint at `values`.
fn violation(milp: &Milp, values: &[f64]) -> f64 {
    let point = Point(
        milp.columns
            .iter()
            .copied()
            .zip(values.iter().copied())
            .collect(),
    );
    milp.constraints
        .iter()
        .map(|c| {
            let v = c.expression().eval_with(&point);
            if c.is_equality() { v.abs() } else { v.max(0.0) }
        })
        .fold(0.0, f64::max)
}

fn heuristic(p: &Problem) -> Schedule {
    let cpm = Analysis::new(p);
    let mut sgs = Sgs::new(p);
    sgs.decode(&cpm.order, None);
    sgs.improve(2);
    sgs.schedule()
}

#[test]
fn makespan_windows_end_at_the_incumbent() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let a = b.plan_task("a", None, &[(t, 2.0)], 1, 1, 0);
    let c = b.plan_task("c", None, &[(t, 3.0)], 1, 1, 0);
    b.objective(Objective::Makespan);
    let p = b.build().unwrap();
    let inc = Schedule::new(vec![
        Assignment { start: 0, mode: 0 },
        Assignment { start: 2, mode: 0 },
    ]);
    let cpm = Analysis::new(&p);
    let d = test_deadlines(&p, &cpm, &inc, Cut::AtMostIncumbent);
    assert_eq!((d[a.index()], d[c.index()]), (5, 5));
    // a starts in 0..=3, c in 0..=2
    let w = Windows::new(&p, &cpm, &inc, Cut::AtMostIncumbent, 100).unwrap();
    assert_eq!(w.binaries(), 4 + 3);
    assert!(!w.is_void());
    assert!(Windows::new(&p, &cpm, &inc, Cut::AtMostIncumbent, 6).is_none());
    // better by 1: makespan 4 at most, which 5 days of work cannot meet
    let d = test_deadlines(&p, &cpm, &inc, Cut::BelowIncumbent);
    assert_eq!((d[a.index()], d[c.index()]), (4, 4));
    let w = Windows::new(&p, &cpm, &inc, Cut::BelowIncumbent, 100).unwrap();
    assert!(!w.is_void()); // each alone fits: only the capacity rows rule it out
}

#[test]
fn weighted_deadlines_follow_the_objective_budget() {
    // g1 (priority 1) = a (3 days), g2 (priority 2, due 2) = c (2 days),
    // one person: best is c then a: 2*2 + 1*5 = 9; the incumbent a then c
    // costs 3 + 2*5 + 10*2*3 = 73
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g1 = b.goal("g1", 1.0, None);
    let g2 = b.goal("g2", 2.0, Some(2));
    let a = b.plan_task("a", Some(g1), &[(t, 3.0)], 1, 1, 0);
    let c = b.plan_task("c", Some(g2), &[(t, 2.0)], 1, 1, 0);
    let p = b.build().unwrap();
    let cpm = Analysis::new(&p);
    let inc = Schedule::new(vec![
        Assignment { start: 0, mode: 0 },
        Assignment { start: 3, mode: 0 },
    ]);
    assert_eq!(inc.objective(&p), 73.0);
    // base = c_1(3) + c_2(2) = 3 + 4 = 7, slack 66:
    // g1: f <= 3 + 66 = 69; g2: 2f + 20(f-2) <= 4 + 66 -> f <= 110/22 = 5
    let d = test_deadlines(&p, &cpm, &inc, Cut::AtMostIncumbent);
    assert_eq!((d[a.index()], d[c.index()]), (69, 5));
    // better by 1: slack 65, g1: f <= 68; g2: 22f <= 109 -> f <= 4
    let d = test_deadlines(&p, &cpm, &inc, Cut::BelowIncumbent);
    assert_eq!((d[a.index()], d[c.index()]), (68, 4));
}

#[test]
fn free_activities_get_a_deadline_after_everything_else() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g = b.goal("g", 1.0, None);
    let a = b.plan_task("a", Some(g), &[(t, 2.0)], 1, 1, 0);
    let free = b.plan_task("free", None, &[(t, 3.0)], 1, 1, 0);
    b.precedence(a, free, 1);
    let p = b.build().unwrap();
    let cpm = Analysis::new(&p);
    let inc = Schedule::new(vec![
        Assignment { start: 0, mode: 0 },
        Assignment { start: 3, mode: 0 },
    ]);
    // objective 2: a's deadline is 2; free: T0 = 2, plus 3 days and lag 1
    let d = test_deadlines(&p, &cpm, &inc, Cut::AtMostIncumbent);
    assert_eq!((d[a.index()], d[free.index()]), (2, 6));
}

#[test]
fn pins_have_one_variable() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(2));
    let a = b.plan_task("a", None, &[(t, 4.0)], 1, 2, 0);
    let c = b.plan_task("c", None, &[(t, 2.0)], 1, 1, 0);
    b.pin(a, Pin { start: 3, mode: 1 });
    b.objective(Objective::Makespan);
    let p = b.build().unwrap();
    let cpm = Analysis::new(&p);
    let inc = Schedule::new(vec![
        Assignment { start: 3, mode: 1 },
        Assignment { start: 0, mode: 0 },
    ]);
    let w = Windows::new(&p, &cpm, &inc, Cut::AtMostIncumbent, 1000).unwrap();
    assert_eq!(w.days[a.index()], vec![vec![], vec![3]]);
    assert_eq!(w.days[c.index()], vec![vec![0, 1, 2, 3]]);
}

#[test]
fn windows_skip_days_without_capacity() {
    let mut b = ProblemBuilder::new();
    let mut cal = Calendar::constant(1);
    cal.set(2, 3, 0);
    let t = b.resource("t", cal);
    let a = b.activity(Activity {
        id: "a".into(),
        name: None,
        goal: None,
        release: 0,
        modes: vec![Mode {
            duration: 2,
            demands: vec![Demand {
                resource: t,
                amount: 1,
            }],
        }],
        spec: None,
        pin: None,
    });
    b.objective(Objective::Makespan);
    let p = b.build().unwrap();
    let cpm = Analysis::new(&p);
    let inc = Schedule::new(vec![Assignment { start: 4, mode: 0 }]);
    let w = Windows::new(&p, &cpm, &inc, Cut::AtMostIncumbent, 1000).unwrap();
    // runs 0-1 or 4-5, never over the vacation on days 2-3
    assert_eq!(w.days[a.index()], vec![vec![0, 4]]);
}

#[test]
fn the_warm_start_is_feasible_and_decodes_to_the_incumbent() {
    for seed in 0..40 {
        let objective = if seed % 2 == 0 {
            Objective::Makespan
        } else {
            Objective::default()
        };
        let p = random_problem(seed, 8, 1 + (seed as usize % 3), objective);
        let inc = heuristic(&p);
        let cpm = Analysis::new(&p);
        let w = Windows::new(&p, &cpm, &inc, Cut::AtMostIncumbent, 100_000).unwrap();
        let (model, milp) = TimeIndexed::build(&p, &w, &inc);
        let warm = milp
            .warm_start
            .clone()
            .expect("the incumbent is in the model");
        assert!(violation(&milp, &warm) < 1e-9, "seed {seed}");
        assert_eq!(model.decode(&warm), Some(inc.clone()), "seed {seed}");
        // the objective at the warm start is the incumbent's
        let point = Point(milp.columns.iter().copied().zip(warm).collect());
        let value = milp.objective.eval_with(&point);
        assert!((value - inc.objective(&p)).abs() < 1e-9, "seed {seed}");
    }
}

#[test]
fn decode_rejects_two_starts_or_none() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    b.plan_task("a", None, &[(t, 1.0)], 1, 1, 0);
    b.objective(Objective::Makespan);
    let p = b.build().unwrap();
    let cpm = Analysis::new(&p);
    let inc = Schedule::new(vec![Assignment { start: 1, mode: 0 }]);
    let w = Windows::new(&p, &cpm, &inc, Cut::AtMostIncumbent, 100).unwrap();
    let (model, _) = TimeIndexed::build(&p, &w, &inc);
    // columns: a@0, a@1, C
    assert_eq!(model.decode(&[0.0, 0.0, 2.0]), None);
    assert_eq!(model.decode(&[0.9, 0.6, 2.0]), None);
    assert_eq!(
        model.decode(&[0.9999, 1e-7, 1.0]),
        Some(Schedule::new(vec![Assignment { start: 0, mode: 0 }]))
    );
}
