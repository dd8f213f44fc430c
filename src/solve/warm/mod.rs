//! Warm solves: re-planning from a baseline schedule.
//!
//! A re-plan is the same solve as a plan (`super::solve_warm`) with more
//! data: a [`WarmStart`](super::WarmStart) carrying the baseline (its starts,
//! teams and crews, its goal order) and what [`warm_start`] derived from it
//! (the baseline's list and blends of it with the priority rules' lists,
//! and incumbent schedules). This module adds what a baseline makes
//! possible:
//!
//! - [`start`]: the warm lists and incumbents, and [`settle`], which undoes
//!   needless moves against the baseline after any search;
//! - [`search`] and [`order`]: the warm search, goal moves on the
//!   baseline's list and goal-order walks from the warm lists' goal orders
//!   (the module docs of each give the theory and the measurements);
//! - [`solve`]: the phases of a warm solve (warm search, then the portfolio
//!   from its result, with the bounds on a thread of their own beside both).

mod found;
mod order;
mod search;
mod start;

#[cfg(test)]
pub(crate) use start::settle;
pub use start::{repaired, warm_start};

use std::time::{Duration, Instant};

use super::{LowerBounds, Solution, SolveOptions, Status, WarmStart};
use crate::graph::Analysis;
use crate::model::{GoalId, Problem};
use crate::replan::Baseline;
use crate::schedule::Schedule;

/// Share of a re-plan's time limit the warm search ([`search`]) gets
/// before the portfolio continues from its result. Measured on two
/// 2,000-task re-plans at 0.75 s, seeds 0-7, one worker (objective mean):
/// 0.9: 381.2k and 141.5k; 0.7: 377.8k and 139.5k; 0.5: 381.4k and 140.6k.
const WARM_SEARCH_SHARE: f64 = 0.7;
/// Below this time limit a re-plan computes no bounds beside its search
/// (they would take a core for about half a second on a 2,000-task plan):
/// the critical-path bound stands in.
const BOUNDS_THREAD_MIN: Duration = Duration::from_secs(4);

/// A warm solve from `baseline` (the caller checked that `warm` has lists
/// and no known bounds).
///
/// 70 % of the time limit goes to the warm search ([`search`], [`order`])
/// on `options.threads` workers: goal-order walks from the warm lists' goal
/// orders and, with a stability term, on worker 0 a walk from the
/// baseline's goal order ([`Baseline::goal_order`]; without one, goal
/// moves on the baseline's list and modes); then the portfolio
/// (`super::portfolio_solve`) continues from its result (first hint and
/// incumbent) for the time left. The solution's goal order is the walk's
/// when its schedule is kept, else the portfolio's. With a time limit of
/// 4 s or more the lower bounds and the LP relaxation are computed on a
/// thread of their own beside both and put into the solution when they are
/// done by the deadline (otherwise the thread's answer is dropped when it
/// comes); a shorter re-plan, or one whose bounds are late, reports the
/// critical-path bound. The result is settled against the baseline.
pub(super) fn solve(
    problem: &Problem,
    options: &SolveOptions,
    warm: &WarmStart,
    baseline: &Baseline,
) -> Solution {
    let started = Instant::now();
    let deadline = options.deadline(started);
    // with a work limit the warm search stops on its budget only
    let search_deadline = if options.deterministic() {
        deadline
    } else {
        super::after(started, options.limit().mul_f64(WARM_SEARCH_SHARE))
    };
    let modes: Vec<usize> = problem
        .activity_ids()
        .map(|a| baseline.mode(problem, a).unwrap_or(usize::MAX))
        .collect();
    let workers = options.workers();
    // as many decodes per worker as the portfolio's genetic search has
    // children (a fixed count: reproducible when no deadline cuts it)
    let evaluations = super::default_budget(problem.len(), options);
    // the bounds run on a thread of their own (on a long enough re-plan);
    // when they are not done by the deadline the solution goes without them
    // (the thread finishes its bounded work on a copy of the problem and its
    // answer is dropped)
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = if options.effort() < BOUNDS_THREAD_MIN {
        drop(tx);
        Ok(())
    } else {
        let (problem, options) = (problem.clone(), options.clone());
        std::thread::Builder::new()
            .name("tandem-bounds".into())
            .spawn(move || {
                let analysis = Analysis::new(&problem);
                let _ = tx.send(super::bound(&problem, &analysis, &options, deadline));
            })
            .map(drop)
    };
    if spawned.is_err() {
        let mut solution = super::portfolio_solve(problem, options, warm);
        settle_solution(problem, &mut solution, baseline, &warm.schedules);
        return solution;
    }
    let baseline_order = baseline.goal_permutation(problem);
    let start = search::Start {
        list: &warm.lists[0],
        hints: &warm.lists,
        modes: &modes,
        list_moves: problem.replanning().has_stability_term(),
        order: &baseline_order,
    };
    let mut found = search::search(
        problem,
        &start,
        workers,
        options.seed,
        evaluations,
        search_deadline,
    );
    // the portfolio runs while the bounds are computed: it gets none (its
    // own critical-path bound still stops it early), the real ones are put
    // in when both are done
    let mut warm = warm.clone();
    warm.bounds = Some((LowerBounds::default(), None));
    let walked = found
        .as_mut()
        .map(|f| (f.objective, std::mem::take(&mut f.order)));
    if let Some(found) = found {
        warm.lists.insert(0, found.list);
        warm.schedules.push(found.schedule);
    }
    let rest = options.rest(1.0 - WARM_SEARCH_SHARE, deadline);
    let mut solution = super::portfolio_solve(problem, &rest, &warm);
    // the walk's goal order when its schedule is the one kept
    if let Some((objective, order)) = walked
        && !order.is_empty()
        && (solution.goal_order.is_empty() || solution.objective >= objective - 1e-9)
    {
        solution.goal_order = order.into_iter().map(GoalId::from_index).collect();
    }
    let wait = deadline.saturating_duration_since(Instant::now());
    match rx.recv_timeout(wait) {
        Ok((mut bounds, relaxation)) => {
            bounds.milp = bounds.milp.max(solution.bounds.milp);
            if solution.status == Status::Optimal || solution.objective <= bounds.best() + 1e-9 {
                solution.status = Status::Optimal;
                bounds.milp = bounds.milp.max(solution.objective);
            }
            solution.bounds = bounds;
            solution.bottlenecks = relaxation.map(|r| r.bottlenecks).unwrap_or_default();
        }
        Err(_) => {
            // not computed, or not done in time: the critical path is
            let analysis = Analysis::new(problem);
            solution.bounds.critical_path = super::critical_path_bound(problem, &analysis);
        }
    }
    settle_solution(problem, &mut solution, baseline, &warm.schedules);
    solution.seconds = started.elapsed().as_secs_f64();
    solution
}

