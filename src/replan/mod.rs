//! Re-planning: what a re-plan knows beyond the plan (progress: done and
//! started tasks; `today`; a baseline schedule with its stability term and
//! freeze window) and how it changes the problem ([`Replan::apply`]), with
//! the explanations of requests that cannot hold ([`Infeasible`]).
//!
//! The rest of re-planning lives where it belongs in the pipeline: the
//! readers of `progress.csv` and a baseline in `input/`, the warm-started
//! search in `solve/warm/` (one solver, fed a
//! [`WarmStart`](crate::solve::WarmStart)), the diff in `schedule/`, and
//! the planner's [`Session`](crate::Session) in `session.rs`.
//!
//! # How a re-planning context is applied ([`Replan::apply`])
//! Starting from the plan as written (no pins):
//! 1. **done** tasks become milestones (duration 0, no people; every eligible
//!    team's effort set to 0 in the task's spec, so the checker accepts the
//!    0-person mode) pinned at day 0, and every dependency edge touching a done
//!    task is dropped (it is satisfied: the work is over; [`Problem::complete`]). They use no
//!    capacity, never move, and their goal's finish is set by its other tasks.
//!    A done task whose predecessor is not done is a [`Clash`].
//! 2. **started** tasks are pinned ([`Pin`]) to their start, teams and crews
//!    (a crew the mode list had dropped as dominated gets its own mode).
//! 3. **frozen** tasks (`freeze > 0`): every other task the baseline starts in
//!    `today .. today + freeze` keeps its baseline start, teams and crews
//!    (pinned), when those teams and crews are still one of its modes. Tasks the
//!    baseline starts before `today` that are neither done nor started are
//!    treated as not started.
//! 4. every task not pinned gets `release = max(release, today)`
//!    ([`Problem::set_today`]).
//! 5. the baseline starts and the stability weight are set
//!    ([`Problem::set_baseline`]); done tasks have no baseline start.
//!
//! Then [`check_feasible`] looks for pins that cannot all hold (overloaded
//! teams, a pinned task before its predecessor can finish or before its
//! release) and names the clashing tasks ([`Infeasible`]).

mod feasibility;
#[cfg(test)]
mod tests;

pub use feasibility::{Clash, Infeasible, check_feasible};

use crate::model::{ActivityId, Demand, GoalId, MAX_HORIZON, Mode, Pin, Problem, ResourceId};
use crate::schedule::{Schedule, ScheduleRow};

/// What is known about one task's progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskProgress {
    /// Complete: uses no capacity any more.
    Done,
    /// Running: keeps its start, teams and crews.
    Started {
        /// The day it started.
        start: u32,
        /// The teams doing it with the people of each (one for a
        /// single-team task; 0 people for a milestone).
        crew: Vec<Demand>,
    },
}

/// Progress of a plan: the status of the tasks that are done or started.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// `(task, status)`; a task listed twice keeps its last entry.
    pub tasks: Vec<(ActivityId, TaskProgress)>,
}

impl Progress {
    /// The recorded status of a task.
    pub fn get(&self, a: ActivityId) -> Option<&TaskProgress> {
        self.tasks.iter().rev().find(|(t, _)| *t == a).map(|p| &p.1)
    }

    /// Records (or replaces) a task's status.
    pub fn set(&mut self, a: ActivityId, progress: TaskProgress) {
        self.tasks.retain(|(t, _)| *t != a);
        self.tasks.push((a, progress));
    }
}

/// One task of a baseline schedule, matched to the current problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaselineTask {
    /// Baseline start day.
    pub start: u32,
    /// Baseline teams with the people of each, in the baseline's order (0
    /// people for a milestone); `None` when one of the baseline's teams is
    /// not a team of the plan.
    pub crew: Option<Vec<Demand>>,
}

impl BaselineTask {
    /// The baseline's crew in words, as `schedule.csv` has it (`2`, `2+1`).
    pub fn people(&self) -> String {
        let people: Vec<String> = self
            .crew
            .iter()
            .flatten()
            .map(|d| d.amount.to_string())
            .collect();
        people.join("+")
    }
}

/// A baseline schedule: per activity (by [`ActivityId`]), its baseline
/// start, teams and crews, or `None` for a task the baseline does not have.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Baseline {
    /// Indexed by activity.
    pub tasks: Vec<Option<BaselineTask>>,
    /// The goal order the baseline's solve found ([`Solution::goal_order`](crate::Solution::goal_order),
    /// or `goal_order` in its `summary.json`), when known: a re-plan with a
    /// stability term walks from it (its decode is, or is close to, the
    /// baseline itself). Empty when unknown.
    pub goal_order: Vec<GoalId>,
}

