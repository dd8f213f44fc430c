//! Heuristic search: a portfolio of priority rules, then a genetic
//! algorithm with forward-backward improvement until the deadline.
//!
//! # Practical
//! 1. Every priority rule for the objective is decoded by the serial SGS
//!    ([`PriorityRule::for_objective`]); the first always, the others while
//!    time remains.
//! 2. The best [`IMPROVED_RULES`] rule schedules get forward-backward
//!    improvement ([`Sgs::improve`]).
//! 3. `threads` workers (rayon; 0 = all cores) each run the genetic
//!    algorithm of [`super::genetic`] (activity lists with forward-backward
//!    improvement, two-point and peak crossover, restarts; a plateau walk
//!    of the best list before each restart on makespan problems, and on
//!    weighted ones when the opening budget (below) holds
//!    [`WEIGHTED_WALK_BUDGET`] children), seeded with the best list so far
//!    and every rule's list. With the weighted objective a worker first
//!    improves the goal order ([`super::goal_order`]: goal insertion moves
//!    decoded through the goal-aware rule) for up to four times as many
//!    decodes as its opening budget, and seeds the GA with the result (in
//!    rounds; the GA's first round is an eighth of the opening budget).
//!    On plans of fewer than [`LARGE_PLAN`] activities each round runs
//!    the goal-focused walk ([`super::goal_walk`]) between the two, from
//!    the best schedule so far (anew when the others passed it), for up to
//!    [`WALK_SHARE_NUM`] / [`WALK_SHARE_DEN`] of the GA's budget in all
//!    (the GA then has half of it). On weighted plans of [`PRICED_PLAN`]
//!    activities and more, every decode of a worker takes the modes of
//!    activities without a fixed one by finish plus a congestion price
//!    ([`super::sgs::prices`]), the workers alternating two price settings
//!    ([`LARGE_PLAN_PRICES`]); smaller plans keep the earliest-finish
//!    rule. Each
//!    worker draws from a seed stream derived from `seed` and its index, for
//!    a budget of `1.2e7 / n` children per second of time limit (between 200
//!    and 5 million), until the deadline or the proven bound. With two or
//!    more workers on a makespan problem that mirrors exactly
//!    ([`super::reverse`]: PSPLIB-like), the odd workers search the mirrored
//!    project, seeded with the best schedule mirrored. The best
//!    schedule wins; ties go to the earlier phase, then to the lower worker
//!    index, so with a generous time limit the result depends only on the
//!    input, the seed and the thread count.
//!
//! # Theoretical: a longer limit never gives a worse plan
//! Everything that shapes the search's trajectory (the goal-order search's
//! length, whether walks run, the GA's population; upstream, the bounds
//! and the LP relaxation's lists) is sized by the *opening* effort
//! ([`SolveOptions::opening`]: the limit, capped at the default limit for
//! the plan's size), never by the limit itself. The GA's child budget and
//! the deadline only *cut* the run. So for two limits at or above the
//! default, with the same seed and threads, the shorter run's search is a
//! prefix of the longer one's (exactly with a work limit; with a time limit,
//! as far as the machine's speed is the same), and its best schedule is
//! one the longer run also met: the objective is non-increasing in the limit.
//! Time beyond the opening that is not searched goes to the bounds.
//!
//! The search stops as soon as the objective reaches the critical-path bound
//! (makespan: [`Analysis::makespan_bound`]; weighted: the objective of the
//! goals' critical-path finishes), which no schedule can beat.

use std::time::Instant;

use super::SolveOptions;
use super::genetic::{GaConfig, GaInput, WALK_STEPS, evolve};
use super::goal_order::GoalSearch;
use super::goal_walk::GoalWalk;
use super::reverse;
use super::rng::Rng;
use super::rules::{PriorityRule, in_precedence_order};
use super::sgs::Sgs;
use super::sgs::prices::ModePrices;
use crate::graph::Analysis;
use crate::model::{ActivityId, Objective, Problem};
use crate::schedule::{Schedule, weighted_objective};

