//! The relaxed problem on a grid of buckets as a min-cut network,
//! and one evaluation of the Lagrangian function (parent docs, sections
//! 5-8).
//!
//! Prices come in rows: one per resource (`len` buckets each), then one
//! per finish job (its own buckets, the links of section 8).

use std::time::Instant;

use super::relaxed::{Days, Kind, Run};
use crate::graph::min_cut::{Network, min_cut};
use crate::solve::lp::buckets::Grid;

/// Relative margin that covers the rounding of every floating-point sum
/// (parent docs, Lemma 7).
pub(super) const RHO: f64 = 1e-9;
/// Jobs priced between looks at the clock ([`Buckets::evaluate`]).
const CLOCK_JOBS: usize = 64;
/// Largest integer capacity sum: flows stay exact in `u64` and `f64`.
const LIMIT: f64 = 4_503_599_627_370_496.0; // 2^52

/// The bucketed relaxation and its network.
#[derive(Clone, Debug)]
pub(super) struct Buckets<'d> {
    pub(super) days: &'d Days,
    /// The buckets (their days: `grid.at(k)..grid.at(k + 1)`).
    pub(super) grid: Grid,
    /// Bucket windows per job.
    first: Vec<u32>,
    last: Vec<u32>,
    /// Number of price buckets of a resource (the grid's real buckets).
    pub(super) len: usize,
    /// `free[r][k]`: free person-days of `r` in bucket `k`; then a row of
    /// zeros per finish job (a link's right-hand side), as long as its
    /// bucket window.
    pub(super) free: Vec<Vec<f64>>,
    /// `row[f]`: the price row of finish job `f`.
    row: Vec<Option<usize>>,
    net: Network,
    /// Node of each job's first bucket (node 0 is the source, 1 the sink).
    base: Vec<usize>,
    /// Arc of each job's first bucket; its buckets' arcs follow.
    cost_arc: Vec<usize>,
    /// Arcs of infinite capacity.
    infinite: Vec<usize>,
}

/// One evaluation of the Lagrangian function.
#[derive(Clone, Debug)]
pub(super) struct Evaluation {
    /// A proven lower bound on the relaxed problem's value (its
    /// Lagrangian function at these prices, rounded down).
    pub(super) bound: f64,
    /// `usage[r][k]`: person-days of `r` in bucket `k`, the mean of what the
    /// earliest and the latest optimal relaxed solutions use; on a finish
    /// job's row, the mean of `[C_j by k] - [finished by k]`.
    pub(super) usage: Vec<Vec<f64>>,
    /// Start day of each job in the earliest optimal relaxed solution.
    pub(super) starts: Vec<u32>,
}

/// Each job's [`Choice`] per bucket of its window, and its least cost.
type Priced = (Vec<Vec<Option<Choice>>>, Vec<f64>);

/// The best day and run of a job in one bucket.
#[derive(Clone, Copy, Debug)]
struct Choice {
    /// Cost rounded down (below the exact cost).
    low: f64,
    day: u32,
    run: usize,
}

/// `(first, last)` bucket of every job.
fn windows(days: &Days, grid: &Grid) -> (Vec<u32>, Vec<u32>) {
    let bucket = |t: u32| grid.bucket_of(t) as u32;
    let first = days.jobs.iter().map(|j| bucket(j.first)).collect();
    let last = days.jobs.iter().map(|j| bucket(j.last)).collect();
    (first, last)
}

/// The bucket that a job `days` after one starting in bucket `k` starts
/// in at the earliest (parent docs, Lemma 5): that of `grid.at(k) + days`.
fn target(grid: &Grid, k: u32, days: i64) -> i64 {
    let t = i64::from(grid.at(k as usize)) + days;
    if t < 0 {
        -1
    } else {
        grid.bucket_of(u32::try_from(t).unwrap_or(u32::MAX)) as i64
    }
}

/// Nodes and arcs of the network on `grid`.
pub(super) fn size(days: &Days, grid: &Grid) -> (usize, usize) {
    let (first, last) = windows(days, grid);
    let chains: usize = first
        .iter()
        .zip(&last)
        .map(|(&a, &b)| (b - a) as usize + 1)
        .sum();
    let precedence: usize = days
        .edges
        .iter()
        .map(|e| {
            (first[e.from]..=last[e.from])
                .filter(|&k| target(grid, k, e.days) > i64::from(first[e.to]))
                .count()
        })
        .sum();
    (2 + chains, 2 * chains + days.jobs.len() + precedence)
}

