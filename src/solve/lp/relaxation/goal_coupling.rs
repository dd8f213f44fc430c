//! The rows of part B that couple goals (see the parent module's docs):
//! the energy rows 9, where the goals' members share the teams, and the
//! goal dependency rows 10. Both rest on tails ([`tails_to`], Lemma 2 of
//! the bounds): an activity with a tail to a goal finishes by the goal's
//! finish minus its tail.

use super::model::{CapacityRow, Model, Terms};
use super::{THRESHOLDS, completion_bucket};
use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId, Problem};
use crate::solve::lp::linear::{Col, Sense};

/// Tail levels per goal in the energy rows (rows 9): one per this many
/// days of the mean bucket, within the two limits below.
const TAIL_DAYS: f64 = 2.5;
/// Fewest tail levels per goal.
const MIN_TAIL_LEVELS: usize = 2;
/// Most tail levels per goal.
const MAX_TAIL_LEVELS: usize = 8;

impl Model<'_> {
    /// Rows 9.
    pub(super) fn goal_energy(&mut self, analysis: &Analysis) {
        let Some(grid) = self.goal_grid.clone() else {
            return;
        };
        let kk = grid.len();
        let nr = self.problem.resources().len();
        // tail levels per goal: a few on a fine grid (every level is a
        // term of every row there), more on a coarse one
        let days = f64::from(grid.at(kk)) / kk.max(1) as f64;
        let levels = ((days / TAIL_DAYS).round() as usize).clamp(MIN_TAIL_LEVELS, MAX_TAIL_LEVELS);
        let tails = member_tails(self.problem, analysis, levels);
        // (head, goal, least energy, tail to the goal) of every owned
        // working activity, per resource
        let mut parts: Vec<Vec<(u32, usize, f64, u32)>> = vec![Vec::new(); nr];
        for (g, cols) in self.goal_cols.iter().enumerate() {
            if cols.is_none() {
                continue;
            }
            for a in self.problem.goal_members(GoalId::from_index(g)) {
                let act = &self.acts[a.index()];
                if !act.working() {
                    continue;
                }
                for (r, list) in parts.iter_mut().enumerate() {
                    let e = act.least_energy(r);
                    if e > 0.0 && e.is_finite() {
                        list.push((analysis.es[a.index()], g, e, tails[a.index()]));
                    }
                }
            }
        }
        let mut terms_by_col: Vec<(Col, f64)> = Vec::new();
        for (r, mut list) in parts.into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            list.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.3.cmp(&b.3)));
            let mut froms: Vec<usize> = vec![0];
            for q in 1..=THRESHOLDS {
                let head = list[(list.len() - 1) * q / (THRESHOLDS + 1)].0;
                froms.push(grid.bucket_of(head).min(kk.saturating_sub(1)));
            }
            froms.sort_unstable();
            froms.dedup();
            for &from in &froms {
                let a = grid.at(from);
                // the members released from `a` on, their energies summed
                // per goal and tail level (at most MAX_TAIL_LEVELS a goal,
                // so a row costs goals * levels, not members)
                let first = list.partition_point(|x| x.0 < a);
                let mut groups: Vec<(usize, u32, f64)> = list[first..]
                    .iter()
                    .filter(|x| self.goal_cols[x.1].is_some())
                    .map(|&(_, g, e, q)| (g, q, e))
                    .collect();
                groups.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
                groups.dedup_by(|later, kept| {
                    let same = later.0 == kept.0 && later.1 == kept.1;
                    if same {
                        kept.2 += later.2;
                    }
                    same
                });
                for k in from..kk {
                    let t = grid.at(k + 1);
                    let rhs = self.free_energy(r, a, t);
                    // a member with tail q is done by t once its goal is
                    // done by t + q: the last bucket ending by then
                    terms_by_col.clear();
                    let mut most = 0.0;
                    for &(g, q, e) in &groups {
                        let Some(gc) = self.goal_cols[g] else {
                            continue;
                        };
                        let kq = (grid.bucket_of(t.saturating_add(q)) - 1).min(kk - 1);
                        if kq >= gc.k0 {
                            terms_by_col.push((gc.first + (kq - gc.k0) as Col, -e));
                            most += e;
                        }
                    }
                    if terms_by_col.is_empty() || most <= rhs + 1e-9 {
                        continue;
                    }
                    terms_by_col.sort_by_key(|p| p.0);
                    let mut terms = Terms::default();
                    for &(c, v) in &terms_by_col {
                        match terms.t.last_mut() {
                            Some(last) if last.0 == c => last.1 += v,
                            _ => terms.push(c, v),
                        }
                    }
                    let row = terms.emit(&mut self.lp, Sense::Ge, -rhs);
                    self.capacity_rows.push(CapacityRow {
                        resource: r,
                        from: a,
                        to: t,
                        row,
                    });
                }
            }
        }
    }

    /// Rows 10.
    pub(super) fn goal_dependencies(&mut self, analysis: &Analysis) {
        let Some(grid) = self.goal_grid.clone() else {
            return;
        };
        let kk = grid.len();
        let has_pin: Vec<bool> = (0..self.goal_cols.len())
            .map(|g| {
                self.problem
                    .goal_members(GoalId::from_index(g))
                    .iter()
                    .any(|a| self.is_pinned(a.index()))
            })
            .collect();
        let pinned = |goal: GoalId| has_pin.get(goal.index()).copied().unwrap_or(true);
        for g in 0..self.goal_cols.len() {
            let Some(gc) = self.goal_cols[g] else {
                continue;
            };
            let id = GoalId::from_index(g);
            if pinned(id) {
                continue; // a pinned source need not wait for the required goal
            }
            let shortest = self
                .problem
                .goal_members(id)
                .iter()
                .map(|a| analysis.duration[a.index()])
                .min()
                .unwrap_or(0);
            let tails = tails_to(self.problem, analysis, self.problem.goal_members(id));
            for &h in &self.problem.goal(id).depends_on {
                let Some(hc) = self.goal_cols.get(h.index()).copied().flatten() else {
                    continue;
                };
                if pinned(h) {
                    continue; // a pinned sink need not wait for its goal's other tasks
                }
                // every member j of h finishes by f_g - q_j
                let chain = self
                    .problem
                    .goal_members(h)
                    .iter()
                    .map(|a| tails[a.index()])
                    .try_fold(u32::MAX, |m, q| q.map(|q| m.min(q)))
                    .filter(|&m| m != u32::MAX)
                    .unwrap_or(0);
                let delta = shortest.max(chain);
                for k in gc.k0..kk {
                    let kp = completion_bucket(&grid, grid.at(k + 1).saturating_sub(delta));
                    let mut t = Terms::default();
                    t.push(gc.first + (k - gc.k0) as Col, -1.0);
                    if kp >= hc.k0 {
                        t.push(hc.first + (kp - hc.k0) as Col, 1.0);
                    }
                    t.emit(&mut self.lp, Sense::Ge, 0.0);
                }
            }
        }
    }
}

