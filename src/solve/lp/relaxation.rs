//! The LP relaxation: a time-bucketed linear program whose safe dual bound
//! is a proven lower bound on the objective, whose capacity duals price the
//! teams ([`Bottleneck`]), and whose solution orders the activities for the
//! schedule generation scheme.
//!
//! # Theoretical
//!
//! ## Notation
//! Days are integers; activity `j` runs on days `S_j .. C_j - 1` and
//! `C_j = S_j + d` in its mode. `ES_j` is its CPM earliest start
//! ([`Analysis`]; `S_j >= ES_j` in every feasible schedule). Its modes are
//! split into *groups* `g` (for a plan task one per eligible team; in
//! general the modes using the same set of resources), with `d_g` the
//! shortest duration in the group and `e_{g,r} = min_m d_m q_{m,r}` the
//! least energy on resource `r` (`q_{m,r}` = demand of mode `m`). An activity
//! whose groups all have `d_g >= 1` is *working*; the others (milestones)
//! use no capacity. `e_{j,r} = min_g e_{g,r}` (0 when a group does not use
//! `r`). `Free_r[a, b) = sum_{a <= t < b} max(0, cap_r(t) - pin_r(t))` is
//! the capacity of `r` that pinned activities (using `pin_r(t)` on day `t`)
//! leave on days `a .. b-1`: no other activity can use more. Goal `g` has priority
//! `p_g`, finish `f_g = max_{j in g} C_j`, cost `p_g phi_g(f_g)` with
//! `phi_g(x) = x + w max(0, x - due_g)` (non-decreasing: `w >= -1` is
//! required), and a proven finish bound `LB_g` ([`LowerBounds::goal_finish`]
//! and the members' CPM finishes). The makespan objective is one goal
//! holding every activity with `p = 1`, `w = 0`.
//!
//! Two grids ([`Grid`]) cut time into buckets `B_k = [b_k, b_{k+1})`,
//! `k < K`, plus a catch-all `B_K = [b_K, inf)`: the *activity grid* for
//! part A, a finer *goal grid* for part B. Each part is optional; the two
//! share `f_g` and `z_g`.
//!
//! ## Part A: activities (a mean-busy-time relaxation)
//! Intended values: `y_{j,g}` = 1 if `j` runs in group `g` (a constant 1
//! with one group); `w_{j,g,k}` = the share of `j`'s days that fall in
//! `B_k` if it runs in `g`, else 0; `M_j` = the mean of `j`'s days
//! (`S_j + (d - 1) / 2`). Then `C_j = M_j + (d + 1) / 2 >= M_j + sum_g
//! (d_g + 1)/2 y_{j,g}`, and part A writes `C_j` for that expression
//! (a milestone gets its own column `C_j`). For every feasible schedule:
//! 1. `sum_g y_{j,g} = 1`, `sum_k w_{j,g,k} = y_{j,g}`, and
//!    `0 <= w_{j,g,k} <= min(1, n_k / d_g)` with `n_k` the days of `B_k` on or
//!    after `ES_j` (`w = 0` before `ES_j`): `j` has at most `n_k` of its
//!    `d >= d_g` days there.
//! 2. `sum_k lo_k w_{j,g,k} <= M_j <= sum_k hi_k w_{j,g,k}` with
//!    `lo_k = max(b_k, ES_j)` and `hi_k = b_{k+1} - 1` (the catch-all:
//!    `hi = H`, below): each day of `j` in `B_k` lies in `[lo_k, hi_k]`.
//!    Written as `M_j = sum lo w + s_j`, `0 <= s_j <= sum (hi - lo) w`.
//! 3. Precedence `i -> j` with lag `l` (negative for a lead), `j` not
//!    pinned (a pin is authoritative; edges into it are not relied upon):
//!    `S_j >= C_i + l`, so `M_j >= C_i + l + sum_g (d_g - 1)/2 y_{j,g}`
//!    (milestone: `C_j >= C_i + l`).
//! 4. Capacity, per resource `r` and bucket `k < K`, over the activities
//!    that are not pinned: `sum_{j,g} e_{g,r} w_{j,g,k} <= Free_r[B_k]`: `j`
//!    spends `w` times its mode's energy `>= e_{g,r}` in `B_k`.
//! 5. `f_g >= C_j` for every member (members with a successor in the goal
//!    through a lag `>= 0` are implied by 3 and left out; a lead's
//!    successor may finish first).
//! 6. Goal mean busy time, per resource `r`: the activities that finish by
//!    `f_g` (the goal's *closure*: its members and every activity with a
//!    path of edges with lags `>= 0` into non-pinned activities to one)
//!    spend at least
//!    `E = sum_j e_{j,r}` on `r` before `f_g`, at most `c = max_t cap_r(t)`
//!    per day. Scale each activity's daily use down to `e_{j,r}` in total:
//!    this work `a_t <= c` on days `t < f_g` has `sum_t a_t t = sum_j
//!    e_{j,r} M_j`, and it is largest when packed at the end, where
//!    `sum_t a_t (f_g - 1 - t) >= E (E / c - 1) / 2`. So
//!    `E f_g >= sum_j e_{j,r} M_j + E (E / c + 1) / 2` (a pinned activity
//!    adds its known work and mean).
//!
//! Time-indexed mean-busy-time relaxations follow Dyer & Wolsey (1990) and
//! Goemans (1997); for one machine they are as strong as Smith's rule, and
//! here they couple teams through precedences and goals.
//!
//! ## Part B: goals (a completion-indexed relaxation)
//! Intended values: `G_{g,k} = 1` if `f_g <= b_{k+1}` (the goal is done by
//! the end of `B_k`), for `k` from `k0_g` (the bucket holding day `LB_g - 1`;
//! earlier ones are 0) to `K - 1`; `G_{g,K} = 1`.
//! 7. `0 <= G_{g,k0} <= G_{g,k0+1} <= ... <= 1`.
//! 8. In bucket `k` the finish is at least `L_k = max(LB_g, b_k + 1)`
//!    (`L_{k0} = LB_g`); over the bucket indicators `G_k - G_{k-1}`:
//!    `f_g >= L_K - sum_{k<K} (L_{k+1} - L_k) G_{g,k}` and, as `phi` is
//!    non-decreasing, `z_g >= p_g (phi(L_K) - sum_{k<K} (phi(L_{k+1}) -
//!    phi(L_k)) G_{g,k})`: the expected cost over the bucket distribution,
//!    which keeps the convexity of the lateness that `phi(E[f])` loses.
//! 9. Energy, per resource `r`, bucket `k` and release threshold `a` (a
//!    bucket start), with `t = b_{k+1}`: goal `g`'s own working members
//!    with `ES_j >= a` run on days `>= a`, and member `j` finishes by
//!    `f_g - q_j`, `q_j` its tail to its goal (Lemma 2 of
//!    [`bounds`](crate::solve::LowerBounds): lags and shortest durations
//!    along edges into non-pinned activities). So if the goal is done by
//!    the end `b_{k'+1} <= t + q_j` of bucket `k'` (the last such bucket,
//!    `k' >= k`), `j`'s least energy `e_{j,r}` was spent in `[a, t)`. Goals
//!    own disjoint sets, so `sum_g sum_j e_{j,r} G_{g,k'(j)} <= Free_r[a,
//!    t)` (pinned members left out). With every tail 0 this is the plain
//!    completion-indexed energy row; a tail moves a member's energy onto
//!    a later, larger `G`, which only tightens it. Tails are rounded down
//!    (still valid) to a few levels per goal (2 on a grid of days, up to 8
//!    on coarse grids) so that rows keep few terms.
//! 10. Goal `g` depending on goal `h`, neither with a pinned member: the
//!    derived edges (every sink of `h` before every source of `g`) make
//!    every task of `g` start after `f_h`, so `f_g >= f_h + delta_g`
//!    (`delta_g` the shortest member duration); also every member `j` of
//!    `h` finishes by `f_g - q^g_j` (its tail to `g`, as in row 9), so
//!    `f_g >= f_h + min_{j in h} q^g_j` when every member of `h` has one.
//!    With `delta` the larger of the two, `G_{g,k} <= G_{h,k'}` with `k'`
//!    the bucket holding `b_{k+1} - delta - 1`.
//!
//! This is the completion-indexed relaxation of Pritsker, Watters & Wolfe
//! (1969) aggregated to goals, with the heads of the energetic bounds
//! (Lopez, Erschler & Esquirol 1992).
//!
//! ## Cost (both parts)
//! 11. `f_g >= LB_g`; `z_g >= p_g f_g` and `z_g >= p_g ((1 + w) f_g - w
//!     due_g)` when `w >= 0` (phi is the larger line), `z_g >= p_g (1 + w)
//!     f_g` when `-1 <= w < 0`. Minimise `sum_g z_g` (plus the fixed cost of
//!     goals whose members are all pinned).
//!
//! Every row holds at the intended values of every feasible schedule, so
//! the LP optimum is a lower bound on the objective.
//!
//! ## The proven bound
//! Clarabel only approximates the LP optimum (an interior-point method with
//! tolerances and a time limit), so its objective is not used. The
//! Lagrangian bound of [`linear`](super::linear) is evaluated at its duals
//! instead, over a box holding the intended values of *some optimal
//! schedule*: `w, y, G` in `[0, 1]`, `M_j, C_j, f_g` in `[lower bound, H]`,
//! `s_j` in `[0, H]`, `z_g` in `[p phi(LB_g), p phi(H)]`, with `H` =
//! [`Problem::horizon`]. `H` bounds every finish of some optimal schedule:
//! the objective is non-decreasing in every finish, so shifting activities
//! of an optimal schedule left a day at a time while feasible keeps it
//! optimal and ends in a semi-active schedule; walking back from its last
//! activity, each activity starting after `T0` (the last release, calendar
//! change or pin end) waits either for a predecessor plus lag or for an
//! activity running on the day before its start (which started earlier),
//! so distinct activities and edges cover `[T0, C_max)` and
//! `C_max <= T0 + sum_j max_m d_m + sum of lags = H`. When every objective
//! value is an integer (makespan; integral priorities and weight) the bound
//! is rounded up.
//!
//! ## Bottleneck prices
//! A dual `y >= 0` of a capacity row (4, 9) is the rate at which the bound
//! falls per person-day added to its right-hand side. A person-day on day
//! `t` of team `r` enters every row of `r` whose day range holds `t`, so it
//! is worth the sum of their duals; [`prices`](super::prices) merges days
//! into periods and values one more person on every day of a period.
//!
//! ## LP-guided lists
//! Activities ordered by LP completion `C_j`, by *alpha-point* (the bucket
//! where half of the work is done; Hall, Schulz, Shmoys & Wein 1997) and by
//! mean busy time `M_j` (part A), and by the LP finish of the first goal
//! needing them, then latest finish (part B). [`list_by_keys`] makes each
//! order precedence-feasible for the serial SGS.
//!
//! # Practical
//! Both grids end 20 % after the makespan of a quick LFT schedule (later
//! work falls in the catch-all, which keeps everything valid). The solver
//! gets a third of the time limit, and the model is sized for half of
//! that from fitted estimates of clarabel's time (`columns^1.5`, times
//! `sqrt(goals)` for part B; twenty times more in a debug build): part A
//! only with buckets of at most 10 days (on a plan of a few hundred tasks;
//! a mean-busy-time model with coarser buckets proves little), part B with
//! the finest goal grid that fits (1 to 40 days, growing with time on large
//! plans). Measured on generated plans: part A lifts small plans by
//! capturing precedence and team interplay; part B carries large ones,
//! where goals compete for a few teams (the lateness term dominates).
//! When both parts are built, the small part-B-only model is solved first,
//! so that a full model cut off by its time limit (good_lp then returns no
//! duals) still leaves a bound and lists; the larger bound wins.
//! Release thresholds are three head quantiles per resource; rows that
//! cannot bind are left out. With a time limit under 0.2 s no LP is built.
//! The model depends on the input and the time limit only, so the same
//! input and limit give the same bound and lists unless the solver is cut
//! off: it may run up to twice its third (four times the time its model
//! was sized for, within half the time left), so that a loaded machine
//! rarely changes whether it finishes.
//!
//! # Bibliography
//! - A. A. B. Pritsker, L. J. Watters, P. M. Wolfe (1969), Multiproject
//!   scheduling with limited resources: a zero-one programming approach.
//! - M. E. Dyer, L. A. Wolsey (1990), Formulating the single machine
//!   sequencing problem with release dates as a mixed integer program.
//! - P. Lopez, J. Erschler, P. Esquirol (1992), Ordonnancement de tâches
//!   sous contraintes: une approche énergétique.
//! - M. X. Goemans (1997), Improved approximation algorithms for scheduling
//!   with release dates.
//! - L. A. Hall, A. S. Schulz, D. B. Shmoys, J. Wein (1997), Scheduling to
//!   minimize average completion time: off-line and on-line approximation
//!   algorithms.
//! - A. Neumaier, O. Shcherbina (2004), Safe bounds in linear and
//!   mixed-integer linear programming.

