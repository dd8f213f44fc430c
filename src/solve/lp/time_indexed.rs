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
//!   without successors; minimise `C`;
//! * weighted: continuous `f_g >= sum (t + d_jm) x[j,m,t]` for every member
//!   of goal `g` without a successor inside `g`, `l_g >= f_g - due_g`,
//!   `l_g >= 0`; minimise `sum_g p_g f_g + w p_g l_g`. These rows only see
//!   each member's *mean* fractional finish; the day-by-day form
//!   ([`goal_step_rows`]) adds "the goal is done by `u`" step variables
//!   `G_g(u) <= F_j(u)` for every such member and counts the days the goal
//!   is not done: `f_g >= sum_u (1 - G_g(u))`, and the days past the due
//!   day for `l_g` (the time-indexed analogue of the step formulations of
//!   Artigues 2017 applied to a maximum of finishes).
//! * **Goal sets** ([`goal_set_rows`]): for sets `S` of up to four goals
//!   (fewer when there are many goals: [`goal_set_size`]),
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
//! * then backwards through predecessors: `D_i <= D_j - min_m d_jm - lag`,
//!   and by the energy of the descendants (`tails`);
//! * every `D_j` is raised to the incumbent's finish of `j` (never invalid,
//!   and keeps the warm start feasible);
//! * activities left without a deadline (weighted objective, no goal or
//!   pinned activity after them) do not touch the objective. Take an optimal
//!   schedule, keep the others, and re-place these one after another in a
//!   topological order, each in its shortest mode that fits the capacity
//!   every calendar settles at, from `T0` = the largest deadline, release,
//!   pin finish or calendar change on: nothing else runs then, so each
//!   starts within its largest incoming lag of the previous one's finish.
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

use good_lp::{Expression, ProblemVariables, Variable, variable};

use super::backend::Milp;
use super::tails::tighten_tails;
use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId, Objective, Problem};
use crate::schedule::{Assignment, Schedule};
use crate::solve::bounds::{WindowBounds, window_bounds};

/// Which schedules the model keeps (besides some optimal one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cut {
    /// Every schedule at least as good as the incumbent, which is a point of
    /// the model (the warm start).
    AtMostIncumbent,
    /// Only schedules better than the incumbent by at least 1, for integral
    /// objectives: an infeasible model proves the incumbent optimal.
    BelowIncumbent,
}

/// Start windows of every activity and mode, and their deadlines.
#[derive(Clone, Debug)]
pub(crate) struct Windows {
    /// `days[j][m]`: the allowed start days of activity `j` in mode `m`, ascending.
    days: Vec<Vec<Vec<u32>>>,
    /// Number of start variables.
    binaries: usize,
    /// Sets of goals and a day before which they cannot all be done
    /// ([`goal_set_bounds`]); empty for the makespan objective.
    goal_sets: Vec<(Vec<GoalId>, u64)>,
}

/// Largest problem for which [`goal_set_bounds`] are computed (larger
/// ones never fit the model), and the set sizes by number of goals.
const GOAL_SET_MAX_ACTIVITIES: usize = 400;

/// The largest goal sets for a problem with `goals` goals: the number of
/// sets grows as `goals^size`, each costs a finish bound and its rows.
fn goal_set_size(goals: usize) -> usize {
    match goals {
        0..=8 => 4,
        9..=10 => 3,
        11..=16 => 2,
        _ => 1,
    }
}

impl Windows {
    /// The windows for the model that keeps every schedule at least as good
    /// as `incumbent`; `None` when there are more than `max_binaries` start
    /// variables or no valid deadline can be given (see the module docs).
    pub(crate) fn new(
        problem: &Problem,
        analysis: &Analysis,
        incumbent: &Schedule,
        cut: Cut,
        max_binaries: usize,
    ) -> Option<Self> {
        let set_size = match problem.objective() {
            Objective::Weighted { .. } if problem.len() <= GOAL_SET_MAX_ACTIVITIES => {
                goal_set_size(problem.goals().len())
            }
            _ => 0,
        };
        let known = window_bounds(problem, analysis, set_size);
        let deadline = deadlines(problem, analysis, &known, incumbent, cut)?;
        let head = &known.heads;
        let mut days = Vec::with_capacity(problem.len());
        let mut binaries = 0usize;
        for a in problem.activity_ids() {
            let act = problem.activity(a);
            let mut per_mode = vec![Vec::new(); act.modes.len()];
            if let Some(pin) = act.pin {
                per_mode.get_mut(pin.mode)?.push(pin.start);
                binaries += 1;
            } else {
                let es = head[a.index()];
                for (m, mode) in act.modes.iter().enumerate() {
                    let Some(last) = deadline[a.index()].checked_sub(mode.duration) else {
                        continue;
                    };
                    for t in es..=last {
                        if fits(problem, mode, t) {
                            per_mode[m].push(t);
                            binaries += 1;
                        }
                    }
                    if binaries > max_binaries {
                        return None;
                    }
                }
            }
            days.push(per_mode);
        }
        (binaries <= max_binaries).then_some(Self {
            days,
            binaries,
            goal_sets: known.goal_sets,
        })
    }

