//! Re-planning: progress (done / started tasks), `today`, a baseline
//! schedule with its stability term and freeze window, warm starts, the
//! schedule diff, and a [`Session`] for planning tools.
//!
//! # How a re-planning context is applied ([`Replan::apply`])
//! Starting from the plan as written (no pins):
//! 1. **done** tasks become milestones (duration 0, no people; every eligible
//!    team's effort set to 0 in the task's spec, so the checker accepts the
//!    0-person mode) pinned at day 0, and every dependency edge touching a done
//!    task is dropped (it is satisfied: the work is over). They use no
//!    capacity, never move, and their goal's finish is set by its other tasks.
//!    A done task whose predecessor is not done is a [`Clash`].
//! 2. **started** tasks are pinned ([`Pin`]) to their start, team and crew (a
//!    crew the mode list had dropped as dominated gets its own mode).
//! 3. **frozen** tasks (`freeze > 0`): every other task the baseline starts in
//!    `today .. today + freeze` keeps its baseline start, team and crew
//!    (pinned), when that team and crew are still one of its modes. Tasks the
//!    baseline starts before `today` that are neither done nor started are
//!    treated as not started.
//! 4. every task not pinned gets `release = max(release, today)`.
//! 5. the baseline starts and the stability weight are set
//!    ([`Problem::set_baseline`]); done tasks have no baseline start.
//!
//! Then [`check_feasible`] looks for pins that cannot all hold (overloaded
//! teams, a pinned task before its predecessor can finish or before its
//! release) and names the clashing tasks ([`Infeasible`]).

mod diff;
mod feasibility;
mod input;
mod order;
mod search;
mod session;
#[cfg(test)]
mod tests;
mod warm;

pub use diff::{Diff, GoalShift, ScheduleRow, TaskChange, schedule_rows};
pub use feasibility::{Clash, Infeasible, check_feasible};
pub use input::{read_progress, read_schedule_rows, read_schedule_rows_with_lines};
pub use session::{Session, SessionError};

pub use warm::{settle, warm_list, warm_start};

use crate::model::{
    ActivityId, Demand, GoalId, MAX_HORIZON, Mode, Pin, Problem, ResourceId, crew_duration,
};
use crate::solve::{LowerBounds, Solution, SolveOptions, Status, WarmStart, solve_warm};

/// Share of a re-plan's time limit the warm search ([`search`]) gets
/// before the portfolio continues from its result. Measured on two
/// 2,000-task re-plans at 0.75 s, seeds 0-7, one worker (objective mean):
/// 0.9: 381.2k and 141.5k; 0.7: 377.8k and 139.5k; 0.5: 381.4k and 140.6k.
const WARM_SEARCH_SHARE: f64 = 0.7;
/// Below this time limit a re-plan computes no bounds beside its search
/// (they would take a core for about half a second on a 2,000-task plan):
/// the critical-path bound stands in.
const BOUNDS_THREAD_MIN: std::time::Duration = std::time::Duration::from_secs(4);

/// What is known about one task's progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskProgress {
    /// Complete: uses no capacity any more.
    Done,
    /// Running: keeps its start, team and crew.
    Started {
        /// The day it started.
        start: u32,
        /// The team doing it.
        team: ResourceId,
        /// Crew size.
        people: u32,
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
    pub fn get(&self, a: ActivityId) -> Option<TaskProgress> {
        self.tasks.iter().rev().find(|(t, _)| *t == a).map(|p| p.1)
    }

    /// Records (or replaces) a task's status.
    pub fn set(&mut self, a: ActivityId, progress: TaskProgress) {
        self.tasks.retain(|(t, _)| *t != a);
        self.tasks.push((a, progress));
    }
}

/// One task of a baseline schedule, matched to the current problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaselineTask {
    /// Baseline start day.
    pub start: u32,
    /// Baseline team (`None` when the baseline's team is not a team of the plan).
    pub team: Option<ResourceId>,
    /// Baseline crew (0 for a milestone).
    pub people: u32,
}

