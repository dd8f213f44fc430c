//! Microsoft Project XML (MSPDI) import: the interchange format that MS
//! Project, ProjectLibre, GanttProject, Primavera and TaskJuggler (`formats
//! mspxml`) all read and write.
//!
//! # Theory
//! An MSPDI file is a `<Project>` in the namespace
//! `http://schemas.microsoft.com/project` (Microsoft's "Project XML Data
//! Interchange Schema Reference") with calendars, an outline of tasks
//! (summary tasks and leaves, `OutlineLevel`), work resources and
//! assignments of resources to tasks with units. MS Project schedules an
//! assigned task *effort-driven*: its duration is its work divided by the
//! units assigned (`Work = Duration * Units`), and a task needs all its
//! assigned resources at once. tandem's model says the same with a mode per
//! task that demands a crew of each team at once, with `duration =
//! ceil(effort / people)`.
//!
//! # Practical
//! The import is a translation, not a second pipeline: the file becomes the
//! CSV plan tables of `docs/FORMAT.md` (`project.csv`, `workdays.csv`,
//! `teams.csv`, `calendar.csv`, `goals.csv`, `tasks.csv`, `progress.csv`),
//! which `tandem import` writes as a plan folder and `tandem plan FILE.xml`
//! reads through the CSV reader in memory, so that every plan is validated
//! and built the same way ([`Import::problem`]). The mapping is the table
//! in `docs/FORMAT.md` ("Microsoft Project XML"); in short:
//! - leaf tasks are tasks (`T<UID>`), the summary tasks at the goal level
//!   (1, the top level, by default) goals (`G<UID>`), a leaf outside every
//!   such summary its own goal; `Priority` is the goal priority, `Deadline`
//!   the due date, `Milestone` effort 0;
//! - work resources are teams of `MaxUnits` people; resources sharing a
//!   `Group` one team of all of them; resource calendar exceptions and
//!   availability periods become capacity changes;
//! - a task's assignments are one alternative that needs each team's crew
//!   (the assigned units, in whole people) at once, its effort the task's
//!   `Work` in person-days (`MinutesPerDay` per day); a task without work
//!   or with fractional units keeps its duration; a task without resources
//!   is staffed by the `unassigned` team, which never runs short;
//! - finish-to-start links with working-time or percentage lags are
//!   dependencies with a lag in whole working days (rounded up); links on
//!   summary tasks bind all their leaves (goal to goal: a goal
//!   dependency); other link types, elapsed and negative lags, constraints
//!   other than "as soon as possible" and "start no earlier than" (a
//!   release) are errors naming the task UID and the link;
//! - `PercentComplete`, `ActualStart` and `ActualFinish` give `progress.csv`
//!   (done, started), for `tandem replan FILE.xml`.
//!
//! What the import keeps for the export (`output::mspdi`) is the
//! [`Source`]: the understood elements with their UIDs and names.

mod map;
mod values;
mod xml;

use std::path::{Path, PathBuf};

use jiff::civil::{Date, DateTime};

use crate::error::{InputError, InputIssue, Location};
use crate::input::PlanOptions;
use crate::model::Problem;
use crate::replan::Progress;
use crate::schedule::Schedule;

/// The files of the plan folder an import makes ([`Import::files`]), in
/// that order; each is written only when it has rows.
pub const FILES: [&str; 7] = [
    "project.csv",
    "workdays.csv",
    "teams.csv",
    "calendar.csv",
    "goals.csv",
    "tasks.csv",
    "progress.csv",
];

/// How to import an MSPDI file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MspdiOptions {
    /// The outline level whose summary tasks are goals (1: the top-level
    /// summary tasks). Default 1.
    pub goal_level: u32,
    /// Resources that share a `Group` form one team (capacity: their
    /// number). Default true; false makes every resource its own team.
    pub group_teams: bool,
    /// Read the file's progress (`PercentComplete`, actual dates) into
    /// `progress.csv`. Default true; false plans every task from the start.
    pub progress: bool,
}

impl Default for MspdiOptions {
    fn default() -> Self {
        Self {
            goal_level: 1,
            group_teams: true,
            progress: true,
        }
    }
}

/// A calendar exception: dates `from..=to` working or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Exception {
    /// First date.
    pub from: Date,
    /// Last date (inclusive).
    pub to: Date,
    /// Whether those dates are working days.
    pub working: bool,
    /// The exception's name, if any.
    pub name: Option<String>,
}

