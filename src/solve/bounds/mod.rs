//! Proven lower bounds on the objective.
//!
//! Every number computed here is a lower bound that holds for **every**
//! feasible schedule, so the gap reported beside a heuristic schedule is
//! honest and `objective == bound` proves optimality.
//!
//! # Theoretical
//!
//! ## Notation
//! For activity `j`: `d_j` is its shortest duration (pinned: the pinned
//! mode's), `ES_j` its CPM earliest start ([`Analysis`]) and `H_j >= ES_j` its
//! *head*, a proven earliest start (below). Its *usable modes* are all modes
//! (a pinned activity: the pinned one). `e_{j,r} = min over usable modes m of
//! d_m * demand_m(r)` is its *minimum energy* on resource `r` (0 when some mode
//! does not use `r`). `cap_r(t)` is the capacity of `r` on day `t`,
//! `E_r(a, b) = sum_{a <= t < b} cap_r(t)` ([`Calendar::energy`](crate::Calendar::energy)), and
//! `T_r(t, e)` the smallest `T >= t` with `E_r(t, T) >= e` (`T_r(t, 0) = t`).
//! In a schedule, `S_j` / `C_j` are start / finish, `f_g` the finish of goal
//! `g` (0 without members) and `phi_g(x) = x + w * max(0, x - due_g)` its cost
//! per unit of priority (`w` = lateness weight; no due day: `phi_g(x) = x`).
//!
//! Assumptions (they define feasibility): on every day the demand of the
//! running activities on `r` is at most `cap_r(t)`; `S_j >= release_j`;
//! a pinned activity starts on its pin in its pinned mode; every precedence
//! into a non-pinned activity holds. Edges into pinned activities are never
//! relied upon except through the pin itself (re-planning may pin a started
//! task whose predecessor slipped).
//!
//! Lags are signed: a negative lag (a lead) lets the successor start before
//! its predecessor finishes. Every sum below that includes a lag is taken
//! with its sign, which is what keeps it a valid bound (counting a lead as
//! 0 would assume a constraint tighter than the model's).
//!
//! **Lemma 1 (CPM heads).** `S_j >= ES_j`. Induction over a topological
//! order: a pinned activity has `S_j = pin = ES_j`; otherwise
//! `S_j >= max(release_j, S_i + d_i + lag, 0) >= ES_j` (Kelley & Walker 1959).
//!
//! **Lemma 2 (tails).** For a target set `M` of activities, let
//! `q^M_j = max(0 if j in M, max over edges (j, s, lag), s not pinned, q^M_s
//! defined, lag + d_s + q^M_s >= 0, of lag + d_s + q^M_s)`, undefined when
//! none applies. Then `max_{m in M} C_m >= C_j + q^M_j`: follow the
//! maximising path `j -> s -> ... -> m`; each non-pinned successor starts at
//! least `lag` after its predecessor finishes and lasts at least `d_s`.
//! Leaving out the edges whose term is negative (a lead longer than the rest
//! of the path) only ignores constraints, and keeps every tail `>= 0`: the
//! *closure* of `M`, the activities with a defined tail, all finish by
//! `max_M C`.
//!
//! **Lemma 3 (energy).** Every schedule puts at least `e_{j,r}`
//! resource-days of `j` on `r` into `[S_j, C_j)`, and the daily total on `r`
//! is at most `cap_r(t)`. Hence for any set `A`, if every member starts at or
//! after `t` and finishes by `C`, then `E_r(t, C) >= sum_{j in A} e_{j,r}`,
//! i.e. `C >= T_r(t, e(A))`: a preemptive, fluid relaxation (the energetic
//! argument of Lopez, Erschler & Esquirol 1992), valid for any capacity profile.
//!
//! **Lemma 4 (disjunctive cliques).** Call `i` and `j` *incompatible* when
//! for every pair of their usable modes both durations are positive and some
//! resource `r` is asked for more than `max_t cap_r(t)` in total: they never
//! run on the same day. In a clique `K` of pairwise incompatible activities at
//! most one runs per day, so "capacity 1, demand 1 in every mode of a member"
//! is one more resource that every feasible schedule respects, and Lemmas 3,
//! 5, 6 and the sequencing bound apply to it unchanged (the disjunctive
//! bounds of Mingozzi et al. 1998 and Klein & Scholl 1999). Greedy maximal
//! cliques are added as virtual resources.
//!
//! ## Finish bound of a target set
//! For a target set `M` (all activities for the makespan, the members of a
//! goal for its finish) and every threshold pair `(t, q)`, take
//! `A = {j in closure(M) : H_j >= t, q^M_j >= q}`. If `A` is not empty,
//! by Lemmas 2-3, `max_{j in A} C_j >= T_r(t, e_r(A))` and
//! `max_M C >= max_{j in A} C_j + q >= T_r(t, e_r(A)) + q`: the
//! head-body-tail bound `r(A) + p(A) + q(A)` of the one-machine preemptive
//! relaxation (Carlier 1982) with a time-varying capacity. Also
//! `max_M C >= H_j + d_j + q^M_j` for every closure activity (Lemma 2).
//!
//! **Lemma 5 (raised heads).** For a non-pinned `j`, the finish bound above
//! applied to the target `{j}` over its ancestors (leaving `j` out) bounds
//! `C_j` through paths ending with `d_j`, so
//! `S_j >= T_r(t, e_r(A)) + q - d_j`; together with
//! `S_j >= max(release_j, H_i + d_i + lag, 0)` this defines `H_j`, computed in
//! topological order so ancestors' raised heads are used (induction).
//!
//! **Lemma 6 (energetic reasoning, destructive).** Suppose `max_M C <= T`.
//! Then every closure activity runs inside `[H_j, T - q^M_j)` (Lemma 2) in a
//! usable mode `m` with `H_j + d_m <= T - q^M_j`. As `S_j` slides over its
//! window, the overlap of `[S_j, S_j + d_m)` with an interval `[a, b)` first
//! grows then shrinks, so it is at least the smaller of the left- and
//! right-shifted overlaps. Summing, over the closure, the minimum over
//! fitting modes of `demand_m(r) * overlap` must not exceed `E_r(a, b)`; if
//! it does for some `r` and `[a, b)` (or no mode fits some window), no
//! schedule has `max_M C <= T`, so `max_M C >= T + 1` (Baptiste, Le Pape &
//! Nuijten 1999; the destructive scheme of Klein & Scholl 1999). The result
//! is one more than the largest refuted `T`, so it needs no monotonicity.
//!
//! ## Makespan objective
//! `critical_path` is the CPM bound `max_j ES_j + d_j`; `energy` the best of
//! the finish bounds above for the whole project, Lemma 6 included.
//!
//! ## Weighted objective
//! `phi_g` is non-decreasing when `w >= -1`, so `f_g >= LB_g` gives
//! `sum_g p_g phi_g(f_g) >= sum_g p_g phi_g(LB_g)`: with CPM finish bounds
//! (`max` member `ES + d`) this is `critical_path`, with the best finish
//! bounds (`goal_finish`, every lemma above) it is `energy`.
//!
//! `sequencing` couples the goals. Order the goals of a feasible schedule by
//! finish, `f_{g_1} <= ... <= f_{g_k}`, and let `P_i = {g_1..g_i}`. Every
//! activity in the closure of any goal in `P_i` finishes by `f_{g_i}`
//! (Lemma 2), and starts after `rel_r(P_i)`, the smallest head over those
//! closure activities with `e_{j,r} > 0`. Lemma 3 gives
//! `f_{g_i} >= tau(P_i) = max_r T_r(rel_r(P_i), e_r(closure(P_i)))`, so
//! `objective >= sum_i p_{g_i} phi_{g_i}(max(LB_{g_i}, tau(P_i)))`, whose
//! minimum over all orders is found exactly by dynamic programming over
//! subsets (Held & Karp 1962): `best(P) = min_{g in P} best(P - g) + p_g
//! phi_g(max(LB_g, tau(P)))`. Goals outside the DP (at most 16 goals enter
//! it; up to 22 in `deeper_sequencing`, which a solve runs with time
//! beyond its opening) contribute `p_g phi_g(LB_g)`, which is valid on its
//! own.
//!
//! For `w >= 0` the two terms of the objective are bounded separately and
//! added: on each resource, a machine of speed `c_max = max_t cap_r(t)` from
//! `r_0` (smallest head with positive energy) completes the goals' member
//! energy no sooner than the real one, and without release dates the
//! preemptive weighted completion time is minimised by Smith's ratio rule
//! (Smith 1956; preemption does not help, McNaughton 1959), so
//! `sum p_g f_g >= r_0 sum p_g + (1/c_max) * WSPT(p_g, e_{g,r})` over goals
//! with energy on `r` (plus `p_g LB_g` for the others); also
//! `sum p_g f_g >= sum p_g LB_g`. The lateness term is at least
//! `w sum p_g max(0, LB_g - due_g)`.
//!
//! **Machine bound** (`w >= 0`; `machine.rs`). It sequences goals on one
//! team with their convex lateness cost. Let `psi_g(x) = phi_g(max(x,
//! LB_g))`: for `w >= 0` it is convex, non-decreasing and piecewise linear
//! with breakpoints `LB_g` and `K_g = max(LB_g, due_g)`, slopes `0`, `1`,
//! `1 + w`, and `p_g phi_g(f_g) = p_g psi_g(f_g)` in every schedule.
//! 1. *Tangents.* For `0 <= a <= s_g` (`s_g` the last slope) let
//!    `beta_g(a) = min(psi_g(LB_g) - a LB_g, psi_g(K_g) - a K_g)`; then
//!    `psi_g(x) >= a x + beta_g(a)` for all `x`, since a convex piecewise
//!    linear function minus a line of slope within its slopes is smallest
//!    at a breakpoint.
//! 2. *One job per goal and team.* On resource `r` with `c = max_t
//!    cap_r(t) > 0`, goal `g`'s *job* `J` is its members with `e_{j,r} >
//!    0`, of length `P_J = sum e_{j,r} / c`, release `rho_J = min H_j`; jobs
//!    of different goals are disjoint. Read time as continuous (day `t` is
//!    `[t, t+1)`, each day's work spread evenly over it): the share of
//!    `r`'s capacity the members of `J` use is a rate in `[0, 1]` in units
//!    of `c`, the jobs' rates sum to at most 1, `J` gets `P_J` units after
//!    `rho_J` (Lemma 3) and all of them before `C_J = max_{j in J} C_j`: a
//!    preemptive schedule of a single machine (each member's use scaled
//!    down to `e_{j,r}` in total, which keeps every rate bound). With `M_J` its mean busy time
//!    (the mean of the moments its units run), packing the units at rate 1
//!    right before `C_J` gives `C_J >= M_J + P_J / 2`, and Lemma 2 gives
//!    `f_g >= C_J + q_J` with `q_J = min_{j in J} q^g_j`.
//! 3. *Mean busy times.* For weights `W_J >= 0`, `sum_J W_J M_J` over
//!    preemptive schedules with releases is minimised by running, at every
//!    moment, the released unfinished job of largest `W_J / P_J`
//!    (preemptive WSPT; an exchange of two units of time between a job of
//!    higher ratio run later and one of lower ratio run earlier does not
//!    increase the sum; Goemans 1997).
//! 4. *Lagrangian.* Give each goal non-negative shares `lambda_{g,r}`
//!    over the teams where it has a job, summing to at most 1, with
//!    `lambda_{g,0}` the rest, and each (goal, team) a slope `a_{g,r}` in
//!    `[0, s_g]`. With `v = lambda p_g`, `X = M_J + P_J / 2 + q_J` and 1-3,
//!    the objective is at least `sum_g lambda_{g,0} p_g psi_g(LB_g)` plus
//!    `sum_r sum_g v (beta_g(a) + a X)`, and the latter is smallest when
//!    `M` comes from the preemptive WSPT schedule with `W_J = v a`. So
//!    every choice of shares and slopes gives a proven bound; they are
//!    searched by supergradient steps (`v (X - x*)` in the slopes, `x*`
//!    the breakpoint attaining `beta`; `p_g (beta + a X)` in the shares)
//!    and the best value found is kept: first each team alone (`lambda = 1`
//!    on it, the other goals at `psi_g(LB_g)`), then teams by decreasing
//!    gain each taking the goals not yet taken, then shares and slopes
//!    together.
//!
//! **Branching on a goal's finish** (`branching.rs`; `w >= -1`). Split
//! the schedules by the finish of one goal `g` into brackets `lo <= f_g <=
//! hi` covering `[LB_g, inf)`; the smallest over brackets of a bound on
//! each is a bound. In a bracket, `p_g phi_g(f_g) >= p_g phi_g(lo)`, and
//! every activity `j` of `g`'s closure runs inside `[H_j, hi - q^g_j)`
//! (Lemma 2) in a mode that fits there. Whatever its start, a fitting mode
//! `m` covers `[hi - q^g_j - d_m, H_j + d_m)`, so `j` surely runs on the
//! intersection `I_j` of those intervals over its fitting modes, using at
//! least `a_{j,r}` (the least demand of those modes) of `r` on each of its
//! days (no fitting mode: the bracket is empty). Take that *mandatory*
//! (compulsory, Lahrichi 1982)
//! work out of the capacity, `cap'_r(t) = cap_r(t) - sum_{j : t in I_j}
//! a_{j,r}` (negative somewhere: the bracket is empty), and out of each
//! such activity's energy, `e'_{j,r} = e_{j,r} - a_{j,r} |I_j|`: what each
//! activity does outside its mandatory part is at least its reduced
//! energy, and all of it fits in the reduced capacity on every day. So
//! Lemma 3, the finish bounds and the subset DP above all hold with
//! `cap'` and `e'` for the other goals (the branched goal left out of the
//! DP, whose goals outside it count `p_h phi_h(LB_h)`), with each goal's
//! finish bound raised by the head-body-tail bound on `cap'`, `e'`, and
//! then by Lemma 6 on the original capacity over its closure *together
//! with* `g`'s closure: the items of `h`'s closure must finish by `T -
//! q^h_j`, those of `g`'s by `hi - q^g_j` (an activity in both: the
//! smaller), so a refuted `T` is a day `h` cannot finish by while `g`
//! finishes by `hi` (*paired* energetic reasoning: finishing `g` early
//! crowds `h` out of its teams, which no single-goal bound sees). The
//! bound of a bracket is `p_g phi_g(lo)` plus the larger of that DP and
//! the same DP without the branching (valid in every bracket); the
//! brackets grow by an eighth of their distance from `LB_g` and stop once
//! `p_g phi_g(lo)` plus the DP without branching reaches the best bracket
//! (no later bracket can be smaller), or after 48 brackets, the last one
//! open-ended. Within a bracket the same split applies again: branching
//! on a second goal `h` holds both goals' closures to their brackets'
//! deadlines (each activity once, at the smaller latest finish), and the
//! bound of the bracket of `g` is `p_g phi_g(lo)` plus the larger of the
//! DP above and the branching on `h`. It branches on the goals with the
//! steepest cost at their finish bounds: a schedule that finishes such a
//! goal near its bound has its work fixed in time, which the fluid
//! sequencing above does not see (a dual bound by branching, in the spirit
//! of Demeulemeester & Herroelen 1992's branch-and-bound for project
//! scheduling).
//!
//! **Split.** The objective is a sum over goals, so a bound on the cost of
//! the DP's goals plus a bound on the cost of the others is a bound: the
//! DP's value plus, for the others, their `p_g phi_g(LB_g)` or the machine
//! bound with the DP's goals weighing nothing. With more goals than the DP
//! takes, it is also run on the goals that keep each of the three busiest
//! teams (most minimum energy per unit of peak capacity) busy longest.
//!
//! `sequencing` is the largest of the split DP, the branching bound, the
//! separate terms and the machine bound. For `w < -1` the objective is unbounded below in general
//! and all three weighted bounds are `-inf`; for `-1 <= w < 0` the separate
//! terms and machine bounds are skipped (the lateness is not convex).
//!
//! # Practical
//! Thresholds `t` are the distinct heads (at most 128, evenly sampled, which
//! weakens but never invalidates a bound); for each `t` one scan over the
//! closure sorted by tail descending accumulates `e_r(A)` and evaluates `T_r`
//! by binary search over the calendar's cumulative energy. Lemma 6 tests
//! intervals whose ends are window ends and shortest-mode mandatory-part
//! ends (sampled to stay within a work budget), starting from the best
//! other bound and doubling then bisecting `T`. Head raising (Lemma 5) and
//! clique search are quadratic and skipped on very large problems. In the
//! DP, `e_r(closure(P))` for all `2^k` subsets comes from a sum-over-subsets
//! transform over each activity's *signature* (the set of DP goals whose
//! closure contains it). An unreachable energy (a calendar that drops to 0
//! for ever) would make the problem infeasible; such a constraint is
//! skipped, which stays valid.
//!
//! On PSPLIB j30 (480 instances, makespan) these bounds equal the best
//! known makespan on 271 instances against 216 for CPM alone, with a mean
//! gap to it of 4.1 % against 9.2 %.
//!
//! # Bibliography
//! - J. E. Kelley, M. R. Walker (1959), Critical-path planning and scheduling.
//! - W. E. Smith (1956), Various optimizers for single-stage production.
//! - R. McNaughton (1959), Scheduling with deadlines and loss functions.
//! - M. Held, R. M. Karp (1962), A dynamic programming approach to sequencing problems.
//! - M. X. Goemans (1997), Improved approximation algorithms for scheduling
//!   with release dates.
//! - J. Carlier (1982), The one-machine sequencing problem.
//! - A. Lahrichi (1982), Ordonnancements : la notion de « parties
//!   obligatoires » et son application aux problèmes cumulatifs, RAIRO-RO.
//! - E. Demeulemeester, W. Herroelen (1992), A branch-and-bound procedure
//!   for the multiple resource-constrained project scheduling problem,
//!   Management Science 38(12).
//! - P. Lopez, J. Erschler, P. Esquirol (1992), Ordonnancement de tâches sous
//!   contraintes: une approche énergétique.
//! - A. Mingozzi, V. Maniezzo, S. Ricciardelli, L. Bianco (1998), An exact
//!   algorithm for the resource-constrained project scheduling problem based
//!   on a new mathematical formulation.
//! - R. Klein, A. Scholl (1999), Computing lower bounds by destructive
//!   improvement: an application to resource-constrained project scheduling.
//! - Ph. Baptiste, C. Le Pape, W. Nuijten (1999), Satisfiability tests and
//!   time-bound adjustments for cumulative scheduling problems.
//! - E. Néron, C. Artigues, Ph. Baptiste, J. Carlier, J. Damay, S. Demassey,
//!   Ph. Laborie (2006), Lower bounds for resource constrained project
//!   scheduling problem (survey).

