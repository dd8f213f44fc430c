//! A Lagrangian lower bound: the capacity rows of the time-indexed model
//! priced into the objective, each subproblem solved exactly as a minimum
//! cut, and the prices improved by subgradient ascent.
//!
//! # Theoretical
//! Notation as in the [bounds module](crate::solve::bounds): `S_j`, `C_j`
//! start and finish of activity `j`, `f_g` the finish of goal `g`, `phi_g`
//! its cost per unit of priority (non-decreasing as `w >= -1`), `cap_r(t)`
//! the capacity of `r` on day `t`, `q_{m,r}` the demand of mode `m`.
//! `Free_r(t) = max(0, cap_r(t) - pin_r(t))` is what pinned activities
//! leave; `d_j` is the shortest duration of `j`'s *usable* modes (below).
//! Every datum is integral, so some optimal schedule starts every activity
//! on a whole day.
//!
//! **1. Windows.** Let `UB` be the objective of an incumbent schedule and
//! `F` the set of feasible schedules with objective `<= UB`; `F` holds an
//! optimal schedule. For `w >= 0` (and the makespan) the deadlines `D_j`
//! of the time-indexed model (`solve::lp::time_indexed`) with
//! `Cut::AtMostIncumbent` hold for every schedule of `F`; heads `H_j`
//! (Lemma 5 of the bounds module) hold for every feasible schedule. So
//! every `σ` in `F` has `H_j <= S_j <= D_j - d_{m_j}` for each non-pinned
//! `j` that has a deadline. For `-1 <= w < 0` every deadline is the
//! [horizon](crate::Problem::horizon), which bounds the finishes of some
//! optimal schedule: then read `F` as the set holding that one schedule.
//!
//! **2. The relaxed problem `R`.** Keep the non-pinned activities with a
//! deadline (the *kept* ones); the others (weighted objective: nothing
//! after them reaches a goal or a pin) are dropped, with their edges.
//! Dropping an activity removes a non-negative usage term and constraints,
//! so it only relaxes. A point of `R` is a start day `t_j` and a mode
//! `m_j` per kept activity and a day `u_g` per goal (*milestone*; for the
//! makespan, one milestone `u`) with:
//! - `t_j` in `[H_j, D_j - d_{m_j}]` and `m_j` *fits* on its days (its
//!   demand is at most `cap_r` on each): a mode that does not fit is
//!   never used there;
//! - `t_j >= t_i + d_i + lag` for every edge `(i, j, lag)` between kept
//!   activities (signed lags);
//! - `u_g >= t_j + d_j` for every kept member `j`; `u_g` in `[LB_g, E_g]`
//!   with `LB_g` the larger of `LowerBounds::goal_finish`, the pinned
//!   members' finishes and `H_j + d_j`, and `E_g` the largest member
//!   deadline (makespan: `[LowerBounds::makespan, UB]`);
//! - per resource `r` and bucket `B_k` (the days `[kΔ, (k+1)Δ)`): the
//!   priced row `U_{r,k} = sum_j q_{m_j,r} |[t_j, t_j + d_{m_j}) ∩ B_k| <=
//!   Free_r(B_k)`, the sum of the daily rows of the bucket.
//!
//! Its cost is `c(u) = sum_g p_g phi_g(u_g)` (makespan: `u`).
//!
//! **Lemma 1 (`R` relaxes the problem).** Every `σ` in `F` gives a point
//! of `R` of cost `obj(σ)`: its starts and modes (pinned activities keep
//! theirs and use `pin_r(t)`, so the others use at most `Free_r(t)` each
//! day and at most `Free_r(B_k)` per bucket), `u_g = f_g`. The modes of
//! `σ` fit. Each precedence `S_j >= S_i + d_{m_i} + lag >= S_i + d_i +
//! lag` holds (`d_i` is the least usable duration; edges into pinned
//! activities are not relied upon), and `f_g >= C_j >= S_j + d_j`.
//! `LB_g <= f_g` by the bounds module; `f_g <= E_g` by 1.
//!
//! **Lemma 2 (weak duality).** For `λ_{r,k} >= 0` let `L(λ) = min over
//! points of R without the priced rows of [c(u) + sum λ_{r,k} U_{r,k}] -
//! sum λ_{r,k} Free_r(B_k)`. For a point of `R` the added term `sum λ
//! (U - Free)` is `<= 0`, so `L(λ) <= min_R c <= obj(σ)` for every `σ` in
//! `F`, in particular for an optimal schedule; since `F` holds it,
//! `min(L(λ), UB)` is a lower bound on the optimum (Fisher 1981).
//!
//! **Lemma 3 (multi-mode).** Without the priced rows the activities
//! interact only through precedences, which involve days alone. So the
//! mode of `j` is chosen on its own: starting `j` on day `t` costs `a_j(t)
//! = min over modes m fitting from t with t + d_m <= D_j of sum_r q_{m,r}
//! sum_k λ_{r,k} |[t, t + d_m) ∩ B_k|` (`+inf` when none). The
//! multi-mode time-indexed LP (`x_{j,m,t}`, one start per activity,
//! disaggregated precedences with each mode's own duration, capacity per
//! day) is no weaker than this bound's LP: from its solution, `y_{j,t} =
//! sum_m x_{j,m,t}` satisfies the `d_j`-precedences (each mode's duration
//! is at least `d_j`, so "finished by" implies "started `d_j` earlier by")
//! and costs no more in the Lagrangian (`a_j(t)` is the least mode cost).
//! Hence `max_λ L(λ) <=` the time-indexed LP value, with equality for a
//! single mode and daily buckets (the constraint matrix of the
//! subproblem is totally unimodular: next lemma).
//!
//! **Lemma 4 (min cut).** The subproblem is a minimum closure problem
//! (Picard 1976; Chaudhuri, Walker & Mitchell 1994; Möhring, Schulz,
//! Stork & Uetz 2003). One chain per job: nodes `v_{j,k}` for `k` in its
//! window `[a_j, b_j]`, an arc `s -> v_{j,a_j}` of infinite capacity, arcs
//! `v_{j,k} -> v_{j,k+1}` (and `v_{j,b_j} -> sink`) of capacity `c_j(k) -
//! m_j` (`m_j = min_k c_j(k)`, the shift subtracted from every arc and
//! added back), infinite reverse arcs `v_{j,k+1} -> v_{j,k}`. For a
//! precedence `k_j >= k_i + δ`: an infinite arc `v_{i,k} -> v_{j,k+δ}` for
//! every `k` (to the sink when `k + δ > b_j`, none when `k + δ <= a_j`).
//! A finite cut's source side `S` holds `v_{j,a_j}` and is a prefix of each
//! chain (reverse arcs), so it cuts exactly one chain arc, `k_j` = the last
//! node of the chain in `S`; an infinite arc `v_{i,k} -> v_{j,k+δ}` is not
//! cut iff `k_i >= k` implies `k_j >= k + δ`, i.e. `k_j >= k_i + δ`.
//! Conversely every point gives such a cut. So finite cuts and points
//! correspond one to one, with cut capacity `sum_j c_j(k_j) - m_j`.
//!
//! **Lemma 5 (buckets).** With buckets `B_k = [b_k, b_{k+1})` (a grid
//! `0 = b_0 < b_1 < ...`, `k(t)` the bucket of day `t`) the chain of job
//! `j` has one node per bucket, of cost `c_j(k) = min` of `a_j(t)` over the
//! days of `B_k` in the window (milestone: `p_g phi_g` of its first such
//! day, as `phi_g` is non-decreasing), and a precedence `t_j >= t_i + δ`
//! (days, signed) becomes `k_j >= k(b_{k_i} + δ)` (no constraint when
//! `b_{k_i} + δ < 0`): from `t_i >= b_{k_i}`, `t_j >= b_{k_i} + δ`, and
//! `k(.)` is monotone. For uniform buckets of `Δ` days this is
//! `k_j >= k_i + floor(δ / Δ)`. Every point of the daily subproblem maps to a
//! bucketed point of no larger cost, so the bucketed minimum is a lower
//! bound of the daily one, and Lemma 2 still applies (the priced rows are
//! per bucket). The grid has buckets of `Δ` days until the incumbent's
//! last finish, then each about [`TAIL_GROWTH`] of its distance from it
//! (`Grid::fine_until`): the windows of low-priority goals reach far past
//! the incumbent (their deadlines from `UB` are loose), where little
//! competes for capacity; on a generated 300-task plan the daily network
//! shrank from 722,302 to 103,305 nodes, and 10 s of ascent went from
//! 22,246 to 22,845.
//!
//! **Lemma 6 (integer capacities).** With a power of two `σ` and capacities
//! `floor((c_j(k) - m_j) σ) - 1` (at least 0), each `<=` the true scaled
//! cost, the cut value `V` gives `sum m_j + V / σ <=` the bucketed
//! minimum. `σ` is the largest power of two with `σ max(sum_j max_k
//! (c_j(k) - m_j), max_{j,k} |c_j(k)|) <= min(2^52, 2^62 / (jobs + 2))`; "infinite" is one more than
//! the sum over chains of their largest finite capacity, which no cut of
//! a point (one arc per chain, Lemma 4) exceeds, so a cut holding an
//! infinite arc is recognised (a relaxed problem without a point: no bound), every value
//! is exact in `u64`, and `V / σ` is exact in `f64`. The `- 1` absorbs the
//! rounding of the subtraction (below one unit after scaling, as the
//! operands are below `2^52 / σ`).
//!
//! **Lemma 7 (floating point).** Each `a_j(t)` is a sum of few non-negative
//! products, computed with a relative error far below `ρ = 10^-9`, so
//! `a_j(t) (1 - ρ)` is below the exact value; milestone costs lose `ρ`
//! times the sum of the absolute values of their terms; a sum `M` of link
//! prices (section 8) enters as `M (1 - ρ)` where it is added and `M (1 +
//! ρ)` where it is subtracted. The final `sum m_j + V / σ` and `sum λ
//! Free` are sums of fewer than `10^6` terms (relative error `< 10^6 u <
//! ρ` of the sum of their absolute values), so subtracting `2ρ` times the
//! sum of those absolute values from their difference gives a proven
//! bound. When every objective value is an integer it is rounded up.
//!
//! **8. Mode links.** `R` counts every task at its shortest duration in
//! the precedences. With mode links (the option
//! [`LagrangianOptions::mode_links`]) every kept activity `j` whose usable
//! modes differ in duration, and whose finish something waits for (a
//! successor or its goal; every activity for the makespan), gets a *finish
//! job*: a day `C_j` with `C_j >= t_j + d_j` (an edge), from which its
//! successors' edges (`t_k >= C_j + lag`) and its milestone's (`u_g >=
//! C_j`) leave instead of from `t_j`. A *link* row per bucket `k` of
//! `C_j`'s window says that `j` is finished in its mode when `C_j` says
//! so: `[floor(C_j / Δ) <= k] <= [floor((t_j + d_{m_j}) / Δ) <= k]`. A run
//! that would finish after `C_j`'s latest day is not usable. Every `σ` in
//! `F` gives a point with `C_j = S_j + d_{m_j}`: the links hold with
//! equality and the other rows as in Lemmas 1 and 5. The links are priced
//! like the capacity rows (`μ_{j,k} >= 0`, right-hand side 0), so Lemma 2
//! holds. Without the priced rows the subproblem is still a closure
//! problem (Lemma 4): the finish job is one more chain, whose bucket `k`
//! costs `M_j(k) = sum_{k' >= k} μ_{j,k'}`; the start job's `(t, m)` costs
//! its priced usage minus `M_j(floor((t + d_m) / Δ))` (Lemma 3 still picks
//! the cheapest mode per day); the rest are edges. Costs may now be
//! negative: the shifts of Lemma 4 absorb that.
//!
//! **Lemma 8 (the links reach the time-indexed LP).** With daily buckets
//! and links on every multi-duration activity, `max_{λ,μ} L` equals the
//! LP of the relaxed problem with links, as the subproblem is a closure
//! problem, whose LP is integral (Geoffrion 1974). That LP is the
//! multi-mode time-indexed LP on these windows: from a solution `x` of the
//! latter, `[C_j <= τ] := sum over m, s + d_m <= τ of x_{j,m,s}` meets the
//! links with equality, the edge `C_j >= t_j + d_j` and, by the
//! disaggregated precedence rows (started by `τ` implies finished by `τ -
//! lag`), the successors' edges; conversely, a solution with links gives
//! `started_k(τ) <= [C_j <= τ - lag] <= finished_j(τ - lag)`. Neither
//! changes the cost. Shortest durations (without links) give only the
//! weaker LP of Lemma 3.
//!
//! **Ascent.** `L` is concave and `g_{r,k} = U_{r,k} - Free_r(B_k)` at
//! any of the subproblem's optima is a subgradient; so is any convex
//! combination of such, as the superdifferential is convex. The ascent
//! uses the mean of the subgradients of the earliest and the latest optimal
//! points (the smallest and the largest source sides of a minimum cut,
//! `graph::min_cut`; both are finite cuts, hence points, Lemma 4): the
//! earliest alone, with prices flat over many days, piles every job onto
//! its first cheapest day and makes the ascent zigzag (measured on a
//! 300-task plan, 60 subgradient steps from the LP's prices: 13,053 with
//! the earliest, 13,083 with the mean). The prices come from a proximal
//! bundle method (module `bundle`): each evaluated point is a linearization of
//! `L`, and the next prices maximise their minimum near the best prices
//! so far. When its quadratic program fails, a projected subgradient step
//! (Held, Wolfe & Crowder 1974) with the Polyak step: `λ <- max(0, λ + θ
//! (T - L(λ)) / |g'|^2 g)` with the target `T = min(UB, best + 0.1 |best|)`
//! ([`TARGET`]), `g'` being `g` without the components that would go
//! negative from `λ = 0`, `θ` halved after [`PATIENCE`] steps without a
//! better bound. Every `L(λ)` is a bound, so the best is kept.
//!
//! Measured on generated 300-task plans (`examples/lagrangian_bound.rs`,
//! daily buckets, from the LP's prices): the subgradient steps alone
//! (with deflection as in Camerini, Fratta & Maffioli 1975 or the volume
//! algorithm of Barahona & Anbil 2000 no better) stall short of the
//! maximum of `L`, which the bundle reaches (module `bundle`: numbers
//! there). Without mode links that maximum is the LP of `R` (Lemma 3),
//! whose precedences count each task's shortest duration: on those plans
//! 3.3-8.4 % below the time-indexed LP that holds every mode to its own
//! duration (crew sizes and alternative teams make most tasks
//! multi-mode). With them (Lemma 8) and the grid's tail (Lemma 5), 150 s
//! from the LP relaxation's prices reach 99.76 / 99.50 / 99.84 % of the
//! exact time-indexed LP (HiGHS, `examples/time_indexed_lp.rs`: 13,941.9
//! / 21,312.8 / 20,335.1 in 188 / 573 / 440 s) on the plans of seeds 16 /
//! 17 / 18, within 1 % of it after 9.8 / 15.8 / 8.7 s (daily networks of
//! 68,093 / 109,710 / 57,121 nodes); without the links, 94.43 % on seed
//! 16 after 150 s.
//!
//! **Alpha-point lists.** The subproblem's starts at the best `λ`, and
//! their mean over the last half of the steps (a convex combination
//! approximating the LP solution: Hall, Schulz, Shmoys & Wein 1997;
//! Möhring et al. 2003), ordered with ties by topological position and
//! made precedence-feasible for the serial SGS.
//!
//! # Practical
//! `Δ` is the smallest of [`BUCKETS`] whose network has at most
//! [`MAX_NODES`] nodes and [`MAX_ARCS`] arcs (daily on a 300-task plan,
//! weekly or coarser on 2,000 tasks), or the caller's. Mode links add a
//! chain per linked task (on the 300-task plan of seed 16, without the
//! grid's tail, 122,778 nodes become 176,195 at daily buckets; 0.15 s per
//! cut). The network's shape
//! is built once; each step computes the costs, a min cut
//! (shortest augmenting paths, `graph::min_cut`) and the usage. The result depends
//! only on the inputs and the iteration cap unless the deadline stops the
//! ascent first.
//!
//! # Bibliography
//! - J.-C. Picard (1976), Maximal closure of a graph and applications to
//!   combinatorial problems. *Management Science* 22(11), 1268–1272.
//! - M. Held, P. Wolfe, H. P. Crowder (1974), Validation of subgradient
//!   optimization. *Mathematical Programming* 6, 62–88.
//! - M. L. Fisher (1981), The Lagrangian relaxation method for solving
//!   integer programming problems. *Management Science* 27(1), 1–18.
//! - S. Chaudhuri, R. A. Walker, J. E. Mitchell (1994), Analyzing and
//!   exploiting the structure of the constraints in the ILP approach to
//!   the scheduling problem. *IEEE Transactions on VLSI Systems* 2(4).
//! - L. A. Hall, A. S. Schulz, D. B. Shmoys, J. Wein (1997), Scheduling to
//!   minimize average completion time: off-line and on-line approximation
//!   algorithms. *Mathematics of Operations Research* 22(3), 513–544.
//! - P. M. Camerini, L. Fratta, F. Maffioli (1975), On improving
//!   relaxation methods by modified gradient techniques. *Mathematical
//!   Programming Study* 3, 26–34.
//! - F. Barahona, R. Anbil (2000), The volume algorithm: producing primal
//!   solutions with a subgradient method. *Mathematical Programming*
//!   87(3), 385–399.
//! - A. M. Geoffrion (1974), Lagrangean relaxation for integer
//!   programming. *Mathematical Programming Study* 2, 82–114.
//! - R. H. Möhring, A. S. Schulz, F. Stork, M. Uetz (2003), Solving project
//!   scheduling problems by minimum cut computations. *Management
//!   Science* 49(3), 330–350.

