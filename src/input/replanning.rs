//! Reading `progress.csv` and a baseline `schedule.csv`, with full
//! validation: every problem at once, with file, line, column and value.

use std::collections::BTreeMap;
use std::path::Path;

use super::csv_table::{Row, Table};
use super::suggest::{Suggester, Suggestions};
use crate::error::{InputError, InputIssue, InputIssueKind, Location};
use crate::model::{ActivityId, Date, GoalId, MAX_HORIZON, Problem, ResourceId, WorkDays};
use crate::replan::{Progress, TaskProgress};
use crate::schedule::ScheduleRow;

/// Reads the file into a table, or the issue why not.
fn load(path: &Path, issues: &mut Vec<InputIssue>) -> Option<Table> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let table = Table::parse(path, &bytes, issues);
            if table.is_none() {
                issues.push(InputIssue {
                    location: Location::file(path),
                    kind: InputIssueKind::EmptyFile,
                });
            }
            table
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            issues.push(InputIssue {
                location: Location::file(path),
                kind: InputIssueKind::MissingFile,
            });
            None
        }
        Err(e) => {
            issues.push(InputIssue {
                location: Location::file(path),
                kind: InputIssueKind::Unreadable(e.to_string()),
            });
            None
        }
    }
}

fn finish<T>(value: T, mut issues: Vec<InputIssue>) -> Result<T, InputError> {
    if issues.is_empty() {
        Ok(value)
    } else {
        issues.sort_by_key(|i| i.location.line.unwrap_or(0));
        Err(InputError { issues })
    }
}

/// An integer `>= 0` that fits in `u32`.
fn count(text: &str) -> Result<u32, InputIssueKind> {
    text.parse::<u32>().map_err(|_| InputIssueKind::BadNumber {
        value: text.into(),
        expected: "an integer >= 0",
    })
}

/// A day number, or an ISO date when the plan has a start date.
fn day(text: &str, work_days: Option<&WorkDays>) -> Result<u32, InputIssueKind> {
    if let Ok(v) = text.parse::<u32>() {
        return Ok(v);
    }
    match (text.parse::<Date>(), work_days) {
        (Ok(date), Some(wd)) => wd.day_of(date).ok_or(InputIssueKind::DateBeforeStart {
            value: text.into(),
            start: wd.start().to_string(),
        }),
        (Ok(_), None) => Err(InputIssueKind::DateWithoutStart { value: text.into() }),
        (Err(_), _) => Err(InputIssueKind::BadDay {
            value: text.into(),
            hint: String::new(),
        }),
    }
}

/// Reads and validates `progress.csv` (`task,status[,start,team,people]`;
/// see FORMAT.md) against `problem` (the plan as written). Reported, all at
/// once: unknown or repeated tasks, a status other than `done`/`started`, a
/// started task without start, team or people, a start after `today`, a
/// team that is unknown or not eligible for the task, a crew outside
/// `min_people..=max_people` or above the team's capacity (a milestone takes
/// 0 people), a done task with a predecessor that is not done. Days are day numbers, or dates with the plan's start date.
///
/// ```
/// use std::path::Path;
/// use tandem::{PlanOptions, read_plan, read_progress};
/// let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/replan/small");
/// let plan = read_plan(&dir, &PlanOptions::default()).unwrap();
/// let progress = read_progress(&dir.join("progress.csv"), &plan, 6).unwrap();
/// assert_eq!(progress.tasks.len(), 4);
/// let err = read_progress(&dir.join("progress.csv"), &plan, 1).unwrap_err();
/// assert!(err.to_string().contains("after today"));
/// ```
pub fn read_progress(path: &Path, problem: &Problem, today: u32) -> Result<Progress, InputError> {
    let mut issues = Vec::new();
    let table = load(path, &mut issues);
    progress_from(table, problem, today, issues)
}

/// [`read_progress`] of a file's content (`path` names it in messages;
/// e.g. the `progress.csv` of an imported MS Project file).
pub fn read_progress_bytes(
    path: &Path,
    bytes: &[u8],
    problem: &Problem,
    today: u32,
) -> Result<Progress, InputError> {
    let mut issues = Vec::new();
    let table = Table::parse(path, bytes, &mut issues);
    progress_from(table, problem, today, issues)
}