use std::time::{Duration, Instant};

use model::Model;

use super::buckets::Grid;
use super::prices::Bottleneck;
use crate::graph::Analysis;
use crate::model::{ActivityId, Objective, Problem};
use crate::solve::bounds::{LowerBounds, lower_bounds};
use crate::solve::rules::PriorityRule;
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
    /// The capacity rows' duals as a price per person-day: `per_day[r][k]`
    /// for resource `r` in bucket `k` of the grid (daily buckets). `None`
    /// when no model with capacity rows was solved. They warm-start the
    /// Lagrangian bound ([`lagrangian`](crate::solve::bounds::lagrangian)).
    pub(crate) prices: Option<(Grid, Vec<Vec<f64>>)>,
}

/// No LP with less time than this left.
const MIN_TIME: Duration = Duration::from_millis(200);
/// Share of the remaining time the solver may use.
pub(crate) const SOLVE_SHARE: f64 = 1.0 / 3.0;
/// The model is sized for this share of the solver's time (the rest is
/// margin: a model cut off by the time limit gives no duals).
const PLAN_SHARE: f64 = 0.5;
/// The solver may run this many times its share ([`SOLVE_SHARE`]; four
/// times the time its model was sized for) before it is cut off, within
/// half the time left. The model is sized
/// from fitted estimates; a solve cut off leaves no duals or lists, and
/// whether it is cut off would then depend on the machine's load, so the
/// search's seed lists (and the prefix property of the `portfolio` module)
/// would too: a 300-task plan at 5 s got the full model's lists in one run
/// and not at 30 s, and ended 0.4 % better.
const OVERRUN: f64 = 2.0;
/// More mode groups than this are merged into one.
const MAX_GROUPS: usize = 4;
/// Release thresholds per resource besides day 0 (part B).
const THRESHOLDS: usize = 3;
/// The grids end this much after the quick schedule's makespan.
const GRID_SLACK: f64 = 1.2;
/// Part A is estimated to take `ACTIVITY_SECONDS * columns^1.5` (fitted,
/// with margin, on generated plans and one 2-core machine).
const ACTIVITY_SECONDS: f64 = 6e-7;
/// Part B is estimated to take `GOAL_SECONDS * columns^1.5 * goals^0.5`.
const GOAL_SECONDS: f64 = 2.3e-7;
/// How much slower an unoptimised (debug) build solves.
const BUILD_SLOWDOWN: f64 = if cfg!(debug_assertions) { 20.0 } else { 1.0 };
/// Activity grids (bucket days, growth), finest first.
const ACTIVITY_GRIDS: &[(u32, f64)] = &[
    (1, 0.0),
    (1, 0.02),
    (2, 0.03),
    (5, 0.0),
    (5, 0.05),
    (10, 0.0),
    (10, 0.1),
];
/// Goal grids (bucket days, growth), finest first.
const GOAL_GRIDS: &[(u32, f64)] = &[
    (1, 0.0),
    (2, 0.0),
    (5, 0.0),
    (10, 0.0),
    (10, 0.1),
    (20, 0.1),
    (20, 0.2),
    (40, 0.2),
];