    /// Number of binary start variables.
    #[cfg(test)]
    pub(crate) fn binaries(&self) -> usize {
        self.binaries
    }

    /// True when some activity has no possible start: the model has no point.
    pub(crate) fn is_void(&self) -> bool {
        self.days
            .iter()
            .any(|modes| modes.iter().all(|days| days.is_empty()))
    }
}

/// True when every demand of `mode` fits the capacity on each day of a run from `t`.
fn fits(problem: &Problem, mode: &crate::model::Mode, t: u32) -> bool {
    mode.demands.iter().filter(|d| d.amount > 0).all(|d| {
        let cal = &problem.resource(d.resource).capacity;
        (t..t.saturating_add(mode.duration)).all(|day| cal.at(day) >= d.amount)
    })
}

/// Deadlines (latest finishes) valid for some optimal schedule, as the module
/// docs derive them.
fn deadlines(
    problem: &Problem,
    analysis: &Analysis,
    known: &WindowBounds,
    incumbent: &Schedule,
    cut: Cut,
) -> Option<Vec<u32>> {
    let n = problem.len();
    // the incumbent's finishes, when it is to stay a point of the model
    let finish: Vec<u64> = match cut {
        Cut::AtMostIncumbent => problem
            .activity_ids()
            .map(|a| u64::from(incumbent.finish(problem, a)))
            .collect(),
        Cut::BelowIncumbent => vec![0; n],
    };
    let ub = match cut {
        Cut::AtMostIncumbent => incumbent.objective(problem),
        Cut::BelowIncumbent => incumbent.objective(problem) - 1.0,
    };
    let mut deadline: Vec<Option<u64>> = vec![None; n];
    match problem.objective() {
        Objective::Makespan => {
            let h = if ub >= 0.0 { ub as u64 } else { 0 };
            deadline.iter_mut().for_each(|d| *d = Some(h));
        }
        Objective::Weighted { lateness_weight } => {
            if !(lateness_weight.is_finite() && lateness_weight >= 0.0) {
                return None;
            }
            for (g, f) in goal_deadlines(
                problem,
                analysis,
                &known.heads,
                &known.goal_sets,
                ub,
                &finish,
                lateness_weight,
            ) {
                for &a in problem.goal_members(g) {
                    deadline[a.index()] = Some(f);
                }
            }
        }
    }
    for (a, act) in problem.activities().iter().enumerate() {
        if let Some(pin) = act.pin {
            let end = u64::from(pin.start) + u64::from(act.modes.get(pin.mode)?.duration);
            deadline[a] = Some(deadline[a].map_or(end, |d| d.min(end)));
        }
    }
    for &a in analysis.order.iter().rev() {
        let i = a.index();
        for &(s, lag) in problem.successors(a) {
            if let Some(ds) = deadline[s.index()] {
                let need = u64::from(analysis.duration[s.index()]) + u64::from(lag);
                let d = ds.saturating_sub(need);
                deadline[i] = Some(deadline[i].map_or(d, |x| x.min(d)));
            }
        }
        if let Some(d) = &mut deadline[i] {
            *d = (*d).max(finish[i]);
        }
    }
    tighten_tails(problem, analysis, &known.energy, &mut deadline);
    for (d, &f) in deadline.iter_mut().zip(&finish) {
        if let Some(d) = d {
            *d = (*d).max(f);
        }
    }
    if deadline.iter().any(Option::is_none) {
        free_deadlines(problem, &mut deadline, &finish)?;
    }
    deadline
        .into_iter()
        .map(|d| d.and_then(|d| u32::try_from(d).ok()))
        .collect()
}

