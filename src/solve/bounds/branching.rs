//! Branching on the finish of one goal: the sequencing DP of the other
//! goals on what that goal's mandatory work leaves of each team (the
//! `branching` part of `sequencing`; proof in the module docs of
//! [`bounds`](super)).

use super::context::{Context, Curve};
use super::{DP_GOALS, Tails};

/// Most brackets of one goal's finish.
const BRACKETS: usize = 48;

impl Context<'_> {
    /// The branching bound on goal `g` (module docs, "Branching on a
    /// goal's finish"): the smallest over brackets `[lo, hi]` of the goal's
    /// finish of `p_g phi_g(lo)` plus the DP of the other goals on the
    /// capacity left by `g`'s mandatory work when it finishes by `hi`.
    /// `None` when the deadline passed.
    pub(super) fn branching_bound(
        &mut self,
        goal_tails: &[Tails],
        goal_lb: &[u64],
        w: f64,
        g: usize,
        candidates: usize,
    ) -> Option<f64> {
        if goal_tails[g].is_empty() {
            return None;
        }
        let own: Vec<(usize, u64)> = goal_tails[g]
            .closure()
            .filter_map(|j| goal_tails[g].get(j).map(|q| (j, q)))
            .collect();
        let mut others = goal_tails.to_vec();
        others[g] = Tails::default();
        let unlimited = self.rest_bound(&others, goal_lb, w, g)?;
        let mut best = f64::INFINITY;
        let mut lo = goal_lb[g];
        // each goal's paired bound in the last bracket: no larger in a
        // later one (looser), so it caps the next search
        let mut last: Vec<u64> = vec![u64::MAX; goal_lb.len()];
        for _ in 0..BRACKETS {
            let cost_lo = self.phi(g, lo as f64, w);
            if cost_lo + unlimited >= best {
                return Some(best);
            }
            let hi = lo + ((lo - goal_lb[g]) / 8).max(1) - 1;
            if let Some((curves, energy)) = self.mandatory(&own, hi) {
                let kept = std::mem::replace(&mut self.curves, curves);
                let kept_energy = std::mem::replace(&mut self.min_energy, energy);
                let reduced = self.raised_finish_bounds(&others, goal_lb);
                let curves = std::mem::replace(&mut self.curves, kept);
                let energy = std::mem::replace(&mut self.min_energy, kept_energy);
                let raised =
                    self.paired_finish_bounds(&others, &reduced, &last, &own, hi, candidates);
                last.clone_from(&raised);
                let kept = std::mem::replace(&mut self.curves, curves);
                let kept_energy = std::mem::replace(&mut self.min_energy, energy);
                let rest = self.rest_bound(&others, &raised, w, g);
                self.curves = kept;
                self.min_energy = kept_energy;
                // the unconditional bound holds in every bracket too (and
                // keeps the brackets' values from falling below it)
                best = best.min(cost_lo + rest?.max(unlimited));
            }
            lo = hi + 1;
        }
        // g finishing after the last bracket
        Some(best.min(self.phi(g, lo as f64, w) + unlimited))
    }

    /// The finish bounds of the goals with tails in `tails`, at least
    /// `goal_lb`, raised by energetic reasoning over each goal's closure
    /// together with `own` finishing by `hi - tail`; `above` are bounds
    /// the search need not pass (a result there is still proven).
    fn paired_finish_bounds(
        &self,
        tails: &[Tails],
        goal_lb: &[u64],
        above: &[u64],
        own: &[(usize, u64)],
        hi: u64,
        candidates: usize,
    ) -> Vec<u64> {
        let caps: Vec<(usize, u64)> = own
            .iter()
            .map(|&(j, q)| (j, hi.saturating_sub(q)))
            .collect();
        let mut dense = vec![None; self.n];
        tails
            .iter()
            .enumerate()
            .map(|(h, t)| {
                let lb = goal_lb[h];
                if t.is_empty() || self.late() || above[h] <= lb {
                    return lb;
                }
                for j in t.closure() {
                    dense[j] = t.get(j);
                }
                let mut er = super::reasoning::Reasoning::with_caps(self, &dense, &caps);
                er.candidates = er.candidates.min(candidates);
                let raised = self.energetic_reasoning_below(er, lb, above[h]);
                for j in t.closure() {
                    dense[j] = None;
                }
                raised
            })
            .collect()
    }

    /// The finish bounds of the goals with tails in `tails`, at least
    /// `goal_lb`, raised by the head-body-tail bound of their closures on
    /// the current curves.
    fn raised_finish_bounds(&self, tails: &[Tails], goal_lb: &[u64]) -> Vec<u64> {
        let mut dense = vec![None; self.n];
        tails
            .iter()
            .zip(goal_lb)
            .map(|(t, &lb)| {
                if t.is_empty() {
                    return lb;
                }
                let closure: Vec<usize> = t.closure().collect();
                for &j in &closure {
                    dense[j] = t.get(j);
                }
                let raised = (0..self.nr)
                    .map(|r| self.energetic_bound(&dense, &closure, r))
                    .fold(lb, u64::max);
                for &j in &closure {
                    dense[j] = None;
                }
                raised
            })
            .collect()
    }

    /// The cost of the goals other than `g` (`others`: `g`'s tails
    /// emptied): the subset DP on the current curves, the goals outside it
    /// at their finish bounds. `None` when the deadline passed.
    fn rest_bound(&self, others: &[Tails], goal_lb: &[u64], w: f64, g: usize) -> Option<f64> {
        let (dp, chosen) = self.sequencing_dp(others, goal_lb, w, None, DP_GOALS)?;
        let mut skip = vec![false; goal_lb.len()];
        skip[g] = true;
        for &h in &chosen {
            skip[h] = true;
        }
        let outside: f64 = (0..goal_lb.len())
            .filter(|&h| !skip[h])
            .map(|h| self.phi(h, goal_lb[h] as f64, w))
            .sum();
        Some(dp + outside)
    }

    /// The mandatory work of `own` (`(activity, tail)`) when each finishes
    /// by `hi - tail`: the curves of the problem's resources less it (the
    /// virtual resources' unchanged), and the least energies less it.
    /// `None` when that work does not fit: no schedule has the goal
    /// finished by `hi`.
    fn mandatory(&self, own: &[(usize, u64)], hi: u64) -> Option<(Vec<Curve>, Vec<u64>)> {
        let mut energy = self.min_energy.clone();
        // mandatory demand per resource and day before hi, as differences
        let days = usize::try_from(hi).ok()?.checked_add(1)?;
        let mut diff = vec![vec![0i64; days + 1]; self.nr_real];
        for &(j, q) in own {
            let head = self.es(j);
            let latest_finish = hi.checked_sub(q)?;
            let (mut from, mut to) = (0u64, u64::MAX);
            let mut demand = vec![u64::MAX; self.nr_real];
            let mut fits = false;
            for (d, amounts) in &self.modes[j] {
                if head + d > latest_finish {
                    continue; // this mode cannot finish in time
                }
                fits = true;
                // [latest start, earliest finish) is covered in every
                // start of the mode
                from = from.max(latest_finish - d);
                to = to.min(head + d);
                for (m, &a) in demand.iter_mut().zip(amounts) {
                    *m = (*m).min(a);
                }
            }
            if !fits {
                return None;
            }
            if from >= to {
                continue;
            }
            // within [0, hi]: every mode fits before hi - q
            let (from, to) = (from as usize, (to as usize).min(days));
            for (r, &a) in demand.iter().enumerate() {
                if a > 0 && a != u64::MAX {
                    diff[r][from] += a as i64;
                    diff[r][to] -= a as i64;
                    // the rest of its energy runs outside that part
                    let e = &mut energy[j * self.nr + r];
                    *e = e.saturating_sub(a * (to - from) as u64);
                }
            }
        }
        let mut curves = Vec::with_capacity(self.nr);
        for (r, delta) in diff.iter().enumerate() {
            let curve = &self.curves[r];
            let mut steps: Vec<(u64, u64)> = Vec::new();
            let mut load = 0i64;
            for (t, dl) in delta.iter().enumerate().take(days) {
                load += dl;
                let t = t as u64;
                let cap = i64::try_from(curve.capacity_at(t)).ok()?;
                if load > cap {
                    return None; // more mandatory work than capacity
                }
                let left = (cap - load) as u64;
                if steps.last().is_none_or(|s: &(u64, u64)| s.1 != left) {
                    steps.push((t, left));
                }
            }
            // from day `days` on: the calendar as it is
            let mut push = |d: u64, c: u64| {
                if steps.last().is_none_or(|s| s.1 != c) {
                    steps.push((d, c));
                }
            };
            let end = days as u64;
            push(end, curve.capacity_at(end));
            for &(d, c) in &curve.steps {
                if d > end {
                    push(d, c);
                }
            }
            curves.push(Curve::from_steps(steps));
        }
        curves.extend(self.curves[self.nr_real..].iter().cloned());
        Some((curves, energy))
    }
}