mod bundle;
mod network;
mod relaxed;
#[cfg(test)]
mod tests;

use std::time::Instant;

use bundle::{Bundle, Next, dot, projected};
use network::Buckets;
use relaxed::{Days, Kind};

use crate::graph::Analysis;
use crate::model::{ActivityId, Problem};
use crate::schedule::Schedule;
use crate::solve::bounds::LowerBounds;
use crate::solve::lp::buckets::Grid;
use crate::solve::lp::relaxation::Relaxation;
use crate::solve::rules::list_by_keys;
use crate::solve::sgs::topological_positions;

/// Bucket lengths tried, finest first.
pub const BUCKETS: &[u32] = &[1, 2, 3, 5, 7, 10, 14, 21, 28, 42, 56, 84, 112];
/// After the incumbent's last finish a bucket is about this share of its
/// distance from it long (module docs, Lemma 5).
pub const TAIL_GROWTH: f64 = 0.1;
/// Most nodes of the min-cut network.
pub const MAX_NODES: usize = 400_000;
/// Most arcs of the min-cut network.
pub const MAX_ARCS: usize = 3_000_000;
/// The Polyak step aims at `min(UB, best + TARGET |best|)`: the
/// incumbent alone is often far above the Lagrangian optimum, and aiming
/// at it overshoots (measured on a 300-task plan, 60 steps from zero
/// prices: 12,769 aiming at UB, 13,047 with 0.1, 13,009 with 0.03).
pub const TARGET: f64 = 0.1;
/// Steps without a better bound before the step length is halved.
pub const PATIENCE: usize = 8;

