//! The relaxation's model: the columns of an activity ([`Act`], [`Group`])
//! and of a goal ([`GoalCols`]), rows under construction ([`Terms`]), and
//! the [`Model`]: the LP of parts A and B (see the parent module's docs for
//! what each row means and why it holds) with what is needed to read its
//! answer. [`Model::build`] writes the rows through `activities` (rows
//! 1-4), `goals` (5-8 and 11) and `goal_coupling` (9-10); `answer` reads
//! bottlenecks and activity lists from a solution.

use super::{Cost, Sizes};
use crate::graph::Analysis;
use crate::model::Problem;
use crate::solve::bounds::LowerBounds;
use crate::solve::lp::buckets::Grid;
use crate::solve::lp::linear::{Col, LinearProgram, Sense};

/// One mode group of an activity.
#[derive(Clone, Debug)]
pub(super) struct Group {
    /// Shortest duration.
    pub(super) dur: u32,
    /// `y_g`, or `None` when it is the only group (`y = 1`) or part A is off.
    pub(super) choice: Option<Col>,
    /// Column of `w_{k0}` (`w_k` is `first + k - k0` for `k0 <= k <= K`).
    pub(super) first: Col,
    /// `(resource, least energy)`.
    pub(super) energy: Vec<(usize, f64)>,
}

/// How an activity's completion `C_j` appears in the rows.
#[derive(Clone, Copy, Debug)]
pub(super) enum Finish {
    /// A milestone's completion column.
    Var(Col),
    /// `C_j = M_j + sum_g (d_g + 1) / 2 y_g` (a working activity).
    Mean(Col),
    /// A pinned activity's known finish.
    Pinned(u32),
    /// Not modelled (part A is off).
    Absent,
}

/// An activity's part of the model.
#[derive(Clone, Debug)]
pub(super) struct Act {
    pub(super) groups: Vec<Group>,
    /// First bucket of the activity grid with work columns (holds `ES_j`).
    pub(super) k0: usize,
    /// A lower bound on `C_j` (CPM or pin).
    pub(super) ef: u32,
    pub(super) finish: Finish,
}

impl Act {
    pub(super) fn working(&self) -> bool {
        !self.groups.is_empty() && self.groups.iter().all(|g| g.dur > 0)
    }

    /// `e_{j,r}`: the least energy on `r` over all groups.
    pub(super) fn least_energy(&self, r: usize) -> f64 {
        self.groups
            .iter()
            .map(|g| g.energy.iter().find(|x| x.0 == r).map_or(0.0, |x| x.1))
            .fold(f64::INFINITY, f64::min)
    }
}

/// A row under construction: terms plus a constant on the left-hand side.
#[derive(Default)]
pub(super) struct Terms {
    pub(super) t: Vec<(Col, f64)>,
    pub(super) constant: f64,
}

impl Terms {
    pub(super) fn push(&mut self, c: Col, v: f64) {
        self.t.push((c, v));
    }

    pub(super) fn choice(&mut self, g: &Group, v: f64) {
        match g.choice {
            Some(c) => self.t.push((c, v)),
            None => self.constant += v,
        }
    }

    /// Adds `v * C_j` (only where a larger `C_j` can only tighten the row).
    pub(super) fn finish(&mut self, act: &Act, v: f64) {
        match act.finish {
            Finish::Var(c) => self.t.push((c, v)),
            Finish::Pinned(x) => self.constant += v * f64::from(x),
            Finish::Absent => self.constant += v * f64::from(act.ef),
            Finish::Mean(m) => {
                self.t.push((m, v));
                for g in &act.groups {
                    self.choice(g, v * (f64::from(g.dur) + 1.0) / 2.0);
                }
            }
        }
    }

    pub(super) fn emit(self, lp: &mut LinearProgram, sense: Sense, rhs: f64) -> usize {
        lp.row(self.t, sense, rhs - self.constant)
    }
}