/// A baseline schedule: per activity (by [`ActivityId`]), its baseline
/// start, team and crew, or `None` for a task the baseline does not have.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Baseline {
    /// Indexed by activity.
    pub tasks: Vec<Option<BaselineTask>>,
    /// The goal order the baseline's solve found ([`Solution::goal_order`],
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
                let team = problem
                    .resources()
                    .iter()
                    .position(|r| r.id == row.team)
                    .map(ResourceId::from_index);
                tasks[i] = Some(BaselineTask {
                    start: row.start,
                    team,
                    people: row.people,
                });
            }
        }
        Self {
            tasks,
            goal_order: Vec::new(),
        }
    }

    /// A problem's schedule as a baseline.
    pub fn from_schedule(problem: &Problem, schedule: &crate::Schedule) -> Self {
        let tasks = problem
            .activity_ids()
            .map(|a| {
                let mode = schedule.mode(problem, a);
                let crew = mode.crew();
                Some(BaselineTask {
                    start: schedule.start(a),
                    team: crew.map(|d| d.resource),
                    people: if mode.duration == 0 {
                        0
                    } else {
                        crew.map_or(0, |d| d.amount)
                    },
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

    /// The baseline entry of an activity.
    pub fn get(&self, a: ActivityId) -> Option<BaselineTask> {
        self.tasks.get(a.index()).copied().flatten()
    }

    /// The mode of `a` in `problem` that runs on the baseline's team with
    /// the baseline's crew, if there still is one.
    pub fn mode(&self, problem: &Problem, a: ActivityId) -> Option<usize> {
        let b = self.get(a)?;
        let team = b.team?;
        problem.activity(a).modes.iter().position(|m| {
            m.crew().is_some_and(|d| {
                d.resource == team && (d.amount == b.people || (m.duration == 0 && b.people == 0))
            })
        })
    }
}

/// A re-planning request: progress, today, baseline, freeze window and
/// stability weight.
#[derive(Clone, Debug, Default, PartialEq)]
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
}

/// Something in a re-planning request that [`Replan::apply`] cannot honour
/// as written, and so silently works around; [`Replan::warnings`] lists
/// them so that a tool can tell its user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReplanWarning {
    /// The baseline starts a task inside the freeze window on a team that is
    /// not one of its eligible teams (or not a team of the plan): it is not
    /// frozen, and may move.
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
    /// none of its modes on that team has: it is not frozen, and may move.
    #[error(
        "task `{task}` starts on day {start}, inside the freeze window, but with {people} people, a crew it cannot have on that team ({allowed}): it is not frozen and may move"
    )]
    FrozenWithImpossibleCrew {
        /// The task.
        task: String,
        /// Its baseline start.
        start: u32,
        /// The baseline's crew.
        people: u32,
        /// The crews its modes on that team have, in words.
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
            let crews: Vec<u32> = act
                .modes
                .iter()
                .filter_map(Mode::crew)
                .filter(|d| Some(d.resource) == b.team)
                .map(|d| d.amount)
                .collect();
            warnings.push(match crews[..] {
                [] => ReplanWarning::FrozenOnIneligibleTeam {
                    task,
                    start: b.start,
                },
                _ => ReplanWarning::FrozenWithImpossibleCrew {
                    task,
                    start: b.start,
                    people: b.people,
                    allowed: crews
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            });
        }
        warnings
    }

    /// The problem with this context applied (see the module docs), or the
    /// clashes that make it infeasible.
    pub fn apply(&self, plan: &Problem) -> Result<Problem, Infeasible> {
        let mut p = plan.clone();
        let n = p.len();
        let mut done = vec![false; n];
        let mut clashes = Vec::new();
        for &(a, _) in &self.progress.tasks {
            if a.index() < n && self.progress.get(a) == Some(TaskProgress::Done) {
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
            return Err(Infeasible { clashes });
        }
        for (i, &d) in done.iter().enumerate() {
            if d {
                make_done(&mut p, ActivityId::from_index(i));
            }
        }
        drop_edges_of(&mut p, &done);
        // started tasks
        for &(a, _) in &self.progress.tasks {
            if let Some(TaskProgress::Started {
                start,
                team,
                people,
            }) = self.progress.get(a)
                && a.index() < n
                && !done[a.index()]
            {
                let mode = mode_for(&mut p, a, team, people);
                p.activities[a.index()].pin = Some(Pin { start, mode });
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
                    p.activities[a.index()].pin = Some(Pin {
                        start: b.start,
                        mode,
                    });
                }
            }
        }
        for act in &mut p.activities {
            if act.pin.is_none() {
                act.release = act.release.max(self.today);
            }
        }
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
        p.set_baseline(baseline, self.stability_weight);
        p.replanning.today = self.today;
        p.replanning.done = done;
        check_feasible(&p)?;
        let horizon = p.horizon();
        if horizon > MAX_HORIZON {
            return Err(Infeasible {
                clashes: vec![Clash::TooLong {
                    horizon,
                    limit: MAX_HORIZON,
                }],
            });
        }
        Ok(p)
    }
}

