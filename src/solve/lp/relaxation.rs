//! The LP relaxation: a time-bucketed, completion-indexed linear program
//! whose safe dual bound is a proven lower bound on the objective, whose
//! capacity duals price the teams ([`Bottleneck`]), and whose completion
//! times order the activities for the schedule generation scheme.
//!
//! # Theoretical
//!
//! ## Notation
//! The grid ([`Grid`]) has boundaries `0 = b_0 < ... < b_K`; an activity
//! *completes in bucket* `k < K` when `b_k < C_j <= b_{k+1}` (bucket 0 also
//! holds `C_j = 0`) and in the catch-all bucket `K` when `C_j > b_K`. For
//! activity `j`, `ES_j` is its CPM earliest start ([`Analysis`]). Its modes
//! are split into *groups* `g` (for a plan task: one per eligible team; in
//! general the modes that use the same set of resources; a pinned activity
//! has its pinned mode only). Per group: `d_g` the shortest duration,
//! `EF_g = ES_j + d_g`, `e_{g,r} = min_m d_m q_{m,r}` the least energy on
//! resource `r` (`q_{m,r}` the demand of mode `m`), and for a completion
//! `delta` days after a boundary `t`, `P_{g,r}(delta) = min_m q_{m,r} *
//! max(0, d_m - delta)`, the least energy any mode of `g` must have spent
//! before `t`. `Cap_r[a, t)` is the capacity of `r` on days `a..t`. For
//! goal `g`, `p_g` is its priority, `phi_g(x) = x + w max(0, x - due_g)`.
//! `LB_g` is the largest `EF` (or pinned finish) of its members. The makespan
//! objective is treated as one goal with every activity, `p = 1`, `w = 0`.
//!
//! ## Variables (for a feasible integer schedule, their *intended values*)
//! - `y_{j,g}` = 1 if `j` runs in a mode of group `g` (only when `j` has
//!   several groups; otherwise the constant 1);
//! - `X_{j,g,k}` = 1 if `j` runs in group `g` and `C_j <= b_{k+1}`, for
//!   `k` from `k0_{j,g}`, the bucket of `EF_g`, to `K - 1` (earlier ones are
//!   0: `C_j >= EF_g`); write `X_{j,g,K} = y_{j,g}` and
//!   `U_{j,k} = sum_g X_{j,g,k}` (j complete by `b_{k+1}`);
//! - `C_j` its completion; `f_g` the goal's finish; `G_{g,k}` = 1 if
//!   `f_g <= b_{k+1}`; `z_g = p_g phi_g(f_g)` its cost.
//!
//! ## Constraints (each holds at the intended values: that is the proof)
//! 1. `sum_g y_{j,g} = 1`; `0 <= X_{j,g,k0} <= X_{j,g,k0+1} <= ... <= y_{j,g}`
//!    (completion by a boundary implies completion by every later one).
//! 2. *Completion link*: in bucket `k` with group `g`,
//!    `C_j >= L_{g,k} = max(EF_g, b_k + 1)` (bucket 0: `EF_g`); summing over
//!    the bucket indicators `X_{g,k} - X_{g,k-1}` and rearranging,
//!    `C_j >= sum_g (L_{g,K} y_{j,g} - sum_{k<K} (L_{g,k+1} - L_{g,k}) X_{j,g,k})`.
//! 3. *Precedence* `i -> j` with lag `l` (not into a pinned `j`, whose pin is
//!    authoritative): `C_j >= C_i + l + sum_g d_g y_{j,g}` (`S_j >= C_i + l`,
//!    `C_j = S_j + d_{mode}`); and bucketed: `U_{j,k} <= U_{i,k'}` with `k'`
//!    the bucket of `b_{k+1} - l - d_j` (`j` done by `b_{k+1}` forces `i` done
//!    by `b_{k+1} - l - d_j`).
//! 4. *Energy* for resource `r`, boundary `t = b_{k+1}` and a release
//!    threshold `a` (a bucket start): the activities with `ES_j >= a` run
//!    only on days `>= a`, so their work before `t` fits in
//!    `Cap_r[a, t)` minus what pinned activities use there. An activity in
//!    group `g` completing in bucket `k' <= k` has spent `e_{g,r}` there; one
//!    completing in bucket `k' > k` at least `pi(k') = P_{g,r}(b_{k'+1} - t)`;
//!    one in the catch-all at least 0. With `pi(k') = e_{g,r}` for `k' <= k`
//!    and `pi(K) = 0`, `pi` is non-increasing and the work before `t` is at least
//!    `sum_{k'} pi(k') (X_{k'} - X_{k'-1}) = sum_{k'<K} (pi(k') - pi(k'+1)) X_{k'}`,
//!    so `sum_{j, g} sum_{k'} (pi(k') - pi(k'+1)) X_{j,g,k'} <= Cap_r[a, t) - pinned`.
//!    This is the completion-indexed energy relaxation of Pritsker, Watters
//!    & Wolfe (1969) aggregated over buckets, with the in-progress (partial)
//!    energy of Christofides, Alvarez-Valdés & Tamarit (1987) and the heads
//!    of the energetic bounds (Lopez, Erschler & Esquirol 1992).
//! 5. *Goals*: `f_g >= C_j` for every member; `G_{g,k} <= U_{j,k}`;
//!    `f_g >= Lg_K - sum_{k<K} (Lg_{k+1} - Lg_k) G_{g,k}` with
//!    `Lg_k = max(LB_g, b_k + 1)`, as in 2. Members with a successor in the
//!    same goal may be left out of both (3 implies theirs).
//! 6. *Cost*: `z_g >= p_g phi_g` of a lower bound of `f_g`: for `w >= 0`,
//!    `z_g >= p_g f_g` and `z_g >= p_g ((1 + w) f_g - w due_g)` (phi is the
//!    larger of the two lines); for `-1 <= w < 0`, `z_g >= p_g (1 + w) f_g`;
//!    and by bucket, `z_g >= p_g (phi(Lg_K) - sum_k (phi(Lg_{k+1}) - phi(Lg_k)) G_{g,k})`
//!    (the expected cost over the bucket distribution, stronger than
//!    `phi` of the expected finish because `phi` is convex for `w >= 0`).
//!
//! The objective `min sum_g z_g` (plus the cost of goals fixed by pins) is
//! therefore at most the objective of every feasible schedule.
//!
//! ## The proven bound
//! The LP optimum is only approximated by clarabel (interior point, with a
//! tolerance and a time limit), so its objective is not used. Instead the
//! Lagrangian bound of [`linear`](super::linear) is evaluated at the
//! returned duals with a box containing the intended values of *some
//! optimal schedule*: `X, y, G` in `[0, 1]`, `C_j` and `f_g` in
//! `[EF_j, H]`, `z_g` in `[p phi(LB_g), p phi(H)]`, with `H` =
//! [`Problem::horizon`]. Why `H` bounds `C_j`: the objective is
//! non-decreasing in every finish (`w >= -1`), so shifting activities of an
//! optimal schedule left one day at a time, while feasible, keeps it optimal
//! and ends in a semi-active schedule. In it, walk back from the last
//! activity: an activity starting after `T0` (the last release, calendar
//! change or pin end) either waits for a predecessor's finish plus lag, or
//! is blocked on the day before its start by an activity running then, which
//! started earlier; the chain of distinct activities and edges covers
//! `[T0, C_max)`, so `C_max <= T0 + sum_j max_m d_m + sum of lags = H`.
//! With `w < -1` the objective is not monotone and no bound is given. When
//! every objective value is an integer (makespan, or integral priorities
//! and lateness weight), the bound is rounded up.
//!
//! ## Bottleneck prices
//! The dual `y_{r,k,a} >= 0` of an energy row is the rate at which the LP
//! bound falls per unit of capacity added to `Cap_r[a, b_{k+1})`. One more
//! person on every day of bucket `m` adds `days(m)` to every row with
//! `a <= b_m` and `k >= m`, so it is worth (to first order, for the LP)
//! `days(m) * sum_{a <= b_m, k >= m} y_{r,k,a}` ([`prices`](super::prices)).
//!
//! ## LP-guided lists
//! The LP's completions `C_j`, the *alpha-points* (the first boundary by which
//! `U_{j,k} >= 1/2`, Hall, Schulz, Shmoys & Wein 1997) and the LP starts
//! `C_j - d_j` order the activities; [`list_by_keys`] makes each order
//! precedence-feasible and the serial SGS decodes it beside the priority rules.
//!
//! # Practical
//! The grid ends 20 % after the makespan of a quick LFT schedule (later
//! completions fall in the catch-all, which keeps everything valid); the
//! bucket length (1, 2, 5, 10, ... days, growing with time on long plans)
//! is the finest whose model fits a column budget that grows with the time
//! limit. Release thresholds are four quantiles of the heads per resource.
//! Energy rows that cannot bind (all their work fits) are left out. The
//! solver gets a third of the remaining time; with less than 0.2 s left,
//! no LP is built.
//!
//! # Bibliography
//! - A. A. B. Pritsker, L. J. Watters, P. M. Wolfe (1969), Multiproject
//!   scheduling with limited resources: a zero-one programming approach.
//! - N. Christofides, R. Alvarez-Valdés, J. M. Tamarit (1987), Project
//!   scheduling with resource constraints: a branch and bound approach.
//! - P. Lopez, J. Erschler, P. Esquirol (1992), Ordonnancement de tâches
//!   sous contraintes: une approche énergétique.
//! - L. A. Hall, A. S. Schulz, D. B. Shmoys, J. Wein (1997), Scheduling to
//!   minimize average completion time: off-line and on-line approximation
//!   algorithms.
//! - A. Neumaier, O. Shcherbina (2004), Safe bounds in linear and
//!   mixed-integer linear programming.