/// An MSPDI calendar as far as tandem reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    /// `UID`.
    pub uid: i64,
    /// `Name`.
    pub name: Option<String>,
    /// `BaseCalendarUID`, when it names another calendar.
    pub base: Option<i64>,
    /// Monday .. Sunday: working or not; `None` = from the base calendar.
    pub weekdays: [Option<bool>; 7],
    /// Single-range exceptions (the 2003 format's and the 2007+ format's).
    pub exceptions: Vec<Exception>,
    /// Recurring exceptions that were not read.
    pub recurring: usize,
    /// Alternative work weeks that were not read.
    pub work_weeks: usize,
    pub(crate) line: u64,
}

/// A task link (`PredecessorLink`).
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// `PredecessorUID`.
    pub predecessor: i64,
    /// `Type`: 0 finish-to-finish, 1 finish-to-start, 2 start-to-finish,
    /// 3 start-to-start.
    pub kind: i64,
    /// `LinkLag` (tenths of minutes, or tenths of a per cent).
    pub lag: i64,
    /// `LagFormat`.
    pub lag_format: i64,
    /// `CrossProject`.
    pub cross_project: bool,
    pub(crate) line: u64,
}

/// An MSPDI task as far as tandem reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// `UID`.
    pub uid: i64,
    /// `ID` (the row number in MS Project).
    pub id: Option<i64>,
    /// `Name`.
    pub name: Option<String>,
    /// `OutlineLevel` (0: the project summary task).
    pub outline_level: u32,
    /// `Summary`.
    pub summary: bool,
    /// `Milestone`.
    pub milestone: bool,
    /// `IsNull` (an empty row).
    pub null: bool,
    /// `Active`.
    pub active: bool,
    /// `Manual` (manually scheduled).
    pub manual: bool,
    /// `Priority` (0-1000, default 500).
    pub priority: u32,
    /// `Work`, hours.
    pub work: Option<f64>,
    /// `Duration`, hours.
    pub duration: Option<f64>,
    /// `Start`.
    pub start: Option<DateTime>,
    /// `Finish`.
    pub finish: Option<DateTime>,
    /// `ActualStart`.
    pub actual_start: Option<DateTime>,
    /// `ActualFinish`.
    pub actual_finish: Option<DateTime>,
    /// `PercentComplete`, when given.
    pub percent_complete: Option<u32>,
    /// `ConstraintType` (0 as soon as possible, 4 start no earlier than).
    pub constraint_type: u32,
    /// `ConstraintDate`.
    pub constraint_date: Option<DateTime>,
    /// `Deadline`.
    pub deadline: Option<DateTime>,
    /// `PredecessorLink`s.
    pub links: Vec<Link>,
    pub(crate) line: u64,
}

/// An MSPDI resource as far as tandem reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// `UID`.
    pub uid: i64,
    /// `ID`.
    pub id: Option<i64>,
    /// `Name`.
    pub name: Option<String>,
    /// `Type`: 0 material, 1 work, 2 cost.
    pub kind: i64,
    /// `IsNull`.
    pub null: bool,
    /// `Group`.
    pub group: Option<String>,
    /// `MaxUnits` (1.0 = one person).
    pub max_units: f64,
    /// `CalendarUID`.
    pub calendar: Option<i64>,
    /// `AvailabilityPeriods`: from, to, units.
    pub availability: Vec<(Date, Date, f64)>,
    pub(crate) line: u64,
}

/// An MSPDI assignment.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// `UID`.
    pub uid: Option<i64>,
    /// `TaskUID`.
    pub task: i64,
    /// `ResourceUID`.
    pub resource: i64,
    /// `Units` (1.0 = one person full time).
    pub units: f64,
    /// `Work`, hours.
    pub work: Option<f64>,
    pub(crate) line: u64,
}

/// What the import understood of an MSPDI file: written back by the
/// export with tandem's dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// `Title`, else `Name`.
    pub name: Option<String>,
    /// `StartDate`.
    pub start: Option<DateTime>,
    /// `StatusDate`: the date progress was recorded.
    pub status: Option<DateTime>,
    /// `MinutesPerDay` (480 by default).
    pub minutes_per_day: f64,
    /// `CalendarUID`: the project calendar.
    pub calendar_uid: Option<i64>,
    /// `Calendars`.
    pub calendars: Vec<Calendar>,
    /// `Tasks`, in file order.
    pub tasks: Vec<Task>,
    /// `Resources`.
    pub resources: Vec<Resource>,
    /// `Assignments`.
    pub assignments: Vec<Assignment>,
}

/// Where a generated CSV row came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Origin {
    pub(crate) what: String,
    pub(crate) line: u64,
}

