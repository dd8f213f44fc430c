//! Schedules: the result of solving, the objective, and the independent checker.

use crate::model::{ActivityId, GoalId, Mode, Objective, Problem};

mod check;
mod diff;
mod metrics;

pub use check::{CheckFailure, CheckReport, CrewIssue, MAX_CHECKED_DAYS, MAX_PER_KIND, Violation};
pub use diff::{Crew, Diff, GoalShift, ReplanSummary, ScheduleRow, TaskChange, schedule_rows};
pub use metrics::{GoalRow, TeamUtilisation, daily_load, goal_rows, utilisation};

/// When and how one activity runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Assignment {
    /// Start day.
    pub start: u32,
    /// Index into the activity's modes.
    pub mode: usize,
}

/// A start and mode for every activity of a problem, indexed by [`ActivityId`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Schedule {
    assignments: Vec<Assignment>,
}

impl Schedule {
    /// Wraps assignments (one per activity, in id order).
    pub fn new(assignments: Vec<Assignment>) -> Self {
        Self { assignments }
    }

    /// All assignments in activity id order.
    pub fn assignments(&self) -> &[Assignment] {
        &self.assignments
    }

    /// The assignment of one activity.
    pub fn get(&self, a: ActivityId) -> Assignment {
        self.assignments[a.index()]
    }

    /// The mode an activity runs in.
    pub fn mode<'p>(&self, problem: &'p Problem, a: ActivityId) -> &'p Mode {
        &problem.activity(a).modes[self.assignments[a.index()].mode]
    }

    /// Start day of an activity.
    pub fn start(&self, a: ActivityId) -> u32 {
        self.assignments[a.index()].start
    }

    /// Exclusive finish day: start + duration of the chosen mode.
    pub fn finish(&self, problem: &Problem, a: ActivityId) -> u32 {
        self.start(a) + self.mode(problem, a).duration
    }

    /// The largest finish (0 for an empty problem).
    pub fn makespan(&self, problem: &Problem) -> u32 {
        problem
            .activity_ids()
            .map(|a| self.finish(problem, a))
            .max()
            .unwrap_or(0)
    }

    /// Finish of every goal: the largest finish of its activities, 0 if it has none.
    pub fn goal_finishes(&self, problem: &Problem) -> Vec<u32> {
        let finish: Vec<u32> = problem
            .activity_ids()
            .map(|a| self.finish(problem, a))
            .collect();
        goal_finishes_of(problem, &finish)
    }

    /// The objective value as FORMAT.md defines it, stability term included
    /// ([`Problem::stability_term`]).
    pub fn objective(&self, problem: &Problem) -> f64 {
        let base = match problem.objective() {
            Objective::Makespan => f64::from(self.makespan(problem)),
            Objective::Weighted { lateness_weight } => {
                weighted_objective(problem, &self.goal_finishes(problem), lateness_weight)
            }
        };
        base + problem.stability_term(|a| self.start(a))
    }
}

/// Per goal, the largest of its activities' `finish` (one per activity), 0
/// if it has none.
pub(crate) fn goal_finishes_of(problem: &Problem, finish: &[u32]) -> Vec<u32> {
    (0..problem.goals().len())
        .map(|g| {
            problem
                .goal_members(GoalId::from_index(g))
                .iter()
                .map(|a| finish[a.index()])
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// `sum p_g * f_g + w * sum p_g * max(0, f_g - due_g)` for given goal finishes.
pub fn weighted_objective(problem: &Problem, goal_finish: &[u32], lateness_weight: f64) -> f64 {
    problem
        .goals()
        .iter()
        .zip(goal_finish)
        .map(|(g, &f)| {
            let late = g.due.map_or(0, |d| f.saturating_sub(d));
            g.priority * f64::from(f) + lateness_weight * g.priority * f64::from(late)
        })
        .sum()
}