/// Undoes a solution's needless moves against the baseline ([`settle`]):
/// the settled schedule replaces it when the independent checker accepts it
/// and its objective is not worse.
///
/// With a least gain ([`Replanning::min_gain`](crate::model::Replanning::min_gain))
/// the objective may get worse up to `cap`, that share above the
/// solution's, to move fewer tasks: of the solution and the `candidates`
/// (the warm start's incumbents, e.g. the repaired baseline) within the
/// cap, the one that moves the fewest tasks is settled with that
/// tolerance. The moves kept are those that pay.
pub(super) fn settle_solution(
    problem: &Problem,
    solution: &mut Solution,
    baseline: &Baseline,
    candidates: &[Schedule],
) {
    let share = problem.replanning().min_gain;
    let cap = if share > 0.0 {
        solution.objective + share * solution.objective.abs()
    } else {
        f64::NEG_INFINITY
    };
    let moves = |s: &Schedule| moved(problem, s, baseline);
    let mut start = (
        moves(&solution.schedule),
        solution.objective,
        &solution.schedule,
    );
    for c in candidates {
        if let Ok(report) = c.check(problem)
            && report.objective <= cap
        {
            let m = moves(c);
            if (m, report.objective) < (start.0, start.1) {
                start = (m, report.objective, c);
            }
        }
    }
    let settled = start::settle_within(problem, start.2, baseline, cap);
    if let Ok(report) = settled.check(problem)
        && (report.objective <= solution.objective + 1e-9 || report.objective <= cap)
    {
        solution.schedule = settled;
        solution.objective = report.objective;
        if solution.objective > solution.bounds.best() + 1e-9 {
            solution.status = Status::Feasible;
        }
    }
}

/// How many activities of `schedule` are not in their baseline slot
/// (start, and team and crew when the baseline's still exist).
fn moved(problem: &Problem, schedule: &Schedule, baseline: &Baseline) -> usize {
    problem
        .activity_ids()
        .filter(|&a| {
            baseline.get(a).is_some_and(|b| {
                let x = schedule.get(a);
                x.start != b.start || baseline.mode(problem, a).is_some_and(|m| m != x.mode)
            })
        })
        .count()
}

#[cfg(test)]
mod tests;
