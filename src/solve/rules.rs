//! Priority rules: from the critical-path analysis to activity lists.
//!
//! # Theoretical
//! A priority rule gives every activity a value `v(j)` (smaller is better
//! here). The list is built step by step: among the *eligible* activities
//! (all predecessors already listed), take the one with the best value, ties
//! by the lowest index. Every list built so is precedence-feasible, and the
//! serial SGS turns it into a schedule.
//!
//! Rules for the makespan (Kolisch, 1996): LFT (latest finish), LST (latest
//! start), MTS (most total successors), GRPW (greatest rank positional
//! weight: own duration plus the immediate successors'), MSLK (minimum
//! slack). For the weighted objective the goals are ranked first and an
//! activity inherits the best rank among the goals it delivers or precedes
//! (a goal cannot finish before its predecessors); LFT breaks ties.
//! Goals are ranked by Smith's ratio `priority / work` (weighted shortest
//! processing time: optimal for one machine), with `work` the least energy of
//! the goal's activities and all their ancestors, or by `priority / span`
//! with `span` the goal's critical-path finish, or (due-date aware) by the
//! slack `due - span`, goals without a due day last.
//!
//! *Regret-based biased random sampling* draws each eligible activity with
//! probability proportional to `(max_{i eligible} v(i) - v(j) + 1)^alpha`, so
//! the rule's favourite is likeliest but every list can appear.
//!
//! # Bibliography
//! - Kolisch, *Efficient priority rules for the resource-constrained project
//!   scheduling problem*, J. Operations Management 14 (1996).
//! - Drexl, *Scheduling of project networks by job assignment*, Management
//!   Science 37 (1991); Kolisch & Drexl, *Adaptive search for solving hard
//!   project scheduling problems*, Naval Research Logistics 43 (1996).
//! - Smith, *Various optimizers for single-stage production*, Naval Research
//!   Logistics Quarterly 3 (1956).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::rng::Rng;
use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId, Objective, Problem};

/// A priority rule for building activity lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PriorityRule {
    /// Smallest latest finish time first.
    Lft,
    /// Smallest latest start time first.
    Lst,
    /// Most (transitive) successors first.
    Mts,
    /// Greatest rank positional weight first (own duration plus immediate successors').
    Grpw,
    /// Minimum slack (total float) first.
    Mslk,
    /// Goals by `priority / work` (Smith's ratio), then LFT.
    GoalWork,
    /// Goals by `priority / critical-path finish`, then LFT.
    GoalSpan,
    /// Goals by due-date slack (`due - critical-path finish`), then LFT.
    GoalDue,
}

/// Above this many activities MTS counts paths instead of exact successor
/// sets (the bitsets would need `n^2 / 8` bytes).
const MTS_EXACT_LIMIT: usize = 12_000;

