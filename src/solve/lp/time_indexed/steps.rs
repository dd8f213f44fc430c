//! The rows written through step variables: the disaggregated
//! precedences, the day-by-day goal finish rows ("the goal is done by
//! `u`") and the goal-set rows of the [`time_indexed`](super) docs.

use good_lp::{Expression, Variable, variable};

use super::variables::{Sink, Start, finish_events};
use crate::model::{ActivityId, GoalId, Problem};

/// Disaggregated precedences through step variables: `S_j(t)` = "`j` has
/// started by `t`", `F_i(u)` = "`i` has finished by `u`" (cumulative sums of
/// the `x`), and `S_j(t) <= F_i(t - lag)` for every start day `t` of `j`
/// (a lead, a negative lag, looks `-lag` days past `t`).
/// Same LP relaxation as the direct rows, with `O(n W)` coefficients
/// instead of `O(E W^2)`.
///
/// Returns the `F_i` it made (empty for activities without successors).
pub(super) fn stepped_rows(
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
        // signed: with a lead (a negative lag) `j` may start before `i` is done
        let lag = i64::from(p.lag);
        let day = |t: u64| i64::try_from(t).unwrap_or(i64::MAX);
        // from `latest_ready + lag` on, `from` is surely done
        for &(t, s) in to
            .iter()
            .take_while(|&&(t, _)| day(t) < day(latest_ready) + lag)
        {
            let mut e = Expression::with_capacity(2);
            e.add_mul(1.0, s);
            let k = from.partition_point(|&(u, _)| day(u) + lag <= day(t));
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
pub(super) fn goal_step_rows(
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
/// day `u` before its bound ([`Windows::goal_sets`](super::Windows::goal_sets)):
/// `sum_{g in S} G_g(u) <= |S| - 1`, written with each goal's last done
/// variable on or before `u` (done by then means done by `u`); a goal
/// without one cannot be done by `u` and the row is not needed.
pub(super) fn goal_set_rows(
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
