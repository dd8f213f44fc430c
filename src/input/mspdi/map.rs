//! MSPDI elements to the CSV plan tables (the mapping table of
//! `docs/FORMAT.md`, "Microsoft Project XML"). Every problem is collected
//! with its element, UID and line; nothing is guessed silently: what the
//! model cannot express is an error, what is left out on purpose is a note.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::civil::{Date, DateTime};

use super::values::{datetime, flag, hours, integer, number};
use super::xml::Element;
use super::{
    Assignment, Calendar, Exception, Link, MspdiOptions, Origin, Resource, Source, Tables, Task,
};
use crate::error::{InputIssue, InputIssueKind, Location};
use crate::model::WorkDays;

/// `ResourceUID` of an assignment without a resource.
const NO_RESOURCE: i64 = -65535;
/// MSPDI `LagFormat` codes in working time: minutes, hours, days, weeks,
/// months, and their "estimated" variants.
const WORKING_LAGS: [i64; 10] = [3, 5, 7, 9, 11, 35, 37, 39, 41, 43];
/// `LagFormat` codes of a percentage of the predecessor's duration.
const PERCENT_LAGS: [i64; 2] = [19, 51];
/// Minutes per working day when the file says nothing.
const DEFAULT_MINUTES_PER_DAY: f64 = 480.0;

/// Collects issues located in the MSPDI file.
pub(super) struct Issues<'a> {
    path: &'a Path,
    pub(super) list: Vec<InputIssue>,
}

impl<'a> Issues<'a> {
    pub(super) fn new(path: &'a Path) -> Self {
        Self {
            path,
            list: Vec::new(),
        }
    }

    pub(super) fn at(&mut self, line: u64, what: impl Into<String>) {
        self.list.push(InputIssue {
            location: Location {
                file: self.path.to_path_buf(),
                line: Some(line),
                column: None,
            },
            kind: InputIssueKind::Format(what.into()),
        });
    }
}

/// A task element's label in messages: `task UID 12 ("Design")`.
fn label(kind: &str, uid: i64, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{kind} UID {uid} (\"{n}\")"),
        None => format!("{kind} UID {uid}"),
    }
}

/// A CSV id made from a display name: the characters ids may not hold
/// (`;|:+,`) become `_`; empty names give `fallback`; repeated ids get
/// `~N`.
fn unique_id(name: Option<&str>, fallback: &str, taken: &mut BTreeSet<String>) -> String {
    let base: String = name
        .unwrap_or("")
        .trim()
        .chars()
        .map(|c| {
            if ";|:+,\"".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let base = if base.is_empty() {
        fallback.to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}~{n}");
        n += 1;
    }
    id
}

fn iso(d: Date) -> String {
    d.to_string()
}

/// Reads the [`Source`] (what the import understood, for the export) from
/// the document; problems go to `issues`.
pub(super) fn read_source(root: &Element, issues: &mut Issues<'_>) -> Source {
    let minutes_per_day = root
        .text("MinutesPerDay")
        .and_then(number)
        .filter(|m| *m > 0.0)
        .unwrap_or(DEFAULT_MINUTES_PER_DAY);
    let start = root.get("StartDate").and_then(|f| match datetime(&f.text) {
        Some(d) => Some(d),
        None => {
            issues.at(
                f.line,
                format!("<StartDate> `{}` is not an ISO 8601 datetime", f.text),
            );
            None
        }
    });
    let calendars = root
        .list("Calendars", "Calendar")
        .into_iter()
        .filter_map(|c| read_calendar(c, issues))
        .collect();
    let mut uids = BTreeSet::new();
    let mut tasks = Vec::new();
    for t in root.list("Tasks", "Task") {
        if let Some(task) = read_task(t, issues) {
            if !uids.insert(task.uid) {
                issues.at(
                    t.line,
                    format!(
                        "{}: the UID appears twice",
                        label("task", task.uid, task.name.as_deref())
                    ),
                );
                continue;
            }
            tasks.push(task);
        }
    }
    let mut resources = Vec::new();
    let mut ruids = BTreeSet::new();
    for r in root.list("Resources", "Resource") {
        if let Some(res) = read_resource(r, issues) {
            if !ruids.insert(res.uid) {
                issues.at(
                    r.line,
                    format!(
                        "{}: the UID appears twice",
                        label("resource", res.uid, res.name.as_deref())
                    ),
                );
                continue;
            }
            resources.push(res);
        }
    }
    let assignments = root
        .list("Assignments", "Assignment")
        .into_iter()
        .filter_map(|a| read_assignment(a, issues))
        .collect();
    let status = root.text("StatusDate").and_then(datetime);
    Source {
        name: root.text("Title").or(root.text("Name")).map(str::to_string),
        start,
        status,
        minutes_per_day,
        calendar_uid: root.text("CalendarUID").and_then(integer),
        calendars,
        tasks,
        resources,
        assignments,
    }
}

fn required_uid(e: &Element, kind: &str, issues: &mut Issues<'_>) -> Option<i64> {
    match e.get("UID") {
        None => {
            issues.at(e.line, format!("<{kind}> without a <UID>"));
            None
        }
        Some(f) => match integer(&f.text) {
            Some(u) => Some(u),
            None => {
                issues.at(
                    f.line,
                    format!("<{kind}> <UID> `{}` is not an integer", f.text),
                );
                None
            }
        },
    }
}

fn read_calendar(e: &Element, issues: &mut Issues<'_>) -> Option<Calendar> {
    let uid = required_uid(e, "Calendar", issues)?;
    let name = e.text("Name").map(str::to_string);
    let what = label("calendar", uid, name.as_deref());
    let mut weekdays = [None; 7];
    let mut exceptions = Vec::new();
    let period = |p: Option<&Element>,
                  working: bool,
                  name: Option<String>,
                  line: u64,
                  issues: &mut Issues<'_>| {
        let p = p?;
        let from = p.text("FromDate").and_then(datetime);
        let to = p.text("ToDate").and_then(datetime);
        match (from, to) {
            (Some(from), Some(to)) if from.date() <= to.date() => Some(Exception {
                from: from.date(),
                // a period ending at midnight ends the day before
                to: if to.time() == jiff::civil::Time::midnight() && to.date() > from.date() {
                    to.date().yesterday().unwrap_or(to.date())
                } else {
                    to.date()
                },
                working,
                name,
            }),
            _ => {
                issues.at(line, format!("{what}: an exception's <TimePeriod> needs <FromDate> <= <ToDate> (ISO 8601 datetimes)"));
                None
            }
        }
    };
    // MS Project 2007 and later write the exceptions twice: as
    // <Exceptions> and expanded in the 2003 format (<WeekDay> of type 0);
    // the latter are read only without the former
    let modern = !e.list("Exceptions", "Exception").is_empty();
    for w in e.list("WeekDays", "WeekDay") {
        let working = flag(w.text("DayWorking"));
        match w.text("DayType").and_then(integer) {
            Some(t @ 1..=7) => weekdays[((t + 5) % 7) as usize] = Some(working),
            Some(0) if modern => {}
            Some(0) => {
                exceptions.extend(period(w.one("TimePeriod"), working, None, w.line, issues))
            }
            _ => issues.at(
                w.line,
                format!("{what}: <WeekDay> <DayType> must be 0 to 7"),
            ),
        }
    }
    let mut recurring = 0;
    for x in e.list("Exceptions", "Exception") {
        // types: 1 daily (every <Period> days), others recur weekly,
        // monthly or yearly
        let kind = x.text("Type").and_then(integer).unwrap_or(1);
        let every = x.text("Period").and_then(integer).unwrap_or(1);
        if kind != 1 || every > 1 {
            recurring += 1;
            continue;
        }
        let working = match x.text("DayWorking") {
            Some(t) => flag(Some(t)),
            None => x.one("WorkingTimes").is_some(),
        };
        exceptions.extend(period(
            x.one("TimePeriod"),
            working,
            x.text("Name").map(str::to_string),
            x.line,
            issues,
        ));
    }
    Some(Calendar {
        uid,
        name,
        base: e
            .text("BaseCalendarUID")
            .and_then(integer)
            .filter(|&b| b >= 0 && b != uid),
        weekdays,
        exceptions,
        recurring,
        work_weeks: e.list("WorkWeeks", "WorkWeek").len(),
        line: e.line,
    })
}

