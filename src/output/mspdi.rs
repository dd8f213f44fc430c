//! `schedule.xml`: the schedule as a Microsoft Project XML (MSPDI) file
//! that MS Project, ProjectLibre and MPXJ open.
//!
//! # Theory
//! An MSPDI reader re-schedules what it opens unless the dates are pinned.
//! There are two ways to pin a task: manual scheduling (`Manual` 1, MS
//! Project 2010 and later only; ProjectLibre and older readers ignore it)
//! and a "start no earlier than" constraint (`ConstraintType` 4) on the
//! task's start, which every reader understands. tandem's schedule meets
//! every link and never starts a task before its constraint date, so with
//! SNET constraints at tandem's starts an auto-scheduling reader computes
//! exactly tandem's dates (a task starts at the latest of its constraint
//! and its predecessors' finishes, which is its constraint date); tasks are
//! written with `Type` 1 (fixed duration) so that no reader stretches a
//! duration from work and units. Resource levelling is a command in those
//! tools, never automatic, so it does not move them either.
//!
//! # Practical
//! - An imported plan ([`Import`]) is written back with everything the
//!   import understood: task UIDs, names, outline, priorities, deadlines,
//!   links, progress, resources with their groups, units and calendars,
//!   the calendars' weekdays and exceptions, and the assignments; only the
//!   dates, durations and work change (done tasks keep the file's dates).
//! - A CSV plan becomes a project whose goals are summary tasks (outline
//!   level 1) over their tasks, with one resource per team (`MaxUnits` its
//!   capacity), one assignment per team of a task's mode (units = crew)
//!   and the project calendar of the plan.
//! - Every task carries tandem's id in the custom field Text1 (alias
//!   "tandem id"), which is how a reader matches it to `schedule.csv`.
//! - Days are working days of the plan's calendar, 08:00-12:00 and
//!   13:00-17:00 (or `MinutesPerDay` from 08:00): a task starts at 08:00 of
//!   its first day and finishes at the end of its last; a milestone starts
//!   and finishes at 08:00 of its day.

use std::collections::BTreeMap;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::error::OutputError;
use crate::input::mspdi::Import;
use crate::model::{ActivityId, Date, Problem, WorkDays};
use crate::schedule::Schedule;

const WHAT: &str = "schedule.xml";
/// The namespace of MSPDI files.
const NAMESPACE: &str = "http://schemas.microsoft.com/project";
/// MSPDI field id of the task custom field Text1.
const TEXT1: &str = "188743731";
/// MSPDI field id of the resource custom field Text1.
const RESOURCE_TEXT1: &str = "205520904";
/// Minutes per working day of a CSV plan.
const MINUTES_PER_DAY: f64 = 480.0;

/// One task as written.
#[derive(Clone, Debug, Default)]
struct Row {
    uid: i64,
    name: Option<String>,
    outline_level: u32,
    summary: bool,
    milestone: bool,
    priority: u32,
    /// Working days `start..finish` (finish exclusive); `None`: from the
    /// children (summaries) or the file (done tasks).
    days: Option<(u32, u32)>,
    /// Dates kept from the file (done tasks).
    kept: Option<(String, String, f64)>,
    /// People per day, for `Work`.
    people: u32,
    links: Vec<(i64, i64, i64)>,
    deadline: Option<String>,
    percent_complete: u32,
    actual_start: Option<String>,
    actual_finish: Option<String>,
    tandem_id: Option<String>,
    constrain: bool,
}

struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    fn open(&mut self, name: &str) -> Result<(), OutputError> {
        self.event(Event::Start(BytesStart::new(name)))
    }
    fn close(&mut self, name: &str) -> Result<(), OutputError> {
        self.event(Event::End(BytesEnd::new(name)))
    }
    fn leaf(&mut self, name: &str, text: impl AsRef<str>) -> Result<(), OutputError> {
        self.open(name)?;
        self.event(Event::Text(BytesText::new(text.as_ref())))?;
        self.close(name)
    }
    /// A custom field's value (`<ExtendedAttribute>`).
    fn custom(&mut self, field: &str, value: &str) -> Result<(), OutputError> {
        self.open("ExtendedAttribute")?;
        self.leaf("FieldID", field)?;
        self.leaf("Value", value)?;
        self.close("ExtendedAttribute")
    }
    fn event(&mut self, e: Event<'_>) -> Result<(), OutputError> {
        self.w.write_event(e).map_err(|e| OutputError::Serialize {
            what: WHAT,
            message: e.to_string(),
        })
    }
}