/// How many of the best rule schedules get forward-backward improvement.
const IMPROVED_RULES: usize = 3;
/// Forward-backward passes per schedule at most.
const PASSES: usize = 4;
/// Child budget per worker from which weighted plans get the plateau walk
/// too (30 walks). With less, the walks take too large a share: measured on
/// generated 300-task plans (seeds 11-18, `--threads 2`), the walk costs
/// 0.6 % at 1.3 s (52k children) but gains 1.5 % at 5 s and 1.8 % at 10 s,
/// where the GA alone stalls (10 s no better than 5 s); on a 2,000-task plan
/// it is neutral at 30 s.
const WEIGHTED_WALK_BUDGET: usize = 30 * WALK_STEPS;
/// Plans of this many activities and more do not run the goal walk (on
/// a generated 1,500-task plan it gained 2 % in 2 s from a 1.3 s
/// schedule, which the goal-order and genetic searches match: at 10 s
/// with it, seeds 2 and 3 ended 6-7 % worse). All weighted plans start
/// the GA's rounds with [`LARGE_GA_SHARE`] of the opening budget
/// (measured with the walk on 600-task plans at 10 s, seed 2: 28,220
/// with a full first round, 26,537 with an eighth); on large plans its
/// children rarely beat the goal-order search that seeds them, and a full
/// first round outlasts a 10 s limit, where a stalled goal-order search
/// would rather restart. Measured on generated plans at 10 s, 2 threads:
/// 1,500 tasks seeds 1-3 214,345 / 226,712 / 227,681 before, 204,672 /
/// 212,570 / 210,024 after; 2,000 tasks unchanged (their goal-order search
/// does not stall in 10 s). Without the walk the same change was worse on
/// 300- and 600-task plans (300 tasks at the default limit: 1-3 % on each
/// of 3 seeds).
const LARGE_PLAN: usize = 1_000;
/// See [`LARGE_PLAN`].
const LARGE_GA_SHARE: usize = 8;
/// Weighted plans of this many activities and more decode with mode
/// prices ([`LARGE_PLAN_PRICES`]). Measured against the earliest-finish
/// rule on generated plans, 3 seeds each, 2 threads (default limit / 10 s):
/// 800 tasks -1.9 / -4.8, -6.9 / -1.0, -0.9 / -0.8 %; 1,000 tasks -12.9 /
/// -5.3, -19.9 / -9.9, -0.4 / -2.3 %; 600 tasks -10.8 / -3.1, -8.0 / -1.4
/// but **+7.1 / +7.9 %** on seed 3, so 600 stays below.
const PRICED_PLAN: usize = 700;
/// The weight and power of the mode prices ([`ModePrices::congestion`])
/// of the workers on weighted plans of [`PRICED_PLAN`] activities and more,
/// by worker index (cycled). Measured on generated plans of 1,500 and
/// 2,000 tasks, 3 seeds each, 2 threads, against the earliest-finish rule:
/// at the default limit 5.9-11.8 % better on all six (mean 8.1 %), at 10 s
/// 2.7-6.9 % (mean 4.5 %). Every worker with (3, 4) was better by 1.1-6.1 %
/// at 10 s, with (10, 8) by 0.8-9.5 %, each the better one on some plans;
/// the pair matched the better of the two on four of six (on the other
/// two, (10, 8) alone was 1 % and 5 % better). On plans of 300 and 600
/// tasks prices were mixed (up to 7 % better or worse), so they keep the
/// earliest-finish rule.
const LARGE_PLAN_PRICES: [(f64, i32); 2] = [(3.0, 4), (10.0, 8)];
/// Goal-walk decodes per worker, as a share of its GA child budget
/// (weighted plans under [`LARGE_PLAN`] activities, whose GA then gets half
/// of that budget): `WALK_SHARE_NUM / WALK_SHARE_DEN`. Each round's walk is
/// as long as the opening budget, doubled every round. With a time limit
/// the deadline comes first (measured on generated 300-task plans at 10 s:
/// 280,000 walk decodes and 13,000 children per worker against caps of
/// 540,000 and 180,000). With a work limit the caps are the run, and the
/// walk's is half the budget: the clean-clone CI, whose integration tests
/// solve with work limits, took 1,549 s with 3/2 (budget 1,500 s).
const WALK_SHARE_NUM: usize = 3;
/// See [`WALK_SHARE_NUM`].
const WALK_SHARE_DEN: usize = 2;
/// Goal-order decodes per worker, as a share of its GA child budget
/// (weighted objective only): `GOAL_SHARE_NUM / GOAL_SHARE_DEN`.
const GOAL_SHARE_NUM: usize = 4;
/// See [`GOAL_SHARE_NUM`].
const GOAL_SHARE_DEN: usize = 1;

