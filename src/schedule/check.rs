//! The independent schedule checker: the slow twin of every solver.
//!
//! # What is checked
//! [`Schedule::check`] verifies a schedule against the problem *as the user
//! wrote it*, sharing no code with the solvers:
//!
//! * one assignment per activity, each naming an existing mode;
//! * pins (start and mode) and release days;
//! * for plan tasks (activities with a [`TaskSpec`]): the mode uses exactly one
//!   team, that team is eligible, the crew `k` lies in `[min_people,
//!   max_people]` and is not above the team's base capacity, and the duration
//!   is `ceil(effort_team / k)`; a milestone (effort 0 for the chosen team)
//!   has 0 people and lasts 0 days. The derived mode list is *not* trusted;
//! * finish-to-start precedences with lags, but only the edges written as task
//!   dependencies ([`EdgeOrigin::Task`]);
//! * goal dependencies from [`Goal::depends_on`](crate::Goal) with their own
//!   semantics (no task of goal `g` starts before every task of each required
//!   goal has finished), not the derived [`EdgeOrigin::Goal`] edges;
//! * capacity: per team, a difference array over days `0..makespan` is
//!   accumulated day by day and compared with [`Calendar::at`](crate::Calendar::at).
//!
//! The objective is recomputed from scratch as FORMAT.md defines it (the
//! re-planning stability term is not part of [`Problem`] and is not included).
//!
//! Every violation is reported, up to [`MAX_PER_KIND`] of each kind; the rest
//! are counted in [`CheckFailure::omitted`].

use std::fmt;

use thiserror::Error;

use super::{Assignment, Schedule};
use crate::model::{Activity, EdgeOrigin, Mode, Objective, Problem, TaskSpec};

/// At most this many violations of each kind are listed.
pub const MAX_PER_KIND: usize = 100;

/// Schedules ending after this day are not checked day by day (the
/// difference array would be too large); they fail with [`Violation::TooLong`].
pub const MAX_CHECKED_DAYS: u64 = 1 << 21;

/// What a valid schedule achieves, recomputed by the checker.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckReport {
    /// The objective as FORMAT.md defines it.
    pub objective: f64,
    /// The largest finish.
    pub makespan: u32,
    /// Finish of each goal (largest finish of its tasks, 0 without tasks), by goal index.
    pub goal_finish: Vec<u32>,
}

/// Why a crew is not allowed for a plan task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CrewIssue {
    /// The team is not among the task's eligible teams.
    NotEligible,
    /// Fewer people than `min_people`.
    BelowMin {
        /// The task's `min_people`.
        min_people: u32,
    },
    /// More people than `max_people`.
    AboveMax {
        /// The task's `max_people`.
        max_people: u32,
    },
    /// More people than the team has (its base capacity).
    AboveCapacity {
        /// The team's base capacity.
        capacity: u32,
    },
}

impl fmt::Display for CrewIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CrewIssue::NotEligible => write!(f, "the team is not eligible for the task"),
            CrewIssue::BelowMin { min_people } => write!(f, "min_people is {min_people}"),
            CrewIssue::AboveMax { max_people } => write!(f, "max_people is {max_people}"),
            CrewIssue::AboveCapacity { capacity } => {
                write!(f, "the team's capacity is {capacity}")
            }
        }
    }
}