/// `c_g(f) = p_g f + w p_g max(0, f - due_g)`.
fn goal_cost(problem: &Problem, g: GoalId, f: u64, w: f64) -> f64 {
    let goal = problem.goal(g);
    let late = goal.due.map_or(0, |d| f.saturating_sub(u64::from(d)));
    goal.priority * f as f64 + w * goal.priority * late as f64
}

/// For every goal with members, the latest finish of any schedule whose
/// objective is at most the incumbent's.
fn goal_deadlines(
    problem: &Problem,
    analysis: &Analysis,
    head: &[u32],
    goal_sets: &[(Vec<GoalId>, u64)],
    ub: f64,
    finish: &[u64],
    w: f64,
) -> Vec<(GoalId, u64)> {
    let goals: Vec<GoalId> = (0..problem.goals().len())
        .map(GoalId::from_index)
        .filter(|&g| !problem.goal_members(g).is_empty())
        .collect();
    let earliest = |g: GoalId| -> u64 {
        problem
            .goal_members(g)
            .iter()
            .map(|a| u64::from(head[a.index()]) + u64::from(analysis.duration[a.index()]))
            .chain(
                goal_sets
                    .iter()
                    .filter(|(set, _)| set[..] == [g])
                    .map(|&(_, lb)| lb),
            )
            .max()
            .unwrap_or(0)
    };
    let base: f64 = goals
        .iter()
        .map(|&g| goal_cost(problem, g, earliest(g), w))
        .sum();
    // negative when no schedule reaches `ub`: the deadlines then fall
    // before the earliest finishes and the windows come out empty
    let slack = ub - base;
    goals
        .iter()
        .map(|&g| {
            let goal = problem.goal(g);
            let p = goal.priority;
            let budget = goal_cost(problem, g, earliest(g), w) + slack;
            // largest f with c_g(f) <= budget; c_g is piecewise linear
            let on_time = budget / p;
            let f = match goal.due {
                Some(due) if on_time > f64::from(due) => {
                    (budget + w * p * f64::from(due)) / (p * (1.0 + w))
                }
                _ => on_time,
            };
            // generous rounding: a larger deadline is always valid
            let f = (f * (1.0 + 1e-9) + 1e-6).floor();
            let f = if f.is_nan() || f < 0.0 {
                0
            } else {
                (f as u64).min(u64::from(u32::MAX))
            };
            let kept = problem
                .goal_members(g)
                .iter()
                .map(|a| finish[a.index()])
                .max()
                .unwrap_or(0);
            (g, f.max(kept))
        })
        .collect()
}

/// Deadlines of the activities that no goal or pin bounds (weighted objective
/// only): `T0 + sum (d*_j + max lag_j)`, see the module docs. `None` when one
/// of them has no mode that fits the settled capacities.
fn free_deadlines(problem: &Problem, deadline: &mut [Option<u64>], finish: &[u64]) -> Option<()> {
    let settled: Vec<(u32, u32)> = problem
        .resources()
        .iter()
        .map(|r| {
            let at = r.capacity.settles_at();
            (at, r.capacity.at(at))
        })
        .collect();
    let mut t0 = deadline.iter().flatten().copied().max().unwrap_or(0);
    for act in problem.activities() {
        t0 = t0.max(u64::from(act.release));
        if let Some(pin) = act.pin {
            t0 = t0.max(u64::from(pin.start) + u64::from(act.modes.get(pin.mode)?.duration));
        }
    }
    t0 = t0.max(settled.iter().map(|s| u64::from(s.0)).max().unwrap_or(0));
    let mut total = 0u64;
    for (a, act) in problem.activities().iter().enumerate() {
        if deadline[a].is_some() {
            continue;
        }
        let shortest = act
            .modes
            .iter()
            .filter(|m| {
                m.demands
                    .iter()
                    .all(|d| d.amount <= settled[d.resource.index()].1)
            })
            .map(|m| u64::from(m.duration))
            .min()?;
        let lag = problem
            .predecessors(ActivityId::from_index(a))
            .iter()
            .map(|&(_, l)| u64::from(l))
            .max()
            .unwrap_or(0);
        total += shortest + lag;
    }
    for (a, d) in deadline.iter_mut().enumerate() {
        if d.is_none() {
            *d = Some((t0 + total).max(finish[a]));
        }
    }
    Some(())
}