fn read_task(e: &Element, issues: &mut Issues<'_>) -> Option<Task> {
    let uid = required_uid(e, "Task", issues)?;
    let name = e.text("Name").map(str::to_string);
    let what = label("task", uid, name.as_deref());
    let mut bad = |field: &str, text: &str, expected: &str, line: u64| {
        issues.at(
            line,
            format!("{what}: <{field}> `{text}` is not {expected}"),
        );
    };
    let mut read_hours = |field: &str| -> Option<f64> {
        let f = e.get(field)?;
        match hours(&f.text) {
            Some(h) if h >= 0.0 => Some(h),
            _ => {
                bad(
                    field,
                    &f.text,
                    "an ISO 8601 duration >= 0 (e.g. PT80H0M0S)",
                    f.line,
                );
                None
            }
        }
    };
    let work = read_hours("Work");
    let duration = read_hours("Duration");
    let mut date = |field: &str| -> Option<DateTime> {
        let f = e.get(field)?;
        let d = datetime(&f.text);
        if d.is_none() {
            issues.at(
                f.line,
                format!("{what}: <{field}> `{}` is not an ISO 8601 datetime", f.text),
            );
        }
        d
    };
    let start = date("Start");
    let finish = date("Finish");
    let actual_start = date("ActualStart");
    let actual_finish = date("ActualFinish");
    let constraint_date = date("ConstraintDate");
    let deadline = date("Deadline");
    let mut int = |field: &str, lo: i64, hi: i64| -> Option<i64> {
        let f = e.get(field)?;
        match integer(&f.text) {
            Some(v) if (lo..=hi).contains(&v) => Some(v),
            _ => {
                issues.at(
                    f.line,
                    format!(
                        "{what}: <{field}> `{}` is not an integer in {lo}..={hi}",
                        f.text
                    ),
                );
                None
            }
        }
    };
    let outline_level = int("OutlineLevel", 0, 1000).unwrap_or(1) as u32;
    let priority = int("Priority", 0, 1000).unwrap_or(500) as u32;
    let percent_complete = int("PercentComplete", 0, 100).map(|p| p as u32);
    let constraint_type = int("ConstraintType", 0, 7).unwrap_or(0) as u32;
    let mut links = Vec::new();
    for l in e.all("PredecessorLink") {
        let Some(pred) = l.text("PredecessorUID").and_then(integer) else {
            issues.at(
                l.line,
                format!("{what}: <PredecessorLink> without an integer <PredecessorUID>"),
            );
            continue;
        };
        let lag = match l.get("LinkLag") {
            None => 0,
            Some(f) => match integer(&f.text) {
                Some(v) => v,
                None => {
                    issues.at(
                        f.line,
                        format!(
                            "{what}: <LinkLag> `{}` is not an integer (tenths of minutes)",
                            f.text
                        ),
                    );
                    0
                }
            },
        };
        links.push(Link {
            predecessor: pred,
            kind: l.text("Type").and_then(integer).unwrap_or(1),
            lag,
            lag_format: l.text("LagFormat").and_then(integer).unwrap_or(7),
            cross_project: flag(l.text("CrossProject")),
            line: l.line,
        });
    }
    Some(Task {
        uid,
        id: e.text("ID").and_then(integer),
        name,
        outline_level,
        summary: flag(e.text("Summary")),
        milestone: flag(e.text("Milestone")),
        null: flag(e.text("IsNull")),
        active: e.text("Active").is_none_or(|t| flag(Some(t))),
        manual: flag(e.text("Manual")),
        priority,
        work,
        duration,
        start,
        finish,
        actual_start,
        actual_finish,
        percent_complete,
        constraint_type,
        constraint_date,
        deadline,
        links,
        line: e.line,
    })
}