/// One way in which a schedule breaks the problem's rules. Ids are the
/// activity, goal and resource ids as written in the input.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Violation {
    /// The schedule does not have one assignment per activity (nothing else is checked).
    #[error("the schedule has {got} assignments but the problem has {expected} activities")]
    WrongLength {
        /// Number of activities.
        expected: usize,
        /// Number of assignments.
        got: usize,
    },
    /// An assignment names a mode the activity does not have.
    #[error("`{activity}` runs in mode {mode} but has only {modes} modes")]
    UnknownMode {
        /// Activity id.
        activity: String,
        /// 0-based mode index used.
        mode: usize,
        /// Number of modes.
        modes: usize,
    },
    /// A pinned activity moved or changed mode.
    #[error(
        "`{activity}` is pinned to start on day {pin_start} in mode {pin_mode} \
         but starts on day {start} in mode {mode}"
    )]
    PinViolated {
        /// Activity id.
        activity: String,
        /// Pinned start.
        pin_start: u32,
        /// Pinned 0-based mode.
        pin_mode: usize,
        /// Actual start.
        start: u32,
        /// Actual 0-based mode.
        mode: usize,
    },
    /// An activity starts before its release day.
    #[error("`{activity}` starts on day {start}, before its release day {release}")]
    BeforeRelease {
        /// Activity id.
        activity: String,
        /// Start.
        start: u32,
        /// Release.
        release: u32,
    },
    /// A written dependency is not respected.
    #[error(
        "`{to}` starts on day {to_start} but depends on `{from}` (finish {from_finish}, lag {lag})"
    )]
    Precedence {
        /// Predecessor id.
        from: String,
        /// Successor id.
        to: String,
        /// Required lag.
        lag: u32,
        /// Predecessor's finish.
        from_finish: u64,
        /// Successor's start.
        to_start: u32,
    },
    /// A task of a goal starts before a required goal has finished.
    #[error(
        "task `{task}` of goal `{goal}` starts on day {start}, \
         before goal `{required}` finishes on day {required_finish}"
    )]
    GoalDependency {
        /// The dependent goal's id.
        goal: String,
        /// The required goal's id.
        required: String,
        /// The task of `goal` that starts too early.
        task: String,
        /// Its start.
        start: u32,
        /// Finish of the required goal.
        required_finish: u64,
    },
    /// A team is over capacity on a day.
    #[error("team `{resource}` uses {used} people on day {day} but has {capacity}")]
    OverCapacity {
        /// Resource id.
        resource: String,
        /// The day.
        day: u32,
        /// People in use by all running activities.
        used: u64,
        /// Capacity on that day.
        capacity: u32,
    },
    /// A plan task's mode does not use exactly one team.
    #[error("plan task `{activity}` must use exactly one team but its mode has {demands} demands")]
    BadDemands {
        /// Activity id.
        activity: String,
        /// Number of demands of the mode.
        demands: usize,
    },
    /// A plan task's crew is not allowed.
    #[error("`{activity}` runs with {people} people of team `{team}`, but {issue}")]
    BadCrew {
        /// Activity id.
        activity: String,
        /// Team id.
        team: String,
        /// Crew size.
        people: u32,
        /// What is wrong.
        issue: CrewIssue,
    },
    /// A plan task's duration does not follow from its effort and crew.
    #[error(
        "`{activity}` lasts {duration} days with {people} people of team `{team}`, \
         but its effort needs {expected}"
    )]
    BadDuration {
        /// Activity id.
        activity: String,
        /// Team id.
        team: String,
        /// Crew size.
        people: u32,
        /// Duration of the mode used.
        duration: u32,
        /// `ceil(effort / people)` (0 for a milestone).
        expected: u32,
    },
    /// A milestone (or a task with effort, run by nobody) has the wrong crew:
    /// milestones take 0 people, work takes at least 1.
    #[error("`{activity}` has effort {effort} for team `{team}` but a crew of {people}")]
    MilestoneWithPeople {
        /// Activity id.
        activity: String,
        /// Team id.
        team: String,
        /// Crew size.
        people: u32,
        /// The effort (0 for a milestone).
        effort: String,
    },
    /// The schedule ends too late to be checked day by day.
    #[error("the schedule ends on day {makespan}, beyond the checker's limit of {limit} days")]
    TooLong {
        /// The largest finish.
        makespan: u64,
        /// [`MAX_CHECKED_DAYS`].
        limit: u64,
    },
}

/// A schedule that breaks the rules, with every violation found.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub struct CheckFailure {
    /// The violations, at most [`MAX_PER_KIND`] of each kind; never empty.
    pub violations: Vec<Violation>,
    /// How many more violations were found but not listed.
    pub omitted: usize,
}

impl fmt::Display for CheckFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len() + self.omitted;
        write!(
            f,
            "{n} violation{} in the schedule:",
            if n == 1 { "" } else { "s" }
        )?;
        for v in &self.violations {
            write!(f, "\n  {v}")?;
        }
        if self.omitted > 0 {
            write!(f, "\n  ... and {} more", self.omitted)?;
        }
        Ok(())
    }
}

/// Collects violations, capping each kind.
#[derive(Default)]
struct Collector {
    violations: Vec<Violation>,
    counts: Vec<(std::mem::Discriminant<Violation>, usize)>,
    omitted: usize,
}

impl Collector {
    fn push(&mut self, v: Violation) {
        let kind = std::mem::discriminant(&v);
        let count = match self.counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, c)) => c,
            None => {
                self.counts.push((kind, 0));
                &mut self.counts.last_mut().expect("just pushed").1
            }
        };
        *count += 1;
        if *count > MAX_PER_KIND {
            self.omitted += 1;
        } else {
            self.violations.push(v);
        }
    }
}

