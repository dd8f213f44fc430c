//! What moved between two schedules: `diff.csv` and the goal-level summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Schedule;
use crate::model::{Mode, Problem};

/// The teams a task runs on, each with its people, in the order of the
/// task's alternative (`schedule.csv`'s `team` and `people`: `backend` and
/// `2`, or `backend+qa` and `2+1` for a task on several teams at once).
/// Milestones have 0 people on each team.
///
/// ```
/// use tandem::schedule::Crew;
/// let crew = Crew(vec![("backend".into(), 2), ("qa".into(), 1)]);
/// assert_eq!((crew.team(), crew.people()), ("backend+qa".to_string(), "2+1".to_string()));
/// assert_eq!(Crew::single("web", 3).people(), "3");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Crew(pub Vec<(String, u32)>);

impl Crew {
    /// One team with `people`.
    pub fn single(team: impl Into<String>, people: u32) -> Self {
        Self(vec![(team.into(), people)])
    }

    /// The crew of a mode of `problem`: its demands in order (0 people
    /// for a milestone).
    pub fn of_mode(problem: &Problem, mode: &Mode) -> Self {
        Self(
            mode.demands
                .iter()
                .map(|d| {
                    let team = problem
                        .resources()
                        .get(d.resource.index())
                        .map_or_else(String::new, |r| r.id.clone());
                    (team, if mode.duration == 0 { 0 } else { d.amount })
                })
                .collect(),
        )
    }

    /// The `team` cell: the team ids joined by `+`.
    pub fn team(&self) -> String {
        let ids: Vec<&str> = self.teams().collect();
        ids.join("+")
    }

    /// The `people` cell: the crews joined by `+` (`0` without a team).
    pub fn people(&self) -> String {
        if self.0.is_empty() {
            return "0".into();
        }
        let people: Vec<String> = self.0.iter().map(|(_, k)| k.to_string()).collect();
        people.join("+")
    }

    /// The team ids, in order.
    pub fn teams(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(t, _)| t.as_str())
    }

    /// True when both crews are on the same teams (in any order).
    pub fn same_teams(&self, other: &Crew) -> bool {
        fn sorted(c: &Crew) -> Vec<&str> {
            let mut ids: Vec<&str> = c.teams().collect();
            ids.sort_unstable();
            ids
        }
        sorted(self) == sorted(other)
    }
}

/// One row of a plan's `schedule.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleRow {
    /// Task id.
    pub task: String,
    /// Goal id (empty when none).
    pub goal: String,
    /// Its teams and people (`team` and `people`).
    pub crew: Crew,
    /// Start day.
    pub start: u32,
    /// Finish day (exclusive).
    pub finish: u32,
}

/// The rows `schedule.csv` would have for `schedule`, in activity order.
pub fn schedule_rows(problem: &Problem, schedule: &Schedule) -> Vec<ScheduleRow> {
    problem
        .activity_ids()
        .map(|a| {
            let act = problem.activity(a);
            ScheduleRow {
                task: act.id.clone(),
                goal: act
                    .goal
                    .map_or_else(String::new, |g| problem.goal(g).id.clone()),
                crew: Crew::of_mode(problem, schedule.mode(problem, a)),
                start: schedule.start(a),
                finish: schedule.finish(problem, a),
            }
        })
        .collect()
}

/// A task whose start or team differs between two schedules (or that only
/// one of them has).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskChange {
    /// Task id.
    pub task: String,
    /// Teams and people in the old schedule (`None`: not in it).
    pub old_crew: Option<Crew>,
    /// Teams and people in the new schedule (`None`: not in it).
    pub new_crew: Option<Crew>,
    /// Start in the old schedule.
    pub old_start: Option<u32>,
    /// Start in the new schedule.
    pub new_start: Option<u32>,
    /// The task's goal (the new schedule's, else the old one's; empty: none).
    pub goal: String,
}

impl TaskChange {
    /// `new_start - old_start` (positive: later), when both exist.
    pub fn shift(&self) -> Option<i64> {
        Some(i64::from(self.new_start?) - i64::from(self.old_start?))
    }