/// The CSV plan tables (header row first) of an import, with the origin of
/// each data row of the files whose rows the CSV reader may complain about.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Tables {
    pub(crate) project: Vec<Vec<String>>,
    pub(crate) workdays: Vec<Vec<String>>,
    pub(crate) teams: Vec<Vec<String>>,
    pub(crate) calendar: Vec<Vec<String>>,
    pub(crate) goals: Vec<Vec<String>>,
    pub(crate) tasks: Vec<Vec<String>>,
    pub(crate) progress: Vec<Vec<String>>,
    pub(crate) team_origins: Vec<Origin>,
    pub(crate) goal_origins: Vec<Origin>,
    pub(crate) task_origins: Vec<Origin>,
    pub(crate) progress_origins: Vec<Origin>,
    /// The team of each work resource (by UID).
    pub(crate) resource_team: std::collections::BTreeMap<i64, String>,
}

/// An imported MSPDI file: the plan tables, notes on what was left out on
/// purpose, and the understood [`Source`] for the export.
#[derive(Clone, Debug)]
pub struct Import {
    /// The file read.
    pub path: PathBuf,
    /// What the import understood.
    pub source: Source,
    /// What was left out or approximated on purpose (e.g. a material
    /// resource, a lag rounded up to whole days), one sentence each.
    pub notes: Vec<String>,
    pub(crate) tables: Tables,
    /// Whether the file's progress was read ([`MspdiOptions::progress`]).
    pub(crate) progress: bool,
}

/// Reads and translates the MSPDI file at `path` (see the module docs).
/// Every problem is reported at once, each with the file, the line of its
/// element, the element and its UID; nothing is returned then.
///
/// ```
/// use std::path::Path;
/// use tandem::input::mspdi::{MspdiOptions, import};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mspdi/tandem/small.xml");
/// let plan = import(&file, &MspdiOptions::default())?;
/// assert!(plan.source.tasks.len() > 3);
/// let names: Vec<&str> = plan.files().iter().map(|(name, _)| *name).collect();
/// assert!(names.contains(&"tasks.csv"));
/// # Ok(()) }
/// ```
pub fn import(path: &Path, options: &MspdiOptions) -> Result<Import, InputError> {
    let fail = |issues: Vec<InputIssue>| InputError { issues };
    let bytes = std::fs::read(path).map_err(|e| {
        fail(vec![InputIssue {
            location: Location::file(path),
            kind: crate::error::InputIssueKind::Unreadable(e.to_string()),
        }])
    })?;
    import_bytes(path, &bytes, options)
}

/// [`import`] of a file's content (`path` names it in messages).
pub fn import_bytes(
    path: &Path,
    bytes: &[u8],
    options: &MspdiOptions,
) -> Result<Import, InputError> {
    let root = xml::parse(path, bytes).map_err(|i| InputError { issues: vec![*i] })?;
    let mut issues = map::Issues::new(path);
    let source = map::read_source(&root, &mut issues);
    let mut notes = Vec::new();
    let tables = map::tables(&source, options, &mut issues, &mut notes);
    if !issues.list.is_empty() {
        let mut list = issues.list;
        list.sort_by_key(|i| i.location.line);
        return Err(InputError { issues: list });
    }
    Ok(Import {
        path: path.to_path_buf(),
        source,
        notes,
        tables,
        progress: options.progress,
    })
}

impl Import {
    /// The plan folder's CSV files (name, content), empty optional files
    /// left out: what `tandem import` writes.
    pub fn files(&self) -> Vec<(&'static str, Vec<u8>)> {
        let t = &self.tables;
        let tables = [
            &t.project,
            &t.workdays,
            &t.teams,
            &t.calendar,
            &t.goals,
            &t.tasks,
            &t.progress,
        ];
        FILES
            .into_iter()
            .zip(tables)
            .filter(|(_, rows)| rows.len() > 1)
            .map(|(name, rows)| (name, render(rows)))
            .collect()
    }
}

impl Import {
    /// The imported plan as a [`Problem`], read by the CSV plan reader from
    /// [`Import::files`] in memory (`project.csv` gives the file's start
    /// and calendar; `options.start` overrides the start). A problem the CSV reader
    /// finds (e.g. a dependency cycle among the file's links) is reported at
    /// the element it came from.
    pub fn problem(&self, options: &PlanOptions) -> Result<Problem, InputError> {
        super::plan::read_plan_files(&self.path, &self.files(), options)
            .map_err(|e| self.relocate(e))
    }

    /// The file's progress (`PercentComplete`, `ActualStart`,
    /// `ActualFinish`) for `problem` (from [`Import::problem`]), as
    /// [`read_progress`](super::read_progress) reads a `progress.csv`.
    pub fn progress(&self, problem: &Problem, today: u32) -> Result<Progress, InputError> {
        if self.tables.progress.len() <= 1 {
            return Ok(Progress::default());
        }
        super::read_progress_bytes(
            &self.path.join("progress.csv"),
            &render(&self.tables.progress),
            problem,
            today,
        )
        .map_err(|e| self.relocate(e))
    }