/// A done task: a milestone pinned at day 0.
fn make_done(p: &mut Problem, a: ActivityId) {
    let act = &mut p.activities[a.index()];
    let team = act
        .modes
        .first()
        .and_then(Mode::crew)
        .map_or(ResourceId::from_index(0), |d| d.resource);
    act.modes = vec![Mode {
        duration: 0,
        demands: vec![Demand {
            resource: team,
            amount: 0,
        }],
    }];
    if let Some(spec) = &mut act.spec {
        for e in &mut spec.efforts {
            e.1 = 0.0;
        }
    }
    act.release = 0;
    act.pin = Some(Pin { start: 0, mode: 0 });
}

/// Removes every precedence touching a done activity.
fn drop_edges_of(p: &mut Problem, done: &[bool]) {
    if !done.iter().any(|&d| d) {
        return;
    }
    p.precedences
        .retain(|e| !done[e.from.index()] && !done[e.to.index()]);
    for (i, list) in p.preds.iter_mut().enumerate() {
        if done[i] {
            list.clear();
        } else {
            list.retain(|(q, _)| !done[q.index()]);
        }
    }
    for (i, list) in p.succs.iter_mut().enumerate() {
        if done[i] {
            list.clear();
        } else {
            list.retain(|(q, _)| !done[q.index()]);
        }
    }
}

/// The mode of `a` on `team` with `people`, added when the mode list had
/// dropped it (a dominated crew); input validation guarantees the team is
/// eligible and the crew within range.
fn mode_for(p: &mut Problem, a: ActivityId, team: ResourceId, people: u32) -> usize {
    let act = &mut p.activities[a.index()];
    if let Some(m) = act.modes.iter().position(|m| {
        m.crew()
            .is_some_and(|d| d.resource == team && (d.amount == people || m.duration == 0))
    }) {
        return m;
    }
    let effort = act
        .spec
        .as_ref()
        .and_then(|s| s.efforts.iter().find(|e| e.0 == team))
        .map_or(0.0, |e| e.1);
    let (duration, amount) = if effort <= 0.0 {
        (0, 0)
    } else {
        (crew_duration(effort, people), people)
    };
    act.modes.push(Mode {
        duration,
        demands: vec![Demand {
            resource: team,
            amount,
        }],
    });
    act.modes.len() - 1
}

/// Applies `replan` to `plan` and solves, warm-started from the baseline
/// ([`warm_start`]), then [`settle_solution`]. Preparing the warm start
/// counts against `options.time_limit`.
/// Returns the re-planned problem (progress applied) and its solution.
pub fn replan(
    plan: &Problem,
    replan: &Replan,
    options: &SolveOptions,
) -> Result<(Problem, Solution), Infeasible> {
    let started = std::time::Instant::now();
    let problem = replan.apply(plan)?;
    let warm = warm_start(&problem, replan.baseline.as_ref());
    // the warm start's preparation counts against the time limit
    let options = options.rest(1.0, options.deadline(started));
    let solution = solve_replan(&problem, &options, &warm, replan.baseline.as_ref());
    Ok((problem, solution))
}

