//! Schedule metrics: team load and utilisation, goal finishes and lateness.
//!
//! Utilisation of a team is the person-days its tasks use divided by the
//! person-days its calendar makes available over days `0..makespan`
//! (time-varying capacity included), or 0 when nothing is available.

use super::Schedule;
use crate::model::{GoalId, Problem, ResourceId};

/// Load and utilisation of one team (resource) over days `0..makespan`.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamUtilisation {
    /// The team.
    pub team: ResourceId,
    /// Person-days used by the schedule.
    pub used: u64,
    /// Person-days available over `0..makespan`.
    pub available: u64,
    /// `used / available`, 0 when nothing is available.
    pub utilisation: f64,
    /// The most people in use on any one day.
    pub peak: u32,
    /// The first day on which `peak` people are in use (0 if the team is never used).
    pub peak_day: u32,
}

/// How one goal fares in a schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalRow {
    /// The goal.
    pub goal: GoalId,
    /// The goal's id in the plan (`goals.csv`).
    pub id: String,
    /// Its priority.
    pub priority: f64,
    /// Its due day, if any.
    pub due: Option<u32>,
    /// The largest finish of its tasks (0 without tasks).
    pub finish: u32,
    /// `max(0, finish - due)` (0 without a due day).
    pub late_days: u32,
}

/// People of each team in use on each day `0..makespan`: `load[team][day]`.
/// Activities whose assignment names no existing mode are ignored. Allocates
/// one entry per team and day (for reports); [`utilisation`] does not.
///
/// ```
/// use tandem::schedule::{Assignment, daily_load};
/// use tandem::{Calendar, ProblemBuilder, Schedule};
/// let mut b = ProblemBuilder::new();
/// let t = b.resource("t", Calendar::constant(3));
/// b.plan_task("a", None, &[(t, 4.0)], 2, 2, 0);
/// b.plan_task("c", None, &[(t, 1.0)], 1, 1, 0);
/// let p = b.build().unwrap();
/// let s = Schedule::new(vec![Assignment { start: 0, mode: 0 }, Assignment { start: 1, mode: 0 }]);
/// assert_eq!(daily_load(&p, &s), vec![vec![2, 3]]);
/// ```
pub fn daily_load(problem: &Problem, schedule: &Schedule) -> Vec<Vec<u32>> {
    let runs: Vec<_> = problem
        .activities()
        .iter()
        .zip(schedule.assignments())
        .filter_map(|(act, asg)| act.modes.get(asg.mode).map(|m| (asg.start, m)))
        .collect();
    let makespan = runs
        .iter()
        .map(|(s, m)| s.saturating_add(m.duration))
        .max()
        .unwrap_or(0) as usize;
    let mut load = vec![vec![0u32; makespan]; problem.resources().len()];
    for (start, mode) in runs {
        for d in &mode.demands {
            let Some(row) = load.get_mut(d.resource.index()) else {
                continue;
            };
            let from = start as usize;
            let to = from.saturating_add(mode.duration as usize).min(makespan);
            for x in &mut row[from.min(to)..to] {
                *x = x.saturating_add(d.amount);
            }
        }
    }
    load
}

/// Utilisation of every team over days `0..makespan`, in resource order.
///
/// ```
/// use tandem::schedule::{Assignment, utilisation};
/// use tandem::{Calendar, ProblemBuilder, Schedule};
/// let mut b = ProblemBuilder::new();
/// let t = b.resource("t", Calendar::constant(2));
/// b.plan_task("a", None, &[(t, 3.0)], 1, 1, 0);
/// let p = b.build().unwrap();
/// let s = Schedule::new(vec![Assignment { start: 0, mode: 0 }]);
/// let u = &utilisation(&p, &s)[0];
/// assert_eq!((u.used, u.available, u.utilisation, u.peak), (3, 6, 0.5, 1));
/// ```
pub fn utilisation(problem: &Problem, schedule: &Schedule) -> Vec<TeamUtilisation> {
    // Sparse: person-days and an event sweep for the peak, so a schedule
    // ending far away allocates nothing per day.
    let nr = problem.resources().len();
    let mut used = vec![0u64; nr];
    let mut events: Vec<Vec<(u32, i64)>> = vec![Vec::new(); nr];
    let mut makespan = 0u32;
    for (act, asg) in problem.activities().iter().zip(schedule.assignments()) {
        let Some(mode) = act.modes.get(asg.mode) else {
            continue;
        };
        let end = asg.start.saturating_add(mode.duration);
        makespan = makespan.max(end);
        for d in &mode.demands {
            if d.amount == 0 || end == asg.start || d.resource.index() >= nr {
                continue;
            }
            let r = d.resource.index();
            used[r] += u64::from(end - asg.start) * u64::from(d.amount);
            events[r].push((asg.start, i64::from(d.amount)));
            events[r].push((end, -i64::from(d.amount)));
        }
    }
    problem
        .resources()
        .iter()
        .zip(used)
        .zip(events)
        .enumerate()
        .map(|(r, ((resource, used), mut events))| {
            // at equal days, releases (negative) come before new starts
            events.sort_unstable();
            let (mut load, mut peak, mut peak_day) = (0i64, 0i64, 0u32);
            for (day, delta) in events {
                load += delta;
                if load > peak {
                    (peak, peak_day) = (load, day);
                }
            }
            let available = resource.capacity.energy(0, makespan);
            TeamUtilisation {
                team: ResourceId::from_index(r),
                used,
                available,
                utilisation: if available == 0 {
                    0.0
                } else {
                    used as f64 / available as f64
                },
                peak: u32::try_from(peak).unwrap_or(u32::MAX),
                peak_day,
            }
        })
        .collect()
}

