//! The goal-order walk of a re-plan: the cold solver's goal-order space,
//! started from the best of the goal-work order and the warm lists' goal
//! orders.
//!
//! # Theoretical
//! On large weighted plans a good schedule is mostly a good *goal order*
//! (see `solve/goal_order.rs`): the goals get ranks, every activity the best
//! rank among the goals it delivers or precedes, and the activity list takes
//! the activities by rank, then by latest finish; the serial SGS decodes it
//! with free modes (earliest finish). This is where a cold solve finds its
//! schedules, and it reaches better ones than moves on the baseline's list
//! in the baseline's modes ([`super::search`]): on a 2,000-task plan the
//! latter level off some 9 % above a 3 s cold solve, whatever the time.
//! A baseline's goal order does not carry over exactly (the goals' order in
//! the baseline's start order decodes to a much worse schedule than the
//! baseline itself), so the walk starts from the best of the goal-work order
//! and the goal orders of the warm lists.
//!
//! A move decodes only the rest of the list, from a saved SGS state of the
//! current list ([`OrderDecoder`]).
//!
//! # Practical
//! 1. *Focus*: the [`FOCUS`] goals with the largest terms (`priority *
//!    (finish + lateness_weight * late days)`) in the decoded start are each
//!    tried at every rank and kept at the best (strictly better only): a
//!    goal whose priority rose or whose due day came closer is among them.
//! 2. *Descent*: random insertions (a random goal to a random rank), kept
//!    when not worse, until `evaluations` decodes, `100 + 2 g^2` decodes
//!    without a new best, or the deadline. An *annealed* walk (`anneal >
//!    0`) also takes a worse order with probability `exp(-loss / t)`, `t`
//!    falling from `anneal` times the start's objective to 0 at the decode
//!    budget; the best order seen is the result either way.
//!
//! # Staying near the baseline
//! Nothing in a decode from scratch keeps a task where the baseline had
//! it, so on a 2,000-task plan a goal-order walk moved about as many tasks
//! as a cold solve (1,700 of 2,000). Two things pull the walk's schedules
//! towards the baseline without costing objective:
//! - the decode puts a task in its baseline slot (start and mode) when that
//!   slot is free, its predecessors allow it, and it starts at most
//!   [`SLACK_DAYS`] days after the task's earliest start ([`Sgs::place_near`]):
//!   a short wait that usually costs nothing (the walk judges the orders by
//!   these decodes, so an order whose waits cost is not kept);
//! - equal objectives are ranked by the number of tasks out of their
//!   baseline slot: the walk's sideways moves and its best prefer fewer.
//!
//! Measured (2,000 tasks seed 7, goal G08's priority 2 -> 9, 0.75 s, one
//! worker, seeds 0-7): 388.9k objective and 1,718 tasks moved before,
//! 384.2k and 1,628 after (a cold solve of 3 s: 407.5k, 1,746).
//!
//! Deterministic for a given [`Rng`] stream when the deadline does not cut
//! it short.

use std::time::Instant;

use super::found::{Found, heaviest_goals};
use crate::graph::Analysis;
use crate::model::{ActivityId, Objective, Problem};
use crate::solve::rng::Rng;
use crate::solve::{OrderDecoder, PriorityRule, goal_ranks, insertion, order_of};

/// How many of the start's largest goal terms get a full insertion.
const FOCUS: usize = 3;
/// A task goes to its free baseline slot when that is at most this many
/// days after its earliest start (see the module docs).
const SLACK_DAYS: u32 = 5;
/// Objectives this close are equal (then fewer moved tasks win).
const TOLERANCE: f64 = 1e-9;

/// One goal-order search: the current order, its decode and value.
struct Walk<'a> {
    problem: &'a Problem,
    decoder: OrderDecoder<'a>,
    order: Vec<usize>,
    value: f64,
    evaluations: usize,
}

impl<'a> Walk<'a> {
    fn new(
        problem: &'a Problem,
        analysis: &'a Analysis,
        order: Vec<usize>,
        slots: Vec<Option<(usize, u32)>>,
    ) -> Self {
        let mut walk = Self {
            problem,
            decoder: OrderDecoder::new(problem, analysis, slots, SLACK_DAYS),
            order: Vec::new(),
            value: f64::INFINITY,
            evaluations: 0,
        };
        let (value, list) = walk.evaluate(&order, 0);
        walk.accept(order, list, value);
        walk
    }

    /// Objective of `order`, whose ranks below `m` are those of the current
    /// order ([`Walk::accept`] keeps it).
    fn evaluate(&mut self, order: &[usize], m: usize) -> (f64, Vec<ActivityId>) {
        self.evaluations += 1;
        self.decoder.evaluate(order, m)
    }

    /// Activities of the last evaluated decode not in their baseline slot.
    fn moved(&self) -> usize {
        let trial = self.decoder.trial();
        let (starts, modes) = (trial.starts(), trial.modes());
        self.decoder
            .slots()
            .iter()
            .enumerate()
            .filter(|(i, s)| s.is_some_and(|(m, b)| starts[*i] != b || modes[*i] != m))
            .count()
    }

    /// Makes the order evaluated last (with its list and value) current.
    fn accept(&mut self, order: Vec<usize>, list: Vec<ActivityId>, value: f64) {
        self.decoder.accept(list);
        (self.order, self.value) = (order, value);
    }

    /// The `count` goals with the largest terms in the current schedule.
    fn focus(&self, count: usize) -> Vec<usize> {
        heaviest_goals(self.problem, &self.decoder.current().schedule(), count)
    }