fn read_resource(e: &Element, issues: &mut Issues<'_>) -> Option<Resource> {
    let uid = required_uid(e, "Resource", issues)?;
    let name = e.text("Name").map(str::to_string);
    let what = label("resource", uid, name.as_deref());
    let max_units = match e.get("MaxUnits") {
        None => 1.0,
        Some(f) => {
            match number(&f.text) {
                Some(u) if u >= 0.0 => u,
                _ => {
                    issues.at(f.line, format!("{what}: <MaxUnits> `{}` is not a number >= 0 (1.0 = one full-time person)", f.text));
                    1.0
                }
            }
        }
    };
    let mut availability = Vec::new();
    for p in e.list("AvailabilityPeriods", "AvailabilityPeriod") {
        let from = p.text("AvailableFrom").and_then(datetime);
        let to = p.text("AvailableTo").and_then(datetime);
        let units = p.text("AvailableUnits").and_then(number);
        match (from, to, units) {
            (Some(f), Some(t), Some(u)) if u >= 0.0 && f <= t => availability.push((f.date(), t.date(), u)),
            // MS Project writes open ends as absent dates
            (None, None, Some(u)) if u >= 0.0 => {}
            _ => issues.at(p.line, format!("{what}: <AvailabilityPeriod> needs <AvailableFrom> <= <AvailableTo> and <AvailableUnits> >= 0")),
        }
    }
    Some(Resource {
        uid,
        id: e.text("ID").and_then(integer),
        name,
        kind: e.text("Type").and_then(integer).unwrap_or(1),
        null: flag(e.text("IsNull")),
        group: e.text("Group").map(str::to_string),
        max_units,
        calendar: e.text("CalendarUID").and_then(integer),
        availability,
        line: e.line,
    })
}

fn read_assignment(e: &Element, issues: &mut Issues<'_>) -> Option<Assignment> {
    let what = match e.text("UID") {
        Some(u) => format!("assignment UID {u}"),
        None => "assignment".to_string(),
    };
    let task = e.text("TaskUID").and_then(integer);
    let resource = e.text("ResourceUID").and_then(integer);
    let (Some(task), Some(resource)) = (task, resource) else {
        issues.at(
            e.line,
            format!("{what}: needs an integer <TaskUID> and <ResourceUID>"),
        );
        return None;
    };
    let units = match e.get("Units") {
        None => 1.0,
        Some(f) => match number(&f.text) {
            Some(u) if u >= 0.0 => u,
            _ => {
                issues.at(
                    f.line,
                    format!("{what}: <Units> `{}` is not a number >= 0", f.text),
                );
                return None;
            }
        },
    };
    let work = match e.get("Work") {
        // without <Work> (TaskJuggler writes none): the timephased work,
        // remaining (type 1) and actual (type 2)
        None => {
            let phased: Vec<f64> = e
                .all("TimephasedData")
                .filter(|p| matches!(p.text("Type").and_then(integer), Some(1 | 2)))
                .filter_map(|p| p.text("Value").and_then(hours))
                .collect();
            (!phased.is_empty()).then(|| phased.iter().sum())
        }
        Some(f) => match hours(&f.text) {
            Some(h) if h >= 0.0 => Some(h),
            _ => {
                issues.at(
                    f.line,
                    format!(
                        "{what}: <Work> `{}` is not an ISO 8601 duration >= 0",
                        f.text
                    ),
                );
                None
            }
        },
    };
    Some(Assignment {
        uid: e.text("UID").and_then(integer),
        task,
        resource,
        units,
        work,
        line: e.line,
    })
}

