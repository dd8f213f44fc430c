//! Explaining infeasibility: pins (started or frozen tasks), releases and
//! dependencies that cannot all hold.

use std::fmt;

use thiserror::Error;

use crate::model::{ActivityId, Problem};

/// One reason why no schedule exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clash {
    /// Pinned (started or frozen) tasks need more people of a team than it
    /// has on some days.
    Overload {
        /// The team.
        team: String,
        /// First overloaded day.
        from: u32,
        /// Last overloaded day of this run (same tasks).
        to: u32,
        /// People available on `from`.
        capacity: u32,
        /// People the pinned tasks need on `from`.
        needed: u32,
        /// The pinned tasks running on those days.
        tasks: Vec<String>,
    },
    /// A pinned task starts before its predecessor can finish (plus lag).
    BeforePredecessor {
        /// The pinned task.
        task: String,
        /// Its pinned start.
        start: u32,
        /// The predecessor.
        predecessor: String,
        /// The earliest day the task could start after that predecessor.
        earliest: u32,
    },
    /// A pinned task starts before its release day.
    BeforeRelease {
        /// The task.
        task: String,
        /// Its pinned start.
        start: u32,
        /// Its release.
        release: u32,
    },
    /// A task recorded as done depends on a task that is not done.
    DoneBeforePredecessor {
        /// The done task.
        task: String,
        /// The predecessor that is not done.
        predecessor: String,
    },
    /// Today, the pins and the tasks' lengths take the plan past the last
    /// day tandem schedules ([`MAX_HORIZON`](crate::model::MAX_HORIZON)).
    TooLong {
        /// The re-plan's horizon ([`Problem::horizon`]).
        horizon: u64,
        /// The largest horizon tandem accepts.
        limit: u64,
    },
}

impl fmt::Display for Clash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clash::Overload {
                team,
                from,
                to,
                capacity,
                needed,
                tasks,
            } => {
                let days = if from == to {
                    format!("day {from}")
                } else {
                    format!("days {from}-{to}")
                };
                write!(
                    f,
                    "team `{team}` on {days}: the pinned tasks {} need {needed} people but it has {capacity}",
                    quoted(tasks)
                )
            }
            Clash::BeforePredecessor {
                task,
                start,
                predecessor,
                earliest,
            } => write!(
                f,
                "task `{task}` is pinned to day {start} but its predecessor `{predecessor}` lets it start on day {earliest} at the earliest"
            ),
            Clash::BeforeRelease {
                task,
                start,
                release,
            } => write!(
                f,
                "task `{task}` is pinned to day {start}, before its release day {release}"
            ),
            Clash::DoneBeforePredecessor { task, predecessor } => write!(
                f,
                "task `{task}` is done but its predecessor `{predecessor}` is not"
            ),
            Clash::TooLong { horizon, limit } => write!(
                f,
                "from today and the pins, the plan could run until day {horizon} (every task one after another), beyond the {limit} days tandem schedules"
            ),
        }
    }
}

fn quoted(ids: &[String]) -> String {
    ids.iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Started tasks, frozen tasks, releases, today and dependencies that cannot
/// all hold: every clash found.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub struct Infeasible {
    /// The clashes, each naming the tasks involved.
    pub clashes: Vec<Clash>,
}

impl fmt::Display for Infeasible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.clashes.len();
        write!(
            f,
            "no schedule can keep the started, frozen and done tasks and today: {n} clash{}",
            if n == 1 { "" } else { "es" }
        )?;
        for c in &self.clashes {
            write!(f, "\n  {c}")?;
        }
        Ok(())
    }
}