/// Best schedule found by the heuristics before `deadline`, and the best
/// goal order the goal-order searches found (goal indices, first rank
/// first; empty when none ran: the makespan objective, fewer than two
/// goals, or no time for them). The schedule need not be that order's
/// decode (the genetic search may have improved on it).
///
/// `extra_lists` (precedence-feasible activity lists, e.g. from the LP
/// relaxation) are decoded beside the priority rules; the search stops as
/// soon as it reaches `proven_bound`, a proven lower bound on the objective.
pub fn search(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    deadline: Instant,
    extra_lists: &[Vec<ActivityId>],
    proven_bound: f64,
) -> (Schedule, Vec<usize>) {
    search_with(
        problem,
        analysis,
        options,
        deadline,
        default_budget(problem.len(), options),
        extra_lists,
        proven_bound,
        None,
    )
}

/// [`search`] that also posts its best schedules on `board` as it finds
/// them (the rules' best, then each worker's after each of its rounds and
/// at its end), and closes the board when it returns: for a bound
/// computed beside it that needs an incumbent.
pub(crate) fn search_posting(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    deadline: Instant,
    extra_lists: &[Vec<ActivityId>],
    proven_bound: f64,
    board: &Board,
) -> (Schedule, Vec<usize>) {
    let found = search_with(
        problem,
        analysis,
        options,
        deadline,
        default_budget(problem.len(), options),
        extra_lists,
        proven_bound,
        Some(board),
    );
    board.close();
    found
}

/// The best schedule a running search has posted so far
/// ([`search_posting`]), and whether it has returned.
#[derive(Debug, Default)]
pub(crate) struct Board {
    state: std::sync::Mutex<Posted>,
    posted: std::sync::Condvar,
}

/// What a [`Board`] holds.
#[derive(Debug, Default)]
struct Posted {
    best: Option<(f64, Schedule)>,
    closed: bool,
}

impl Board {
    /// Keeps `schedule` (of objective `value`) if it beats the best posted.
    fn post(&self, value: f64, schedule: &Schedule) {
        // a poisoned lock (a panicking worker) only loses the post
        if let Ok(mut state) = self.state.lock()
            && state.best.as_ref().is_none_or(|b| value < b.0)
        {
            state.best = Some((value, schedule.clone()));
            self.posted.notify_all();
        }
    }

    /// No more posts: the search returned.
    fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.closed = true;
            self.posted.notify_all();
        }
    }

    /// The best schedule posted so far; waits for the first post until
    /// `deadline` (`None`: nothing posted by then, or the search returned
    /// without a schedule).
    pub(crate) fn best(&self, deadline: Instant) -> Option<Schedule> {
        let mut state = self.state.lock().ok()?;
        while state.best.is_none() && !state.closed {
            let wait = deadline.checked_duration_since(Instant::now())?;
            state = self.posted.wait_timeout(state, wait).ok()?.0;
        }
        state.best.as_ref().map(|b| b.1.clone())
    }
}

/// GA children per worker: about twelve million activity placements per
/// second of the options' search effort (`1.2e7 * secs / n`; the time
/// limit, or the scaled work limit: [`SolveOptions::search_effort`]),
/// between 200 and 5 million. A fixed count keeps runs reproducible; the
/// deadline still cuts a run short on a slow machine. With a work limit the
/// floor is [`WORK_FLOOR`] instead: no clock cuts those runs, and on plans
/// of tens of thousands of tasks 200 children alone take many seconds.
pub(crate) fn default_budget(n: usize, options: &SolveOptions) -> usize {
    let per_second = 12_000_000.0 / n.max(1) as f64;
    let floor = if options.deterministic() {
        WORK_FLOOR
    } else {
        200.0
    };
    let secs = options.search_effort().as_secs_f64();
    (per_second * secs).clamp(floor, 5_000_000.0) as usize
}

/// The least GA budget per worker with a work limit.
const WORK_FLOOR: f64 = 10.0;

