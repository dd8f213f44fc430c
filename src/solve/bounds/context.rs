//! Per-problem data shared by every bound: capacity curves, minimum
//! energies, heads and tails, and the energetic bounds built on them
//! (destructive energetic reasoning is in `reasoning`).

use super::cliques::disjunctive_cliques;
use super::{ER_TOTAL_BUDGET, HEAD_THRESHOLDS, HEAD_WORK, THRESHOLDS, closure_of};
use crate::graph::Analysis;
use crate::model::{Calendar, Problem};

/// Cumulative capacity of one calendar, for `T_r(t, e)` by binary search.
#[derive(Clone, Debug)]
pub(super) struct Curve {
    /// `(first day, capacity)`; the last step lasts for ever.
    pub(super) steps: Vec<(u64, u64)>,
    /// `cum[i]` = energy on days `0..steps[i].0`.
    pub(super) cum: Vec<u64>,
    pub(super) max: u64,
}

impl Curve {
    pub(super) fn new(calendar: &Calendar) -> Self {
        Self::from_steps(
            calendar
                .steps()
                .iter()
                .map(|&(d, c)| (u64::from(d), u64::from(c)))
                .collect(),
        )
    }

    /// The capacity on day `t`.
    pub(super) fn capacity_at(&self, t: u64) -> u64 {
        let i = self.steps.partition_point(|s| s.0 <= t);
        self.steps[i.max(1) - 1].1
    }

    /// From `(first day, capacity)` steps by increasing day (the last
    /// lasting for ever).
    pub(super) fn from_steps(mut steps: Vec<(u64, u64)>) -> Self {
        if steps.first().is_none_or(|s| s.0 != 0) {
            // defensive: a calendar always starts at day 0
            steps.insert(0, (0, 0));
        }
        let mut cum = Vec::with_capacity(steps.len());
        let mut acc = 0u64;
        for (i, &(d, _)) in steps.iter().enumerate() {
            if i > 0 {
                let (pd, pc) = steps[i - 1];
                acc = acc.saturating_add((d - pd).saturating_mul(pc));
            }
            cum.push(acc);
        }
        let max = steps.iter().map(|s| s.1).max().unwrap_or(0);
        Self { steps, cum, max }
    }

    /// Energy on days `0..t`.
    pub(super) fn cum_at(&self, t: u64) -> u64 {
        let i = self.steps.partition_point(|s| s.0 <= t) - 1;
        let (d, c) = self.steps[i];
        self.cum[i].saturating_add((t - d).saturating_mul(c))
    }

    /// Smallest `T >= t` with energy on `t..T` at least `e`; `None` if never.
    pub(super) fn finish(&self, t: u64, e: u64) -> Option<u64> {
        if e == 0 {
            return Some(t);
        }
        let target = self.cum_at(t).checked_add(e)?;
        // first step whose end reaches the target (the last step never ends)
        let last = self.steps.len() - 1;
        let i = self.cum[1..].partition_point(|&c| c < target);
        let (d, c) = self.steps[i];
        if i == last && c == 0 {
            return None;
        }
        // i is the first step with cum[i+1] >= target, so cum[i] < target and c > 0
        let rest = target - self.cum[i];
        Some(d + rest.div_ceil(c))
    }
}

/// Shared per-problem data.
pub(super) struct Context<'a> {
    pub(super) problem: &'a Problem,
    pub(super) analysis: &'a Analysis,
    pub(super) n: usize,
    /// Resources: the problem's, then one virtual unit resource per clique.
    pub(super) nr: usize,
    /// The problem's resources.
    pub(super) nr_real: usize,
    /// Usable modes of each activity (a pinned one: its pinned mode), as
    /// `(duration, demand on each of the nr resources)`.
    pub(super) modes: Vec<Vec<(u64, Vec<u64>)>>,
    /// `min_energy[j * nr + r]`.
    pub(super) min_energy: Vec<u64>,
    pub(super) curves: Vec<Curve>,
    pub(super) pinned: Vec<bool>,
    /// Proven earliest starts (at least CPM's).
    pub(super) heads: Vec<u64>,
    /// Energetic-reasoning work spent so far (interval pairs times item
    /// modes), capped by [`ER_TOTAL_BUDGET`] so large plans stay fast.
    pub(super) er_spent: std::cell::Cell<usize>,
    /// Cap on `er_spent`.
    pub(super) er_budget: usize,
    /// Past this instant the optional parts (energetic reasoning of the
    /// remaining goals, the sequencing bounds) are skipped: every bound
    /// stays valid, only weaker.
    pub(super) deadline: Option<std::time::Instant>,
}