    /// True when the task is in both schedules on other teams.
    pub fn changed_team(&self) -> bool {
        match (&self.old_crew, &self.new_crew) {
            (Some(o), Some(n)) => !o.same_teams(n),
            _ => false,
        }
    }
}

/// A goal's finish in two schedules (the largest finish of its tasks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalShift {
    /// Goal id.
    pub goal: String,
    /// Finish in the old schedule (`None`: no task of it there).
    pub old_finish: Option<u32>,
    /// Finish in the new schedule.
    pub new_finish: Option<u32>,
    /// Why it moved, in words, when one can be given
    /// ([`Diff::explain`]): a priority change, progress, or another goal
    /// now ahead of it (or behind it) on the same team.
    pub cause: Option<String>,
}

impl GoalShift {
    /// `new_finish - old_finish` (positive: later), when both exist.
    pub fn shift(&self) -> Option<i64> {
        Some(i64::from(self.new_finish?) - i64::from(self.old_finish?))
    }
}

/// The difference between two schedules, task by task and goal by goal.
///
/// ```
/// use tandem::{Diff, ScheduleRow};
/// use tandem::schedule::Crew;
/// let row = |task: &str, team: &str, start: u32| ScheduleRow {
///     task: task.into(), goal: "g".into(), crew: Crew::single(team, 1), start, finish: start + 2,
/// };
/// let old = vec![row("a", "backend", 0), row("b", "backend", 2)];
/// let new = vec![row("a", "backend", 0), row("b", "web", 5)];
/// let diff = Diff::between(&old, &new);
/// assert_eq!(diff.tasks.len(), 1);
/// assert_eq!(diff.tasks[0].shift(), Some(3));
/// assert_eq!(diff.goals[0].shift(), Some(3));
/// assert_eq!(
///     diff.to_csv(),
///     "task,old_team,new_team,old_start,new_start,shift,goal,old_people,new_people\nb,backend,web,2,5,3,g,1,1\n"
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Tasks whose start or team changed, added or removed, by task id.
    pub tasks: Vec<TaskChange>,
    /// Every goal of either schedule, by goal id.
    pub goals: Vec<GoalShift>,
}

impl Diff {
    /// Compares two schedules' rows (matched by task id).
    pub fn between(old: &[ScheduleRow], new: &[ScheduleRow]) -> Self {
        let old_by: BTreeMap<&str, &ScheduleRow> =
            old.iter().map(|r| (r.task.as_str(), r)).collect();
        let new_by: BTreeMap<&str, &ScheduleRow> =
            new.iter().map(|r| (r.task.as_str(), r)).collect();
        let mut ids: Vec<&str> = old_by.keys().chain(new_by.keys()).copied().collect();
        ids.sort_unstable();
        ids.dedup();
        let tasks = ids
            .into_iter()
            .filter_map(|id| {
                let (o, n) = (old_by.get(id), new_by.get(id));
                if let (Some(o), Some(n)) = (o, n)
                    && o.start == n.start
                    && o.crew.same_teams(&n.crew)
                {
                    return None;
                }
                Some(TaskChange {
                    task: id.to_string(),
                    old_crew: o.map(|r| r.crew.clone()),
                    new_crew: n.map(|r| r.crew.clone()),
                    old_start: o.map(|r| r.start),
                    new_start: n.map(|r| r.start),
                    goal: n.or(o).map(|r| r.goal.clone()).unwrap_or_default(),
                })
            })
            .collect();
        let finishes = |rows: &[ScheduleRow]| {
            let mut m: BTreeMap<String, u32> = BTreeMap::new();
            for r in rows.iter().filter(|r| !r.goal.is_empty()) {
                let f = m.entry(r.goal.clone()).or_insert(0);
                *f = (*f).max(r.finish);
            }
            m
        };
        let (fo, fnew) = (finishes(old), finishes(new));
        let mut goal_ids: Vec<&String> = fo.keys().chain(fnew.keys()).collect();
        goal_ids.sort_unstable();
        goal_ids.dedup();
        let goals = goal_ids
            .into_iter()
            .map(|g| GoalShift {
                goal: g.clone(),
                old_finish: fo.get(g).copied(),
                new_finish: fnew.get(g).copied(),
                cause: None,
            })
            .collect();
        Self { tasks, goals }
    }

