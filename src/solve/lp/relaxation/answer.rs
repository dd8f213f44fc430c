//! Reading the model's answer (see the parent module's docs): bottleneck
//! prices from the capacity rows' duals, and LP-guided activity lists
//! from the primal values.

use super::model::{Finish, Model};
use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId};
use crate::solve::lp::buckets::Grid;
use crate::solve::lp::linear::Col;
use crate::solve::lp::prices::{self, Bottleneck};
use crate::solve::rules::list_by_keys;

impl Model<'_> {
    /// Bottlenecks from the capacity rows' duals.
    pub(super) fn bottlenecks(&self, y: &[f64], scale: f64) -> Vec<Bottleneck> {
        let (grid, per_day) = self.prices(y);
        prices::bottlenecks(&grid, &per_day, scale)
    }

    /// The capacity rows' duals as a price per person-day of every
    /// resource and day (a daily grid): the sum of the duals of the rows
    /// whose day range holds the day.
    pub(super) fn prices(&self, y: &[f64]) -> (Grid, Vec<Vec<f64>>) {
        let days = self.end as usize;
        let nr = self.problem.resources().len();
        // per-day price: difference arrays over each row's day range
        let mut diff = vec![vec![0.0f64; days + 1]; nr];
        for c in &self.capacity_rows {
            let v = y[c.row];
            if v > 0.0 && (c.from as usize) < days {
                diff[c.resource][c.from as usize] += v;
                diff[c.resource][(c.to as usize).min(days)] -= v;
            }
        }
        let per_day: Vec<Vec<f64>> = diff
            .into_iter()
            .map(|d| {
                let mut acc = 0.0;
                d[..days]
                    .iter()
                    .map(|&x| {
                        acc += x;
                        acc.max(0.0)
                    })
                    .collect()
            })
            .collect();
        (Grid::new(self.end, 1, 0.0), per_day)
    }

    /// LP-guided activity lists.
    pub(super) fn lists(&self, x: &[f64], analysis: &Analysis) -> Vec<Vec<ActivityId>> {
        let n = self.problem.len();
        let scaled = |v: f64| (v * 1024.0).round() as i64;
        let mut lists = Vec::new();
        if let Some(grid) = &self.activity_grid {
            let kk = grid.len();
            let completion: Vec<f64> = self
                .acts
                .iter()
                .map(|a| match a.finish {
                    Finish::Var(c) => x[c as usize],
                    Finish::Pinned(f) => f64::from(f),
                    Finish::Absent => f64::from(a.ef),
                    Finish::Mean(m) => {
                        x[m as usize]
                            + a.groups
                                .iter()
                                .map(|g| {
                                    let y = g.choice.map_or(1.0, |c| x[c as usize]);
                                    y * (f64::from(g.dur) + 1.0) / 2.0
                                })
                                .sum::<f64>()
                    }
                })
                .collect();
            let by_completion: Vec<i64> = completion.iter().map(|&c| scaled(c)).collect();
            let by_mean: Vec<i64> = (0..n)
                .map(|j| match self.acts[j].finish {
                    Finish::Mean(m) => scaled(x[m as usize]),
                    _ => scaled(completion[j] - f64::from(analysis.duration[j])),
                })
                .collect();
            let by_alpha: Vec<i64> = (0..n)
                .map(|j| {
                    let act = &self.acts[j];
                    let k = if act.working() {
                        let mut done = 0.0;
                        (act.k0..=kk)
                            .find(|&k| {
                                for g in &act.groups {
                                    done += x[(g.first + (k - act.k0) as Col) as usize];
                                }
                                done >= 0.5
                            })
                            .unwrap_or(kk)
                    } else {
                        grid.bucket_of(completion[j].max(0.0) as u32)
                    };
                    i64::from(grid.at(k)) * (1 << 24) + scaled(completion[j])
                })
                .collect();
            lists.push(list_by_keys(self.problem, &by_completion));
            lists.push(list_by_keys(self.problem, &by_alpha));
            lists.push(list_by_keys(self.problem, &by_mean));
        }
        if self.goal_cols.iter().any(Option::is_some) {
            lists.push(list_by_keys(
                self.problem,
                &self.goal_order_keys(x, analysis),
            ));
        }
        lists
    }

    /// Keys from the goals' LP finishes: an activity takes the rank of the
    /// first goal (by LP finish) that needs it, ties by latest finish.
    fn goal_order_keys(&self, x: &[f64], analysis: &Analysis) -> Vec<i64> {
        let n = self.problem.len();
        let mut order: Vec<(f64, usize)> = self
            .finishes
            .iter()
            .enumerate()
            .map(|(g, f)| (f.map_or(0.0, |c| x[c as usize]), g))
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut rank = vec![order.len(); n];
        let mut stack = Vec::new();
        for (r, &(_, g)) in order.iter().enumerate() {
            for &a in self.problem.goal_members(GoalId::from_index(g)) {
                if rank[a.index()] > r {
                    rank[a.index()] = r;
                    stack.push(a);
                }
            }
            while let Some(a) = stack.pop() {
                for &(p, _) in self.problem.predecessors(a) {
                    if rank[p.index()] > r {
                        rank[p.index()] = r;
                        stack.push(p);
                    }
                }
            }
        }
        let span = i64::from(analysis.makespan_bound) + 1;
        (0..n)
            .map(|j| rank[j] as i64 * span + i64::from(analysis.lf[j]))
            .collect()
    }
}
