//! Exact mode: the time-indexed MILP ([`super::time_indexed`]) proves the
//! heuristic schedule optimal, improves it, or at least proves a bound.
//!
//! # Practical
//! [`solve_exact`] runs after the heuristics, only on what remains of the
//! time limit, and only when the model is small enough for the backend
//! compiled in ([`super::backend::best`]):
//!
//! 1. the start windows are cut by the incumbent's objective and counted;
//!    above the backend's [`MilpSolver::max_binaries`] nothing is built;
//! 2. the model is written, warm-started from the incumbent, and solved
//!    with the time left as the solver's own time limit, and the objective
//!    the incumbent leaves as a cutoff (HiGHS's `objective_bound`: nodes
//!    above it are pruned; an "optimal" answer above it only proves no
//!    point at or below it exists, and is read so);
//! 3. the answer is decoded (`x > 0.5`) and must pass [`Schedule::check`];
//!    a schedule that fails is discarded together with every claim the
//!    solver made;
//! 4. the outcome is `proven_optimal` only when the solver reports optimal
//!    *and* the checked schedule is at least as good as the incumbent; the
//!    lower bound is then that schedule's objective, otherwise the solver's
//!    proven dual bound (rounded up when every objective value is an
//!    integer), or `-inf`.
//!
//! Measured (release, 2 cores) on PSPLIB j30 with the incumbent at the
//! optimum (the MILP only proves): the time-indexed models have 200–1,500
//! binaries. HiGHS proves most of them in a fraction of a second, so it is
//! given up to [`HIGHS_MAX_BINARIES`](super::backend::HIGHS_MAX_BINARIES);
//! microlp, pure Rust, solves models of a hundred or two binaries in well
//! under a second but stalls beyond a few hundred, so it is given up to
//! [`MICROLP_MAX_BINARIES`](super::backend::MICROLP_MAX_BINARIES) and its
//! time limit guards the rest.

use std::time::{Duration, Instant};

use super::backend::{self, Milp, MilpAnswer, MilpSolver, MilpStatus};
use super::time_indexed::{Cut, TimeIndexed, Windows, is_integral};
use crate::graph::Analysis;
use crate::model::Problem;
use crate::schedule::Schedule;
use crate::solve::sgs::Sgs;

/// Below this much time left the MILP is not started.
const MIN_TIME: Duration = Duration::from_millis(20);

/// How long past its time limit a solver's answer is still awaited.
const GRACE: Duration = Duration::from_millis(50);

/// The outcome of an exact solve.
#[derive(Clone, Debug)]
pub struct ExactOutcome {
    /// The best schedule the MILP found (at least as good as the incumbent).
    pub schedule: Schedule,
    /// True when the MILP proved this schedule optimal.
    pub proven_optimal: bool,
    /// The MILP's proven lower bound on the objective (`-inf` when it proved none).
    pub lower_bound: f64,
}

/// Tries to prove optimality (or improve `incumbent`) with the MILP before
/// `deadline`; `None` when the instance is too large, no backend can do it,
/// or the objective has a re-planning stability term (not in the MILP).
pub fn solve_exact(
    problem: &Problem,
    analysis: &Analysis,
    incumbent: &Schedule,
    deadline: Instant,
) -> Option<ExactOutcome> {
    // the time-indexed model has no stability term: never prove on it
    if problem.replanning().has_stability_term() {
        return None;
    }
    let cut = if is_integral(problem) {
        Cut::BelowIncumbent
    } else {
        Cut::AtMostIncumbent
    };
    solve_with(backend::best(), cut, problem, analysis, incumbent, deadline)
}

/// The share of the time limit the heuristics get before [`solve_exact`]:
/// `None` (all of it) unless the backend compiled in wants a share of its
/// own and can take the model, judged from the windows of a rough schedule
/// (a serial schedule of the critical-path order), which are never smaller
/// than those the final incumbent gives.
pub(crate) fn heuristic_share(problem: &Problem, analysis: &Analysis) -> Option<f64> {
    let solver = backend::best();
    let share = solver.heuristic_share();
    if share >= 1.0 || problem.is_empty() || problem.replanning().has_stability_term() {
        return None;
    }
    let mut sgs = Sgs::new(problem);
    sgs.decode(&analysis.order, None);
    let rough = sgs.schedule();
    rough.check(problem).ok()?;
    Windows::new(
        problem,
        analysis,
        &rough,
        Cut::AtMostIncumbent,
        solver.max_binaries(),
    )?;
    Some(share)
}

