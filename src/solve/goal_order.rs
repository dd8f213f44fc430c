//! Local search over the order of the goals (weighted objective).
//!
//! # Theoretical
//! The weighted objective depends only on the goals' finishes, so on large
//! plans a good schedule is mostly a good *goal order*: the goal-aware
//! priority rules ([`PriorityRule::GoalWork`] and friends) rank the goals,
//! give each activity the best rank among the goals it delivers or precedes,
//! and list the activities by that rank, then by latest finish. This search
//! keeps such a rank order and improves it by random insertion moves (take a
//! goal out, put it back elsewhere), each decoded by the serial SGS and kept
//! when not worse (sideways moves cross plateaus). The space has `g!` points
//! instead of the activity lists' `n!`, which pays when the genetic search
//! gets only a few hundred children (thousands of tasks).
//!
//! # Practical
//! Starts from the [`PriorityRule::GoalWork`] order; stops after
//! `evaluations` decodes, after `100 + 2 g^2` decodes without improvement, or
//! at the deadline. Deterministic for a given [`Rng`] stream. A move
//! decodes only the part of the list it changes, from a saved SGS state of
//! the current order ([`OrderDecoder`]): the same schedules as decodes from
//! scratch, and on a generated 2,000-task plan 23 % more of them in 10 s.
//! [`GoalSearch`] is the same search in resumable steps; resumed after a
//! stall it restarts from the best order with a few random insertions
//! (iterated local search), which the portfolio's rounds use.

use std::time::Instant;

use super::order_decoder::OrderDecoder;
use super::rng::Rng;
use super::rules::{PriorityRule, goal_ranks};
use super::sgs::prices::ModePrices;
use crate::graph::Analysis;
use crate::model::{ActivityId, Problem};

/// Random insertions that kick a stalled search ([`GoalSearch::run`]) out
/// of its plateau (iterated local search, Lourenço, Martin & Stützle 2003).
const KICK: usize = 3;

/// A goal-order search that can be resumed: [`GoalSearch::run`] continues
/// where the last call stopped (the same decodes as one longer call, until
/// the search stalls: a call then returns early, and the next one kicks).
pub(crate) struct GoalSearch<'a> {
    decoder: OrderDecoder<'a>,
    /// The current order and its objective.
    order: Vec<usize>,
    current: f64,
    /// The best order, its objective and list.
    best: (f64, Vec<ActivityId>, Vec<usize>),
    patience: usize,
    stale: usize,
    candidate: Vec<usize>,
}

impl<'a> GoalSearch<'a> {
    /// Starts from the best of the [`PriorityRule::GoalWork`] order and
    /// the goal orders of `hints` (goals by the position of their last
    /// activity in each list: a baseline schedule's order, LP lists), each
    /// one decode; `None` without two goals.
    pub(crate) fn new(
        problem: &'a Problem,
        analysis: &'a Analysis,
        hints: &[Vec<ActivityId>],
        prices: Option<ModePrices>,
    ) -> Option<Self> {
        let ng = problem.goals().len();
        if ng < 2 || problem.is_empty() {
            return None;
        }
        let ranks = goal_ranks(problem, analysis, PriorityRule::GoalWork);
        let mut order: Vec<usize> = (0..ng).collect();
        order.sort_by_key(|&g| ranks[g]);
        let mut decoder = OrderDecoder::new(problem, analysis, Vec::new(), 0);
        decoder.set_prices(prices);
        let (mut current, mut list) = decoder.evaluate(&order, 0);
        decoder.accept(list.clone());
        for hint in hints.iter().filter(|h| h.len() == problem.len()) {
            let candidate = order_of(problem, hint);
            let (value, candidate_list) = decoder.evaluate(&candidate, 0);
            if value < current {
                decoder.accept(candidate_list.clone());
                (current, order, list) = (value, candidate, candidate_list);
            }
        }
        Some(Self {
            decoder,
            candidate: order.clone(),
            best: (current, list, order.clone()),
            order,
            current,
            patience: 100 + 2 * ng * ng,
            stale: 0,
        })
    }

