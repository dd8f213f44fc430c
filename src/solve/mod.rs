//! Solving: lower bounds (combinatorial and the LP relaxation), heuristic
//! search (priority rules, the genetic algorithm, goal-order walks) and the
//! exact time-indexed MILP for small plans, under a time or work limit
//! ([`SolveOptions`]).
//!
//! The order, with a time limit `L` and the default limit `D` of the
//! plan's size: the *opening* (combinatorial bounds and the LP relaxation,
//! sized for `min(L, D)`: `SolveOptions::opening`); without the exact MILP,
//! a larger LP relaxation with `REFINE_SHARE` (30 %) of `L - D`, up to
//! twice that when its model overruns its estimate (its bound only: the
//! search does not start from it); the search; then
//! either the exact MILP (small plans) or the Lagrangian bound
//! ([`bounds::lagrangian`], weighted objective, up to 500 tasks) with
//! `LAGRANGIAN_SHARE` (20 %) of `min(L, D)` and `LAGRANGIAN_BEYOND_SHARE`
//! (30 %) of `L - D`. The search gets the rest, which grows with `L`, and
//! nothing it starts from depends on `L` beyond `D`: so a longer limit
//! never gives a worse plan (see the `portfolio` module). With a time
//! limit and two or more workers, the larger LP relaxation and the
//! Lagrangian bound (then up to 1,500 tasks) run instead on one more
//! thread beside the search, which has the whole limit (the `bounding`
//! module).
//!
//! One orchestrator, [`solve_warm`], serves plans and re-plans: what
//! differs is data, the [`WarmStart`] (empty for a first plan; for a
//! re-plan, the baseline and what was derived from it, [`warm_start`]).
//! With a baseline, the warm search (`solve/warm/`) runs before the portfolio
//! and the result is settled against the baseline.

mod bounding;
pub mod bounds;
mod exhaustive;
mod expected;
pub mod forecast;
mod genetic;
mod goal_order;
mod goal_walk;
mod lp;
mod options;
mod order_decoder;
mod portfolio;
mod reverse;
pub(crate) mod rng;
mod rules;
pub mod sgs;
#[cfg(test)]
pub(crate) mod testkit;
mod warm;
mod what_if;

pub(crate) use bounds::ER_TOTAL_BUDGET;
pub use bounds::{LowerBounds, ResourceBound, lower_bounds};
pub use exhaustive::exhaustive_optimum;
pub(crate) use goal_order::{insertion, order_of};
pub use lp::exact::ExactOutcome;
pub use lp::prices::Bottleneck;
pub use lp::relaxation::{Relaxation, relax};
pub(crate) use options::after;
pub use options::{MAX_THREADS, MAX_TIME_LIMIT, MAX_WORK_LIMIT, SolveOptions};
pub(crate) use order_decoder::OrderDecoder;
pub(crate) use portfolio::default_budget;
pub(crate) use portfolio::objective_bound as critical_path_bound;
pub use rules::PriorityRule;
pub(crate) use rules::{goal_ranks, list_by_keys};
pub use sgs::Sgs;
pub use warm::{repaired, warm_start};
pub use what_if::{
    BottleneckEffect, GoalShift, WHAT_IF_COUNT, WHAT_IF_WORK, bottleneck_effects, one_more_person,
    with_one_more_person,
};

use std::time::Instant;

use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId, Objective, Problem};
use crate::replan::Baseline;
use crate::schedule::Schedule;

/// Whether the returned schedule is proven optimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The objective equals a proven lower bound.
    Optimal,
    /// A valid schedule without optimality proof.
    Feasible,
}

impl Status {
    /// `optimal` or `feasible`, as in `summary.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
        }
    }
}

/// The outcome of [`solve`].
#[derive(Clone, Debug)]
pub struct Solution {
    /// The best schedule found.
    pub schedule: Schedule,
    /// Its objective value.
    pub objective: f64,
    /// The proven lower bounds.
    pub bounds: LowerBounds,
    /// Optimal when proven: `objective <= bounds.best()` or the MILP proved it.
    pub status: Status,
    /// Team periods where one more person would help most (from the LP duals).
    pub bottlenecks: Vec<Bottleneck>,
    /// Wall-clock seconds spent.
    pub seconds: f64,
    /// The best goal order the search found (first rank first; when no
    /// goal-order search ran, the goals by their finish in `schedule`;
    /// empty for the makespan objective or fewer than two goals). A
    /// re-plan from this solution starts its walk there
    /// ([`crate::Baseline::goal_order`]); `schedule` need not be its decode.
    pub goal_order: Vec<GoalId>,
}

