//! A planning session: a plan, its current schedule, edits, re-plans.

use thiserror::Error;

use super::{Baseline, Diff, Infeasible, Replan, ScheduleRow, TaskProgress, schedule_rows};
use crate::model::{ActivityId, Calendar, GoalId, Problem, ResourceId, plan_modes};
use crate::solve::{Solution, SolveOptions};

/// Why a [`Session`] edit or re-plan failed.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum SessionError {
    /// No goal, task or team with that id.
    #[error("unknown {what} `{id}`")]
    Unknown {
        /// "goal", "task" or "team".
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A value out of its range (the edit was not applied).
    #[error("{what}: {reason}")]
    BadValue {
        /// What was being set.
        what: String,
        /// Why it cannot be.
        reason: String,
    },
    /// The progress and pins cannot all hold.
    #[error(transparent)]
    Infeasible(#[from] Infeasible),
}

/// A plan and its current schedule, for planning tools: edit the plan
/// (priorities, due days, estimates, team capacity, progress), then
/// [`Session::replan`] re-solves warm-started from the current schedule
/// (its order, modes and starts; the graph analysis and bounds are
/// recomputed, which is cheap next to the search) and returns the [`Diff`].
///
/// ```
/// use std::time::Duration;
/// use tandem::{Calendar, ProblemBuilder, Session, SolveOptions};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ProblemBuilder::new();
/// let backend = b.resource("backend", Calendar::constant(1));
/// let sso = b.goal("sso", 1.0, None);
/// let billing = b.goal("billing", 3.0, None);
/// b.plan_task("sso-api", Some(sso), &[(backend, 4.0)], 1, 1, 0);
/// b.plan_task("invoices", Some(billing), &[(backend, 3.0)], 1, 1, 0);
/// let options = SolveOptions::default().with_time_limit(Duration::from_millis(200));
/// let mut session = Session::new(b.build()?, options);
///
/// session.replan()?; // the first plan: billing (priority 3) first
/// assert_eq!(session.rows()[1].start, 0); // invoices
///
/// session.set_goal_priority("sso", 10.0)?; // sso is now what matters
/// let diff = session.replan()?;
/// print!("{}{}", diff.to_csv(), diff.summary());
/// assert_eq!(diff.tasks.len(), 2); // both tasks swapped
/// assert_eq!(diff.goals.iter().find(|g| g.goal == "sso").unwrap().shift(), Some(-3));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Session {
    plan: Problem,
    replan: Replan,
    options: SolveOptions,
    current: Option<(Problem, Solution)>,
}

impl Session {
    /// A session on a plan (as read or built: no pins), not yet solved.
    pub fn new(plan: Problem, options: SolveOptions) -> Self {
        Self {
            plan,
            replan: Replan::default(),
            options,
            current: None,
        }
    }

    /// The plan with every edit so far (progress not applied).
    pub fn plan(&self) -> &Problem {
        &self.plan
    }

    /// The problem of the current schedule (progress applied), if solved.
    pub fn problem(&self) -> Option<&Problem> {
        self.current.as_ref().map(|c| &c.0)
    }

    /// The current solution, if solved.
    pub fn solution(&self) -> Option<&Solution> {
        self.current.as_ref().map(|c| &c.1)
    }

    /// The current schedule's rows (`schedule.csv`), in task order; empty
    /// before the first [`Session::replan`].
    pub fn rows(&self) -> Vec<ScheduleRow> {
        self.current
            .as_ref()
            .map(|(p, s)| schedule_rows(p, &s.schedule))
            .unwrap_or_default()
    }

    /// The re-planning settings (today, freeze, stability weight, progress).
    pub fn settings(&self) -> &Replan {
        &self.replan
    }

    fn goal(&self, id: &str) -> Result<GoalId, SessionError> {
        self.plan
            .goals()
            .iter()
            .position(|g| g.id == id)
            .map(GoalId::from_index)
            .ok_or_else(|| unknown("goal", id))
    }

    fn task(&self, id: &str) -> Result<ActivityId, SessionError> {
        self.plan
            .activities()
            .iter()
            .position(|a| a.id == id)
            .map(ActivityId::from_index)
            .ok_or_else(|| unknown("task", id))
    }

    fn team(&self, id: &str) -> Result<ResourceId, SessionError> {
        self.plan
            .resources()
            .iter()
            .position(|r| r.id == id)
            .map(ResourceId::from_index)
            .ok_or_else(|| unknown("team", id))
    }

    /// Sets a goal's priority (a number > 0, at most [`crate::MAX_PRIORITY`]).
    pub fn set_goal_priority(&mut self, goal: &str, priority: f64) -> Result<(), SessionError> {
        let g = self.goal(goal)?;
        if !(priority > 0.0 && priority <= crate::MAX_PRIORITY) {
            return Err(bad(
                format!("priority of `{goal}`"),
                "must be a number > 0 and at most 1e9 (MAX_PRIORITY)",
            ));
        }
        self.plan.goals[g.index()].priority = priority;
        Ok(())
    }

    /// Sets or clears a goal's due day.
    pub fn set_goal_due(&mut self, goal: &str, due: Option<u32>) -> Result<(), SessionError> {
        let g = self.goal(goal)?;
        self.plan.goals[g.index()].due = due;
        Ok(())
    }

