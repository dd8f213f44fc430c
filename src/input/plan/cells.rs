//! Parsing single cells of a plan: ids, numbers, days and the list syntaxes
//! of the `teams` and `depends_on` columns. Each function turns trimmed,
//! non-empty text into a value or into the [`InputIssueKind`] to report.

use crate::error::InputIssueKind;
use crate::model::{Calendar, Date, MAX_HORIZON, MAX_PRIORITY, WorkDays};

/// Characters an id must not contain: they separate list entries.
const FORBIDDEN: &[char] = &[';', '|', ':', '+'];

const TEAM_SYNTAX: &str = "team ids separated by `|`, each optionally with its effort: `backend:10|platform`; \
     teams needed at once joined by `+`, each optionally with a fixed crew: `backend*2+qa:12`";
const TASK_DEP_SYNTAX: &str = "task ids separated by `;`, each optionally with a lag in whole days: `T1;T7+3`, or a lead (a negative lag): `T7+-2`";
const GOAL_DEP_SYNTAX: &str = "goal ids separated by `;`";
const WEEKDAY_SYNTAX: &str = "weekday names (`mon` `tue` `wed` `thu` `fri` `sat` `sun`) separated by `|`: `mon|tue|wed|thu|fri`";

/// The weekday names of `project.csv`'s `weekdays` column, Monday first.
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One entry of a `teams` cell (an alternative): `backend`, `backend:10`
/// or `backend*2+qa:12`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TeamRef {
    /// Its teams in the order written.
    pub(super) teams: Vec<TeamPart>,
    /// Effort for this alternative, overriding the `effort` column.
    pub(super) effort: Option<f64>,
    /// The entry as written (for messages).
    pub(super) text: String,
}

/// One team of an alternative: `backend` or `backend*2`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TeamPart {
    /// Team id.
    pub(super) id: String,
    /// Fixed crew (`*N`), if any.
    pub(super) crew: Option<u32>,
    /// The part as written (`backend*2`): the id when a team has it (ids
    /// may contain `*`).
    pub(super) written: String,
}

/// One entry of a task's `depends_on` cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TaskDep {
    /// Predecessor task id.
    pub(super) id: String,
    /// Days between the predecessor's finish and this task's start
    /// (negative: a lead, the task may start that many days before the
    /// predecessor's finish).
    pub(super) lag: i32,
}

fn is_id(text: &str) -> bool {
    !text.is_empty() && !text.contains(FORBIDDEN)
}

/// An id defined by a row (`team`, `goal`, `task` columns).
pub(super) fn id(text: &str) -> Result<String, InputIssueKind> {
    if is_id(text) {
        Ok(text.to_string())
    } else {
        Err(InputIssueKind::BadId { id: text.into() })
    }
}

/// A finite number (`1e3`, `2.5`; not `NaN` or `inf`).
pub(super) fn number(text: &str) -> Result<f64, InputIssueKind> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(InputIssueKind::BadNumber {
            value: text.into(),
            expected: "a number",
        }),
    }
}

/// An effort: a number of person-days `>= 0`, at most `u32::MAX` (a
/// crew's days must fit a day count; longer plans are refused later with
/// the horizon).
pub(super) fn effort(text: &str) -> Result<f64, InputIssueKind> {
    person_days(text, "effort")
}

/// A number of person-days `>= 0`, at most `u32::MAX`, in column `column`
/// (`effort`, `effort_low`, `effort_high`; named in messages).
pub(super) fn person_days(text: &str, column: &str) -> Result<f64, InputIssueKind> {
    let v = number(text)?;
    if v < 0.0 {
        return Err(InputIssueKind::OutOfRange {
            value: text.into(),
            rule: format!("{column} must be >= 0"),
        });
    }
    if v > f64::from(u32::MAX) {
        return Err(InputIssueKind::OutOfRange {
            value: text.into(),
            rule: format!("{column} must be at most {} person-days", u32::MAX),
        });
    }
    Ok(v)
}

/// The rule of a milestone's `effort_low`/`effort_high` (FORMAT.md,
/// additions v4).
const MILESTONE_RANGE: &str = "a milestone (effort 0) cannot have a range of non-zero width: \
     its effort cannot be scaled (a forecast multiplies a task's efforts by sample / effort); \
     leave effort_low and effort_high empty or 0";

/// An `effort_low` cell of a task whose `effort` is `effort` (`None`: not
/// known, reported elsewhere): person-days at most `effort`.
pub(super) fn effort_low(text: &str, effort: Option<f64>) -> Result<f64, InputIssueKind> {
    let low = person_days(text, "effort_low")?;
    match effort {
        Some(e) if low > e => Err(InputIssueKind::OutOfRange {
            value: text.into(),
            rule: if e == 0.0 {
                MILESTONE_RANGE.into()
            } else {
                format!("low above most likely: effort_low must be at most effort ({e})")
            },
        }),
        _ => Ok(low),
    }
}

