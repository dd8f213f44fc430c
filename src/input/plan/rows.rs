//! Row-level reading of the plan files: every cell is parsed and every
//! problem inside one row is reported. References to other rows (team, goal
//! and task ids) are only collected here; `validate` resolves them.

use super::cells::{self, TaskDep, TeamRef};
use crate::error::{InputIssue, InputIssueKind};
use crate::input::csv_table::{Col, Row, Table};
use crate::model::{Calendar, Date, DateException, EffortRange, WorkDays};

/// The rows of one file, and whether its id column exists (so that
/// references into it can be checked).
#[derive(Debug)]
pub(super) struct Parsed<T> {
    pub(super) rows: Vec<T>,
    pub(super) ids_known: bool,
}

/// A row of `teams.csv`.
#[derive(Debug)]
pub(super) struct TeamRow {
    pub(super) line: u64,
    pub(super) id: Option<String>,
    pub(super) capacity: Option<u32>,
    pub(super) name: Option<String>,
}

/// A row of `calendar.csv`; a field is `None` when its cell was reported.
#[derive(Debug)]
pub(super) struct CalendarRow {
    pub(super) line: u64,
    pub(super) team: Option<String>,
    pub(super) from: Option<u32>,
    pub(super) to: Option<u32>,
    pub(super) capacity: Option<u32>,
}

/// A row of `goals.csv`. `valid` is false when a cell was reported.
#[derive(Debug)]
pub(super) struct GoalRow {
    pub(super) line: u64,
    pub(super) valid: bool,
    pub(super) id: Option<String>,
    pub(super) priority: Option<f64>,
    pub(super) due: Option<u32>,
    pub(super) depends_on: Vec<String>,
    pub(super) name: Option<String>,
}

/// A row of `tasks.csv`; optional columns hold their defaults. `valid` is
/// false when a cell was reported.
#[derive(Debug)]
pub(super) struct TaskRow {
    pub(super) line: u64,
    pub(super) valid: bool,
    pub(super) id: Option<String>,
    pub(super) goal: Option<String>,
    pub(super) effort: Option<f64>,
    /// The ranged estimate (`effort_low`, `effort_high`, either defaulting
    /// to `effort`); `None` when neither is written (or one was reported).
    pub(super) range: Option<EffortRange>,
    pub(super) teams: Vec<TeamRef>,
    /// `None` when invalid; the default is 1.
    pub(super) min_people: Option<u32>,
    /// Whether `min_people` was written (for choosing the reported column).
    pub(super) min_people_given: bool,
    pub(super) max_people: Option<u32>,
    pub(super) depends_on: Vec<TaskDep>,
    pub(super) release: u32,
    pub(super) name: Option<String>,
}

/// The data row of `project.csv` (all fields optional).
#[derive(Debug, Default)]
pub(super) struct ProjectRow {
    /// The plan start date.
    pub(super) start: Option<Date>,
    /// True when a `start` was written but is not a date (reported).
    pub(super) bad_start: bool,
    /// The weekly pattern, Monday first; `None`: the default (or reported).
    pub(super) weekdays: Option<[bool; 7]>,
    /// The project's display name.
    pub(super) name: Option<String>,
}

/// Parses cells of one table and reports their problems.
struct Cells<'a> {
    table: &'a Table,
    issues: &'a mut Vec<InputIssue>,
}

impl Cells<'_> {
    fn report(&mut self, row: &Row, col: Col, kind: InputIssueKind) {
        self.issues.push(InputIssue {
            location: self.table.cell(row.line, col.name),
            kind,
        });
    }

    fn count(&self) -> usize {
        self.issues.len()
    }

    /// A required cell parsed by `f`; `None` if it is empty or invalid
    /// (reported) or its column is missing (reported once, on the header).
    fn required<T>(
        &mut self,
        row: &Row,
        col: Option<Col>,
        f: impl FnOnce(&str) -> Result<T, InputIssueKind>,
    ) -> Option<T> {
        let col = col?;
        if row.is_bad(col) {
            return None;
        }
        let Some(text) = row.get(Some(col)) else {
            self.report(row, col, InputIssueKind::MissingValue);
            return None;
        };
        f(text).map_err(|kind| self.report(row, col, kind)).ok()
    }

    /// An optional cell: `Ok(None)` if absent, `Err(())` if invalid (reported).
    fn optional<T>(
        &mut self,
        row: &Row,
        col: Option<Col>,
        f: impl FnOnce(&str) -> Result<T, InputIssueKind>,
    ) -> Result<Option<T>, ()> {
        if col.is_some_and(|c| row.is_bad(c)) {
            return Err(());
        }
        let Some((col, text)) = col.and_then(|c| Some((c, row.get(Some(c))?))) else {
            return Ok(None);
        };
        match f(text) {
            Ok(v) => Ok(Some(v)),
            Err(kind) => {
                self.report(row, col, kind);
                Err(())
            }
        }
    }

    /// A list cell: the well-formed entries; each malformed one is reported.
    fn list<T>(
        &mut self,
        row: &Row,
        col: Option<Col>,
        f: impl FnOnce(&str) -> (Vec<T>, Vec<InputIssueKind>),
    ) -> Vec<T> {
        let Some((col, text)) = col.and_then(|c| Some((c, row.get(Some(c))?))) else {
            return Vec::new();
        };
        let (items, kinds) = f(text);
        for kind in kinds {
            self.report(row, col, kind);
        }
        items
    }

    fn text(row: &Row, col: Option<Col>) -> Option<String> {
        row.get(col).map(str::to_string)
    }
}

