//! The independent schedule checker: the slow twin of every solver.
//!
//! # What is checked
//! [`Schedule::check`] verifies a schedule against the problem *as the user
//! wrote it*, sharing no code with the solvers:
//!
//! * one assignment per activity, each naming an existing mode;
//! * pins (start and mode) and release days;
//! * for plan tasks (activities with a [`TaskSpec`]): the mode's demands are
//!   on exactly the teams of one of the task's [`Alternative`]s (each team
//!   once, in any order); each team with a fixed crew uses exactly it, the
//!   others share one crew `k` in `[min_people, max_people]`; no crew is
//!   above its team's base capacity; and the duration is `ceil(effort /
//!   total people)`; a milestone (effort 0 for the chosen alternative) has 0
//!   people and lasts 0 days. When several alternatives have the mode's
//!   teams, the mode must satisfy one of them (the first is reported
//!   otherwise). The derived mode list is *not* trusted;
//! * finish-to-start precedences with lags, `start(to) >= finish(from) +
//!   lag` in signed arithmetic (a negative lag, a lead, lets `to` start
//!   before `from` finishes), but only the edges written as task
//!   dependencies ([`EdgeOrigin::Task`]);
//! * goal dependencies from [`Goal::depends_on`](crate::Goal) with their own
//!   semantics (no task of goal `g` starts before every task of each required
//!   goal has finished), not the derived [`EdgeOrigin::Goal`] edges;
//! * capacity: per team, a sweep over the days where the usage or the
//!   capacity changes (task starts and finishes, calendar steps): between
//!   two such days the usage is constant and compared with
//!   [`Calendar::at`](crate::Calendar::at), so the work grows with the
//!   tasks and calendar rows, not with the days (a re-plan far in the future
//!   is checked as fast as one near day 0).
//!
//! The objective is recomputed from scratch as FORMAT.md defines it,
//! including a re-plan's stability term (`stability_weight * sum |start -
//! baseline start|`, from the problem's re-planning context).
//!
//! Every violation is reported, up to [`MAX_PER_KIND`] of each kind; the rest
//! are counted in [`CheckFailure::omitted`].

use std::fmt;

use thiserror::Error;

use super::{Assignment, Schedule};
use crate::model::{Activity, Alternative, EdgeOrigin, Mode, Objective, Problem, TaskSpec};

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
    /// Not the fixed crew (`*N`) the alternative gives the team.
    NotFixed {
        /// The fixed crew.
        fixed: u32,
    },
    /// Another team of the alternative without a fixed crew has a
    /// different crew: they share one crew size `k`.
    UnequalCrews {
        /// The other team's crew.
        other: u32,
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
            CrewIssue::NotFixed { fixed } => {
                write!(
                    f,
                    "the task's alternative fixes that team's crew at {fixed}"
                )
            }
            CrewIssue::UnequalCrews { other } => write!(
                f,
                "another team of the alternative without a fixed crew has {other}: they share one crew size"
            ),
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
        /// Required lag (negative: a lead).
        lag: i32,
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
    /// A plan task's mode uses no team, or a team twice.
    #[error(
        "plan task `{activity}` must use the teams of one of its alternatives, each once, but its mode has {demands} demands"
    )]
    BadDemands {
        /// Activity id.
        activity: String,
        /// Number of demands of the mode.
        demands: usize,
    },
    /// A plan task runs on several teams at once that are not the teams of
    /// one of its alternatives.
    #[error("`{activity}` runs on teams `{teams}` at once, which is not one of its alternatives")]
    NotAnAlternative {
        /// Activity id.
        activity: String,
        /// The mode's teams, joined by `+`.
        teams: String,
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
    /// A plan task's duration does not follow from its effort and crew
    /// (for several teams: `team` joins them by `+`, `people` is the total).
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
    /// milestones take 0 people, work takes at least 1 on each team (for a
    /// milestone on several teams: `team` joins them by `+`, `people` is the
    /// total).
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
    /// [`TaskSpec`] (the teams of one alternative, fixed crews as written,
    /// one shared crew in `min_people..=max_people` for the other teams,
    /// not above any team's base capacity, `ceil(effort / total people)`
    /// days, milestones with 0 people and 0 days); written task dependencies with lags; goal
    /// dependencies as goals (no task of a goal starts before every task of a
    /// required goal has finished); and each team's capacity, day by day,
    /// against its calendar. Every violation is listed, up to
    /// [`MAX_PER_KIND`] of each kind.
    ///
    /// ```
    /// use tandem::schedule::{Assignment, Violation};
    /// use tandem::{Calendar, ProblemBuilder, Schedule};
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
        } + recompute_stability(problem, assignments);
        Ok(CheckReport {
            objective,
            makespan: to_u32(makespan),
            goal_finish: goal_finish.into_iter().map(to_u32).collect(),
        })
    }
}

