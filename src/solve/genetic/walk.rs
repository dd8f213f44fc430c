//! A plateau walk on the GA's best individual, run when the population
//! stagnates.
//!
//! # Theoretical
//! A converged population rarely leaves the basin of its best makespan: on
//! PSPLIB j3029_1 the GA stalls at 86 (optimum 85) however long it runs. The
//! walk is a random walk over activity lists that never gets worse: each step
//! draws a neighbour of the current list, decodes and improves it like any
//! child ([`evaluate`]), and moves to it when its objective is *at most* the
//! current one, so it drifts freely along the plateau of equally good
//! schedules until it falls off an edge to a better one. Neighbours are, with
//! equal probability:
//! - a *shift*: one activity moved anywhere between its last predecessor and
//!   its first successor ([`shift`]);
//! - a *block shuffle*: `4..=12` consecutive list positions re-ordered by a
//!   uniformly random topological order of their activities (the rest keeps
//!   its place), a small ruin-and-recreate (large neighbourhood) step.
//!
//! Both keep the list precedence-feasible: a block's activities have their
//! outside predecessors before the block and their outside successors after
//! it. Accepting sideways moves matters: a strict descent, or one with a
//! tie-break such as the sum of finishes, finds the optimum of j3029_1 far
//! less often.
//!
//! # Practical
//! The walk counts its decodes against the GA's child budget and stops at
//! the deadline or the bound, so a run stays reproducible.
//!
//! # Bibliography
//! - H. R. Lourenço, O. C. Martin, T. Stützle (2003), Iterated local search,
//!   Handbook of Metaheuristics.
//! - P. Shaw (1998), Using constraint programming and local search methods
//!   to solve vehicle routing problems (large neighbourhood search), CP-98.

use std::time::Instant;

use super::{Individual, Scratch, evaluate, offer, shift};
use crate::model::{ActivityId, Problem};
use crate::schedule::Schedule;
use crate::solve::rng::Rng;
use crate::solve::sgs::Sgs;

/// Smallest block a shuffle re-orders.
const BLOCK_MIN: usize = 4;
/// Largest block a shuffle re-orders.
const BLOCK_MAX: usize = 12;

/// A plateau walker with its buffers.
pub(super) struct Walk<'a> {
    problem: &'a Problem,
    /// Decodes per walk.
    steps: usize,
    /// Stop when an objective reaches it.
    bound: f64,
    deadline: Instant,
    multi_mode: bool,
    trial: Individual,
    /// Predecessors inside the block not yet listed.
    indegree: Vec<u32>,
    eligible: Vec<ActivityId>,
}

impl<'a> Walk<'a> {
    /// A walker of `steps` decodes per [`Walk::run`].
    pub(super) fn new(
        problem: &'a Problem,
        steps: usize,
        bound: f64,
        deadline: Instant,
        multi_mode: bool,
    ) -> Self {
        let n = problem.len();
        Self {
            problem,
            steps,
            bound,
            deadline,
            multi_mode,
            trial: Individual::new(problem.activity_ids().collect()),
            indegree: vec![0; n],
            eligible: Vec::new(),
        }
    }

    /// Walks from `cur` (a decoded individual), leaving the last accepted
    /// individual in it; offers every decode to `best`/`target` like a GA
    /// child. Returns the number of decodes.
    pub(super) fn run(
        &mut self,
        sgs: &mut Sgs<'_>,
        cur: &mut Individual,
        scratch: &mut Scratch,
        rng: &mut Rng,
        best: &mut Option<(f64, Schedule)>,
        target: &mut f64,
    ) -> usize {
        for step in 0..self.steps {
            if cur.objective <= self.bound || Instant::now() >= self.deadline {
                return step;
            }
            self.trial.modes.clone_from(&cur.modes);
            if rng.below(2) == 0 {
                self.trial.list.clone_from(&cur.list);
                shift(self.problem, &mut self.trial.list, &mut scratch.pos, rng);
            } else {
                self.shuffle_block(cur, scratch, rng);
            }
            evaluate(sgs, &mut self.trial, scratch, self.multi_mode);
            offer(best, target, &self.trial, sgs);
            if self.trial.objective <= cur.objective {
                std::mem::swap(cur, &mut self.trial);
            }
        }
        self.steps
    }