mod branching;
mod cliques;
mod context;
pub mod lagrangian;
mod machine;
mod reasoning;
mod sequencing;
#[cfg(test)]
mod tests;

use context::Context;

use crate::graph::Analysis;
use crate::model::{GoalId, Objective, Problem, ResourceId};

/// Most goals entering the exact subset DP of the sequencing bound.
const DP_GOALS: usize = 16;
/// Teams (the busiest) whose goals get a subset DP of their own.
const FOCUS_TEAMS: usize = 3;
/// Most release thresholds evaluated per finish bound.
const THRESHOLDS: usize = 128;
/// Release thresholds per resource when raising one activity's head.
const HEAD_THRESHOLDS: usize = 16;
/// Work budget of the head raising (steps of
/// `Context::improve_heads`: about a tenth of a second on a 2,000-task plan).
const HEAD_WORK: usize = 100_000_000;
/// Default energetic-reasoning work for a whole `lower_bounds` call
/// (deterministic, unlike a clock): about a tenth of a second.
pub(crate) const ER_TOTAL_BUDGET: usize = 60_000_000;

/// Lower bounds on the objective, each proven (the theory and references
/// of each: the [module docs](crate::solve::bounds)).
///
/// `Default` is all zeros: trivially valid for a non-negative objective.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LowerBounds {
    /// From the critical path (shortest modes, releases, lags, pins).
    pub critical_path: f64,
    /// From resource energy: per-team fluid relaxations with heads and tails.
    pub energy: f64,
    /// Weighted objective only (0 for the makespan): goals sequenced on the
    /// fluid relaxation of each team (subset DP, Smith's rule, and the
    /// machine bound with the convex lateness cost).
    pub sequencing: f64,
    /// From the LP relaxation (`-inf` when it was not solved).
    pub lp: f64,
    /// From the MILP: its proven bound, or the objective when it proved optimality (`-inf` if not run).
    pub milp: f64,
    /// From the Lagrangian relaxation of the time-indexed model's capacity
    /// rows ([`lagrangian`]: min-cut subproblems; `-inf` when not run).
    pub lagrangian: f64,
    /// Best proven lower bound on the makespan (whatever the objective).
    pub makespan: u32,
    /// Per goal (indexed by [`GoalId`]): a proven lower bound on its finish.
    pub goal_finish: Vec<u32>,
    /// Per resource (indexed by [`ResourceId`]): its energy and the makespan
    /// it forces on its own.
    pub resources: Vec<ResourceBound>,
}