/// One start variable: activity `j` starts on `day` in `mode`.
#[derive(Clone, Copy, Debug)]
struct Start {
    mode: usize,
    day: u32,
    var: Variable,
}

/// The built model's map back to schedules.
#[derive(Clone, Debug)]
pub(crate) struct TimeIndexed {
    /// Start variables of every activity (by activity index), with their
    /// column: `starts[j][k].1`.
    starts: Vec<Vec<(Start, usize)>>,
}

impl TimeIndexed {
    /// Writes the MILP for `windows`, warm-started from `incumbent`.
    pub(crate) fn build(
        problem: &Problem,
        windows: &Windows,
        incumbent: &Schedule,
    ) -> (Self, Milp) {
        let mut variables = ProblemVariables::new();
        let mut columns: Vec<Variable> = Vec::with_capacity(windows.binaries + 1);
        let mut warm: Vec<f64> = Vec::with_capacity(windows.binaries + 1);
        let mut warm_ok = incumbent.assignments().len() == problem.len();
        let mut starts: Vec<Vec<(Start, usize)>> = Vec::with_capacity(problem.len());
        for a in problem.activity_ids() {
            let own = warm_ok.then(|| incumbent.get(a));
            let mut list = Vec::new();
            let mut hit = false;
            for (mode, days) in windows.days[a.index()].iter().enumerate() {
                for &day in days {
                    let var = variables.add(variable().binary());
                    let on = own == Some(Assignment { start: day, mode });
                    hit |= on;
                    list.push((Start { mode, day, var }, columns.len()));
                    columns.push(var);
                    warm.push(if on { 1.0 } else { 0.0 });
                }
            }
            warm_ok &= hit;
            starts.push(list);
        }
        let mut constraints = Vec::new();

        // one start per activity
        for list in &starts {
            let mut e = Expression::with_capacity(list.len());
            for (s, _) in list {
                e.add_mul(1.0, s.var);
            }
            constraints.push(e.eq(1.0));
        }

        // precedences
        let mut sink = Sink {
            variables: &mut variables,
            columns: &mut columns,
            warm: &mut warm,
            constraints: &mut constraints,
        };
        let mut finished = stepped_rows(problem, &starts, &mut sink);

        // capacities
        capacity_rows(problem, &starts, &mut constraints);

        // objective
        let finish_expr = |a: ActivityId| {
            let list = &starts[a.index()];
            let mut e = Expression::with_capacity(list.len());
            for (s, _) in list {
                let d = problem.activity(a).modes[s.mode].duration;
                e.add_mul(f64::from(s.day) + f64::from(d), s.var);
            }
            e
        };
        let mut objective = Expression::default();
        match problem.objective() {
            Objective::Makespan => {
                let c = variables.add(variable().min(0.0));
                columns.push(c);
                warm.push(f64::from(incumbent.makespan(problem)));
                objective.add_mul(1.0, c);
                for a in problem.activity_ids() {
                    if problem.successors(a).is_empty() {
                        constraints.push(finish_expr(a).leq(c));
                    }
                }
            }
            Objective::Weighted { lateness_weight: w } => {
                let finishes = incumbent.goal_finishes(problem);
                let mut sink = Sink {
                    variables: &mut variables,
                    columns: &mut columns,
                    warm: &mut warm,
                    constraints: &mut constraints,
                };
                let mut done_by = vec![Vec::new(); problem.goals().len()];
                for (gi, goal) in problem.goals().iter().enumerate() {
                    let g = GoalId::from_index(gi);
                    let members = problem.goal_members(g);
                    if members.is_empty() {
                        continue;
                    }
                    let f = sink.variables.add(variable().min(0.0));
                    sink.columns.push(f);
                    let fin = finishes[gi];
                    sink.warm.push(f64::from(fin));
                    objective.add_mul(goal.priority, f);
                    let terminal: Vec<ActivityId> = members
                        .iter()
                        .copied()
                        .filter(|&a| {
                            !problem
                                .successors(a)
                                .iter()
                                .any(|&(s, _)| problem.activity(s).goal == Some(g))
                        })
                        .collect();
                    for &a in &terminal {
                        sink.constraints.push(finish_expr(a).leq(f));
                    }
                    let l = match goal.due {
                        Some(due) if w > 0.0 => {
                            let l = sink.variables.add(variable().min(0.0));
                            sink.columns.push(l);
                            sink.warm.push(f64::from(fin.saturating_sub(due)));
                            objective.add_mul(w * goal.priority, l);
                            sink.constraints.push((f - f64::from(due)).leq(l));
                            Some((l, due))
                        }
                        _ => None,
                    };
                    done_by[gi] = goal_step_rows(
                        problem,
                        &starts,
                        &mut finished,
                        &terminal,
                        (f, l, fin),
                        &mut sink,
                    );
                }
                goal_set_rows(&windows.goal_sets, &done_by, sink.constraints);
            }
        }
        let milp = Milp {
            variables,
            columns,
            objective,
            constraints,
            warm_start: warm_ok.then_some(warm),
            cutoff: None,
        };
        (Self { starts }, milp)
    }