/// How to compute the bound.
#[derive(Clone, Debug)]
pub struct LagrangianOptions {
    /// Days per bucket; 0 (the default) chooses the smallest that fits the
    /// size limits.
    pub bucket_days: u32,
    /// Most subgradient steps (deterministic).
    pub max_iterations: usize,
    /// Most nodes of the min-cut network when choosing the bucket size
    /// (0: [`MAX_NODES`]); arcs stay at most [`MAX_ARCS`] times the same
    /// share.
    pub max_nodes: usize,
    /// Hold every mode to its own duration in the precedences: a finish
    /// job per activity whose modes differ in duration, linked to its
    /// start by priced rows (module docs, section 8). Stronger on
    /// multi-mode plans (up to the time-indexed LP), with more prices to
    /// find.
    pub mode_links: bool,
    /// Hard stop: no step starts after it.
    pub deadline: Instant,
    /// Stops the ascent early once set (another thread proved the
    /// incumbent optimal); `None`: only the deadline and the step cap.
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// The Lagrangian bound and what came with it.
#[derive(Clone, Debug)]
pub struct Lagrangian {
    /// A proven lower bound on the objective (at most the incumbent's).
    pub bound: f64,
    /// Steps taken.
    pub iterations: usize,
    /// Days per bucket.
    pub bucket_days: u32,
    /// Nodes of the min-cut network.
    pub nodes: usize,
    /// Arcs of the min-cut network.
    pub arcs: usize,
    /// Precedence-feasible activity lists (alpha points).
    pub lists: Vec<Vec<ActivityId>>,
    /// `(step, best bound so far)` after steps 1, 2, 4, 8, ... and the last.
    pub trace: Vec<(usize, f64)>,
    /// `(seconds since the call, best bound so far)` at every step that
    /// improved the bound (measurement).
    pub timeline: Vec<(f64, f64)>,
}

/// The Lagrangian bound of `problem` given an `incumbent` (a feasible
/// schedule) and optionally the LP relaxation whose capacity duals start
/// the ascent. `None` for an empty problem, a lateness weight below -1, a
/// network too large, or an incumbent that is not feasible.
///
/// ```
/// use std::time::{Duration, Instant};
/// use tandem::graph::Analysis;
/// use tandem::solve::bounds::lagrangian::{LagrangianOptions, lagrangian};
/// use tandem::solve::{PriorityRule, Sgs, lower_bounds};
/// use tandem::{Calendar, ProblemBuilder};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // two four-day goals on a team of one: the best schedule costs 20
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("team", Calendar::constant(1));
/// let urgent = b.goal("urgent", 3.0, Some(4));
/// let later = b.goal("later", 1.0, None);
/// b.plan_task("u", Some(urgent), &[(team, 4.0)], 1, 1, 0);
/// b.plan_task("l", Some(later), &[(team, 4.0)], 1, 1, 0);
/// let problem = b.build()?;
/// let cpm = Analysis::new(&problem);
/// let bounds = lower_bounds(&problem, &cpm);
/// let mut sgs = Sgs::new(&problem);
/// sgs.decode(&PriorityRule::Lft.activity_list(&problem, &cpm), None);
/// let options = LagrangianOptions {
///     bucket_days: 0,
///     max_iterations: 200,
///     max_nodes: 0,
///     mode_links: true,
///     deadline: Instant::now() + Duration::from_secs(60),
///     stop: None,
/// };
/// let lr = lagrangian(&problem, &cpm, &bounds, &sgs.schedule(), None, &options)
///     .ok_or("no bound")?;
/// assert!(lr.bound > 16.0 && lr.bound <= 20.0);
/// # Ok(()) }
/// ```
pub fn lagrangian(
    problem: &Problem,
    analysis: &Analysis,
    bounds: &LowerBounds,
    incumbent: &Schedule,
    warm: Option<&Relaxation>,
    options: &LagrangianOptions,
) -> Option<Lagrangian> {
    let warm = warm
        .and_then(|r| r.prices.as_ref())
        .map(|(grid, prices)| (grid, &prices[..]));
    lagrangian_bound(problem, analysis, bounds, incumbent, warm, options)
}

/// [`lagrangian`] with the warm-start prices given directly: `per_day[r][k]`
/// per person-day of resource `r` in bucket `k` of `grid`.
pub(crate) fn lagrangian_bound(
    problem: &Problem,
    analysis: &Analysis,
    bounds: &LowerBounds,
    incumbent: &Schedule,
    warm: Option<(&Grid, &[Vec<f64>])>,
    options: &LagrangianOptions,
) -> Option<Lagrangian> {
    let started = Instant::now();
    let days = Days::new(problem, analysis, bounds, incumbent, options.mode_links)?;
    let grid = |delta: u32| Grid::fine_until(days.end, delta, days.busy, TAIL_GROWTH);
    let delta = if options.bucket_days > 0 {
        options.bucket_days
    } else {
        let max_nodes = match options.max_nodes {
            0 => MAX_NODES,
            m => m.min(MAX_NODES),
        };
        let max_arcs = MAX_ARCS / MAX_NODES * max_nodes;
        *BUCKETS.iter().find(|&&d| {
            let (nodes, arcs) = network::size(&days, &grid(d));
            nodes <= max_nodes && arcs <= max_arcs
        })?
    };
    let buckets = Buckets::new(&days, grid(delta))?;
    let (nodes, arcs) = buckets.size();
    let lambda = warm_prices(&buckets, warm);
    let ascent = ascend(&buckets, lambda, options);
    let mut bound = ascent.best.min(days.ub);
    if days.integral {
        bound = bound.ceil().min(days.ub);
    }
    let lists = if ascent.iterations > 0 {
        alpha_lists(problem, analysis, &days, &ascent)
    } else {
        Vec::new()
    };
    bound.is_finite().then_some(Lagrangian {
        bound,
        iterations: ascent.iterations,
        bucket_days: delta,
        nodes,
        arcs,
        lists,
        trace: ascent.trace,
        timeline: ascent
            .timeline
            .iter()
            .map(|&(t, b)| (t.duration_since(started).as_secs_f64(), b))
            .collect(),
    })
}

/// The warm-start prices on the buckets: the mean over each bucket's days
/// of the given per-day prices (0 without them, and on the links).
fn warm_prices(buckets: &Buckets<'_>, warm: Option<(&Grid, &[Vec<f64>])>) -> Vec<Vec<f64>> {
    let resources = buckets.days.free.len();
    buckets
        .free
        .iter()
        .enumerate()
        .map(|(r, row)| {
            (0..row.len())
                .map(|k| {
                    if r >= resources {
                        return 0.0;
                    }
                    let Some((grid, prices)) = warm else {
                        return 0.0;
                    };
                    let Some(row) = prices.get(r) else {
                        return 0.0;
                    };
                    let (from, to) = (buckets.grid.at(k), buckets.grid.at(k + 1));
                    let sum: f64 = (from..to)
                        .filter_map(|t| row.get(grid.bucket_of(t)))
                        .filter(|p| p.is_finite())
                        .map(|p| p.max(0.0))
                        .sum();
                    sum / f64::from(to - from)
                })
                .collect()
        })
        .collect()
}

/// What the subgradient ascent found.
struct Ascent {
    best: f64,
    iterations: usize,
    /// Relaxed start days at the best prices, and at every step.
    best_starts: Vec<u32>,
    history: Vec<Vec<u32>>,
    trace: Vec<(usize, f64)>,
    timeline: Vec<(Instant, f64)>,
}

/// The ascent of the module docs: prices from the proximal bundle
/// ([`bundle`]), a projected Polyak step when its QP fails.
fn ascend(buckets: &Buckets<'_>, mut lambda: Vec<Vec<f64>>, options: &LagrangianOptions) -> Ascent {
    let ub = buckets.days.ub;
    let mut out = Ascent {
        best: f64::NEG_INFINITY,
        iterations: 0,
        best_starts: Vec::new(),
        history: Vec::new(),
        trace: Vec::new(),
        timeline: Vec::new(),
    };
    let mut bundle: Option<Bundle> = None;
    let mut theta = 1.0;
    let mut stalled = 0;
    let stopped = || {
        options
            .stop
            .as_ref()
            .is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
    };
    while out.iterations < options.max_iterations && Instant::now() < options.deadline && !stopped()
    {
        let Some(eval) = buckets.evaluate(&lambda, options.deadline) else {
            break;
        };
        out.iterations += 1;
        if eval.bound > out.best {
            out.best = eval.bound;
            out.best_starts.clone_from(&eval.starts);
            out.timeline.push((Instant::now(), out.best));
            stalled = 0;
        } else {
            stalled += 1;
            if stalled >= PATIENCE {
                theta /= 2.0;
                stalled = 0;
            }
        }
        if out.iterations.is_power_of_two() {
            out.trace.push((out.iterations, out.best));
        }
        out.history.push(eval.starts);
        if out.best >= ub {
            break;
        }
        // the subgradient: usage minus free capacity
        let mut g: Vec<Vec<f64>> = eval.usage;
        for (g, f) in g.iter_mut().zip(&buckets.free) {
            for (g, &f) in g.iter_mut().zip(f) {
                *g -= f;
            }
        }
        let flat = lambda.concat();
        let next = match &mut bundle {
            Some(b) => b.step(flat, eval.bound, g.concat(), options.deadline),
            None => bundle
                .insert(Bundle::new(flat, eval.bound, g.concat()))
                .propose(options.deadline),
        };
        let prices = match next {
            Next::Prices(prices) => prices,
            Next::Converged => break,
            Next::Failed => {
                // projected Polyak step
                let flat = lambda.concat();
                let g = projected(&flat, &g.concat());
                let norm = dot(&g, &g);
                if norm <= 0.0 || theta < 1e-6 {
                    break; // the relaxed solution fits the capacity: L is maximal
                }
                let target = ub.min(out.best + TARGET * out.best.abs().max(1.0));
                let step = theta * (target - eval.bound).max(0.0) / norm;
                flat.iter()
                    .zip(&g)
                    .map(|(l, g)| (l + step * g).max(0.0))
                    .collect()
            }
        };
        let mut at = 0;
        for l in &mut lambda {
            let n = l.len();
            l.copy_from_slice(&prices[at..at + n]);
            at += n;
        }
    }
    if out.trace.last().is_some_and(|&(i, _)| i != out.iterations) {
        out.trace.push((out.iterations, out.best));
    }
    out
}

/// Activity lists by relaxed start (best step; mean over the last half of
/// the steps), precedence-feasible.
fn alpha_lists(
    problem: &Problem,
    analysis: &Analysis,
    days: &Days,
    ascent: &Ascent,
) -> Vec<Vec<ActivityId>> {
    let n = problem.len();
    let topo = topological_positions(problem);
    let recent = &ascent.history[ascent.history.len() / 2..];
    let mean: Vec<f64> = (0..days.jobs.len())
        .map(|j| recent.iter().map(|s| f64::from(s[j])).sum::<f64>() / recent.len() as f64)
        .collect();
    let mut lists: Vec<Vec<ActivityId>> = Vec::new();
    for starts in [
        ascent.best_starts.iter().map(|&s| f64::from(s)).collect(),
        mean,
    ] {
        // dropped activities after everything, pinned ones at their pin
        let mut day: Vec<f64> = (0..n)
            .map(|a| f64::from(days.end) + f64::from(analysis.es[a]))
            .collect();
        for (a, act) in problem.activities().iter().enumerate() {
            if let Some(pin) = act.pin {
                day[a] = f64::from(pin.start);
            }
        }
        for (job, &s) in days.jobs.iter().zip(&starts) {
            if let Kind::Activity(a, _) = job.kind {
                day[a.index()] = s;
            }
        }
        let keys: Vec<i64> = (0..n)
            .map(|a| (day[a] * 16.0).round() as i64 * n as i64 + i64::from(topo[a]))
            .collect();
        let list = list_by_keys(problem, &keys);
        if !lists.contains(&list) {
            lists.push(list);
        }
    }
    lists
}