/// [`search`] with an explicit sampling budget per worker.
#[allow(clippy::too_many_arguments)]
pub(crate) fn search_with(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    deadline: Instant,
    budget: usize,
    extra_lists: &[Vec<ActivityId>],
    proven_bound: f64,
    board: Option<&Board>,
) -> (Schedule, Vec<usize>) {
    // what decides the trajectory is sized by the opening's effort, so a
    // longer limit only runs the same search further (a longer run's
    // prefix); the GA's budget is a cap, no more
    let opening_budget = budget.min(default_budget(
        problem.len(),
        &options.opening(problem.len()),
    ));
    let mut sgs = Sgs::new(problem);
    let rules = PriorityRule::for_objective(problem.objective());
    // an expected objective (training scenarios) has no bound here
    let bound = if problem.training().is_some() {
        f64::NEG_INFINITY
    } else {
        objective_bound(problem, analysis).max(proven_bound) + 1e-9
    };
    let lists = rules
        .iter()
        .map(|rule| rule.activity_list(problem, analysis))
        .chain(extra_lists.iter().cloned());

    // phase 1: every rule
    let mut decoded = Vec::with_capacity(rules.len());
    let mut best: Option<(f64, Schedule)> = None;
    let mut best_list = Vec::new();
    for (k, list) in lists.enumerate() {
        if k > 0 && Instant::now() >= deadline {
            break;
        }
        let objective = sgs.decode(&list, None);
        if offer(&mut best, objective, &sgs) {
            best_list.clone_from(&list);
        }
        decoded.push((objective, k, list));
    }
    decoded.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, _, list) in decoded.iter().take(IMPROVED_RULES) {
        if Instant::now() >= deadline || reached(&best, bound) {
            break;
        }
        sgs.decode(list, None);
        let objective = sgs.improve(PASSES);
        if offer(&mut best, objective, &sgs) {
            best_list.clone_from(list);
        }
    }
    let Some((best_objective, best_schedule)) = best else {
        return (sgs.schedule(), Vec::new()); // no activities
    };
    if let Some(board) = board {
        board.post(best_objective, &best_schedule);
    }
    if best_objective <= bound || Instant::now() >= deadline || budget == 0 {
        return (best_schedule, Vec::new());
    }

    // phase 2: sampling
    let sampling_rules: &[PriorityRule] = match problem.objective() {
        Objective::Makespan => &[PriorityRule::Lft],
        Objective::Weighted { .. } => &[
            PriorityRule::GoalWork,
            PriorityRule::GoalSpan,
            PriorityRule::GoalDue,
            PriorityRule::Lft,
        ],
    };
    let keys: Vec<Vec<i64>> = sampling_rules
        .iter()
        .map(|r| r.keys(problem, analysis))
        .collect();
    let workers = options.workers();
    let mut seeds: Vec<Vec<ActivityId>> = vec![best_list.clone()];
    seeds.extend(decoded.iter().map(|(_, _, l)| l.clone()));
    let input = GaInput {
        problem,
        keys: &keys,
        seeds: &seeds,
        bound,
        incumbent: best_objective,
        deadline,
        prices: None,
    };
    let weighted = matches!(problem.objective(), Objective::Weighted { .. });
    let mut config = GaConfig::for_problem(problem.len(), opening_budget);
    config.children = budget;
    if !weighted || opening_budget >= WEIGHTED_WALK_BUDGET {
        config.walk = WALK_STEPS;
        // weighted runs give up after as many fruitless decodes as before
        config.walk_counts_towards_give_up = weighted;
    }
    // odd workers search the mirrored project (backward), when exact
    let mirrored = if workers >= 2 {
        reverse::mirror(problem)
    } else {
        None
    };
    let mirror_parts = mirrored.as_ref().map(|m| {
        let cpm = Analysis::new(m);
        let keys = vec![PriorityRule::Lft.keys(m, &cpm)];
        let mut seeds = vec![reverse::mirrored_list(problem, m, &best_schedule)];
        seeds.extend(
            PriorityRule::MAKESPAN
                .iter()
                .map(|r| r.activity_list(m, &cpm)),
        );
        (m, keys, seeds)
    });
    let goal_budget = opening_budget.saturating_mul(GOAL_SHARE_NUM) / GOAL_SHARE_DEN;
    let goal_cpm = analysis.goal_finishes(problem);
    // on large weighted plans the workers decode with priced modes
    let price_sets: Vec<Option<ModePrices>> = if weighted && problem.len() >= PRICED_PLAN {
        LARGE_PLAN_PRICES
            .iter()
            .map(|&(weight, power)| ModePrices::congestion(problem, weight, power))
            .collect()
    } else {
        vec![None]
    };
    let run = |w: usize| {
        let mut rng = Rng::stream(options.seed, w as u64);
        let prices = price_sets[w % price_sets.len()].as_ref();
        let input = GaInput { prices, ..input };
        if let Some((m, keys, seeds)) = mirror_parts.as_ref().filter(|_| w % 2 == 1) {
            let input = GaInput {
                problem: m,
                keys,
                seeds,
                prices: None,
                ..input
            };
            let found = evolve(&input, &config, &mut rng, &mut 0)
                .map(|(value, schedule)| (value, reverse::unmirror(problem, &schedule)));
            return (found, None);
        }
        if !weighted {
            return (evolve(&input, &config, &mut rng, &mut 0), None);
        }
        let Some(mut goals) = GoalSearch::new(problem, analysis, extra_lists, prices.cloned())
        else {
            return (evolve(&input, &config, &mut rng, &mut 0), None);
        };
        // weighted: rounds of goal-order search, then the GA seeded with
        // the best order's list and the worker's best schedule, each round
        // twice as long as the one before (the GA's only after a round in
        // which it gained); the rounds do not depend on the limit (only
        // where they are cut does)
        let goal_total = budget.saturating_mul(GOAL_SHARE_NUM) / GOAL_SHARE_DEN;
        let ga_first = opening_budget / LARGE_GA_SHARE;
        let (mut goal_round, mut ga_round) = (goal_budget, ga_first.max(1));
        let (mut goal_spent, mut ga_spent) = (0, 0);
        // below LARGE_PLAN the walk takes most of the GA's budget (a walk
        // step costs about one decode, a child three with its improvement):
        // a work limit then buys about as much work as before
        let (walk_total, ga_total) = if problem.len() >= LARGE_PLAN {
            (0, budget)
        } else if options.deterministic() {
            (budget / 2, budget / 2)
        } else {
            (
                budget.saturating_mul(WALK_SHARE_NUM) / WALK_SHARE_DEN,
                budget / 2,
            )
        };
        let (mut walk_round, mut walk_spent) = (opening_budget.max(1), 0);
        let mut walk: Option<GoalWalk> = None;
        let mut found: Option<(f64, Schedule)> = None;
        // decodes since the last new best, over rounds: the GA's give-up rule
        let mut fruitless = 0;
        loop {
            let before = (goal_spent, ga_spent, walk_spent);
            let best_before = goals.best().0.min(incumbent_of(&found, f64::INFINITY));
            // (a round may overshoot its budget by a decode or a population:
            // what is left saturates at 0)
            let goal_left = goal_total.saturating_sub(goal_spent);
            goal_spent += goals.run(&mut rng, goal_round.min(goal_left), deadline);
            // the goal walk from the best so far (anew when the other
            // searches passed the walk's best)
            let (from_value, from) = match &found {
                Some((value, schedule)) if *value < input.incumbent => (*value, schedule),
                _ => (input.incumbent, &best_schedule),
            };
            if problem.len() < LARGE_PLAN
                && walk
                    .as_ref()
                    .is_none_or(|w| from_value.min(goals.best().0) < w.best().0)
            {
                let (list, modes) = if from_value <= goals.best().0 {
                    (
                        list_of(problem, analysis, from),
                        from.assignments().iter().map(|a| a.mode).collect(),
                    )
                } else {
                    (goals.best().1.clone(), vec![usize::MAX; problem.len()])
                };
                walk = Some(GoalWalk::new(
                    problem,
                    &goal_cpm,
                    list,
                    modes,
                    prices.cloned(),
                ));
                walk_spent += 2;
            }
            if let Some(walk) = walk.as_mut() {
                let left = walk_total.saturating_sub(walk_spent);
                walk_spent += walk.run(&mut rng, walk_round.min(left), deadline, bound);
                let (value, schedule) = walk.best();
                if *value < incumbent_of(&found, f64::INFINITY) {
                    found = Some((*value, schedule.clone()));
                }
            }
            let mut own: Vec<Vec<ActivityId>> = Vec::with_capacity(seeds.len() + 2);
            own.push(goals.best().1.clone());
            if let Some((_, schedule)) = &found {
                own.push(list_of(problem, analysis, schedule));
            }
            own.extend(seeds.iter().cloned());
            let incumbent = incumbent_of(&found, input.incumbent);
            let input = GaInput {
                seeds: &own,
                incumbent,
                ..input
            };
            let mut round = config.clone();
            round.children = ga_round.min(ga_total.saturating_sub(ga_spent));
            let seeded = goals.best().0.min(incumbent);
            let mut gained = false;
            if let Some(better) = evolve(&input, &round, &mut rng, &mut ga_spent) {
                gained = better.0 < seeded - 1e-9;
                found = Some(better);
            }
            let value = incumbent_of(&found, f64::INFINITY);
            if let (Some(board), Some((value, schedule))) = (board, &found) {
                board.post(*value, schedule);
            }
            if goals.best().0.min(value) < best_before {
                fruitless = 0;
            } else {
                fruitless += goal_spent - before.0 + ga_spent - before.1 + walk_spent - before.2;
            }
            let spent =
                goal_spent >= goal_total && ga_spent >= ga_total && walk_spent >= walk_total;
            let stuck =
                (goal_spent, ga_spent, walk_spent) == before || fruitless >= config.give_up_after;
            if spent || stuck || Instant::now() >= deadline || value <= bound {
                break;
            }
            // the GA's rounds grow only while it beats what it was seeded
            // with (on plans of thousands of tasks its children rarely do,
            // and the goal-order search gets the time)
            goal_round = goal_round.saturating_mul(2);
            walk_round = walk_round.saturating_mul(2);
            if gained {
                ga_round = ga_round.saturating_mul(2);
            }
        }
        let (value, _, order) = goals.into_best();
        (found, Some((value, order)))
    };
    type Found = (Option<(f64, Schedule)>, Option<(f64, Vec<usize>)>);
    // each worker's result on the board (a makespan worker posts only here)
    let run = |w: usize| {
        let found = run(w);
        if let (Some(board), Some((value, schedule))) = (board, &found.0) {
            board.post(*value, schedule);
        }
        found
    };
    let found: Vec<Found> = if workers == 1 {
        vec![run(0)]
    } else {
        match rayon::ThreadPoolBuilder::new().num_threads(workers).build() {
            Ok(pool) => pool.install(|| {
                use rayon::prelude::*;
                (0..workers).into_par_iter().map(run).collect()
            }),
            Err(_) => (0..workers).map(run).collect(),
        }
    };
    let mut best = (best_objective, best_schedule);
    let mut best_order: Option<(f64, Vec<usize>)> = None;
    for (schedule, order) in found {
        if let Some((objective, schedule)) = schedule
            && objective < best.0
        {
            best = (objective, schedule);
        }
        if let Some((value, order)) = order
            && best_order.as_ref().is_none_or(|b| value < b.0)
        {
            best_order = Some((value, order));
        }
    }
    (best.1, best_order.map(|b| b.1).unwrap_or_default())
}