impl<'a> Context<'a> {
    /// True once the deadline (if any) has passed.
    pub(super) fn late(&self) -> bool {
        self.deadline
            .is_some_and(|d| std::time::Instant::now() >= d)
    }

    pub(super) fn new(problem: &'a Problem, analysis: &'a Analysis) -> Self {
        Self::until(problem, analysis, None)
    }

    /// [`Self::new`] whose optional work (the head raising here, the
    /// optional bounds later) stops once `deadline` passes.
    pub(super) fn until(
        problem: &'a Problem,
        analysis: &'a Analysis,
        deadline: Option<std::time::Instant>,
    ) -> Self {
        let n = problem.len();
        let nr_real = problem.resources().len();
        let mut modes: Vec<Vec<(u64, Vec<u64>)>> = problem
            .activities()
            .iter()
            .map(|act| {
                let usable: Vec<_> = match act.pin {
                    Some(p) => act.modes.get(p.mode).into_iter().collect(),
                    None => act.modes.iter().collect(),
                };
                usable
                    .into_iter()
                    .map(|m| {
                        let mut amounts = vec![0u64; nr_real];
                        for d in &m.demands {
                            if let Some(a) = amounts.get_mut(d.resource.index()) {
                                *a += u64::from(d.amount);
                            }
                        }
                        (u64::from(m.duration), amounts)
                    })
                    .collect()
            })
            .collect();
        let mut curves: Vec<Curve> = problem
            .resources()
            .iter()
            .map(|r| Curve::new(&r.capacity))
            .collect();
        let caps: Vec<u64> = curves.iter().map(|c| c.max).collect();
        for clique in disjunctive_cliques(&modes, &caps) {
            for (j, ms) in modes.iter_mut().enumerate() {
                let member = clique.contains(&j);
                for (d, amounts) in ms.iter_mut() {
                    amounts.push(u64::from(member && *d > 0));
                }
            }
            curves.push(Curve::new(&Calendar::constant(1)));
        }
        let nr = curves.len();
        let mut min_energy = vec![0u64; n * nr];
        for (j, ms) in modes.iter().enumerate() {
            for r in 0..nr {
                min_energy[j * nr + r] = ms.iter().map(|(d, a)| d * a[r]).min().unwrap_or(0);
            }
        }
        let mut ctx = Self {
            problem,
            analysis,
            n,
            nr,
            nr_real,
            modes,
            min_energy,
            curves,
            pinned: problem
                .activities()
                .iter()
                .map(|a| a.pin.is_some())
                .collect(),
            heads: analysis.es.iter().map(|&e| u64::from(e)).collect(),
            er_spent: std::cell::Cell::new(0),
            er_budget: ER_TOTAL_BUDGET,
            deadline,
        };
        ctx.improve_heads(HEAD_WORK);
        ctx
    }

    pub(super) fn energy(&self, j: usize, r: usize) -> u64 {
        self.min_energy[j * self.nr + r]
    }

    /// The best proven earliest start: CPM, raised by [`Self::improve_heads`].
    pub(super) fn es(&self, j: usize) -> u64 {
        self.heads[j]
    }

