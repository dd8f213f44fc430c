//! Branching on the finish of goals: the sequencing DP of the other goals
//! on what the branched goals' mandatory work leaves of each team (the
//! `branching` part of `sequencing`; proof in the module docs of
//! [`bounds`](super)).

use super::context::{Context, Curve};
use super::{DP_GOALS, Tails};

/// Most brackets of one goal's finish.
const BRACKETS: usize = 48;

/// What holds in a bracket: the latest finish of each activity
/// (`u64::MAX`: none) and the goals branched on.
struct Held {
    latest: Vec<u64>,
    branched: Vec<bool>,
}

impl Context<'_> {
    /// The branching bound (module docs, "Branching on a goal's finish")
    /// on the goals of `order`, outermost first: the smallest over
    /// brackets `[lo, hi]` of the first goal's finish of `p_g phi_g(lo)`
    /// plus a bound on the other goals when it finishes by `hi` (the
    /// branching on the next goal of `order` within the bracket, or the DP
    /// of the other goals on the capacity left by its mandatory work).
    /// `None` when the deadline passed.
    pub(super) fn branching_bound(
        &mut self,
        goal_tails: &[Tails],
        goal_lb: &[u64],
        w: f64,
        order: &[usize],
        candidates: usize,
    ) -> Option<f64> {
        if order.is_empty() {
            return None;
        }
        let mut held = Held {
            latest: vec![u64::MAX; self.n],
            branched: vec![false; goal_lb.len()],
        };
        self.branch(goal_tails, goal_lb, w, order, &mut held, candidates)
    }

    /// [`Self::branching_bound`] on `order` within `held` (`lbs`: finish
    /// bounds valid there; `tails`: the goals not yet branched on).
    fn branch(
        &mut self,
        tails: &[Tails],
        lbs: &[u64],
        w: f64,
        order: &[usize],
        held: &mut Held,
        candidates: usize,
    ) -> Option<f64> {
        let g = order[0];
        if tails[g].is_empty() {
            return None;
        }
        let own: Vec<(usize, u64)> = tails[g]
            .closure()
            .filter_map(|j| tails[g].get(j).map(|q| (j, q)))
            .collect();
        let mut others = tails.to_vec();
        others[g] = Tails::default();
        held.branched[g] = true;
        let found = self.brackets(&others, lbs, w, g, &own, &order[1..], held, candidates);
        held.branched[g] = false;
        found
    }

    /// The brackets of goal `g`'s finish (`own`: its closure with tails).
    #[allow(clippy::too_many_arguments)]
    fn brackets(
        &mut self,
        others: &[Tails],
        lbs: &[u64],
        w: f64,
        g: usize,
        own: &[(usize, u64)],
        inner: &[usize],
        held: &mut Held,
        candidates: usize,
    ) -> Option<f64> {
        // the other goals whatever g's finish (the bound of every bracket)
        let unlimited = match self.within(others, lbs, w, held, None, candidates)? {
            Some((rest, _)) => rest,
            None => return Some(f64::INFINITY), // nothing fits what is held
        };
        let mut best = f64::INFINITY;
        let mut lo = lbs[g];
        // each goal's paired bound in the last bracket: no larger in a
        // later one (looser), so it caps the next search
        let mut last: Vec<u64> = vec![u64::MAX; lbs.len()];
        for _ in 0..BRACKETS {
            let cost_lo = self.phi(g, lo as f64, w);
            if cost_lo + unlimited >= best {
                return Some(best);
            }
            let hi = lo + ((lo - lbs[g]) / 8).max(1) - 1;
            let mut kept = Vec::with_capacity(own.len());
            let mut fits = true;
            for &(j, q) in own {
                kept.push(held.latest[j]);
                match hi.checked_sub(q) {
                    Some(l) => held.latest[j] = held.latest[j].min(l),
                    None => fits = false,
                }
            }
            let found = if fits {
                self.within(others, lbs, w, held, Some(&last), candidates)
            } else {
                Some(None)
            };
            let value = match found {
                None => None,                      // out of time
                Some(None) => Some(f64::INFINITY), // the bracket is empty
                Some(Some((rest, raised))) => {
                    let rest = if inner.is_empty() {
                        Some(rest)
                    } else {
                        self.branch(others, &raised, w, inner, held, candidates)
                            .map(|deeper| deeper.max(rest))
                    };
                    last = raised;
                    // the unconditional bound holds in every bracket too
                    // (and keeps the brackets' values from falling below it)
                    rest.map(|r| cost_lo + r.max(unlimited))
                }
            };
            for (&(j, _), &l) in own.iter().zip(&kept) {
                held.latest[j] = l;
            }
            best = best.min(value?);
            lo = hi + 1;
        }
        // g finishing after the last bracket
        Some(best.min(self.phi(g, lo as f64, w) + unlimited))
    }

    /// A bound on the goals with tails in `tails` (the others not branched
    /// on) when every activity finishes by its latest finish in `held`,
    /// and their finish bounds there (at least `lbs`; `above`: the bounds
    /// of a tighter bracket, which the energetic reasoning need not pass).
    /// `Some(None)` when nothing fits; `None` when the deadline passed.
    fn within(
        &mut self,
        tails: &[Tails],
        lbs: &[u64],
        w: f64,
        held: &Held,
        above: Option<&[u64]>,
        candidates: usize,
    ) -> Option<Option<(f64, Vec<u64>)>> {
        let latest: Vec<(usize, u64)> = held
            .latest
            .iter()
            .enumerate()
            .filter(|p| *p.1 != u64::MAX)
            .map(|(j, &l)| (j, l))
            .collect();
        let Some((curves, energy)) = self.mandatory(&latest) else {
            return Some(None);
        };
        let mut left = (curves, energy);
        // on what the held work leaves, then on the teams as they are (the
        // paired reasoning holds that work itself), then on what is left
        self.swap_capacity(&mut left);
        let reduced = self.raised_finish_bounds(tails, lbs);
        self.swap_capacity(&mut left);
        let raised = if latest.is_empty() {
            reduced
        } else {
            let none = vec![u64::MAX; lbs.len()];
            let above = above.unwrap_or(&none);
            self.paired_finish_bounds(tails, &reduced, above, &latest, candidates)
        };
        self.swap_capacity(&mut left);
        let rest = self.rest_bound(tails, &raised, w, &held.branched);
        self.swap_capacity(&mut left);
        Some(Some((rest?, raised)))
    }

    /// Swaps the context's curves and least energies with `other`'s.
    fn swap_capacity(&mut self, other: &mut (Vec<Curve>, Vec<u64>)) {
        std::mem::swap(&mut self.curves, &mut other.0);
        std::mem::swap(&mut self.min_energy, &mut other.1);
    }

    /// The finish bounds of the goals with tails in `tails`, at least
    /// `goal_lb`, raised by energetic reasoning over each goal's closure
    /// together with the activities of `caps` finishing by their latest
    /// finishes; `above` are bounds the search need not pass (a result
    /// there is still proven).
    fn paired_finish_bounds(
        &self,
        tails: &[Tails],
        goal_lb: &[u64],
        above: &[u64],
        caps: &[(usize, u64)],
        candidates: usize,
    ) -> Vec<u64> {
        self.per_closure(tails, goal_lb, |h, dense, _| {
            let lb = goal_lb[h];
            if self.late() || above[h] <= lb {
                return lb;
            }
            let mut er = super::reasoning::Reasoning::with_caps(self, dense, caps);
            er.candidates = er.candidates.min(candidates);
            self.energetic_reasoning_below(er, lb, above[h])
        })
    }

    /// The finish bounds of the goals with tails in `tails`, at least
    /// `goal_lb`, raised by the head-body-tail bound of their closures on
    /// the current curves.
    fn raised_finish_bounds(&self, tails: &[Tails], goal_lb: &[u64]) -> Vec<u64> {
        self.per_closure(tails, goal_lb, |h, dense, closure| {
            (0..self.nr)
                .map(|r| self.energetic_bound(dense, closure, r))
                .fold(goal_lb[h], u64::max)
        })
    }

    /// `f(h, tails, closure)` for each goal `h` with tails in `tails` (its
    /// tails dense over the activities, its closure), `goal_lb[h]` for the
    /// others.
    fn per_closure(
        &self,
        tails: &[Tails],
        goal_lb: &[u64],
        mut f: impl FnMut(usize, &[Option<u64>], &[usize]) -> u64,
    ) -> Vec<u64> {
        let mut dense = vec![None; self.n];
        tails
            .iter()
            .enumerate()
            .map(|(h, t)| {
                if t.is_empty() {
                    return goal_lb[h];
                }
                let closure: Vec<usize> = t.closure().collect();
                for &j in &closure {
                    dense[j] = t.get(j);
                }
                let value = f(h, &dense, &closure);
                for &j in &closure {
                    dense[j] = None;
                }
                value
            })
            .collect()
    }

    /// The cost of the goals not `branched` on (whose tails `others`
    /// holds): the subset DP on the current curves, the goals outside it
    /// at their finish bounds. `None` when the deadline passed.
    fn rest_bound(
        &self,
        others: &[Tails],
        goal_lb: &[u64],
        w: f64,
        branched: &[bool],
    ) -> Option<f64> {
        let (dp, outside, _) = self.split_dp(others, goal_lb, w, None, DP_GOALS, branched)?;
        Some(dp + outside)
    }

    /// The mandatory work of the activities of `latest` (`(activity,
    /// latest finish)`, each activity once): the curves of the problem's
    /// resources less it (the virtual resources' unchanged), and the least
    /// energies less it. `None` when that work does not fit: no schedule
    /// finishes them in time.
    fn mandatory(&self, latest: &[(usize, u64)]) -> Option<(Vec<Curve>, Vec<u64>)> {
        let mut energy = self.min_energy.clone();
        // mandatory demand per resource: (day, change) events
        let mut events: Vec<Vec<(u64, i64)>> = vec![Vec::new(); self.nr_real];
        for &(j, latest_finish) in latest {
            let head = self.es(j);
            let (mut from, mut to) = (0u64, u64::MAX);
            let mut demand = vec![u64::MAX; self.nr_real];
            let mut fits = false;
            for (d, amounts) in &self.modes[j] {
                if head.saturating_add(*d) > latest_finish {
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
            for (r, &a) in demand.iter().enumerate() {
                if a > 0 {
                    let signed = i64::try_from(a).ok()?;
                    events[r].push((from, signed));
                    events[r].push((to, -signed));
                    // the rest of its energy runs outside that part
                    let e = &mut energy[j * self.nr + r];
                    *e = e.saturating_sub(a.saturating_mul(to - from));
                }
            }
        }
        let mut curves = Vec::with_capacity(self.nr);
        for (r, mut changes) in events.into_iter().enumerate() {
            let curve = &self.curves[r];
            // every day where the load or the capacity changes
            let mut days: Vec<u64> = changes.iter().map(|e| e.0).collect();
            days.extend(curve.steps.iter().map(|s| s.0));
            days.sort_unstable();
            days.dedup();
            changes.sort_unstable();
            let mut steps: Vec<(u64, u64)> = Vec::with_capacity(days.len());
            let (mut load, mut k) = (0i64, 0);
            for t in days {
                while k < changes.len() && changes[k].0 <= t {
                    load += changes[k].1;
                    k += 1;
                }
                let cap = i64::try_from(curve.capacity_at(t)).ok()?;
                if load > cap {
                    return None; // more mandatory work than capacity
                }
                let left = (cap - load) as u64;
                if steps.last().is_none_or(|s| s.1 != left) {
                    steps.push((t, left));
                }
            }
            curves.push(Curve::from_steps(steps));
        }
        curves.extend(self.curves[self.nr_real..].iter().cloned());
        Some((curves, energy))
    }
}