/// `PT{h}H{m}M0S`.
fn duration(hours: f64) -> String {
    let minutes = (hours * 60.0).round().max(0.0) as u64;
    format!("PT{}H{}M0S", minutes / 60, minutes % 60)
}

fn stamp(d: Date, minutes: u32) -> String {
    let (y, m, day) = d.ymd();
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:00",
        minutes / 60,
        minutes % 60
    )
}

/// Working-time blocks of a day of `minutes_per_day` minutes, from 08:00
/// (minutes after midnight).
fn blocks(minutes_per_day: f64) -> Vec<(u32, u32)> {
    let m = minutes_per_day.round().clamp(1.0, 1440.0) as u32;
    if m == 480 {
        vec![(480, 720), (780, 1020)]
    } else {
        let from = 480.min(1440 - m);
        vec![(from, from + m)]
    }
}

/// `schedule.xml` of `schedule` (see the module docs): the imported file's
/// content when `imported` is given, else the CSV plan as a project. `None`
/// when the plan has no start date (MSPDI needs dates).
///
/// ```
/// use tandem::schedule::Assignment;
/// use tandem::model::WorkDays;
/// use tandem::{Calendar, ProblemBuilder, Schedule};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ProblemBuilder::new();
/// b.work_days(WorkDays::new("2027-01-04".parse()?));
/// let team = b.resource("backend", Calendar::constant(2));
/// let g = b.goal("launch", 1.0, None);
/// b.plan_task("api", Some(g), &[(team, 4.0)], 2, 2, 0);
/// let problem = b.build()?;
/// let schedule = Schedule::new(vec![Assignment { start: 0, mode: 0 }]);
/// let xml = tandem::output::mspdi_schedule(&problem, &schedule, None)?.unwrap();
/// let xml = String::from_utf8(xml)?;
/// assert!(xml.contains("<Start>2027-01-04T08:00:00</Start>"));
/// assert!(xml.contains("<Finish>2027-01-05T17:00:00</Finish>"));
/// # Ok(()) }
/// ```
pub fn mspdi_schedule(
    problem: &Problem,
    schedule: &Schedule,
    imported: Option<&Import>,
) -> Result<Option<Vec<u8>>, OutputError> {
    let source = imported.map(|i| &i.source);
    let team_of = |r: &crate::input::mspdi::Resource| imported.and_then(|i| i.team_of(r.uid));
    let Some(wd) = problem.work_days() else {
        return Ok(None);
    };
    let minutes_per_day = source.map_or(MINUTES_PER_DAY, |s| s.minutes_per_day);
    let hours_per_day = minutes_per_day / 60.0;
    let blocks = blocks(minutes_per_day);
    let (day_start, day_end) = (blocks[0].0, blocks[blocks.len() - 1].1);
    let by_id: BTreeMap<&str, ActivityId> = problem
        .activity_ids()
        .map(|a| (problem.activity(a).id.as_str(), a))
        .collect();
    let placed = |a: ActivityId| -> (u32, u32, u32) {
        let mode = schedule.mode(problem, a);
        let start = schedule.start(a);
        let people = mode.demands.iter().map(|d| d.amount).sum();
        (start, start + mode.duration, people)
    };
    let mut rows: Vec<Row> = Vec::new();
    // (task uid, resource uid, units)
    let mut assignments: Vec<(i64, i64, f64)> = Vec::new();
    let goal_ids: std::collections::BTreeSet<&str> =
        problem.goals().iter().map(|g| g.id.as_str()).collect();
    match source {
        Some(src) => {
            for t in &src.tasks {
                let id = format!("T{}", t.uid);
                let a = by_id.get(id.as_str()).copied();
                let done = a.is_some_and(|a| problem.replanning().is_done(a));
                let fmt = |d: &Option<jiff::civil::DateTime>| d.map(|d| d.to_string());
                let mut row = Row {
                    uid: t.uid,
                    name: t.name.clone(),
                    outline_level: t.outline_level,
                    summary: a.is_none(),
                    milestone: t.milestone,
                    priority: t.priority,
                    links: t
                        .links
                        .iter()
                        .map(|l| (l.predecessor, l.lag, l.lag_format))
                        .collect(),
                    deadline: fmt(&t.deadline),
                    percent_complete: t.percent_complete.unwrap_or(0),
                    actual_start: fmt(&t.actual_start),
                    actual_finish: fmt(&t.actual_finish),
                    tandem_id: a.map(|_| id.clone()),
                    constrain: a.is_some() && !done,
                    ..Row::default()
                };
                if let Some(a) = a {
                    if done {
                        row.kept = Some((
                            fmt(&t.start).unwrap_or_default(),
                            fmt(&t.finish).unwrap_or_default(),
                            t.duration.unwrap_or(0.0),
                        ));
                    } else {
                        let (s, f, p) = placed(a);
                        row.days = Some((s, f));
                        row.people = p;
                    }
                } else if goal_ids.contains(format!("G{}", t.uid).as_str()) {
                    row.tandem_id = Some(format!("G{}", t.uid));
                }
                rows.push(row);
            }
            // the units tandem planned with: whole people (a fractional
            // assignment of a work resource is one person, see the import)
            for x in &src.assignments {
                let units = match imported.and_then(|i| i.team_of(x.resource)) {
                    Some(_) if x.units > 0.0 => x.units.round().max(1.0),
                    _ => x.units,
                };
                assignments.push((x.task, x.resource, units));
            }
        }
        None => {
            rows.push(Row {
                uid: 0,
                name: Some("tandem plan".into()),
                outline_level: 0,
                summary: true,
                priority: 500,
                ..Row::default()
            });
            let ng = problem.goals().len() as i64;
            let task_uid = |a: ActivityId| ng + 1 + a.index() as i64;
            let mut emit = |a: ActivityId, level: u32, rows: &mut Vec<Row>| {
                let act = problem.activity(a);
                let (s, f, p) = placed(a);
                rows.push(Row {
                    uid: task_uid(a),
                    name: Some(act.name.clone().unwrap_or_else(|| act.id.clone())),
                    outline_level: level,
                    milestone: f == s,
                    priority: 500,
                    days: Some((s, f)),
                    people: p,
                    links: problem
                        .predecessors(a)
                        .iter()
                        .map(|&(b, lag)| {
                            (
                                task_uid(b),
                                (f64::from(lag) * minutes_per_day * 10.0) as i64,
                                7,
                            )
                        })
                        .collect(),
                    tandem_id: Some(act.id.clone()),
                    constrain: true,
                    ..Row::default()
                });
                for d in &schedule.mode(problem, a).demands {
                    if d.amount > 0 {
                        assignments.push((
                            task_uid(a),
                            d.resource.index() as i64 + 1,
                            f64::from(d.amount),
                        ));
                    }
                }
            };
            for (g, goal) in problem.goals().iter().enumerate() {
                rows.push(Row {
                    uid: g as i64 + 1,
                    name: Some(goal.name.clone().unwrap_or_else(|| goal.id.clone())),
                    outline_level: 1,
                    summary: true,
                    priority: goal.priority.round().clamp(0.0, 1000.0) as u32,
                    deadline: goal
                        .due
                        .map(|d| stamp(wd.date_of(d.saturating_sub(1)), day_end)),
                    tandem_id: Some(goal.id.clone()),
                    ..Row::default()
                });
                for &a in problem.goal_members(crate::model::GoalId::from_index(g)) {
                    emit(a, 2, &mut rows);
                }
            }
            for a in problem.activity_ids() {
                if problem.activity(a).goal.is_none() {
                    emit(a, 1, &mut rows);
                }
            }
        }
    }
    // summaries span their children (the rows after them at deeper levels)
    for i in (0..rows.len()).rev() {
        if !rows[i].summary {
            continue;
        }
        let level = rows[i].outline_level;
        let span = rows[i + 1..]
            .iter()
            .take_while(|r| r.outline_level > level)
            .filter_map(|r| r.days)
            .fold(None, |acc: Option<(u32, u32)>, (s, f)| {
                Some(acc.map_or((s, f), |(a, b)| (a.min(s), b.max(f))))
            });
        rows[i].days = span;
    }
    let start_of = |d: u32| stamp(wd.date_of(d), day_start);
    // the end of the last working day before `finish`, or 08:00 of a
    // milestone's day
    let finish_of = |s: u32, f: u32| {
        if f > s {
            stamp(wd.date_of(f - 1), day_end)
        } else {
            stamp(wd.date_of(s), day_start)
        }
    };
    // a row's start, finish and duration in hours: kept from the file
    // (done tasks), or tandem's days
    let dated = |r: &Row| match (&r.kept, r.days) {
        (Some(k), _) => k.clone(),
        (None, Some((s, f))) => (
            start_of(s),
            finish_of(s, f),
            f64::from(f - s) * hours_per_day,
        ),
        (None, None) => (start_of(0), start_of(0), 0.0),
    };
    let project_span = rows
        .iter()
        .filter_map(|r| r.days)
        .fold((u32::MAX, 0), |(a, b), (s, f)| (a.min(s), b.max(f)));
    let project_span = if project_span.0 == u32::MAX {
        (0, 0)
    } else {
        project_span
    };

    let mut x = Xml {
        w: Writer::new_with_indent(Vec::new(), b'\t', 1),
    };
    x.event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )))?;
    x.event(Event::Start(
        BytesStart::new("Project").with_attributes([("xmlns", NAMESPACE)]),
    ))?;
    x.leaf("SaveVersion", "14")?;
    let name = source
        .and_then(|s| s.name.clone())
        .unwrap_or_else(|| "tandem plan".into());
    x.leaf("Name", &name)?;
    x.leaf("Title", &name)?;
    x.leaf("ScheduleFromStart", "1")?;
    // the project start stays the file's (or the plan's day 0)
    let project_start = source
        .and_then(|s| s.start)
        .map_or_else(|| start_of(0), |d| d.to_string());
    x.leaf("StartDate", project_start)?;
    x.leaf("FinishDate", finish_of(project_span.0, project_span.1))?;
    let calendar_uid = source.map_or(Some(1), |s| s.calendar_uid);
    if let Some(c) = calendar_uid {
        x.leaf("CalendarUID", c.to_string())?;
    }
    x.leaf(
        "DefaultStartTime",
        format!("{:02}:{:02}:00", day_start / 60, day_start % 60),
    )?;
    x.leaf(
        "DefaultFinishTime",
        format!("{:02}:{:02}:00", day_end / 60, day_end % 60),
    )?;
    x.leaf(
        "MinutesPerDay",
        format!("{}", minutes_per_day.round() as u64),
    )?;
    x.leaf(
        "MinutesPerWeek",
        format!("{}", (minutes_per_day * 5.0).round() as u64),
    )?;
    x.leaf("DefaultTaskType", "1")?;
    x.leaf("DurationFormat", "7")?;
    x.leaf("HonorConstraints", "1")?;
    x.leaf("NewTasksAreManual", "0")?;
    x.open("ExtendedAttributes")?;
    x.open("ExtendedAttribute")?;
    x.leaf("FieldID", TEXT1)?;
    x.leaf("FieldName", "Text1")?;
    x.leaf("Alias", "tandem id")?;
    x.close("ExtendedAttribute")?;
    x.open("ExtendedAttribute")?;
    x.leaf("FieldID", RESOURCE_TEXT1)?;
    x.leaf("FieldName", "Text1")?;
    x.leaf("Alias", "tandem team")?;
    x.close("ExtendedAttribute")?;
    x.close("ExtendedAttributes")?;

    // calendars: the file's (as read), or the plan's as UID 1
    x.open("Calendars")?;
    match source {
        Some(src) => {
            for c in &src.calendars {
                let weekdays: Vec<(usize, bool)> = c
                    .weekdays
                    .iter()
                    .enumerate()
                    .filter_map(|(i, w)| w.map(|w| (i, w)))
                    .collect();
                let exceptions: Vec<(Date, Date, bool, Option<String>)> = c
                    .exceptions
                    .iter()
                    .map(|e| (e.from.into(), e.to.into(), e.working, e.name.clone()))
                    .collect();
                write_calendar(
                    &mut x,
                    c.uid,
                    c.name.as_deref(),
                    c.base,
                    &weekdays,
                    &exceptions,
                    &blocks,
                )?;
            }
        }
        None => write_calendar(
            &mut x,
            1,
            Some("Standard"),
            None,
            &weekday_flags(wd),
            &project_exceptions(wd),
            &blocks,
        )?,
    }
    x.close("Calendars")?;

    // tasks
    x.open("Tasks")?;
    let mut outline: Vec<u32> = Vec::new();
    for (n, r) in rows.iter().enumerate() {
        let level = r.outline_level as usize;
        let number = if level == 0 {
            "0".to_string()
        } else {
            outline.truncate(level);
            while outline.len() < level {
                outline.push(0);
            }
            outline[level - 1] += 1;
            outline
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(".")
        };
        x.open("Task")?;
        x.leaf("UID", r.uid.to_string())?;
        x.leaf("ID", n.to_string())?;
        if let Some(name) = &r.name {
            x.leaf("Name", name)?;
        }
        x.leaf("Active", "1")?;
        x.leaf("Manual", "0")?;
        x.leaf("Type", "1")?;
        x.leaf("IsNull", "0")?;
        x.leaf("WBS", &number)?;
        x.leaf("OutlineNumber", &number)?;
        x.leaf("OutlineLevel", r.outline_level.to_string())?;
        x.leaf("Priority", r.priority.to_string())?;
        let (start, finish, hours) = dated(r);
        x.leaf("Start", &start)?;
        x.leaf("Finish", &finish)?;
        x.leaf("Duration", duration(hours))?;
        x.leaf("DurationFormat", "7")?;
        if !r.summary {
            x.leaf("Work", duration(hours * f64::from(r.people)))?;
        }
        x.leaf("Milestone", if r.milestone { "1" } else { "0" })?;
        x.leaf("Summary", if r.summary { "1" } else { "0" })?;
        x.leaf("PercentComplete", r.percent_complete.to_string())?;
        if let Some(s) = &r.actual_start {
            x.leaf("ActualStart", s)?;
        }
        if let Some(f) = &r.actual_finish {
            x.leaf("ActualFinish", f)?;
        }
        if r.constrain {
            x.leaf("ConstraintType", "4")?;
            x.leaf("ConstraintDate", &start)?;
        } else {
            x.leaf("ConstraintType", "0")?;
        }
        if let Some(d) = &r.deadline {
            x.leaf("Deadline", d)?;
        }
        for &(pred, lag, format) in &r.links {
            x.open("PredecessorLink")?;
            x.leaf("PredecessorUID", pred.to_string())?;
            x.leaf("Type", "1")?;
            x.leaf("CrossProject", "0")?;
            x.leaf("LinkLag", lag.to_string())?;
            x.leaf("LagFormat", format.to_string())?;
            x.close("PredecessorLink")?;
        }
        if let Some(id) = &r.tandem_id {
            x.custom(TEXT1, id)?;
        }
        x.close("Task")?;
    }
    x.close("Tasks")?;

    // resources
    x.open("Resources")?;
    match source {
        Some(s) => {
            for r in &s.resources {
                x.open("Resource")?;
                x.leaf("UID", r.uid.to_string())?;
                if let Some(id) = r.id {
                    x.leaf("ID", id.to_string())?;
                }
                if let Some(n) = &r.name {
                    x.leaf("Name", n)?;
                }
                x.leaf("Type", r.kind.to_string())?;
                x.leaf("IsNull", if r.null { "1" } else { "0" })?;
                if let Some(g) = &r.group {
                    x.leaf("Group", g)?;
                }
                x.leaf("MaxUnits", format!("{:.2}", r.max_units))?;
                if let Some(c) = r.calendar {
                    x.leaf("CalendarUID", c.to_string())?;
                }
                if let Some(team) = team_of(r) {
                    x.custom(RESOURCE_TEXT1, team)?;
                }
                if !r.availability.is_empty() {
                    x.open("AvailabilityPeriods")?;
                    for &(from, to, units) in &r.availability {
                        x.open("AvailabilityPeriod")?;
                        x.leaf("AvailableFrom", stamp(from.into(), day_start))?;
                        x.leaf("AvailableTo", stamp(to.into(), day_end))?;
                        x.leaf("AvailableUnits", format!("{units:.2}"))?;
                        x.close("AvailabilityPeriod")?;
                    }
                    x.close("AvailabilityPeriods")?;
                }
                x.close("Resource")?;
            }
        }
        None => {
            for (i, team) in problem.resources().iter().enumerate() {
                x.open("Resource")?;
                x.leaf("UID", (i + 1).to_string())?;
                x.leaf("ID", (i + 1).to_string())?;
                x.leaf("Name", team.name.clone().unwrap_or_else(|| team.id.clone()))?;
                x.leaf("Type", "1")?;
                x.leaf("IsNull", "0")?;
                x.leaf(
                    "MaxUnits",
                    format!("{:.2}", f64::from(team.capacity.base())),
                )?;
                x.custom(RESOURCE_TEXT1, &team.id)?;
                x.close("Resource")?;
            }
        }
    }
    x.close("Resources")?;

    // assignments, with the task's dates
    let dates: BTreeMap<i64, (String, String, f64)> = rows
        .iter()
        .filter(|r| !r.summary)
        .map(|r| (r.uid, dated(r)))
        .collect();
    x.open("Assignments")?;
    for (n, &(task, resource, units)) in assignments.iter().enumerate() {
        let Some((start, finish, hours)) = dates.get(&task) else {
            continue;
        };
        x.open("Assignment")?;
        x.leaf("UID", (n + 1).to_string())?;
        x.leaf("TaskUID", task.to_string())?;
        x.leaf("ResourceUID", resource.to_string())?;
        x.leaf("Finish", finish)?;
        x.leaf("Start", start)?;
        x.leaf("Units", format!("{units}"))?;
        x.leaf("Work", duration(hours * units))?;
        x.close("Assignment")?;
    }
    x.close("Assignments")?;
    x.close("Project")?;
    let mut bytes = x.w.into_inner();
    bytes.push(b'\n');
    Ok(Some(bytes))
}