    /// The schedule in `values` (one per column): for every activity the
    /// start variable above 0.5; `None` unless there is exactly one.
    pub(crate) fn decode(&self, values: &[f64]) -> Option<Schedule> {
        let mut assignments = Vec::with_capacity(self.starts.len());
        for list in &self.starts {
            let mut chosen = None;
            for (s, col) in list {
                if *values.get(*col)? > 0.5 {
                    if chosen.is_some() {
                        return None;
                    }
                    chosen = Some(Assignment {
                        start: s.day,
                        mode: s.mode,
                    });
                }
            }
            assignments.push(chosen?);
        }
        Some(Schedule::new(assignments))
    }
}

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

/// Where new variables and rows go.
struct Sink<'a> {
    variables: &'a mut ProblemVariables,
    columns: &'a mut Vec<Variable>,
    warm: &'a mut Vec<f64>,
    constraints: &'a mut Vec<good_lp::Constraint>,
}

impl Sink<'_> {
    /// Continuous `v[k] = v[k-1] + sum of the x on day k` for the days of
    /// `events` (`(day, x, warm value of x)`): `v` at a day is the sum of the
    /// x on or before it. Returns `(day, v)` ascending.
    fn cumulative(&mut self, mut events: Vec<(u64, Variable, usize)>) -> Vec<(u64, Variable)> {
        events.sort_by_key(|e| e.0);
        let mut out: Vec<(u64, Variable)> = Vec::new();
        let mut running = 0.0;
        let mut k = 0;
        while k < events.len() {
            let day = events[k].0;
            let v = self.variables.add(variable().min(0.0).max(1.0));
            let mut e = Expression::with_capacity(4);
            e.add_mul(1.0, v);
            if let Some(&(_, prev)) = out.last() {
                e.add_mul(-1.0, prev);
            }
            while k < events.len() && events[k].0 == day {
                e.add_mul(-1.0, events[k].1);
                running += self.warm[events[k].2];
                k += 1;
            }
            self.columns.push(v);
            self.warm.push(running);
            self.constraints.push(e.eq(0.0));
            out.push((day, v));
        }
        out
    }
}

/// Disaggregated precedences through step variables: `S_j(t)` = "`j` has
/// started by `t`", `F_i(u)` = "`i` has finished by `u`" (cumulative sums of
/// the `x`), and `S_j(t) <= F_i(t - lag)` for every start day `t` of `j`.
/// Same LP relaxation as the direct rows, with `O(n W)` coefficients
/// instead of `O(E W^2)`.
/// The finish day (start + duration) of every start variable of `a`, with
/// the variable and its column, for [`Sink::cumulative`].
fn finish_events(
    problem: &Problem,
    starts: &[Vec<(Start, usize)>],
    a: ActivityId,
) -> Vec<(u64, Variable, usize)> {
    starts[a.index()]
        .iter()
        .map(|(s, col)| {
            let d = problem.activity(a).modes[s.mode].duration;
            (u64::from(s.day) + u64::from(d), s.var, *col)
        })
        .collect()
}