    /// Gives each goal that moved its cause in words, when one can be
    /// given, in this order: its priority changed (`old_priorities`, by
    /// goal id, e.g. the baseline's `goals.csv`); progress was recorded on
    /// its tasks (done or started, in `problem`); a goal of higher priority
    /// that now finishes earlier shares a team with it (it is behind that
    /// goal), or, for a goal that finishes earlier, a goal that now
    /// finishes later shares a team with it (that goal made room).
    /// `problem` is the re-planned problem (the new schedule's).
    pub fn explain(&mut self, problem: &Problem, old_priorities: &BTreeMap<String, f64>) {
        let goal_of = |id: &str| problem.goals().iter().find(|g| g.id == id);
        // the teams each goal's tasks use in either schedule
        let mut teams: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for t in &self.tasks {
            let list = teams.entry(t.goal.as_str()).or_default();
            list.extend(t.old_crew.iter().chain(&t.new_crew).flat_map(Crew::teams));
        }
        let share = |a: &str, b: &str| {
            let (Some(x), Some(y)) = (teams.get(a), teams.get(b)) else {
                return false;
            };
            x.iter().any(|t| y.contains(t))
        };
        let progressed = |id: &str| {
            problem.activity_ids().any(|a| {
                let act = problem.activity(a);
                act.goal.is_some_and(|g| problem.goal(g).id == id)
                    && (problem.replanning().is_done(a) || act.pin.is_some())
            })
        };
        // a goal whose priority rose and which (transitively) needs `id`
        let raised_dependant = |id: &str| -> Option<String> {
            let target = problem.goals().iter().position(|g| g.id == id)?;
            problem.goals().iter().find_map(|g| {
                let rose = old_priorities.get(&g.id).is_some_and(|&o| g.priority > o);
                let mut stack: Vec<usize> = g.depends_on.iter().map(|d| d.index()).collect();
                let mut seen = vec![false; problem.goals().len()];
                while let Some(x) = stack.pop() {
                    if x == target {
                        return rose.then(|| g.id.clone());
                    }
                    if !std::mem::replace(&mut seen[x], true) {
                        stack.extend(problem.goals()[x].depends_on.iter().map(|d| d.index()));
                    }
                }
                None
            })
        };
        let shifts: Vec<(String, i64, f64)> = self
            .goals
            .iter()
            .filter_map(|g| {
                let p = goal_of(&g.goal).map_or(0.0, |x| x.priority);
                Some((g.goal.clone(), g.shift().filter(|&d| d != 0)?, p))
            })
            .collect();
        for g in &mut self.goals {
            let Some(d) = g.shift().filter(|&d| d != 0) else {
                continue;
            };
            let new = goal_of(&g.goal).map(|x| x.priority);
            let old = old_priorities.get(&g.goal).copied();
            g.cause = match (old, new) {
                (Some(o), Some(n)) if o != n => {
                    Some(format!("its priority changed {} -> {}", number(o), number(n)))
                }
                _ if progressed(&g.goal) => Some("progress was recorded on its tasks".into()),
                _ if d < 0 && let Some(up) = raised_dependant(&g.goal) => {
                    Some(format!("`{up}` needs it first, and its priority rose"))
                }
                _ if d > 0 => shifts
                    .iter()
                    .filter(|(o, od, op)| {
                        *od < 0 && *o != g.goal && *op >= new.unwrap_or(0.0) && share(o, &g.goal)
                    })
                    .max_by(|a, b| a.2.total_cmp(&b.2))
                    .map(|(o, _, op)| {
                        format!(
                            "behind `{o}` (priority {}), which now finishes earlier on a team they share",
                            number(*op)
                        )
                    }),
                _ => shifts
                    .iter()
                    .filter(|(o, od, _)| *od > 0 && *o != g.goal && share(o, &g.goal))
                    .min_by(|a, b| a.2.total_cmp(&b.2))
                    .map(|(o, _, _)| format!("room made by `{o}`, which now finishes later")),
            };
        }
    }

