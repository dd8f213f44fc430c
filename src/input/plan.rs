//! Reading a CSV plan folder (`teams.csv`, `calendar.csv`, `goals.csv`,
//! `tasks.csv`, and the project's working-day calendar in `project.csv` and
//! `workdays.csv`; see FORMAT.md) into a [`Problem`].
//!
//! The calendar comes first: the start date (`--start`, else `project.csv`),
//! the weekly pattern and the exceptions make the one [`WorkDays`] that
//! every date cell is read with and that the problem carries, so outputs and
//! re-planning inputs use it too. Then three passes, each reporting every
//! problem it finds:
//! 1. `csv_table`: bytes to header and trimmed rows;
//! 2. `rows`: each cell parsed (ids, numbers, days, list syntax) and checked
//!    against the other cells of its row (crews, effort ranges);
//! 3. `validate`: ids resolved across files, staffing; `cycles`: dependency
//!    cycles among goals, tasks, and tasks through goal dependencies.
//!
//! Only a plan without any issue reaches the [`ProblemBuilder`].

mod cells;
mod cycles;
mod paths;
mod rows;
#[cfg(test)]
mod tests;
mod validate;

use std::path::Path;

use self::paths::Paths;
use self::validate::{Resolved, Rows, Task};
use super::csv_table::Table;
use crate::error::{InputError, InputIssue, InputIssueKind, Location, ModelError};
use crate::model::{
    ActivityId, Alternative, Date, GoalId, Objective, Problem, ProblemBuilder, ResourceId, WorkDays,
};

/// How to read a plan.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PlanOptions {
    /// The plan start date (`--start`): day 0 is its first working day and
    /// day columns also accept ISO dates. It overrides the `start` of the
    /// plan's `project.csv`. Default: none (that of `project.csv`, if any;
    /// else day numbers only).
    pub start: Option<Date>,
    /// The objective of the problem. Default: weighted, lateness weight 10.
    pub objective: Objective,
}

/// Reads and validates the plan in folder `dir`.
///
/// Every problem found is reported at once, in file order (project,
/// workdays, teams, calendar, goals, tasks) then line order, each with its
/// file, line, column and the offending value or ids.
///
/// ```
/// use std::path::Path;
/// use tandem::{PlanOptions, read_plan};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plans/small_dates");
/// let options = PlanOptions {
///     start: Some("2027-01-04".parse()?),
///     ..PlanOptions::default()
/// };
/// let problem = read_plan(&dir, &options)?;
/// assert_eq!(problem.len(), 15);
///
/// // without a start date, the ISO dates in that plan are errors
/// let err = read_plan(&dir, &PlanOptions::default()).unwrap_err();
/// assert!(err.to_string().contains("pass `--start"));
/// # Ok(()) }
/// ```
pub fn read_plan(dir: &Path, options: &PlanOptions) -> Result<Problem, InputError> {
    if !dir.is_dir() {
        return Err(InputError {
            issues: vec![InputIssue {
                location: Location::file(dir),
                kind: InputIssueKind::Unreadable("not a folder".into()),
            }],
        });
    }
    let paths = Paths::new(dir);
    let sources = Sources {
        project: Source::load(&paths.project),
        workdays: Source::load(&paths.workdays),
        teams: Source::load(&paths.teams),
        calendar: Source::load(&paths.calendar),
        goals: Source::load(&paths.goals),
        tasks: Source::load(&paths.tasks),
    };
    parse(&paths, &sources, options)
}

/// [`read_plan`] of a plan held in memory: `files` are (file name, e.g.
/// `tasks.csv`, content); a file not given is absent. Issues name the files
/// as if they were in folder `dir` (e.g. an imported file's path, whose
/// caller places them back in that file).
pub(crate) fn read_plan_files(
    dir: &Path,
    files: &[(&str, Vec<u8>)],
    options: &PlanOptions,
) -> Result<Problem, InputError> {
    let paths = Paths::new(dir);
    let get = |name: &str| match files.iter().find(|f| f.0 == name) {
        Some((_, bytes)) => Source::Bytes(bytes.clone()),
        None => Source::Missing,
    };
    let sources = Sources {
        project: get("project.csv"),
        workdays: get("workdays.csv"),
        teams: get("teams.csv"),
        calendar: get("calendar.csv"),
        goals: get("goals.csv"),
        tasks: get("tasks.csv"),
    };
    parse(&paths, &sources, options)
}