impl Schedule {
    /// Checks the schedule against every rule of the problem, independently
    /// of the solvers, and recomputes the objective.
    ///
    /// Checked: one assignment per activity naming an existing mode; pins and
    /// releases; for plan tasks, the crew and duration against the task's
    /// [`TaskSpec`](crate::TaskSpec) (eligible team, `min_people..=max_people`,
    /// not above the team's base capacity, `ceil(effort / k)` days, milestones
    /// with 0 people and 0 days); written task dependencies with lags; goal
    /// dependencies as goals (no task of a goal starts before every task of a
    /// required goal has finished); and each team's capacity, day by day,
    /// against its calendar. Every violation is listed, up to
    /// [`MAX_PER_KIND`] of each kind.
    ///
    /// ```
    /// use tandem::{Assignment, Calendar, ProblemBuilder, Schedule, Violation};
    /// let mut b = ProblemBuilder::new();
    /// let team = b.resource("team", Calendar::constant(1));
    /// let g = b.goal("g", 2.0, None);
    /// let a = b.plan_task("a", Some(g), &[(team, 3.0)], 1, 1, 0);
    /// let c = b.plan_task("c", Some(g), &[(team, 2.0)], 1, 1, 0);
    /// b.precedence(a, c, 0);
    /// let problem = b.build().unwrap();
    ///
    /// let ok = Schedule::new(vec![Assignment { start: 0, mode: 0 }, Assignment { start: 3, mode: 0 }]);
    /// let report = ok.check(&problem).unwrap();
    /// assert_eq!((report.makespan, report.objective), (5, 10.0));
    ///
    /// let bad = Schedule::new(vec![Assignment { start: 0, mode: 0 }, Assignment { start: 2, mode: 0 }]);
    /// let failure = bad.check(&problem).unwrap_err();
    /// assert!(failure.violations.iter().any(|v| matches!(v, Violation::Precedence { .. })));
    /// assert!(failure.violations.iter().any(|v| matches!(v, Violation::OverCapacity { day: 2, .. })));
    /// ```
    pub fn check(&self, problem: &Problem) -> Result<CheckReport, CheckFailure> {
        let mut out = Collector::default();
        let acts = problem.activities();
        let assignments = self.assignments();
        if assignments.len() != acts.len() {
            out.push(Violation::WrongLength {
                expected: acts.len(),
                got: assignments.len(),
            });
            return Err(CheckFailure {
                violations: out.violations,
                omitted: out.omitted,
            });
        }

        // The mode each activity runs in, when it exists.
        let modes: Vec<Option<&Mode>> = acts
            .iter()
            .zip(assignments)
            .map(|(act, asg)| act.modes.get(asg.mode))
            .collect();
        let finish: Vec<Option<u64>> = assignments
            .iter()
            .zip(&modes)
            .map(|(asg, m)| m.map(|m| u64::from(asg.start) + u64::from(m.duration)))
            .collect();

        for (i, (act, asg)) in acts.iter().zip(assignments).enumerate() {
            check_activity(problem, act, *asg, modes[i], &mut out);
        }
        check_precedences(problem, assignments, &finish, &mut out);
        let goal_finish = goal_finishes(problem, &finish);
        check_goal_dependencies(problem, assignments, &goal_finish, &mut out);
        let makespan = finish.iter().flatten().copied().max().unwrap_or(0);
        if makespan > MAX_CHECKED_DAYS {
            out.push(Violation::TooLong {
                makespan,
                limit: MAX_CHECKED_DAYS,
            });
        } else {
            check_capacity(problem, assignments, &modes, makespan, &mut out);
        }

        if !out.violations.is_empty() {
            return Err(CheckFailure {
                violations: out.violations,
                omitted: out.omitted,
            });
        }
        // Every value is at most MAX_CHECKED_DAYS here, so it fits in u32.
        let to_u32 = |x: u64| u32::try_from(x).unwrap_or(u32::MAX);
        let objective = match problem.objective() {
            Objective::Makespan => makespan as f64,
            Objective::Weighted { lateness_weight } => {
                recompute_weighted(problem, &goal_finish, lateness_weight)
            }
        };
        Ok(CheckReport {
            objective,
            makespan: to_u32(makespan),
            goal_finish: goal_finish.into_iter().map(to_u32).collect(),
        })
    }
}

/// Mode, pin, release, and (plan tasks) crew and duration of one activity.
fn check_activity(
    problem: &Problem,
    act: &Activity,
    asg: Assignment,
    mode: Option<&Mode>,
    out: &mut Collector,
) {
    let Some(mode) = mode else {
        out.push(Violation::UnknownMode {
            activity: act.id.clone(),
            mode: asg.mode,
            modes: act.modes.len(),
        });
        return;
    };
    if let Some(pin) = act.pin
        && (pin.start != asg.start || pin.mode != asg.mode)
    {
        out.push(Violation::PinViolated {
            activity: act.id.clone(),
            pin_start: pin.start,
            pin_mode: pin.mode,
            start: asg.start,
            mode: asg.mode,
        });
    }
    if asg.start < act.release {
        out.push(Violation::BeforeRelease {
            activity: act.id.clone(),
            start: asg.start,
            release: act.release,
        });
    }
    if let Some(spec) = &act.spec {
        check_crew(problem, act, spec, mode, out);
    }
}