impl Solution {
    /// The best proven lower bound (never above the objective).
    pub fn lower_bound(&self) -> f64 {
        self.bounds.best().min(self.objective)
    }

    /// The part of `objective` that is the stability term of a re-plan
    /// (`stability_weight * sum |start - baseline start|`; 0 without a
    /// baseline): `objective - stability_term` is what the schedule costs in
    /// goal finishes and lateness alone.
    pub fn stability_term(&self, problem: &Problem) -> f64 {
        problem.stability_term(|a| self.schedule.start(a))
    }

    /// `(objective - lower_bound) / objective`, 0 when the objective is 0.
    pub fn gap(&self) -> f64 {
        if self.objective <= 0.0 {
            0.0
        } else {
            (self.objective - self.lower_bound()) / self.objective
        }
    }
}

/// A warm start for [`solve_warm`] (re-planning): what the solver already
/// knows about good schedules.
#[derive(Clone, Debug, Default)]
pub struct WarmStart {
    /// Precedence-feasible activity lists (e.g. a baseline's order), decoded
    /// by the portfolio before its priority rules.
    pub lists: Vec<Vec<ActivityId>>,
    /// Complete schedules offered as incumbents: each one that passes the
    /// independent checker competes with the search's result.
    pub schedules: Vec<Schedule>,
    /// The problem's bounds and LP relaxation when already computed (e.g.
    /// while a re-plan searched): not computed again.
    pub bounds: Option<(LowerBounds, Option<Relaxation>)>,
    /// The schedule being re-planned: with it (and `lists`), a warm search
    /// from it runs first, and the result is settled against it (needless
    /// moves undone). [`warm_start`] sets it.
    pub baseline: Option<Baseline>,
}

/// Share of the time limit after which the combinatorial bounds stop their
/// optional work.
const BOUNDS_SHARE: f64 = 0.25;

/// The lower bounds and LP relaxation [`solve_warm`] computes before its
/// search: bounding effort grows with the options' effort (the work limit,
/// else the time limit; deterministically: a work budget, not a clock),
/// from a quarter to twenty times the default. Without a work limit the
/// combinatorial bounds also skip their optional work after
/// [`BOUNDS_SHARE`] of the time limit (on plans of thousands of tasks with
/// a short limit) and the LP solver gets its share of the time; with one,
/// only `deadline` (the hard stop) cuts them.
pub(crate) fn bound(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    deadline: Instant,
) -> (LowerBounds, Option<Relaxation>) {
    let effort = options.effort();
    let scale = effort.as_secs_f64().clamp(0.25, 20.0);
    let budget = (ER_TOTAL_BUDGET as f64 * scale) as usize;
    let until = if options.deterministic() {
        deadline
    } else {
        after(Instant::now(), effort.mul_f64(BOUNDS_SHARE)).min(deadline)
    };
    let mut bounds = bounds::lower_bounds_until(problem, analysis, budget, Some(until));
    let relaxation = lp::relaxation::relax_with_bounds(
        problem,
        analysis,
        &bounds,
        effort,
        deadline,
        options.deterministic(),
    );
    if let Some(r) = &relaxation {
        bounds.lp = bounds.lp.max(r.lower_bound);
    }
    (bounds, relaxation)
}

/// Solves a problem: CPM, lower bounds, then the heuristic portfolio until
/// the time limit.
pub fn solve(problem: &Problem, options: &SolveOptions) -> Solution {
    solve_warm(problem, options, &WarmStart::default())
}

/// [`solve`] with a warm start: `warm.lists` go first into the portfolio's
/// lists and the best valid `warm.schedules` is kept when the search does
/// not beat it. With `warm.baseline` (a re-plan, see [`warm_start`]) a warm
/// search from the baseline runs first (see the `warm` module), and the
/// result is settled against the baseline.
pub fn solve_warm(problem: &Problem, options: &SolveOptions, warm: &WarmStart) -> Solution {
    let options = &options.for_problem(problem.len());
    // the expected objective: the searches rate schedules over training scenarios
    let trained = options
        .expected
        .filter(|_| forecast::has_ranges(problem) && problem.training().is_none())
        .map(|(count, seed)| {
            let scenarios = forecast::sample_scenarios(problem, count, seed);
            problem
                .clone()
                .with_training(Some(std::sync::Arc::new(scenarios)))
        });
    let mut solution = match &trained {
        Some(trained) => expected::solve(problem, trained, options, warm),
        None => solve_with(problem, options, warm),
    };
    // a re-plan keeps tasks in their baseline slots where moving them
    // would not pay: its policy must not pull them forward
    if warm.baseline.is_none() {
        settle_policy(problem, &mut solution);
    }
    solution
}