/// The content of one plan file.
#[derive(Debug)]
enum Source {
    Missing,
    Unreadable(String),
    Bytes(Vec<u8>),
}

impl Source {
    fn load(path: &Path) -> Self {
        match std::fs::read(path) {
            Ok(bytes) => Source::Bytes(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Source::Missing,
            Err(e) => Source::Unreadable(e.to_string()),
        }
    }

    /// The table, or `None` with the reason reported. A missing or empty
    /// optional file is simply absent.
    fn table(&self, path: &Path, required: bool, issues: &mut Vec<InputIssue>) -> Option<Table> {
        let whole_file = |kind: InputIssueKind| InputIssue {
            location: Location::file(path),
            kind,
        };
        match self {
            Source::Missing if required => issues.push(whole_file(InputIssueKind::MissingFile)),
            Source::Missing => {}
            Source::Unreadable(e) => issues.push(whole_file(InputIssueKind::Unreadable(e.clone()))),
            Source::Bytes(bytes) => {
                let table = Table::parse(path, bytes, issues);
                if table.is_none() && required {
                    issues.push(whole_file(InputIssueKind::EmptyFile));
                }
                return table;
            }
        }
        None
    }
}

/// The files of a plan.
#[derive(Debug)]
struct Sources {
    project: Source,
    workdays: Source,
    teams: Source,
    calendar: Source,
    goals: Source,
    tasks: Source,
}

/// The project's calendar and name, from `project.csv`, `workdays.csv` and
/// `--start`.
#[derive(Debug, Default)]
struct Project {
    work_days: Option<WorkDays>,
    name: Option<String>,
    /// True when `project.csv` has a `start` that is not a date (reported):
    /// the dates that needed it are not reported again.
    bad_start: bool,
}

/// Reads `project.csv` and `workdays.csv` and makes the plan's calendar:
/// the start date is `--start`, else `project.csv`'s; the weekly pattern
/// that of `project.csv` (default Monday to Friday); the exceptions the
/// valid rows of `workdays.csv`, later rows overriding earlier ones.
fn project(
    paths: &Paths,
    sources: &Sources,
    options: &PlanOptions,
    issues: &mut Vec<InputIssue>,
) -> Project {
    let row = sources
        .project
        .table(&paths.project, false, issues)
        .map(|t| rows::project(&t, issues))
        .unwrap_or_default();
    let workdays = sources.workdays.table(&paths.workdays, false, issues);
    let exceptions = workdays
        .as_ref()
        .map(|t| rows::workdays(t, issues))
        .unwrap_or_default();
    let start = options.start.or(row.start);
    let work_days = start.map(|start| {
        let wd = WorkDays::new(start);
        // `weekdays` names at least one day when it was read
        let wd = match row.weekdays.map(|w| wd.clone().with_weekdays(w)) {
            Some(Ok(with)) => with,
            _ => wd,
        };
        exceptions
            .iter()
            .fold(wd, |wd, e| wd.with_exceptions(e.from, e.to, e.working))
    });
    let first_row = workdays
        .as_ref()
        .and_then(|t| Some(t.line(t.rows.first()?.line)));
    if let Some(location) = first_row.filter(|_| work_days.is_none() && !row.bad_start) {
        issues.push(InputIssue {
            location,
            kind: InputIssueKind::ExceptionsWithoutStart,
        });
    }
    Project {
        work_days,
        name: row.name,
        bad_start: row.bad_start && start.is_none(),
    }
}

fn parse(paths: &Paths, sources: &Sources, options: &PlanOptions) -> Result<Problem, InputError> {
    let mut issues = Vec::new();
    let project = project(paths, sources, options, &mut issues);
    let work_days = project.work_days.as_ref();
    let mut rows = Rows::default();
    if let Some(t) = sources.teams.table(&paths.teams, true, &mut issues) {
        rows.teams = Some(rows::teams(&t, &mut issues));
    }
    if let Some(t) = sources.calendar.table(&paths.calendar, false, &mut issues) {
        rows.calendar = rows::calendar(&t, work_days, &mut issues);
    }
    if let Some(t) = sources.goals.table(&paths.goals, true, &mut issues) {
        rows.goals = Some(rows::goals(&t, work_days, &mut issues));
    }
    if let Some(t) = sources.tasks.table(&paths.tasks, true, &mut issues) {
        rows.tasks = Some(rows::tasks(&t, work_days, &mut issues));
    }
    if project.bad_start {
        // the start date was reported; the dates that needed it are not
        issues.retain(|i| !matches!(i.kind, InputIssueKind::DateWithoutStart { .. }));
    }
    let resolved = validate::resolve(paths, &rows, &mut issues);
    let result = match resolved {
        Some(plan) if issues.is_empty() => build(paths, plan, project, options.objective),
        _ => Err(issues),
    };
    result.map_err(|mut issues| {
        if issues.is_empty() {
            // unreachable by construction: every unresolved row was reported
            issues.push(InputIssue {
                location: Location::file(&paths.tasks),
                kind: InputIssueKind::Format("the plan could not be resolved".into()),
            });
        }
        issues.sort_by_key(|i| (paths.rank(&i.location.file), i.location.line.unwrap_or(0)));
        InputError { issues }
    })
}

fn build(
    paths: &Paths,
    plan: Resolved,
    project: Project,
    objective: Objective,
) -> Result<Problem, Vec<InputIssue>> {
    let mut b = ProblemBuilder::new();
    if let Some(wd) = project.work_days {
        b.work_days(wd);
    }
    if let Some(name) = project.name {
        b.project_name(name);
    }
    b.objective(objective);
    for team in plan.teams {
        let r = b.resource(team.id, team.calendar);
        if let Some(name) = team.name {
            b.resource_name(r, name);
        }
    }
    for goal in &plan.goals {
        let g = b.goal(goal.id.clone(), goal.priority, goal.due);
        if let Some(name) = &goal.name {
            b.goal_name(g, name.clone());
        }
    }
    for (g, goal) in plan.goals.iter().enumerate() {
        for &h in &goal.depends_on {
            b.goal_dependency(GoalId::from_index(g), GoalId::from_index(h));
        }
    }
    for task in &plan.tasks {
        let alternatives: Vec<Alternative> = task
            .alternatives
            .iter()
            .map(|alt| {
                let teams = alt
                    .teams
                    .iter()
                    .map(|&(t, crew)| (ResourceId::from_index(t), crew))
                    .collect();
                Alternative::new(teams, alt.effort)
            })
            .collect();
        let a = b.plan_task_alternatives(
            task.id.clone(),
            Some(GoalId::from_index(task.goal)),
            &alternatives,
            task.min_people,
            task.max_people,
            task.release,
        );
        if let Some(name) = &task.name {
            b.activity_name(a, name.clone());
        }
        if let Some(range) = task.range {
            b.effort_range(a, range);
        }
    }
    for (i, task) in plan.tasks.iter().enumerate() {
        for &(d, lag) in &task.depends_on {
            b.precedence(ActivityId::from_index(d), ActivityId::from_index(i), lag);
        }
    }
    b.build().map_err(|errors| {
        errors
            .0
            .into_iter()
            .map(|e| model_issue(paths, &plan.tasks, e))
            .collect()
    })
}

/// Places a builder error in the input. Validation already rules these out;
/// the builder's own cycle check is kept as the last word.
fn model_issue(paths: &Paths, tasks: &[Task], error: ModelError) -> InputIssue {
    let task_line = |id: &str| tasks.iter().find(|t| t.id == id).map(|t| t.line);
    match error {
        ModelError::DependencyCycle { ids } => InputIssue {
            location: Location {
                file: paths.tasks.clone(),
                line: ids.first().and_then(|id| task_line(id)),
                column: Some("depends_on".into()),
            },
            kind: InputIssueKind::DependencyCycle { ids },
        },
        ModelError::GoalCycle { ids } => InputIssue {
            location: Location {
                file: paths.goals.clone(),
                line: None,
                column: Some("depends_on".into()),
            },
            kind: InputIssueKind::GoalCycle { ids },
        },
        ModelError::BadLag { ref to, .. } => InputIssue {
            location: Location {
                file: paths.tasks.clone(),
                line: task_line(to),
                column: Some("depends_on".into()),
            },
            kind: InputIssueKind::Format(error.to_string()),
        },
        ModelError::TooLong {
            activity: Some(ref id),
            column,
            ..
        } => InputIssue {
            location: Location {
                file: paths.tasks.clone(),
                line: task_line(id),
                column: column.map(str::to_string),
            },
            kind: InputIssueKind::Format(error.to_string()),
        },
        other => InputIssue {
            location: Location::file(&paths.tasks),
            kind: InputIssueKind::Format(other.to_string()),
        },
    }
}