/// Solves a re-planned problem (progress applied) from its warm start and
/// settles the result against the baseline ([`settle_solution`]).
///
/// With a baseline and a warm start, 70 % of the time limit goes to the
/// warm search (see `search.rs` and `order.rs`) on `options.threads`
/// workers: goal-order walks from the warm lists' goal orders and, with a
/// stability term, on worker 0 a walk from the baseline's goal order
/// ([`Baseline::goal_order`]; without one, goal moves on the baseline's list
/// and modes); then [`solve_warm`] continues from its result (first hint and
/// incumbent) for the time left. The solution's goal order is the walk's
/// when its schedule is kept, else the portfolio's. With a time limit of
/// 4 s or more the lower bounds and the LP relaxation are computed on a
/// thread of their own beside both and put into the solution when they are
/// done by the deadline
/// (otherwise the thread's answer is dropped when it comes); a shorter
/// re-plan, or one whose bounds are late, reports the critical-path bound.
/// Without a baseline or warm lists, this is [`solve_warm`].
pub fn solve_replan(
    problem: &Problem,
    options: &SolveOptions,
    warm: &WarmStart,
    baseline: Option<&Baseline>,
) -> Solution {
    let started = std::time::Instant::now();
    let Some(baseline) = baseline.filter(|_| !warm.lists.is_empty() && warm.bounds.is_none())
    else {
        let mut solution = solve_warm(problem, options, warm);
        settle_solution(problem, &mut solution, baseline);
        return solution;
    };
    let debug = std::env::var_os("TANDEM_PHASES").is_some();
    let deadline = options.deadline(started);
    // with a work limit the warm search stops on its budget only
    let search_deadline = if options.deterministic() {
        deadline
    } else {
        crate::solve::after(started, options.limit().mul_f64(WARM_SEARCH_SHARE))
    };
    let modes: Vec<usize> = problem
        .activity_ids()
        .map(|a| baseline.mode(problem, a).unwrap_or(usize::MAX))
        .collect();
    let workers = options.workers();
    // as many decodes per worker as the portfolio's genetic search has
    // children (a fixed count: reproducible when no deadline cuts it)
    let evaluations = crate::solve::default_budget(problem.len(), options);
    // the bounds run on a thread of their own (on a long enough re-plan);
    // when they are not done by the deadline the solution goes without them
    // (the thread finishes its bounded work on a copy of the problem and its
    // answer is dropped)
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = if options.effort() < BOUNDS_THREAD_MIN {
        drop(tx);
        Ok(())
    } else {
        let (problem, options) = (problem.clone(), options.clone());
        std::thread::Builder::new()
            .name("tandem-bounds".into())
            .spawn(move || {
                let analysis = crate::graph::Analysis::new(&problem);
                let _ = tx.send(crate::solve::bound(&problem, &analysis, &options, deadline));
            })
            .map(drop)
    };
    if spawned.is_err() {
        let mut solution = solve_warm(problem, options, warm);
        settle_solution(problem, &mut solution, Some(baseline));
        return solution;
    }
    let baseline_order = baseline.goal_permutation(problem);
    let start = search::Start {
        list: &warm.lists[0],
        hints: &warm.lists,
        modes: &modes,
        list_moves: problem.replanning().has_stability_term(),
        order: &baseline_order,
    };
    let mut found = search::search(
        problem,
        &start,
        workers,
        options.seed,
        evaluations,
        search_deadline,
    );
    if debug {
        eprintln!(
            "replan: warm search {:?} at {:?}",
            found.as_ref().map(|f| f.objective),
            started.elapsed()
        );
    }
    // the portfolio runs while the bounds are computed: it gets none (its
    // own critical-path bound still stops it early), the real ones are put
    // in when both are done
    let mut warm = warm.clone();
    warm.bounds = Some((LowerBounds::default(), None));
    let walked = found
        .as_mut()
        .map(|f| (f.objective, std::mem::take(&mut f.order)));
    if let Some(found) = found {
        warm.lists.insert(0, found.list);
        warm.schedules.push(found.schedule);
    }
    let rest = options.rest(1.0 - WARM_SEARCH_SHARE, deadline);
    let mut solution = solve_warm(problem, &rest, &warm);
    // the walk's goal order when its schedule is the one kept
    if let Some((objective, order)) = walked
        && !order.is_empty()
        && (solution.goal_order.is_empty() || solution.objective >= objective - 1e-9)
    {
        solution.goal_order = order.into_iter().map(GoalId::from_index).collect();
    }
    if debug {
        eprintln!(
            "replan: portfolio {} at {:?}",
            solution.objective,
            started.elapsed()
        );
    }
    let wait = deadline.saturating_duration_since(std::time::Instant::now());
    match rx.recv_timeout(wait) {
        Ok((mut bounds, relaxation)) => {
            if debug {
                eprintln!("replan: bounds in at {:?}", started.elapsed());
            }
            bounds.milp = bounds.milp.max(solution.bounds.milp);
            if solution.status == Status::Optimal || solution.objective <= bounds.best() + 1e-9 {
                solution.status = Status::Optimal;
                bounds.milp = bounds.milp.max(solution.objective);
            }
            solution.bounds = bounds;
            solution.bottlenecks = relaxation.map(|r| r.bottlenecks).unwrap_or_default();
        }
        Err(_) => {
            // not computed, or not done in time: the critical path is
            let analysis = crate::graph::Analysis::new(problem);
            solution.bounds.critical_path = crate::solve::critical_path_bound(problem, &analysis);
            if debug {
                eprintln!("replan: no bounds by the deadline (critical path)");
            }
        }
    }
    settle_solution(problem, &mut solution, Some(baseline));
    solution.seconds = started.elapsed().as_secs_f64();
    solution
}

/// Undoes a solution's needless moves against the baseline ([`settle`]):
/// the settled schedule replaces it when the independent checker accepts it
/// and its objective is not worse.
pub fn settle_solution(problem: &Problem, solution: &mut Solution, baseline: Option<&Baseline>) {
    let Some(baseline) = baseline else { return };
    let settled = settle(problem, &solution.schedule, baseline);
    if let Ok(report) = settled.check(problem)
        && report.objective <= solution.objective + 1e-9
    {
        solution.schedule = settled;
        solution.objective = report.objective;
    }
}
