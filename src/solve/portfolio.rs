//! Heuristic search: a portfolio of priority rules, then biased random
//! sampling with forward-backward improvement until the deadline.
//!
//! # Practical
//! 1. Every priority rule for the objective is decoded by the serial SGS
//!    ([`PriorityRule::for_objective`]); the first always, the others while
//!    time remains.
//! 2. The best [`IMPROVED_RULES`] rule schedules get forward-backward
//!    improvement ([`Sgs::improve`]).
//! 3. `threads` workers (rayon; 0 = all cores) each draw activity lists by
//!    regret-based biased random sampling over the rules' keys, decode and
//!    improve them, from a seed stream derived from `seed` and the worker
//!    index, for an iteration budget of `max(200, 2e6 / n)` samples (at most
//!    100 000) or until the deadline. The best schedule wins; ties go to the
//!    earlier phase, then to the lower worker index, so with a generous time
//!    limit the result depends only on the input, the seed and the thread
//!    count.
//!
//! The search stops as soon as the objective reaches the critical-path bound
//! (makespan: [`Analysis::makespan_bound`]; weighted: the objective of the
//! goals' critical-path finishes), which no schedule can beat.

use std::time::Instant;

use super::SolveOptions;
use super::rng::Rng;
use super::rules::{PriorityRule, Sampler};
use super::sgs::Sgs;
use crate::graph::Analysis;
use crate::model::{GoalId, Objective, Problem};
use crate::schedule::{Schedule, weighted_objective};

/// How many of the best rule schedules get forward-backward improvement.
const IMPROVED_RULES: usize = 3;
/// Forward-backward passes per schedule at most.
const PASSES: usize = 4;
/// Bias exponent of the regret-based sampling.
const ALPHA: f64 = 1.0;

/// Best schedule found by the heuristics before `deadline`.
pub fn search(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    deadline: Instant,
) -> Schedule {
    search_with(
        problem,
        analysis,
        options,
        deadline,
        default_budget(problem.len()),
    )
}

/// Samples per worker: `max(200, 2e6 / n)`, at most 100 000.
pub(crate) fn default_budget(n: usize) -> usize {
    (2_000_000 / n.max(1)).clamp(200, 100_000)
}

/// [`search`] with an explicit sampling budget per worker.
pub(crate) fn search_with(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    deadline: Instant,
    budget: usize,
) -> Schedule {
    let mut sgs = Sgs::new(problem);
    let rules = PriorityRule::for_objective(problem.objective());
    let bound = objective_bound(problem, analysis) + 1e-9;

    // phase 1: every rule
    let mut decoded = Vec::with_capacity(rules.len());
    let mut best: Option<(f64, Schedule)> = None;
    for (k, rule) in rules.iter().enumerate() {
        if k > 0 && Instant::now() >= deadline {
            break;
        }
        let list = rule.activity_list(problem, analysis);
        let objective = sgs.decode(&list, None);
        offer(&mut best, objective, &sgs);
        decoded.push((objective, k, list));
    }
    decoded.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, _, list) in decoded.iter().take(IMPROVED_RULES) {
        if Instant::now() >= deadline || reached(&best, bound) {
            break;
        }
        sgs.decode(list, None);
        let objective = sgs.improve(PASSES);
        offer(&mut best, objective, &sgs);
    }
    let Some((best_objective, best_schedule)) = best else {
        return sgs.schedule(); // no activities
    };
    if best_objective <= bound || Instant::now() >= deadline || budget == 0 {
        return best_schedule;
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
    let workers = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        t => t,
    };
    let run = |w: usize| {
        sample(
            problem,
            &keys,
            Rng::stream(options.seed, w as u64),
            budget,
            deadline,
            bound,
            best_objective,
        )
    };
    let found: Vec<Option<(f64, Schedule)>> = if workers == 1 {
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
    let mut best = Some((best_objective, best_schedule));
    for (objective, schedule) in found.into_iter().flatten() {
        if best.as_ref().is_none_or(|b| objective < b.0) {
            best = Some((objective, schedule));
        }
    }
    best.map_or_else(|| sgs.schedule(), |b| b.1)
}

/// One worker's biased random sampling: the best schedule strictly better
/// than `incumbent`, if any.
fn sample(
    problem: &Problem,
    keys: &[Vec<i64>],
    mut rng: Rng,
    budget: usize,
    deadline: Instant,
    bound: f64,
    incumbent: f64,
) -> Option<(f64, Schedule)> {
    let mut sgs = Sgs::new(problem);
    let mut sampler = Sampler::new(problem);
    let mut list = Vec::with_capacity(problem.len());
    let mut best: Option<(f64, Schedule)> = None;
    let mut target = incumbent;
    for it in 0..budget {
        if Instant::now() >= deadline {
            break;
        }
        sampler.sample(problem, &keys[it % keys.len()], ALPHA, &mut rng, &mut list);
        sgs.decode(&list, None);
        let objective = sgs.improve(PASSES);
        if objective < target {
            target = objective;
            best = Some((objective, sgs.schedule()));
            if objective <= bound {
                break;
            }
        }
    }
    best
}

fn offer(best: &mut Option<(f64, Schedule)>, objective: f64, sgs: &Sgs<'_>) {
    if best.as_ref().is_none_or(|b| objective < b.0) {
        *best = Some((objective, sgs.schedule()));
    }
}

fn reached(best: &Option<(f64, Schedule)>, bound: f64) -> bool {
    best.as_ref().is_some_and(|b| b.0 <= bound)
}

/// The objective no schedule can beat: the critical-path finishes.
fn objective_bound(problem: &Problem, analysis: &Analysis) -> f64 {
    match problem.objective() {
        Objective::Makespan => f64::from(analysis.makespan_bound),
        Objective::Weighted { lateness_weight } => {
            let finishes: Vec<u32> = (0..problem.goals().len())
                .map(|g| {
                    problem
                        .goal_members(GoalId::from_index(g))
                        .iter()
                        .map(|a| analysis.ef[a.index()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            weighted_objective(problem, &finishes, lateness_weight)
        }
    }
}
