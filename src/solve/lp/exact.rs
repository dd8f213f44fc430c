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
pub(crate) mod tests;