impl PriorityRule {
    /// Rules suited to the makespan.
    pub const MAKESPAN: &'static [PriorityRule] = &[
        PriorityRule::Lft,
        PriorityRule::Lst,
        PriorityRule::Mts,
        PriorityRule::Grpw,
        PriorityRule::Mslk,
    ];

    /// Rules suited to the weighted goal objective (goal-aware ones first).
    pub const WEIGHTED: &'static [PriorityRule] = &[
        PriorityRule::GoalWork,
        PriorityRule::GoalSpan,
        PriorityRule::GoalDue,
        PriorityRule::Lft,
        PriorityRule::Lst,
        PriorityRule::Mts,
        PriorityRule::Grpw,
        PriorityRule::Mslk,
    ];

    /// The rules tried for an objective, best first.
    pub fn for_objective(objective: Objective) -> &'static [PriorityRule] {
        match objective {
            Objective::Makespan => Self::MAKESPAN,
            Objective::Weighted { .. } => Self::WEIGHTED,
        }
    }

    /// Short name (`LFT`, `GOAL-WORK`, ...).
    pub fn name(self) -> &'static str {
        match self {
            PriorityRule::Lft => "LFT",
            PriorityRule::Lst => "LST",
            PriorityRule::Mts => "MTS",
            PriorityRule::Grpw => "GRPW",
            PriorityRule::Mslk => "MSLK",
            PriorityRule::GoalWork => "GOAL-WORK",
            PriorityRule::GoalSpan => "GOAL-SPAN",
            PriorityRule::GoalDue => "GOAL-DUE",
        }
    }

    /// The priority value of every activity (smaller is better).
    pub fn keys(self, problem: &Problem, analysis: &Analysis) -> Vec<i64> {
        let lf = || analysis.lf.iter().map(|&x| i64::from(x)).collect();
        match self {
            PriorityRule::Lft => lf(),
            PriorityRule::Lst => analysis.ls.iter().map(|&x| i64::from(x)).collect(),
            PriorityRule::Mts => total_successors(problem, analysis)
                .into_iter()
                .map(|c| -(c.min(i64::MAX as u64) as i64))
                .collect(),
            PriorityRule::Grpw => problem
                .activity_ids()
                .map(|a| {
                    let own = u64::from(analysis.duration[a.index()]);
                    let succ: u64 = problem
                        .successors(a)
                        .iter()
                        .map(|&(s, _)| u64::from(analysis.duration[s.index()]))
                        .sum();
                    -((own + succ) as i64)
                })
                .collect(),
            PriorityRule::Mslk => (0..problem.len())
                .map(|i| i64::from(analysis.ls[i]) - i64::from(analysis.es[i]))
                .collect(),
            PriorityRule::GoalWork | PriorityRule::GoalSpan | PriorityRule::GoalDue => {
                let rank = activity_goal_ranks(problem, analysis, self);
                let span = i64::from(analysis.lf.iter().copied().max().unwrap_or(0)) + 1;
                (0..problem.len())
                    .map(|i| i64::from(rank[i]) * span + i64::from(analysis.lf[i]))
                    .collect()
            }
        }
    }

    /// The activity list this rule builds (precedence-feasible).
    pub fn activity_list(self, problem: &Problem, analysis: &Analysis) -> Vec<ActivityId> {
        list_by_keys(problem, &self.keys(problem, analysis))
    }
}

/// Builds the list that always takes the eligible activity with the smallest
/// `keys[j]` (ties: lowest index).
///
/// When sorting all activities by `(key, index)` already respects every
/// dependency (the usual case for keys that grow along dependencies, such
/// as the goal-order lists'), that sort is the answer (the smallest
/// remaining activity is always eligible), found without the heap.
pub(crate) fn list_by_keys(problem: &Problem, keys: &[i64]) -> Vec<ActivityId> {
    let mut sorted: Vec<ActivityId> = problem.activity_ids().collect();
    sorted.sort_unstable_by_key(|a| (keys[a.index()], a.0));
    list_from_sorted(problem, keys, sorted)
}

/// [`list_by_keys`] for activities already sorted by `(key, index)`.
pub(crate) fn list_from_sorted(
    problem: &Problem,
    keys: &[i64],
    sorted: Vec<ActivityId>,
) -> Vec<ActivityId> {
    let n = problem.len();
    let mut position = vec![0u32; n];
    for (k, a) in sorted.iter().enumerate() {
        position[a.index()] = k as u32;
    }
    if sorted.iter().all(|&a| {
        problem
            .successors(a)
            .iter()
            .all(|&(s, _)| position[a.index()] < position[s.index()])
    }) {
        return sorted;
    }
    let mut remaining: Vec<usize> = problem
        .activity_ids()
        .map(|a| problem.predecessors(a).len())
        .collect();
    let mut heap: BinaryHeap<Reverse<(i64, u32)>> = problem
        .activity_ids()
        .filter(|a| remaining[a.index()] == 0)
        .map(|a| Reverse((keys[a.index()], a.0)))
        .collect();
    let mut list = Vec::with_capacity(n);
    while let Some(Reverse((_, j))) = heap.pop() {
        let a = ActivityId(j);
        list.push(a);
        for &(s, _) in problem.successors(a) {
            let r = &mut remaining[s.index()];
            *r -= 1;
            if *r == 0 {
                heap.push(Reverse((keys[s.index()], s.0)));
            }
        }
    }
    list
}

/// `list` (every activity once) reordered so that every predecessor comes
/// before its successors, moving as little as possible: among the
/// activities whose predecessors are all listed, the one earliest in `list`
/// first. A list in precedence order is returned as it is. With leads a
/// list sorted by start need not be in precedence order (a successor may
/// start first); the serial SGS and the list moves need it to be.
pub(crate) fn in_precedence_order(problem: &Problem, list: Vec<ActivityId>) -> Vec<ActivityId> {
    let mut keys = vec![0i64; problem.len()];
    for (k, a) in list.iter().enumerate() {
        keys[a.index()] = k as i64;
    }
    list_from_sorted(problem, &keys, list)
}