use std::time::{Duration, Instant};

use super::buckets::Grid;
use super::linear::{Col, LinearProgram, Sense};
use super::prices::{self, Bottleneck};
use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId, Objective, Problem};
use crate::solve::rules::{PriorityRule, list_by_keys};
use crate::solve::sgs::Sgs;

/// What the LP relaxation gives.
#[derive(Clone, Debug, Default)]
pub struct Relaxation {
    /// A proven lower bound on the objective.
    pub lower_bound: f64,
    /// Bottleneck prices, most valuable first.
    pub bottlenecks: Vec<Bottleneck>,
    /// Priority lists derived from the LP solution (precedence-feasible).
    pub lists: Vec<Vec<ActivityId>>,
}

/// No LP with less time than this left.
const MIN_TIME: Duration = Duration::from_millis(200);
/// Share of the remaining time the solver may use.
const SOLVE_SHARE: f64 = 1.0 / 3.0;
/// More mode groups than this are merged into one.
const MAX_GROUPS: usize = 4;
/// Release thresholds per resource besides day 0.
const THRESHOLDS: usize = 4;
/// The grid ends this much after the quick schedule's makespan.
const GRID_SLACK: f64 = 1.2;
/// Columns the model may have per second of solver time.
const COLUMNS_PER_SECOND: f64 = 60_000.0;
/// Bucket lengths and growth rates tried, finest first.
const GRIDS: &[(u32, f64)] = &[
    (1, 0.0),
    (1, 0.02),
    (2, 0.03),
    (5, 0.0),
    (5, 0.03),
    (5, 0.06),
    (10, 0.06),
    (10, 0.1),
    (20, 0.1),
    (20, 0.2),
    (40, 0.2),
    (80, 0.3),
];