impl Baseline {
    /// Matches schedule rows (e.g. an old `schedule.csv`) to `problem`'s
    /// tasks by id; rows of tasks the problem no longer has are ignored.
    pub fn from_rows(problem: &Problem, rows: &[ScheduleRow]) -> Self {
        let mut tasks = vec![None; problem.len()];
        let index: std::collections::BTreeMap<&str, usize> = problem
            .activities()
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        for row in rows {
            if let Some(&i) = index.get(row.task.as_str()) {
                let crew = row
                    .crew
                    .0
                    .iter()
                    .map(|(team, people)| {
                        let r = problem.resources().iter().position(|r| &r.id == team)?;
                        Some(Demand {
                            resource: ResourceId::from_index(r),
                            amount: *people,
                        })
                    })
                    .collect::<Option<Vec<Demand>>>()
                    .filter(|c| !c.is_empty());
                tasks[i] = Some(BaselineTask {
                    start: row.start,
                    crew,
                });
            }
        }
        Self {
            tasks,
            goal_order: Vec::new(),
        }
    }

    /// A problem's schedule as a baseline.
    pub fn from_schedule(problem: &Problem, schedule: &Schedule) -> Self {
        let tasks = problem
            .activity_ids()
            .map(|a| {
                let mode = schedule.mode(problem, a);
                let crew = mode
                    .demands
                    .iter()
                    .map(|d| Demand {
                        amount: if mode.duration == 0 { 0 } else { d.amount },
                        ..*d
                    })
                    .collect::<Vec<_>>();
                Some(BaselineTask {
                    start: schedule.start(a),
                    crew: Some(crew).filter(|c| !c.is_empty()),
                })
            })
            .collect();
        Self {
            tasks,
            goal_order: Vec::new(),
        }
    }

    /// The same baseline with the goal order its solve found (see
    /// [`Baseline::goal_order`]).
    pub fn with_goal_order(mut self, goal_order: Vec<GoalId>) -> Self {
        self.goal_order = goal_order;
        self
    }

    /// [`Baseline::goal_order`] as a permutation of `problem`'s goal
    /// indices: unknown and repeated goals dropped, missing ones appended in
    /// index order; empty when the baseline has no goal order.
    pub(crate) fn goal_permutation(&self, problem: &Problem) -> Vec<usize> {
        let ng = problem.goals().len();
        if self.goal_order.is_empty() {
            return Vec::new();
        }
        let mut seen = vec![false; ng];
        let mut order: Vec<usize> = Vec::with_capacity(ng);
        for g in &self.goal_order {
            if g.index() < ng && !seen[g.index()] {
                seen[g.index()] = true;
                order.push(g.index());
            }
        }
        order.extend((0..ng).filter(|&g| !seen[g]));
        order
    }

    /// The baseline as a schedule of `problem`: every task's start and the
    /// mode on its teams and crews; the tasks it has no row or no mode
    /// for, as sentences, when some are missing.
    pub fn to_schedule(&self, problem: &Problem) -> Result<Schedule, Vec<String>> {
        let mut missing = Vec::new();
        let mut assignments = Vec::with_capacity(problem.len());
        for a in problem.activity_ids() {
            let id = &problem.activity(a).id;
            match (self.get(a), self.mode(problem, a)) {
                (Some(task), Some(mode)) => assignments.push(crate::schedule::Assignment {
                    start: task.start,
                    mode,
                }),
                (None, _) => missing.push(format!("no row for task `{id}`")),
                (Some(_), None) => {
                    missing.push(format!("task `{id}`: no mode runs on its team and crew"))
                }
            }
        }
        if missing.is_empty() {
            Ok(Schedule::new(assignments))
        } else {
            Err(missing)
        }
    }

    /// The baseline entry of an activity.
    pub fn get(&self, a: ActivityId) -> Option<&BaselineTask> {
        self.tasks.get(a.index()).and_then(Option::as_ref)
    }

    /// The mode of `a` in `problem` that runs on the baseline's teams (in
    /// any order) with the baseline's crews, if there still is one.
    pub fn mode(&self, problem: &Problem, a: ActivityId) -> Option<usize> {
        let crew = self.get(a)?.crew.as_ref()?;
        problem
            .activity(a)
            .modes
            .iter()
            .position(|m| runs_with(m, crew))
    }
}

/// True when `mode` is on exactly the teams of `crew` (in any order) with
/// its people on each (0 people on a milestone mode's team matches too).
fn runs_with(mode: &Mode, crew: &[Demand]) -> bool {
    let amount = |m: &Demand| {
        crew.iter()
            .find(|d| d.resource == m.resource)
            .map(|d| d.amount)
    };
    mode.demands.len() == crew.len()
        && mode
            .demands
            .iter()
            .all(|m| amount(m).is_some_and(|k| k == m.amount || (mode.duration == 0 && k == 0)))
}