/// A plan task's mode against its [`TaskSpec`].
fn check_crew(
    problem: &Problem,
    act: &Activity,
    spec: &TaskSpec,
    mode: &Mode,
    out: &mut Collector,
) {
    let [demand] = mode.demands.as_slice() else {
        out.push(Violation::BadDemands {
            activity: act.id.clone(),
            demands: mode.demands.len(),
        });
        return;
    };
    let team = problem.resources().get(demand.resource.index());
    let team_id = team.map_or_else(|| demand.resource.to_string(), |r| r.id.clone());
    let people = demand.amount;
    let bad_crew = |issue| Violation::BadCrew {
        activity: act.id.clone(),
        team: team_id.clone(),
        people,
        issue,
    };
    let effort = spec
        .efforts
        .iter()
        .find(|(r, _)| *r == demand.resource)
        .map(|&(_, e)| e);
    let (Some(team), Some(effort)) = (team, effort) else {
        out.push(bad_crew(CrewIssue::NotEligible));
        return;
    };
    // NaN or negative efforts count as milestones, as in the input rules (effort >= 0).
    if effort.is_nan() || effort <= 0.0 {
        if people != 0 {
            out.push(Violation::MilestoneWithPeople {
                activity: act.id.clone(),
                team: team_id.clone(),
                people,
                effort: format!("{effort}"),
            });
        }
        if mode.duration != 0 {
            out.push(Violation::BadDuration {
                activity: act.id.clone(),
                team: team_id.clone(),
                people,
                duration: mode.duration,
                expected: 0,
            });
        }
        return;
    }
    if people == 0 {
        out.push(Violation::MilestoneWithPeople {
            activity: act.id.clone(),
            team: team_id.clone(),
            people,
            effort: format!("{effort}"),
        });
        return;
    }
    if people < spec.min_people {
        out.push(bad_crew(CrewIssue::BelowMin {
            min_people: spec.min_people,
        }));
    }
    if people > spec.max_people {
        out.push(bad_crew(CrewIssue::AboveMax {
            max_people: spec.max_people,
        }));
    }
    if people > team.capacity.base() {
        out.push(bad_crew(CrewIssue::AboveCapacity {
            capacity: team.capacity.base(),
        }));
    }
    // duration = ceil(effort / k), written out rather than taken from the model.
    let exact = effort / f64::from(people);
    let expected = exact.ceil();
    if f64::from(mode.duration) != expected {
        out.push(Violation::BadDuration {
            activity: act.id.clone(),
            team: team_id,
            people,
            duration: mode.duration,
            expected: if expected >= f64::from(u32::MAX) {
                u32::MAX
            } else {
                expected as u32
            },
        });
    }
}

/// Written task dependencies only (goal-derived edges are checked through goals).
fn check_precedences(
    problem: &Problem,
    assignments: &[Assignment],
    finish: &[Option<u64>],
    out: &mut Collector,
) {
    let acts = problem.activities();
    for p in problem
        .precedences()
        .iter()
        .filter(|p| p.origin == EdgeOrigin::Task)
    {
        let (Some(from_finish), Some(to)) = (
            finish.get(p.from.index()).copied().flatten(),
            assignments.get(p.to.index()),
        ) else {
            continue; // unknown mode: already reported
        };
        if finish.get(p.to.index()).copied().flatten().is_none() {
            continue;
        }
        if u64::from(to.start) < from_finish + u64::from(p.lag) {
            out.push(Violation::Precedence {
                from: acts[p.from.index()].id.clone(),
                to: acts[p.to.index()].id.clone(),
                lag: p.lag,
                from_finish,
                to_start: to.start,
            });
        }
    }
}

/// Largest finish of each goal's activities (0 without any), from `Activity::goal`.
fn goal_finishes(problem: &Problem, finish: &[Option<u64>]) -> Vec<u64> {
    let mut goal_finish = vec![0u64; problem.goals().len()];
    for (act, f) in problem.activities().iter().zip(finish) {
        if let (Some(g), Some(f)) = (act.goal, f)
            && let Some(gf) = goal_finish.get_mut(g.index())
        {
            *gf = (*gf).max(*f);
        }
    }
    goal_finish
}

/// No task of goal `g` starts before every task of each goal in `g.depends_on` has finished.
fn check_goal_dependencies(
    problem: &Problem,
    assignments: &[Assignment],
    goal_finish: &[u64],
    out: &mut Collector,
) {
    let goals = problem.goals();
    for (act, asg) in problem.activities().iter().zip(assignments) {
        let Some(goal) = act.goal.and_then(|g| goals.get(g.index())) else {
            continue;
        };
        for h in &goal.depends_on {
            let (Some(required), Some(&required_finish)) =
                (goals.get(h.index()), goal_finish.get(h.index()))
            else {
                continue;
            };
            if u64::from(asg.start) < required_finish {
                out.push(Violation::GoalDependency {
                    goal: goal.id.clone(),
                    required: required.id.clone(),
                    task: act.id.clone(),
                    start: asg.start,
                    required_finish,
                });
            }
        }
    }
}

