//! Tests of the `exact` module.

use std::time::{Duration, Instant};

use super::*;
use crate::model::Objective;
use crate::solve::sgs::tests::{random_problem, random_problem_with_leads};

/// The optimum by exhaustive search.
fn oracle(p: &Problem) -> f64 {
    crate::solve::exhaustive_optimum(p, 50_000_000).expect("a tiny, feasible problem")
}

/// A deliberately poor incumbent: the topological order, every activity
/// in its longest mode, decoded once.
fn plain(p: &Problem) -> Schedule {
    let modes: Vec<usize> = p
        .activities()
        .iter()
        .map(|a| {
            (0..a.modes.len())
                .max_by_key(|&m| a.modes[m].duration)
                .unwrap_or(0)
        })
        .collect();
    let mut sgs = Sgs::new(p);
    sgs.decode(&Analysis::new(p).order, Some(&modes));
    sgs.schedule()
}

fn in_seconds(s: u64) -> Instant {
    Instant::now() + Duration::from_secs(s)
}

/// Makespan, weighted with integral priorities (the model for "better by
/// 1"), weighted with fractional priorities (the model that keeps the
/// incumbent).
fn plan(seed: u64, n: usize) -> Problem {
    let objective = if seed.is_multiple_of(3) {
        Objective::Makespan
    } else {
        Objective::default()
    };
    let mut p = random_problem(seed, n, 1 + (seed as usize % 2), objective);
    if seed % 3 == 2 {
        for g in &mut p.goals {
            g.priority += 0.25;
        }
    }
    p
}

/// The compiled-in solver without its own run cap (microlp stops after
/// two seconds): the tests judge answers, not speed, so a machine slowed
/// down by other work must not turn "proven" into "not proven".
struct Patient(&'static dyn MilpSolver);

impl MilpSolver for Patient {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn max_binaries(&self) -> usize {
        self.0.max_binaries()
    }
    fn solve(&self, milp: Milp, time_limit: Duration) -> MilpAnswer {
        self.0.solve(milp, time_limit)
    }
}

#[test]
fn the_milp_optimum_equals_the_oracle() {
    // the solver runs on a thread of its own, so it must live for ever
    let solver: &'static dyn MilpSolver = Box::leak(Box::new(Patient(backend::best())));
    let (mut compared, mut improved) = (0, 0);
    for seed in 0..30u64 {
        let p = plan(seed, 8 + (seed as usize % 7));
        let cpm = Analysis::new(&p);
        let inc = plain(&p);
        let cut = if is_integral(&p) {
            Cut::BelowIncumbent
        } else {
            Cut::AtMostIncumbent
        };
        let Some(out) = solve_with(solver, cut, &p, &cpm, &inc, in_seconds(60)) else {
            // too large for this backend: nothing to compare
            continue;
        };
        let value = out.schedule.check(&p).expect("checked").objective;
        let optimum = oracle(&p);
        assert!(out.proven_optimal, "seed {seed}: not proven");
        assert!(
            (value - optimum).abs() < 1e-9,
            "seed {seed}: {value} vs {optimum}"
        );
        assert!((out.lower_bound - optimum).abs() < 1e-9, "seed {seed}");
        compared += 1;
        if value < inc.objective(&p) {
            improved += 1;
        }
    }
    println!("{} compared {compared}, improved {improved}", solver.name());
    assert!(compared >= 20, "only {compared} plans compared");
    assert!(
        improved >= 5,
        "the MILP improved only {improved} incumbents"
    );
}

/// With leads (negative lags): the MILP's precedence rows look past the
/// successor's start, and a predecessor of a lead is not bounded by its
/// successor's finish (makespan and goal finish rows): still the oracle's
/// optimum, proven.
#[test]
fn the_milp_optimum_equals_the_oracle_with_leads() {
    let solver: &'static dyn MilpSolver = Box::leak(Box::new(Patient(backend::best())));
    let mut compared = 0;
    for seed in 0..16u64 {
        let objective = if seed.is_multiple_of(2) {
            Objective::Makespan
        } else {
            Objective::default()
        };
        let p = random_problem_with_leads(
            seed,
            6 + (seed as usize % 3),
            1 + seed as usize % 2,
            objective,
        );
        assert!(p.has_leads() || seed > 0);
        let cpm = Analysis::new(&p);
        let inc = plain(&p);
        let Some(out) = solve_with(solver, Cut::AtMostIncumbent, &p, &cpm, &inc, in_seconds(60))
        else {
            continue;
        };
        let value = out.schedule.check(&p).expect("checked").objective;
        let optimum = oracle(&p);
        assert!(out.proven_optimal, "seed {seed}: not proven");
        assert!(
            (value - optimum).abs() < 1e-9,
            "seed {seed}: {value} vs {optimum}"
        );
        assert!((out.lower_bound - optimum).abs() < 1e-9, "seed {seed}");
        compared += 1;
    }
    assert!(compared >= 12, "only {compared} plans compared");
}

/// The predecessor of a lead may finish last: its finish, not only the
/// finishes of activities without successors, bounds the makespan (and a
/// goal's finish when both are in the goal).
#[test]
fn the_predecessor_of_a_lead_may_finish_last() {
    let solver: &'static dyn MilpSolver = Box::leak(Box::new(Patient(backend::best())));
    for objective in [Objective::Makespan, Objective::default()] {
        let mut b = crate::model::ProblemBuilder::new();
        let t = b.resource("t", crate::model::Calendar::constant(1));
        let u = b.resource("u", crate::model::Calendar::constant(1));
        let g = b.goal("g", 1.0, None);
        let i = b.plan_task("i", Some(g), &[(t, 10.0)], 1, 1, 0);
        let j = b.plan_task("j", Some(g), &[(u, 1.0)], 1, 1, 0);
        b.precedence(i, j, -15);
        b.objective(objective);
        let p = b.build().unwrap();
        let cpm = Analysis::new(&p);
        let inc = plain(&p);
        let out = solve_with(solver, Cut::AtMostIncumbent, &p, &cpm, &inc, in_seconds(60))
            .expect("a tiny model");
        assert!(out.proven_optimal, "{objective:?}");
        assert_eq!(out.schedule.check(&p).unwrap().objective, 10.0);
        assert_eq!(out.lower_bound, 10.0);
    }
}

#[test]
fn a_run_out_of_time_proves_nothing_it_cannot() {
    let p = random_problem(3, 9, 2, Objective::default());
    let cpm = Analysis::new(&p);
    let inc = plain(&p);
    let optimum = oracle(&p);
    // no time at all: not run
    assert!(
        solve_with(
            backend::best(),
            Cut::BelowIncumbent,
            &p,
            &cpm,
            &inc,
            Instant::now()
        )
        .is_none()
    );
    // a tiny limit: whatever comes back is valid and claims no more than proven
    let out = solve_with(
        backend::best(),
        Cut::BelowIncumbent,
        &p,
        &cpm,
        &inc,
        Instant::now() + Duration::from_millis(25),
    );
    if let Some(out) = out {
        let value = out.schedule.check(&p).expect("checked").objective;
        assert!(value <= inc.objective(&p));
        assert!(out.lower_bound <= optimum + 1e-9);
        if out.proven_optimal {
            assert!((value - optimum).abs() < 1e-9);
        }
    }
}

#[test]
fn too_large_models_are_declined() {
    struct Tiny;
    impl MilpSolver for Tiny {
        fn name(&self) -> &'static str {
            "tiny"
        }
        fn max_binaries(&self) -> usize {
            3
        }
        fn solve(&self, _: Milp, _: Duration) -> MilpAnswer {
            unreachable!("never asked")
        }
    }
    let p = random_problem(1, 6, 1, Objective::Makespan);
    let cpm = Analysis::new(&p);
    let inc = plain(&p);
    assert!(solve_with(&Tiny, Cut::AtMostIncumbent, &p, &cpm, &inc, in_seconds(5)).is_none());
}

