//! The planner's API: a plan, its current schedule, edits and re-plans.
//!
//! A [`Session`] is what a planning tool (and `tandem plan` / `tandem
//! replan`) works with. Its first [`Session::solve`] plans; every later
//! solve is a re-plan against the schedule before it, through the same
//! pipeline: the re-planning context ([`Replan`]: progress, today, freeze,
//! stability weight) is applied to the edited plan ([`Replan::apply`]),
//! the baseline becomes a [`WarmStart`](crate::solve::WarmStart)
//! ([`warm_start`]), and the one solver ([`solve_warm`]) runs with it.
//! Preparing the warm start counts against the time limit.
//!
//! Ids are the plan's (`goals.csv`, `tasks.csv`, `teams.csv`): the edits
//! take them, and [`Session::rows`], [`Session::goals`] and the [`Diff`]
//! give them back.

use thiserror::Error;

use crate::error::{EditError, OptionsError, suggestion_text};
use crate::input::crew_issue;
use crate::input::suggest::{Suggester, Suggestions};
use crate::model::{
    ActivityId, Calendar, Demand, GoalId, Objective, Problem, ResourceId, check_weight,
};
use crate::replan::{Baseline, Infeasible, Progress, Replan, ReplanError, TaskProgress};
use crate::schedule::{Diff, GoalRow, ReplanSummary, ScheduleRow, goal_rows, schedule_rows};
use crate::solve::forecast::{Forecast, ForecastOptions, forecast};
use crate::solve::{Solution, SolveOptions, solve_warm, warm_start};

/// Why a [`Session`] edit or solve failed.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum SessionError {
    /// No goal, task or team with that id (`did you mean `backend`?`).
    #[error("unknown {what} `{id}`{}", suggestion_text(what, .suggestions, .known))]
    Unknown {
        /// "goal", "task" or "team".
        what: &'static str,
        /// The id.
        id: String,
        /// The closest valid ids (at most three): those whose id or display
        /// name differs from `id` in case only, else the most similar by edit
        /// distance, if similar enough. Empty when none is close.
        suggestions: Vec<String>,
        /// Every valid id, sorted, when there are at most eight; else empty.
        known: Vec<String>,
    },
    /// A value out of its range (the edit was not applied).
    #[error(transparent)]
    Edit(#[from] EditError),
    /// An option out of its range (the setting was not changed).
    #[error("{what}: {source}")]
    Option {
        /// The setting.
        what: &'static str,
        /// What is allowed.
        source: OptionsError,
    },
    /// A started task's teams and crews are not a way to run it.
    #[error("progress of `{task}`: `{team}` with {people} people is not a way to run it")]
    BadProgress {
        /// The task.
        task: String,
        /// The team, or the teams joined by `+` (`backend+qa`).
        team: String,
        /// The crew, or the crews joined by `+` (`2+1`).
        people: String,
    },
    /// The progress and pins cannot all hold.
    #[error(transparent)]
    Infeasible(#[from] Infeasible),
}

impl From<ReplanError> for SessionError {
    fn from(e: ReplanError) -> Self {
        match e {
            ReplanError::Infeasible(e) => SessionError::Infeasible(e),
            ReplanError::Edit(e) => SessionError::Edit(e),
        }
    }
}

/// A plan and its current schedule, for planning tools: edit the plan
/// (priorities, due days, estimates, team capacity, progress), then
/// [`Session::replan`] re-solves warm-started from the current schedule
/// (its order, teams, crews and starts; the graph analysis and bounds are
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
/// let (problem, plan) = session.solve()?; // the first plan: billing (priority 3) first
/// assert!(plan.schedule.check(problem).is_ok());
/// assert_eq!(session.rows()[1].start, 0); // invoices
///
/// session.set_goal_priority("sso", 10.0)?; // sso is now what matters
/// let diff = session.replan()?;
/// print!("{}{}", diff.to_csv(), diff.summary());
/// assert_eq!(diff.tasks.len(), 2); // both tasks swapped
/// assert_eq!(diff.goals.iter().find(|g| g.goal == "sso").unwrap().shift(), Some(-3));
/// let sso = session.goals().into_iter().find(|g| g.id == "sso").unwrap();
/// assert_eq!(sso.finish, 4);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Session {
    plan: Problem,
    replan: Replan,
    options: SolveOptions,
    /// The rows of the schedule being re-planned (the last solve's, or set
    /// with [`Session::set_baseline`]); `None` before the first solve.
    baseline: Option<(Vec<ScheduleRow>, Vec<GoalId>)>,
    current: Option<(Problem, Solution)>,
    /// What the last solve changed against its baseline, when it had one:
    /// the diff (causes explained, done tasks left out) and the summary.
    replanned: Option<(Diff, ReplanSummary)>,
    /// The goal priorities of the baseline's plan, by goal id (to say why
    /// a goal moved).
    baseline_priorities: std::collections::BTreeMap<String, f64>,
}