impl<'d> Buckets<'d> {
    /// The network on `grid` (whose real buckets must cover the days
    /// before `days.end`); `None` when it does not fit `u32` indices.
    pub(super) fn new(days: &'d Days, grid: Grid) -> Option<Self> {
        let (first, last) = windows(days, &grid);
        let len = grid.len();
        let mut free: Vec<Vec<f64>> = days
            .free
            .iter()
            .map(|row| {
                (0..len)
                    .map(|k| {
                        let to = (grid.at(k + 1) as usize).min(row.len());
                        let from = (grid.at(k) as usize).min(to);
                        row[from..to].iter().sum::<u64>() as f64
                    })
                    .collect()
            })
            .collect();
        let mut row = vec![None; first.len()];
        for (j, job) in days.jobs.iter().enumerate() {
            if let Kind::Finish { .. } = job.kind {
                row[j] = Some(free.len());
                free.push(vec![0.0; (last[j] - first[j]) as usize + 1]);
            }
        }
        let mut base = Vec::with_capacity(first.len());
        let mut nodes = 2usize;
        for (&a, &b) in first.iter().zip(&last) {
            base.push(nodes);
            nodes += (b - a) as usize + 1;
        }
        let node = |j: usize, k: u32| (base[j] + (k - first[j]) as usize) as u32;
        let mut arcs: Vec<(u32, u32)> = Vec::new();
        let mut infinite = Vec::new();
        let mut cost_arc = Vec::with_capacity(first.len());
        for j in 0..first.len() {
            infinite.push(arcs.len());
            arcs.push((0, node(j, first[j])));
            cost_arc.push(arcs.len());
            for k in first[j]..=last[j] {
                let to = if k < last[j] { node(j, k + 1) } else { 1 };
                arcs.push((node(j, k), to));
            }
            for k in first[j]..last[j] {
                infinite.push(arcs.len());
                arcs.push((node(j, k + 1), node(j, k)));
            }
        }
        for e in &days.edges {
            let (i, j) = (e.from, e.to);
            for k in first[i]..=last[i] {
                let target = target(&grid, k, e.days);
                if target <= i64::from(first[j]) {
                    continue;
                }
                let to = if target > i64::from(last[j]) {
                    1 // `i` cannot start in bucket `k` or later
                } else {
                    node(j, target as u32)
                };
                infinite.push(arcs.len());
                arcs.push((node(i, k), to));
            }
        }
        Some(Self {
            days,
            grid,
            first,
            last,
            len,
            free,
            row,
            net: Network::new(nodes, arcs)?,
            base,
            cost_arc,
            infinite,
        })
    }

    /// Nodes and arcs of the network.
    pub(super) fn size(&self) -> (usize, usize) {
        (self.net.nodes(), self.net.arcs())
    }