fn progress_from(
    table: Option<Table>,
    problem: &Problem,
    today: u32,
    mut issues: Vec<InputIssue>,
) -> Result<Progress, InputError> {
    let Some(table) = table else {
        return finish(Progress::default(), issues);
    };
    let task_col = table.require("task", &mut issues);
    let status_col = table.require("status", &mut issues);
    let (start_col, team_col, people_col) = (
        table.column("start"),
        table.column("team"),
        table.column("people"),
    );
    if task_col.is_none() || status_col.is_none() {
        return finish(Progress::default(), issues);
    }
    let tasks: BTreeMap<&str, usize> = problem
        .activities()
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let task_names = Suggester::new(
        problem
            .activities()
            .iter()
            .map(|a| (a.id.as_str(), a.name.as_deref())),
    );
    let team_names = Suggester::new(
        problem
            .resources()
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_deref())),
    );
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut progress = Progress::default();
    for row in &table.rows {
        let mut issue = |column: &str, kind: InputIssueKind| {
            issues.push(InputIssue {
                location: table.cell(row.line, column),
                kind,
            });
        };
        let task = match row.get(task_col) {
            None => {
                issue("task", InputIssueKind::MissingValue);
                None
            }
            Some(id) => {
                if let Some(&first_line) = seen.get(id) {
                    issue(
                        "task",
                        InputIssueKind::DuplicateId {
                            what: "task",
                            id: id.into(),
                            first_line,
                        },
                    );
                } else {
                    seen.insert(id.to_string(), row.line);
                }
                match tasks.get(id) {
                    Some(&i) => Some(ActivityId::from_index(i)),
                    None => {
                        let Suggestions { close, known } = task_names.suggest(id);
                        issue(
                            "task",
                            InputIssueKind::UnknownId {
                                what: "task",
                                id: id.into(),
                                suggestions: close,
                                known,
                            },
                        );
                        None
                    }
                }
            }
        };
        let status = row.get(status_col);
        match status {
            None => issue("status", InputIssueKind::MissingValue),
            Some("done") => {
                if let Some(a) = task {
                    progress.set(a, TaskProgress::Done);
                }
            }
            Some("started") => {
                if let Some(p) = started(
                    (problem, &team_names),
                    task,
                    row,
                    today,
                    &mut issue,
                    (start_col, team_col, people_col),
                ) {
                    progress.set(p.0, p.1);
                }
            }
            Some(other) => issue(
                "status",
                InputIssueKind::BadSyntax {
                    value: other.into(),
                    expected: "`done` or `started`",
                },
            ),
        }
    }
    // a done task's predecessors must be done too (FORMAT.md)
    let mut done = vec![false; problem.len()];
    for &(a, p) in &progress.tasks {
        done[a.index()] = p == TaskProgress::Done;
    }
    for a in problem.activity_ids().filter(|a| done[a.index()]) {
        let id = &problem.activity(a).id;
        let line = seen.get(id.as_str()).copied().unwrap_or(0);
        for &(q, _) in problem.predecessors(a) {
            if !done[q.index()] {
                issues.push(InputIssue {
                    location: table.cell(line, "status"),
                    kind: InputIssueKind::DoneBeforePredecessor {
                        task: id.clone(),
                        predecessor: problem.activity(q).id.clone(),
                    },
                });
            }
        }
    }
    finish(progress, issues)
}

type Cols = (
    Option<crate::input::csv_table::Col>,
    Option<crate::input::csv_table::Col>,
    Option<crate::input::csv_table::Col>,
);