/// `from..=to` clipped to working days of `calendar` at both ends (`None`
/// when no working day is left).
fn clip(calendar: &WorkDays, mut from: Date, mut to: Date) -> Option<(Date, Date)> {
    let works = |d: Date| calendar.is_working(d.into());
    // a week of non-working days at either end is the most a calendar with
    // a working weekday can have, but exceptions can make it longer
    while from <= to && !works(from) {
        from = from.tomorrow().ok()?;
    }
    while to >= from && !works(to) {
        to = to.yesterday().ok()?;
    }
    (from <= to).then_some((from, to))
}

/// A calendar's weekdays and exceptions with its base calendars' filled
/// in (a derived calendar's own weekdays and exceptions win; unset weekdays
/// default to Monday to Friday).
fn effective(source: &Source, uid: i64) -> ([bool; 7], Vec<Exception>) {
    let mut chain: Vec<&Calendar> = Vec::new();
    let mut next = Some(uid);
    while let Some(u) = next {
        match source.calendars.iter().find(|c| c.uid == u) {
            Some(c) if !chain.iter().any(|x| x.uid == u) => {
                chain.push(c);
                next = c.base;
            }
            _ => break,
        }
    }
    let mut weekdays = [true, true, true, true, true, false, false];
    let mut exceptions = Vec::new();
    // base-most first, so later (derived) entries override
    for c in chain.iter().rev() {
        for (w, d) in weekdays.iter_mut().zip(c.weekdays) {
            if let Some(d) = d {
                *w = d;
            }
        }
        exceptions.extend(c.exceptions.iter().cloned());
    }
    (weekdays, exceptions)
}