    /// Up to `evaluations` more insertion moves (each one decode) before
    /// `deadline`; returns the decodes made. After `100 + 2 g^2` decodes
    /// without a new best the search has stalled: the next call restarts
    /// it from the best order kicked by [`KICK`] random insertions.
    pub(crate) fn run(&mut self, rng: &mut Rng, evaluations: usize, deadline: Instant) -> usize {
        let mut made = 0;
        while made < evaluations {
            if Instant::now() >= deadline {
                break;
            }
            if self.stale >= self.patience {
                if made > 0 {
                    break;
                }
                self.order.clone_from(&self.best.2);
                for _ in 0..KICK {
                    insertion(&mut self.order, rng);
                }
                // the current decode is not the best order's: from scratch
                let (value, list) = self.decoder.evaluate(&self.order, 0);
                self.decoder.accept(list);
                self.current = value;
                self.stale = 0;
                made += 1;
                continue;
            }
            made += 1;
            self.candidate.clone_from(&self.order);
            let m = insertion(&mut self.candidate, rng);
            let (value, list) = self.decoder.evaluate(&self.candidate, m);
            if value < self.best.0 {
                self.best = (value, list.clone(), self.candidate.clone());
                self.stale = 0;
            } else {
                self.stale += 1;
            }
            if value <= self.current {
                self.current = value;
                self.decoder.accept(list);
                std::mem::swap(&mut self.order, &mut self.candidate);
            }
        }
        made
    }

    /// The best order so far: its objective, activity list and goal order.
    pub(crate) fn best(&self) -> &(f64, Vec<ActivityId>, Vec<usize>) {
        &self.best
    }

    /// [`Self::best`], by value.
    pub(crate) fn into_best(self) -> (f64, Vec<ActivityId>, Vec<usize>) {
        self.best
    }
}

/// Moves a random goal of `order` (two or more) to another random rank;
/// returns the lower of the two ranks.
pub(crate) fn insertion(order: &mut Vec<usize>, rng: &mut Rng) -> usize {
    let n = order.len();
    let i = rng.below(n);
    let mut j = rng.below(n - 1);
    if j >= i {
        j += 1;
    }
    let g = order.remove(i);
    order.insert(j, g);
    i.min(j)
}