/// Returns the `F_i` it made (empty for activities without successors).
fn stepped_rows(
    problem: &Problem,
    starts: &[Vec<(Start, usize)>],
    sink: &mut Sink<'_>,
) -> Vec<Vec<(u64, Variable)>> {
    let n = problem.len();
    let mut started: Vec<Vec<(u64, Variable)>> = vec![Vec::new(); n];
    let mut finished: Vec<Vec<(u64, Variable)>> = vec![Vec::new(); n];
    for a in problem.activity_ids() {
        let list = &starts[a.index()];
        if !problem.predecessors(a).is_empty() {
            let events = list
                .iter()
                .map(|(s, col)| (u64::from(s.day), s.var, *col))
                .collect();
            started[a.index()] = sink.cumulative(events);
        }
        if !problem.successors(a).is_empty() {
            finished[a.index()] = sink.cumulative(finish_events(problem, starts, a));
        }
    }
    for p in problem.precedences() {
        let (from, to) = (&finished[p.from.index()], &started[p.to.index()]);
        let Some(&(latest_ready, _)) = from.last() else {
            continue;
        };
        let lag = u64::from(p.lag);
        // from `latest_ready + lag` on, `from` is surely done
        for &(t, s) in to.iter().take_while(|&&(t, _)| t < latest_ready + lag) {
            let mut e = Expression::with_capacity(2);
            e.add_mul(1.0, s);
            let k = from.partition_point(|&(u, _)| u + lag <= t);
            if k > 0 {
                e.add_mul(-1.0, from[k - 1].1);
            }
            sink.constraints.push(e.leq(0.0));
        }
    }
    finished
}

/// The strong goal-finish rows: with `F_j(u)` = "`j` has finished by `u`"
/// for each terminal member `j` of a goal (cumulative sums of the `x`) and
/// `e_1 < ... < e_K` every day on which one of them can finish, a continuous
/// `G_k` in `[0, 1]` = "the goal is done by `e_k`" with `G_k <= F_j(e_k)`
/// for every `j`; the goal is not done before `e_1`, done from `e_K` on, and
/// constant in between, so (counting the days it is not done)
/// `f_g >= e_K - sum_k (e_{k+1} - e_k) G_k` and
/// `l_g >= max(0, e_1 - due) + sum_k |[e_k, e_{k+1}) ∩ [due, ∞)| (1 - G_k)`.
/// Both hold with equality at the intended values (`G_k = min_j F_j(e_k)`)
/// of every schedule in the model; in the LP relaxation they make `f_g`
/// at least the latest fractional finish of every member *day by day*
/// rather than the largest mean finish, which is what lifts the bound of
/// goals whose members compete for one team.
/// `finished[j]` holds `F_j` where [`stepped_rows`] already made it (an
/// activity with successors); the others are made here and kept.
fn goal_step_rows(
    problem: &Problem,
    starts: &[Vec<(Start, usize)>],
    finished: &mut [Vec<(u64, Variable)>],
    terminal: &[ActivityId],
    (f, late, incumbent_finish): (Variable, Option<(Variable, u32)>, u32),
    sink: &mut Sink<'_>,
) -> Vec<(u64, Variable)> {
    for &a in terminal {
        if finished[a.index()].is_empty() {
            finished[a.index()] = sink.cumulative(finish_events(problem, starts, a));
        }
    }
    let steps: Vec<&[(u64, Variable)]> = terminal
        .iter()
        .map(|a| finished[a.index()].as_slice())
        .collect();
    let mut days: Vec<u64> = steps.iter().copied().flatten().map(|&(d, _)| d).collect();
    days.sort_unstable();
    days.dedup();
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
        return Vec::new();
    };
    let mut done_by = Vec::with_capacity(days.len());
    let mut finish_row = Expression::with_capacity(days.len());
    finish_row.add_mul(1.0, f);
    let mut late_row = Expression::with_capacity(days.len());
    let mut late_rhs = 0.0;
    if let Some((l, due)) = late {
        late_row.add_mul(1.0, l);
        late_rhs = first.saturating_sub(u64::from(due)) as f64;
    }
    for k in 0..days.len() - 1 {
        let (from, to) = (days[k], days[k + 1]);
        // every member must have a finish day on or before `from`
        let finished: Option<Vec<Variable>> = steps
            .iter()
            .map(|st| {
                let i = st.partition_point(|&(u, _)| u <= from);
                (i > 0).then(|| st[i - 1].1)
            })
            .collect();
        let late_days = late.map_or(0, |(_, due)| to.saturating_sub(from.max(u64::from(due))));
        late_rhs += late_days as f64;
        let Some(finished) = finished else { continue };
        let done = sink.variables.add(variable().min(0.0).max(1.0));
        sink.columns.push(done);
        sink.warm.push(if u64::from(incumbent_finish) <= from {
            1.0
        } else {
            0.0
        });
        for v in finished {
            let mut e = Expression::with_capacity(2);
            e.add_mul(1.0, done);
            e.add_mul(-1.0, v);
            sink.constraints.push(e.leq(0.0));
        }
        done_by.push((from, done));
        finish_row.add_mul((to - from) as f64, done);
        if late_days > 0 {
            late_row.add_mul(late_days as f64, done);
        }
    }
    sink.constraints.push(finish_row.geq(last as f64));
    if late.is_some() {
        sink.constraints.push(late_row.geq(late_rhs));
    }
    done_by
}