/// Reads `teams.csv`.
pub(super) fn teams(table: &Table, issues: &mut Vec<InputIssue>) -> Parsed<TeamRow> {
    let id = table.require("team", issues);
    let capacity = table.require("capacity", issues);
    let name = table.column("name");
    let mut c = Cells { table, issues };
    let rows = table
        .rows
        .iter()
        .map(|row| TeamRow {
            line: row.line,
            id: c.required(row, id, cells::id),
            capacity: c.required(row, capacity, |t| cells::integer(t, 0, "capacity")),
            name: Cells::text(row, name),
        })
        .collect();
    Parsed {
        rows,
        ids_known: id.is_some(),
    }
}

/// Reads `calendar.csv`.
pub(super) fn calendar(
    table: &Table,
    work_days: Option<&WorkDays>,
    issues: &mut Vec<InputIssue>,
) -> Vec<CalendarRow> {
    let team = table.require("team", issues);
    let from = table.require("from", issues);
    let to = table.column("to");
    let capacity = table.require("capacity", issues);
    let mut c = Cells { table, issues };
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let team_id = c.required(row, team, |t| Ok(t.to_string()));
        let first = c.required(row, from, |t| cells::day(t, work_days));
        // empty: until further notice
        let last = c.optional(row, to, |t| {
            let last = cells::last_day(t, work_days)?;
            match first {
                Some(f) if last < f => Err(InputIssueKind::OutOfRange {
                    value: t.into(),
                    rule: format!("`to` (day {last}) must not be before `from` (day {f})"),
                }),
                _ => Ok(last),
            }
        });
        let last = last
            .ok()
            .map(|l| l.unwrap_or(Calendar::UNTIL_FURTHER_NOTICE));
        let cap = c.required(row, capacity, |t| cells::integer(t, 0, "capacity"));
        rows.push(CalendarRow {
            line: row.line,
            team: team_id,
            from: first,
            to: last,
            capacity: cap,
        });
    }
    rows
}

/// Reads `goals.csv`.
pub(super) fn goals(
    table: &Table,
    work_days: Option<&WorkDays>,
    issues: &mut Vec<InputIssue>,
) -> Parsed<GoalRow> {
    let id = table.require("goal", issues);
    let priority = table.require("priority", issues);
    let due = table.column("due");
    let depends_on = table.column("depends_on");
    let name = table.column("name");
    let mut c = Cells { table, issues };
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let before = c.count();
        let goal_id = c.required(row, id, cells::id);
        let prio = c.required(row, priority, cells::priority);
        let due_day = c.optional(row, due, |t| cells::day(t, work_days));
        let deps = c.list(row, depends_on, cells::goal_deps);
        rows.push(GoalRow {
            line: row.line,
            valid: c.count() == before,
            id: goal_id,
            priority: prio,
            due: due_day.ok().flatten(),
            depends_on: deps,
            name: Cells::text(row, name),
        });
    }
    Parsed {
        rows,
        ids_known: id.is_some(),
    }
}

