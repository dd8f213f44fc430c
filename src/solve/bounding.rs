//! The bounds that time beyond the opening buys, and where they run.
//!
//! With a limit beyond the plan's default, the *refinement* (the sequencing
//! bound with more goals in its DP, then a larger LP relaxation) has its
//! shares of the time beyond the opening; on weighted plans the Lagrangian
//! bound ([`bounds::lagrangian`]) needs an incumbent, whose objective sets
//! the time windows of its relaxation (the better the incumbent, the
//! tighter the windows and the stronger the bound).
//!
//! With a work limit (reproducible runs) or one worker they run in turn:
//! the refinement before the search, the Lagrangian bound after it with
//! the search's best schedule, each within its share of the time. With a
//! time limit and two or more workers they run on a thread of their own
//! *beside* the search ([`search_beside`]), which then has the whole time
//! limit: the refinement first, then the Lagrangian bound until the
//! deadline, from the best schedule the search has posted by then
//! ([`portfolio::search_posting`]). Before, one core idled while a bound
//! ran (a 10 s run of a generated 300-task plan on 2 threads used 10.8 s
//! of CPU in 9.3 s; beside, 17.6 s). The search's trajectory does not
//! change: the thread only shares the cores, taking at most one core's
//! share, so a longer limit's search still gets at least as far and a
//! longer limit never gives a worse plan (`portfolio` module docs; as
//! there, as far as the machine runs at the same speed). Every bound stays
//! proven: the Lagrangian bound holds for any incumbent (its Lemma 2), and
//! the solve takes the smaller of it and the final objective.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::lp::relaxation::Relaxation;
use super::{LowerBounds, SolveOptions, after, bounds, lp, portfolio};
use crate::graph::Analysis;
use crate::model::{ActivityId, Problem};
use crate::schedule::Schedule;

/// Share of the opening's time limit ([`SolveOptions::opening`]) kept for
/// the Lagrangian bound after the search (weighted objective, no MILP).
const LAGRANGIAN_SHARE: f64 = 0.2;
/// Share of the time beyond the opening also kept for it. Measured on
/// generated plans of 150 and 300 tasks, 3 seeds each, at 10 s: 0.4 gave
/// mean gaps of 4.8 % and 23.4 %, 0.25 gave 4.6 % and 24.0 % with plans
/// better by up to 1.3 % (the search has less time at 0.4).
const LAGRANGIAN_BEYOND_SHARE: f64 = 0.3;
/// Nodes of the Lagrangian's min-cut network per second it may spend with
/// a time limit: daily buckets on generated 300-task plans with 3 s, about
/// 15-20 steps (the coarser buckets of more steps are weaker: on one such
/// plan, 5 s gave 13,243 with buckets of 2 days, 12,954 with 5 days).
const LAGRANGIAN_NODES_PER_SECOND: f64 = 60_000.0;
/// The same per work unit with a work limit: about twenty steps.
const LAGRANGIAN_NODES_PER_UNIT: f64 = 10_000.0;
/// Subgradient steps per work unit with a work limit.
const LAGRANGIAN_STEPS_PER_UNIT: f64 = 20.0;
/// Plans with more activities than this get no Lagrangian bound, and the
/// search keeps its share of the time. Measured on generated plans of 600,
/// 1,500 and 2,000 tasks, 3 seeds each: at the default limit and at 10 s
/// its network did not fit its share of the opening (no bound on any);
/// with its share of the time beyond the opening as well, at 10 s the
/// 600-task plans' mean gap stayed at 40.8 % (40.4 % without), the bound
/// gaining what the plans lost; on a 1,500-task plan 8 s of it stayed
/// 10 % below the LP relaxation's bound.
pub(super) const LAGRANGIAN_MAX_ACTIVITIES: usize = 500;
/// [`LAGRANGIAN_MAX_ACTIVITIES`] when the bound runs beside the search
/// with time beyond the opening (at the default limit the plans above
/// 500 tasks got no bound from it, and their search lost the core it
/// shares: generated plans of 600 and 1,500 tasks, up to 1.8 % worse). At
/// 10 s, 2 threads, it raised the bounds of generated plans (seeds 1-3)
/// of 600 tasks by 2.4 / 9.4 / 3.9 %, of 1,000 tasks (seed 1) by 9.7 %,
/// of 1,500 tasks by 1.2 / 0.8 / 1.2 %; on 2,000-task plans it stayed
/// below the LP relaxation's bound.
pub(super) const LAGRANGIAN_BESIDE_MAX_ACTIVITIES: usize = 1_500;
/// Most subgradient steps with a time limit (the ascent has converged long
/// before on the plans measured).
const LAGRANGIAN_MAX_STEPS: usize = 1_000;
/// The least network worth building for the Lagrangian bound.
const LAGRANGIAN_MIN_NODES: usize = 500;