    /// Every job's cheapest choice per bucket at prices `lambda`, and each
    /// job's least cost over them (infinite when it has none).
    /// Each job's best day and run per bucket, and its least cost; `None`
    /// once `deadline` passes (looked at every [`CLOCK_JOBS`] jobs).
    fn priced(&self, lambda: &[Vec<f64>], deadline: Option<Instant>) -> Option<Priced> {
        let mut choices: Vec<Vec<Option<Choice>>> = Vec::with_capacity(self.days.jobs.len());
        for j in 0..self.days.jobs.len() {
            if j.is_multiple_of(CLOCK_JOBS) && deadline.is_some_and(|d| Instant::now() >= d) {
                return None;
            }
            choices.push(self.choices(j, lambda));
        }
        let least = choices
            .iter()
            .map(|c| {
                c.iter()
                    .flatten()
                    .map(|c| c.low)
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        Some((choices, least))
    }

    /// The Lagrangian function at prices `lambda[r][k] >= 0` (per
    /// person-day of `r` in bucket `k`); `None` when the relaxed problem
    /// has no solution (then the incumbent is infeasible), or when
    /// `deadline` passes before the cut is found.
    pub(super) fn evaluate(&self, lambda: &[Vec<f64>], deadline: Instant) -> Option<Evaluation> {
        let jobs = &self.days.jobs;
        let (choices, least) = self.priced(lambda, Some(deadline))?;
        if least.iter().any(|m| !m.is_finite()) {
            return None;
        }
        let (cap, scale, infinity) = self.capacities(&choices, &least);
        let cut = min_cut(&self.net, &cap, 0, 1, Some(deadline))?;
        if cut.value >= u128::from(infinity) {
            return None;
        }
        let mut starts = Vec::with_capacity(jobs.len());
        let mut usage: Vec<Vec<f64>> = self.free.iter().map(|f| vec![0.0; f.len()]).collect();
        // the earliest and the latest optimal points: the mean of their
        // usages is a subgradient too (parent docs, Ascent)
        let sides: [&[bool]; 2] = [&cut.source_side, &cut.largest_side];
        for (side_index, side) in sides.into_iter().enumerate() {
            let mut chosen = Vec::with_capacity(jobs.len());
            for j in 0..jobs.len() {
                let width = (self.last[j] - self.first[j]) as usize + 1;
                let inside = (0..width).take_while(|&i| side[self.base[j] + i]).count();
                chosen.push(choices[j][inside.max(1) - 1]?);
            }
            for (j, job) in jobs.iter().enumerate() {
                let c = chosen[j];
                if side_index == 0 {
                    starts.push(c.day);
                }
                match &job.kind {
                    Kind::Activity(_, runs) => {
                        let run = &runs[c.run];
                        for &(r, amount) in &run.demands {
                            self.spread(c.day, run.duration, |k, days| {
                                usage[r][k] += 0.5 * f64::from(amount) * f64::from(days);
                            });
                        }
                    }
                    &Kind::Finish { start } => {
                        // [C_j by k] - [finished by k] on the row's buckets
                        let Kind::Activity(_, runs) = &jobs[start].kind else {
                            continue;
                        };
                        let s = chosen[start];
                        let done = self.bucket(s.day + runs[s.run].duration);
                        let by = self.bucket(c.day);
                        let row = &mut usage[self.row[j]?];
                        for (i, g) in row.iter_mut().enumerate() {
                            let k = self.first[j] + i as u32;
                            *g += 0.5
                                * (f64::from(u8::from(by <= k)) - f64::from(u8::from(done <= k)));
                        }
                    }
                    Kind::Milestone { .. } => {}
                }
            }
        }
        let shifts: f64 = least.iter().sum();
        let above = shifts + cut.value as f64 / scale;
        let size = least.iter().map(|m| m.abs()).sum::<f64>() + cut.value as f64 / scale;
        let priced: f64 = lambda
            .iter()
            .zip(&self.free)
            .map(|(l, f)| l.iter().zip(f).map(|(l, f)| l * f).sum::<f64>())
            .sum();
        Some(Evaluation {
            bound: above - priced - 2.0 * RHO * (size + priced),
            usage,
            starts,
        })
    }

    /// Integer capacities of the network (parent docs, Lemma 6): each
    /// job's costs shifted by its least, scaled by a power of two and
    /// rounded down; with the scale and the "infinite" capacity.
    fn capacities(&self, choices: &[Vec<Option<Choice>>], least: &[f64]) -> (Vec<u64>, f64, u64) {
        let spread: f64 = choices
            .iter()
            .zip(least)
            .map(|(c, &m)| c.iter().flatten().map(|c| c.low - m).fold(0.0, f64::max))
            .sum();
        // costs below zero (finish links): the subtraction's operands stay
        // below 2^52 / scale too
        let magnitude = choices
            .iter()
            .flatten()
            .flatten()
            .map(|c| c.low.abs())
            .fold(0.0, f64::max);
        let spread = spread.max(magnitude);
        let limit = LIMIT.min(2f64.powi(62) / (choices.len() as f64 + 2.0));
        let mut scale = 1.0f64;
        if spread > 0.0 {
            let e = (limit / spread).log2().floor().clamp(-1000.0, 1000.0) as i32;
            scale = 2f64.powi(e);
            while scale * spread > limit {
                scale /= 2.0;
            }
        }
        let mut cap = vec![0u64; self.net.arcs()];
        let mut forbidden = Vec::new();
        // no finite cut exceeds the sum of each chain's largest capacity
        let mut largest = 0u64;
        for (j, c) in choices.iter().enumerate() {
            let mut most = 0u64;
            for (i, c) in c.iter().enumerate() {
                let arc = self.cost_arc[j] + i;
                match c {
                    Some(c) => {
                        // the subtraction rounds by less than one unit after scaling
                        let units = (((c.low - least[j]) * scale).floor() - 1.0).max(0.0) as u64;
                        cap[arc] = units;
                        most = most.max(units);
                    }
                    None => forbidden.push(arc),
                }
            }
            largest += most;
        }
        let infinity = largest + 1;
        for &arc in self.infinite.iter().chain(&forbidden) {
            cap[arc] = infinity;
        }
        (cap, scale, infinity)
    }

    /// Seconds of one cut at prices `lambda` by [`min_cut`] and by
    /// petgraph's `dinics`, with both values (they must agree).
    #[cfg(test)]
    pub(super) fn time_cuts(&self, lambda: &[Vec<f64>]) -> Option<(f64, f64, u128, u128)> {
        use crate::graph::min_cut::min_cut_petgraph;
        let (choices, least) = self.priced(lambda, None)?;
        let (cap, _, _) = self.capacities(&choices, &least);
        let started = std::time::Instant::now();
        let ours = min_cut(&self.net, &cap, 0, 1, None)?.value;
        let mid = started.elapsed().as_secs_f64();
        let started = std::time::Instant::now();
        let theirs = min_cut_petgraph(&self.net, &cap, 0, 1)?.value;
        Some((mid, started.elapsed().as_secs_f64(), ours, theirs))
    }

    /// The bucket of day `t`.
    fn bucket(&self, t: u32) -> u32 {
        self.grid.bucket_of(t) as u32
    }

    /// Calls `visit(k, days)` for every bucket `k` that a run of
    /// `duration` days from day `t` overlaps, with the days of overlap.
    fn spread(&self, t: u32, duration: u32, mut visit: impl FnMut(usize, u32)) {
        if duration == 0 {
            return;
        }
        let end = t + duration;
        let mut k = self.grid.bucket_of(t);
        while k < self.len && self.grid.at(k) < end {
            let from = self.grid.at(k).max(t);
            let to = self.grid.at(k + 1).min(end);
            visit(k, to - from);
            k += 1;
        }
    }

    /// The priced usage of a run from day `t`.
    fn run_cost(&self, run: &Run, t: u32, lambda: &[Vec<f64>]) -> f64 {
        let mut cost = 0.0;
        for &(r, amount) in &run.demands {
            let mut days = 0.0;
            self.spread(t, run.duration, |k, n| days += lambda[r][k] * f64::from(n));
            cost += f64::from(amount) * days;
        }
        cost
    }

    /// The cheapest day (and run) of job `j` in each of its buckets,
    /// `None` where it cannot start; costs rounded down by the margin.
    fn choices(&self, j: usize, lambda: &[Vec<f64>]) -> Vec<Option<Choice>> {
        let job = &self.days.jobs[j];
        // `linked(day)`: the link prices of `day`'s bucket and later of the
        // job's finish (or of the job itself, for a finish job)
        let own = match job.kind {
            Kind::Finish { .. } => Some(j),
            Kind::Activity(..) => self.days.finish(j),
            Kind::Milestone { .. } => None,
        };
        let suffix: Vec<f64> = own
            .and_then(|f| self.row[f])
            .map(|r| {
                let mut sum = 0.0;
                let mut out: Vec<f64> = lambda[r]
                    .iter()
                    .rev()
                    .map(|&m| {
                        sum += m;
                        sum
                    })
                    .collect();
                out.reverse();
                out
            })
            .unwrap_or_default();
        let linked = |day: u32| -> f64 {
            let Some(f) = own else { return 0.0 };
            let i = self.bucket(day).saturating_sub(self.first[f]) as usize;
            suffix.get(i).copied().unwrap_or(0.0)
        };
        (self.first[j]..=self.last[j])
            .map(|k| {
                let from = self.grid.at(k as usize).max(job.first);
                let to = (self.grid.at(k as usize + 1) - 1).min(job.last);
                match &job.kind {
                    Kind::Milestone {
                        priority,
                        due,
                        weight,
                    } => {
                        // phi is non-decreasing: the bucket's first day
                        let t = f64::from(from);
                        let late = due.map_or(0.0, |d| (t - f64::from(d)).max(0.0));
                        let cost = priority * (t + weight * late);
                        let size = priority * (t + weight.abs() * late);
                        (from <= to).then_some(Choice {
                            low: (cost - RHO * size).max(0.0),
                            day: from,
                            run: 0,
                        })
                    }
                    Kind::Finish { .. } => (from <= to).then_some(Choice {
                        low: linked(from) * (1.0 - RHO),
                        day: from,
                        run: 0,
                    }),
                    Kind::Activity(_, runs) => {
                        let mut best: Option<Choice> = None;
                        for t in from..=to {
                            let i = (t - self.days.origin(j)) as usize;
                            for (r, run) in runs.iter().enumerate() {
                                if !run.ok.get(i).copied().unwrap_or(false) {
                                    continue;
                                }
                                let low = self.run_cost(run, t, lambda) * (1.0 - RHO)
                                    - linked(t + run.duration) * (1.0 + RHO);
                                if best.is_none_or(|b| low < b.low) {
                                    best = Some(Choice {
                                        low,
                                        day: t,
                                        run: r,
                                    });
                                }
                            }
                        }
                        best
                    }
                }
            })
            .collect()
    }
}