/// What one resource (team) alone proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceBound {
    /// The resource.
    pub resource: ResourceId,
    /// Resource-days every schedule spends on it (sum of minimum energies).
    pub min_energy: u64,
    /// Makespan lower bound from this resource's energy with heads and tails
    /// (0 when nothing needs it).
    pub makespan: u32,
}

impl LowerBounds {
    /// The best (largest) bound on the objective.
    pub fn best(&self) -> f64 {
        self.critical_path
            .max(self.energy)
            .max(self.sequencing)
            .max(self.lp)
            .max(self.milp)
            .max(self.lagrangian)
    }
}

/// Computes every lower bound for the problem's objective.
///
/// ```
/// use tandem::graph::Analysis;
/// use tandem::solve::lower_bounds;
/// use tandem::{Calendar, Objective, ProblemBuilder};
/// let mut b = ProblemBuilder::new();
/// let t = b.resource("t", Calendar::constant(2));
/// for name in ["a", "b", "c", "d"] {
///     b.plan_task(name, None, &[(t, 4.0)], 2, 2, 0); // 2 people, 2 days
/// }
/// b.objective(Objective::Makespan);
/// let p = b.build().unwrap();
/// let lb = lower_bounds(&p, &Analysis::new(&p));
/// assert_eq!(lb.critical_path, 2.0);
/// assert_eq!(lb.energy, 8.0); // 16 person-days on a team of 2
/// assert_eq!(lb.best(), 8.0);
/// ```
pub fn lower_bounds(problem: &Problem, analysis: &Analysis) -> LowerBounds {
    lower_bounds_until(problem, analysis, ER_TOTAL_BUDGET, None)
}