/// Solves the LP relaxation before `deadline`; `None` if it cannot.
pub fn relax(problem: &Problem, analysis: &Analysis, deadline: Instant) -> Option<Relaxation> {
    let started = Instant::now();
    let available = deadline.saturating_duration_since(started);
    if available < MIN_TIME || problem.is_empty() || problem.resources().is_empty() {
        return None;
    }
    let cost = Cost::of(problem)?;
    let horizon = u32::try_from(problem.horizon()).ok()?;
    let quick = quick_makespan(problem, analysis);
    let end = ((f64::from(quick) * GRID_SLACK).ceil() as u32)
        .max(analysis.makespan_bound.saturating_add(1))
        .min(horizon.max(1));
    let solve_time = available.mul_f64(SOLVE_SHARE);
    let budget = std::env::var("LP_BUDGET").ok().and_then(|v| v.parse().ok()).unwrap_or((COLUMNS_PER_SECOND * solve_time.as_secs_f64()) as usize);
    let grid = choose_grid(problem, analysis, end, budget);
    let model = Model::build(problem, analysis, grid, cost, horizon);
    let left = deadline.saturating_duration_since(Instant::now());
    if std::env::var_os("TANDEM_LP_DEBUG").is_some() {
        eprintln!(
            "lp: built K={} cols={} rows={} nnz={} in {:.3}s",
            model.grid.len(),
            model.lp.columns(),
            model.lp.rows(),
            model.lp.nonzeros(),
            started.elapsed().as_secs_f64()
        );
    }
    let answer = model
        .lp
        .solve(solve_time.min(left.mul_f64(SOLVE_SHARE * 1.5)));
    if std::env::var_os("TANDEM_LP_DEBUG").is_some() {
        eprintln!("lp: solved {} at {:.3}s", answer.is_some(), started.elapsed().as_secs_f64());
    }
    let answer = answer?;
    let lower_bound = cost.round(answer.bound);
    if std::env::var_os("TANDEM_LP_DEBUG").is_some() {
        eprintln!(
            "lp: grid K={} last={} cols={} rows={} nnz={} iters={} primal={:.3} bound={:.3} rounded={} t={:.3}s",
            model.grid.len(),
            model.grid.at(model.grid.len()),
            model.lp.columns(),
            model.lp.rows(),
            model.lp.nonzeros(),
            answer.iterations,
            answer.primal,
            answer.bound,
            lower_bound,
            started.elapsed().as_secs_f64()
        );
    }
    if !lower_bound.is_finite() {
        return None;
    }
    Some(Relaxation {
        lower_bound,
        bottlenecks: model.bottlenecks(&answer.y, answer.primal),
        lists: model.lists(&answer.x, analysis),
    })
}