/// Number of transitive successors of each activity (exact up to
/// [`MTS_EXACT_LIMIT`] activities, else the number of paths, saturating).
fn total_successors(problem: &Problem, analysis: &Analysis) -> Vec<u64> {
    let n = problem.len();
    let mut count = vec![0u64; n];
    if n <= MTS_EXACT_LIMIT {
        let words = n.div_ceil(64);
        let mut bits = vec![0u64; n * words];
        for &a in analysis.order.iter().rev() {
            let i = a.index();
            for &(s, _) in problem.successors(a) {
                let j = s.index();
                for w in 0..words {
                    bits[i * words + w] |= bits[j * words + w];
                }
                bits[i * words + j / 64] |= 1 << (j % 64);
            }
            count[i] = bits[i * words..(i + 1) * words]
                .iter()
                .map(|w| u64::from(w.count_ones()))
                .sum();
        }
    } else {
        for &a in analysis.order.iter().rev() {
            count[a.index()] = problem.successors(a).iter().fold(0u64, |acc, &(s, _)| {
                acc.saturating_add(1).saturating_add(count[s.index()])
            });
        }
    }
    count
}

/// Rank (0 = most urgent) of the best goal each activity delivers or
/// precedes; activities that lead to no goal get the number of goals.
fn activity_goal_ranks(problem: &Problem, analysis: &Analysis, rule: PriorityRule) -> Vec<u32> {
    let ng = problem.goals().len();
    let goal_rank = goal_ranks(problem, analysis, rule);
    let mut rank: Vec<u32> = problem
        .activities()
        .iter()
        .map(|a| a.goal.map_or(ng as u32, |g| goal_rank[g.index()]))
        .collect();
    for &a in analysis.order.iter().rev() {
        let best = problem
            .successors(a)
            .iter()
            .map(|&(s, _)| rank[s.index()])
            .min()
            .unwrap_or(u32::MAX);
        let r = &mut rank[a.index()];
        *r = (*r).min(best);
    }
    rank
}

/// Ranks the goals for a goal-aware rule (0 = most urgent; ties by index).
pub(crate) fn goal_ranks(problem: &Problem, analysis: &Analysis, rule: PriorityRule) -> Vec<u32> {
    let goals = problem.goals();
    let ng = goals.len();
    let span: Vec<u32> = analysis.goal_finishes(problem);
    let work = goal_work(problem);
    let smith = |g: usize| goals[g].priority / (work[g].max(1) as f64);
    let mut order: Vec<usize> = (0..ng).collect();
    match rule {
        PriorityRule::GoalSpan => order.sort_by(|&a, &b| {
            let ra = goals[a].priority / f64::from(span[a].max(1));
            let rb = goals[b].priority / f64::from(span[b].max(1));
            rb.total_cmp(&ra).then(a.cmp(&b))
        }),
        PriorityRule::GoalDue => order.sort_by(|&a, &b| {
            let slack = |g: usize| {
                goals[g]
                    .due
                    .map_or(i64::MAX, |d| i64::from(d) - i64::from(span[g]))
            };
            slack(a)
                .cmp(&slack(b))
                .then(smith(b).total_cmp(&smith(a)))
                .then(a.cmp(&b))
        }),
        _ => order.sort_by(|&a, &b| smith(b).total_cmp(&smith(a)).then(a.cmp(&b))),
    }
    let mut rank = vec![0u32; ng];
    for (k, &g) in order.iter().enumerate() {
        rank[g] = k as u32;
    }
    rank
}