/// FORMAT.md's stability term, `stability_weight * sum |start - baseline_start|`
/// over the activities with a baseline start, written out independently.
fn recompute_stability(problem: &Problem, assignments: &[Assignment]) -> f64 {
    let r = problem.replanning();
    let mut shift = 0.0;
    for (i, asg) in assignments.iter().enumerate() {
        if let Some(Some(b)) = r.baseline.get(i) {
            shift += (f64::from(asg.start) - f64::from(*b)).abs();
        }
    }
    r.stability_weight * shift
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

/// A plan task's mode against its [`TaskSpec`]: against the first
/// alternative on the mode's teams that it satisfies, else the violations
/// against the first alternative on those teams.
fn check_crew(
    problem: &Problem,
    act: &Activity,
    spec: &TaskSpec,
    mode: &Mode,
    out: &mut Collector,
) {
    let teams: Vec<_> = mode.demands.iter().map(|d| d.resource).collect();
    let repeated = teams
        .iter()
        .enumerate()
        .any(|(i, t)| teams[..i].contains(t));
    if teams.is_empty() || repeated {
        out.push(Violation::BadDemands {
            activity: act.id.clone(),
            demands: mode.demands.len(),
        });
        return;
    }
    let team_id = |r: crate::model::ResourceId| {
        problem
            .resources()
            .get(r.index())
            .map_or_else(|| r.to_string(), |x| x.id.clone())
    };
    let mut first: Option<Vec<Violation>> = None;
    for alt in spec.alternatives.iter().filter(|alt| alt.has_teams(&teams)) {
        let mut found = Vec::new();
        check_alternative(problem, act, spec, alt, mode, &mut found);
        if found.is_empty() {
            return;
        }
        first.get_or_insert(found);
    }
    match (first, mode.demands.as_slice()) {
        (Some(found), _) => found.into_iter().for_each(|v| out.push(v)),
        (None, [d]) => out.push(Violation::BadCrew {
            activity: act.id.clone(),
            team: team_id(d.resource),
            people: d.amount,
            issue: CrewIssue::NotEligible,
        }),
        (None, _) => out.push(Violation::NotAnAlternative {
            activity: act.id.clone(),
            teams: teams
                .iter()
                .map(|&t| team_id(t))
                .collect::<Vec<_>>()
                .join("+"),
        }),
    }
}

/// A mode on exactly the teams of `alt` against `alt` and the task's crew
/// range: fixed crews, one shared crew for the other teams, capacities,
/// the duration.
fn check_alternative(
    problem: &Problem,
    act: &Activity,
    spec: &TaskSpec,
    alt: &Alternative,
    mode: &Mode,
    out: &mut Vec<Violation>,
) {
    let resources = problem.resources();
    let name = |r: crate::model::ResourceId| {
        resources
            .get(r.index())
            .map_or_else(|| r.to_string(), |x| x.id.clone())
    };
    let team_id = mode
        .demands
        .iter()
        .map(|d| name(d.resource))
        .collect::<Vec<_>>()
        .join("+");
    // summed in u64: no crew of u32 people overflows it
    let people: u64 = mode.demands.iter().map(|d| u64::from(d.amount)).sum();
    let total = u32::try_from(people).unwrap_or(u32::MAX);
    let effort = alt.effort;
    // NaN or negative efforts count as milestones, as in the input rules (effort >= 0).
    if effort.is_nan() || effort <= 0.0 {
        if people != 0 {
            out.push(Violation::MilestoneWithPeople {
                activity: act.id.clone(),
                team: team_id.clone(),
                people: total,
                effort: format!("{effort}"),
            });
        }
        if mode.duration != 0 {
            out.push(Violation::BadDuration {
                activity: act.id.clone(),
                team: team_id,
                people: total,
                duration: mode.duration,
                expected: 0,
            });
        }
        return;
    }
    if let Some(d) = mode.demands.iter().find(|d| d.amount == 0) {
        out.push(Violation::MilestoneWithPeople {
            activity: act.id.clone(),
            team: name(d.resource),
            people: 0,
            effort: format!("{effort}"),
        });
        return;
    }
    let mut shared: Option<u32> = None;
    for d in &mode.demands {
        let bad_crew = |issue| Violation::BadCrew {
            activity: act.id.clone(),
            team: name(d.resource),
            people: d.amount,
            issue,
        };
        let fixed = alt.fixed_crew(d.resource);
        match fixed {
            Some(n) if d.amount != n => out.push(bad_crew(CrewIssue::NotFixed { fixed: n })),
            Some(_) => {}
            None => {
                if d.amount < spec.min_people {
                    out.push(bad_crew(CrewIssue::BelowMin {
                        min_people: spec.min_people,
                    }));
                }
                if d.amount > spec.max_people {
                    out.push(bad_crew(CrewIssue::AboveMax {
                        max_people: spec.max_people,
                    }));
                }
                match shared {
                    Some(k) if k != d.amount => {
                        out.push(bad_crew(CrewIssue::UnequalCrews { other: k }));
                    }
                    _ => shared = Some(d.amount),
                }
            }
        }
        match resources.get(d.resource.index()) {
            Some(team) if d.amount > team.capacity.base() => {
                out.push(bad_crew(CrewIssue::AboveCapacity {
                    capacity: team.capacity.base(),
                }));
            }
            Some(_) => {}
            None => out.push(bad_crew(CrewIssue::NotEligible)),
        }
    }
    // duration = ceil(effort / total people), written out rather than taken from the model.
    let exact = effort / people as f64;
    let expected = exact.ceil();
    if f64::from(mode.duration) != expected {
        out.push(Violation::BadDuration {
            activity: act.id.clone(),
            team: team_id,
            people: total,
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
        // signed: a lead (negative lag) lets `to` start before `from` finishes
        if i128::from(to.start) < i128::from(from_finish) + i128::from(p.lag) {
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
    // a sweep over the days where the usage or the capacity changes: work
    // in the number of activities and calendar steps, not in days (a
    // re-plan on day 2,000,000 is checked as fast as one on day 0)
    // the usage events of every resource, in one pass over the activities
    let mut by_resource: Vec<Vec<(u64, i64)>> = vec![Vec::new(); problem.resources().len()];
    for (asg, mode) in assignments.iter().zip(modes) {
        let Some(mode) = mode else { continue };
        let start = u64::from(asg.start);
        let end = start + u64::from(mode.duration);
        if end == start {
            continue;
        }
        for d in mode.demands.iter().filter(|d| d.amount > 0) {
            if let Some(events) = by_resource.get_mut(d.resource.index()) {
                events.push((start, i64::from(d.amount)));
                events.push((end, -i64::from(d.amount)));
            }
        }
    }
    for (resource, mut events) in problem.resources().iter().zip(by_resource) {
        // every capacity change starts a segment too
        events.extend(
            resource
                .capacity
                .steps()
                .iter()
                .map(|&(day, _)| (u64::from(day), 0)),
        );
        events.sort_unstable();
        let mut used = 0i64;
        let mut i = 0;
        while i < events.len() {
            let from = events[i].0;
            if from >= makespan {
                break;
            }
            while i < events.len() && events[i].0 == from {
                used += events[i].1;
                i += 1;
            }
            // days `from .. to` have this usage and one capacity
            let to = events.get(i).map_or(makespan, |e| e.0).min(makespan);
            let capacity = resource.capacity.at(from as u32); // < MAX_CHECKED_DAYS
            if used > i64::from(capacity) {
                for day in from..to {
                    out.push(Violation::OverCapacity {
                        resource: resource.id.clone(),
                        day: day as u32,
                        used: used as u64,
                        capacity,
                    });
                }
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
mod tests;