impl Session {
    /// A session on a plan (as read or built: no pins), not yet solved.
    pub fn new(plan: Problem, options: SolveOptions) -> Self {
        Self {
            plan,
            replan: Replan::default(),
            options,
            baseline: None,
            current: None,
            replanned: None,
            baseline_priorities: Default::default(),
        }
    }

    /// The plan with every edit so far (progress not applied).
    pub fn plan(&self) -> &Problem {
        &self.plan
    }

    /// The problem of the current schedule (progress applied); the plan
    /// before the first solve.
    pub fn problem(&self) -> &Problem {
        self.current.as_ref().map_or(&self.plan, |c| &c.0)
    }

    /// The current solution, `None` before the first solve (which returns it).
    pub fn solution(&self) -> Option<&Solution> {
        self.current.as_ref().map(|c| &c.1)
    }

    /// The current schedule's rows (`schedule.csv`), in task order; empty
    /// before the first solve.
    pub fn rows(&self) -> Vec<ScheduleRow> {
        self.current
            .as_ref()
            .map(|(p, s)| schedule_rows(p, &s.schedule))
            .unwrap_or_default()
    }

    /// The forecast of the current schedule under the plan's ranged
    /// efforts (see [`crate::solve::forecast`]): each goal's P10 / P50 /
    /// P90 finish and on-time probability; `None` before the first solve.
    /// A re-plan's forecast keeps its done and started tasks as they are.
    ///
    /// ```
    /// use tandem::model::EffortRange;
    /// use tandem::solve::forecast::ForecastOptions;
    /// use tandem::{Calendar, ProblemBuilder, Session, SolveOptions};
    /// let mut b = ProblemBuilder::new();
    /// let team = b.resource("backend", Calendar::constant(1));
    /// let g = b.goal("launch", 1.0, Some(12));
    /// let t = b.plan_task("api", Some(g), &[(team, 10.0)], 1, 1, 0);
    /// b.effort_range(t, EffortRange::new(8.0, 10.0, 16.0));
    /// let mut session = Session::new(b.build().unwrap(), SolveOptions::default());
    /// assert!(session.forecast(&ForecastOptions::default()).is_none());
    /// session.solve().unwrap();
    /// let f = session.forecast(&ForecastOptions { samples: 500, seed: 1 }).unwrap();
    /// assert_eq!(f.goals[0].plan, 10);
    /// assert!(f.goals[0].on_time.unwrap() > 0.5 && f.goals[0].on_time.unwrap() < 1.0);
    /// ```
    pub fn forecast(&self, options: &ForecastOptions) -> Option<Forecast> {
        let (problem, solution) = self.current.as_ref()?;
        Some(forecast(problem, &solution.schedule, options))
    }