/// An `effort_high` cell of a task whose `effort` is `effort` (`None`:
/// not known, reported elsewhere): person-days at least `effort`, and 0
/// for a milestone.
pub(super) fn effort_high(text: &str, effort: Option<f64>) -> Result<f64, InputIssueKind> {
    let high = person_days(text, "effort_high")?;
    match effort {
        Some(e) if high < e => Err(InputIssueKind::OutOfRange {
            value: text.into(),
            rule: format!("high below most likely: effort_high must be at least effort ({e})"),
        }),
        Some(e) if e == 0.0 && high > 0.0 => Err(InputIssueKind::OutOfRange {
            value: text.into(),
            rule: MILESTONE_RANGE.into(),
        }),
        _ => Ok(high),
    }
}

/// A goal priority `> 0`, at most [`MAX_PRIORITY`] (so that every
/// objective stays finite).
pub(super) fn priority(text: &str) -> Result<f64, InputIssueKind> {
    let v = number(text)?;
    if v <= 0.0 {
        return Err(InputIssueKind::OutOfRange {
            value: text.into(),
            rule: "priority must be > 0".into(),
        });
    }
    if v > MAX_PRIORITY {
        return Err(InputIssueKind::OutOfRange {
            value: text.into(),
            rule: format!(
                "priority must be at most {MAX_PRIORITY:e} (larger weights would make the objective overflow)"
            ),
        });
    }
    Ok(v)
}

/// A whole number written as `3`, `3.0` or `3e0`; `None` if not one.
fn whole(text: &str) -> Option<i64> {
    if let Ok(v) = text.parse::<i64>() {
        return Some(v);
    }
    let f = text.parse::<f64>().ok()?;
    // the bounds keep the conversion exact; larger values are out of range anyway
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15).then_some(f as i64)
}

/// An integer `>= min` (`min` is 0 or 1) that fits in `u32`; `what` names the column.
pub(super) fn integer(text: &str, min: u32, what: &str) -> Result<u32, InputIssueKind> {
    let expected = if min == 0 {
        "an integer >= 0"
    } else {
        "an integer >= 1"
    };
    let Some(v) = whole(text) else {
        return Err(InputIssueKind::BadNumber {
            value: text.into(),
            expected,
        });
    };
    if v < i64::from(min) {
        return Err(InputIssueKind::OutOfRange {
            value: text.into(),
            rule: format!("{what} must be {expected}"),
        });
    }
    u32::try_from(v).map_err(|_| InputIssueKind::OutOfRange {
        value: text.into(),
        rule: format!("{what} must be at most {}", u32::MAX),
    })
}

/// The range of a day cell, for messages.
fn day_range() -> String {
    format!(
        "days are counted from 0 (the plan start) up to {MAX_HORIZON}, the longest plan tandem schedules"
    )
}

/// A day: a working-day index, or an ISO date when a start date is given;
/// at most [`MAX_HORIZON`].
pub(super) fn day(text: &str, work_days: Option<&WorkDays>) -> Result<u32, InputIssueKind> {
    let v = any_day(text, work_days)?;
    if u64::from(v) > MAX_HORIZON {
        return Err(InputIssueKind::OutOfRange {
            value: text.into(),
            rule: day_range(),
        });
    }
    Ok(v)
}

/// The last day of a capacity change (`calendar.csv` column `to`): like
/// [`day`], but any day beyond the horizon means "until further notice"
/// ([`Calendar::UNTIL_FURTHER_NOTICE`]; the builder ends it at the horizon).
pub(super) fn last_day(text: &str, work_days: Option<&WorkDays>) -> Result<u32, InputIssueKind> {
    if let Ok(v) = text.parse::<u64>() {
        return Ok(
            u32::try_from(v).map_or(Calendar::UNTIL_FURTHER_NOTICE, |v| {
                v.min(Calendar::UNTIL_FURTHER_NOTICE)
            }),
        );
    }
    any_day(text, work_days).map(|v| v.min(Calendar::UNTIL_FURTHER_NOTICE))
}