/// What the time-indexed MILP's start windows take from this module, all
/// from one bounds context: proven earliest starts, least energies, and the
/// finish bounds of goal sets.
#[derive(Clone, Debug, Default)]
pub(crate) struct WindowBounds {
    /// Proven earliest starts: the critical-path ones raised by the energy
    /// of each activity's ancestors (Lemma 5; pinned activities keep their day).
    pub(crate) heads: Vec<u32>,
    /// `energy[j][r]`: the least resource-days activity `j` spends on
    /// resource `r` in any schedule (Lemma 3's `e_{j,r}`).
    pub(crate) energy: Vec<Vec<u64>>,
    /// [`goal_set_bounds`] for sets of at most the size asked (none for 0).
    pub(crate) goal_sets: Vec<(Vec<GoalId>, u64)>,
}

/// [`WindowBounds`] with goal sets of at most `max_set` goals.
pub(crate) fn window_bounds(
    problem: &Problem,
    analysis: &Analysis,
    max_set: usize,
) -> WindowBounds {
    let ctx = Context::new(problem, analysis);
    WindowBounds {
        heads: (0..ctx.n).map(|j| to_u32(ctx.es(j))).collect(),
        energy: (0..ctx.n)
            .map(|j| (0..ctx.nr_real).map(|r| ctx.energy(j, r)).collect())
            .collect(),
        goal_sets: goal_sets_of(&ctx, max_set),
    }
}