    /// Keeps only the tasks `keep` accepts (e.g. not done).
    pub fn retain_tasks(&mut self, keep: impl Fn(&TaskChange) -> bool) {
        self.tasks.retain(keep);
    }

    /// `diff.csv`: `task,old_team,new_team,old_start,new_start,shift,goal,
    /// old_people,new_people`, one row per changed task (empty cells where a
    /// schedule lacks the task).
    pub fn to_csv(&self) -> String {
        let mut s = String::from(
            "task,old_team,new_team,old_start,new_start,shift,goal,old_people,new_people\n",
        );
        let opt = |x: Option<String>| x.unwrap_or_default();
        let num = |x: Option<u32>| x.map_or(String::new(), |x| x.to_string());
        let team = |c: &Option<Crew>| opt(c.as_ref().map(Crew::team));
        let people = |c: &Option<Crew>| opt(c.as_ref().map(Crew::people));
        for t in &self.tasks {
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{}",
                csv_cell(&t.task),
                csv_cell(&team(&t.old_crew)),
                csv_cell(&team(&t.new_crew)),
                num(t.old_start),
                num(t.new_start),
                opt(t.shift().map(|x| x.to_string())),
                csv_cell(&t.goal),
                people(&t.old_crew),
                people(&t.new_crew),
            );
        }
        s
    }

    /// The changed tasks for a planner, at most `most` lines (biggest
    /// shifts first, then by id) and a count of the rest: `  api (sso):
    /// day 4 -> 9 (+5), backend -> web`.
    pub fn task_lines(&self, most: usize) -> String {
        let mut tasks: Vec<&TaskChange> = self.tasks.iter().collect();
        tasks.sort_by_key(|t| {
            (
                std::cmp::Reverse(t.shift().map_or(i64::MAX, i64::abs)),
                &t.task,
            )
        });
        let mut s = String::new();
        for t in tasks.iter().take(most) {
            let goal = if t.goal.is_empty() {
                String::new()
            } else {
                format!(" ({})", t.goal)
            };
            let when = match (t.old_start, t.new_start, t.shift()) {
                (Some(o), Some(n), Some(d)) if d != 0 => format!("day {o} -> {n} ({d:+})"),
                (Some(o), Some(_), _) => format!("day {o}"),
                (None, Some(n), _) => format!("new, day {n}"),
                (Some(o), None, _) => format!("removed (was day {o})"),
                (None, None, _) => String::new(),
            };
            let team = match (&t.old_crew, &t.new_crew) {
                (Some(o), Some(n)) if t.changed_team() => {
                    format!(", {} -> {}", o.team(), n.team())
                }
                _ => String::new(),
            };
            let _ = writeln!(s, "  {}{goal}: {when}{team}", t.task);
        }
        if tasks.len() > most {
            let _ = writeln!(
                s,
                "  ... and {} more (diff.csv has them all)",
                tasks.len() - most
            );
        }
        s
    }

    /// The goal-level summary: how many tasks moved, which goals finish
    /// earlier or later and by how much.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let moved = self.tasks.iter().filter(|t| t.shift() != Some(0)).count();
        let reteamed = self.tasks.iter().filter(|t| t.changed_team()).count();
        let _ = writeln!(
            s,
            "{} task{} changed ({moved} moved, {reteamed} changed team)",
            self.tasks.len(),
            if self.tasks.len() == 1 { "" } else { "s" }
        );
        let earlier: Vec<&GoalShift> = self
            .goals
            .iter()
            .filter(|g| g.shift().is_some_and(|x| x < 0))
            .collect();
        let later: Vec<&GoalShift> = self
            .goals
            .iter()
            .filter(|g| g.shift().is_some_and(|x| x > 0))
            .collect();
        let unchanged = self.goals.iter().filter(|g| g.shift() == Some(0)).count();
        let _ = writeln!(
            s,
            "goals: {} earlier, {} later, {unchanged} unchanged",
            earlier.len(),
            later.len()
        );
        for g in earlier.iter().chain(&later) {
            let (Some(o), Some(n), Some(d)) = (g.old_finish, g.new_finish, g.shift()) else {
                continue;
            };
            let cause = g.cause.as_ref().map_or(String::new(), |c| format!("; {c}"));
            let _ = writeln!(
                s,
                "  {}: day {o} -> {n} ({} day{} {}{cause})",
                g.goal,
                d.abs(),
                if d.abs() == 1 { "" } else { "s" },
                if d < 0 { "earlier" } else { "later" }
            );
        }
        for g in &self.goals {
            match (g.old_finish, g.new_finish) {
                (None, Some(n)) => {
                    let _ = writeln!(s, "  {}: new, finishes on day {n}", g.goal);
                }
                (Some(o), None) => {
                    let _ = writeln!(s, "  {}: removed (finished on day {o})", g.goal);
                }
                _ => {}
            }
        }
        s
    }
}