/// The objective in the form the model needs.
#[derive(Clone, Copy, Debug)]
struct Cost {
    /// Lateness weight (0 for the makespan).
    weight: f64,
    makespan: bool,
    /// Every objective value is an integer.
    integral: bool,
}

impl Cost {
    fn of(problem: &Problem) -> Option<Self> {
        match problem.objective() {
            Objective::Makespan => Some(Self {
                weight: 0.0,
                makespan: true,
                integral: true,
            }),
            Objective::Weighted { lateness_weight: w } if w >= -1.0 && w.is_finite() => {
                let integral = problem.goals().iter().all(|g| {
                    g.priority.fract() == 0.0 && (g.priority * w).fract() == 0.0
                }) && w.fract() == 0.0;
                Some(Self {
                    weight: w,
                    makespan: false,
                    integral,
                })
            }
            Objective::Weighted { .. } => None,
        }
    }

    /// `phi(x)` for a goal with this due day.
    fn phi(&self, due: Option<u32>, x: f64) -> f64 {
        x + self.weight * due.map_or(0.0, |d| (x - f64::from(d)).max(0.0))
    }

    fn round(&self, bound: f64) -> f64 {
        if self.integral && bound.is_finite() {
            (bound - 1e-6).ceil()
        } else {
            bound
        }
    }
}

/// Makespan of the LFT-rule schedule: where the grid should end.
fn quick_makespan(problem: &Problem, analysis: &Analysis) -> u32 {
    let mut sgs = Sgs::new(problem);
    sgs.decode(&PriorityRule::Lft.activity_list(problem, analysis), None);
    sgs.makespan()
}

/// The finest grid in [`GRIDS`] whose bucket variables fit `budget`.
fn choose_grid(problem: &Problem, analysis: &Analysis, end: u32, budget: usize) -> Grid {
    let mut last = None;
    for &(base, growth) in GRIDS {
        let grid = Grid::new(end, base, growth);
        let k = grid.len();
        let columns: usize = problem
            .activity_ids()
            .map(|a| {
                let groups = mode_groups(problem, a).len();
                groups * (k - grid.bucket_of(analysis.ef[a.index()]).min(k)) + groups
            })
            .sum();
        if columns <= budget {
            return grid;
        }
        last = Some(grid);
    }
    last.unwrap_or_else(|| Grid::new(end, 1, 0.0))
}

/// Mode indices grouped by the set of resources they use (at most
/// [`MAX_GROUPS`] groups; a pinned activity: its pinned mode).
fn mode_groups(problem: &Problem, a: ActivityId) -> Vec<Vec<usize>> {
    let act = problem.activity(a);
    if let Some(pin) = act.pin {
        return vec![vec![pin.mode]];
    }
    let mut keys: Vec<Vec<usize>> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (m, mode) in act.modes.iter().enumerate() {
        let mut key: Vec<usize> = mode
            .demands
            .iter()
            .filter(|d| d.amount > 0)
            .map(|d| d.resource.index())
            .collect();
        key.sort_unstable();
        key.dedup();
        match keys.iter().position(|k| *k == key) {
            Some(i) => groups[i].push(m),
            None => {
                keys.push(key);
                groups.push(vec![m]);
            }
        }
    }
    if groups.len() > MAX_GROUPS {
        groups = vec![(0..act.modes.len()).collect()];
    }
    groups
}

/// One mode group's columns and energy.
#[derive(Clone, Debug)]
struct Group {
    /// Shortest duration.
    dur: u32,
    /// `ES + dur`.
    ef: u32,
    /// First bucket with a column.
    k0: usize,
    /// Column of `X_{k0}`; `X_k` is `first + k - k0`, for `k0 <= k < K`.
    first: Col,
    /// `y_g`, or `None` when it is the only group (`y = 1`).
    choice: Option<Col>,
    /// `(resource, least energy, (duration, demand) per mode)`.
    energy: Vec<(usize, f64, Vec<(u32, u32)>)>,
}