/// [`solve_warm`] after the expected objective's set-up.
fn solve_with(problem: &Problem, options: &SolveOptions, warm: &WarmStart) -> Solution {
    match &warm.baseline {
        Some(baseline) if !warm.lists.is_empty() && warm.bounds.is_none() => {
            warm::solve(problem, options, warm, baseline)
        }
        baseline => {
            let mut solution = portfolio_solve(problem, options, warm);
            if let Some(baseline) = baseline {
                warm::settle_solution(problem, &mut solution, baseline, &warm.schedules);
            }
            solution
        }
    }
}

/// Makes the solution's schedule the schedule of its own policy (see
/// [`forecast`]: its activity list by start, with its modes, run by the
/// serial SGS) whenever that schedule is valid and no worse, at most a few
/// rounds: a forecast at the most likely efforts then gives the plan
/// itself. A plan the policy would make worse (a serial-SGS anomaly) stays
/// as it is; its forecast then starts no task before its planned day
/// ([`forecast::Forecast::reproduces_plan`]).
fn settle_policy(problem: &Problem, solution: &mut Solution) {
    let (schedule, objective) = settled(problem, &solution.schedule, solution.objective);
    solution.schedule = schedule;
    solution.objective = objective;
}

/// The most rounds of [`settled`] (a plan needs a few at most; leads can
/// keep a replay from converging).
const SETTLE_ROUNDS: usize = 64;

/// [`settle_policy`] of a schedule with objective `objective`: the
/// schedule and its objective.
fn settled(problem: &Problem, schedule: &Schedule, objective: f64) -> (Schedule, f64) {
    let (mut schedule, mut objective) = (schedule.clone(), objective);
    // each round starts every task no later than the one before (by start
    // order, the days after a task's start hold no more work than in the
    // schedule replayed), so the rounds end at a fixed point
    for _ in 0..SETTLE_ROUNDS {
        let replay = forecast::Policy::free(problem, &schedule).simulate(problem, &[]);
        if replay == schedule {
            break;
        }
        match replay.check(problem) {
            Ok(report) if report.objective <= objective + 1e-9 => {
                objective = report.objective;
                schedule = replay;
            }
            _ => break,
        }
    }
    (schedule, objective)
}

