//! Destructive energetic reasoning over the closure of a target set: the
//! interval test that refutes a finish ([`Reasoning::refutes`]) and the
//! search for the smallest finish it cannot refute
//! ([`Context::energetic_reasoning`]).

use super::context::{Context, sample};

/// Most interval bound candidates (each side) per energetic-reasoning test.
pub(super) const ER_CANDIDATES: usize = 128;
/// Work budget of one energetic-reasoning test: intervals times item modes.
pub(super) const ER_BUDGET: usize = 2_000_000;

/// One activity of a target set's closure, for energetic reasoning.
pub(super) struct ErItem {
    pub(super) es: u64,
    /// Tail to the target (`None`: not in its closure, only `cap` applies).
    pub(super) q: Option<u64>,
    /// A latest finish that holds whatever the target's finish
    /// (`u64::MAX`: none).
    pub(super) cap: u64,
    /// Mode durations (a pinned activity: only its pinned mode).
    pub(super) durations: Vec<u64>,
    /// Resources that every mode uses with a positive amount.
    pub(super) resources: Vec<usize>,
    /// `amounts[m * resources.len() + i]`: mode `m`'s demand on `resources[i]`.
    pub(super) amounts: Vec<u64>,
}

/// Energetic reasoning over the closure of a target set.
pub(super) struct Reasoning {
    pub(super) items: Vec<ErItem>,
    /// Intervals per side so that one test stays within [`ER_BUDGET`].
    pub(super) candidates: usize,
    /// Item modes times resources: the cost of one interval.
    pub(super) work: usize,
}

impl Reasoning {
    pub(super) fn new(ctx: &Context<'_>, tails: &[Option<u64>]) -> Self {
        Self::with_caps(ctx, tails, &[])
    }

    /// [`Self::new`] with activities that must also finish by a fixed day
    /// (`(activity, latest finish)`), whether in the closure or not.
    pub(super) fn with_caps(
        ctx: &Context<'_>,
        tails: &[Option<u64>],
        caps: &[(usize, u64)],
    ) -> Self {
        let mut cap = vec![u64::MAX; tails.len()];
        for &(j, c) in caps {
            cap[j] = cap[j].min(c);
        }
        let mut items = Vec::new();
        for (j, q) in tails.iter().enumerate() {
            if q.is_none() && cap[j] == u64::MAX {
                continue;
            }
            let q = *q;
            let modes = &ctx.modes[j];
            let resources: Vec<usize> = (0..ctx.nr)
                .filter(|&r| !modes.is_empty() && modes.iter().all(|(d, a)| *d > 0 && a[r] > 0))
                .collect();
            if resources.is_empty() {
                continue;
            }
            let amounts = modes
                .iter()
                .flat_map(|(_, a)| resources.iter().map(move |&r| a[r]))
                .collect();
            items.push(ErItem {
                es: ctx.es(j),
                q,
                cap: cap[j],
                durations: modes.iter().map(|(d, _)| *d).collect(),
                resources,
                amounts,
            });
        }
        let work: usize = items
            .iter()
            .map(|i| i.durations.len() * i.resources.len())
            .sum();
        let per_side = ((ER_BUDGET / work.max(1)) as f64).sqrt() as usize;
        Self {
            items,
            candidates: per_side.clamp(4, ER_CANDIDATES),
            work,
        }
    }