    /// The day progress was recorded, as the re-plan's today: the file's
    /// `StatusDate`, else its latest `ActualStart` or `ActualFinish` of a
    /// task in progress or done, else (or when progress is not read) 0.
    pub fn today(&self, problem: &Problem) -> u32 {
        let Some(wd) = problem.work_days().filter(|_| self.progress) else {
            return 0;
        };
        let tracked = self
            .source
            .tasks
            .iter()
            .filter(|t| t.percent_complete.is_none_or(|p| p > 0))
            .flat_map(|t| [t.actual_start, t.actual_finish])
            .flatten()
            .max();
        self.source
            .status
            .or(tracked)
            .and_then(|d| wd.day_of(d.date().into()))
            .unwrap_or(0)
    }

    /// The team (id) a work resource of the file became; `None` for
    /// material and cost resources and MS Project's placeholder.
    pub fn team_of(&self, resource_uid: i64) -> Option<&str> {
        self.tables
            .resource_team
            .get(&resource_uid)
            .map(String::as_str)
    }

    /// The file's own schedule (each task's `Start` date, as the working
    /// day on or after it, and the mode closest to its dated length) as a
    /// schedule of `problem` (from [`Import::problem`]), for comparing it
    /// with tandem's: score it with [`Schedule::objective`] and check it
    /// with [`Schedule::check`]. `None` when the plan has no dates or a task
    /// has no `Start`.
    pub fn schedule(&self, problem: &Problem) -> Option<Schedule> {
        let wd = problem.work_days()?;
        let day = |d: DateTime| Some(wd.day_of(d.date().into()).unwrap_or(0));
        let by_uid: std::collections::BTreeMap<i64, &Task> =
            self.source.tasks.iter().map(|t| (t.uid, t)).collect();
        let mut assignments = Vec::with_capacity(problem.len());
        for a in problem.activity_ids() {
            let act = problem.activity(a);
            let uid: i64 = act.id.strip_prefix('T')?.parse().ok()?;
            let task = *by_uid.get(&uid)?;
            // done and started tasks are pinned by the re-plan's rules
            if let Some(pin) = act.pin {
                assignments.push(crate::schedule::Assignment {
                    start: pin.start,
                    mode: pin.mode,
                });
                continue;
            }
            let start = day(task.start?)?;
            // the dated length in working days (finish on its last day)
            let length = task.finish.and_then(day).map(|f| {
                if task.milestone {
                    0
                } else {
                    f.saturating_sub(start) + 1
                }
            });
            let mode = match length {
                Some(l) => (0..act.modes.len())
                    .min_by_key(|&m| act.modes[m].duration.abs_diff(l))
                    .unwrap_or(0),
                None => 0,
            };
            assignments.push(crate::schedule::Assignment { start, mode });
        }
        Some(Schedule::new(assignments))
    }

    /// Places issues the CSV readers found in a generated table back at the
    /// element the row came from.
    fn relocate(&self, error: InputError) -> InputError {
        let t = &self.tables;
        let issues = error
            .issues
            .into_iter()
            .map(|mut issue| {
                let file = issue
                    .location
                    .file
                    .file_name()
                    .and_then(|f| f.to_str())
                    .unwrap_or("")
                    .to_string();
                let origins = match file.as_str() {
                    "teams.csv" => &t.team_origins,
                    "goals.csv" => &t.goal_origins,
                    "tasks.csv" => &t.task_origins,
                    "progress.csv" => &t.progress_origins,
                    _ => &Vec::new(),
                };
                let origin = issue
                    .location
                    .line
                    .and_then(|l| l.checked_sub(2))
                    .and_then(|i| origins.get(i as usize));
                let column = issue.location.column.take();
                let what = match (origin, column) {
                    (Some(o), Some(c)) => format!("{} (as {file} column `{c}`)", o.what),
                    (Some(o), None) => o.what.clone(),
                    (None, Some(c)) => format!("{file} column `{c}`"),
                    (None, None) => file.clone(),
                };
                issue.location = Location {
                    file: self.path.clone(),
                    line: origin.map(|o| o.line),
                    column: None,
                };
                issue.kind =
                    crate::error::InputIssueKind::Format(format!("{what}: {}", issue.kind));
                issue
            })
            .collect();
        InputError { issues }
    }
}

/// CSV text of `rows`.
fn render(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for r in rows {
        // writing to memory cannot fail
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests;