/// [`lower_bounds`] with an explicit energetic-reasoning work budget
/// (interval tests times activity modes; roughly 6e7 per tenth of a second)
/// that skips what is left of the optional
/// work once `deadline` passes: the energetic reasoning of the goals not yet
/// bounded (they keep their critical-path finish) and the sequencing runs
/// not yet started. Every bound stays proven; with a deadline that cuts,
/// the result depends on timing.
pub(crate) fn lower_bounds_until(
    problem: &Problem,
    analysis: &Analysis,
    er_budget: usize,
    deadline: Option<std::time::Instant>,
) -> LowerBounds {
    let mut ctx = Context::until(problem, analysis, deadline);
    ctx.er_budget = er_budget;
    let all = vec![true; problem.len()];
    let project_tails = ctx.tails(&all);
    let project_closure = closure_of(&project_tails);
    let resources: Vec<ResourceBound> = (0..ctx.nr_real)
        .map(|r| ResourceBound {
            resource: ResourceId::from_index(r),
            min_energy: (0..ctx.n).map(|j| ctx.energy(j, r)).sum(),
            makespan: to_u32(ctx.energetic_bound(&project_tails, &project_closure, r)),
        })
        .collect();
    let head_tail = (ctx.nr_real..ctx.nr)
        .map(|r| to_u32(ctx.energetic_bound(&project_tails, &project_closure, r)))
        .chain(resources.iter().map(|b| b.makespan))
        .max()
        .unwrap_or(0);
    let raised = (0..ctx.n)
        .map(|j| ctx.es(j) + u64::from(analysis.duration[j]) + project_tails[j].unwrap_or(0))
        .max()
        .unwrap_or(0);
    let lo = u64::from(analysis.makespan_bound.max(head_tail)).max(raised);
    let energetic_makespan = to_u32(ctx.energetic_reasoning(&project_tails, lo)).max(head_tail);
    let makespan = analysis.makespan_bound.max(energetic_makespan);

    let GoalBounds {
        cpm: goal_cpm,
        lb: goal_lb,
        tails: goal_tails,
    } = goal_bounds(&ctx);
    let goal_finish: Vec<u32> = goal_lb.iter().map(|&x| to_u32(x)).collect();

    let (critical_path, energy, sequencing) = match problem.objective() {
        Objective::Makespan => (
            f64::from(analysis.makespan_bound),
            f64::from(energetic_makespan),
            0.0,
        ),
        Objective::Weighted { lateness_weight: w } => {
            if w >= -1.0 {
                let cp = ctx.weighted_sum(&goal_cpm, w);
                let en = ctx.weighted_sum(&goal_lb, w);
                let ng = problem.goals().len();
                let mut seq = if ctx.late() {
                    f64::NEG_INFINITY
                } else {
                    ctx.sequencing_bound(&goal_tails, &goal_lb, w, DP_GOALS)
                        .unwrap_or(f64::NEG_INFINITY)
                };
                if ng <= DP_GOALS {
                    // the branching's energetic reasoning: as much again
                    ctx.er_budget = ctx.er_spent.get().saturating_add(er_budget);
                    let orders: Vec<Vec<usize>> = branching_goals(&ctx, &goal_lb, w)
                        .into_iter()
                        .map(|g| vec![g])
                        .collect();
                    let b = branching(&mut ctx, &goal_tails, &goal_lb, w, &orders, PAIR_CANDIDATES);
                    if let Some(b) = b {
                        seq = seq.max(b);
                    }
                }
                if w >= 0.0 {
                    seq = seq.max(ctx.separate_terms(&goal_lb, w));
                    if !ctx.late() {
                        let none = vec![false; ng];
                        seq = seq.max(ctx.machine_bound(&goal_tails, &goal_lb, w, &none));
                    }
                }
                (cp, en, seq)
            } else {
                (f64::NEG_INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY)
            }
        }
    };
    LowerBounds {
        critical_path,
        energy,
        sequencing,
        makespan,
        goal_finish,
        resources,
        lp: f64::NEG_INFINITY,
        milp: f64::NEG_INFINITY,
        lagrangian: f64::NEG_INFINITY,
    }
}

