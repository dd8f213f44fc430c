//! Reading `progress.csv` and a baseline `schedule.csv`, with full
//! validation: every problem at once, with file, line, column and value.

use std::collections::BTreeMap;
use std::path::Path;

use super::csv_table::{Row, Table};
use super::suggest::{Suggester, Suggestions};
use crate::error::{InputError, InputIssue, InputIssueKind, Location};
use crate::model::{
    ActivityId, Alternative, Date, Demand, GoalId, MAX_HORIZON, Problem, ResourceId, WorkDays,
};
use crate::replan::{Progress, TaskProgress};
use crate::schedule::{Crew, ScheduleRow};

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
/// A task on several teams at once has them joined by `+` in `team`
/// (`backend+qa`, the teams of one of its alternatives, in any order) and
/// one crew per team in `people` (`2+1`, in the same order): each fixed
/// crew as the alternative writes it, one crew in `min_people..=max_people`
/// shared by the others.
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
    for (a, p) in &progress.tasks {
        done[a.index()] = *p == TaskProgress::Done;
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

/// Validates the start, teams and crews of a started task.
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
    let teams = match row.get(team_col) {
        None => {
            issue("team", InputIssueKind::MissingValue);
            None
        }
        Some(cell) => plan_teams(problem, team_names, cell, issue).map(|t| (t, cell)),
    };
    let people = match row.get(people_col) {
        None => {
            issue("people", InputIssueKind::MissingValue);
            None
        }
        Some(text) => match crews(text) {
            Ok(k) => Some((k, text)),
            Err(kind) => {
                issue("people", kind);
                None
            }
        },
    };
    let a = task?;
    let act = problem.activity(a);
    let (teams, team_cell) = teams?;
    // the teams first: an ineligible team is reported even without people
    let candidates = match alternatives_on(problem, a, &teams)? {
        Ok(candidates) => candidates,
        Err(eligible) => {
            issue(
                "team",
                InputIssueKind::Format(format!(
                    "team `{team_cell}` is not eligible for task `{}` (eligible: {eligible})",
                    act.id,
                )),
            );
            return None;
        }
    };
    let (people, text) = people?;
    if people.len() != teams.len() {
        issue(
            "people",
            InputIssueKind::OutOfRange {
                value: text.into(),
                rule: crew_count_rule(teams.len()),
            },
        );
        return None;
    }
    let crew: Vec<Demand> = teams
        .iter()
        .zip(&people)
        .map(|(&resource, &amount)| Demand { resource, amount })
        .collect();
    if let Some(rule) = first_rule(problem, a, &candidates, &crew) {
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
            crew,
        },
    ))
}

/// The teams of a `team` cell (`backend`, or `backend+qa` for a task on
/// several teams at once), each a team of the plan and named once; `None`
/// when one is not (reported).
fn plan_teams(
    problem: &Problem,
    team_names: &Suggester<'_>,
    cell: &str,
    issue: &mut impl FnMut(&str, InputIssueKind),
) -> Option<Vec<ResourceId>> {
    let Some(ids) = team_ids(cell) else {
        issue(
            "team",
            InputIssueKind::BadSyntax {
                value: cell.into(),
                expected: TEAMS_SYNTAX,
            },
        );
        return None;
    };
    let mut teams = Vec::with_capacity(ids.len());
    let mut ok = true;
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            issue(
                "team",
                InputIssueKind::RepeatedId {
                    what: "team",
                    id: (*id).into(),
                },
            );
            ok = false;
            continue;
        }
        match problem.resources().iter().position(|r| r.id == *id) {
            Some(r) => teams.push(ResourceId::from_index(r)),
            None => {
                let Suggestions { close, known } = team_names.suggest(id);
                issue(
                    "team",
                    InputIssueKind::UnknownId {
                        what: "team",
                        id: (*id).into(),
                        suggestions: close,
                        known,
                    },
                );
                ok = false;
            }
        }
    }
    ok.then_some(teams)
}

/// The syntax of a `team` cell of `progress.csv` or `schedule.csv`.
const TEAMS_SYNTAX: &str = "a team id, or team ids joined by `+` (`backend+qa`)";

/// The ids of a `team` cell, split on `+` and trimmed; `None` when one is empty.
fn team_ids(cell: &str) -> Option<Vec<&str>> {
    let ids: Vec<&str> = cell.split('+').map(str::trim).collect();
    ids.iter().all(|id| !id.is_empty()).then_some(ids)
}

/// The crews of a `people` cell: `2`, or one per team joined by `+` (`2+1`).
fn crews(text: &str) -> Result<Vec<u32>, InputIssueKind> {
    if !text.contains('+') {
        return count(text).map(|k| vec![k]);
    }
    text.split('+')
        .map(|k| k.trim().parse::<u32>())
        .collect::<Result<_, _>>()
        .map_err(|_| InputIssueKind::BadNumber {
            value: text.into(),
            expected: "integers >= 0 joined by `+`, one per team (`2+1`)",
        })
}

/// The rule broken by a `people` cell with another number of crews than
/// its `team` cell has teams.
fn crew_count_rule(teams: usize) -> String {
    let s = if teams == 1 { "" } else { "s" };
    format!("`team` names {teams} team{s}: give one crew per team, joined by `+` in the same order")
}

/// Why a started task cannot run with a crew.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CrewIssue {
    /// No alternative of the task is on exactly these teams; `eligible`
    /// lists them (`backend, backend+qa`).
    NotEligible { eligible: String },
    /// The teams are an alternative's, the people are not (the rule, in words).
    Crew { rule: String },
}