/// Solves the LP relaxation before `deadline`; `None` if it cannot (less
/// than 0.2 s left, an empty problem, a lateness weight below -1, or a
/// solver failure). The model is sized for the time left, so a later
/// call may build a finer one.
///
/// ```
/// use std::time::{Duration, Instant};
/// use tandem::graph::Analysis;
/// use tandem::solve::{lower_bounds, relax};
/// use tandem::{Calendar, ProblemBuilder};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // two four-day goals on a team of one: whichever goes first, the other
/// // finishes on day 8, so the best schedule costs 3 * 4 + 1 * 8 = 20
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("team", Calendar::constant(1));
/// let urgent = b.goal("urgent", 3.0, Some(4));
/// let later = b.goal("later", 1.0, None);
/// b.plan_task("u", Some(urgent), &[(team, 4.0)], 1, 1, 0);
/// b.plan_task("l", Some(later), &[(team, 4.0)], 1, 1, 0);
/// let problem = b.build()?;
/// let cpm = Analysis::new(&problem);
/// let lp = relax(&problem, &cpm, Instant::now() + Duration::from_secs(5)).ok_or("no LP")?;
/// // the goals' separate finish bounds prove 3 * 4 + 1 * 4 = 16; the LP more
/// assert_eq!(lower_bounds(&problem, &cpm).energy, 16.0);
/// assert!(lp.lower_bound > 16.0 && lp.lower_bound <= 20.0);
/// assert_eq!(problem.resource(lp.bottlenecks[0].team).id, "team");
/// # Ok(()) }
/// ```
pub fn relax(problem: &Problem, analysis: &Analysis, deadline: Instant) -> Option<Relaxation> {
    let bounds = lower_bounds(problem, analysis);
    let budget = deadline.saturating_duration_since(Instant::now());
    relax_with_bounds(problem, analysis, &bounds, budget, deadline, false)
}

