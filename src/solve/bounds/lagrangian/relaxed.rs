//! The relaxed problem on days (parent docs, sections 2-4 and 8): the jobs
//! (kept activities, their finishes and milestones), their windows, usable
//! runs, the precedences it keeps, and the free capacity.

use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId, Objective, Problem};
use crate::schedule::Schedule;
use crate::solve::bounds::{LowerBounds, window_bounds};
use crate::solve::lp::time_indexed::deadlines::{Cut, bounded_deadlines};
use crate::solve::lp::time_indexed::{fits, is_integral};

/// Latest day the relaxation represents (larger windows are declined).
const MAX_DAY: u64 = 1 << 22;

/// One mode of a kept activity with the days it may start in it.
#[derive(Clone, Debug)]
pub(super) struct Run {
    /// Duration.
    pub(super) duration: u32,
    /// `(resource, amount)` with `amount > 0`.
    pub(super) demands: Vec<(usize, u32)>,
    /// Mode index (kept for debugging output).
    #[allow(dead_code)]
    pub(super) mode: usize,
    /// `ok[t - first]`: the mode may start on day `t` of the job's window
    /// (it fits the capacity and finishes by the deadline).
    pub(super) ok: Vec<bool>,
}

/// What a job stands for.
#[derive(Clone, Debug)]
pub(super) enum Kind {
    /// A kept (non-pinned) activity and its usable runs.
    Activity(ActivityId, Vec<Run>),
    /// The finish day `C_j` of the kept activity whose job is `start`
    /// (parent docs, section 8): at least its start plus its shortest
    /// duration, and finished by `C_j` in its mode by the priced links.
    Finish { start: usize },
    /// A goal (or the project, for the makespan) finishing on the job's
    /// day, at cost `priority * phi(day)`.
    Milestone {
        priority: f64,
        due: Option<u32>,
        weight: f64,
    },
}

/// A chain of the min-cut network: a start (or milestone) day in
/// `first..=last`.
#[derive(Clone, Debug)]
pub(super) struct Job {
    pub(super) kind: Kind,
    pub(super) first: u32,
    /// The window as built (the runs' `ok` are indexed from it).
    pub(super) origin: u32,
    pub(super) last: u32,
}

/// `S_to >= S_from + days` between two jobs.
#[derive(Clone, Copy, Debug)]
pub(super) struct Edge {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) days: i64,
}

/// The relaxed problem on days.
#[derive(Clone, Debug)]
pub(super) struct Days {
    /// Activities first (in a topological order, each followed by its
    /// finish job if it has one: [`Days::finish`]), then milestones: every edge goes from a
    /// lower to a higher index.
    pub(super) jobs: Vec<Job>,
    pub(super) edges: Vec<Edge>,
    /// `free[r][t]`: capacity of `r` on day `t < end` left by pinned activities.
    pub(super) free: Vec<Vec<u64>>,
    /// Every run of every job ends by this day.
    pub(super) end: u32,
    /// The incumbent's last finish.
    pub(super) busy: u32,
    /// The incumbent's objective.
    pub(super) ub: f64,
    /// Every objective value is an integer.
    pub(super) integral: bool,
}