/// Least energy (person-days) needed by each goal's activities and all their
/// ancestors.
fn goal_work(problem: &Problem) -> Vec<u64> {
    let energy: Vec<u64> = problem
        .activities()
        .iter()
        .map(|a| match a.pin {
            Some(p) => a.modes[p.mode].energy(),
            None => a.modes.iter().map(|m| m.energy()).min().unwrap_or(0),
        })
        .collect();
    let mut stamp = vec![usize::MAX; problem.len()];
    let mut stack = Vec::new();
    (0..problem.goals().len())
        .map(|g| {
            let mut total = 0u64;
            stack.clear();
            for &a in problem.goal_members(GoalId::from_index(g)) {
                if stamp[a.index()] != g {
                    stamp[a.index()] = g;
                    stack.push(a);
                }
            }
            while let Some(a) = stack.pop() {
                total = total.saturating_add(energy[a.index()]);
                for &(p, _) in problem.predecessors(a) {
                    if stamp[p.index()] != g {
                        stamp[p.index()] = g;
                        stack.push(p);
                    }
                }
            }
            total
        })
        .collect()
}

/// Regret-based biased random sampling of activity lists; reuses its buffers.
///
/// With `alpha = 1` (what the genetic search uses) a draw costs
/// `O(log n)`: the eligible activities sit in a Fenwick tree over their
/// slots (count and key sum), so the weight prefix `(worst + 1) * count -
/// key sum` is found by descending it, and the worst key comes from a heap.
/// The prefix sums are integers, exact in `f64`, so the lists are exactly
/// those of the plain scan (`O(eligible)` a draw: a 50,000-task plan with
/// thousands of goals spent most of its first population sampling).
#[derive(Debug)]
pub(crate) struct Sampler {
    indegree: Vec<u32>,
    remaining: Vec<u32>,
    eligible: Vec<ActivityId>,
    weights: Vec<f64>,
    /// Fenwick tree over the slots of `eligible`: how many are occupied.
    count: Vec<i64>,
    /// Fenwick tree over the slots of `eligible`: the sum of their keys.
    keysum: Vec<i128>,
    /// Keys of the eligible activities, largest first (stale entries of
    /// activities already drawn are skipped).
    worst: std::collections::BinaryHeap<(i64, u32)>,
    drawn: Vec<bool>,
}

impl Sampler {
    pub(crate) fn new(problem: &Problem) -> Self {
        Self {
            indegree: problem
                .activity_ids()
                .map(|a| problem.predecessors(a).len() as u32)
                .collect(),
            remaining: Vec::with_capacity(problem.len()),
            eligible: Vec::new(),
            weights: Vec::new(),
            count: Vec::new(),
            keysum: Vec::new(),
            worst: std::collections::BinaryHeap::new(),
            drawn: Vec::new(),
        }
    }

    /// Draws a precedence-feasible list into `out`, each eligible activity
    /// with probability proportional to `(max regret - regret + 1)^alpha`
    /// over `keys` (smaller is better).
    pub(crate) fn sample(
        &mut self,
        problem: &Problem,
        keys: &[i64],
        alpha: f64,
        rng: &mut Rng,
        out: &mut Vec<ActivityId>,
    ) {
        if alpha == 1.0 {
            self.sample_linear(problem, keys, rng, out);
        } else {
            self.sample_scan(problem, keys, alpha, rng, out);
        }
    }

    /// [`Self::sample`] by scanning the eligible activities at every draw.
    fn sample_scan(
        &mut self,
        problem: &Problem,
        keys: &[i64],
        alpha: f64,
        rng: &mut Rng,
        out: &mut Vec<ActivityId>,
    ) {
        out.clear();
        self.remaining.clear();
        self.remaining.extend_from_slice(&self.indegree);
        self.eligible.clear();
        self.eligible.extend(
            problem
                .activity_ids()
                .filter(|a| self.indegree[a.index()] == 0),
        );
        while !self.eligible.is_empty() {
            let worst = self
                .eligible
                .iter()
                .map(|a| keys[a.index()])
                .max()
                .unwrap_or(0);
            self.weights.clear();
            let mut total = 0.0;
            for a in &self.eligible {
                let regret = (worst - keys[a.index()]) as f64 + 1.0;
                let w = if alpha == 1.0 {
                    regret
                } else {
                    regret.powf(alpha)
                };
                total += w;
                self.weights.push(total);
            }
            let r = rng.next_f64() * total;
            let k = self
                .weights
                .partition_point(|&c| c <= r)
                .min(self.eligible.len() - 1);
            let a = self.eligible.swap_remove(k);
            out.push(a);
            for &(s, _) in problem.successors(a) {
                let rem = &mut self.remaining[s.index()];
                *rem -= 1;
                if *rem == 0 {
                    self.eligible.push(s);
                }
            }
        }
    }