/// The working weekdays of the plan's calendar (Monday = 0).
fn weekday_flags(wd: &WorkDays) -> Vec<(usize, bool)> {
    wd.weekdays().into_iter().enumerate().collect()
}

/// The plan calendar's exceptions.
fn project_exceptions(wd: &WorkDays) -> Vec<(Date, Date, bool, Option<String>)> {
    wd.exceptions()
        .iter()
        .map(|x| (x.from, x.to, x.working, None))
        .collect()
}

fn write_calendar(
    x: &mut Xml,
    uid: i64,
    name: Option<&str>,
    base: Option<i64>,
    weekdays: &[(usize, bool)],
    exceptions: &[(Date, Date, bool, Option<String>)],
    blocks: &[(u32, u32)],
) -> Result<(), OutputError> {
    let hhmm = |m: u32| format!("{:02}:{:02}:00", m / 60, m % 60);
    let times = |x: &mut Xml| -> Result<(), OutputError> {
        x.open("WorkingTimes")?;
        for &(f, t) in blocks {
            x.open("WorkingTime")?;
            x.leaf("FromTime", hhmm(f))?;
            x.leaf("ToTime", hhmm(t))?;
            x.close("WorkingTime")?;
        }
        x.close("WorkingTimes")
    };
    x.open("Calendar")?;
    x.leaf("UID", uid.to_string())?;
    if let Some(n) = name {
        x.leaf("Name", n)?;
    }
    x.leaf("IsBaseCalendar", if base.is_none() { "1" } else { "0" })?;
    x.leaf("IsBaselineCalendar", "0")?;
    x.leaf("BaseCalendarUID", base.unwrap_or(-1).to_string())?;
    if !weekdays.is_empty() {
        x.open("WeekDays")?;
        for &(i, working) in weekdays {
            x.open("WeekDay")?;
            // MSPDI: 1 = Sunday .. 7 = Saturday
            x.leaf("DayType", ((i + 1) % 7 + 1).to_string())?;
            x.leaf("DayWorking", if working { "1" } else { "0" })?;
            if working {
                times(x)?;
            }
            x.close("WeekDay")?;
        }
        x.close("WeekDays")?;
    }
    if !exceptions.is_empty() {
        x.open("Exceptions")?;
        for (from, to, working, name) in exceptions {
            x.open("Exception")?;
            x.leaf("EnteredByOccurrences", "0")?;
            x.open("TimePeriod")?;
            x.leaf("FromDate", stamp(*from, 0))?;
            x.leaf("ToDate", stamp(*to, 23 * 60 + 59))?;
            x.close("TimePeriod")?;
            x.leaf("Occurrences", "1")?;
            if let Some(n) = name {
                x.leaf("Name", n)?;
            }
            x.leaf("Type", "1")?;
            x.leaf("DayWorking", if *working { "1" } else { "0" })?;
            if *working {
                times(x)?;
            }
            x.close("Exception")?;
        }
        x.close("Exceptions")?;
    }
    x.close("Calendar")
}

/// Writes an imported MS Project file's plan folder (the CSV files of
/// [`Import::files`](crate::input::mspdi::Import::files)) into `dir`,
/// atomically, creating it when missing.
pub fn write_import(
    dir: &std::path::Path,
    import: &crate::input::mspdi::Import,
) -> Result<(), OutputError> {
    super::atomic::write_files(dir, &import.files())
}
