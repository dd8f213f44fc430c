//! The relaxation's model: columns and rows of parts A and B (see the
//! parent module's docs for what each row means and why it holds), and
//! reading bottlenecks and activity lists from an answer.

use super::{Cost, Sizes, THRESHOLDS, completion_bucket, mode_groups};

/// Tail levels per goal in the energy rows (rows 9): one per this many
/// days of the mean bucket, within the two limits below.
const TAIL_DAYS: f64 = 2.5;
/// Fewest tail levels per goal.
const MIN_TAIL_LEVELS: usize = 2;
/// Most tail levels per goal.
const MAX_TAIL_LEVELS: usize = 8;
use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId, Problem};
use crate::solve::bounds::LowerBounds;
use crate::solve::lp::buckets::Grid;
use crate::solve::lp::linear::{Col, LinearProgram, Sense};
use crate::solve::lp::prices::{self, Bottleneck};
use crate::solve::rules::list_by_keys;

/// One mode group of an activity.
#[derive(Clone, Debug)]
struct Group {
    /// Shortest duration.
    dur: u32,
    /// `y_g`, or `None` when it is the only group (`y = 1`) or part A is off.
    choice: Option<Col>,
    /// Column of `w_{k0}` (`w_k` is `first + k - k0` for `k0 <= k <= K`).
    first: Col,
    /// `(resource, least energy)`.
    energy: Vec<(usize, f64)>,
}

/// How an activity's completion `C_j` appears in the rows.
#[derive(Clone, Copy, Debug)]
enum Finish {
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
struct Act {
    groups: Vec<Group>,
    /// First bucket of the activity grid with work columns (holds `ES_j`).
    k0: usize,
    /// A lower bound on `C_j` (CPM or pin).
    ef: u32,
    finish: Finish,
}

impl Act {
    fn working(&self) -> bool {
        !self.groups.is_empty() && self.groups.iter().all(|g| g.dur > 0)
    }

    /// `e_{j,r}`: the least energy on `r` over all groups.
    fn least_energy(&self, r: usize) -> f64 {
        self.groups
            .iter()
            .map(|g| g.energy.iter().find(|x| x.0 == r).map_or(0.0, |x| x.1))
            .fold(f64::INFINITY, f64::min)
    }
}

/// A row under construction: terms plus a constant on the left-hand side.
#[derive(Default)]
struct Terms {
    t: Vec<(Col, f64)>,
    constant: f64,
}

impl Terms {
    fn push(&mut self, c: Col, v: f64) {
        self.t.push((c, v));
    }

    fn choice(&mut self, g: &Group, v: f64) {
        match g.choice {
            Some(c) => self.t.push((c, v)),
            None => self.constant += v,
        }
    }

    /// Adds `v * C_j` (only where a larger `C_j` can only tighten the row).
    fn finish(&mut self, act: &Act, v: f64) {
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

    fn emit(self, lp: &mut LinearProgram, sense: Sense, rhs: f64) -> usize {
        lp.row(self.t, sense, rhs - self.constant)
    }
}

/// A capacity row of either part: resource, the days `from .. to` whose
/// capacity is its right-hand side, row index.
#[derive(Clone, Copy, Debug)]
struct CapacityRow {
    resource: usize,
    from: u32,
    to: u32,
    row: usize,
}

/// A goal's part-B columns: `G_k` is `first + k - k0` for `k0 <= k < K`.
#[derive(Clone, Copy, Debug)]
struct GoalCols {
    k0: usize,
    first: Col,
}

/// The LP and what is needed to read its answer.
pub(super) struct Model<'p> {
    problem: &'p Problem,
    activity_grid: Option<Grid>,
    goal_grid: Option<Grid>,
    /// Last day + 1 of both grids.
    end: u32,
    pub(super) lp: LinearProgram,
    acts: Vec<Act>,
    /// `f_g` per goal (the makespan: one), `None` when fixed by pins.
    finishes: Vec<Option<Col>>,
    goal_cols: Vec<Option<GoalCols>>,
    capacity_rows: Vec<CapacityRow>,
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

    fn is_pinned(&self, j: usize) -> bool {
        matches!(self.acts[j].finish, Finish::Pinned(_))
    }

    /// Groups, energies and (part A) the columns and rows 1-2 of every activity.
    fn activities(&mut self, analysis: &Analysis, horizon: u32) {
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
    fn precedences(&mut self) {
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
    fn capacity(&mut self) {
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

    /// Rows 5-11 and the objective.
    fn goals(&mut self, bounds: &LowerBounds, cost: Cost, horizon: u32, analysis: &Analysis) {
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
                    let inner = problem
                        .successors(ActivityId::from_index(j))
                        .iter()
                        .any(|&(s, _)| in_goal[s.index()] == index && !self.is_pinned(s.index()));
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
            for &(i, _) in self.problem.predecessors(ActivityId::from_index(j)) {
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

    /// Rows 9.
    fn goal_energy(&mut self, analysis: &Analysis) {
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
    fn goal_dependencies(&mut self, analysis: &Analysis) {
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

    /// Person-days of `r` on days `a .. b` that pinned work leaves free.
    fn free_energy(&self, r: usize, a: u32, b: u32) -> f64 {
        let prefix = &self.free[r];
        let at = |t: u32| prefix[(t as usize).min(prefix.len() - 1)];
        at(b) - at(a)
    }

    /// Bottlenecks from the capacity rows' duals.
    pub(super) fn bottlenecks(&self, y: &[f64], scale: f64) -> Vec<Bottleneck> {
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
        prices::bottlenecks(&Grid::new(self.end, 1, 0.0), &per_day, scale)
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

/// Lemma 2 of the bounds: per activity, the longest path of lags and
/// shortest durations along edges into non-pinned activities to one of
/// `targets` (0 for a target), `None` when there is none; every activity
/// with a tail finishes by the targets' last finish minus it.
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
            if let Some(qs) = q[s.index()] {
                let via = lag
                    .saturating_add(analysis.duration[s.index()])
                    .saturating_add(qs);
                best = Some(best.map_or(via, |b| b.max(via)));
            }
        }
        q[j] = best;
    }
    q
}