/// A capacity row of either part: resource, the days `from .. to` whose
/// capacity is its right-hand side, row index.
#[derive(Clone, Copy, Debug)]
pub(super) struct CapacityRow {
    pub(super) resource: usize,
    pub(super) from: u32,
    pub(super) to: u32,
    pub(super) row: usize,
}

/// A goal's part-B columns: `G_k` is `first + k - k0` for `k0 <= k < K`.
#[derive(Clone, Copy, Debug)]
pub(super) struct GoalCols {
    pub(super) k0: usize,
    pub(super) first: Col,
}

/// The LP and what is needed to read its answer.
pub(super) struct Model<'p> {
    pub(super) problem: &'p Problem,
    pub(super) activity_grid: Option<Grid>,
    pub(super) goal_grid: Option<Grid>,
    /// Last day + 1 of both grids.
    pub(super) end: u32,
    pub(super) lp: LinearProgram,
    pub(super) acts: Vec<Act>,
    /// `f_g` per goal (the makespan: one), `None` when fixed by pins.
    pub(super) finishes: Vec<Option<Col>>,
    pub(super) goal_cols: Vec<Option<GoalCols>>,
    pub(super) capacity_rows: Vec<CapacityRow>,
    /// Per resource, `free[r][t]` = capacity left by pinned work on days `0 .. t`.
    free: Vec<Vec<f64>>,
}

impl<'p> Model<'p> {
    pub(super) fn build(
        problem: &'p Problem,
        analysis: &Analysis,
        bounds: &LowerBounds,
        sizes: Sizes,
        cost: Cost,
        horizon: u32,
    ) -> Self {
        let end = [&sizes.activity, &sizes.goal]
            .into_iter()
            .flatten()
            .map(|g| g.at(g.len()))
            .max()
            .unwrap_or(0);
        let mut me = Self {
            problem,
            activity_grid: sizes.activity,
            goal_grid: sizes.goal,
            end,
            lp: LinearProgram::new(),
            acts: Vec::with_capacity(problem.len()),
            finishes: Vec::new(),
            goal_cols: Vec::new(),
            capacity_rows: Vec::new(),
            free: free_capacity(problem, end),
        };
        me.activities(analysis, horizon);
        if me.activity_grid.is_some() {
            me.precedences();
            me.capacity();
        }
        me.goals(bounds, cost, horizon, analysis);
        me
    }

    pub(super) fn is_pinned(&self, j: usize) -> bool {
        matches!(self.acts[j].finish, Finish::Pinned(_))
    }

    /// Person-days of `r` on days `a .. b` that pinned work leaves free.
    pub(super) fn free_energy(&self, r: usize, a: u32, b: u32) -> f64 {
        let prefix = &self.free[r];
        let at = |t: u32| prefix[(t as usize).min(prefix.len() - 1)];
        at(b) - at(a)
    }
}

/// Prefix sums, per resource, of the capacity pinned activities leave on
/// each day `t < end`: `max(0, cap_r(t) - pinned_r(t))` (pinned work may
/// exceed the capacity on its own; nothing else then runs that day).
fn free_capacity(problem: &Problem, end: u32) -> Vec<Vec<f64>> {
    let days = end as usize;
    let mut pinned = vec![vec![0u64; days]; problem.resources().len()];
    for a in problem.activities() {
        if let Some(pin) = a.pin {
            let mode = &a.modes[pin.mode];
            let stop = pin.start.saturating_add(mode.duration).min(end);
            for d in &mode.demands {
                for t in pin.start.min(end)..stop {
                    pinned[d.resource.index()][t as usize] += u64::from(d.amount);
                }
            }
        }
    }
    problem
        .resources()
        .iter()
        .zip(pinned)
        .map(|(res, used)| {
            let mut prefix = Vec::with_capacity(days + 1);
            let mut total = 0.0;
            prefix.push(total);
            for (t, u) in used.into_iter().enumerate() {
                total += u64::from(res.capacity.at(t as u32)).saturating_sub(u) as f64;
                prefix.push(total);
            }
            prefix
        })
        .collect()
}
