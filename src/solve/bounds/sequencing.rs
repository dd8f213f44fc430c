//! The weighted objective: goals sequenced on the fluid relaxation of each
//! team (subset DP), and Smith's rule with a separate lateness term.

use super::context::Context;
use super::{FOCUS_TEAMS, to_u32};

/// Subsets between two looks at the clock in the subset DP.
const CHECK_EVERY: usize = 1 << 16;
use crate::model::GoalId;

impl Context<'_> {
    pub(super) fn phi(&self, g: usize, x: f64, w: f64) -> f64 {
        let goal = &self.problem.goals()[g];
        let late = goal.due.map_or(0.0, |d| (x - f64::from(d)).max(0.0));
        goal.priority * (x + w * late)
    }

    /// `sum_g p_g phi_g(finish[g])`.
    pub(super) fn weighted_sum(&self, finish: &[u64], w: f64) -> f64 {
        finish
            .iter()
            .enumerate()
            .map(|(g, &f)| self.phi(g, f as f64, w))
            .sum()
    }

    /// The subset DP over goal orders (module docs, "Weighted objective").
    /// The goals entering it are those with the largest priority times the
    /// time their closure keeps a team busy: the longest over all teams, or
    /// on team `focus` only; at most `max_goals` of them. Returns the DP's
    /// bound on the cost of the goals it sequenced, and those goals; `None`
    /// when the deadline passed before it was done.
    pub(super) fn sequencing_dp(
        &self,
        goal_tails: &[super::Tails],
        goal_lb: &[u64],
        w: f64,
        focus: Option<usize>,
        max_goals: usize,
    ) -> Option<(f64, Vec<usize>)> {
        let ng = goal_lb.len();
        // goals worth sequencing: non-empty, ranked by priority times the
        // longest time their closure keeps a team busy
        let mut ranked: Vec<(f64, usize)> = (0..ng)
            .filter(|&g| !goal_tails[g].is_empty())
            .map(|g| {
                let load = (0..self.nr)
                    .filter(|&r| focus.is_none_or(|f| f == r))
                    .map(|r| {
                        let e: u64 = goal_tails[g].closure().map(|j| self.energy(j, r)).sum();
                        let c = self.curves[r].max.max(1);
                        e as f64 / c as f64
                    })
                    .fold(0.0, f64::max);
                (self.problem.goals()[g].priority * load, g)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(max_goals);
        let chosen: Vec<usize> = ranked.iter().map(|&(_, g)| g).collect();
        let k = chosen.len();
        if k == 0 {
            return Some((0.0, chosen));
        }
        let full = (1usize << k) - 1;
        // signature of each activity: the chosen goals whose closure holds it
        let mut sig = vec![0usize; self.n];
        for (i, &g) in chosen.iter().enumerate() {
            for j in goal_tails[g].closure() {
                sig[j] |= 1 << i;
            }
        }
        // (days fit in u32: the curves' finishes are days of the horizon)
        let mut tau = vec![0u32; full + 1];
        let mut sums = vec![0u64; full + 1];
        let mut rel = vec![u32::MAX; full + 1];
        for r in 0..self.nr {
            sums.iter_mut().for_each(|x| *x = 0);
            if self.late() {
                return None;
            }
            let mut rel_goal = vec![u32::MAX; k];
            for j in 0..self.n {
                let e = self.energy(j, r);
                if sig[j] == 0 || e == 0 {
                    continue;
                }
                sums[sig[j]] = sums[sig[j]].saturating_add(e);
                for (i, rg) in rel_goal.iter_mut().enumerate() {
                    if sig[j] & (1 << i) != 0 {
                        *rg = (*rg).min(to_u32(self.es(j)));
                    }
                }
            }
            // sum over subsets: sums[M] = energy of activities whose signature lies in M
            for b in 0..k {
                for m in 0..=full {
                    if m & (1 << b) != 0 {
                        sums[m] = sums[m].saturating_add(sums[m ^ (1 << b)]);
                    }
                }
            }
            rel[0] = u32::MAX;
            for s in 1..=full {
                let low = s.trailing_zeros() as usize;
                rel[s] = rel[s & (s - 1)].min(rel_goal[low]);
                // energy of activities whose signature meets s
                let e = sums[full].saturating_sub(sums[full ^ s]);
                if e == 0 || rel[s] == u32::MAX {
                    continue;
                }
                if let Some(fin) = self.curves[r].finish(u64::from(rel[s]), e) {
                    tau[s] = tau[s].max(to_u32(fin));
                }
            }
        }
        let mut best = vec![f64::INFINITY; full + 1];
        best[0] = 0.0;
        for s in 1..=full {
            if s % CHECK_EVERY == 0 && self.late() {
                return None;
            }
            let mut v = f64::INFINITY;
            let mut bits = s;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let g = chosen[i];
                let f = goal_lb[g].max(u64::from(tau[s])) as f64;
                v = v.min(best[s ^ (1 << i)] + self.phi(g, f, w));
            }
            best[s] = v;
        }
        Some((best[full], chosen))
    }

    /// [`Self::sequencing_dp`] split off the other goals: the DP's bound,
    /// the cost of the goals neither in it nor in `skip` at their finish
    /// bounds, and the goals in the DP.
    pub(super) fn split_dp(
        &self,
        goal_tails: &[super::Tails],
        goal_lb: &[u64],
        w: f64,
        focus: Option<usize>,
        max_goals: usize,
        skip: &[bool],
    ) -> Option<(f64, f64, Vec<usize>)> {
        let (dp, chosen) = self.sequencing_dp(goal_tails, goal_lb, w, focus, max_goals)?;
        let mut out = skip.to_vec();
        for &g in &chosen {
            out[g] = true;
        }
        let outside: f64 = (0..goal_lb.len())
            .filter(|&g| !out[g])
            .map(|g| self.phi(g, goal_lb[g] as f64, w))
            .sum();
        Some((dp, outside, chosen))
    }

    /// The sequencing bound (module docs, "Weighted objective") with at
    /// most `max_goals` goals in each subset DP: all goals ranked together
    /// and, when there are more goals than that, ranked by their load on
    /// each of the busiest teams; the goals left out at their finish bounds
    /// or sequenced on the teams' machines ([`Self::machine_bound`], for
    /// `w >= 0`). `None` when the deadline passed before the first DP was
    /// done.
    pub(super) fn sequencing_bound(
        &self,
        goal_tails: &[super::Tails],
        goal_lb: &[u64],
        w: f64,
        max_goals: usize,
    ) -> Option<f64> {
        let ng = goal_lb.len();
        let mut focus = vec![None];
        if ng > max_goals {
            // more goals than the DP takes: also sequence those of
            // the busiest teams
            focus.extend(self.busiest(FOCUS_TEAMS).into_iter().map(Some));
        }
        let mut seq: Option<f64> = None;
        let none = vec![false; ng];
        for f in focus {
            let Some((dp, outside, chosen)) =
                self.split_dp(goal_tails, goal_lb, w, f, max_goals, &none)
            else {
                break;
            };
            // the other goals: at their finish bounds, or on the machines
            let mut value = dp + outside;
            if w >= 0.0 && ng > chosen.len() && !self.late() {
                let mut skip = none.clone();
                for &g in &chosen {
                    skip[g] = true;
                }
                let rest = self.machine_bound(goal_tails, goal_lb, w, &skip);
                value = value.max(dp + rest);
            }
            seq = Some(seq.map_or(value, |s: f64| s.max(value)));
        }
        seq
    }

    /// Up to `k` resources with the most minimum energy per unit of peak
    /// capacity, busiest first.
    pub(super) fn busiest(&self, k: usize) -> Vec<usize> {
        let mut load: Vec<(f64, usize)> = (0..self.nr)
            .filter(|&r| self.curves[r].max > 0)
            .map(|r| {
                let e: u64 = (0..self.n).map(|j| self.energy(j, r)).sum();
                (e as f64 / self.curves[r].max as f64, r)
            })
            .filter(|p| p.0 > 0.0)
            .collect();
        load.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        load.into_iter().take(k).map(|p| p.1).collect()
    }

    /// Smith's rule on each team for `sum p f`, plus the lateness of the
    /// finish bounds (valid for `w >= 0`).
    pub(super) fn separate_terms(&self, goal_lb: &[u64], w: f64) -> f64 {
        let goals = self.problem.goals();
        let plain: f64 = goals
            .iter()
            .zip(goal_lb)
            .map(|(g, &f)| g.priority * f as f64)
            .sum();
        let mut completion = plain;
        for r in 0..self.nr {
            let c = self.curves[r].max;
            if c == 0 {
                continue;
            }
            // (energy, priority, goal) of goals with member energy on r
            let mut jobs: Vec<(u64, f64, usize)> = Vec::new();
            let mut r0 = u64::MAX;
            for (g, goal) in goals.iter().enumerate() {
                let mut e = 0u64;
                for &m in self.problem.goal_members(GoalId::from_index(g)) {
                    let em = self.energy(m.index(), r);
                    if em > 0 {
                        e = e.saturating_add(em);
                        r0 = r0.min(self.es(m.index()));
                    }
                }
                if e > 0 {
                    jobs.push((e, goal.priority, g));
                }
            }
            if jobs.is_empty() {
                continue;
            }
            // Smith: non-decreasing e / p, i.e. compare e_a * p_b with e_b * p_a
            jobs.sort_by(|a, b| {
                (a.0 as f64 * b.1)
                    .total_cmp(&(b.0 as f64 * a.1))
                    .then(a.2.cmp(&b.2))
            });
            let mut in_jobs = vec![false; goals.len()];
            let mut total = 0.0;
            let mut prefix = 0u64;
            for &(e, p, g) in &jobs {
                in_jobs[g] = true;
                prefix = prefix.saturating_add(e);
                total += p * (r0 as f64 + prefix as f64 / c as f64);
            }
            for (g, goal) in goals.iter().enumerate() {
                if !in_jobs[g] {
                    total += goal.priority * goal_lb[g] as f64;
                }
            }
            completion = completion.max(total);
        }
        let lateness: f64 = goals
            .iter()
            .zip(goal_lb)
            .map(|(g, &f)| {
                let late = g.due.map_or(0, |d| f.saturating_sub(u64::from(d)));
                g.priority * late as f64
            })
            .sum();
        completion + w * lateness
    }
}