/// The bounds, the portfolio and (for small plans, without a work limit)
/// the exact MILP, from `warm`'s lists and incumbents.
fn portfolio_solve(problem: &Problem, options: &SolveOptions, warm: &WarmStart) -> Solution {
    let started = Instant::now();
    let deadline = options.deadline(started);
    let analysis = Analysis::new(problem);
    let opening = options.opening(problem.len());
    let (mut bounds, mut relaxation) = match &warm.bounds {
        Some(known) => known.clone(),
        None => bound(problem, &analysis, &opening, deadline),
    };
    let mut extra_lists: Vec<Vec<ActivityId>> = warm.lists.clone();
    extra_lists.extend(relaxation.iter().flat_map(|r| r.lists.iter().cloned()));
    // exact mode: when the MILP can take the model, the heuristics get only
    // their share of the time left and the MILP the rest (not with a work
    // limit: the MILP solvers stop by the clock only)
    let exact = !options.deterministic() && problem.training().is_none();
    let milp_share = exact
        .then(|| lp::exact::heuristic_share(problem, &analysis))
        .flatten();
    // without the MILP: with time beyond the opening, a second bounding
    // pass (refine); the Lagrangian bound (weighted objective); both
    // before, after or beside the search (`bounding` module)
    let to_bound = milp_share.is_none() && warm.bounds.is_none() && problem.training().is_none();
    let refine = to_bound && options.exceeds_opening(problem.len());
    // with a time limit and two or more workers, the bounds beyond the
    // opening run on a thread of their own beside the search, until the
    // deadline; else before it (refine) and after it (Lagrangian)
    let can_run_beside = !options.deterministic() && options.workers() >= 2;
    let most = if can_run_beside && refine {
        bounding::LAGRANGIAN_BESIDE_MAX_ACTIVITIES
    } else {
        bounding::LAGRANGIAN_MAX_ACTIVITIES
    };
    let lagrange = to_bound
        && problem.len() <= most
        && matches!(problem.objective(), Objective::Weighted { .. });
    let beside = can_run_beside && (refine || lagrange);
    if refine && !beside {
        bounding::refine(
            problem,
            &analysis,
            options,
            deadline,
            &mut bounds,
            &mut relaxation,
        );
    }
    let search_deadline = match milp_share {
        Some(share) => {
            let now = Instant::now();
            now + deadline.saturating_duration_since(now).mul_f64(share)
        }
        None if options.deterministic() => deadline,
        None if lagrange && !beside => deadline
            .checked_sub(bounding::lagrangian_time(options, problem.len()))
            .unwrap_or(deadline),
        None => deadline,
    };
    // the Lagrangian bound beside the search, or after it
    let ((mut schedule, goal_order), mut lagrangian) = if beside {
        let (found, more, finer, lr) = bounding::search_beside(
            problem,
            &analysis,
            options,
            deadline,
            &extra_lists,
            (bounds, relaxation),
            refine,
            lagrange,
        );
        bounds = more;
        relaxation = finer;
        (found, lr)
    } else {
        let found = portfolio::search(
            problem,
            &analysis,
            options,
            search_deadline,
            &extra_lists,
            bounds.best(),
        );
        (found, None)
    };
    let mut objective = schedule.objective(problem);
    for candidate in &warm.schedules {
        if let Ok(report) = candidate.check(problem)
            && report.objective < objective
        {
            schedule = candidate.clone();
            objective = report.objective;
        }
    }
    if lagrange && !beside && objective > bounds.best() + 1e-9 {
        lagrangian = bounding::lagrangian_tail(
            problem,
            &analysis,
            options,
            &bounds,
            &schedule,
            relaxation.as_ref(),
            deadline,
            None,
        )
        .map(|lr| lr.bound);
    }
    if let Some(lr) = lagrangian {
        bounds.lagrangian = bounds.lagrangian.max(lr.min(objective));
    }
    let mut proven = objective <= bounds.best() + 1e-9;
    if !proven
        && exact
        && let Some(exact) = lp::exact::solve_exact(problem, &analysis, &schedule, deadline)
    {
        let value = exact.schedule.objective(problem);
        if value < objective {
            schedule = exact.schedule;
            objective = value;
        }
        bounds.milp = bounds.milp.max(exact.lower_bound.min(objective));
        proven = exact.proven_optimal && value <= objective + 1e-9;
    }
    let status = if proven || objective <= bounds.best() + 1e-9 {
        Status::Optimal
    } else {
        Status::Feasible
    };
    if status == Status::Optimal {
        bounds.milp = bounds.milp.max(objective);
    }
    Solution {
        objective,
        bounds,
        status,
        bottlenecks: relaxation.map(|r| r.bottlenecks).unwrap_or_default(),
        goal_order: if goal_order.is_empty() {
            finish_order(problem, &schedule)
        } else {
            goal_order.into_iter().map(GoalId::from_index).collect()
        },
        schedule,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// The goals by their finish in `schedule` (ties by index): the goal order
/// a solution reports when no goal-order search ran (cut short by the time
/// limit, or the proven bound reached first), so that a re-plan still has
/// one to start from. Empty for the makespan objective or fewer than two
/// goals.
fn finish_order(problem: &Problem, schedule: &Schedule) -> Vec<GoalId> {
    if problem.goals().len() < 2 || matches!(problem.objective(), crate::model::Objective::Makespan)
    {
        return Vec::new();
    }
    let finish = |g: usize| {
        problem
            .goal_members(GoalId::from_index(g))
            .iter()
            .map(|&a| schedule.finish(problem, a))
            .max()
            .unwrap_or(0)
    };
    let mut order: Vec<(u32, usize)> = (0..problem.goals().len()).map(|g| (finish(g), g)).collect();
    order.sort_unstable();
    order
        .into_iter()
        .map(|(_, g)| GoalId::from_index(g))
        .collect()
}