    /// `trial.list`: `cur.list` with a random block re-ordered at random.
    fn shuffle_block(&mut self, cur: &Individual, scratch: &mut Scratch, rng: &mut Rng) {
        let n = cur.list.len();
        let len = (BLOCK_MIN + rng.below(BLOCK_MAX - BLOCK_MIN + 1)).min(n);
        let from = rng.below(n - len + 1);
        let block = &cur.list[from..from + len];
        let inside = &mut scratch.used;
        inside.fill(false);
        for a in block {
            inside[a.index()] = true;
        }
        self.eligible.clear();
        for &a in block {
            let d = self
                .problem
                .predecessors(a)
                .iter()
                .filter(|(b, _)| inside[b.index()])
                .count() as u32;
            self.indegree[a.index()] = d;
            if d == 0 {
                self.eligible.push(a);
            }
        }
        let list = &mut self.trial.list;
        list.clear();
        list.extend_from_slice(&cur.list[..from]);
        while !self.eligible.is_empty() {
            let a = self.eligible.swap_remove(rng.below(self.eligible.len()));
            list.push(a);
            for &(s, _) in self.problem.successors(a) {
                if inside[s.index()] {
                    self.indegree[s.index()] -= 1;
                    if self.indegree[s.index()] == 0 {
                        self.eligible.push(s);
                    }
                }
            }
        }
        list.extend_from_slice(&cur.list[from + len..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Analysis;
    use crate::model::Objective;
    use crate::solve::rules::PriorityRule;
    use crate::solve::sgs::tests::{random_problem, violation};
    use crate::solve::testkit::precedence_feasible;

    #[test]
    fn block_shuffles_keep_lists_feasible_permutations() {
        for seed in 0..8 {
            let p = random_problem(500 + seed, 30, 1, Objective::Makespan);
            let list = PriorityRule::Lft.activity_list(&p, &Analysis::new(&p));
            let cur = Individual::new(list.clone());
            let mut walk = Walk::new(&p, 1, 0.0, Instant::now(), false);
            let mut scratch = Scratch::new(p.len());
            let mut rng = Rng::new(seed);
            for _ in 0..50 {
                walk.shuffle_block(&cur, &mut scratch, &mut rng);
                assert!(precedence_feasible(&p, &walk.trial.list), "seed {seed}");
                let mut sorted = walk.trial.list.clone();
                sorted.sort();
                let mut expected = list.clone();
                expected.sort();
                assert_eq!(sorted, expected);
            }
        }
    }

    #[test]
    fn walks_never_get_worse_and_stay_feasible() {
        for seed in 0..6 {
            let modes = 1 + (seed as usize % 2);
            let p = random_problem(600 + seed, 25, modes, Objective::Makespan);
            let list = PriorityRule::Lft.activity_list(&p, &Analysis::new(&p));
            let mut sgs = Sgs::new(&p);
            let mut scratch = Scratch::new(p.len());
            let mut cur = Individual::new(list);
            evaluate(&mut sgs, &mut cur, &mut scratch, modes > 1);
            let start = cur.objective;
            let deadline = Instant::now() + std::time::Duration::from_secs(3600);
            let mut walk = Walk::new(&p, 300, 0.0, deadline, modes > 1);
            let (mut best, mut target) = (None, f64::INFINITY);
            let used = walk.run(
                &mut sgs,
                &mut cur,
                &mut scratch,
                &mut Rng::new(seed),
                &mut best,
                &mut target,
            );
            assert!(used <= 300);
            assert!(cur.objective <= start);
            assert!(precedence_feasible(&p, &cur.list));
            let (value, schedule) = best.expect("every decode is offered");
            assert!(value <= cur.objective);
            assert_eq!(violation(&p, &schedule), None);
            assert_eq!(schedule.objective(&p), value);
        }
    }
}