/// Per activity with a goal, its tail to that goal ([`tails_to`]; 0 for
/// a member without one) rounded down to one of at most `levels` values
/// per goal (0 and quantiles of the goal's tails; fewer distinct tails
/// keep the energy rows short), so that it finishes by its goal's finish
/// minus it. 0 without a goal.
fn member_tails(problem: &Problem, analysis: &Analysis, levels: usize) -> Vec<u32> {
    let mut out = vec![0u32; problem.len()];
    for g in 0..problem.goals().len() {
        let members = problem.goal_members(GoalId::from_index(g));
        if members.is_empty() {
            continue;
        }
        let q = tails_to(problem, analysis, members);
        let mut sorted: Vec<u32> = members.iter().map(|a| q[a.index()].unwrap_or(0)).collect();
        sorted.sort_unstable();
        let mut steps: Vec<u32> = (0..levels.max(1))
            .map(|i| sorted[sorted.len() * i / levels.max(1)])
            .collect();
        steps[0] = 0;
        steps.dedup();
        for a in members {
            let t = q[a.index()].unwrap_or(0);
            out[a.index()] = steps[steps.partition_point(|&s| s <= t) - 1];
        }
    }
    out
}

/// Lemma 2 of the bounds: per activity, the longest path of lags (with
/// their sign) and shortest durations along edges into non-pinned
/// activities to one of `targets` (0 for a target), `None` when there is
/// none; an edge whose part of the path would be negative (a long lead) is
/// left out, so tails are `>= 0`. Every activity with a tail finishes by
/// the targets' last finish minus it.
fn tails_to(problem: &Problem, analysis: &Analysis, targets: &[ActivityId]) -> Vec<Option<u32>> {
    let n = problem.len();
    let mut target = vec![false; n];
    for a in targets {
        target[a.index()] = true;
    }
    let mut q: Vec<Option<u32>> = vec![None; n];
    for &a in analysis.order.iter().rev() {
        let j = a.index();
        let mut best = target[j].then_some(0u32);
        for &(s, lag) in problem.successors(a) {
            if problem.activity(s).pin.is_some() {
                continue;
            }
            let via = q[s.index()].and_then(|qs| {
                analysis.duration[s.index()]
                    .saturating_add(qs)
                    .checked_add_signed(lag)
            });
            if let Some(via) = via {
                best = Some(best.map_or(via, |b| b.max(via)));
            }
        }
        q[j] = best;
    }
    q
}