/// True when `mode` is on exactly the teams of `crew`, in any order.
fn same_teams(mode: &Mode, crew: &[Demand]) -> bool {
    mode.demands.len() == crew.len()
        && mode
            .demands
            .iter()
            .all(|m| crew.iter().any(|d| d.resource == m.resource))
}

/// Why [`Replan::apply`] refused a re-planning request.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ReplanError {
    /// The progress and pins cannot all hold.
    #[error(transparent)]
    Infeasible(#[from] Infeasible),
    /// A value out of its range (the stability weight).
    #[error(transparent)]
    Edit(#[from] crate::error::EditError),
}

/// The least gain a re-plan's moves must bring by default (0.5 % of the
/// objective; see [`Replan::min_gain`]).
pub const DEFAULT_MIN_GAIN: f64 = 0.005;

/// A re-planning request: progress, today, baseline, freeze window,
/// stability weight and the least gain that justifies moves.
#[derive(Clone, Debug, PartialEq)]
pub struct Replan {
    /// Nothing that is neither done nor started starts before this day.
    pub today: u32,
    /// Tasks the baseline starts in `today .. today + freeze` keep their
    /// start, team and crew.
    pub freeze: u32,
    /// Weight of the stability term (>= 0).
    pub stability_weight: f64,
    /// Done and started tasks.
    pub progress: Progress,
    /// The schedule being re-planned, if any.
    pub baseline: Option<Baseline>,
    /// The least gain, as a share of the objective, that the re-plan's
    /// moves together must bring (default [`DEFAULT_MIN_GAIN`], 0.5 %):
    /// after the search, tasks go back to their baseline slots while the
    /// objective stays within this share of the best schedule found. So a
    /// re-plan moves nothing for a change worth less than that, and keeps
    /// only the moves that pay. 0: every improvement is kept.
    pub min_gain: f64,
}

impl Default for Replan {
    fn default() -> Self {
        Self {
            today: 0,
            freeze: 0,
            stability_weight: 0.0,
            progress: Progress::default(),
            baseline: None,
            min_gain: DEFAULT_MIN_GAIN,
        }
    }
}

/// Something in a re-planning request that [`Replan::apply`] cannot honour
/// as written, and so silently works around; [`Replan::warnings`] lists
/// them so that a tool can tell its user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReplanWarning {
    /// The baseline starts a task inside the freeze window on a team (or
    /// teams) that is not one of its alternatives (or not a team of the
    /// plan): it is not frozen, and may move.
    #[error(
        "task `{task}` starts on day {start}, inside the freeze window, but the baseline's team is not eligible for it: it is not frozen and may move"
    )]
    FrozenOnIneligibleTeam {
        /// The task.
        task: String,
        /// Its baseline start.
        start: u32,
    },
    /// The baseline starts a task inside the freeze window with a crew that
    /// none of its modes on that team (or teams) has: it is not frozen, and
    /// may move.
    #[error(
        "task `{task}` starts on day {start}, inside the freeze window, but with {people} people, a crew it cannot have on that team ({allowed}): it is not frozen and may move"
    )]
    FrozenWithImpossibleCrew {
        /// The task.
        task: String,
        /// Its baseline start.
        start: u32,
        /// The baseline's crew as `schedule.csv` has it (`2`, or `2+1` on
        /// several teams).
        people: String,
        /// The crews its modes on that team (or teams) have, in words.
        allowed: String,
    },
}

impl ReplanWarning {
    /// The task the warning is about.
    pub fn task(&self) -> &str {
        match self {
            ReplanWarning::FrozenOnIneligibleTeam { task, .. }
            | ReplanWarning::FrozenWithImpossibleCrew { task, .. } => task,
        }
    }
}

impl Replan {
    /// What [`Replan::apply`] would not honour as written, in task order:
    /// tasks the baseline starts in the freeze window on a team or with a
    /// crew that none of their modes has (they are left free instead of
    /// frozen).
    pub fn warnings(&self, plan: &Problem) -> Vec<ReplanWarning> {
        let Some(baseline) = &self.baseline else {
            return Vec::new();
        };
        if self.freeze == 0 {
            return Vec::new();
        }
        let until = self.today.saturating_add(self.freeze);
        let mut warnings = Vec::new();
        for a in plan.activity_ids() {
            let Some(b) = baseline.get(a) else { continue };
            if self.progress.get(a).is_some()
                || !(self.today..until).contains(&b.start)
                || baseline.mode(plan, a).is_some()
            {
                continue;
            }
            let act = plan.activity(a);
            let task = act.id.clone();
            // the crews of its modes on the baseline's teams, in the baseline's team order
            let crews: Vec<String> = match &b.crew {
                None => Vec::new(),
                Some(crew) => act
                    .modes
                    .iter()
                    .filter(|m| same_teams(m, crew))
                    .map(|m| {
                        let people: Vec<String> = crew
                            .iter()
                            .filter_map(|d| m.demands.iter().find(|x| x.resource == d.resource))
                            .map(|x| x.amount.to_string())
                            .collect();
                        people.join("+")
                    })
                    .collect(),
            };
            warnings.push(match crews[..] {
                [] => ReplanWarning::FrozenOnIneligibleTeam {
                    task,
                    start: b.start,
                },
                _ => ReplanWarning::FrozenWithImpossibleCrew {
                    task,
                    start: b.start,
                    people: b.people(),
                    allowed: crews.join(", "),
                },
            });
        }
        warnings
    }