/// The Lagrangian bound ([`bounds::lagrangian`]) of the search's best
/// schedule: until `deadline` with a time limit, its network sized for the
/// time left; with a work limit, a number of steps and a network size set
/// by the work limit's share.
#[allow(clippy::too_many_arguments)]
pub(super) fn lagrangian_tail(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    bounds: &LowerBounds,
    incumbent: &Schedule,
    relaxation: Option<&Relaxation>,
    deadline: Instant,
    beside: Option<&Arc<AtomicBool>>,
) -> Option<bounds::lagrangian::Lagrangian> {
    let (seconds, max_iterations, max_nodes) = if options.deterministic() {
        let units = options.effort().as_secs_f64() * LAGRANGIAN_SHARE;
        (
            units,
            (units * LAGRANGIAN_STEPS_PER_UNIT).ceil() as usize,
            (units * LAGRANGIAN_NODES_PER_UNIT) as usize,
        )
    } else {
        // its share, or what is left when the search took some of it;
        // beside the search, all that is left
        let left = deadline.saturating_duration_since(Instant::now());
        let seconds = match beside {
            Some(_) => left,
            None => left.min(lagrangian_time(options, problem.len())),
        }
        .as_secs_f64();
        (
            seconds,
            LAGRANGIAN_MAX_STEPS,
            (seconds * LAGRANGIAN_NODES_PER_SECOND) as usize,
        )
    };
    let deadline = deadline.min(after(Instant::now(), Duration::from_secs_f64(seconds)));
    if max_nodes < LAGRANGIAN_MIN_NODES || max_iterations == 0 {
        return None;
    }
    let warm = relaxation
        .and_then(|r| r.prices.as_ref())
        .map(|(grid, prices)| (grid, &prices[..]));
    let lr_options = bounds::lagrangian::LagrangianOptions {
        bucket_days: 0,
        max_iterations,
        max_nodes,
        mode_links: true,
        deadline,
        stop: beside.cloned(),
    };
    bounds::lagrangian::lagrangian_bound(problem, analysis, bounds, incumbent, warm, &lr_options)
}

/// The time a solve of `tasks` tasks keeps for the Lagrangian bound after
/// its search (time limits): [`LAGRANGIAN_SHARE`] of the opening's limit
/// and [`LAGRANGIAN_BEYOND_SHARE`] of the time beyond it.
pub(super) fn lagrangian_time(options: &SolveOptions, tasks: usize) -> Duration {
    let opening = options.opening(tasks);
    opening.limit().mul_f64(LAGRANGIAN_SHARE)
        + beyond_opening(options, &opening).mul_f64(LAGRANGIAN_BEYOND_SHARE)
}

/// The effort (time, or work with a work limit) beyond the opening's
/// ([`SolveOptions::opening`]).
fn beyond_opening(options: &SolveOptions, opening: &SolveOptions) -> Duration {
    options.effort().saturating_sub(opening.effort())
}

/// Share of the time beyond the opening ([`SolveOptions::opening`]) that
/// the larger LP relaxation may take before the search (what it leaves
/// goes to the search).
const REFINE_SHARE: f64 = 0.3;

/// Share of the time beyond the opening ([`SolveOptions::opening`]) that
/// the deeper sequencing bound ([`bounds::deeper_sequencing`]) may take
/// before the search.
const DEEP_SHARE: f64 = 0.15;
/// Work units of [`bounds::deeper_sequencing`] per second.
const DEEP_WORK_PER_SECOND: f64 = 1e8;

/// The bounds that time beyond the opening buys before (or beside) the
/// search: the sequencing bound with more goals in its DP (plans of many
/// goals), then a larger LP relaxation (which replaces `relaxation`);
/// both within their shares of the time beyond the opening.
pub(super) fn refine(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    deadline: Instant,
    bounds: &mut LowerBounds,
    relaxation: &mut Option<Relaxation>,
) {
    let opening = options.opening(problem.len());
    let share = beyond_opening(options, &opening).mul_f64(DEEP_SHARE);
    let until = if options.deterministic() {
        deadline
    } else {
        after(Instant::now(), share).min(deadline)
    };
    let seconds = share.as_secs_f64();
    if let Some(seq) = bounds::deeper_sequencing(
        problem,
        analysis,
        &bounds.goal_finish,
        seconds * DEEP_WORK_PER_SECOND,
        until,
    ) {
        bounds.sequencing = bounds.sequencing.max(seq);
    }
    // a larger LP relaxation (the combinatorial bounds gain little from
    // more effort); it needs no incumbent, and its lists do not seed the
    // search (they would make the search's trajectory depend on the
    // limit): sized for the work limit, or for its share of the time
    // beyond the opening
    let budget = if options.deterministic() {
        options.effort()
    } else {
        // relax_with_bounds gives its solver SOLVE_SHARE of the budget:
        // the solver's time is the refine's share
        let share = beyond_opening(options, &opening).mul_f64(REFINE_SHARE);
        share.mul_f64(1.0 / lp::relaxation::SOLVE_SHARE)
    };
    let finer = lp::relaxation::relax_with_bounds(
        problem,
        analysis,
        bounds,
        budget,
        deadline,
        options.deterministic(),
    );
    if let Some(finer) = finer {
        bounds.lp = bounds.lp.max(finer.lower_bound);
        *relaxation = Some(finer);
    }
}