/// An activity's part of the model.
#[derive(Clone, Debug)]
struct Act {
    groups: Vec<Group>,
    /// `C_j`, or the pinned finish.
    finish: Finish,
}

#[derive(Clone, Copy, Debug)]
enum Finish {
    Var(Col),
    Pinned(u32),
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
    fn finish(&mut self, f: Finish, v: f64) {
        match f {
            Finish::Var(c) => self.t.push((c, v)),
            Finish::Pinned(x) => self.constant += v * f64::from(x),
        }
    }
    fn emit(self, lp: &mut LinearProgram, sense: Sense, rhs: f64) -> usize {
        lp.row(self.t, sense, rhs - self.constant)
    }
}

/// An energy row: resource, bucket of its boundary, release threshold, row index.
#[derive(Clone, Copy, Debug)]
struct EnergyRow {
    resource: usize,
    k: usize,
    /// Bucket whose start is the release threshold.
    from: usize,
    row: usize,
}

/// The LP and what is needed to read its answer.
struct Model<'p> {
    problem: &'p Problem,
    grid: Grid,
    lp: LinearProgram,
    acts: Vec<Act>,
    energy_rows: Vec<EnergyRow>,
}

impl<'p> Model<'p> {
    fn build(
        problem: &'p Problem,
        analysis: &Analysis,
        grid: Grid,
        cost: Cost,
        horizon: u32,
    ) -> Self {
        let mut me = Self {
            problem,
            grid,
            lp: LinearProgram::new(),
            acts: Vec::with_capacity(problem.len()),
            energy_rows: Vec::new(),
        };
        me.activities(analysis, horizon);
        me.precedences();
        me.energy(analysis);
        me.goals(cost, horizon);
        me
    }

    fn kk(&self) -> usize {
        self.grid.len()
    }

    /// Columns and rows 1-2 for every activity.
    fn activities(&mut self, analysis: &Analysis, horizon: u32) {
        let kk = self.kk();
        for a in self.problem.activity_ids() {
            let act = self.problem.activity(a);
            let es = analysis.es[a.index()];
            let pinned = act.pin.map(|p| p.start.saturating_add(act.modes[p.mode].duration));
            let mode_groups = mode_groups(self.problem, a);
            let several = mode_groups.len() > 1;
            let mut groups = Vec::with_capacity(mode_groups.len());
            for modes in &mode_groups {
                let dur = modes
                    .iter()
                    .map(|&m| act.modes[m].duration)
                    .min()
                    .unwrap_or(0);
                let ef = match pinned {
                    Some(f) => f,
                    None => es.saturating_add(dur),
                };
                // a pinned activity has no columns: its completion is known
                let k0 = if pinned.is_some() {
                    kk
                } else {
                    self.grid.bucket_of(ef)
                };
                let choice = (several && pinned.is_none())
                    .then(|| self.lp.column(0.0, 0.0, 1.0, true));
                let first = self.lp.columns() as Col;
                if pinned.is_none() {
                    for k in k0..kk {
                        self.lp.column(0.0, 0.0, 1.0, k == k0);
                    }
                }
                let mut resources: Vec<usize> = modes
                    .iter()
                    .flat_map(|&m| act.modes[m].demands.iter().map(|d| d.resource.index()))
                    .collect();
                resources.sort_unstable();
                resources.dedup();
                let energy = resources
                    .into_iter()
                    .filter_map(|r| {
                        let per_mode: Vec<(u32, u32)> = modes
                            .iter()
                            .map(|&m| {
                                let mode = &act.modes[m];
                                let q = mode
                                    .demands
                                    .iter()
                                    .filter(|d| d.resource.index() == r)
                                    .map(|d| d.amount)
                                    .sum::<u32>();
                                (mode.duration, q)
                            })
                            .collect();
                        let least = per_mode
                            .iter()
                            .map(|&(d, q)| f64::from(d) * f64::from(q))
                            .fold(f64::INFINITY, f64::min);
                        (least > 0.0).then_some((r, least, per_mode))
                    })
                    .collect();
                groups.push(Group {
                    dur,
                    ef,
                    k0,
                    first,
                    choice,
                    energy,
                });
            }
            let finish = match pinned {
                Some(f) => Finish::Pinned(f),
                None => {
                    let ef = groups.iter().map(|g| g.ef).min().unwrap_or(es);
                    Finish::Var(self.lp.column(0.0, f64::from(ef), f64::from(horizon), false))
                }
            };
            if pinned.is_none() {
                // 1: one group; monotone completion indicators
                if several {
                    let mut t = Terms::default();
                    for g in &groups {
                        t.choice(g, 1.0);
                    }
                    t.emit(&mut self.lp, Sense::Eq, 1.0);
                }
                for g in &groups {
                    for k in g.k0..kk {
                        let mut t = Terms::default();
                        if k + 1 < kk {
                            t.push(g.first + (k + 1 - g.k0) as Col, 1.0);
                        } else {
                            t.choice(g, 1.0);
                        }
                        t.push(g.first + (k - g.k0) as Col, -1.0);
                        t.emit(&mut self.lp, Sense::Ge, 0.0);
                    }
                }
                // 2: completion link
                let mut t = Terms::default();
                t.finish(finish, 1.0);
                for g in &groups {
                    let least = |k: usize| f64::from(self.grid.least_completion(k, g.ef));
                    t.choice(g, -least(kk));
                    for k in g.k0..kk {
                        t.push(g.first + (k - g.k0) as Col, least(k + 1) - least(k));
                    }
                }
                t.emit(&mut self.lp, Sense::Ge, 0.0);
            }
            self.acts.push(Act { groups, finish });
        }
    }