/// Reads `tasks.csv`.
pub(super) fn tasks(
    table: &Table,
    work_days: Option<&WorkDays>,
    issues: &mut Vec<InputIssue>,
) -> Parsed<TaskRow> {
    let id = table.require("task", issues);
    let goal = table.require("goal", issues);
    let effort = table.require("effort", issues);
    let effort_low = table.column("effort_low");
    let effort_high = table.column("effort_high");
    let teams = table.require("teams", issues);
    let min_people = table.column("min_people");
    let max_people = table.column("max_people");
    let depends_on = table.column("depends_on");
    let release = table.column("release");
    let name = table.column("name");
    let mut c = Cells { table, issues };
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let before = c.count();
        let task_id = c.required(row, id, cells::id);
        let goal_id = c.required(row, goal, |t| Ok(t.to_string()));
        let effort_value = c.required(row, effort, cells::effort);
        let low = c.optional(row, effort_low, |t| cells::effort_low(t, effort_value));
        let high = c.optional(row, effort_high, |t| cells::effort_high(t, effort_value));
        let range = match (effort_value, low, high) {
            (Some(e), Ok(low), Ok(high)) if low.is_some() || high.is_some() => {
                Some(EffortRange::new(low.unwrap_or(e), e, high.unwrap_or(e)))
            }
            _ => None,
        };
        let before_teams = c.count();
        let team_refs = c.list(row, teams, cells::team_list);
        if let Some(col) = teams
            && team_refs.is_empty()
            && c.count() == before_teams
            && !row.is_bad(col)
        {
            c.report(row, col, InputIssueKind::MissingValue); // empty, or only `|`
        }
        let min = c.optional(row, min_people, |t| cells::integer(t, 1, "min_people"));
        let min_people_given = matches!(min, Ok(Some(_)));
        let min = min.map(|m| m.unwrap_or(1)).ok();
        let max = c.optional(row, max_people, |t| {
            let max = cells::integer(t, 1, "max_people")?;
            match min {
                Some(min) if max < min => Err(InputIssueKind::MaxBelowMin { min, max }),
                _ => Ok(max),
            }
        });
        let deps = c.list(row, depends_on, cells::task_deps);
        let release_day = c.optional(row, release, |t| cells::day(t, work_days));
        rows.push(TaskRow {
            line: row.line,
            valid: c.count() == before,
            id: task_id,
            goal: goal_id,
            effort: effort_value,
            range,
            teams: team_refs,
            min_people: min,
            min_people_given,
            max_people: match max {
                Ok(Some(max)) => Some(max),
                Ok(None) => min,
                Err(()) => None,
            },
            depends_on: deps,
            release: release_day.ok().flatten().unwrap_or(0),
            name: Cells::text(row, name),
        });
    }
    Parsed {
        rows,
        ids_known: id.is_some(),
    }
}

/// Reads `project.csv`: one data row (each further row is reported).
pub(super) fn project(table: &Table, issues: &mut Vec<InputIssue>) -> ProjectRow {
    let start = table.column("start");
    let weekdays = table.column("weekdays");
    let name = table.column("name");
    let mut c = Cells { table, issues };
    let Some((row, extra)) = table.rows.split_first() else {
        return ProjectRow::default();
    };
    for r in extra {
        c.issues.push(InputIssue {
            location: table.line(r.line),
            kind: InputIssueKind::ExtraRow {
                first_line: row.line,
            },
        });
    }
    let start_date = c.optional(row, start, cells::date);
    let mut pattern = None;
    if let Some((col, text)) = weekdays.and_then(|col| Some((col, row.get(Some(col))?))) {
        match cells::weekdays(text) {
            Ok(p) => pattern = Some(p),
            Err(kinds) => {
                for kind in kinds {
                    c.report(row, col, kind);
                }
            }
        }
    }
    ProjectRow {
        start: start_date.ok().flatten(),
        bad_start: start_date.is_err(),
        weekdays: pattern,
        name: Cells::text(row, name),
    }
}

/// Reads `workdays.csv`: the exceptions of its valid rows, in file order.
pub(super) fn workdays(table: &Table, issues: &mut Vec<InputIssue>) -> Vec<DateException> {
    let from = table.require("from", issues);
    let to = table.column("to");
    let working = table.column("working");
    let mut c = Cells { table, issues };
    let mut exceptions = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let first = c.required(row, from, cells::date);
        let last = c.optional(row, to, |t| {
            let last = cells::date(t)?;
            match first {
                Some(f) if last < f => Err(InputIssueKind::OutOfRange {
                    value: t.into(),
                    rule: format!("`to` ({last}) must not be before `from` ({f})"),
                }),
                _ => Ok(last),
            }
        });
        let working = c.optional(row, working, cells::yes_no);
        if let (Some(first), Ok(last), Ok(working)) = (first, last, working) {
            exceptions.push(DateException {
                from: first,
                to: last.unwrap_or(first),
                working: working.unwrap_or(false),
            });
        }
    }
    exceptions
}