/// A day number or date of any size that fits in `u32`.
fn any_day(text: &str, work_days: Option<&WorkDays>) -> Result<u32, InputIssueKind> {
    if let Some(v) = whole(text) {
        return u32::try_from(v).map_err(|_| InputIssueKind::OutOfRange {
            value: text.into(),
            rule: day_range(),
        });
    }
    match (text.parse::<Date>(), work_days) {
        (Ok(date), Some(wd)) => wd.day_of(date).ok_or(InputIssueKind::DateBeforeStart {
            value: text.into(),
            start: wd.start().to_string(),
        }),
        (Ok(_), None) => Err(InputIssueKind::DateWithoutStart { value: text.into() }),
        (Err(_), wd) => Err(InputIssueKind::BadDay {
            value: text.into(),
            hint: if wd.is_none() {
                "; dates also need `--start` (or `start` in project.csv)".into()
            } else {
                String::new()
            },
        }),
    }
}

/// An ISO date `YYYY-MM-DD` (`project.csv` and `workdays.csv`, where day
/// numbers mean nothing).
pub(super) fn date(text: &str) -> Result<Date, InputIssueKind> {
    text.parse()
        .map_err(|_| InputIssueKind::BadDate { value: text.into() })
}

/// A `weekdays` cell: `mon|tue|wed|thu|fri`, names in any case. Returns the
/// pattern (Monday first), or one issue per unknown name; a cell without
/// any name (`|`) is an issue too.
pub(super) fn weekdays(text: &str) -> Result<[bool; 7], Vec<InputIssueKind>> {
    let mut pattern = [false; 7];
    let mut issues = Vec::new();
    for entry in entries(text, '|') {
        match WEEKDAYS.iter().position(|w| w.eq_ignore_ascii_case(entry)) {
            Some(i) => pattern[i] = true,
            None => issues.push(InputIssueKind::BadSyntax {
                value: entry.into(),
                expected: WEEKDAY_SYNTAX,
            }),
        }
    }
    if issues.is_empty() && !pattern.contains(&true) {
        issues.push(InputIssueKind::BadSyntax {
            value: text.into(),
            expected: WEEKDAY_SYNTAX,
        });
    }
    if issues.is_empty() {
        Ok(pattern)
    } else {
        Err(issues)
    }
}

/// A `yes`/`no` cell (any case).
pub(super) fn yes_no(text: &str) -> Result<bool, InputIssueKind> {
    if text.eq_ignore_ascii_case("yes") {
        Ok(true)
    } else if text.eq_ignore_ascii_case("no") {
        Ok(false)
    } else {
        Err(InputIssueKind::BadSyntax {
            value: text.into(),
            expected: "`yes` or `no`",
        })
    }
}

/// Splits a list cell on `sep`, trimming entries and skipping empty ones
/// (so a trailing separator is harmless).
fn entries(text: &str, sep: char) -> impl Iterator<Item = &str> {
    text.split(sep).map(str::trim).filter(|e| !e.is_empty())
}

/// A `teams` cell: `|`-separated alternatives, each one or more team ids
/// joined by `+` (needed all at once), each optionally with a fixed crew
/// `*N` (N >= 1), then optionally `:EFFORT` for the whole alternative:
/// `backend|platform`, `backend:10|platform:14`, `backend*2+qa:12|platform`.
/// Returns the well-formed entries and one issue per malformed entry (a
/// team twice in one alternative, or an alternative listed twice: the
/// same teams with the same fixed crews, in any order).
pub(super) fn team_list(text: &str) -> (Vec<TeamRef>, Vec<InputIssueKind>) {
    let mut alternatives: Vec<TeamRef> = Vec::new();
    let mut issues = Vec::new();
    for entry in entries(text, '|') {
        let (teams_text, effort_text) = match entry.split_once(':') {
            Some((teams, e)) => (teams.trim(), Some(e.trim())),
            None => (entry, None),
        };
        let bad_syntax = |value: &str| InputIssueKind::BadSyntax {
            value: value.into(),
            expected: TEAM_SYNTAX,
        };
        if effort_text.is_some_and(str::is_empty) {
            issues.push(bad_syntax(entry));
            continue;
        }
        let teams = match alternative_teams(teams_text) {
            Ok(teams) => teams,
            Err(None) => {
                issues.push(bad_syntax(entry));
                continue;
            }
            Err(Some(kind)) => {
                issues.push(kind);
                continue;
            }
        };
        let effort = match effort_text.map(effort).transpose() {
            Ok(e) => e,
            Err(kind) => {
                issues.push(kind);
                continue;
            }
        };
        if alternatives.iter().any(|a| same_teams(&a.teams, &teams)) {
            issues.push(InputIssueKind::RepeatedId {
                what: "team",
                id: teams_text.into(),
            });
            continue;
        }
        alternatives.push(TeamRef {
            teams,
            effort,
            text: entry.into(),
        });
    }
    (alternatives, issues)
}