/// What a re-plan changed and what it bought: the baseline scored under the
/// new inputs against the re-plan, and how many tasks moved for it
/// (`summary.json`'s `replan`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ReplanSummary {
    /// The objective of keeping the baseline under the new inputs (the
    /// baseline schedule, each task moved only where it no longer fits:
    /// progress, today, a dependency or a team's capacity), stability term
    /// excluded; `None` when the baseline could not be scored.
    pub baseline_objective: Option<f64>,
    /// The re-plan's objective, stability term excluded.
    pub objective: f64,
    /// The re-plan's stability term (`stability_weight * sum |shift|`).
    pub stability_term: f64,
    /// Tasks whose start or team changed (done tasks left out).
    pub moved_tasks: usize,
    /// The least gain the moves had to bring, as a share of the objective.
    pub min_gain: f64,
}

impl ReplanSummary {
    /// The re-plan against keeping the baseline, in per cent of the
    /// baseline's objective (negative: better).
    pub fn change_percent(&self) -> Option<f64> {
        let base = self.baseline_objective?;
        (base != 0.0).then(|| 100.0 * (self.objective - base) / base.abs())
    }

    /// One line for a planner: what keeping the baseline would score, what
    /// the re-plan scores, and how many tasks moved for the difference.
    ///
    /// ```
    /// use tandem::schedule::ReplanSummary;
    /// let r = ReplanSummary {
    ///     baseline_objective: Some(5017.0),
    ///     objective: 4987.0,
    ///     stability_term: 0.0,
    ///     moved_tasks: 82,
    ///     min_gain: 0.005,
    /// };
    /// assert_eq!(
    ///     r.line(),
    ///     "keeping the baseline scores 5017 under the new inputs, the re-plan 4987 (-0.60 %), moving 82 tasks (moves had to gain at least 0.5 %)"
    /// );
    /// ```
    pub fn line(&self) -> String {
        let base = match self.baseline_objective {
            Some(b) => format!("keeping the baseline scores {}", number(b)),
            None => "the baseline could not be scored".to_string(),
        };
        let change = self
            .change_percent()
            .map_or(String::new(), |c| format!(" ({c:+.2} %)"));
        let stability = if self.stability_term > 0.0 {
            format!(
                " plus {} for the stability term",
                number(self.stability_term)
            )
        } else {
            String::new()
        };
        format!(
            "{base} under the new inputs, the re-plan {}{stability}{change}, moving {} task{} (moves had to gain at least {} %)",
            number(self.objective),
            self.moved_tasks,
            if self.moved_tasks == 1 { "" } else { "s" },
            number(100.0 * self.min_gain)
        )
    }
}

/// A number as a planner reads it: no trailing zeros, at most 2 decimals.
fn number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Quotes a CSV cell when needed.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests;