/// [`relax`] with the combinatorial bounds already computed (their goal
/// finish bounds tighten the model) and the model sized for `budget`
/// rather than for the time left, so that the same input and budget give
/// the same model, bound and lists (unless `deadline` cuts the solver off).
/// The solver gets a third of `budget` in wall-clock time, or, when
/// `deterministic` (a work limit), until `deadline` only: then the model's
/// size is the only limit besides the hard stop.
pub(crate) fn relax_with_bounds(
    problem: &Problem,
    analysis: &Analysis,
    bounds: &LowerBounds,
    budget: Duration,
    deadline: Instant,
    deterministic: bool,
) -> Option<Relaxation> {
    let left = deadline.saturating_duration_since(Instant::now());
    if budget < MIN_TIME
        || left < MIN_TIME / 2
        || problem.is_empty()
        || problem.resources().is_empty()
    {
        return None;
    }
    let cost = Cost::of(problem)?;
    let horizon = u32::try_from(problem.horizon()).ok()?;
    let quick = quick_makespan(problem, analysis);
    let end = ((f64::from(quick) * GRID_SLACK).ceil() as u32)
        .max(analysis.makespan_bound.saturating_add(1))
        .clamp(1, horizon.max(1));
    let seconds = budget.as_secs_f64() * SOLVE_SHARE;
    let planned = seconds * PLAN_SHARE / BUILD_SLOWDOWN;
    let sizes = choose_grids(problem, analysis, bounds, cost, end, planned);
    let started = Instant::now();
    let solve = |sizes: Sizes| -> Option<Relaxation> {
        let model = Model::build(problem, analysis, bounds, sizes, cost, horizon);
        let left = deadline.saturating_duration_since(Instant::now());
        let allowed = if deterministic {
            left
        } else {
            // up to OVERRUN times its share: a model that finishes on a
            // loaded machine gives the same lists as on an idle one,
            // whatever the limit beyond the opening
            let own = (seconds * OVERRUN - started.elapsed().as_secs_f64()).max(0.0);
            Duration::from_secs_f64(own).min(left.mul_f64(0.5))
        };
        let answer = model.lp.solve(allowed)?;
        let lower_bound = cost.round(answer.bound);
        lower_bound.is_finite().then(|| Relaxation {
            lower_bound,
            bottlenecks: model.bottlenecks(&answer.y, answer.primal),
            lists: model.lists(&answer.x, analysis),
            prices: Some(model.prices(&answer.y)),
        })
    };
    match sizes {
        Sizes {
            activity: None,
            goal: None,
        } => None,
        Sizes {
            activity: Some(_),
            goal: Some(ref goal),
        } => {
            // the cheap goals-only model first: if the full one runs out
            // of time, its bound and lists remain
            let first = solve(Sizes {
                activity: None,
                goal: Some(goal.clone()),
            });
            match (first, solve(sizes)) {
                (Some(a), Some(b)) if a.lower_bound > b.lower_bound => Some(Relaxation {
                    lower_bound: a.lower_bound,
                    ..b
                }),
                (a, b) => b.or(a),
            }
        }
        sizes => solve(sizes),
    }
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
                let integral = w.fract() == 0.0
                    && problem
                        .goals()
                        .iter()
                        .all(|g| g.priority.fract() == 0.0 && (g.priority * w).fract() == 0.0);
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

/// Makespan of the LFT-rule schedule: where the grids should end.
fn quick_makespan(problem: &Problem, analysis: &Analysis) -> u32 {
    let mut sgs = Sgs::new(problem);
    sgs.decode(&PriorityRule::Lft.activity_list(problem, analysis), None);
    sgs.makespan()
}

/// The grids of the two parts (`None`: the part is left out).
#[derive(Clone, Debug)]
struct Sizes {
    activity: Option<Grid>,
    goal: Option<Grid>,
}

/// The finest grids whose estimated solve time fits `seconds`. Part A
/// (activities) is used only with buckets of at most 10 days; when it can
/// be, part B (goals, weighted objective only) gets a third of the time
/// and part A the rest, otherwise part B gets it all.
fn choose_grids(
    problem: &Problem,
    analysis: &Analysis,
    bounds: &LowerBounds,
    cost: Cost,
    end: u32,
    seconds: f64,
) -> Sizes {
    let activity_time = |grid: &Grid| {
        let k = grid.len();
        let columns: usize = problem
            .activity_ids()
            .map(|a| {
                mode_groups(problem, a).len() * (k + 1 - grid.bucket_of(analysis.es[a.index()]))
            })
            .sum();
        ACTIVITY_SECONDS * (columns as f64).powf(1.5)
    };
    let coarsest = ACTIVITY_GRIDS[ACTIVITY_GRIDS.len() - 1];
    let detailed = activity_time(&Grid::new(end, coarsest.0, coarsest.1)) <= seconds * 2.0 / 3.0;
    let goals = problem.goals().len();
    let mut spent = 0.0;
    let mut goal = None;
    if !cost.makespan && goals > 0 {
        let share = if detailed { seconds / 3.0 } else { seconds };
        for &(base, growth) in GOAL_GRIDS {
            let grid = Grid::new(end, base, growth);
            let k = grid.len();
            let columns: usize = (0..goals)
                .map(|g| {
                    let lb = bounds.goal_finish.get(g).copied().unwrap_or(0);
                    k.saturating_sub(completion_bucket(&grid, lb))
                })
                .sum();
            let time = GOAL_SECONDS * (columns as f64).powf(1.5) * (goals as f64).sqrt();
            if time <= share {
                spent = time;
                goal = Some(grid);
                break;
            }
        }
    }
    let activity = detailed
        .then(|| {
            ACTIVITY_GRIDS
                .iter()
                .map(|&(base, growth)| Grid::new(end, base, growth))
                .find(|grid| activity_time(grid) + spent <= seconds)
        })
        .flatten();
    Sizes { activity, goal }
}

/// The bucket of completion day `c` on `grid`: the bucket holding its last
/// working day `c - 1` (`c = 0`: bucket 0).
fn completion_bucket(grid: &Grid, c: u32) -> usize {
    if c == 0 { 0 } else { grid.bucket_of(c - 1) }
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

mod activities;
mod answer;
mod goal_coupling;
mod goals;
mod model;
#[cfg(test)]
mod tests;