/// What [`search_beside`] found: the search's best schedule and goal
/// order, the bounds and relaxation after the refinement, and the
/// Lagrangian bound (at most its incumbent's objective, as every
/// [`bounds::lagrangian::Lagrangian::bound`]).
pub(super) type Beside = (
    (Schedule, Vec<usize>),
    LowerBounds,
    Option<Relaxation>,
    Option<f64>,
);

/// The search until `deadline` on the options' workers, and beside it on
/// one more thread the refinement (when `refine_first`) and then the
/// Lagrangian bound until the deadline (when `lagrange`) from the search's best
/// schedule by then (module docs). `opened` are the opening's bounds and
/// relaxation. The Lagrangian ascent stops early once the search's
/// schedule reaches the opening's bound (proven optimal).
#[allow(clippy::too_many_arguments)]
pub(super) fn search_beside(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    deadline: Instant,
    extra_lists: &[Vec<ActivityId>],
    opened: (LowerBounds, Option<Relaxation>),
    refine_first: bool,
    lagrange: bool,
) -> Beside {
    let board = portfolio::Board::default();
    let stop = Arc::new(AtomicBool::new(false));
    let opening_bound = opened.0.best();
    std::thread::scope(|scope| {
        let bounding = scope.spawn(|| {
            let (mut bounds, mut relaxation) = opened;
            if refine_first {
                refine(
                    problem,
                    analysis,
                    options,
                    deadline,
                    &mut bounds,
                    &mut relaxation,
                );
            }
            let lr = lagrange
                .then(|| board.best(deadline))
                .flatten()
                .and_then(|incumbent| {
                    lagrangian_tail(
                        problem,
                        analysis,
                        options,
                        &bounds,
                        &incumbent,
                        relaxation.as_ref(),
                        deadline,
                        Some(&stop),
                    )
                })
                .map(|lr| lr.bound);
            (bounds, relaxation, lr)
        });
        let found = portfolio::search_posting(
            problem,
            analysis,
            options,
            deadline,
            extra_lists,
            opening_bound,
            &board,
        );
        if found.0.objective(problem) <= opening_bound + 1e-9 {
            stop.store(true, Ordering::Relaxed); // proven optimal
        }
        let (bounds, relaxation, lr) = bounding
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (found, bounds, relaxation, lr)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GeneratorParams, generate_plan};

    /// A generated weighted plan past the exact MILP's reach, with a time
    /// limit beyond its default: with two workers the bounds run beside
    /// the search, with one in turn. Whatever the machine's speed, the
    /// schedule passes the checker and every bound, the Lagrangian one
    /// included (when it had time), stays at most the objective.
    #[test]
    fn bounds_beside_the_search_stay_below_a_valid_schedule() {
        let plan = generate_plan(&GeneratorParams {
            tasks: 150,
            goals: 6,
            seed: 3,
            ..GeneratorParams::default()
        });
        let p = plan.problem(&Default::default()).unwrap();
        let cpm = Analysis::new(&p);
        assert!(
            lp::exact::heuristic_share(&p, &cpm).is_none(),
            "beside needs no MILP"
        );
        let limit = SolveOptions::default_time_limit(p.len()) + Duration::from_millis(400);
        for threads in [1, 2] {
            let options = SolveOptions::default()
                .with_time_limit(limit)
                .with_threads(threads)
                .unwrap();
            let solution = crate::solve::solve(&p, &options);
            let report = solution.schedule.check(&p).expect("a valid schedule");
            assert!((report.objective - solution.objective).abs() < 1e-6);
            let b = &solution.bounds;
            for bound in [b.best(), b.lagrangian, b.lp, b.sequencing] {
                assert!(
                    bound <= solution.objective + 1e-6,
                    "{threads} threads: {b:?}"
                );
            }
        }
    }
}