/// Checks that the pinned activities of a problem can all hold: no team
/// overloaded by pinned activities alone, no pinned activity before its
/// release or before its predecessors can finish (earliest finishes of
/// unpinned predecessors in their shortest mode, after their releases).
/// Unpinned activities can then always be scheduled (after the last pin
/// and capacity change every mode fits).
///
/// ```
/// use tandem::model::Pin;
/// use tandem::replan::check_feasible;
/// use tandem::{Calendar, ProblemBuilder};
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("backend", Calendar::constant(1));
/// let a = b.plan_task("a", None, &[(team, 3.0)], 1, 1, 0);
/// let c = b.plan_task("c", None, &[(team, 2.0)], 1, 1, 0);
/// b.pin(a, Pin { start: 0, mode: 0 });
/// b.pin(c, Pin { start: 1, mode: 0 });
/// let p = b.build().unwrap();
/// let err = check_feasible(&p).unwrap_err();
/// assert!(err.to_string().contains("`a`, `c` need 2 people but it has 1"));
/// ```
pub fn check_feasible(problem: &Problem) -> Result<(), Infeasible> {
    let mut clashes = Vec::new();
    let order = crate::graph::DependencyGraph::new(problem).topological_order();
    let n = problem.len();
    let mut finish = vec![0u32; n];
    for &a in &order {
        let act = problem.activity(a);
        let mut es = act.release;
        let mut from: Option<(ActivityId, u32)> = None;
        for &(q, lag) in problem.predecessors(a) {
            // a lead (negative lag) can bring it before day 0: clamped there
            let t = finish[q.index()].saturating_add_signed(lag);
            if t > es {
                es = t;
                from = Some((q, t));
            }
        }
        match act.pin {
            Some(pin) => {
                if pin.start < act.release {
                    clashes.push(Clash::BeforeRelease {
                        task: act.id.clone(),
                        start: pin.start,
                        release: act.release,
                    });
                } else if let Some((q, t)) = from
                    && t > pin.start
                {
                    clashes.push(Clash::BeforePredecessor {
                        task: act.id.clone(),
                        start: pin.start,
                        predecessor: problem.activity(q).id.clone(),
                        earliest: t,
                    });
                }
                let d = act.modes.get(pin.mode).map_or(0, |m| m.duration);
                finish[a.index()] = pin.start.saturating_add(d);
            }
            None => finish[a.index()] = es.saturating_add(act.min_duration()),
        }
    }
    overloads(problem, &mut clashes);
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(Infeasible { clashes })
    }
}

/// Days on which pinned activities alone exceed a team's capacity, merged
/// into runs of consecutive days with the same tasks.
fn overloads(problem: &Problem, clashes: &mut Vec<Clash>) {
    for (r, res) in problem.resources().iter().enumerate() {
        // (start, end, amount, activity) of pinned uses of r
        let mut uses: Vec<(u32, u32, u32, usize)> = Vec::new();
        for (i, act) in problem.activities().iter().enumerate() {
            let Some(pin) = act.pin else { continue };
            let Some(mode) = act.modes.get(pin.mode) else {
                continue;
            };
            for d in &mode.demands {
                if d.resource.index() == r && d.amount > 0 && mode.duration > 0 {
                    uses.push((
                        pin.start,
                        pin.start.saturating_add(mode.duration),
                        d.amount,
                        i,
                    ));
                }
            }
        }
        if uses.is_empty() {
            continue;
        }
        let mut days: Vec<u32> = uses.iter().flat_map(|u| [u.0, u.1]).collect();
        days.extend(res.capacity.steps().iter().map(|s| s.0));
        days.sort_unstable();
        days.dedup();
        let mut open: Option<Clash> = None;
        for w in days.windows(2) {
            let (lo, hi) = (w[0], w[1]);
            let running: Vec<&(u32, u32, u32, usize)> =
                uses.iter().filter(|u| u.0 <= lo && lo < u.1).collect();
            let needed: u32 = running.iter().map(|u| u.2).sum();
            let capacity = res.capacity.at(lo);
            if needed > capacity {
                let tasks: Vec<String> = running
                    .iter()
                    .map(|u| problem.activities()[u.3].id.clone())
                    .collect();
                match &mut open {
                    Some(Clash::Overload {
                        to, tasks: prev, ..
                    }) if *prev == tasks && *to + 1 == lo => *to = hi - 1,
                    _ => {
                        clashes.extend(open.take());
                        open = Some(Clash::Overload {
                            team: res.id.clone(),
                            from: lo,
                            to: hi - 1,
                            capacity,
                            needed,
                            tasks,
                        });
                    }
                }
            }
        }
        clashes.extend(open);
    }
}