/// Most goals in a subset DP of [`deeper_sequencing`]: its tables take
/// 24 bytes per subset, 100 MB at 22 goals.
const DEEP_GOALS: usize = 22;

/// Plans with more goals get no [`deeper_sequencing`]: a DP holding a
/// third of the goals or less gained nothing measurable (generated plans:
/// +7 % at 24 goals, +1 % at 60, none at 80).
const DEEP_MOST_GOALS: usize = 3 * DEEP_GOALS;

/// The work of one sequencing bound with `k` goals per subset DP, in the
/// units of [`deeper_sequencing`]'s budget: subsets times (goals plus
/// resources), per DP run.
fn sequencing_work(k: usize, goals: usize, resources: usize) -> f64 {
    let runs = if goals > k { 1 + FOCUS_TEAMS } else { 1 };
    (runs * (k + resources)) as f64 * (k as f64).exp2()
}

/// The sequencing bounds that need more time than [`lower_bounds`] has:
/// on plans of more than [`DP_GOALS`] goals the sequencing bound (module
/// docs, "Weighted objective") with more goals in its subset DP, one goal
/// more at a time (iterative deepening), then the branching bound (module
/// docs, "Branching on a goal's finish"; up to [`BRANCH_MOST_GOALS`]
/// goals) with a finer energetic reasoning. `work` is in units of subsets
/// times goals and resources (about `1e8` a second): the deepening stops
/// before the DP that would exceed it, or at [`DEEP_GOALS`], and what it
/// leaves goes to the branching (whose energetic reasoning counts
/// [`ER_PER_WORK`] of its own units per unit); `deadline` stops both.
/// Each result is a proven bound and the best is returned; `goal_finish`
/// are proven goal finish bounds
/// ([`LowerBounds::goal_finish`]). `None` when there is nothing to add:
/// another objective, too many goals, or no time.
pub(crate) fn deeper_sequencing(
    problem: &Problem,
    analysis: &Analysis,
    goal_finish: &[u32],
    work: f64,
    deadline: std::time::Instant,
) -> Option<f64> {
    let Objective::Weighted { lateness_weight: w } = problem.objective() else {
        return None;
    };
    let ng = problem.goals().len();
    if w < -1.0 || ng > DEEP_MOST_GOALS || goal_finish.len() != ng {
        return None;
    }
    let mut ctx = Context::until(problem, analysis, Some(deadline));
    let goal_lb: Vec<u64> = goal_finish.iter().map(|&f| u64::from(f)).collect();
    let goal_tails: Vec<Tails> = (0..ng)
        .map(|g| {
            let members = problem.goal_members(GoalId::from_index(g));
            if members.is_empty() {
                return Tails::default();
            }
            let mut target = vec![false; ctx.n];
            for &m in members {
                target[m.index()] = true;
            }
            Tails::from_dense(&ctx.tails(&target))
        })
        .collect();
    // the deepening first (plans of more goals than the usual DP), then
    // the branching with the work left (its energetic reasoning counted
    // in its own units)
    let (best, spent) = deepen(&ctx, &goal_tails, &goal_lb, w, work);
    let left = work - spent;
    if ng > BRANCH_MOST_GOALS || left <= 0.0 || ctx.late() {
        return best;
    }
    ctx.er_budget = (left * ER_PER_WORK).min(usize::MAX as f64) as usize;
    // each of the steepest goals, then the two steepest together (the
    // second branched within each bracket of the first) with what is left
    let goals = branching_goals(&ctx, &goal_lb, w);
    let mut orders: Vec<Vec<usize>> = goals.iter().map(|&g| vec![g]).collect();
    if goals.len() >= 2 {
        orders.push(goals[..2].to_vec());
    }
    let branched = branching(
        &mut ctx,
        &goal_tails,
        &goal_lb,
        w,
        &orders,
        DEEP_PAIR_CANDIDATES,
    );
    match (best, branched) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// The best branching bound over `orders` (each the goals to branch on,
/// outermost first), until the deadline passes.
fn branching(
    ctx: &mut Context<'_>,
    goal_tails: &[Tails],
    goal_lb: &[u64],
    w: f64,
    orders: &[Vec<usize>],
    candidates: usize,
) -> Option<f64> {
    let mut best: Option<f64> = None;
    for order in orders {
        if ctx.late() {
            break;
        }
        if let Some(value) = ctx.branching_bound(goal_tails, goal_lb, w, order, candidates) {
            best = Some(best.map_or(value, |b| b.max(value)));
        }
    }
    best
}

/// The iterative deepening of [`deeper_sequencing`] (nothing on plans of
/// at most [`DP_GOALS`] goals): its best bound and the work it spent.
fn deepen(
    ctx: &Context<'_>,
    goal_tails: &[Tails],
    goal_lb: &[u64],
    w: f64,
    work: f64,
) -> (Option<f64>, f64) {
    let ng = goal_lb.len();
    let (mut best, mut spent) = (None, 0.0);
    for k in DP_GOALS + 1..=ng.min(DEEP_GOALS) {
        let next = sequencing_work(k, ng, ctx.nr);
        if spent + next > work || ctx.late() {
            break;
        }
        spent += next;
        match ctx.sequencing_bound(goal_tails, goal_lb, w, k) {
            Some(value) => best = Some(best.map_or(value, |b: f64| b.max(value))),
            None => break,
        }
    }
    (best, spent)
}

/// Goals whose finish the branching bound branches on: the
/// [`BRANCH_GOALS`] with the steepest cost at their finish bounds
/// (priority times the slope there), steepest first.
fn branching_goals(ctx: &Context<'_>, goal_lb: &[u64], w: f64) -> Vec<usize> {
    let mut steep: Vec<(f64, usize)> = ctx
        .problem
        .goals()
        .iter()
        .enumerate()
        .filter(|&(g, _)| !ctx.problem.goal_members(GoalId::from_index(g)).is_empty())
        .map(|(g, goal)| {
            let late = goal.due.is_some_and(|d| goal_lb[g] >= u64::from(d));
            let slope = if late { 1.0 + w } else { 1.0 };
            (goal.priority * slope, g)
        })
        .collect();
    steep.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    steep.into_iter().take(BRANCH_GOALS).map(|s| s.1).collect()
}

/// Goals the branching bound branches on, one at a time.
const BRANCH_GOALS: usize = 3;
/// Plans with more goals get no branching bound: the DP of the other goals
/// then leaves most of them out (generated plans: +0.4 to +2 % at 6 to 24
/// goals, nothing at 60 and 80). [`lower_bounds`] branches on plans of at
/// most [`DP_GOALS`] goals (a few milliseconds at 12 goals and 300 tasks),
/// [`deeper_sequencing`] on the larger ones (0.05 to 0.17 s at 24 goals
/// and 600 tasks: time the opening's search would miss).
const BRANCH_MOST_GOALS: usize = 2 * DP_GOALS;
/// Interval candidates (each side) of the branching's paired energetic
/// reasoning in [`lower_bounds`] (a tenth of the usual: at 12 goals and
/// 300 tasks 20-70 ms, against 0.6-1.4 s for all of them) ...
const PAIR_CANDIDATES: usize = 24;
/// ... and in [`deeper_sequencing`], with time beyond the opening.
const DEEP_PAIR_CANDIDATES: usize = 64;
/// Energetic-reasoning work units per unit of [`deeper_sequencing`]'s work
/// (about `2e9` a second against `1e8`, measured on generated plans).
const ER_PER_WORK: f64 = 20.0;

/// Per goal: CPM finish bound, best finish bound, tails (over its closure).
struct GoalBounds {
    cpm: Vec<u64>,
    lb: Vec<u64>,
    tails: Vec<Tails>,
}

/// The tails of one target set's closure, kept sparse: a plan with
/// thousands of goals and tens of thousands of tasks would otherwise keep
/// goals times tasks of them (1.6 GB for 2,000 goals and 50,000 tasks).
#[derive(Clone, Debug, Default)]
pub(super) struct Tails {
    /// `(activity, tail)` for the closure, by activity.
    q: Vec<(u32, u64)>,
}

impl Tails {
    fn from_dense(dense: &[Option<u64>]) -> Self {
        Self {
            q: dense
                .iter()
                .enumerate()
                .filter_map(|(j, q)| q.map(|q| (j as u32, q)))
                .collect(),
        }
    }

    /// The tail of activity `j`, `None` outside the closure.
    pub(super) fn get(&self, j: usize) -> Option<u64> {
        let j = u32::try_from(j).ok()?;
        self.q
            .binary_search_by_key(&j, |&(a, _)| a)
            .ok()
            .map(|k| self.q[k].1)
    }

    /// The closure: the activities with a tail, in index order.
    pub(super) fn closure(&self) -> impl Iterator<Item = usize> + '_ {
        self.q.iter().map(|&(j, _)| j as usize)
    }

    /// True when nothing was computed (a goal without members, or one
    /// reached after the deadline).
    pub(super) fn is_empty(&self) -> bool {
        self.q.is_empty()
    }
}