    /// The problem with this context applied (the steps: the
    /// [module docs](crate::replan)), or the
    /// clashes that make it infeasible (or the stability weight that is out
    /// of range). A [`Session`](crate::Session) does this before every
    /// solve; call it directly to inspect a re-planned problem.
    ///
    /// ```
    /// use tandem::replan::TaskProgress;
    /// use tandem::{Calendar, Progress, ProblemBuilder, Replan};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut b = ProblemBuilder::new();
    /// let team = b.resource("backend", Calendar::constant(2));
    /// let g = b.goal("sso", 1.0, None);
    /// let api = b.plan_task("api", Some(g), &[(team, 4.0)], 1, 2, 0);
    /// let ui = b.plan_task("ui", Some(g), &[(team, 2.0)], 1, 1, 0);
    /// b.precedence(api, ui, 0);
    /// let plan = b.build()?;
    ///
    /// let mut progress = Progress::default();
    /// progress.set(api, TaskProgress::Done);
    /// let request = Replan { today: 5, progress, ..Replan::default() };
    /// let problem = request.apply(&plan)?;
    /// assert!(problem.replanning().is_done(api)); // a milestone pinned at day 0
    /// assert!(problem.predecessors(ui).is_empty()); // its edge is satisfied
    /// assert_eq!(problem.activity(ui).release, 5); // nothing starts before today
    /// # Ok(()) }
    /// ```
    pub fn apply(&self, plan: &Problem) -> Result<Problem, ReplanError> {
        let mut p = plan.clone();
        let n = p.len();
        let mut done = vec![false; n];
        let mut clashes = Vec::new();
        for &(a, _) in &self.progress.tasks {
            if a.index() < n && self.progress.get(a) == Some(&TaskProgress::Done) {
                done[a.index()] = true;
            }
        }
        // a done task's predecessors must be done too
        for a in p.activity_ids() {
            if !done[a.index()] {
                continue;
            }
            for &(q, _) in p.predecessors(a) {
                if !done[q.index()] {
                    clashes.push(Clash::DoneBeforePredecessor {
                        task: p.activity(a).id.clone(),
                        predecessor: p.activity(q).id.clone(),
                    });
                }
            }
        }
        if !clashes.is_empty() {
            return Err(Infeasible { clashes }.into());
        }
        p.complete(&done);
        // started tasks
        for &(a, _) in &self.progress.tasks {
            if let Some(TaskProgress::Started { start, crew }) = self.progress.get(a)
                && a.index() < n
                && !done[a.index()]
            {
                let mode = p.crew_mode(a, crew);
                p.pin(
                    a,
                    Pin {
                        start: *start,
                        mode,
                    },
                );
            }
        }
        // freeze window
        if let Some(baseline) = &self.baseline
            && self.freeze > 0
        {
            let until = self.today.saturating_add(self.freeze);
            for a in p.activity_ids().collect::<Vec<_>>() {
                let act = p.activity(a);
                if act.pin.is_some() || done[a.index()] {
                    continue;
                }
                if let Some(b) = baseline.get(a)
                    && (self.today..until).contains(&b.start)
                    && let Some(mode) = baseline.mode(&p, a)
                {
                    p.pin(
                        a,
                        Pin {
                            start: b.start,
                            mode,
                        },
                    );
                }
            }
        }
        p.set_today(self.today);
        let baseline: Vec<Option<u32>> = p
            .activity_ids()
            .map(|a| {
                if done[a.index()] {
                    None
                } else {
                    self.baseline
                        .as_ref()
                        .and_then(|b| b.get(a))
                        .map(|b| b.start)
                }
            })
            .collect();
        p.set_baseline(baseline, self.stability_weight)?;
        p.set_min_gain(self.min_gain)?;
        check_feasible(&p)?;
        let horizon = p.horizon();
        if horizon > MAX_HORIZON {
            return Err(Infeasible {
                clashes: vec![Clash::TooLong {
                    horizon,
                    limit: MAX_HORIZON,
                }],
            }
            .into());
        }
        Ok(p)
    }
}