    /// The current schedule's goals (`goals.csv`: finish, lateness), in
    /// goal order; empty before the first solve.
    pub fn goals(&self) -> Vec<GoalRow> {
        self.current
            .as_ref()
            .map(|(p, s)| goal_rows(p, &s.schedule))
            .unwrap_or_default()
    }

    /// The re-planning settings (today, freeze, stability weight, progress).
    pub fn settings(&self) -> &Replan {
        &self.replan
    }

    /// The solver options.
    pub fn options(&self) -> &SolveOptions {
        &self.options
    }

    fn goal(&self, id: &str) -> Result<GoalId, SessionError> {
        self.plan
            .goals()
            .iter()
            .position(|g| g.id == id)
            .map(GoalId::from_index)
            .ok_or_else(|| {
                let goals = self.plan.goals().iter();
                unknown(
                    "goal",
                    id,
                    goals.map(|g| (g.id.as_str(), g.name.as_deref())),
                )
            })
    }

    fn task(&self, id: &str) -> Result<ActivityId, SessionError> {
        self.plan
            .activities()
            .iter()
            .position(|a| a.id == id)
            .map(ActivityId::from_index)
            .ok_or_else(|| {
                let tasks = self.plan.activities().iter();
                unknown(
                    "task",
                    id,
                    tasks.map(|a| (a.id.as_str(), a.name.as_deref())),
                )
            })
    }

    fn team(&self, id: &str) -> Result<ResourceId, SessionError> {
        self.plan
            .resources()
            .iter()
            .position(|r| r.id == id)
            .map(ResourceId::from_index)
            .ok_or_else(|| {
                let teams = self.plan.resources().iter();
                unknown(
                    "team",
                    id,
                    teams.map(|r| (r.id.as_str(), r.name.as_deref())),
                )
            })
    }

    /// Sets a goal's priority (a number > 0, at most [`crate::model::MAX_PRIORITY`]).
    pub fn set_goal_priority(&mut self, goal: &str, priority: f64) -> Result<(), SessionError> {
        let g = self.goal(goal)?;
        Ok(self.plan.set_goal_priority(g, priority)?)
    }

    /// Sets or clears a goal's due day.
    pub fn set_goal_due(&mut self, goal: &str, due: Option<u32>) -> Result<(), SessionError> {
        let g = self.goal(goal)?;
        self.plan.set_goal_due(g, due);
        Ok(())
    }