/// "Not all of these goals are done by day `u`" for every goal set and
/// day `u` before its bound ([`Windows::goal_sets`]):
/// `sum_{g in S} G_g(u) <= |S| - 1`, written with each goal's last done
/// variable on or before `u` (done by then means done by `u`); a goal
/// without one cannot be done by `u` and the row is not needed.
fn goal_set_rows(
    goal_sets: &[(Vec<GoalId>, u64)],
    done_by: &[Vec<(u64, Variable)>],
    out: &mut Vec<good_lp::Constraint>,
) {
    for (set, bound) in goal_sets {
        let mut days: Vec<u64> = set
            .iter()
            .flat_map(|g| done_by[g.index()].iter().map(|&(d, _)| d))
            .filter(|&d| d < *bound)
            .collect();
        days.sort_unstable();
        days.dedup();
        let mut last: Option<Vec<usize>> = None;
        for u in days {
            let picks: Option<Vec<usize>> = set
                .iter()
                .map(|g| {
                    done_by[g.index()]
                        .partition_point(|&(d, _)| d <= u)
                        .checked_sub(1)
                })
                .collect();
            let Some(picks) = picks else { continue };
            if last.as_ref() == Some(&picks) {
                continue;
            }
            let mut e = Expression::with_capacity(set.len());
            for (g, &k) in set.iter().zip(&picks) {
                e.add_mul(1.0, done_by[g.index()][k].1);
            }
            out.push(e.leq((set.len() - 1) as f64));
            last = Some(picks);
        }
    }
}

/// One row per resource and day on which the running activities could
/// exceed the capacity.
fn capacity_rows(
    problem: &Problem,
    starts: &[Vec<(Start, usize)>],
    out: &mut Vec<good_lp::Constraint>,
) {
    for (r, res) in problem.resources().iter().enumerate() {
        // users[τ - first]: (activity, amount, var) of every start running on day τ
        let mut spans: Vec<(u32, u32, usize, u32, Variable)> = Vec::new();
        for (j, list) in starts.iter().enumerate() {
            let act = &problem.activities()[j];
            for (s, _) in list {
                let mode = &act.modes[s.mode];
                if mode.duration == 0 {
                    continue;
                }
                if let Some(dem) = mode
                    .demands
                    .iter()
                    .find(|d| d.resource.index() == r && d.amount > 0)
                {
                    spans.push((s.day, s.day + mode.duration, j, dem.amount, s.var));
                }
            }
        }
        let (Some(first), Some(end)) = (
            spans.iter().map(|s| s.0).min(),
            spans.iter().map(|s| s.1).max(),
        ) else {
            continue;
        };
        let mut users: Vec<Vec<(usize, u32, Variable)>> = vec![Vec::new(); (end - first) as usize];
        for &(from, to, j, amount, var) in &spans {
            for day in from..to {
                users[(day - first) as usize].push((j, amount, var));
            }
        }
        for (k, list) in users.iter().enumerate() {
            let day = first + k as u32;
            let cap = res.capacity.at(day);
            // the most the running activities could use: per activity its largest demand
            let mut most = 0u64;
            let mut last: Option<(usize, u32)> = None;
            for &(j, amount, _) in list {
                match last {
                    Some((lj, la)) if lj == j => {
                        if amount > la {
                            most += u64::from(amount - la);
                            last = Some((j, amount));
                        }
                    }
                    _ => {
                        most += u64::from(amount);
                        last = Some((j, amount));
                    }
                }
            }
            if most <= u64::from(cap) {
                continue;
            }
            let mut e = Expression::with_capacity(list.len());
            for &(_, amount, var) in list {
                e.add_mul(f64::from(amount), var);
            }
            out.push(e.leq(f64::from(cap)));
        }
    }
}

#[cfg(test)]
mod tests;