/// Every finish bound of every goal (module docs, "Finish bound of a target set").
fn goal_bounds(ctx: &Context<'_>) -> GoalBounds {
    let (problem, analysis) = (ctx.problem, ctx.analysis);
    let ng = problem.goals().len();
    let mut goal_cpm = vec![0u64; ng];
    let mut goal_lb = vec![0u64; ng];
    let mut goal_tails: Vec<Tails> = vec![Tails::default(); ng];
    // heaviest goals first: they get the energetic-reasoning budget first
    let mut by_priority: Vec<usize> = (0..ng).collect();
    by_priority.sort_by(|&a, &b| {
        problem.goals()[b]
            .priority
            .total_cmp(&problem.goals()[a].priority)
            .then(a.cmp(&b))
    });
    for g in by_priority {
        let tails_g = &mut goal_tails[g];
        let members = problem.goal_members(GoalId::from_index(g));
        if members.is_empty() {
            continue;
        }
        let mut target = vec![false; ctx.n];
        for &m in members {
            target[m.index()] = true;
        }
        goal_cpm[g] = members
            .iter()
            .map(|m| u64::from(analysis.ef[m.index()]))
            .max()
            .unwrap_or(0);
        let (lb, tails) = if ctx.late() {
            // out of time: the critical-path finish; no tails, since the
            // sequencing bounds that would use them are skipped too (the
            // deadline stays passed), and computing them costs goals times
            // activities
            (goal_cpm[g], Vec::new())
        } else {
            finish_bound(ctx, &target, goal_cpm[g])
        };
        *tails_g = Tails::from_dense(&tails);
        goal_lb[g] = lb;
    }
    GoalBounds {
        cpm: goal_cpm,
        lb: goal_lb,
        tails: goal_tails,
    }
}