/// The goals ordered by the position of their last activity in `list`
/// (goals without activities last), ties by goal index.
pub(crate) fn order_of(problem: &Problem, list: &[ActivityId]) -> Vec<usize> {
    let mut last = vec![0usize; problem.goals().len()];
    for (k, &a) in list.iter().enumerate() {
        if let Some(g) = problem.activity(a).goal {
            last[g.index()] = k + 1;
        }
    }
    let mut order: Vec<usize> = (0..last.len()).collect();
    order.sort_by_key(|&g| (if last[g] == 0 { usize::MAX } else { last[g] }, g));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Calendar, Objective, ProblemBuilder};
    use crate::solve::order_decoder::Lister;
    use crate::solve::sgs::Sgs;
    use crate::solve::sgs::tests::{random_problem, violation};

    fn search(
        p: &Problem,
        cpm: &Analysis,
        rng: &mut Rng,
        evaluations: usize,
        deadline: Instant,
        hints: &[Vec<ActivityId>],
    ) -> Option<(f64, Vec<ActivityId>, Vec<usize>)> {
        let mut search = GoalSearch::new(p, cpm, hints, None)?;
        search.run(rng, evaluations, deadline);
        Some(search.into_best())
    }

    #[test]
    fn a_resumed_search_makes_the_decodes_of_one_run_and_kicks_after_a_stall() {
        let far = Instant::now() + std::time::Duration::from_secs(3600);
        for seed in 0..4 {
            let q = random_problem(seed, 30, 2, Objective::default());
            let cpm = Analysis::new(&q);
            let Some(mut whole) = GoalSearch::new(&q, &cpm, &[], None) else {
                continue;
            };
            let mut split = GoalSearch::new(&q, &cpm, &[], None).unwrap();
            let (mut a, mut b) = (Rng::new(seed), Rng::new(seed));
            let made = whole.run(&mut a, 200, far);
            let first = split.run(&mut b, 70, far);
            let second = if first == 70 {
                split.run(&mut b, 130, far)
            } else {
                0
            };
            assert_eq!(first + second, made);
            assert_eq!(whole.best(), split.best());
            // a stalled search stops early; the next call restarts it
            if made < 200 {
                assert!(whole.run(&mut a, 50, far) > 0);
                assert!(whole.best().0 <= split.best().0);
            }
        }
    }

    #[test]
    fn finds_the_better_goal_order_and_is_seeded() {
        // one person; the heavy goal should go first whatever the rule says
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        let goals: Vec<_> = (0..4)
            .map(|k| b.goal(format!("g{k}"), 1.0 + 3.0 * f64::from(k), None))
            .collect();
        for (k, &g) in goals.iter().enumerate() {
            b.plan_task(format!("t{k}"), Some(g), &[(t, 2.0 + k as f64)], 1, 1, 0);
        }
        let p = b.build().unwrap();
        let cpm = Analysis::new(&p);
        let far = Instant::now() + std::time::Duration::from_secs(3600);
        let (value, list, order) = search(&p, &cpm, &mut Rng::new(1), 500, far, &[]).unwrap();
        assert_eq!(
            Lister::new(&p, &cpm).list(&order),
            list,
            "the order behind the list"
        );
        let mut sgs = Sgs::new(&p);
        assert_eq!(sgs.decode(&list, None), value);
        // Smith's rule is optimal on one machine: GoalWork starts there
        let start = {
            let order = PriorityRule::GoalWork.activity_list(&p, &cpm);
            sgs.decode(&order, None)
        };
        assert!(value <= start);
        for seed in 0..5 {
            let q = random_problem(seed, 30, 2, Objective::default());
            let cpm = Analysis::new(&q);
            let a = search(&q, &cpm, &mut Rng::new(seed), 300, far, &[]);
            let b = search(&q, &cpm, &mut Rng::new(seed), 300, far, &[]);
            assert_eq!(a, b);
            if let Some((value, list, order)) = a {
                assert_eq!(Lister::new(&q, &cpm).list(&order), list);
                let mut sgs = Sgs::new(&q);
                assert_eq!(sgs.decode(&list, None), value);
                assert_eq!(violation(&q, &sgs.schedule()), None);
            }
        }
    }

    #[test]
    fn a_hint_with_a_better_goal_order_is_the_start() {
        // one person; Smith's ratio puts the short goal first (cost 1 + 13),
        // but the long one is due on day 2: long first costs 2 + 3
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        let short = b.goal("short", 1.0, None);
        let long = b.goal("long", 1.0, Some(2));
        b.plan_task("a", Some(short), &[(t, 1.0)], 1, 1, 0);
        b.plan_task("b", Some(long), &[(t, 2.0)], 1, 1, 0);
        let p = b.build().unwrap();
        let cpm = Analysis::new(&p);
        let far = Instant::now() + std::time::Duration::from_secs(3600);
        let long_first = vec![ActivityId::from_index(1), ActivityId::from_index(0)];
        let (plain, _, _) = search(&p, &cpm, &mut Rng::new(1), 0, far, &[]).unwrap();
        let (hinted, list, order) =
            search(&p, &cpm, &mut Rng::new(1), 0, far, &[long_first]).unwrap();
        assert_eq!((plain, hinted), (14.0, 5.0));
        assert_eq!(order, [1, 0], "the long goal first");
        let mut sgs = Sgs::new(&p);
        assert_eq!(sgs.decode(&list, None), hinted);
    }
}