/// [`solve_exact`] with a given backend and model.
pub(crate) fn solve_with(
    solver: &'static dyn MilpSolver,
    cut: Cut,
    problem: &Problem,
    analysis: &Analysis,
    incumbent: &Schedule,
    deadline: Instant,
) -> Option<ExactOutcome> {
    if problem.is_empty() || time_left(deadline) < MIN_TIME {
        return None;
    }
    let cut = if is_integral(problem) {
        cut
    } else {
        Cut::AtMostIncumbent
    };
    let incumbent_value = incumbent.check(problem).ok()?.objective;
    let windows = Windows::new(problem, analysis, incumbent, cut, solver.max_binaries())?;
    if cut == Cut::BelowIncumbent && windows.is_void() {
        // no schedule beats the incumbent by 1 or more
        return Some(optimal(incumbent, incumbent_value));
    }
    let tolerance = 1e-9 * incumbent_value.abs().max(1.0);
    let limit = match cut {
        Cut::AtMostIncumbent => incumbent_value + tolerance,
        Cut::BelowIncumbent => incumbent_value - 1.0 + tolerance,
    };
    let (model, mut milp) = TimeIndexed::build(problem, &windows, incumbent);
    // only schedules within `limit` matter (the model's objective is at
    // least the schedule's at every point, so pruning above it loses none)
    milp.cutoff = Some(limit + 1e-6 * limit.abs().max(1.0));
    let left = time_left(deadline);
    if left < MIN_TIME {
        return None;
    }
    let answer = run_until(solver, milp, left.min(solver.max_time()))?;

    let found = answer
        .values
        .as_deref()
        .and_then(|v| model.decode(v))
        .map(|s| (s.check(problem), s));
    let found = match found {
        Some((Ok(report), s)) => Some((report.objective, s)),
        // the solver's point is not a valid schedule: trust nothing it said
        Some((Err(_), _)) => return Some(unproven(incumbent)),
        None if answer.values.is_some() => return Some(unproven(incumbent)),
        None => None,
    };
    if let Some((value, _)) = &found {
        // at any point of the model its objective is at least the schedule's
        // (C, f and l bound finishes from above), and equal at an optimum
        let claimed = answer.objective.unwrap_or(f64::NAN);
        let slack = 1e-6 * value.abs().max(1.0);
        let consistent = claimed >= value - slack
            && (answer.status != MilpStatus::Optimal || claimed <= value + slack)
            && answer.bound.is_none_or(|b| b <= claimed + slack);
        if !consistent {
            return Some(unproven(incumbent));
        }
    }
    match (answer.status, found) {
        // the model keeps every schedule within `limit` (and an optimal one)
        (MilpStatus::Optimal, Some((value, s))) if value <= limit => {
            Some(optimal(&s, value).better_of(incumbent, incumbent_value))
        }
        // for the weighted objective the model keeps more than the schedules
        // within `limit`: an optimum above it proves none exists
        (MilpStatus::Infeasible, _) | (MilpStatus::Optimal, Some(_))
            if cut == Cut::BelowIncumbent =>
        {
            Some(optimal(incumbent, incumbent_value))
        }
        // an infeasible model with the incumbent in it, or an "optimum"
        // outside the model: the solver is wrong, trust nothing
        (MilpStatus::Optimal | MilpStatus::Infeasible, _) => Some(unproven(incumbent)),
        (MilpStatus::Feasible | MilpStatus::Unknown, found) => {
            let (schedule, value) = match found {
                Some((value, s)) if value < incumbent_value - tolerance => (s, value),
                _ => (incumbent.clone(), incumbent_value),
            };
            // the solver's bound holds for the schedules in the model; any
            // other schedule is no better than `limit`, which the incumbent
            // (or the better schedule found) already reaches
            let lower_bound = answer.bound.map_or(f64::NEG_INFINITY, |b| {
                let b = if is_integral(problem) {
                    (b - 1e-6).ceil()
                } else {
                    b - 1e-6 * b.abs().max(1.0)
                };
                b.min(value)
            });
            Some(ExactOutcome {
                schedule,
                proven_optimal: false,
                lower_bound,
            })
        }
    }
}

impl ExactOutcome {
    /// This outcome, or the incumbent if that is strictly better (never
    /// happens with a correct model; kept unproven then).
    fn better_of(self, incumbent: &Schedule, incumbent_value: f64) -> Self {
        if self.lower_bound <= incumbent_value + 1e-9 * incumbent_value.abs().max(1.0) {
            self
        } else {
            unproven(incumbent)
        }
    }
}

fn optimal(schedule: &Schedule, value: f64) -> ExactOutcome {
    ExactOutcome {
        schedule: schedule.clone(),
        proven_optimal: true,
        lower_bound: value,
    }
}

fn unproven(incumbent: &Schedule) -> ExactOutcome {
    ExactOutcome {
        schedule: incumbent.clone(),
        proven_optimal: false,
        lower_bound: f64::NEG_INFINITY,
    }
}

/// Runs the solver on its own thread with `budget` as its time limit and
/// waits at most `budget` plus [`GRACE`]: a solver that overruns its limit
/// (HiGHS's presolve is not interruptible) is abandoned, its answer
/// dropped when it comes, and `None` returned.
///
/// The solver's own limit is shorter on large models: HiGHS checks its
/// clock between root cut rounds, and on a 15,000-column model one round
/// took 5 s (measured), so it is given `1 - columns / 100,000` of the budget
/// (at least 75 %) to come back with its bound in time.
fn run_until(solver: &'static dyn MilpSolver, milp: Milp, budget: Duration) -> Option<MilpAnswer> {
    let (tx, rx) = std::sync::mpsc::channel();
    let own = budget.mul_f64(1.0 - (milp.columns.len() as f64 / 100_000.0).min(0.25));
    let spawned = std::thread::Builder::new()
        .name(format!("tandem-milp-{}", solver.name()))
        .spawn(move || {
            // the receiver is gone when the answer came too late
            let _ = tx.send(solver.solve(milp, own));
        });
    if spawned.is_err() {
        return None;
    }
    rx.recv_timeout(budget.saturating_add(GRACE)).ok()
}

fn time_left(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

#[cfg(test)]
pub(crate) mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::model::Objective;
    use crate::solve::sgs::tests::random_problem;

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
        let out =
            solve_with(&Liar, Cut::AtMostIncumbent, &p, &cpm, &inc, in_seconds(5)).expect("ran");
        assert!(!out.proven_optimal);
        assert_eq!(out.lower_bound, f64::NEG_INFINITY);
        assert_eq!(out.schedule, inc);
    }
}