    /// [`Self::sample`] with `alpha = 1`, in `O(log n)` a draw (type docs).
    fn sample_linear(
        &mut self,
        problem: &Problem,
        keys: &[i64],
        rng: &mut Rng,
        out: &mut Vec<ActivityId>,
    ) {
        let n = problem.len();
        out.clear();
        self.remaining.clear();
        self.remaining.extend_from_slice(&self.indegree);
        self.eligible.clear();
        self.count.clear();
        self.count.resize(n + 1, 0);
        self.keysum.clear();
        self.keysum.resize(n + 1, 0);
        self.worst.clear();
        self.drawn.clear();
        self.drawn.resize(n, false);
        for a in problem.activity_ids() {
            if self.indegree[a.index()] == 0 {
                self.enter(a, keys);
            }
        }
        while !self.eligible.is_empty() {
            while let Some(&(_, j)) = self.worst.peek()
                && self.drawn[j as usize]
            {
                self.worst.pop();
            }
            let worst = self.worst.peek().map_or(0, |&(key, _)| key);
            let len = self.eligible.len();
            let total = (i128::from(worst) + 1) * len as i128 - self.prefix(len).1;
            let r = rng.next_f64() * total as f64;
            let k = self.slots_at_most(worst, r).min(len - 1);
            // swap_remove, as the scan does: the last slot moves to `k`
            let a = self.eligible[k];
            let last = self.eligible[len - 1];
            self.update(k, -1, -i128::from(keys[a.index()]));
            if k != len - 1 {
                self.update(len - 1, -1, -i128::from(keys[last.index()]));
                self.update(k, 1, i128::from(keys[last.index()]));
            }
            self.eligible.swap_remove(k);
            self.drawn[a.index()] = true;
            out.push(a);
            for &(s, _) in problem.successors(a) {
                let rem = &mut self.remaining[s.index()];
                *rem -= 1;
                if *rem == 0 {
                    self.enter(s, keys);
                }
            }
        }
    }

    /// Puts `a` in the next free slot.
    fn enter(&mut self, a: ActivityId, keys: &[i64]) {
        let slot = self.eligible.len();
        self.eligible.push(a);
        self.update(slot, 1, i128::from(keys[a.index()]));
        self.worst.push((keys[a.index()], a.index() as u32));
    }

    /// Adds `(count, keysum)` at `slot` of the Fenwick trees.
    fn update(&mut self, slot: usize, count: i64, keysum: i128) {
        let mut i = slot + 1;
        while i < self.count.len() {
            self.count[i] += count;
            self.keysum[i] += keysum;
            i += i & i.wrapping_neg();
        }
    }

    /// Count and key sum of slots `0..slots`.
    fn prefix(&self, slots: usize) -> (i64, i128) {
        let (mut c, mut s) = (0, 0);
        let mut i = slots;
        while i > 0 {
            c += self.count[i];
            s += self.keysum[i];
            i &= i - 1;
        }
        (c, s)
    }

