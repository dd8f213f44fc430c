//! The activities' part of the model (see the parent module's docs): every
//! activity's mode groups and least energies, and for part A its columns
//! with rows 1-2, the precedence rows 3 and the capacity rows 4 of the
//! activity grid.

use super::mode_groups;
use super::model::{Act, CapacityRow, Finish, Group, Model, Terms};
use crate::graph::Analysis;
use crate::solve::lp::linear::{Col, Sense};

impl Model<'_> {
    /// Groups, energies and (part A) the columns and rows 1-2 of every activity.
    pub(super) fn activities(&mut self, analysis: &Analysis, horizon: u32) {
        let h = f64::from(horizon);
        for a in self.problem.activity_ids() {
            let act = self.problem.activity(a);
            let es = analysis.es[a.index()];
            if let Some(pin) = act.pin {
                let end = pin.start.saturating_add(act.modes[pin.mode].duration);
                self.acts.push(Act {
                    groups: Vec::new(),
                    k0: 0,
                    ef: end,
                    finish: Finish::Pinned(end),
                });
                continue;
            }
            let mut groups: Vec<Group> = mode_groups(self.problem, a)
                .iter()
                .map(|modes| Group {
                    dur: modes
                        .iter()
                        .map(|&m| act.modes[m].duration)
                        .min()
                        .unwrap_or(0),
                    choice: None,
                    first: 0,
                    energy: group_energy(act, modes),
                })
                .collect();
            let ef = es.saturating_add(groups.iter().map(|g| g.dur).min().unwrap_or(0));
            let Some(grid) = self.activity_grid.clone() else {
                self.acts.push(Act {
                    groups,
                    k0: 0,
                    ef,
                    finish: Finish::Absent,
                });
                continue;
            };
            let k0 = grid.bucket_of(es);
            if groups.iter().any(|g| g.dur == 0) {
                // a milestone (or an activity that may take no time): no work
                let c = self.lp.at_least(0.0, f64::from(ef), h.max(f64::from(ef)));
                groups.clear();
                self.acts.push(Act {
                    groups,
                    k0,
                    ef,
                    finish: Finish::Var(c),
                });
                continue;
            }
            let kk = grid.len();
            let several = groups.len() > 1;
            let span = |k: usize| {
                let lo = grid.at(k).max(es);
                let hi = if k < kk {
                    grid.at(k + 1) - 1
                } else {
                    horizon.max(lo)
                };
                (lo, hi)
            };
            for g in &mut groups {
                g.choice = several.then(|| self.lp.bounded(0.0, 0.0, 1.0));
                g.first = self.lp.columns() as Col;
                for k in k0..=kk {
                    let (lo, hi) = span(k);
                    let rate = (f64::from(hi - lo + 1) / f64::from(g.dur)).min(1.0);
                    self.lp.bounded(0.0, 0.0, rate);
                }
            }
            let mean = self.lp.column(0.0, f64::from(es), h.max(f64::from(es)));
            if several {
                let mut t = Terms::default();
                for g in &groups {
                    t.choice(g, 1.0);
                }
                t.emit(&mut self.lp, Sense::Eq, 1.0);
            }
            // M = sum lo w + s with 0 <= s <= sum (hi - lo) w: one equality
            // instead of two near-parallel inequalities
            let mut link = Terms::default();
            let mut room = Terms::default();
            link.push(mean, 1.0);
            for g in &groups {
                let mut t = Terms::default();
                for k in k0..=kk {
                    let col = g.first + (k - k0) as Col;
                    let (lo, hi) = span(k);
                    t.push(col, 1.0);
                    link.push(col, -f64::from(lo));
                    if hi > lo {
                        room.push(col, f64::from(hi - lo));
                    }
                }
                t.choice(g, -1.0);
                t.emit(&mut self.lp, Sense::Eq, 0.0);
            }
            if !room.t.is_empty() {
                let slack = self.lp.at_least(0.0, 0.0, h);
                link.push(slack, -1.0);
                room.push(slack, -1.0);
                room.emit(&mut self.lp, Sense::Ge, 0.0);
            }
            link.emit(&mut self.lp, Sense::Eq, 0.0);
            self.acts.push(Act {
                groups,
                k0,
                ef,
                finish: Finish::Mean(mean),
            });
        }
    }

    /// Rows 3.
    pub(super) fn precedences(&mut self) {
        for a in self.problem.activity_ids() {
            let j = a.index();
            if self.is_pinned(j) {
                continue;
            }
            for &(p, lag) in self.problem.predecessors(a) {
                let mut t = Terms::default();
                t.finish(&self.acts[p.index()], -1.0);
                match self.acts[j].finish {
                    Finish::Mean(m) => {
                        t.push(m, 1.0);
                        for g in &self.acts[j].groups {
                            t.choice(g, -(f64::from(g.dur) - 1.0) / 2.0);
                        }
                    }
                    _ => t.finish(&self.acts[j], 1.0),
                }
                t.emit(&mut self.lp, Sense::Ge, f64::from(lag));
            }
        }
    }

    /// Rows 4, one per resource and bucket of the activity grid.
    pub(super) fn capacity(&mut self) {
        let Some(grid) = self.activity_grid.clone() else {
            return;
        };
        let kk = grid.len();
        let nr = self.problem.resources().len();
        let mut rows: Vec<Vec<Terms>> = (0..nr)
            .map(|_| (0..kk).map(|_| Terms::default()).collect())
            .collect();
        let mut most = vec![vec![0.0f64; kk]; nr];
        for act in &self.acts {
            if !act.working() {
                continue;
            }
            for g in &act.groups {
                for &(r, e) in &g.energy {
                    for k in act.k0..kk {
                        let col = g.first + (k - act.k0) as Col;
                        rows[r][k].push(col, -e);
                        most[r][k] += e * self.lp.box_hi(col);
                    }
                }
            }
        }
        for (r, row_terms) in rows.into_iter().enumerate() {
            for (k, t) in row_terms.into_iter().enumerate() {
                let (from, to) = (grid.at(k), grid.at(k + 1));
                let rhs = self.free_energy(r, from, to);
                if t.t.is_empty() || most[r][k] <= rhs + 1e-9 {
                    continue;
                }
                let row = t.emit(&mut self.lp, Sense::Ge, -rhs);
                self.capacity_rows.push(CapacityRow {
                    resource: r,
                    from,
                    to,
                    row,
                });
            }
        }
    }
}

/// Least energy per resource of the modes `modes` of `act`.
fn group_energy(act: &crate::model::Activity, modes: &[usize]) -> Vec<(usize, f64)> {
    let mut resources: Vec<usize> = modes
        .iter()
        .flat_map(|&m| act.modes[m].demands.iter().map(|d| d.resource.index()))
        .collect();
    resources.sort_unstable();
    resources.dedup();
    resources
        .into_iter()
        .filter_map(|r| {
            let least = modes
                .iter()
                .map(|&m| {
                    let mode = &act.modes[m];
                    let q: u32 = mode
                        .demands
                        .iter()
                        .filter(|d| d.resource.index() == r)
                        .map(|d| d.amount)
                        .sum();
                    f64::from(mode.duration) * f64::from(q)
                })
                .fold(f64::INFINITY, f64::min);
            (least > 0.0 && least.is_finite()).then_some((r, least))
        })
        .collect()
}