    /// Raises each non-pinned activity's head, in topological order, to
    /// the energetic bound on when its ancestors let it start (module docs,
    /// "Heads"), then pushes the raised heads along the edges. The raising
    /// costs about `activities + edges + ancestors * resources * 16` per
    /// activity: once `work` such steps are spent, or the deadline passes,
    /// the remaining activities keep their pushed CPM heads (quadratic in
    /// the activities on a long chain, so the budget, not the size, decides).
    pub(super) fn improve_heads(&mut self, work: usize) {
        let dur = |j: usize| u64::from(self.analysis.duration[j]);
        let step = self.n + self.problem.precedences().len();
        let mut spent = 0usize;
        for k in 0..self.analysis.order.len() {
            let a = self.analysis.order[k];
            let j = a.index();
            if self.pinned[j] {
                continue; // starts on its pin
            }
            let mut h = u64::from(self.problem.activity(a).release);
            for &(p, lag) in self.problem.predecessors(a) {
                // signed: a lead lowers this bound (clamped at day 0)
                let after = self.heads[p.index()] + dur(p.index());
                h = h.max(after.saturating_add_signed(i64::from(lag)));
            }
            if !self.problem.predecessors(a).is_empty() && spent < work && !self.late() {
                let mut target = vec![false; self.n];
                target[j] = true;
                let tails = self.tails(&target);
                let closure = closure_of(&tails);
                spent =
                    spent.saturating_add(step + closure.len() * self.nr * (HEAD_THRESHOLDS + 1));
                for r in 0..self.nr {
                    let b =
                        self.energetic_bound_with(&tails, &closure, r, Some(j), HEAD_THRESHOLDS);
                    if b > 0 {
                        h = h.max(b.saturating_sub(dur(j)));
                    }
                }
            }
            self.heads[j] = h;
        }
    }

    /// Lemma 2: `q^M_j` for the target set `M` (`target[j]`), `None` outside
    /// the closure. Lags count with their sign; an edge whose `lag + d_s +
    /// q^M_s` is negative (a lead longer than the rest of the path) is left
    /// out, so every tail is `>= 0` and every closure activity finishes by
    /// `max_M C` (ignoring an edge only relaxes the problem).
    pub(super) fn tails(&self, target: &[bool]) -> Vec<Option<u64>> {
        let mut q: Vec<Option<u64>> = vec![None; self.n];
        for &a in self.analysis.order.iter().rev() {
            let j = a.index();
            let mut best = target[j].then_some(0u64);
            for &(s, lag) in self.problem.successors(a) {
                let s = s.index();
                if self.pinned[s] {
                    continue;
                }
                let via = q[s].and_then(|qs| {
                    (u64::from(self.analysis.duration[s]) + qs).checked_add_signed(i64::from(lag))
                });
                if let Some(via) = via {
                    best = Some(best.map_or(via, |b| b.max(via)));
                }
            }
            q[j] = best;
        }
        q
    }

    /// The best head-energy-tail bound on `max_M C` from resource `r`, where
    /// `tails` are the tails towards `M` (0 when nothing in the closure uses `r`).
    pub(super) fn energetic_bound(
        &self,
        tails: &[Option<u64>],
        closure: &[usize],
        r: usize,
    ) -> u64 {
        self.energetic_bound_with(tails, closure, r, None, THRESHOLDS)
    }

    /// [`Self::energetic_bound`] leaving out activity `skip`, with at most
    /// `thresholds` release thresholds.
    pub(super) fn energetic_bound_with(
        &self,
        tails: &[Option<u64>],
        closure: &[usize],
        r: usize,
        skip: Option<usize>,
        thresholds: usize,
    ) -> u64 {
        let mut items: Vec<(u64, u64, u64)> = closure
            .iter()
            .filter(|&&j| Some(j) != skip)
            .filter_map(|&j| {
                let e = self.energy(j, r);
                match tails[j] {
                    Some(q) if e > 0 => Some((self.es(j), q, e)),
                    _ => None,
                }
            })
            .collect();
        if items.is_empty() {
            return 0;
        }
        // tail descending; ties in a fixed order for determinism
        items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)).then(a.2.cmp(&b.2)));
        let mut heads: Vec<u64> = items.iter().map(|i| i.0).collect();
        heads.sort_unstable();
        heads.dedup();
        let curve = &self.curves[r];
        let mut best = 0;
        for t in sample(&heads, thresholds) {
            let mut acc = 0u64;
            for &(es, q, e) in &items {
                if es < t {
                    continue;
                }
                acc = acc.saturating_add(e);
                if let Some(fin) = curve.finish(t, acc) {
                    best = best.max(fin.saturating_add(q));
                }
            }
        }
        best
    }
}

/// At most `k` values of a sorted list, evenly spread, always keeping the first.
pub(super) fn sample(values: &[u64], k: usize) -> Vec<u64> {
    if values.len() <= k {
        return values.to_vec();
    }
    (0..k).map(|i| values[i * values.len() / k]).collect()
}