/// True when two alternatives have the same teams with the same fixed
/// crews, in any order.
fn same_teams(a: &[TeamPart], b: &[TeamPart]) -> bool {
    fn key(teams: &[TeamPart]) -> Vec<(&str, Option<u32>)> {
        let mut key: Vec<(&str, Option<u32>)> =
            teams.iter().map(|t| (t.id.as_str(), t.crew)).collect();
        key.sort_unstable();
        key
    }
    key(a) == key(b)
}

/// The teams of one alternative (`backend*2+qa`): `Err(None)` for a
/// malformed one (an empty or invalid id), `Err(Some(issue))` for a crew
/// below 1 or a team named twice. A `*` not followed by a whole number is
/// part of the id (ids may contain `*`; see `validate` for an id that ends
/// in `*N` itself).
fn alternative_teams(text: &str) -> Result<Vec<TeamPart>, Option<InputIssueKind>> {
    let mut teams: Vec<TeamPart> = Vec::new();
    for part in text.split('+').map(str::trim) {
        let (id, crew) = match part.rsplit_once('*') {
            Some((id, crew)) => match whole(crew.trim()) {
                Some(n) => (id.trim(), Some(n)),
                None => (part, None),
            },
            None => (part, None),
        };
        if !is_id(id) {
            return Err(None);
        }
        let out_of_range = |rule: String| {
            Some(InputIssueKind::OutOfRange {
                value: part.into(),
                rule,
            })
        };
        let crew = match crew {
            None => None,
            Some(n) if n < 1 => {
                return Err(out_of_range(
                    "a fixed crew (`*N`) must be an integer >= 1".into(),
                ));
            }
            Some(n) => Some(u32::try_from(n).map_err(|_| {
                out_of_range(format!("a fixed crew (`*N`) must be at most {}", u32::MAX))
            })?),
        };
        if teams.iter().any(|t| t.id == id) {
            return Err(Some(InputIssueKind::RepeatedTeam {
                team: id.into(),
                alternative: text.into(),
            }));
        }
        teams.push(TeamPart {
            id: id.into(),
            crew,
            written: part.into(),
        });
    }
    Ok(teams)
}

/// A task `depends_on` cell: `T1;T7+3;T8+-2` (`T8-2` is an id).
pub(super) fn task_deps(text: &str) -> (Vec<TaskDep>, Vec<InputIssueKind>) {
    let mut deps = Vec::new();
    let mut issues = Vec::new();
    for entry in entries(text, ';') {
        let (id, lag) = match entry.split_once('+') {
            Some((id, lag)) => (id.trim(), lag_days(lag.trim())),
            None => (entry, Ok(0)),
        };
        match lag {
            Ok(lag) if is_id(id) => deps.push(TaskDep { id: id.into(), lag }),
            Err(Some(rule)) if is_id(id) => issues.push(InputIssueKind::OutOfRange {
                value: entry.into(),
                rule,
            }),
            _ => issues.push(InputIssueKind::BadSyntax {
                value: entry.into(),
                expected: TASK_DEP_SYNTAX,
            }),
        }
    }
    (deps, issues)
}

/// A lag: plain decimal digits (`3`), or `-` then digits for a lead
/// (`-2`). A lead of more than [`MAX_HORIZON`] days, or a lag beyond
/// `i32`, is out of range (`Err(Some(rule))`); anything else that is not
/// such a number is malformed (`Err(None)`). A positive lag above
/// [`MAX_HORIZON`] that fits is refused later, by the horizon, naming it.
fn lag_days(text: &str) -> Result<i32, Option<String>> {
    let (lead, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(None);
    }
    // all digits: only too many of them fail to parse
    let days = digits.parse::<u64>().unwrap_or(u64::MAX);
    if lead {
        if days > MAX_HORIZON {
            return Err(Some(format!(
                "a lead (a negative lag) must be at least -{MAX_HORIZON} days, the longest plan tandem schedules"
            )));
        }
        return Ok(-i32::try_from(days).unwrap_or(i32::MAX));
    }
    i32::try_from(days).map_err(|_| {
        Some(format!(
            "a lag must be at most {MAX_HORIZON} days, the longest plan tandem schedules"
        ))
    })
}

/// A goal `depends_on` cell: `;`-separated goal ids.
pub(super) fn goal_deps(text: &str) -> (Vec<String>, Vec<InputIssueKind>) {
    let mut deps = Vec::new();
    let mut issues = Vec::new();
    for entry in entries(text, ';') {
        if is_id(entry) {
            deps.push(entry.to_string());
        } else {
            issues.push(InputIssueKind::BadSyntax {
                value: entry.into(),
                expected: GOAL_DEP_SYNTAX,
            });
        }
    }
    (deps, issues)
}

#[cfg(test)]
mod tests;