impl Days {
    /// The relaxed problem, `None` for an empty problem, a lateness weight
    /// below -1, windows too long, or an empty window (the incumbent is
    /// then not a feasible schedule of the problem). With `finishes`, every
    /// kept activity whose usable modes differ in duration and that has a
    /// successor or a goal gets a finish job (parent docs, section 8).
    pub(super) fn new(
        problem: &Problem,
        analysis: &Analysis,
        bounds: &LowerBounds,
        incumbent: &Schedule,
        finishes: bool,
    ) -> Option<Self> {
        if problem.is_empty() || incumbent.assignments().len() != problem.len() {
            return None;
        }
        let weight = match problem.objective() {
            Objective::Makespan => 0.0,
            Objective::Weighted { lateness_weight: w } if w.is_finite() && w >= -1.0 => w,
            Objective::Weighted { .. } => return None,
        };
        let ub = incumbent.objective(problem);
        let known = window_bounds(problem, analysis, 0);
        let deadline: Vec<Option<u64>> = if weight >= 0.0 {
            bounded_deadlines(problem, analysis, &known, incumbent, Cut::AtMostIncumbent)?
        } else {
            // no goal deadlines: the horizon bounds some optimal schedule
            vec![Some(problem.horizon()); problem.len()]
        };
        if deadline.iter().flatten().any(|&d| d > MAX_DAY) {
            return None;
        }
        // activities whose finish matters to another job
        let mut followed = vec![matches!(problem.objective(), Objective::Makespan); problem.len()];
        for e in problem.precedences() {
            followed[e.from.index()] = true;
        }
        for g in 0..problem.goals().len() {
            for &a in problem.goal_members(GoalId::from_index(g)) {
                followed[a.index()] = true;
            }
        }
        let mut jobs = Vec::new();
        let mut job_of: Vec<Option<usize>> = vec![None; problem.len()];
        // the job that the activity's successors and goals wait for, and
        // the days they wait after its start job's day
        let mut end_of: Vec<Option<(usize, u32)>> = vec![None; problem.len()];
        let mut edges = Vec::new();
        for &a in &analysis.order {
            let act = problem.activity(a);
            let (Some(d), None) = (deadline[a.index()], act.pin) else {
                continue;
            };
            let d = d as u32;
            let first = known.heads[a.index()];
            let mut runs = Vec::new();
            for (m, mode) in act.modes.iter().enumerate() {
                let Some(last) = d.checked_sub(mode.duration).filter(|&l| l >= first) else {
                    continue;
                };
                let ok: Vec<bool> = (first..=last).map(|t| fits(problem, mode, t)).collect();
                if ok.iter().any(|&b| b) {
                    runs.push(Run {
                        duration: mode.duration,
                        demands: mode
                            .demands
                            .iter()
                            .filter(|x| x.amount > 0)
                            .map(|x| (x.resource.index(), x.amount))
                            .collect(),
                        mode: m,
                        ok,
                    });
                }
            }
            let last = runs.iter().map(|r| first + r.ok.len() as u32 - 1).max()?;
            let short = runs.iter().map(|r| r.duration).min()?;
            let long = runs.iter().map(|r| r.duration).max()?;
            let latest_finish = runs
                .iter()
                .map(|r| first + r.ok.len() as u32 - 1 + r.duration)
                .max()?;
            let job = jobs.len();
            job_of[a.index()] = Some(job);
            end_of[a.index()] = Some((job, short));
            jobs.push(Job {
                kind: Kind::Activity(a, runs),
                first,
                origin: first,
                last,
            });
            if finishes && long > short && followed[a.index()] {
                end_of[a.index()] = Some((job + 1, 0));
                edges.push(Edge {
                    from: job,
                    to: job + 1,
                    days: i64::from(short),
                });
                jobs.push(Job {
                    kind: Kind::Finish { start: job },
                    first: first + short,
                    origin: first + short,
                    last: latest_finish,
                });
            }
        }
        for e in problem.precedences() {
            // edges into pinned or dropped activities are left out
            if let (Some((i, wait)), Some(j)) = (end_of[e.from.index()], job_of[e.to.index()]) {
                edges.push(Edge {
                    from: i,
                    to: j,
                    days: i64::from(wait) + i64::from(e.lag),
                });
            }
        }
        // finish of a member: the pinned finish, or the earliest and
        // latest of a kept one
        let pinned_finish = |a: ActivityId| -> Option<u32> {
            let pin = problem.activity(a).pin?;
            Some(pin.start + problem.activity(a).modes.get(pin.mode)?.duration)
        };
        let mut milestone =
            |members: &[ActivityId], lb: u32, last: u32, priority: f64, due: Option<u32>| {
                let mut first = lb;
                let mut latest = last;
                let job = jobs.len();
                for &a in members {
                    if let Some(f) = pinned_finish(a) {
                        first = first.max(f);
                        latest = latest.max(f);
                    } else if let Some((j, wait)) = end_of[a.index()] {
                        first = first.max(jobs[j].first + wait);
                        edges.push(Edge {
                            from: j,
                            to: job,
                            days: i64::from(wait),
                        });
                    }
                }
                jobs.push(Job {
                    kind: Kind::Milestone {
                        priority,
                        due,
                        weight,
                    },
                    first,
                    origin: first,
                    last: latest,
                });
            };
        match problem.objective() {
            Objective::Makespan => {
                let all: Vec<ActivityId> = problem.activity_ids().collect();
                let lb = bounds.makespan.max(analysis.makespan_bound);
                let last = incumbent.makespan(problem);
                milestone(&all, lb, last, 1.0, None);
            }
            Objective::Weighted { .. } => {
                for (g, goal) in problem.goals().iter().enumerate() {
                    let members = problem.goal_members(GoalId::from_index(g));
                    if members.is_empty() {
                        continue; // finishes on day 0 at cost 0
                    }
                    let lb = bounds.goal_finish.get(g).copied().unwrap_or(0);
                    let last = members
                        .iter()
                        .filter_map(|a| deadline[a.index()])
                        .max()
                        .unwrap_or(MAX_DAY) as u32;
                    milestone(members, lb, last, goal.priority, goal.due);
                }
            }
        }
        tighten(&mut jobs, &edges)?;
        trim_runs(&mut jobs);
        let end = jobs
            .iter()
            .map(|j| match &j.kind {
                Kind::Activity(_, runs) => {
                    j.last + runs.iter().map(|r| r.duration).max().unwrap_or(0)
                }
                Kind::Finish { .. } | Kind::Milestone { .. } => j.last,
            })
            .max()
            .unwrap_or(0)
            + 1;
        Some(Self {
            jobs,
            edges,
            free: free_capacity(problem, end),
            end,
            busy: incumbent.makespan(problem),
            ub,
            integral: is_integral(problem),
        })
    }

