//! Deadlines (latest finishes) of the activities, valid for some optimal
//! schedule among those the [`Cut`] keeps: from the incumbent's objective
//! (per goal for the weighted objective), pins, successors and the energy
//! of the descendants, and for the activities that nothing else bounds; the
//! **Windows** part of the [`time_indexed`](super) docs derives them.

use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId, Objective, Problem};
use crate::schedule::Schedule;
use crate::solve::bounds::WindowBounds;
use crate::solve::lp::tails::tighten_tails;

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

/// Deadlines (latest finishes) valid for some optimal schedule, as the
/// [`time_indexed`](super) module docs derive them.
pub(super) fn deadlines(
    problem: &Problem,
    analysis: &Analysis,
    known: &WindowBounds,
    incumbent: &Schedule,
    cut: Cut,
) -> Option<Vec<u32>> {
    let finish = kept_finishes(problem, incumbent, cut);
    let mut deadline = bounded_deadlines(problem, analysis, known, incumbent, cut)?;
    if deadline.iter().any(Option::is_none) {
        free_deadlines(problem, &mut deadline, &finish)?;
    }
    deadline
        .into_iter()
        .map(|d| d.and_then(|d| u32::try_from(d).ok()))
        .collect()
}

/// The incumbent's finishes when it is to stay a point of the model
/// ([`Cut::AtMostIncumbent`]), else zeros.
fn kept_finishes(problem: &Problem, incumbent: &Schedule, cut: Cut) -> Vec<u64> {
    match cut {
        Cut::AtMostIncumbent => problem
            .activity_ids()
            .map(|a| u64::from(incumbent.finish(problem, a)))
            .collect(),
        Cut::BelowIncumbent => vec![0; problem.len()],
    }
}

/// The deadlines of [`deadlines`] before the activities that nothing
/// bounds get theirs: `None` for those (weighted objective: no goal or
/// pinned activity after them, so they do not touch the objective).
/// `None` overall for a weighted objective with a lateness weight below 0.
pub(crate) fn bounded_deadlines(
    problem: &Problem,
    analysis: &Analysis,
    known: &WindowBounds,
    incumbent: &Schedule,
    cut: Cut,
) -> Option<Vec<Option<u64>>> {
    let n = problem.len();
    let finish = kept_finishes(problem, incumbent, cut);
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
                // F_i <= S_s - lag <= D_s - d_s - lag, signed (a lead adds)
                let room = i64::try_from(ds).unwrap_or(i64::MAX)
                    - i64::from(analysis.duration[s.index()])
                    - i64::from(lag);
                let d = u64::try_from(room).unwrap_or(0);
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
    Some(deadline)
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
/// only): `T0 + sum (d*_j + max lag_j)`, see the `time_indexed` docs. `None` when one
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
            .map(|&(_, l)| u64::try_from(l).unwrap_or(0))
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
