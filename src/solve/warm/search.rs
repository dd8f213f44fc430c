//! The warm search: goal moves on the baseline's activity list.
//!
//! # Theoretical
//! After a small change (one goal's priority or due day, an estimate) the
//! baseline schedule is mostly still good: what has to change is *where* a
//! few goals sit in it. The search keeps the baseline's activity list (its
//! start order) and the baseline's modes, and moves whole goals in it:
//! - *earlier*: goal `g`'s activities and all their ancestors that are
//!   listed from position `k` on are taken out and put, in their order, at
//!   `k` (the set moved is closed under predecessors, so the list stays
//!   precedence-feasible);
//! - *later*: `g`'s activities and all their descendants listed before `k`
//!   are put, in their order, just before `k`.
//!
//! The serial SGS decodes the list; the prefix before the first moved
//! position decodes exactly as before, so the tasks listed there keep their
//! baseline slot: a move disturbs only what comes after it, which keeps the
//! re-plan close to the baseline (the stability term, and the tasks moved).
//!
//! # Practical
//! 1. *Focus*: the [`FOCUS`] goals with the largest terms in the objective
//!    of the decoded baseline (`priority * (finish + lateness_weight *
//!    late days)`): a goal whose priority rose or whose due day came closer
//!    is among them (no decode needed).
//! 2. *Insertion*: each focus goal is tried at every goal boundary (before
//!    each goal's first activity, after each goal's last one, both
//!    directions) and kept at the best.
//! 3. *Descent*: random moves (a random goal, direction and boundary),
//!    kept when not worse, until `evaluations` decodes, `patience` decodes
//!    without a new best, or the deadline.
//!
//! Modes stay the baseline's (decoding a baseline list with free modes is
//! much worse: the serial SGS then gives every task its fastest crew).
//! These moves keep a re-plan close to the baseline but level off well
//! above a cold solve's objective (about 9 % on a 2,000-task plan, however
//! long they run), so they run only on worker 0, only when the objective
//! has a stability term, and only when the baseline's own goal order is
//! unknown: with it ([`crate::Baseline::goal_order`]) worker 0 walks the
//! goal orders from there instead, a start that decodes to the baseline
//! itself. Measured on three 2,000-task re-plans (one goal's priority
//! raised, 0.75 s, one worker, seeds 0-7, objective without the stability
//! term / tasks moved): `W = 0.01`: 399.4k / 1,480 -> 394.6k / 1,001,
//! 146.4k / 1,688 -> 137.7k / 1,667, 259.0k / 454 -> 256.7k / 422;
//! `W = 0.1`: 396.7k / 1,428 -> 398.0k / 725, 144.6k / 1,503 -> 145.7k /
//! 1,389, 259.6k / 60 -> 256.9k / 304. The other workers (all of them
//! without a stability term) walk the goal orders ([`super::order`]) from
//! the usual start. The best result wins (ties: lower worker). The search
//! is for the weighted objective (with or without the stability term).

use std::time::Instant;

use super::found::{Found, heaviest_goals};
use super::order;
use crate::model::{ActivityId, GoalId, Objective, Problem};
use crate::solve::Sgs;
use crate::solve::rng::Rng;

/// A goal-order walk may make this many times `evaluations` decodes (as
/// the portfolio's goal-order search does next to its genetic search).
const WALK_SHARE: usize = 4;
/// How many of the probe's best goals get a full insertion.
const FOCUS: usize = 3;
/// Starting temperature of the goal-order walks of workers 1, 2, ...,
/// as a share of the start's objective (worker 0 walks greedily): the
/// annealed walks reach other local optima. Measured on two 2,000-task
/// re-plans at 0.75 s with two workers, seeds 0-7 (objective mean): 142.2k
/// -> 139.3k on one, 381.5k -> 382.6k (unchanged) on the other.
const ANNEAL: f64 = 0.01;

/// Ancestor closures (a goal's activities and all their predecessors,
/// transitively) and descendant closures of every goal.
struct Closures {
    up: Vec<Vec<usize>>,
    down: Vec<Vec<usize>>,
}