/// Validates the start, team and crew of a started task.
fn started(
    (problem, team_names): (&Problem, &Suggester<'_>),
    task: Option<ActivityId>,
    row: &Row,
    today: u32,
    issue: &mut impl FnMut(&str, InputIssueKind),
    (start_col, team_col, people_col): Cols,
) -> Option<(ActivityId, TaskProgress)> {
    let start = match row.get(start_col) {
        None => {
            issue("start", InputIssueKind::MissingValue);
            None
        }
        Some(text) => match day(text, problem.work_days()) {
            Ok(s) if s > today => {
                issue(
                    "start",
                    InputIssueKind::OutOfRange {
                        value: text.into(),
                        rule: format!(
                            "a started task cannot start after today (day {today}; set it with --today)"
                        ),
                    },
                );
                None
            }
            Ok(s) => Some(s),
            Err(kind) => {
                issue("start", kind);
                None
            }
        },
    };
    let team = match row.get(team_col) {
        None => {
            issue("team", InputIssueKind::MissingValue);
            None
        }
        Some(id) => match problem.resources().iter().position(|r| r.id == id) {
            Some(r) => Some((ResourceId::from_index(r), id)),
            None => {
                let Suggestions { close, known } = team_names.suggest(id);
                issue(
                    "team",
                    InputIssueKind::UnknownId {
                        what: "team",
                        id: id.into(),
                        suggestions: close,
                        known,
                    },
                );
                None
            }
        },
    };
    let people = match row.get(people_col) {
        None => {
            issue("people", InputIssueKind::MissingValue);
            None
        }
        Some(text) => match count(text) {
            Ok(k) => Some((k, text)),
            Err(kind) => {
                issue("people", kind);
                None
            }
        },
    };
    let a = task?;
    let act = problem.activity(a);
    let spec = act.spec.as_ref()?;
    let (team, team_id) = team?;
    let Some(&(_, effort)) = spec.efforts.iter().find(|e| e.0 == team) else {
        let eligible: Vec<&str> = spec
            .efforts
            .iter()
            .map(|e| problem.resource(e.0).id.as_str())
            .collect();
        issue(
            "team",
            InputIssueKind::Format(format!(
                "team `{team_id}` is not eligible for task `{}` (eligible: {})",
                act.id,
                eligible.join(", ")
            )),
        );
        return None;
    };
    let (people, text) = people?;
    let capacity = problem.resource(team).capacity.base();
    let rule = if effort <= 0.0 {
        (people != 0).then(|| format!("task `{}` is a milestone: it takes 0 people", act.id))
    } else if people < spec.min_people || people > spec.max_people {
        Some(format!(
            "task `{}` takes {} to {} people",
            act.id, spec.min_people, spec.max_people
        ))
    } else if people > capacity {
        Some(format!("team `{team_id}` has {capacity} people"))
    } else {
        None
    };
    if let Some(rule) = rule {
        issue(
            "people",
            InputIssueKind::OutOfRange {
                value: text.into(),
                rule,
            },
        );
        return None;
    }
    Some((
        a,
        TaskProgress::Started {
            start: start?,
            team,
            people,
        },
    ))
}

/// Reads a plan's `schedule.csv` (as tandem writes it: `task,goal,team,
/// people,start,finish`; `task`, `team` and `start` are required, `finish`
/// defaults to `start`, `people` to 0; days are at most [`MAX_HORIZON`], as
/// in every schedule tandem can write). Every problem is reported at once.
pub fn read_schedule_rows(path: &Path) -> Result<Vec<ScheduleRow>, InputError> {
    read_schedule_rows_with_lines(path).map(|rows| rows.into_iter().map(|(_, r)| r).collect())
}

/// [`read_schedule_rows`], each row with its line in the file (for
/// messages about it, e.g. [`ReplanWarning`](crate::replan::ReplanWarning)s).
pub fn read_schedule_rows_with_lines(path: &Path) -> Result<Vec<(u64, ScheduleRow)>, InputError> {
    let mut issues = Vec::new();
    let Some(table) = load(path, &mut issues) else {
        return finish(Vec::new(), issues);
    };
    let task_col = table.require("task", &mut issues);
    let team_col = table.require("team", &mut issues);
    let start_col = table.require("start", &mut issues);
    let (goal_col, people_col, finish_col) = (
        table.column("goal"),
        table.column("people"),
        table.column("finish"),
    );
    if task_col.is_none() || team_col.is_none() || start_col.is_none() {
        return finish(Vec::new(), issues);
    }
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut rows = Vec::new();
    for row in &table.rows {
        let mut issue = |column: &str, kind: InputIssueKind| {
            issues.push(InputIssue {
                location: table.cell(row.line, column),
                kind,
            });
        };
        let mut number = |column: &str, text: Option<&str>, default: Option<u32>| match text {
            None => {
                if default.is_none() {
                    issue(column, InputIssueKind::MissingValue);
                }
                default
            }
            Some(t) => match count(t) {
                // a day past any horizon: no schedule of tandem's, and a
                // warm start from it would overflow
                Ok(v) if column != "people" && u64::from(v) > MAX_HORIZON => {
                    issue(
                        column,
                        InputIssueKind::OutOfRange {
                            value: t.into(),
                            rule: format!("a day must be at most {MAX_HORIZON}"),
                        },
                    );
                    None
                }
                Ok(v) => Some(v),
                Err(kind) => {
                    issue(column, kind);
                    None
                }
            },
        };
        let start = number("start", row.get(start_col), None);
        let people = number("people", row.get(people_col), Some(0));
        let fin = number("finish", row.get(finish_col), start.or(Some(0)));
        let task = row.get(task_col);
        let team = row.get(team_col);
        if task.is_none() {
            issue("task", InputIssueKind::MissingValue);
        }
        if let Some(t) = task {
            if let Some(&first_line) = seen.get(t) {
                issue(
                    "task",
                    InputIssueKind::DuplicateId {
                        what: "task",
                        id: t.into(),
                        first_line,
                    },
                );
            } else {
                seen.insert(t.to_string(), row.line);
            }
        }
        if let (Some(task), Some(start), Some(people), Some(fin)) = (task, start, people, fin) {
            let read = ScheduleRow {
                task: task.to_string(),
                goal: row.get(goal_col).unwrap_or_default().to_string(),
                team: team.unwrap_or_default().to_string(),
                people,
                start,
                finish: fin,
            };
            rows.push((row.line, read));
        }
    }
    finish(rows, issues)
}

/// The goal priorities of a plan's `goals.csv` as tandem writes it
/// (`goal,priority,...`), by goal id: what a re-plan compares the new
/// priorities with to say why a goal moved ([`Diff::explain`](crate::Diff::explain)).
/// Rows without a number are left out; a missing column is an error.
pub fn read_goal_priorities(path: &Path) -> Result<BTreeMap<String, f64>, InputError> {
    let mut issues = Vec::new();
    let Some(table) = load(path, &mut issues) else {
        return finish(BTreeMap::new(), issues);
    };
    let (Some(goal), Some(priority)) = (
        table.require("goal", &mut issues),
        table.require("priority", &mut issues),
    ) else {
        return finish(BTreeMap::new(), issues);
    };
    let priorities = table
        .rows
        .iter()
        .filter_map(|row| {
            let p: f64 = row.get(Some(priority))?.parse().ok()?;
            Some((row.get(Some(goal))?.to_string(), p))
        })
        .collect();
    finish(priorities, issues)
}

/// The part of a `summary.json` a re-plan reads.
#[derive(serde::Deserialize)]
struct SummaryGoalOrder {
    /// The goal ids in the order the solve found (see
    /// [`Solution::goal_order`](crate::Solution::goal_order)).
    #[serde(default)]
    goal_order: Vec<String>,
}

/// The `goal_order` of a `summary.json` (as `tandem plan` and `tandem
/// replan` write it) as goals of `plan`: unknown ids are skipped; empty
/// when the file has no such field. A re-plan starts its walk there
/// ([`Baseline::goal_order`](crate::Baseline::goal_order)).
///
/// An unreadable file or malformed JSON is an [`InputError`] naming the
/// file (and the line and column of a syntax error); the order is only a
/// hint, so a caller may go on without it.
pub fn read_goal_order(path: &Path, plan: &Problem) -> Result<Vec<GoalId>, InputError> {
    let issue = |location: Location, kind| InputError {
        issues: vec![InputIssue { location, kind }],
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        issue(
            Location::file(path),
            InputIssueKind::Unreadable(e.to_string()),
        )
    })?;
    let summary: SummaryGoalOrder = serde_json::from_str(&text).map_err(|e| {
        let location = match e.line() {
            0 => Location::file(path),
            line => Location::file(path).with_line(line as u64),
        };
        issue(location, InputIssueKind::Format(e.to_string()))
    })?;
    let index: std::collections::HashMap<&str, usize> = plan
        .goals()
        .iter()
        .enumerate()
        .map(|(g, goal)| (goal.id.as_str(), g))
        .collect();
    Ok(summary
        .goal_order
        .iter()
        .filter_map(|id| index.get(id.as_str()).copied())
        .map(GoalId::from_index)
        .collect())
}

#[cfg(test)]
mod tests;