/// Day-by-day usage of every resource over `0..makespan` against its calendar.
fn check_capacity(
    problem: &Problem,
    assignments: &[Assignment],
    modes: &[Option<&Mode>],
    makespan: u64,
    out: &mut Collector,
) {
    let days = usize::try_from(makespan).unwrap_or(usize::MAX);
    let mut diff = vec![0i64; days + 1];
    for (r, resource) in problem.resources().iter().enumerate() {
        diff.iter_mut().for_each(|x| *x = 0);
        for (asg, mode) in assignments.iter().zip(modes) {
            let Some(mode) = mode else { continue };
            for d in mode.demands.iter().filter(|d| d.resource.index() == r) {
                let start = asg.start as usize;
                let end = start + mode.duration as usize;
                if d.amount == 0 || end == start {
                    continue;
                }
                diff[start] += i64::from(d.amount);
                diff[end] -= i64::from(d.amount);
            }
        }
        let mut used = 0i64;
        for (day, delta) in diff.iter().take(days).enumerate() {
            used += delta;
            let day = day as u32; // days <= MAX_CHECKED_DAYS
            let capacity = resource.capacity.at(day);
            if used > i64::from(capacity) {
                out.push(Violation::OverCapacity {
                    resource: resource.id.clone(),
                    day,
                    used: used as u64,
                    capacity,
                });
            }
        }
    }
}