impl Closures {
    fn new(problem: &Problem) -> Self {
        let ng = problem.goals().len();
        let n = problem.len();
        let mut stamp = vec![usize::MAX; n];
        let mut stack = Vec::new();
        // `key` is g for the ancestors of goal g, ng + g for its descendants
        let mut walk = |key: usize, up: bool| {
            let (g, mut out) = (key % ng, Vec::new());
            stack.clear();
            for &a in problem.goal_members(GoalId::from_index(g)) {
                if stamp[a.index()] != key {
                    stamp[a.index()] = key;
                    stack.push(a);
                }
            }
            while let Some(a) = stack.pop() {
                out.push(a.index());
                let next = if up {
                    problem.predecessors(a)
                } else {
                    problem.successors(a)
                };
                for &(b, _) in next {
                    if stamp[b.index()] != key {
                        stamp[b.index()] = key;
                        stack.push(b);
                    }
                }
            }
            out
        };
        let up: Vec<Vec<usize>> = (0..ng).map(|g| walk(g, true)).collect();
        let down: Vec<Vec<usize>> = (0..ng).map(|g| walk(ng + g, false)).collect();
        Self { up, down }
    }
}

/// A move: goal, direction, list position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Move {
    goal: usize,
    earlier: bool,
    at: usize,
}

/// One worker's state.
struct Worker<'p, 'c> {
    problem: &'p Problem,
    closures: &'c Closures,
    modes: &'c [usize],
    sgs: Sgs<'p>,
    mark: Vec<u32>,
    stamp: u32,
    list: Vec<ActivityId>,
    value: f64,
    scratch: Vec<ActivityId>,
    evaluations: usize,
}

impl<'p, 'c> Worker<'p, 'c> {
    fn new(
        problem: &'p Problem,
        closures: &'c Closures,
        modes: &'c [usize],
        list: Vec<ActivityId>,
    ) -> Self {
        let mut sgs = Sgs::new(problem);
        let value = sgs.decode(&list, Some(modes));
        Self {
            problem,
            closures,
            modes,
            sgs,
            mark: vec![0; problem.len()],
            stamp: 0,
            list,
            value,
            scratch: Vec::with_capacity(problem.len()),
            evaluations: 1,
        }
    }

    /// Writes the list after `m` into `scratch`.
    fn apply(&mut self, m: Move) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.mark.iter_mut().for_each(|x| *x = 0);
            self.stamp = 1;
        }
        let set = if m.earlier {
            &self.closures.up[m.goal]
        } else {
            &self.closures.down[m.goal]
        };
        for &i in set {
            self.mark[i] = self.stamp;
        }
        let (mark, stamp) = (&self.mark, self.stamp);
        let inside = |a: &&ActivityId| mark[a.index()] == stamp;
        let at = m.at.min(self.list.len());
        let (head, tail) = self.list.split_at(at);
        self.scratch.clear();
        if m.earlier {
            self.scratch.extend_from_slice(head);
            self.scratch.extend(tail.iter().filter(inside));
            self.scratch
                .extend(tail.iter().filter(|a| mark[a.index()] != stamp));
        } else {
            self.scratch
                .extend(head.iter().filter(|a| mark[a.index()] != stamp));
            self.scratch.extend(head.iter().filter(inside));
            self.scratch.extend_from_slice(tail);
        }
    }

    /// Objective of the list after `m` (the list itself is not changed).
    fn try_move(&mut self, m: Move) -> f64 {
        self.apply(m);
        self.evaluations += 1;
        self.sgs.decode(&self.scratch, Some(self.modes))
    }

    /// Makes `m` the current list.
    fn commit(&mut self, m: Move, value: f64) {
        self.apply(m);
        std::mem::swap(&mut self.list, &mut self.scratch);
        self.value = value;
    }

    /// Goal boundaries of the current list: where each goal's members
    /// start (for earlier moves) and end (for later moves).
    fn boundaries(&self, earlier: bool) -> Vec<usize> {
        let n = self.list.len();
        let ng = self.problem.goals().len();
        let mut first = vec![usize::MAX; ng];
        let mut last = vec![0usize; ng];
        for (k, a) in self.list.iter().enumerate() {
            if let Some(g) = self.problem.activity(*a).goal {
                let g = g.index();
                first[g] = first[g].min(k);
                last[g] = k + 1;
            }
        }
        let mut out: Vec<usize> = if earlier {
            first.into_iter().filter(|&k| k < n).collect()
        } else {
            last.into_iter().filter(|&k| k > 0).collect()
        };
        out.push(if earlier { 0 } else { n });
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The best boundary for goal `g` (both directions); applied when it
    /// is strictly better.
    fn insert_best(&mut self, g: usize, deadline: Instant) -> bool {
        let mut best: Option<(f64, Move)> = None;
        for earlier in [true, false] {
            for at in self.boundaries(earlier) {
                if Instant::now() >= deadline {
                    break;
                }
                let m = Move {
                    goal: g,
                    earlier,
                    at,
                };
                let value = self.try_move(m);
                if best.is_none_or(|b| value < b.0) {
                    best = Some((value, m));
                }
            }
        }
        match best {
            Some((value, m)) if value < self.value => {
                self.commit(m, value);
                true
            }
            _ => false,
        }
    }

    /// The `count` goals with the largest objective terms in the current
    /// schedule ([`heaviest_goals`]).
    fn focus(&mut self, count: usize) -> Vec<usize> {
        self.sgs.decode(&self.list, Some(self.modes));
        heaviest_goals(self.problem, &self.sgs.schedule(), count)
    }
}

