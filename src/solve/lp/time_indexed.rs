//! The time-indexed MILP of a [`Problem`], with start windows cut by the
//! incumbent's objective.
//!
//! # Theoretical
//! Days are integers and every datum is integral, so some optimal schedule
//! starts every activity on a whole day. Binary `x[j,m,t] = 1` when
//! activity `j` starts on day `t` in mode `m` (duration `d_jm`, demand
//! `a_jmr` on resource `r`), for `t` in the start window `W_jm` (below).
//!
//! * **One start**: `sum_{m,t} x[j,m,t] = 1` for every `j`.
//! * **Precedence** `(i, j, lag)` (finish-to-start, written and goal-derived
//!   edges), in the strong disaggregated form of Christofides, Alvarez-Valdés
//!   & Tamarit (1987): "if `j` has started by `t`, then `i` has finished, plus
//!   the lag, by `t`":
//!   `sum_m sum_{s <= t} x[j,m,s] <= sum_m sum_{s <= t - d_im - lag} x[i,m,s]`
//!   for every start day `t` of `j` on which it can bind. Its LP relaxation
//!   is strictly stronger than the aggregated form of Pritsker, Watters &
//!   Wolfe (1969), `sum t x[j,m,t] >= sum (t + d_im + lag) x[i,m,t]`
//!   (Artigues 2017). Written directly these rows hold `O(W^2)` coefficients
//!   per edge (`W` the window length), which made HiGHS's presolve take
//!   seconds on the larger j30 instances; so both sums are continuous step
//!   variables instead, `S_j(t)` ("started by `t`") and `F_i(u)` ("finished
//!   by `u`"), each defined by `S_j(t) = S_j(t') + sum_m x[j,m,t]` over
//!   consecutive days `t' < t` of its window, and the precedence row is
//!   `S_j(t) <= F_i(t - lag)`: the same LP relaxation with `O(W)`
//!   coefficients per activity and 2 per row.
//! * **Capacity** of resource `r` on day `τ` (the [`Calendar`] value that day):
//!   `sum_{j,m} a_jmr sum_{t in (τ - d_jm, τ]} x[j,m,t] <= cap_r(τ)`; rows that
//!   cannot bind are left out.
//! * **Releases and pins** shape the windows: `t >= release_j`, and a pinned
//!   activity has the single variable of its pinned mode and day.
//!
//! Objective (FORMAT.md):
//! * makespan: continuous `C >= sum (t + d_jm) x[j,m,t]` for every activity
//!   without successors (through a lag `>= 0`: after a lead, a negative lag,
//!   the successor may finish first); minimise `C`;
//! * weighted: continuous `f_g >= sum (t + d_jm) x[j,m,t]` for every member
//!   of goal `g` without a successor inside `g` (through a lag `>= 0`),
//!   `l_g >= f_g - due_g`,
//!   `l_g >= 0`; minimise `sum_g p_g f_g + w p_g l_g`. These rows only see
//!   each member's *mean* fractional finish; the day-by-day form
//!   ([`goal_step_rows`]) adds "the goal is done by `u`" step variables
//!   `G_g(u) <= F_j(u)` for every such member and counts the days the goal
//!   is not done: `f_g >= sum_u (1 - G_g(u))`, and the days past the due
//!   day for `l_g` (the time-indexed analogue of the step formulations of
//!   Artigues 2017 applied to a maximum of finishes).
//! * **Goal sets** ([`goal_set_rows`]): for sets `S` of up to four goals
//!   (fewer when there are many goals: `goal_set_size` in [`windows`]),
//!   the finish bound `B_S` of all their members together (critical path,
//!   energy with heads and tails, energetic reasoning: `goal_set_bounds` in
//!   the bounds module) says they cannot all be done before `B_S`, so
//!   `sum_{g in S} G_g(u) <= |S| - 1` for `u < B_S` (for one goal:
//!   `G_g(u) = 0`). The LP relaxation otherwise lets every goal be "half
//!   done" early. Measured on one-person plans of 30-60 tasks: with sets
//!   of up to three goals the root bound went from 3-10 % below the
//!   optimum to within 0.3 %, and with four all ten plans were proven
//!   within 60 s (three were not with three).
//!
//! **Windows.** `W_jm = [ES_j, D_j - d_jm]` minus the days on which some
//! demand of the mode exceeds the capacity during the run. `ES_j` is the
//! critical-path earliest start (releases, lags, shortest modes), raised by
//! the energy of `j`'s ancestors on each team (`window_bounds`); valid for every
//! schedule. The deadline `D_j` comes from the incumbent (objective
//! `UB`), and the model keeps every schedule with objective `<= UB`:
//! * makespan: `D_j = UB`;
//! * weighted: every term is non-negative, so a schedule with objective
//!   `<= UB` has `c_g(f_g) <= c_g(L_g) + (UB - sum_h c_h(L_h))` for each goal,
//!   with `c_g(f) = p_g f + w p_g max(0, f - due_g)` increasing and `L_h` a
//!   lower bound on the finish of goal `h` (its one-goal `B_S` below, or
//!   the energy heads plus shortest durations); the largest such `f_g` is
//!   the deadline of `g`'s members;
//! * pins: `D_j = pin + d`;
//! * then backwards through predecessors: `D_i <= D_j - min_m d_jm - lag`
//!   (signed: a lead allows a later `D_i`), and by the energy of the
//!   descendants through lags `>= 0` (`tails`);
//! * every `D_j` is raised to the incumbent's finish of `j` (never invalid,
//!   and keeps the warm start feasible);
//! * activities left without a deadline (weighted objective, no goal or
//!   pinned activity after them) do not touch the objective. Take an optimal
//!   schedule, keep the others, and re-place these one after another in a
//!   topological order, each in its shortest mode that fits the capacity
//!   every calendar settles at, from `T0` = the largest deadline, release,
//!   pin finish or calendar change on: nothing else runs then, so each
//!   starts within its largest incoming lag of the previous one's finish
//!   (a lead counts as 0: starting after the finish meets it).
//!   The goals' finishes do not change, so the result is optimal too, and all
//!   these activities finish by `T0 + sum (d*_j + max lag_j)`: their deadline.
//!   When one of them has no such mode the model is not built.
//!
//! # Practical
//! [`Windows::new`] counts the binaries first (cheap), so the caller can
//! decline a model that is too large before any row exists.
//! [`TimeIndexed::build`] writes the good_lp model ([`Milp`]) with the
//! incumbent as warm start; [`TimeIndexed::decode`] turns solver values back
//! into a [`Schedule`] (the `x` above 0.5), which the caller checks with
//! [`Schedule::check`] before it is trusted.
//!
//! The code: `deadlines` and `windows` size the model; `variables` holds
//! its variables, `steps` and `capacity` write its rows, and `model` puts
//! them together with the objective and decodes the answer.
//!
//! # Bibliography
//! * A. A. B. Pritsker, L. J. Watters, P. M. Wolfe (1969). Multiproject
//!   scheduling with limited resources: a zero-one programming approach.
//!   *Management Science* 16(1), 93–108.
//! * N. Christofides, R. Alvarez-Valdés, J. M. Tamarit (1987). Project
//!   scheduling with resource constraints: a branch and bound approach.
//!   *European Journal of Operational Research* 29(3), 262–273.
//! * C. Artigues (2017). On the strength of time-indexed formulations for
//!   the resource-constrained project scheduling problem. *Operations
//!   Research Letters* 45(2), 154–159.
//!
//! [`Calendar`]: crate::Calendar
//! [`goal_set_rows`]: steps::goal_set_rows
//! [`goal_step_rows`]: steps::goal_step_rows
//! [`Milp`]: super::backend::Milp
//! [`Schedule`]: crate::schedule::Schedule
//! [`Schedule::check`]: crate::schedule::Schedule::check

mod capacity;
pub(crate) mod deadlines;
mod model;
mod steps;
#[cfg(test)]
mod tests;
mod variables;
mod windows;

pub(crate) use deadlines::Cut;
pub(crate) use model::TimeIndexed;
pub(crate) use windows::Windows;
pub(crate) use windows::fits;

use crate::model::{Objective, Problem};

/// True when every schedule's objective is an integer: the makespan, or
/// integral priorities and lateness weight.
pub(crate) fn is_integral(problem: &Problem) -> bool {
    match problem.objective() {
        Objective::Makespan => true,
        Objective::Weighted { lateness_weight: w } => {
            let integral = |x: f64| x.is_finite() && (x - x.round()).abs() < 1e-9;
            integral(w)
                && problem
                    .goals()
                    .iter()
                    .all(|g| integral(g.priority) && integral(w * g.priority))
        }
    }
}