    /// Adds `coef * U_{j,k}` (`k <= K`).
    fn add_u(&self, t: &mut Terms, j: usize, k: usize, coef: f64) {
        let kk = self.kk();
        for g in &self.acts[j].groups {
            if k >= kk {
                t.choice(g, coef);
            } else if k >= g.k0 {
                t.push(g.first + (k - g.k0) as Col, coef);
            }
        }
    }

    fn is_pinned(&self, j: usize) -> bool {
        matches!(self.acts[j].finish, Finish::Pinned(_))
    }

    /// Rows 3.
    fn precedences(&mut self) {
        let kk = self.kk();
        for a in self.problem.activity_ids() {
            let j = a.index();
            if self.is_pinned(j) {
                continue;
            }
            let dmin = self.acts[j].groups.iter().map(|g| g.dur).min().unwrap_or(0);
            let kmin = self.acts[j].groups.iter().map(|g| g.k0).min().unwrap_or(kk);
            for &(p, lag) in self.problem.predecessors(a) {
                let i = p.index();
                let mut t = Terms::default();
                t.finish(self.acts[j].finish, 1.0);
                t.finish(self.acts[i].finish, -1.0);
                for g in &self.acts[j].groups {
                    t.choice(g, -f64::from(g.dur));
                }
                t.emit(&mut self.lp, Sense::Ge, f64::from(lag));
                if self.is_pinned(i) || std::env::var_os("LP_NO_DISAGG").is_some() {
                    continue; // the heads already hold it
                }
                for k in kmin..kk {
                    let before = self
                        .grid
                        .at(k + 1)
                        .saturating_sub(lag)
                        .saturating_sub(dmin);
                    let kp = self.grid.bucket_of(before);
                    let mut t = Terms::default();
                    self.add_u(&mut t, i, kp, 1.0);
                    self.add_u(&mut t, j, k, -1.0);
                    t.emit(&mut self.lp, Sense::Ge, 0.0);
                }
            }
        }
    }