/// Whether plan task `a` of `problem` may run with `crew` (teams with
/// their people): the teams of one of its alternatives (in any order), a
/// milestone alternative with 0 people, else each fixed crew as written,
/// one crew in `min_people..=max_people` shared by the other teams, none
/// above its team's base capacity. `None` when it may (or when `a` is not
/// a plan task). When several alternatives have these teams, any of them
/// will do; the first one's rule is reported.
pub(crate) fn crew_issue(problem: &Problem, a: ActivityId, crew: &[Demand]) -> Option<CrewIssue> {
    let teams: Vec<ResourceId> = crew.iter().map(|d| d.resource).collect();
    match alternatives_on(problem, a, &teams)? {
        Err(eligible) => Some(CrewIssue::NotEligible { eligible }),
        Ok(candidates) => {
            first_rule(problem, a, &candidates, crew).map(|rule| CrewIssue::Crew { rule })
        }
    }
}

/// The alternatives of plan task `a` on exactly `teams` (in any order), or,
/// when there is none, the task's alternatives in words (`backend+qa,
/// platform`); `None` when `a` is not a plan task.
fn alternatives_on<'p>(
    problem: &'p Problem,
    a: ActivityId,
    teams: &[ResourceId],
) -> Option<Result<Vec<&'p Alternative>, String>> {
    let spec = problem.activity(a).spec.as_ref()?;
    let candidates: Vec<&Alternative> = spec
        .alternatives
        .iter()
        .filter(|alt| alt.has_teams(teams))
        .collect();
    if !candidates.is_empty() {
        return Some(Ok(candidates));
    }
    let eligible: Vec<String> = spec
        .alternatives
        .iter()
        .map(|alt| {
            let ids: Vec<&str> = alt
                .teams
                .iter()
                .map(|&(t, _)| problem.resource(t).id.as_str())
                .collect();
            ids.join("+")
        })
        .collect();
    Some(Err(eligible.join(", ")))
}

/// `None` when `crew` suits one of `candidates` (alternatives on its
/// teams), else the rule it breaks on the first.
fn first_rule(
    problem: &Problem,
    a: ActivityId,
    candidates: &[&Alternative],
    crew: &[Demand],
) -> Option<String> {
    let act = problem.activity(a);
    let mut first = None;
    for alt in candidates {
        match alternative_rule(problem, act, alt, crew) {
            None => return None,
            Some(rule) => {
                first.get_or_insert(rule);
            }
        }
    }
    first
}

/// The rule `crew` breaks on alternative `alt` (on the same teams), if any.
fn alternative_rule(
    problem: &Problem,
    act: &crate::model::Activity,
    alt: &Alternative,
    crew: &[Demand],
) -> Option<String> {
    let spec = act.spec.as_ref()?;
    if alt.is_milestone() {
        return crew
            .iter()
            .any(|d| d.amount != 0)
            .then(|| format!("task `{}` is a milestone: it takes 0 people", act.id));
    }
    let mut shared: Option<u32> = None;
    for d in crew {
        let team = problem.resource(d.resource);
        let fixed = alt.fixed_crew(d.resource);
        match fixed {
            Some(n) if d.amount != n => {
                return Some(format!(
                    "task `{}` takes exactly {n} of team `{}`",
                    act.id, team.id
                ));
            }
            Some(_) => {}
            None if d.amount < spec.min_people || d.amount > spec.max_people => {
                return Some(format!(
                    "task `{}` takes {} to {} people",
                    act.id, spec.min_people, spec.max_people
                ));
            }
            None => match shared {
                Some(k) if k != d.amount => {
                    return Some(format!(
                        "task `{}` takes the same crew on each of its teams without a fixed crew",
                        act.id
                    ));
                }
                _ => shared = Some(d.amount),
            },
        }
        let capacity = team.capacity.base();
        if d.amount > capacity {
            return Some(format!("team `{}` has {capacity} people", team.id));
        }
    }
    None
}

/// Reads a plan's `schedule.csv` (as tandem writes it: `task,goal,team,
/// people,start,finish`; `task`, `team` and `start` are required, `finish`
/// defaults to `start`, `people` to 0; days are at most [`MAX_HORIZON`], as
/// in every schedule tandem can write). A task on several teams at once
/// has `team` `backend+qa` and `people` `2+1` (one crew per team). Every
/// problem is reported at once.
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
        let fin = number("finish", row.get(finish_col), start.or(Some(0)));
        let task = row.get(task_col);
        let team = row.get(team_col).unwrap_or_default();
        let ids = team_ids(team).unwrap_or_else(|| vec![team]);
        // no people: 0 on each team
        let people = match row.get(people_col).map(crews) {
            None => Some(vec![0; ids.len()]),
            Some(Ok(k)) if k.len() == ids.len() => Some(k),
            Some(Ok(_)) => {
                issue(
                    "people",
                    InputIssueKind::OutOfRange {
                        value: row.get(people_col).unwrap_or_default().into(),
                        rule: crew_count_rule(ids.len()),
                    },
                );
                None
            }
            Some(Err(kind)) => {
                issue("people", kind);
                None
            }
        };
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
                crew: Crew(
                    ids.iter()
                        .zip(people)
                        .map(|(t, k)| ((*t).to_string(), k))
                        .collect(),
                ),
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