    /// The finish job of activity job `j`, if it has one.
    pub(super) fn finish(&self, j: usize) -> Option<usize> {
        finish_of(&self.jobs, j)
    }

    /// The start day of the job's window that `ok` indexes from.
    pub(super) fn origin(&self, j: usize) -> u32 {
        self.jobs[j].origin
    }
}

/// Narrows the windows along the edges (forward: earliest days; backward:
/// latest days). `None` when a window becomes empty.
fn tighten(jobs: &mut [Job], edges: &[Edge]) -> Option<()> {
    let mut incoming: Vec<Vec<(usize, i64)>> = vec![Vec::new(); jobs.len()];
    let mut outgoing: Vec<Vec<(usize, i64)>> = vec![Vec::new(); jobs.len()];
    for e in edges {
        incoming[e.to].push((e.from, e.days));
        outgoing[e.from].push((e.to, e.days));
    }
    for j in 0..jobs.len() {
        for &(i, d) in &incoming[j] {
            let at = i64::from(jobs[i].first) + d;
            if at > i64::from(jobs[j].first) {
                jobs[j].first = u32::try_from(at).ok()?;
            }
        }
    }
    for i in (0..jobs.len()).rev() {
        for &(j, d) in &outgoing[i] {
            let at = i64::from(jobs[j].last) - d;
            if at < i64::from(jobs[i].last) {
                jobs[i].last = u32::try_from(at).ok()?;
            }
        }
    }
    jobs.iter().all(|j| j.first <= j.last).then_some(())
}

/// The finish job of job `j`: the job right after it, when that is its
/// finish (parent docs, section 8).
fn finish_of(jobs: &[Job], j: usize) -> Option<usize> {
    matches!(jobs.get(j + 1), Some(Job { kind: Kind::Finish { start }, .. }) if *start == j)
        .then_some(j + 1)
}

/// A run of an activity with a finish job may not start where it would
/// finish after the finish job's latest day (every successor and goal
/// waits for that finish, so no schedule of `F` does it).
fn trim_runs(jobs: &mut [Job]) {
    for j in 0..jobs.len() {
        let Some(f) = finish_of(jobs, j) else {
            continue;
        };
        let latest = jobs[f].last;
        let origin = jobs[j].origin;
        if let Kind::Activity(_, runs) = &mut jobs[j].kind {
            for run in runs {
                for (i, ok) in run.ok.iter_mut().enumerate() {
                    if origin + i as u32 + run.duration > latest {
                        *ok = false;
                    }
                }
            }
        }
    }
}

/// `free[r][t]` for `t < end`: `cap_r(t)` minus the pinned activities' use.
fn free_capacity(problem: &Problem, end: u32) -> Vec<Vec<u64>> {
    let mut free: Vec<Vec<u64>> = problem
        .resources()
        .iter()
        .map(|r| (0..end).map(|t| u64::from(r.capacity.at(t))).collect())
        .collect();
    for act in problem.activities() {
        let Some(pin) = act.pin else { continue };
        let Some(mode) = act.modes.get(pin.mode) else {
            continue;
        };
        for d in &mode.demands {
            let row = &mut free[d.resource.index()];
            for t in pin.start..pin.start.saturating_add(mode.duration).min(end) {
                row[t as usize] = row[t as usize].saturating_sub(u64::from(d.amount));
            }
        }
    }
    free
}