/// Where the warm search starts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Start<'a> {
    /// The baseline's list (precedence-feasible).
    pub(crate) list: &'a [ActivityId],
    /// Lists whose goal orders may start the goal-order walks.
    pub(crate) hints: &'a [Vec<ActivityId>],
    /// The baseline's mode of every activity (`usize::MAX`: free).
    pub(crate) modes: &'a [usize],
    /// Whether worker 0 works near the baseline (a re-plan with a
    /// stability term): a goal-order walk from `order` when there is one,
    /// else the goal moves on `list` in `modes`.
    pub(crate) list_moves: bool,
    /// The baseline's goal order (a permutation of the goal indices), or
    /// empty.
    pub(crate) order: &'a [usize],
}

/// The warm search on `workers` threads, each stream of `seed` its own: at
/// most `evaluations` decodes per worker (goal-order walks: [`WALK_SHARE`]
/// times as many), until `deadline`. With
/// `start.list_moves` (a re-plan with a stability term), worker 0 runs the goal
/// moves of the module docs from `list` (decoded in `modes`); every other
/// worker (all of them without `list_moves`) runs the goal-order walk of
/// [`order::search`] from the goal orders of `hints`. `None` without two goals or with the makespan
/// objective.
pub(crate) fn search(
    problem: &Problem,
    start: &Start<'_>,
    workers: usize,
    seed: u64,
    evaluations: usize,
    deadline: Instant,
) -> Option<Found> {
    let Start {
        list,
        hints,
        modes,
        list_moves,
        order: baseline_order,
    } = *start;
    let ng = problem.goals().len();
    let weighted = matches!(problem.objective(), Objective::Weighted { .. });
    if ng < 2 || !weighted || list.len() != problem.len() {
        return None;
    }
    let closures = Closures::new(problem);
    let analysis = crate::graph::Analysis::new(problem);
    let has_order = baseline_order.len() == ng;
    let run = |w: usize| {
        // worker 0 of a re-plan with a stability term works near the
        // baseline: from its goal order, else with the list moves below
        let near = list_moves && w == 0;
        if !near || has_order {
            let mut rng = Rng::stream(seed, w as u64);
            if let Some(found) = order::search(
                problem,
                &analysis,
                &order::Setup {
                    hints,
                    modes,
                    anneal: if w == 0 { 0.0 } else { ANNEAL },
                    start: if near { baseline_order } else { &[] },
                },
                &mut rng,
                evaluations.saturating_mul(WALK_SHARE),
                deadline,
            ) {
                return found;
            }
        }
        let mut worker = Worker::new(problem, &closures, modes, list.to_vec());
        for g in worker.focus(FOCUS) {
            worker.insert_best(g, deadline);
        }
        let mut rng = Rng::stream(seed, w as u64);
        let patience = 100 + 2 * ng * ng;
        let mut stale = 0;
        let mut best = (worker.value, worker.list.clone());
        while worker.evaluations < evaluations && stale < patience && Instant::now() < deadline {
            let earlier = rng.below(2) == 0;
            let bounds = worker.boundaries(earlier);
            let m = Move {
                goal: rng.below(ng),
                earlier,
                at: bounds[rng.below(bounds.len())],
            };
            let value = worker.try_move(m);
            if value < best.0 {
                stale = 0;
            } else {
                stale += 1;
            }
            // sideways moves are kept: they cross plateaus
            if value <= worker.value {
                worker.commit(m, value);
                if value < best.0 {
                    best = (value, worker.list.clone());
                }
            }
        }
        worker.sgs.decode(&best.1, Some(modes));
        Found {
            objective: best.0,
            schedule: worker.sgs.schedule(),
            list: best.1,
            order: Vec::new(),
        }
    };
    let run = &run;
    let found: Vec<Found> = if workers <= 1 {
        vec![run(0)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (1..workers).map(|w| s.spawn(move || run(w))).collect();
            let mut out = vec![run(0)];
            out.extend(handles.into_iter().filter_map(|h| h.join().ok()));
            out
        })
    };
    found
        .into_iter()
        .reduce(|a, b| if b.objective < a.objective { b } else { a })
}

#[cfg(test)]
mod tests;