    /// Sets a task's effort (person-days, >= 0) on one of its eligible
    /// teams (`backend`), or on its alternative on several teams at once
    /// (`backend+qa`).
    pub fn set_task_effort(
        &mut self,
        task: &str,
        team: &str,
        effort: f64,
    ) -> Result<(), SessionError> {
        let a = self.task(task)?;
        let teams = team
            .split('+')
            .map(|t| self.team(t.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.plan.set_effort(a, &teams, effort)?)
    }

    /// Replaces a team's capacity calendar; every task's crews are
    /// re-derived. Refused when some task could then not be staffed.
    pub fn set_team_capacity(
        &mut self,
        team: &str,
        capacity: Calendar,
    ) -> Result<(), SessionError> {
        let r = self.team(team)?;
        Ok(self.plan.set_capacity(r, capacity)?)
    }

    /// Changes the objective (weighted goal completion with its lateness
    /// weight, or the makespan).
    pub fn set_objective(&mut self, objective: Objective) -> Result<(), SessionError> {
        Ok(self.plan.set_objective(objective)?)
    }

    /// Records a task as done.
    pub fn record_done(&mut self, task: &str) -> Result<(), SessionError> {
        let a = self.task(task)?;
        self.replan.progress.set(a, TaskProgress::Done);
        Ok(())
    }

    /// Records a task as started on `start` by `crew`: its team with the
    /// people (`&[("backend", 2)]`), or, for a task on several teams at
    /// once, each of the teams of one of its alternatives with its people
    /// (`&[("backend", 2), ("qa", 1)]`). Refused unless the task may run
    /// so (as `progress.csv` requires).
    pub fn record_started(
        &mut self,
        task: &str,
        start: u32,
        crew: &[(&str, u32)],
    ) -> Result<(), SessionError> {
        let a = self.task(task)?;
        let demands = crew
            .iter()
            .map(|&(team, amount)| {
                Ok(Demand {
                    resource: self.team(team)?,
                    amount,
                })
            })
            .collect::<Result<Vec<_>, SessionError>>()?;
        let spec = self.plan.activity(a).spec.as_ref();
        let repeated = demands
            .iter()
            .enumerate()
            .any(|(i, d)| demands[..i].iter().any(|x| x.resource == d.resource));
        if spec.is_none() || repeated || crew_issue(&self.plan, a, &demands).is_some() {
            let (teams, people): (Vec<&str>, Vec<String>) =
                crew.iter().map(|&(t, k)| (t, k.to_string())).unzip();
            return Err(SessionError::BadProgress {
                task: task.to_string(),
                team: teams.join("+"),
                people: people.join("+"),
            });
        }
        self.replan.progress.set(
            a,
            TaskProgress::Started {
                start,
                crew: demands,
            },
        );
        Ok(())
    }

    /// Replaces the recorded progress (e.g. as read by
    /// [`read_progress`](crate::read_progress)).
    pub fn set_progress(&mut self, progress: Progress) {
        self.replan.progress = progress;
    }

    /// Sets today: nothing that is neither done nor started starts earlier.
    pub fn set_today(&mut self, today: u32) {
        self.replan.today = today;
    }

    /// Sets the freeze window (days from today).
    pub fn set_freeze(&mut self, days: u32) {
        self.replan.freeze = days;
    }

    /// Sets the stability weight (a number from 0 to
    /// [`crate::model::MAX_WEIGHT`]) against the schedule being re-planned.
    pub fn set_stability_weight(&mut self, weight: f64) -> Result<(), SessionError> {
        self.replan.stability_weight =
            check_weight(weight).map_err(|source| SessionError::Option {
                what: "stability weight",
                source,
            })?;
        Ok(())
    }

    /// Sets the least gain a re-plan's moves must bring, as a share of the
    /// objective (see [`Replan::min_gain`]; default 0.005 = 0.5 %).
    pub fn set_min_gain(&mut self, share: f64) -> Result<(), SessionError> {
        if !(0.0..=1.0).contains(&share) {
            return Err(EditError::MinGain { value: share }.into());
        }
        self.replan.min_gain = share;
        Ok(())
    }

    /// The goal priorities the baseline was planned with, by goal id (e.g.
    /// [`read_goal_priorities`](crate::input::read_goal_priorities) of its
    /// `goals.csv`), so that the next solve's [`Session::diff`] can say which goals
    /// moved because their priority changed. Each solve records its own.
    pub fn set_baseline_priorities(&mut self, priorities: std::collections::BTreeMap<String, f64>) {
        self.baseline_priorities = priorities;
    }

    /// Sets the schedule to re-plan against, e.g. an earlier `schedule.csv`
    /// ([`read_schedule_rows`](crate::read_schedule_rows)) and the goal
    /// order of its `summary.json`
    /// ([`read_goal_order`](crate::read_goal_order); empty when unknown).
    /// Each solve replaces it with its own schedule.
    pub fn set_baseline(&mut self, rows: Vec<ScheduleRow>, goal_order: Vec<GoalId>) {
        self.baseline = Some((rows, goal_order));
    }

    /// The re-planning request of the next solve: the settings, with the
    /// baseline matched to the plan.
    pub fn request(&self) -> Replan {
        let mut request = self.replan.clone();
        request.baseline = self.baseline.as_ref().map(|(rows, order)| {
            Baseline::from_rows(&self.plan, rows).with_goal_order(order.clone())
        });
        request
    }

    /// Solves the plan with the recorded progress, today and freeze window,
    /// against the baseline when there is one (the last solve's schedule,
    /// or [`Session::set_baseline`]'s), and makes the result the current
    /// schedule and the next baseline. Returns the solved problem (progress
    /// applied) and its solution.
    pub fn solve(&mut self) -> Result<(&Problem, &Solution), SessionError> {
        let started = std::time::Instant::now();
        let request = self.request();
        let plain = request == Replan::default();
        let problem = if plain {
            self.plan.clone()
        } else {
            request.apply(&self.plan)?
        };
        let warm = warm_start(&problem, request.baseline.as_ref());
        // the warm start's preparation counts against the time limit
        let options = self.options.for_problem(problem.len());
        let options = options.rest(1.0, options.deadline(started));
        let solution = solve_warm(&problem, &options, &warm);
        let rows = schedule_rows(&problem, &solution.schedule);
        let priorities = self.plan.goals().iter().map(|g| (g.id.clone(), g.priority));
        let old_priorities = std::mem::replace(&mut self.baseline_priorities, priorities.collect());
        self.replanned = self.baseline.as_ref().map(|(old, _)| {
            let mut diff = diff_without_done(&problem, old, &rows);
            diff.explain(&problem, &old_priorities);
            // the baseline under the new inputs: the warm start's first
            // incumbent is the baseline repaired where it no longer fits
            let kept = warm
                .schedules
                .first()
                .and_then(|s| s.check(&problem).ok().map(|r| (s, r.objective)))
                .map(|(s, value)| value - problem.stability_term(|a| s.start(a)));
            let stability = solution.stability_term(&problem);
            let summary = ReplanSummary {
                baseline_objective: kept,
                objective: solution.objective - stability,
                stability_term: stability,
                moved_tasks: diff.tasks.len(),
                min_gain: problem.replanning().min_gain,
            };
            (diff, summary)
        });
        self.baseline = Some((rows, solution.goal_order.clone()));
        let (problem, solution) = self.current.insert((problem, solution));
        Ok((problem, solution))
    }

    /// [`Session::solve`], returning what changed against the schedule
    /// before it (done tasks left out); without one (the first solve) every
    /// task is listed as new.
    pub fn replan(&mut self) -> Result<Diff, SessionError> {
        self.solve()?;
        Ok(match self.diff() {
            Some(diff) => diff.clone(),
            None => diff_without_done(self.problem(), &[], &self.rows()),
        })
    }

    /// What the last solve changed against its baseline (done tasks left
    /// out, goal shifts with their causes, [`Diff::explain`]); `None` when
    /// it had no baseline.
    pub fn diff(&self) -> Option<&Diff> {
        self.replanned.as_ref().map(|r| &r.0)
    }

    /// What the last solve changed against its baseline and what that
    /// bought (the baseline's objective under the new inputs, the new one,
    /// the tasks moved); `None` before a re-plan.
    pub fn replan_summary(&self) -> Option<&ReplanSummary> {
        self.replanned.as_ref().map(|r| &r.1)
    }
}

/// The diff from `old` to `new` rows of `problem`'s schedule, without its
/// done tasks.
fn diff_without_done(problem: &Problem, old: &[ScheduleRow], new: &[ScheduleRow]) -> Diff {
    let mut diff = Diff::between(old, new);
    let done: std::collections::HashSet<&str> = problem
        .activity_ids()
        .filter(|&a| problem.replanning().is_done(a))
        .map(|a| problem.activity(a).id.as_str())
        .collect();
    diff.retain_tasks(|t| !done.contains(t.task.as_str()));
    diff
}

/// An unknown id, with the valid `(id, display name)`s it may have meant.
fn unknown<'a>(
    what: &'static str,
    id: &str,
    valid: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> SessionError {
    let Suggestions { close, known } = Suggester::new(valid).suggest(id);
    SessionError::Unknown {
        what,
        id: id.to_string(),
        suggestions: close,
        known,
    }
}

#[cfg(test)]
mod tests;