/// The HiGHS 1.16 failure this module guards against: a valid point
/// declared optimal with an objective below the point's own.
#[test]
fn an_optimum_claimed_below_its_own_point_is_not_trusted() {
    struct Offset;
    impl MilpSolver for Offset {
        fn name(&self) -> &'static str {
            "offset"
        }
        fn max_binaries(&self) -> usize {
            usize::MAX
        }
        fn solve(&self, milp: Milp, _: Duration) -> MilpAnswer {
            let values = milp.warm_start.expect("the incumbent is a point");
            MilpAnswer {
                status: MilpStatus::Optimal,
                values: Some(values),
                bound: Some(1.0),
                objective: Some(1.0),
            }
        }
    }
    let p = random_problem(5, 7, 2, Objective::default());
    let cpm = Analysis::new(&p);
    let inc = plain(&p);
    assert!(inc.objective(&p) > 2.0);
    let out =
        solve_with(&Offset, Cut::AtMostIncumbent, &p, &cpm, &inc, in_seconds(5)).expect("ran");
    assert!(!out.proven_optimal);
    assert_eq!(out.lower_bound, f64::NEG_INFINITY);
    assert_eq!(out.schedule, inc);
}

#[test]
fn a_wrong_answer_is_not_trusted() {
    /// Claims optimality of the all-zero point.
    struct Liar;
    impl MilpSolver for Liar {
        fn name(&self) -> &'static str {
            "liar"
        }
        fn max_binaries(&self) -> usize {
            usize::MAX
        }
        fn solve(&self, milp: Milp, _: Duration) -> MilpAnswer {
            let mut values = vec![0.0; milp.columns.len()];
            // every activity "starts" at its first variable
            values.iter_mut().for_each(|v| *v = 1.0);
            MilpAnswer {
                status: MilpStatus::Optimal,
                values: Some(values),
                bound: Some(1e9),
                objective: Some(0.0),
            }
        }
    }
    let p = random_problem(2, 6, 2, Objective::Makespan);
    let cpm = Analysis::new(&p);
    let inc = plain(&p);
    let out = solve_with(&Liar, Cut::AtMostIncumbent, &p, &cpm, &inc, in_seconds(5)).expect("ran");
    assert!(!out.proven_optimal);
    assert_eq!(out.lower_bound, f64::NEG_INFINITY);
    assert_eq!(out.schedule, inc);
}