    /// How many leading slots have a weight prefix `(worst + 1) * count -
    /// keysum` of at most `r` (the scan's `partition_point`).
    fn slots_at_most(&self, worst: i64, r: f64) -> usize {
        let size = self.count.len() - 1;
        let mut step = 1usize;
        while step * 2 <= size {
            step *= 2;
        }
        let (mut at, mut c, mut s) = (0usize, 0i64, 0i128);
        while step > 0 {
            let next = at + step;
            if next <= size {
                let (c2, s2) = (c + self.count[next], s + self.keysum[next]);
                if ((i128::from(worst) + 1) * i128::from(c2) - s2) as f64 <= r {
                    (at, c, s) = (next, c2, s2);
                }
            }
            step /= 2;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Calendar, ProblemBuilder};
    use crate::solve::sgs::tests::random_problem;
    use crate::solve::testkit::precedence_feasible;

    #[test]
    fn every_rule_and_sample_respects_precedences() {
        for seed in 0..10 {
            let p = random_problem(seed, 25, 2, Objective::default());
            let cpm = Analysis::new(&p);
            for rule in PriorityRule::WEIGHTED {
                assert!(precedence_feasible(&p, &rule.activity_list(&p, &cpm)));
            }
            let keys = PriorityRule::Lft.keys(&p, &cpm);
            let mut sampler = Sampler::new(&p);
            let mut rng = Rng::new(seed);
            let mut list = Vec::new();
            for alpha in [1.0, 2.0] {
                sampler.sample(&p, &keys, alpha, &mut rng, &mut list);
                assert!(precedence_feasible(&p, &list));
            }
        }
    }

    #[test]
    fn the_fast_draw_gives_exactly_the_scan_s_lists() {
        for seed in 0..40 {
            let p = random_problem(
                300 + seed,
                20 + (seed as usize % 3) * 30,
                1,
                Objective::default(),
            );
            let cpm = Analysis::new(&p);
            for rule in [PriorityRule::Lft, PriorityRule::GoalWork] {
                let keys = rule.keys(&p, &cpm);
                let mut sampler = Sampler::new(&p);
                let (mut fast, mut scan) = (Vec::new(), Vec::new());
                let (mut r1, mut r2) = (Rng::new(seed), Rng::new(seed));
                for _ in 0..5 {
                    sampler.sample_linear(&p, &keys, &mut r1, &mut fast);
                    sampler.sample_scan(&p, &keys, 1.0, &mut r2, &mut scan);
                    assert_eq!(fast, scan, "seed {seed}, {rule:?}");
                }
            }
        }
    }

    #[test]
    fn sampling_is_seeded() {
        let p = random_problem(1, 30, 1, Objective::Makespan);
        let cpm = Analysis::new(&p);
        let keys = PriorityRule::Lft.keys(&p, &cpm);
        let mut sampler = Sampler::new(&p);
        let draw = |sampler: &mut Sampler, seed| {
            let mut list = Vec::new();
            sampler.sample(&p, &keys, 1.0, &mut Rng::new(seed), &mut list);
            list
        };
        assert_eq!(draw(&mut sampler, 5), draw(&mut sampler, 5));
        let distinct: std::collections::BTreeSet<Vec<ActivityId>> =
            (0..20).map(|s| draw(&mut sampler, s)).collect();
        assert!(distinct.len() > 1);
    }

    #[test]
    fn classic_rules_order_as_documented() {
        // a -> c, a -> e; d alone and long (the critical path, bound 5)
        let mut b = ProblemBuilder::new();
        b.objective(Objective::Makespan);
        let t = b.resource("t", Calendar::constant(1));
        let a = b.plan_task("a", None, &[(t, 1.0)], 1, 1, 0);
        let c = b.plan_task("c", None, &[(t, 1.0)], 1, 1, 0);
        let d = b.plan_task("d", None, &[(t, 5.0)], 1, 1, 0);
        let e = b.plan_task("e", None, &[(t, 1.0)], 1, 1, 0);
        b.precedence(a, c, 0);
        b.precedence(a, e, 0);
        let p = b.build().unwrap();
        let cpm = Analysis::new(&p);
        // MTS: a has two successors
        assert_eq!(PriorityRule::Mts.activity_list(&p, &cpm)[0], a);
        // LFT: a (lf 4) first, then c, d, e (lf 5, ties by index)
        assert_eq!(PriorityRule::Lft.activity_list(&p, &cpm), vec![a, c, d, e]);
        // GRPW: d (5) beats a (1 + 1 + 1)
        assert_eq!(PriorityRule::Grpw.activity_list(&p, &cpm)[0], d);
        // MSLK: d has no slack, a has 3
        assert_eq!(PriorityRule::Mslk.activity_list(&p, &cpm)[0], d);
    }

    #[test]
    fn goal_rules_put_the_heavy_goal_and_its_prerequisites_first() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        let low = b.goal("low", 1.0, None);
        let high = b.goal("high", 10.0, Some(3));
        let x = b.plan_task("x", Some(low), &[(t, 2.0)], 1, 1, 0);
        let prereq = b.plan_task("prereq", Some(low), &[(t, 2.0)], 1, 1, 0);
        let y = b.plan_task("y", Some(high), &[(t, 2.0)], 1, 1, 0);
        b.precedence(prereq, y, 0);
        let p = b.build().unwrap();
        let cpm = Analysis::new(&p);
        for rule in [
            PriorityRule::GoalWork,
            PriorityRule::GoalSpan,
            PriorityRule::GoalDue,
        ] {
            assert_eq!(rule.activity_list(&p, &cpm), vec![prereq, y, x], "{rule:?}");
        }
    }
}