/// The finish bound of a target set (module docs) at least `cpm`, with the
/// set's tails.
fn finish_bound(ctx: &Context<'_>, target: &[bool], cpm: u64) -> (u64, Vec<Option<u64>>) {
    let tails = ctx.tails(target);
    let closure = closure_of(&tails);
    let raised = closure
        .iter()
        .filter_map(|&j| tails[j].map(|q| ctx.es(j) + u64::from(ctx.analysis.duration[j]) + q))
        .max()
        .unwrap_or(0);
    let energetic = (0..ctx.nr)
        .map(|r| ctx.energetic_bound(&tails, &closure, r))
        .max()
        .unwrap_or(0);
    let lb = ctx.energetic_reasoning(&tails, cpm.max(raised).max(energetic));
    (lb, tails)
}

/// Days before which some goals cannot all be done: for every set of at
/// most `max_size` goals with members, the finish bound of all their
/// members together (module docs, "Finish bound of a target set"), kept
/// when it beats the bound of each of its subsets one goal smaller (the
/// others follow from those). Singles come first, one per goal with
/// members. Used by the MILP for "not all of these goals are done by day
/// `u`" rows.
#[cfg(test)]
pub(crate) fn goal_set_bounds(
    problem: &Problem,
    analysis: &Analysis,
    max_size: usize,
) -> Vec<(Vec<GoalId>, u64)> {
    goal_sets_of(&Context::new(problem, analysis), max_size)
}

/// [`goal_set_bounds`] in a bounds context.
fn goal_sets_of(ctx: &Context<'_>, max_size: usize) -> Vec<(Vec<GoalId>, u64)> {
    let (problem, analysis) = (ctx.problem, ctx.analysis);
    if max_size == 0 {
        return Vec::new();
    }
    let goals: Vec<GoalId> = (0..problem.goals().len())
        .map(GoalId::from_index)
        .filter(|&g| !problem.goal_members(g).is_empty())
        .collect();
    let mut known: std::collections::BTreeMap<Vec<usize>, u64> = Default::default();
    let mut kept = Vec::new();
    // sets of positions into `goals`, size by size, in lexicographic order
    let mut layer: Vec<Vec<usize>> = (0..goals.len()).map(|i| vec![i]).collect();
    for size in 1..=max_size.min(goals.len()) {
        let mut next = Vec::new();
        for set in &layer {
            let mut target = vec![false; ctx.n];
            let mut cpm = 0u64;
            for &i in set {
                for m in problem.goal_members(goals[i]) {
                    target[m.index()] = true;
                    cpm = cpm.max(u64::from(analysis.ef[m.index()]));
                }
            }
            let (lb, _) = finish_bound(ctx, &target, cpm);
            let best_subset = (0..set.len())
                .filter(|_| size > 1)
                .map(|skip| {
                    let sub: Vec<usize> = (0..set.len())
                        .filter(|&k| k != skip)
                        .map(|k| set[k])
                        .collect();
                    known.get(&sub).copied().unwrap_or(0)
                })
                .max()
                .unwrap_or(0);
            if size == 1 || lb > best_subset {
                kept.push((set.iter().map(|&i| goals[i]).collect(), lb));
            }
            known.insert(set.clone(), lb.max(best_subset));
            if size < max_size {
                let last = set[set.len() - 1];
                for i in last + 1..goals.len() {
                    let mut bigger = set.clone();
                    bigger.push(i);
                    next.push(bigger);
                }
            }
        }
        layer = next;
    }
    kept
}

/// The activities with a tail (the closure of a target set), in index order.
fn closure_of(tails: &[Option<u64>]) -> Vec<usize> {
    tails
        .iter()
        .enumerate()
        .filter_map(|(j, q)| q.map(|_| j))
        .collect()
}

fn to_u32(x: u64) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}