/// FORMAT.md: `sum p_g f_g + w * sum p_g max(0, f_g - due_g)`.
fn recompute_weighted(problem: &Problem, goal_finish: &[u64], lateness_weight: f64) -> f64 {
    let mut finish_term = 0.0;
    let mut late_term = 0.0;
    for (goal, &f) in problem.goals().iter().zip(goal_finish) {
        finish_term += goal.priority * f as f64;
        if let Some(due) = goal.due.map(u64::from)
            && f > due
        {
            late_term += goal.priority * (f - due) as f64;
        }
    }
    finish_term + lateness_weight * late_term
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Analysis;
    use crate::model::{ActivityId, Calendar, Demand, GoalId, Pin, ProblemBuilder, ResourceId};

    fn asg(start: u32, mode: usize) -> Assignment {
        Assignment { start, mode }
    }

    /// Team `t` (capacity 2, 1 on days 4..=5), goal `g1` (priority 2, due 4)
    /// with a (effort 4, 1..2 people) -> c (effort 2, lag 1); goal `g2`
    /// (priority 1) depends on g1, with d (effort 1).
    fn small() -> (Problem, [ActivityId; 3]) {
        let mut b = ProblemBuilder::new();
        let mut cal = Calendar::constant(2);
        cal.set(4, 5, 1);
        let t = b.resource("t", cal);
        let g1 = b.goal("g1", 2.0, Some(4));
        let g2 = b.goal("g2", 1.0, None);
        b.goal_dependency(g2, g1);
        let a = b.plan_task("a", Some(g1), &[(t, 4.0)], 1, 2, 0);
        let c = b.plan_task("c", Some(g1), &[(t, 2.0)], 1, 1, 0);
        let d = b.plan_task("d", Some(g2), &[(t, 1.0)], 1, 1, 0);
        b.precedence(a, c, 1);
        (b.build().unwrap(), [a, c, d])
    }

    /// a with 2 people on 0..2, c on 3..5, d on 5..6.
    fn small_valid() -> Schedule {
        Schedule::new(vec![asg(0, 1), asg(3, 0), asg(5, 0)])
    }

    fn violations(p: &Problem, s: &Schedule) -> Vec<Violation> {
        s.check(p)
            .expect_err("the schedule must be rejected")
            .violations
    }

    #[test]
    fn valid_schedule_passes() {
        let (p, _) = small();
        let report = small_valid().check(&p).unwrap();
        assert_eq!(report.makespan, 6);
        assert_eq!(report.goal_finish, vec![5, 6]);
        // 2*5 + 1*6 + 10 * 2*(5-4)
        assert_eq!(report.objective, 36.0);
        assert_eq!(report.objective, small_valid().objective(&p));
    }

    #[test]
    fn wrong_length() {
        let (p, _) = small();
        let v = violations(&p, &Schedule::new(vec![asg(0, 0)]));
        assert_eq!(
            v,
            vec![Violation::WrongLength {
                expected: 3,
                got: 1
            }]
        );
    }

    #[test]
    fn unknown_mode() {
        let (p, _) = small();
        let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(3, 5), asg(5, 0)]));
        assert_eq!(
            v,
            vec![Violation::UnknownMode {
                activity: "c".into(),
                mode: 5,
                modes: 1
            }]
        );
    }

    #[test]
    fn pin_violated() {
        let (mut p, [a, ..]) = small();
        p.activities[a.index()].pin = Some(Pin { start: 0, mode: 0 });
        let v = violations(&p, &small_valid());
        assert_eq!(
            v,
            vec![Violation::PinViolated {
                activity: "a".into(),
                pin_start: 0,
                pin_mode: 0,
                start: 0,
                mode: 1
            }]
        );
    }

    #[test]
    fn before_release() {
        let (mut p, [_, _, d]) = small();
        p.activities[d.index()].release = 7;
        let v = violations(&p, &small_valid());
        assert_eq!(
            v,
            vec![Violation::BeforeRelease {
                activity: "d".into(),
                start: 5,
                release: 7
            }]
        );
    }

    #[test]
    fn precedence_lag() {
        let (p, _) = small();
        // c starts right at a's finish, ignoring the lag of 1
        let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(2, 0), asg(5, 0)]));
        assert_eq!(
            v,
            vec![Violation::Precedence {
                from: "a".into(),
                to: "c".into(),
                lag: 1,
                from_finish: 2,
                to_start: 2
            }]
        );
    }

    #[test]
    fn goal_dependency() {
        let (p, _) = small();
        // d runs on day 2 while g1 finishes on day 5 (capacity 2 on day 2: a uses 0 there)
        let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(3, 0), asg(2, 0)]));
        assert_eq!(
            v,
            vec![Violation::GoalDependency {
                goal: "g2".into(),
                required: "g1".into(),
                task: "d".into(),
                start: 2,
                required_finish: 5
            }]
        );
    }

    #[test]
    fn over_capacity_uses_the_calendar() {
        let (p, _) = small();
        // a with 2 people on days 3..5: day 3 has capacity 2 (fine), day 4 has 1
        let s = Schedule::new(vec![asg(3, 1), asg(6, 0), asg(8, 0)]);
        let v = violations(&p, &s);
        assert_eq!(
            v,
            vec![Violation::OverCapacity {
                resource: "t".into(),
                day: 4,
                used: 2,
                capacity: 1
            }]
        );
        // the same work after the dip is fine
        let s = Schedule::new(vec![asg(6, 1), asg(9, 0), asg(11, 0)]);
        assert!(s.check(&p).is_ok());
    }

    #[test]
    fn over_capacity_overlap() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(3));
        let x = b.plan_task("x", None, &[(t, 4.0)], 2, 2, 0);
        let y = b.plan_task("y", None, &[(t, 4.0)], 2, 2, 0);
        let p = b.build().unwrap();
        let _ = (x, y);
        let s = Schedule::new(vec![asg(0, 0), asg(1, 0)]);
        let v = violations(&p, &s);
        assert_eq!(
            v,
            vec![Violation::OverCapacity {
                resource: "t".into(),
                day: 1,
                used: 4,
                capacity: 3
            }]
        );
        assert!(Schedule::new(vec![asg(0, 0), asg(2, 0)]).check(&p).is_ok());
    }

    /// Replaces the modes of activity `a` by `modes` (bypassing the builder).
    fn with_modes(p: &mut Problem, a: ActivityId, modes: Vec<Mode>) {
        p.activities[a.index()].modes = modes;
    }

    fn mode(team: u32, people: u32, duration: u32) -> Mode {
        Mode {
            duration,
            demands: vec![Demand {
                resource: ResourceId(team),
                amount: people,
            }],
        }
    }

    #[test]
    fn bad_crew_kinds() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(3));
        let u = b.resource("u", Calendar::constant(5));
        let a = b.plan_task("a", None, &[(t, 6.0)], 2, 2, 0);
        let mut p = b.build().unwrap();
        // the derived list is not trusted: every mode is checked against the spec
        with_modes(
            &mut p,
            a,
            vec![mode(1, 2, 3), mode(0, 1, 6), mode(0, 3, 2), mode(0, 4, 2)],
        );
        let _ = u;
        let crew = |m: usize| {
            let v = violations(&p, &Schedule::new(vec![asg(0, m)]));
            v.into_iter()
                .filter_map(|v| match v {
                    Violation::BadCrew { issue, .. } => Some(issue),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(crew(0), vec![CrewIssue::NotEligible]);
        assert_eq!(crew(1), vec![CrewIssue::BelowMin { min_people: 2 }]);
        assert_eq!(crew(2), vec![CrewIssue::AboveMax { max_people: 2 }]);
        assert_eq!(
            crew(3),
            vec![
                CrewIssue::AboveMax { max_people: 2 },
                CrewIssue::AboveCapacity { capacity: 3 }
            ]
        );
        let v = violations(&p, &Schedule::new(vec![asg(0, 1)]));
        assert_eq!(
            v,
            vec![Violation::BadCrew {
                activity: "a".into(),
                team: "t".into(),
                people: 1,
                issue: CrewIssue::BelowMin { min_people: 2 }
            }]
        );
    }

    #[test]
    fn bad_demands() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(3));
        let a = b.plan_task("a", None, &[(t, 6.0)], 2, 2, 0);
        let mut p = b.build().unwrap();
        let mut two = mode(0, 2, 3);
        two.demands.push(Demand {
            resource: t,
            amount: 1,
        });
        let none = Mode {
            duration: 3,
            demands: vec![],
        };
        with_modes(&mut p, a, vec![two, none]);
        let v = violations(&p, &Schedule::new(vec![asg(0, 0)]));
        assert_eq!(
            v,
            vec![Violation::BadDemands {
                activity: "a".into(),
                demands: 2
            }]
        );
        let v = violations(&p, &Schedule::new(vec![asg(0, 1)]));
        assert_eq!(
            v,
            vec![Violation::BadDemands {
                activity: "a".into(),
                demands: 0
            }]
        );
    }

    #[test]
    fn bad_duration() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(3));
        let a = b.plan_task("a", None, &[(t, 7.0)], 1, 3, 0);
        let m = b.plan_task("m", None, &[(t, 0.0)], 1, 1, 0);
        let mut p = b.build().unwrap();
        with_modes(&mut p, a, vec![mode(0, 2, 3), mode(0, 2, 4), mode(0, 3, 3)]);
        let v = violations(&p, &Schedule::new(vec![asg(0, 0), asg(0, 0)]));
        assert_eq!(
            v,
            vec![Violation::BadDuration {
                activity: "a".into(),
                team: "t".into(),
                people: 2,
                duration: 3,
                expected: 4
            }]
        );
        assert!(Schedule::new(vec![asg(0, 1), asg(4, 0)]).check(&p).is_ok());
        assert!(Schedule::new(vec![asg(0, 2), asg(3, 0)]).check(&p).is_ok());
        // a milestone must last 0 days
        with_modes(&mut p, m, vec![mode(0, 0, 2)]);
        let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(4, 0)]));
        assert_eq!(
            v,
            vec![Violation::BadDuration {
                activity: "m".into(),
                team: "t".into(),
                people: 0,
                duration: 2,
                expected: 0
            }]
        );
    }

    #[test]
    fn milestone_with_people() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(3));
        let m = b.plan_task("m", None, &[(t, 0.0)], 1, 1, 0);
        let mut p = b.build().unwrap();
        assert!(Schedule::new(vec![asg(3, 0)]).check(&p).is_ok());
        with_modes(&mut p, m, vec![mode(0, 1, 0)]);
        let v = violations(&p, &Schedule::new(vec![asg(3, 0)]));
        assert_eq!(
            v,
            vec![Violation::MilestoneWithPeople {
                activity: "m".into(),
                team: "t".into(),
                people: 1,
                effort: "0".into()
            }]
        );
    }

    #[test]
    fn work_without_people() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(3));
        let a = b.plan_task("a", None, &[(t, 2.0)], 1, 1, 0);
        let mut p = b.build().unwrap();
        with_modes(&mut p, a, vec![mode(0, 0, 0)]);
        let v = violations(&p, &Schedule::new(vec![asg(0, 0)]));
        assert!(matches!(
            v.as_slice(),
            [Violation::MilestoneWithPeople { people: 0, .. }]
        ));
    }

    #[test]
    fn goal_dependencies_are_not_reported_as_precedences() {
        // d (goal g2) starts before c (goal g1) finishes: the derived edge
        // c -> d is broken, but only the goal dependency is reported.
        let (p, [_, _, d]) = small();
        assert!(
            p.precedences()
                .iter()
                .any(|e| e.origin == EdgeOrigin::Goal && e.to == d)
        );
        let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(3, 0), asg(4, 0)]));
        assert!(v.iter().all(|v| !matches!(v, Violation::Precedence { .. })));
        assert!(
            v.iter()
                .any(|v| matches!(v, Violation::GoalDependency { start: 4, .. }))
        );
    }

    #[test]
    fn psplib_style_activities_use_their_modes() {
        let mut b = ProblemBuilder::new();
        let r = b.resource("R1", Calendar::constant(4));
        b.objective(Objective::Makespan);
        let x = b.activity(Activity {
            id: "1".into(),
            name: None,
            goal: None,
            release: 0,
            modes: vec![
                Mode {
                    duration: 3,
                    demands: vec![Demand {
                        resource: r,
                        amount: 3,
                    }],
                },
                Mode {
                    duration: 5,
                    demands: vec![Demand {
                        resource: r,
                        amount: 1,
                    }],
                },
            ],
            spec: None,
            pin: None,
        });
        let y = b.activity(Activity {
            id: "2".into(),
            modes: vec![Mode {
                duration: 2,
                demands: vec![Demand {
                    resource: r,
                    amount: 2,
                }],
            }],
            ..b_activity_template()
        });
        let p = b.build().unwrap();
        let _ = (x, y);
        let ok = Schedule::new(vec![asg(0, 1), asg(0, 0)]);
        let report = ok.check(&p).unwrap();
        assert_eq!((report.makespan, report.objective), (5, 5.0));
        let bad = Schedule::new(vec![asg(0, 0), asg(2, 0)]);
        assert_eq!(violations(&p, &bad).len(), 1);
    }

    fn b_activity_template() -> Activity {
        Activity {
            id: String::new(),
            name: None,
            goal: None,
            release: 0,
            modes: Vec::new(),
            spec: None,
            pin: None,
        }
    }

    #[test]
    fn too_long_is_reported_not_allocated() {
        let (p, _) = small();
        let far = u32::MAX - 1;
        let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(3, 0), asg(far, 0)]));
        assert_eq!(
            v,
            vec![Violation::TooLong {
                makespan: u64::from(far) + 1,
                limit: MAX_CHECKED_DAYS
            }]
        );
    }

    #[test]
    fn violations_are_capped_per_kind_and_listed() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        for i in 0..3 {
            b.plan_task(format!("x{i}"), None, &[(t, 150.0)], 1, 1, 0);
        }
        let p = b.build().unwrap();
        let f = Schedule::new(vec![asg(0, 0), asg(0, 0), asg(0, 0)])
            .check(&p)
            .unwrap_err();
        assert_eq!(f.violations.len(), MAX_PER_KIND);
        assert_eq!(f.omitted, 50);
        let text = f.to_string();
        assert!(
            text.starts_with("150 violations in the schedule:"),
            "{text}"
        );
        assert!(text.contains("team `t` uses 3 people on day 0 but has 1"));
        assert!(text.ends_with("... and 50 more"));
    }

    /// A tiny xorshift generator for test instances.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Random plan: 3 teams, 4 goals (some due, some dependent), 12 tasks.
    fn random_plan(seed: u64, lateness_weight: f64) -> Problem {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut b = ProblemBuilder::new();
        let teams: Vec<ResourceId> = (0..3)
            .map(|i| b.resource(format!("team{i}"), Calendar::constant(2 + i)))
            .collect();
        let goals: Vec<GoalId> = (0..4)
            .map(|i| {
                let due = (rng.below(2) == 0).then(|| rng.below(15) as u32);
                b.goal(format!("g{i}"), 0.5 + rng.below(5) as f64 * 0.7, due)
            })
            .collect();
        b.goal_dependency(goals[3], goals[0]);
        b.goal_dependency(goals[2], goals[1]);
        let mut tasks = Vec::new();
        for i in 0..12 {
            let team = teams[rng.below(3) as usize];
            let effort = rng.below(8) as f64 + if rng.below(3) == 0 { 0.5 } else { 0.0 };
            // goals follow task order, so goal dependencies never close a cycle
            let goal = (i % 5 != 4).then(|| goals[i as usize / 3]);
            let a = b.plan_task(format!("t{i}"), goal, &[(team, effort)], 1, 2, 0);
            if i > 0 && rng.below(2) == 0 {
                let from = tasks[rng.below(i) as usize];
                b.precedence(from, a, rng.below(3) as u32);
            }
            tasks.push(a);
        }
        b.objective(Objective::Weighted { lateness_weight });
        b.build().unwrap()
    }

    /// Serial schedule: one activity at a time in topological order, random modes.
    fn serial(p: &Problem, seed: u64) -> Schedule {
        let mut rng = Rng(seed | 1);
        let order = Analysis::new(p).order;
        let mut asg_of = vec![asg(0, 0); p.len()];
        let mut t = 0u32;
        for a in order {
            let act = p.activity(a);
            let mode = rng.below(act.modes.len() as u64) as usize;
            let start = t.max(act.release);
            asg_of[a.index()] = asg(start, mode);
            t = start + act.modes[mode].duration + 2; // slack covers any lag
        }
        Schedule::new(asg_of)
    }

    #[test]
    fn objective_matches_schedule_objective() {
        for seed in 1..20 {
            let w = [0.0, 10.0, 2.5][seed as usize % 3];
            let p = random_plan(seed, w);
            let s = serial(&p, seed);
            let report = s.check(&p).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            let expected = s.objective(&p);
            assert!(
                (report.objective - expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "seed {seed}: {} vs {expected}",
                report.objective
            );
            assert_eq!(report.makespan, s.makespan(&p));
            assert_eq!(report.goal_finish, s.goal_finishes(&p));
            let mut q = p.clone();
            q.set_objective(Objective::Makespan);
            assert_eq!(s.check(&q).unwrap().objective, s.objective(&q));
        }
    }
}