/// The objective of `found`, or `otherwise`.
fn incumbent_of(found: &Option<(f64, Schedule)>, otherwise: f64) -> f64 {
    found.as_ref().map_or(otherwise, |f| f.0)
}

/// An activity list of `schedule`: by start, ties in topological order
/// (then in precedence order, which a lead may need).
fn list_of(problem: &Problem, analysis: &Analysis, schedule: &Schedule) -> Vec<ActivityId> {
    let mut list = analysis.order.clone();
    list.sort_by_key(|&a| schedule.start(a));
    in_precedence_order(problem, list)
}

/// Keeps the current schedule of `sgs` if it beats `best`; `true` if kept.
fn offer(best: &mut Option<(f64, Schedule)>, objective: f64, sgs: &Sgs<'_>) -> bool {
    let better = best.as_ref().is_none_or(|b| objective < b.0);
    if better {
        *best = Some((objective, sgs.schedule()));
    }
    better
}

fn reached(best: &Option<(f64, Schedule)>, bound: f64) -> bool {
    best.as_ref().is_some_and(|b| b.0 <= bound)
}

/// The objective no schedule can beat: the critical-path finishes.
pub(crate) fn objective_bound(problem: &Problem, analysis: &Analysis) -> f64 {
    match problem.objective() {
        Objective::Makespan => f64::from(analysis.makespan_bound),
        Objective::Weighted { lateness_weight } => {
            weighted_objective(problem, &analysis.goal_finishes(problem), lateness_weight)
        }
    }
}

#[cfg(test)]
mod tests;