/// The plan tables for `source` (see the module docs).
pub(super) fn tables(
    source: &Source,
    options: &MspdiOptions,
    issues: &mut Issues<'_>,
    notes: &mut Vec<String>,
) -> Tables {
    let mut t = Tables::default();
    let hours_per_day = source.minutes_per_day / 60.0;
    // --- project calendar
    let project_calendar = source
        .calendar_uid
        .filter(|u| source.calendars.iter().any(|c| c.uid == *u));
    let (weekdays, exceptions) = match project_calendar {
        Some(u) => effective(source, u),
        None => ([true, true, true, true, true, false, false], Vec::new()),
    };
    if !weekdays.iter().any(|&w| w) {
        issues.at(1, "the project calendar has no working weekday");
    }
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let pattern: Vec<&str> = DAYS
        .iter()
        .zip(weekdays)
        .filter(|(_, w)| *w)
        .map(|(d, _)| *d)
        .collect();
    t.project
        .push(vec!["start".into(), "weekdays".into(), "name".into()]);
    // the plan starts at the project's start, or earlier when tasks of the
    // file started or are dated before it (a tracked project's StartDate is
    // often the day the file was made)
    let earliest = source
        .tasks
        .iter()
        .filter(|x| !x.null && x.outline_level > 0)
        .flat_map(|x| [x.start, x.actual_start])
        .flatten()
        .map(|d| d.date())
        .min();
    let plan_start = match (source.start.map(|s| s.date()), earliest) {
        (Some(s), Some(e)) if e < s => {
            notes.push(format!(
                "tasks are dated from {e}, before <StartDate> {s}: the plan starts on {e}"
            ));
            Some(e)
        }
        (s, _) => s,
    };
    match plan_start {
        Some(s) => t.project.push(vec![
            iso(s),
            pattern.join("|"),
            source.name.clone().unwrap_or_default(),
        ]),
        None => issues.at(
            1,
            "<StartDate> is missing: the project start is needed for the dates",
        ),
    }
    // the project calendar, for clipping capacity changes to working days
    let mut week = WorkDays::new(plan_start.unwrap_or(Date::constant(2000, 1, 3)).into());
    if let Ok(w) = week.clone().with_weekdays(weekdays) {
        week = w;
    }
    for x in &exceptions {
        week = week.with_exceptions(x.from.into(), x.to.into(), x.working);
    }
    // exceptions before the project start do not matter (the export keeps
    // them all: it writes the calendars it read)
    let start_date = plan_start;
    let exceptions: Vec<Exception> = exceptions
        .into_iter()
        .filter(|x| start_date.is_none_or(|s| x.to >= s))
        .map(|mut x| {
            if let Some(s) = start_date.filter(|s| x.from < *s) {
                x.from = s;
            }
            x
        })
        .collect();
    if !exceptions.is_empty() {
        t.workdays
            .push(["from", "to", "working", "name"].map(String::from).into());
        for x in &exceptions {
            t.workdays.push(vec![
                iso(x.from),
                iso(x.to),
                if x.working { "yes" } else { "no" }.into(),
                x.name.clone().unwrap_or_default(),
            ]);
        }
    }
    for c in &source.calendars {
        if c.recurring > 0 {
            notes.push(format!(
                "{}: {} recurring exception(s) ignored (only single date ranges are read)",
                label("calendar", c.uid, c.name.as_deref()),
                c.recurring
            ));
        }
        if c.work_weeks > 0 {
            notes.push(format!(
                "{}: {} alternative work week(s) ignored",
                label("calendar", c.uid, c.name.as_deref()),
                c.work_weeks
            ));
        }
    }

    // --- teams
    let mut team_ids = BTreeSet::new();
    // resource UID -> (team index, people)
    let mut member: BTreeMap<i64, (usize, u32)> = BTreeMap::new();
    struct Team {
        id: String,
        name: Option<String>,
        capacity: u32,
        line: u64,
        members: Vec<i64>,
    }
    let mut teams: Vec<Team> = Vec::new();
    let mut group_index: BTreeMap<String, usize> = BTreeMap::new();
    let people = |units: f64| -> u32 {
        if units <= 0.0 {
            0
        } else {
            (units.round() as u32).max(1)
        }
    };
    for r in &source.resources {
        // MS Project's resource UID 0 is a placeholder, not a resource
        if r.null || (r.uid == 0 && r.name.is_none()) {
            continue;
        }
        if r.kind != 1 {
            notes.push(format!(
                "{}: {} resource ignored (only work resources are teams)",
                label("resource", r.uid, r.name.as_deref()),
                if r.kind == 0 { "material" } else { "cost" }
            ));
            continue;
        }
        let n = people(r.max_units);
        if r.max_units.fract() != 0.0 {
            notes.push(format!(
                "{}: <MaxUnits> {} counted as {n} people",
                label("resource", r.uid, r.name.as_deref()),
                r.max_units
            ));
        }
        let group = r.group.clone().filter(|_| options.group_teams);
        let index = match group.as_ref().and_then(|g| group_index.get(g)) {
            Some(&i) => i,
            None => {
                let fallback = format!("R{}", r.uid);
                let name = group.clone().or(r.name.clone());
                teams.push(Team {
                    id: unique_id(name.as_deref(), &fallback, &mut team_ids),
                    name: name.clone(),
                    capacity: 0,
                    line: r.line,
                    members: Vec::new(),
                });
                if let Some(g) = group {
                    group_index.insert(g, teams.len() - 1);
                }
                teams.len() - 1
            }
        };
        teams[index].capacity += n;
        teams[index].members.push(r.uid);
        member.insert(r.uid, (index, n));
    }

    for (&uid, &(index, _)) in &member {
        t.resource_team.insert(uid, teams[index].id.clone());
    }

    // --- tasks: outline structure
    let tasks: Vec<&Task> = source
        .tasks
        .iter()
        .filter(|x| !x.null && x.outline_level > 0)
        .collect();
    let mut inactive = 0;
    // parent (index into `tasks`) by outline level
    let mut parent: Vec<Option<usize>> = vec![None; tasks.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, x) in tasks.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&s| tasks[s].outline_level >= x.outline_level)
        {
            stack.pop();
        }
        parent[i] = stack.last().copied();
        stack.push(i);
    }
    let mut has_child = vec![false; tasks.len()];
    for p in parent.iter().flatten() {
        has_child[*p] = true;
    }
    let is_summary = |i: usize| has_child[i];
    // goal of each task: its ancestor-or-self at the goal level that is a
    // summary, else (a leaf outside any such summary) itself
    let goal_level = options.goal_level.max(1);
    let goal_of = |mut i: usize| -> usize {
        let leaf = i;
        loop {
            if tasks[i].outline_level == goal_level && is_summary(i) {
                return i;
            }
            match parent[i] {
                Some(p) => i = p,
                None => return leaf,
            }
        }
    };
    let by_uid: BTreeMap<i64, usize> = tasks.iter().enumerate().map(|(i, x)| (x.uid, i)).collect();
    let mut leaves_of: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    for i in 0..tasks.len() {
        if is_summary(i) {
            continue;
        }
        let mut a = Some(i);
        while let Some(j) = a {
            leaves_of[j].push(i);
            a = parent[j];
        }
    }
    let leaf_ids: Vec<String> = tasks.iter().map(|x| format!("T{}", x.uid)).collect();
    let goal_ids: Vec<String> = tasks.iter().map(|x| format!("G{}", x.uid)).collect();
    let mut goals: Vec<usize> = Vec::new();
    for i in 0..tasks.len() {
        if is_summary(i) {
            if tasks[i].outline_level == goal_level && !leaves_of[i].is_empty() {
                goals.push(i);
            }
        } else if goal_of(i) == i {
            goals.push(i);
        }
    }
    goals.sort_unstable();
    if goals.is_empty() {
        issues.at(
            1,
            "the file has no tasks to plan (no <Task> with an <OutlineLevel> of 1 or more)",
        );
    }

    // --- assignments
    let mut assigned: BTreeMap<usize, Vec<&Assignment>> = BTreeMap::new();
    for a in &source.assignments {
        if a.resource == NO_RESOURCE {
            continue;
        }
        let what = a
            .uid
            .map_or("assignment".to_string(), |u| format!("assignment UID {u}"));
        let Some(&ti) = by_uid.get(&a.task) else {
            if !source.tasks.iter().any(|x| x.uid == a.task) {
                issues.at(
                    a.line,
                    format!("{what}: <TaskUID> {} is not a task of the file", a.task),
                );
            }
            continue;
        };
        let Some(r) = source.resources.iter().find(|r| r.uid == a.resource) else {
            issues.at(
                a.line,
                format!(
                    "{what}: <ResourceUID> {} is not a resource of the file",
                    a.resource
                ),
            );
            continue;
        };
        if is_summary(ti) {
            notes.push(format!(
                "{what}: an assignment to summary {} ignored (tandem staffs leaf tasks)",
                label("task", tasks[ti].uid, tasks[ti].name.as_deref())
            ));
            continue;
        }
        if member.contains_key(&r.uid) {
            assigned.entry(ti).or_default().push(a);
        }
    }

    // --- staffing: each leaf's crews, effort and duration in days
    #[derive(Clone, Default)]
    struct Staff {
        crews: Vec<(usize, u32)>,
        effort: f64,
        days: u32,
    }
    let mut staff: Vec<Option<Staff>> = vec![None; tasks.len()];
    for i in 0..tasks.len() {
        let x = tasks[i];
        if is_summary(i) {
            continue;
        }
        let what = label("task", x.uid, x.name.as_deref());
        // crews per team, in resource order of first assignment
        let mut crews: Vec<(usize, u32)> = Vec::new();
        let mut fractional = false;
        let mut assignment_work = 0.0;
        let mut any_work = false;
        for a in assigned.get(&i).into_iter().flatten() {
            let (team, _) = member[&a.resource];
            let k = people(a.units).max(1);
            fractional |= a.units.fract() != 0.0;
            if let Some(w) = a.work {
                assignment_work += w;
                any_work = true;
            }
            match crews.iter_mut().find(|c| c.0 == team) {
                Some(c) => c.1 += k,
                None => crews.push((team, k)),
            }
        }
        for c in &crews {
            if c.1 > teams[c.0].capacity {
                issues.at(
                    x.line,
                    format!(
                        "{what}: needs {} people of team {} but its resources have {} (<MaxUnits>)",
                        c.1, teams[c.0].id, teams[c.0].capacity
                    ),
                );
            }
        }
        let total: u32 = crews.iter().map(|c| c.1).sum::<u32>().max(1);
        // without <Duration>: the dated length in working days
        let duration_days = match (x.duration, x.start, x.finish) {
            (Some(d), _, _) => d / hours_per_day,
            (None, Some(s), Some(f)) if !x.milestone && f > s => {
                let first = week.day_of(s.date().into()).unwrap_or(0);
                let after = f
                    .date()
                    .tomorrow()
                    .ok()
                    .and_then(|d| week.day_of(d.into()))
                    .unwrap_or(first);
                f64::from(after.saturating_sub(first))
            }
            _ => 0.0,
        };
        let work = x
            .work
            .filter(|w| *w > 0.0)
            .or(any_work.then_some(assignment_work));
        let effort = if x.milestone {
            0.0
        } else if crews.is_empty() || fractional || work.is_none() {
            if fractional {
                notes.push(format!("{what}: fractional assignment units rounded to whole people; its duration of {duration_days:.2} days is kept"));
            }
            duration_days * f64::from(total)
        } else {
            work.unwrap_or(0.0) / hours_per_day
        };
        let effort = (effort * 1000.0).round() / 1000.0;
        let days = if x.milestone {
            0
        } else {
            crate::model::crew_duration(effort, total)
        };
        staff[i] = Some(Staff {
            crews,
            effort,
            days,
        });
    }

    // --- the unassigned pseudo-team
    // every task the staffing left without a team (inactive ones included:
    // they are planned like the others), so that the team never runs short
    let unassigned = staff
        .iter()
        .flatten()
        .filter(|x| x.crews.is_empty())
        .count();
    let unassigned_id =
        (unassigned > 0).then(|| unique_id(Some("unassigned"), "unassigned", &mut team_ids));

    // --- teams.csv and calendar.csv
    t.teams
        .push(["team", "capacity", "name"].map(String::from).into());
    for team in &teams {
        t.teams.push(vec![
            team.id.clone(),
            team.capacity.to_string(),
            team.name.clone().unwrap_or_default(),
        ]);
        t.team_origins.push(Origin {
            what: format!("team {}", team.id),
            line: team.line,
        });
    }
    if let Some(id) = &unassigned_id {
        t.teams.push(vec![
            id.clone(),
            unassigned.to_string(),
            "tasks without resources (uses no real team)".into(),
        ]);
        t.team_origins.push(Origin {
            what: "unassigned tasks".into(),
            line: 1,
        });
    }
    t.calendar
        .push(["team", "from", "to", "capacity"].map(String::from).into());
    for team in &teams {
        // per-person reductions and availability as date ranges
        let mut changes: Vec<(Date, Date, i64)> = Vec::new();
        for &uid in &team.members {
            let Some(r) = source.resources.iter().find(|r| r.uid == uid) else {
                continue;
            };
            let n = i64::from(member[&uid].1);
            if let Some(c) = r.calendar
                && let Some(cal) = source.calendars.iter().find(|x| x.uid == c)
            {
                for x in cal.exceptions.iter().filter(|x| !x.working) {
                    changes.push((x.from, x.to, -n));
                }
                let (own, _) = effective(source, c);
                if own != weekdays {
                    notes.push(format!(
                        "{}: its calendar's working weekdays differ from the project's; tandem uses the project's",
                        label("resource", r.uid, r.name.as_deref())
                    ));
                }
            }
            for &(from, to, units) in &r.availability {
                changes.push((from, to, i64::from(people(units)) - n));
            }
        }
        if changes.is_empty() {
            continue;
        }
        // sweep: capacity on each elementary range between change bounds
        let mut bounds: BTreeSet<Date> = BTreeSet::new();
        for &(f, to, _) in &changes {
            bounds.insert(f);
            if let Ok(n) = to.tomorrow() {
                bounds.insert(n);
            }
        }
        let bounds: Vec<Date> = bounds.into_iter().collect();
        for w in bounds.windows(2) {
            let (from, to) = (w[0], w[1].yesterday().unwrap_or(w[1]));
            let delta: i64 = changes
                .iter()
                .filter(|c| c.0 <= from && to <= c.1)
                .map(|c| c.2)
                .sum();
            if delta == 0 {
                continue;
            }
            // before the project start nothing is planned
            let from = match plan_start {
                Some(s) if from < s => s,
                _ => from,
            };
            if from > to {
                continue;
            }
            if let Some((f, to)) = clip(&week, from, to) {
                let cap = (i64::from(team.capacity) + delta).max(0);
                t.calendar
                    .push(vec![team.id.clone(), iso(f), iso(to), cap.to_string()]);
            }
        }
    }

    // --- links
    let mut task_deps: BTreeMap<usize, BTreeMap<usize, i64>> = BTreeMap::new();
    let mut goal_deps: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (si, x) in tasks.iter().enumerate() {
        for l in &x.links {
            let what = label("task", x.uid, x.name.as_deref());
            let Some(&pi) = by_uid.get(&l.predecessor) else {
                issues.at(
                    l.line,
                    format!(
                        "{what}: <PredecessorLink> to task UID {}, which the file does not have",
                        l.predecessor
                    ),
                );
                continue;
            };
            let pred = label("task", l.predecessor, tasks[pi].name.as_deref());
            if l.cross_project {
                issues.at(
                    l.line,
                    format!(
                        "{what}: the link from {pred} crosses projects; tandem plans one project"
                    ),
                );
                continue;
            }
            let kind = match l.kind {
                0 => "finish-to-finish",
                1 => "finish-to-start",
                2 => "start-to-finish",
                3 => "start-to-start",
                k => {
                    issues.at(
                        l.line,
                        format!("{what}: the link from {pred} has an unknown <Type> {k} (0 to 3)"),
                    );
                    continue;
                }
            };
            let days = if l.lag == 0 {
                0.0
            } else if WORKING_LAGS.contains(&l.lag_format) {
                l.lag as f64 / 10.0 / source.minutes_per_day
            } else if PERCENT_LAGS.contains(&l.lag_format) {
                // LinkLag holds the percentage times 10 for percent lags
                let d = tasks[pi].duration.unwrap_or(0.0) / hours_per_day;
                d * l.lag as f64 / 1000.0
            } else {
                issues.at(l.line, format!("{what}: the {kind} link from {pred} has an elapsed lag (LagFormat {}), which tandem cannot express in working days", l.lag_format));
                continue;
            };
            // whole working days, rounded up (a lead of 1.5 days is 1)
            let lag = days.ceil() as i64;
            if (lag as f64 - days).abs() > 1e-9 {
                notes.push(format!(
                    "{what}: the lag of {days:.2} working days from {pred} rounded up to {lag}"
                ));
            }
            // the start of a summary is its earliest leaf's, its finish its
            // latest leaf's: "after the start of a summary" or "finishing
            // after something" of a summary is not a rule on each leaf
            let (from_start, to_finish) = (matches!(l.kind, 2 | 3), matches!(l.kind, 0 | 2));
            if (from_start && is_summary(pi)) || (to_finish && is_summary(si)) {
                issues.at(l.line, format!("{what}: the {kind} link from {pred} binds the {} of a summary task, which tandem cannot express on its tasks; link a task instead", if from_start && is_summary(pi) { "start" } else { "finish" }));
                continue;
            }
            let (p_goal, s_goal) = (
                goals.binary_search(&pi).is_ok() && is_summary(pi),
                goals.binary_search(&si).is_ok() && is_summary(si),
            );
            if l.kind == 1 && p_goal && s_goal && lag == 0 {
                goal_deps.entry(si).or_default().insert(pi);
                continue;
            }
            // every link type as finish-to-start with the tasks' fixed
            // durations: SS = FS - d(pred), FF = FS - d(succ), SF = FS -
            // d(pred) - d(succ)
            let days_of = |i: usize| i64::from(staff[i].as_ref().map_or(0, |x| x.days));
            for &s in &leaves_of[si] {
                for &p in &leaves_of[pi] {
                    let lag = lag
                        - if from_start { days_of(p) } else { 0 }
                        - if to_finish { days_of(s) } else { 0 };
                    let e = task_deps.entry(s).or_default().entry(p).or_insert(lag);
                    *e = (*e).max(lag);
                }
            }
        }
    }

    // --- goals.csv
    t.goals.push(
        ["goal", "priority", "due", "depends_on", "name"]
            .map(String::from)
            .into(),
    );
    for &g in &goals {
        let x = tasks[g];
        let deps: Vec<String> = goal_deps
            .get(&g)
            .into_iter()
            .flatten()
            .map(|&p| goal_ids[p].clone())
            .collect();
        let priority = x.priority.max(1);
        if x.priority == 0 {
            notes.push(format!(
                "{}: <Priority> 0 read as 1 (tandem's priorities are > 0)",
                label("task", x.uid, x.name.as_deref())
            ));
        }
        t.goals.push(vec![
            goal_ids[g].clone(),
            priority.to_string(),
            x.deadline.map(|d| iso(d.date())).unwrap_or_default(),
            deps.join(";"),
            x.name.clone().unwrap_or_default(),
        ]);
        t.goal_origins.push(Origin {
            what: label("task", x.uid, x.name.as_deref()),
            line: x.line,
        });
    }

    // --- tasks.csv and progress.csv
    t.tasks.push(
        [
            "task",
            "goal",
            "effort",
            "teams",
            "depends_on",
            "release",
            "name",
        ]
        .map(String::from)
        .into(),
    );
    t.progress.push(
        ["task", "status", "start", "team", "people"]
            .map(String::from)
            .into(),
    );
    let mut manual = 0;
    let mut manual_constraints = 0;
    for i in 0..tasks.len() {
        let x = tasks[i];
        if is_summary(i) {
            continue;
        }
        let what = label("task", x.uid, x.name.as_deref());
        if !x.active {
            inactive += 1;
        }
        if x.manual {
            manual += 1;
        }
        let Staff { crews, effort, .. } = staff[i].clone().unwrap_or_default();
        let teams_cell = if crews.is_empty() {
            format!("{}*1", unassigned_id.clone().unwrap_or_default())
        } else {
            crews
                .iter()
                .map(|&(tm, k)| format!("{}*{k}", teams[tm].id))
                .collect::<Vec<_>>()
                .join("+")
        };
        let deps: Vec<String> = task_deps
            .get(&i)
            .into_iter()
            .flatten()
            .map(|(&p, &lag)| {
                // a negative lag (a lead) is written `T3+-2`
                if lag != 0 {
                    format!("{}+{lag}", leaf_ids[p])
                } else {
                    leaf_ids[p].clone()
                }
            })
            .collect();
        let release = match x.constraint_type {
            0 => String::new(),
            4 => match x.constraint_date {
                // before the plan start it holds anyway
                Some(d) if plan_start.is_some_and(|s| d.date() <= s) => String::new(),
                Some(d) => iso(d.date()),
                None => {
                    issues.at(x.line, format!("{what}: a \"start no earlier than\" constraint without <ConstraintDate>"));
                    String::new()
                }
            },
            // a manually scheduled task's constraint pins the tool's own
            // schedule (TaskJuggler writes every task so), which tandem
            // replaces
            _ if x.manual => {
                manual_constraints += 1;
                String::new()
            }
            c => {
                let name = [
                    "as soon as possible",
                    "as late as possible",
                    "must start on",
                    "must finish on",
                    "start no earlier than",
                    "start no later than",
                    "finish no earlier than",
                    "finish no later than",
                ][c as usize];
                issues.at(x.line, format!("{what}: the constraint \"{name}\" (<ConstraintType> {c}) is not supported: tandem reads \"as soon as possible\" and \"start no earlier than\" (a release date)"));
                String::new()
            }
        };
        if x.deadline.is_some() && goal_of(i) != i {
            notes.push(format!(
                "{what}: <Deadline> of a task inside goal {} ignored (deadlines are read on goals)",
                goal_ids[goal_of(i)]
            ));
        }
        t.tasks.push(vec![
            leaf_ids[i].clone(),
            goal_ids[goal_of(i)].clone(),
            format_effort(effort),
            teams_cell.clone(),
            deps.join(";"),
            release,
            x.name.clone().unwrap_or_default(),
        ]);
        t.task_origins.push(Origin {
            what: what.clone(),
            line: x.line,
        });
        // progress
        // PercentComplete decides when the file has it (TaskJuggler writes
        // actual dates on every task, future ones too); else the actual
        // dates do
        let (done, started) = match x.percent_complete {
            Some(p) => (
                p >= 100,
                if p > 0 {
                    x.actual_start.or(x.start)
                } else {
                    None
                },
            ),
            None => (x.actual_finish.is_some(), x.actual_start),
        };
        if options.progress && done {
            t.progress.push(vec![
                leaf_ids[i].clone(),
                "done".into(),
                String::new(),
                String::new(),
                String::new(),
            ]);
            t.progress_origins.push(Origin {
                what: what.clone(),
                line: x.line,
            });
        } else if let Some(s) = started.filter(|_| options.progress) {
            let (team, people) = if crews.is_empty() {
                (
                    unassigned_id.clone().unwrap_or_default(),
                    if x.milestone { "0".into() } else { "1".into() },
                )
            } else {
                (
                    crews
                        .iter()
                        .map(|c| teams[c.0].id.clone())
                        .collect::<Vec<_>>()
                        .join("+"),
                    crews
                        .iter()
                        .map(|c| {
                            if x.milestone {
                                "0".to_string()
                            } else {
                                c.1.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("+"),
                )
            };
            t.progress.push(vec![
                leaf_ids[i].clone(),
                "started".into(),
                iso(s.date()),
                team,
                people,
            ]);
            t.progress_origins.push(Origin {
                what: what.clone(),
                line: x.line,
            });
        }
    }
    if inactive > 0 {
        notes.push(format!(
            "{inactive} inactive task(s) planned like the others (tandem has no inactive tasks)"
        ));
    }
    if manual > 0 {
        notes.push(format!(
            "{manual} manually scheduled task(s) planned automatically"
        ));
    }
    if manual_constraints > 0 {
        notes.push(format!(
            "{manual_constraints} constraint(s) of manually scheduled tasks ignored: they pin the other tool's schedule, which tandem replaces"
        ));
    }
    t
}

/// An effort without trailing zeros.
fn format_effort(e: f64) -> String {
    let s = format!("{e:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() { "0".into() } else { s.into() }
}
