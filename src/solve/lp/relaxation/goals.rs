//! The goals' part of the model (see the parent module's docs): per goal
//! its finish and cost columns with rows 5 and 11 and the objective, the
//! goal mean-busy-time rows 6 (part A), and the completion columns with
//! rows 7-8 (part B). The rows between goals (9-10) are in `goal_coupling`.

use super::model::{Finish, GoalCols, Model, Terms};
use super::{Cost, completion_bucket};
use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId};
use crate::solve::bounds::LowerBounds;
use crate::solve::lp::buckets::Grid;
use crate::solve::lp::linear::{Col, Sense};

impl Model<'_> {
    /// Rows 5-11 and the objective.
    pub(super) fn goals(
        &mut self,
        bounds: &LowerBounds,
        cost: Cost,
        horizon: u32,
        analysis: &Analysis,
    ) {
        let problem = self.problem;
        let n = problem.len();
        let targets: Vec<(f64, Option<u32>, Vec<usize>, u32)> = if cost.makespan {
            vec![(1.0, None, (0..n).collect(), bounds.makespan)]
        } else {
            (0..problem.goals().len())
                .map(|g| {
                    let id = GoalId::from_index(g);
                    let goal = problem.goal(id);
                    let members = problem.goal_members(id).iter().map(|a| a.index()).collect();
                    let lb = bounds.goal_finish.get(g).copied().unwrap_or(0);
                    (goal.priority, goal.due, members, lb)
                })
                .collect()
        };
        let h = f64::from(horizon);
        let mut in_goal = vec![usize::MAX; n];
        for (index, (p, due, members, proven)) in targets.iter().enumerate() {
            let (p, due) = (*p, *due);
            let lb = members
                .iter()
                .map(|&j| self.acts[j].ef)
                .max()
                .unwrap_or(0)
                .max(*proven);
            let phi = |x: u32| cost.phi(due, f64::from(x));
            if members.iter().all(|&j| self.is_pinned(j)) {
                self.lp.constant += p * phi(lb);
                self.finishes.push(None);
                self.goal_cols.push(None);
                continue;
            }
            let f = self.lp.at_least(0.0, f64::from(lb), h.max(f64::from(lb)));
            let z = self.lp.column(1.0, p * phi(lb), p * phi(horizon.max(lb)));
            self.finishes.push(Some(f));
            // 5: f >= C_j for members without a successor in the goal
            if self.activity_grid.is_some() {
                for &j in members {
                    in_goal[j] = index;
                }
                for &j in members {
                    let inner =
                        problem
                            .successors(ActivityId::from_index(j))
                            .iter()
                            .any(|&(s, lag)| {
                                // through a lead the successor may finish first
                                lag >= 0
                                    && in_goal[s.index()] == index
                                    && !self.is_pinned(s.index())
                            });
                    if !inner {
                        let mut t = Terms::default();
                        t.push(f, 1.0);
                        t.finish(&self.acts[j], -1.0);
                        t.emit(&mut self.lp, Sense::Ge, 0.0);
                    }
                }
            }
            if self.activity_grid.is_some() {
                self.goal_mean_busy_time(f, members);
            }
            // 7-8: completion by bucket
            let cols = match self.goal_grid.clone() {
                Some(grid) if !cost.makespan => {
                    let cols = self.goal_completion(&grid, f, z, lb, |x| p * phi(x));
                    Some(cols)
                }
                _ => None,
            };
            self.goal_cols.push(cols);
            // 11
            let w = cost.weight;
            if w >= 0.0 || due.is_none() {
                self.lp.row([(z, 1.0), (f, -p)], Sense::Ge, 0.0);
            }
            if let Some(d) = due {
                if w > 0.0 {
                    self.lp.row(
                        [(z, 1.0), (f, -p * (1.0 + w))],
                        Sense::Ge,
                        -p * w * f64::from(d),
                    );
                } else if w < 0.0 {
                    self.lp.row([(z, 1.0), (f, -p * (1.0 + w))], Sense::Ge, 0.0);
                }
            }
        }
        if self.goal_grid.is_some() && !cost.makespan {
            self.goal_energy(analysis);
            self.goal_dependencies(analysis);
        }
    }

    /// Rows 6 of one goal (members given), one per resource.
    fn goal_mean_busy_time(&mut self, f: Col, members: &[usize]) {
        let n = self.problem.len();
        let mut seen = vec![false; n];
        let mut stack: Vec<usize> = Vec::new();
        for &j in members {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
        let nr = self.problem.resources().len();
        let mut rows: Vec<Terms> = (0..nr).map(|_| Terms::default()).collect();
        let mut total = vec![0.0f64; nr];
        while let Some(j) = stack.pop() {
            let a = self.problem.activity(ActivityId::from_index(j));
            if let Some(pin) = a.pin {
                // known work; edges into a pinned activity are not relied upon
                let mode = &a.modes[pin.mode];
                if mode.duration > 0 {
                    let mean = f64::from(pin.start) + (f64::from(mode.duration) - 1.0) / 2.0;
                    for d in &mode.demands {
                        let e = f64::from(d.amount) * f64::from(mode.duration);
                        rows[d.resource.index()].constant -= e * mean;
                        total[d.resource.index()] += e;
                    }
                }
                continue;
            }
            let act = &self.acts[j];
            if let Finish::Mean(m) = act.finish {
                for (r, row) in rows.iter_mut().enumerate() {
                    let e = act.least_energy(r);
                    if e > 0.0 && e.is_finite() {
                        row.push(m, -e);
                        total[r] += e;
                    }
                }
            }
            // through a lag >= 0 only: after a lead, `j` may finish first
            for &(i, _) in self
                .problem
                .predecessors(ActivityId::from_index(j))
                .iter()
                .filter(|e| e.1 >= 0)
            {
                if !seen[i.index()] {
                    seen[i.index()] = true;
                    stack.push(i.index());
                }
            }
        }
        for (r, mut t) in rows.into_iter().enumerate() {
            let e = total[r];
            let c = f64::from(self.problem.resources()[r].capacity.max());
            if e <= 0.0 || c <= 0.0 || t.t.is_empty() {
                continue;
            }
            t.push(f, e);
            t.emit(&mut self.lp, Sense::Ge, e * (e / c + 1.0) / 2.0);
        }
    }

    /// Columns and rows 7-8 of one goal; `cost(x)` is `p phi(x)`.
    fn goal_completion(
        &mut self,
        grid: &Grid,
        f: Col,
        z: Col,
        lb: u32,
        cost: impl Fn(u32) -> f64,
    ) -> GoalCols {
        let kk = grid.len();
        let k0 = completion_bucket(grid, lb);
        let first = self.lp.columns() as Col;
        for k in k0..kk {
            if k == k0 {
                self.lp.at_least(0.0, 0.0, 1.0);
            } else {
                self.lp.column(0.0, 0.0, 1.0);
            }
        }
        let gk = |k: usize| first + (k - k0) as Col;
        for k in k0..kk {
            if k + 1 < kk {
                self.lp
                    .row([(gk(k + 1), 1.0), (gk(k), -1.0)], Sense::Ge, 0.0);
            } else {
                self.lp.row([(gk(k), -1.0)], Sense::Ge, -1.0);
            }
        }
        let least = |k: usize| if k == k0 { lb } else { lb.max(grid.at(k) + 1) };
        let mut finish = Terms::default();
        let mut expected = Terms::default();
        finish.push(f, 1.0);
        expected.push(z, 1.0);
        for k in k0..kk {
            let (a, b) = (least(k), least(k + 1));
            finish.push(gk(k), f64::from(b) - f64::from(a));
            expected.push(gk(k), cost(b) - cost(a));
        }
        let last = least(kk);
        finish.emit(&mut self.lp, Sense::Ge, f64::from(last));
        expected.emit(&mut self.lp, Sense::Ge, cost(last));
        GoalCols { k0, first }
    }
}