    /// True when no schedule has every closure activity `j` finished by
    /// `t - q_j` (so the target cannot finish by `t`).
    pub(super) fn refutes(&self, ctx: &Context<'_>, t: u64) -> bool {
        // latest finishes and the modes that still fit their windows
        let mut lf = Vec::with_capacity(self.items.len());
        let mut fits: Vec<Vec<bool>> = Vec::with_capacity(self.items.len());
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for it in &self.items {
            let l = match it.q {
                Some(q) => match t.checked_sub(q) {
                    Some(l) => l.min(it.cap),
                    None => return true,
                },
                None => it.cap,
            };
            let f: Vec<bool> = it.durations.iter().map(|&d| it.es + d <= l).collect();
            let Some(dmin) = it
                .durations
                .iter()
                .zip(&f)
                .filter(|p| *p.1)
                .map(|p| *p.0)
                .min()
            else {
                return true;
            };
            starts.extend([it.es, it.es + dmin, l - dmin]);
            ends.extend([l, it.es + dmin, l - dmin]);
            lf.push(l);
            fits.push(f);
        }
        for v in [&mut starts, &mut ends] {
            v.sort_unstable();
            v.dedup();
        }
        let starts = sample(&starts, self.candidates);
        let ends = sample(&ends, self.candidates);
        ctx.er_spent.set(
            ctx.er_spent
                .get()
                .saturating_add(starts.len() * ends.len() * self.work.max(1)),
        );
        let mut need = vec![0u64; ctx.nr];
        let mut overlap = Vec::new();
        for &a in &starts {
            for &b in ends.iter().filter(|&&b| b > a) {
                need.iter_mut().for_each(|x| *x = 0);
                for (k, it) in self.items.iter().enumerate() {
                    let l = lf[k];
                    if l <= a || it.es >= b {
                        continue;
                    }
                    // mandatory overlap of each fitting mode: the smaller of the
                    // left- and right-shifted placements (overlap is unimodal in the start)
                    overlap.clear();
                    overlap.extend(it.durations.iter().zip(&fits[k]).map(|(&d, &ok)| {
                        ok.then(|| {
                            let left = (it.es + d).min(b).saturating_sub(it.es.max(a));
                            let right = l.min(b).saturating_sub((l - d).max(a));
                            left.min(right)
                        })
                    }));
                    let nres = it.resources.len();
                    for (i, &r) in it.resources.iter().enumerate() {
                        let least = overlap
                            .iter()
                            .enumerate()
                            .filter_map(|(m, ov)| ov.map(|ov| ov * it.amounts[m * nres + i]))
                            .min()
                            .unwrap_or(0);
                        need[r] = need[r].saturating_add(least);
                    }
                }
                for (r, &n) in need.iter().enumerate() {
                    if n > 0 {
                        let curve = &ctx.curves[r];
                        if n > curve.cum_at(b).saturating_sub(curve.cum_at(a)) {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
}

impl Context<'_> {
    /// Destructive energetic reasoning (Lemma 6 of the [`bounds`](super)
    /// docs): the smallest `T >= lo` not refuted, i.e. one more than the
    /// largest refuted `T` tried.
    pub(super) fn energetic_reasoning(&self, tails: &[Option<u64>], lo: u64) -> u64 {
        self.energetic_reasoning_with(Reasoning::new(self, tails), lo)
    }

    /// [`Self::energetic_reasoning_with`] that does not look past `limit`:
    /// when `lo` is refuted, it bisects between `lo` and `limit` (taken as
    /// not refuted without a test; the result is still one more than a
    /// refuted `T`, or `lo`).
    pub(super) fn energetic_reasoning_below(&self, er: Reasoning, lo: u64, limit: u64) -> u64 {
        if limit == u64::MAX {
            return self.energetic_reasoning_with(er, lo);
        }
        let affordable = || self.er_spent.get() < self.er_budget;
        if er.items.is_empty() || !affordable() || lo >= limit || !er.refutes(self, lo) {
            return lo;
        }
        self.bisect(&er, lo, limit)
    }

    /// One more than the largest `T` refuted by bisection between a
    /// refuted `T` and a larger one taken as alive, while the work budget
    /// lasts.
    fn bisect(&self, er: &Reasoning, mut refuted: u64, mut alive: u64) -> u64 {
        while alive - refuted > 1 && self.er_spent.get() < self.er_budget {
            let mid = refuted + (alive - refuted) / 2;
            if er.refutes(self, mid) {
                refuted = mid;
            } else {
                alive = mid;
            }
        }
        refuted + 1
    }

    /// [`Self::energetic_reasoning`] over the items of `er`.
    pub(super) fn energetic_reasoning_with(&self, er: Reasoning, lo: u64) -> u64 {
        // Every T that `refutes` proves impossible gives the valid bound T + 1,
        // so stopping early when the work budget runs out stays valid.
        let affordable = || self.er_spent.get() < self.er_budget;
        if er.items.is_empty() || !affordable() || !er.refutes(self, lo) {
            return lo;
        }
        // lo is refuted: double the step until a T survives, then bisect
        let mut refuted = lo;
        let mut step = 1u64;
        let mut alive = None;
        for _ in 0..40 {
            let t = refuted.saturating_add(step);
            if t == refuted || !affordable() {
                break;
            }
            if er.refutes(self, t) {
                refuted = t;
                step = step.saturating_mul(2);
            } else {
                alive = Some(t);
                break;
            }
        }
        let Some(alive) = alive else {
            return refuted.saturating_add(1);
        };
        self.bisect(&er, refuted, alive)
    }
}