/// Finish and lateness of every goal, in goal order.
///
/// ```
/// use tandem::schedule::{Assignment, goal_rows};
/// use tandem::{Calendar, ProblemBuilder, Schedule};
/// let mut b = ProblemBuilder::new();
/// let t = b.resource("t", Calendar::constant(1));
/// let g = b.goal("g", 3.0, Some(2));
/// b.plan_task("a", Some(g), &[(t, 5.0)], 1, 1, 0);
/// let p = b.build().unwrap();
/// let rows = goal_rows(&p, &Schedule::new(vec![Assignment { start: 0, mode: 0 }]));
/// assert_eq!((rows[0].finish, rows[0].late_days), (5, 3));
/// ```
pub fn goal_rows(problem: &Problem, schedule: &Schedule) -> Vec<GoalRow> {
    let mut finish = vec![0u32; problem.goals().len()];
    for (act, asg) in problem.activities().iter().zip(schedule.assignments()) {
        let (Some(g), Some(mode)) = (act.goal, act.modes.get(asg.mode)) else {
            continue;
        };
        if let Some(f) = finish.get_mut(g.index()) {
            *f = (*f).max(asg.start.saturating_add(mode.duration));
        }
    }
    problem
        .goals()
        .iter()
        .zip(finish)
        .enumerate()
        .map(|(g, (goal, finish))| GoalRow {
            goal: GoalId::from_index(g),
            id: goal.id.clone(),
            priority: goal.priority,
            due: goal.due,
            finish,
            late_days: goal.due.map_or(0, |d| finish.saturating_sub(d)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Calendar, ProblemBuilder};
    use crate::schedule::Assignment;

    #[test]
    fn utilisation_follows_the_calendar() {
        let mut b = ProblemBuilder::new();
        let mut cal = Calendar::constant(4);
        cal.set(2, 3, 0); // nobody on days 2 and 3
        let t = b.resource("t", cal);
        let idle = b.resource("idle", Calendar::constant(0));
        let g1 = b.goal("g1", 1.0, Some(10));
        let g2 = b.goal("g2", 2.0, None);
        let _empty = b.goal("empty", 1.0, Some(0));
        b.plan_task("a", Some(g1), &[(t, 4.0)], 1, 4, 0); // modes k=1..4
        b.plan_task("c", Some(g2), &[(t, 3.0)], 3, 3, 0);
        let p = b.build().unwrap();
        let _ = idle;
        // a: 2 people on days 0..2, c: 3 people on days 4..5
        let s = Schedule::new(vec![
            Assignment { start: 0, mode: 1 },
            Assignment { start: 4, mode: 0 },
        ]);
        assert!(s.check(&p).is_ok());
        let u = utilisation(&p, &s);
        assert_eq!(u.len(), 2);
        assert_eq!((u[0].used, u[0].available), (7, 4 * 3));
        assert!((u[0].utilisation - 7.0 / 12.0).abs() < 1e-12);
        assert_eq!((u[0].peak, u[0].peak_day), (3, 4));
        assert_eq!((u[1].used, u[1].available, u[1].utilisation), (0, 0, 0.0));
        let rows = goal_rows(&p, &s);
        let got: Vec<_> = rows.iter().map(|r| (r.finish, r.late_days)).collect();
        assert_eq!(got, vec![(2, 0), (5, 0), (0, 0)]);
        assert_eq!(rows[1].priority, 2.0);
    }

    #[test]
    fn empty_schedule() {
        let mut b = ProblemBuilder::new();
        b.resource("t", Calendar::constant(4));
        let p = b.build().unwrap();
        let s = Schedule::new(vec![]);
        let u = utilisation(&p, &s);
        assert_eq!((u[0].used, u[0].available, u[0].utilisation), (0, 0, 0.0));
        assert!(goal_rows(&p, &s).is_empty());
    }

    #[test]
    fn utilisation_agrees_with_daily_load() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(5));
        for (i, e) in [4.0, 3.0, 6.0, 1.0, 2.0].iter().enumerate() {
            b.plan_task(format!("x{i}"), None, &[(t, *e)], 1, 3, 0);
        }
        let p = b.build().unwrap();
        let starts = [(0, 1), (1, 0), (2, 2), (2, 0), (3, 1)];
        let s = Schedule::new(
            starts
                .iter()
                .map(|&(start, mode)| Assignment { start, mode })
                .collect(),
        );
        let load = &daily_load(&p, &s)[0];
        let u = &utilisation(&p, &s)[0];
        assert_eq!(u.used, load.iter().map(|&x| u64::from(x)).sum::<u64>());
        assert_eq!(u.available, 5 * load.len() as u64);
        let peak = *load.iter().max().unwrap();
        assert_eq!(u.peak, peak);
        assert_eq!(
            u.peak_day as usize,
            load.iter().position(|&x| x == peak).unwrap()
        );
    }
}