    /// Goal `g` at its best rank, when strictly better.
    fn insert_best(&mut self, g: usize, deadline: Instant) {
        let Some(from) = self.order.iter().position(|&x| x == g) else {
            return;
        };
        let mut rest = self.order.clone();
        rest.remove(from);
        let mut best: Option<(f64, usize)> = None;
        for at in 0..=rest.len() {
            if at == from {
                continue;
            }
            if Instant::now() >= deadline {
                break;
            }
            let mut candidate = rest.clone();
            candidate.insert(at, g);
            let (value, _) = self.evaluate(&candidate, from.min(at));
            if best.is_none_or(|b| value < b.0) {
                best = Some((value, at));
            }
        }
        if let Some((value, at)) = best
            && value < self.value
        {
            let mut candidate = rest;
            candidate.insert(at, g);
            let (value, list) = self.evaluate(&candidate, from.min(at));
            self.accept(candidate, list, value);
        }
    }
}

/// Where and how a walk starts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Setup<'a> {
    /// Lists whose goal orders may start the walk.
    pub(crate) hints: &'a [Vec<ActivityId>],
    /// The baseline mode of every activity (`usize::MAX`: none; empty
    /// without a baseline).
    pub(crate) modes: &'a [usize],
    /// Starting temperature as a share of the start's objective (0:
    /// greedy).
    pub(crate) anneal: f64,
    /// A goal order (a permutation of the goal indices) the walk starts
    /// from instead of the best of the goal-work order and `hints`: the
    /// baseline's own ([`crate::Baseline::goal_order`]). Empty: none.
    pub(crate) start: &'a [usize],
}

/// The goal-order walk (see the module docs), starting from the best of
/// the goal-work order and the goal orders of `hints`: at most
/// `evaluations` decodes, until `deadline`. `None` without two goals or
/// with the makespan objective.
pub(crate) fn search(
    problem: &Problem,
    analysis: &Analysis,
    setup: &Setup<'_>,
    rng: &mut Rng,
    evaluations: usize,
    deadline: Instant,
) -> Option<Found> {
    let Setup {
        hints,
        modes,
        anneal,
        start: given,
    } = *setup;
    let ng = problem.goals().len();
    let weighted = matches!(problem.objective(), Objective::Weighted { .. });
    if ng < 2 || !weighted || problem.is_empty() {
        return None;
    }
    // the given order, else the goal-work order (then the hints compete)
    let given = given.len() == ng;
    let start: Vec<usize> = if given {
        setup.start.to_vec()
    } else {
        let ranks = goal_ranks(problem, analysis, PriorityRule::GoalWork);
        let mut order: Vec<usize> = (0..ng).collect();
        order.sort_by_key(|&g| ranks[g]);
        order
    };
    let slots: Vec<Option<(usize, u32)>> = problem
        .activity_ids()
        .map(|a| {
            let m = modes.get(a.index()).copied().unwrap_or(usize::MAX);
            problem
                .replanning()
                .baseline_start(a)
                .filter(|_| m < problem.activity(a).modes.len())
                .map(|b| (m, b))
        })
        .collect();
    let mut walk = Walk::new(problem, analysis, start, slots);
    for hint in hints.iter().filter(|h| !given && h.len() == problem.len()) {
        let order = order_of(problem, hint);
        let (value, list) = walk.evaluate(&order, 0);
        if value < walk.value {
            walk.accept(order, list, value);
        }
    }
    for g in walk.focus(FOCUS) {
        walk.insert_best(g, deadline);
    }
    let patience = 100 + 2 * ng * ng;
    let mut stale = 0usize;
    let mut cur_moved = {
        let order = walk.order.clone();
        walk.evaluate(&order, 0);
        walk.moved()
    };
    let mut best_moved = cur_moved;
    let mut best = (walk.value, walk.decoder.list().to_vec(), walk.order.clone());
    let mut candidate = walk.order.clone();
    let t0 = anneal * walk.value;
    while walk.evaluations < evaluations && stale < patience && Instant::now() < deadline {
        candidate.clone_from(&walk.order);
        let m = insertion(&mut candidate, rng);
        let (value, list) = walk.evaluate(&candidate, m);
        let moved = walk.moved();
        if value < best.0 - TOLERANCE {
            stale = 0;
        } else {
            stale += 1;
        }
        if value < best.0 - TOLERANCE || (value <= best.0 + TOLERANCE && moved < best_moved) {
            best = (value, list.clone(), candidate.clone());
            best_moved = moved;
        }
        // annealing: a worse order is taken with probability
        // exp(-loss / t), t falling linearly to 0 at the decode budget (by
        // count, not time: reproducible)
        let hot = t0 > 0.0 && value > walk.value + TOLERANCE && {
            let frac = 1.0 - walk.evaluations as f64 / evaluations.max(1) as f64;
            let t = t0 * frac.max(0.0);
            t > 0.0 && rng.next_f64() < (-(value - walk.value) / t).exp()
        };
        if hot
            || value < walk.value - TOLERANCE
            || (value <= walk.value + TOLERANCE && moved <= cur_moved)
        {
            walk.accept(std::mem::take(&mut candidate), list, value);
            cur_moved = moved;
        }
    }
    walk.evaluate(&best.2, 0);
    Some(Found {
        objective: best.0,
        schedule: walk.decoder.trial().schedule(),
        list: best.1,
        order: best.2,
    })
}

#[cfg(test)]
mod tests;