    /// Sets a task's effort (person-days, >= 0) on one of its eligible teams.
    pub fn set_task_effort(
        &mut self,
        task: &str,
        team: &str,
        effort: f64,
    ) -> Result<(), SessionError> {
        let a = self.task(task)?;
        let r = self.team(team)?;
        if !(0.0..=f64::from(u32::MAX)).contains(&effort) {
            return Err(bad(
                format!("effort of `{task}`"),
                "must be a number >= 0 and at most 4294967295",
            ));
        }
        let act = &self.plan.activities[a.index()];
        let Some(spec) = &act.spec else {
            return Err(bad(format!("effort of `{task}`"), "not a plan task"));
        };
        let mut spec = spec.clone();
        let Some(e) = spec.efforts.iter_mut().find(|e| e.0 == r) else {
            return Err(bad(
                format!("effort of `{task}`"),
                format!("team `{team}` is not eligible for it"),
            ));
        };
        e.1 = effort;
        let resources = self.plan.resources();
        let modes = plan_modes(&spec.efforts, spec.min_people, spec.max_people, |x| {
            resources[x.index()].capacity.base()
        });
        let act = &mut self.plan.activities[a.index()];
        act.modes = modes;
        act.spec = Some(spec);
        Ok(())
    }

    /// Replaces a team's capacity calendar; every task's crews are
    /// re-derived. Refused when some task could then not be staffed.
    pub fn set_team_capacity(
        &mut self,
        team: &str,
        capacity: Calendar,
    ) -> Result<(), SessionError> {
        let r = self.team(team)?;
        let mut plan = self.plan.clone();
        plan.resources[r.index()].capacity = capacity;
        let resources = plan.resources.clone();
        for act in &mut plan.activities {
            if let Some(spec) = &act.spec {
                let modes = plan_modes(&spec.efforts, spec.min_people, spec.max_people, |x| {
                    resources[x.index()].capacity.base()
                });
                if modes.is_empty() {
                    return Err(bad(
                        format!("capacity of `{team}`"),
                        format!("task `{}` could not be staffed", act.id),
                    ));
                }
                act.modes = modes;
            }
        }
        self.plan = plan;
        Ok(())
    }

    /// Records a task as done.
    pub fn record_done(&mut self, task: &str) -> Result<(), SessionError> {
        let a = self.task(task)?;
        self.replan.progress.set(a, TaskProgress::Done);
        Ok(())
    }

    /// Records a task as started on `start` by `people` of `team`.
    pub fn record_started(
        &mut self,
        task: &str,
        start: u32,
        team: &str,
        people: u32,
    ) -> Result<(), SessionError> {
        let a = self.task(task)?;
        let r = self.team(team)?;
        let act = self.plan.activity(a);
        let ok = act.spec.as_ref().is_some_and(|s| {
            s.efforts.iter().any(|e| {
                e.0 == r
                    && if e.1 <= 0.0 {
                        people == 0
                    } else {
                        (s.min_people..=s.max_people).contains(&people)
                            && people <= self.plan.resource(r).capacity.base()
                    }
            })
        });
        if !ok {
            return Err(bad(
                format!("progress of `{task}`"),
                format!("`{team}` with {people} people is not a way to run it"),
            ));
        }
        self.replan.progress.set(
            a,
            TaskProgress::Started {
                start,
                team: r,
                people,
            },
        );
        Ok(())
    }

    /// Sets today: nothing that is neither done nor started starts earlier.
    pub fn set_today(&mut self, today: u32) {
        self.replan.today = today;
    }

    /// Sets the freeze window (days from today).
    pub fn set_freeze(&mut self, days: u32) {
        self.replan.freeze = days;
    }

    /// Sets the stability weight (>= 0) against the current schedule.
    pub fn set_stability_weight(&mut self, weight: f64) -> Result<(), SessionError> {
        if !(0.0..=crate::MAX_WEIGHT).contains(&weight) {
            return Err(bad(
                "stability weight",
                "must be a number >= 0 and at most 1e6 (MAX_WEIGHT)",
            ));
        }
        self.replan.stability_weight = weight;
        Ok(())
    }

    /// Re-solves: the current schedule (if any) is the baseline and the warm
    /// start. Returns what changed against it (done tasks left out); the
    /// first call's diff lists every task as new.
    pub fn replan(&mut self) -> Result<Diff, SessionError> {
        let old_rows = self.rows();
        let mut request = self.replan.clone();
        // the last solve's goal order goes with its schedule: the walk of a
        // re-plan with a stability term starts there
        let order = self
            .current
            .as_ref()
            .map(|(_, s)| s.goal_order.clone())
            .unwrap_or_default();
        request.baseline = (!old_rows.is_empty())
            .then(|| Baseline::from_rows(&self.plan, &old_rows).with_goal_order(order));
        let (problem, solution) = super::replan(&self.plan, &request, &self.options)?;
        let new_rows = schedule_rows(&problem, &solution.schedule);
        let mut diff = Diff::between(&old_rows, &new_rows);
        let done: Vec<&str> = problem
            .activity_ids()
            .filter(|&a| problem.replanning().is_done(a))
            .map(|a| problem.activity(a).id.as_str())
            .collect();
        diff.retain_tasks(|t| !done.contains(&t.task.as_str()));
        self.current = Some((problem, solution));
        Ok(diff)
    }
}

fn unknown(what: &'static str, id: &str) -> SessionError {
    SessionError::Unknown {
        what,
        id: id.to_string(),
    }
}

fn bad(what: impl Into<String>, reason: impl Into<String>) -> SessionError {
    SessionError::BadValue {
        what: what.into(),
        reason: reason.into(),
    }
}