    /// Rows 4.
    fn energy(&mut self, analysis: &Analysis) {
        let kk = self.kk();
        let nr = self.problem.resources().len();
        // (head, activity, group, energy index) per resource
        let mut users: Vec<Vec<(u32, usize, usize, usize)>> = vec![Vec::new(); nr];
        // pinned work per resource: (start, end, demand)
        let mut pinned: Vec<Vec<(u32, u32, u32)>> = vec![Vec::new(); nr];
        for (j, act) in self.acts.iter().enumerate() {
            let a = self.problem.activity(ActivityId::from_index(j));
            if let (Some(pin), Finish::Pinned(_)) = (a.pin, act.finish) {
                let mode = &a.modes[pin.mode];
                for d in &mode.demands {
                    pinned[d.resource.index()].push((
                        pin.start,
                        pin.start.saturating_add(mode.duration),
                        d.amount,
                    ));
                }
                continue;
            }
            for (g, group) in act.groups.iter().enumerate() {
                for (e, &(r, _, _)) in group.energy.iter().enumerate() {
                    users[r].push((analysis.es[j], j, g, e));
                }
            }
        }
        for (r, mut list) in users.into_iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            list.sort_unstable();
            let cal = &self.problem.resources()[r].capacity;
            let pinned_in = |a: u32, t: u32| -> f64 {
                pinned[r]
                    .iter()
                    .map(|&(s, e, q)| f64::from(q) * f64::from(e.min(t).saturating_sub(s.max(a))))
                    .sum()
            };
            // release thresholds: bucket starts at head quantiles
            let mut froms: Vec<usize> = vec![0];
            let nth: usize = std::env::var("LP_THRESH").ok().and_then(|v| v.parse().ok()).unwrap_or(THRESHOLDS);
            for q in 1..=nth {
                let head = list[(list.len() - 1) * q / (nth + 1)].0;
                let b = self.grid.bucket_of(head.saturating_add(1));
                if b < kk && self.grid.at(b) <= head {
                    froms.push(b);
                }
            }
            froms.sort_unstable();
            froms.dedup();
            let nopart = std::env::var_os("LP_NO_PARTIAL").is_some();
            for &from in &froms {
                let a = self.grid.at(from);
                let members = &list[list.partition_point(|x| x.0 < a)..];
                for k in from..kk {
                    let t = self.grid.at(k + 1);
                    let rhs = cal.energy(a, t) as f64 - pinned_in(a, t);
                    let mut terms = Terms::default();
                    let mut most = 0.0;
                    let mut last_j = usize::MAX;
                    let mut most_j = 0.0f64;
                    for &(_, j, g, e) in members {
                        let group = &self.acts[j].groups[g];
                        let (_, least, per_mode) = &group.energy[e];
                        let pi = |kp: usize| -> f64 {
                            if kp <= k {
                                *least
                            } else if nopart {
                                0.0
                            } else if kp >= kk {
                                0.0
                            } else {
                                let delta = self.grid.at(kp + 1) - t;
                                per_mode
                                    .iter()
                                    .map(|&(d, q)| f64::from(q) * f64::from(d.saturating_sub(delta)))
                                    .fold(f64::INFINITY, f64::min)
                            }
                        };
                        let start = group.k0.max(k);
                        if start >= kk {
                            continue;
                        }
                        let top = pi(start);
                        if j != last_j {
                            most += most_j;
                            most_j = 0.0;
                            last_j = j;
                        }
                        most_j = most_j.max(top);
                        let mut kp = start;
                        let mut cur = top;
                        while kp < kk && cur > 0.0 {
                            let next = pi(kp + 1);
                            if cur > next {
                                terms.push(group.first + (kp - group.k0) as Col, -(cur - next));
                            }
                            cur = next;
                            kp += 1;
                        }
                    }
                    most += most_j;
                    if most <= rhs + 1e-9 || terms.t.is_empty() {
                        continue;
                    }
                    let row = terms.emit(&mut self.lp, Sense::Ge, -rhs);
                    self.energy_rows.push(EnergyRow {
                        resource: r,
                        k,
                        from,
                        row,
                    });
                }
            }
        }
    }

    /// Rows 5-6 and the objective.
    fn goals(&mut self, cost: Cost, horizon: u32) {
        let problem = self.problem;
        let mut targets: Vec<(f64, Option<u32>, Vec<usize>)> = if cost.makespan {
            vec![(1.0, None, (0..problem.len()).collect())]
        } else {
            (0..problem.goals().len())
                .map(|g| {
                    let goal = problem.goal(GoalId::from_index(g));
                    let members = problem
                        .goal_members(GoalId::from_index(g))
                        .iter()
                        .map(|a| a.index())
                        .collect();
                    (goal.priority, goal.due, members)
                })
                .collect()
        };
        let kk = self.kk();
        for (p, due, members) in targets.drain(..) {
            let mut in_goal = vec![false; problem.len()];
            for &j in &members {
                in_goal[j] = true;
            }
            let lb = members
                .iter()
                .map(|&j| match self.acts[j].finish {
                    Finish::Pinned(f) => f,
                    Finish::Var(_) => self.acts[j].groups.iter().map(|g| g.ef).min().unwrap_or(0),
                })
                .max()
                .unwrap_or(0);
            let free: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&j| {
                    !self.is_pinned(j)
                        && !problem
                            .successors(ActivityId::from_index(j))
                            .iter()
                            .any(|&(s, _)| in_goal[s.index()] && !self.is_pinned(s.index()))
                })
                .collect();
            let phi = |x: u32| cost.phi(due, f64::from(x));
            if free.is_empty() {
                self.lp.constant += p * phi(lb);
                continue;
            }
            let k0 = self.grid.bucket_of(lb);
            let f = self
                .lp
                .column(0.0, f64::from(lb), f64::from(horizon.max(lb)), false);
            let z = self
                .lp
                .column(1.0, p * phi(lb), p * phi(horizon.max(lb)), false);
            let first = self.lp.columns() as Col;
            for _ in k0..kk {
                self.lp.column(0.0, 0.0, 1.0, false);
            }
            let gk = |k: usize| first + (k - k0) as Col;
            for &j in &free {
                let mut t = Terms::default();
                t.push(f, 1.0);
                t.finish(self.acts[j].finish, -1.0);
                t.emit(&mut self.lp, Sense::Ge, 0.0);
                for k in k0..kk {
                    let mut t = Terms::default();
                    self.add_u(&mut t, j, k, 1.0);
                    t.push(gk(k), -1.0);
                    t.emit(&mut self.lp, Sense::Ge, 0.0);
                }
            }
            let least = |k: usize| self.grid.least_completion(k, lb);
            let mut t = Terms::default();
            t.push(f, 1.0);
            for k in k0..kk {
                t.push(gk(k), f64::from(least(k + 1)) - f64::from(least(k)));
            }
            t.emit(&mut self.lp, Sense::Ge, f64::from(least(kk)));
            let mut t = Terms::default();
            t.push(z, 1.0);
            for k in k0..kk {
                t.push(gk(k), p * (phi(least(k + 1)) - phi(least(k))));
            }
            t.emit(&mut self.lp, Sense::Ge, p * phi(least(kk)));
            let w = cost.weight;
            if w >= 0.0 || due.is_none() {
                self.lp.row([(z, 1.0), (f, -p)], Sense::Ge, 0.0);
            }
            if let Some(d) = due {
                if w > 0.0 {
                    self.lp
                        .row([(z, 1.0), (f, -p * (1.0 + w))], Sense::Ge, -p * w * f64::from(d));
                } else if w < 0.0 {
                    self.lp.row([(z, 1.0), (f, -p * (1.0 + w))], Sense::Ge, 0.0);
                }
            }
        }
    }

    /// Bottlenecks from the energy rows' duals.
    fn bottlenecks(&self, y: &[f64], scale: f64) -> Vec<Bottleneck> {
        let kk = self.kk();
        let nr = self.problem.resources().len();
        let mut diff = vec![vec![0.0f64; kk + 1]; nr];
        for e in &self.energy_rows {
            let v = y[e.row];
            if v > 0.0 {
                diff[e.resource][e.from] += v;
                diff[e.resource][e.k + 1] -= v;
            }
        }
        let per_day: Vec<Vec<f64>> = diff
            .into_iter()
            .map(|d| {
                let mut acc = 0.0;
                d[..kk]
                    .iter()
                    .map(|&x| {
                        acc += x;
                        acc.max(0.0)
                    })
                    .collect()
            })
            .collect();
        prices::bottlenecks(&self.grid, &per_day, scale)
    }

    /// LP-guided activity lists.
    fn lists(&self, x: &[f64], analysis: &Analysis) -> Vec<Vec<ActivityId>> {
        let kk = self.kk();
        let n = self.problem.len();
        let completion: Vec<f64> = self
            .acts
            .iter()
            .map(|a| match a.finish {
                Finish::Var(c) => x[c as usize],
                Finish::Pinned(f) => f64::from(f),
            })
            .collect();
        let scaled = |v: f64| (v * 1024.0).round() as i64;
        let by_completion: Vec<i64> = completion.iter().map(|&c| scaled(c)).collect();
        let by_start: Vec<i64> = (0..n)
            .map(|j| scaled(completion[j] - f64::from(analysis.duration[j])))
            .collect();
        let by_alpha: Vec<i64> = (0..n)
            .map(|j| {
                let act = &self.acts[j];
                let k = match act.finish {
                    Finish::Pinned(f) => self.grid.bucket_of(f),
                    Finish::Var(_) => (0..kk)
                        .find(|&k| {
                            let mut u = 0.0;
                            for g in &act.groups {
                                if k >= g.k0 {
                                    u += x[(g.first + (k - g.k0) as Col) as usize];
                                }
                            }
                            u >= 0.5
                        })
                        .unwrap_or(kk),
                };
                i64::from(self.grid.at(k)) * 1024 * 1024 + scaled(completion[j])
            })
            .collect();
        vec![
            list_by_keys(self.problem, &by_completion),
            list_by_keys(self.problem, &by_alpha),
            list_by_keys(self.problem, &by_start),
        ]
    }
}
