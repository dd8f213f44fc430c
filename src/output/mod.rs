//! Writing outputs: `schedule.csv`, `goals.csv` and `summary.json`.
//!
//! Every output is rendered in memory first; only then are the files written,
//! each atomically (temporary file in the same folder, fsync, rename; see
//! [`write_atomic`]). A failure while rendering writes nothing, and the
//! `--out` folder is created when missing.
//!
//! # Dates
//! When the problem has a start date ([`Problem::work_days`]), day columns get
//! a date twin: `start_date` is the working day a task starts on, and
//! `finish_date` is the date of its (exclusive) `finish` day, i.e. the first
//! working day on which the task is complete. A milestone therefore has
//! `start_date == finish_date`, and a one-day task starting on a Friday has
//! the following Monday as `finish_date`. Goals' `due_date` and `finish_date`
//! follow the same rule.

mod atomic;
mod csv;
mod json;
pub mod mermaid;
mod mspdi;
mod report;

pub use atomic::{write_atomic, write_files};
pub use csv::forecast_csv;
pub use json::{
    BottleneckSummary, BoundsSummary, EffectSummary, ForecastDates, ForecastSummary, GoalDays,
    GoalForecastSummary, Summary, UtilisationSummary,
};
pub use mermaid::{MermaidOptions, MermaidSections, mermaid_gantt, mermaid_name};
pub use mspdi::{mspdi_schedule, write_import};
pub use report::{GanttLayout, ROW_PER_TASK_LIMIT, ReportOptions, report_html};

use std::path::Path;

use crate::error::OutputError;
use crate::model::{Activity, Mode, Problem};
use crate::schedule::{Assignment, Schedule};
use crate::solve::Solution;

/// Every activity with its assignment and the mode it runs in, or an error
/// naming the output `what` when the schedule does not fit the problem (a
/// wrong number of assignments, a mode the activity does not have).
fn placed<'a>(
    problem: &'a Problem,
    schedule: &'a Schedule,
    what: &'static str,
) -> Result<Vec<(&'a Activity, &'a Assignment, &'a Mode)>, OutputError> {
    let acts = problem.activities();
    let assignments = schedule.assignments();
    if assignments.len() != acts.len() {
        return Err(OutputError::Serialize {
            what,
            message: format!(
                "the schedule has {} assignments but the problem has {} activities",
                assignments.len(),
                acts.len()
            ),
        });
    }
    acts.iter()
        .zip(assignments)
        .map(|(act, asg)| {
            let mode = act
                .modes
                .get(asg.mode)
                .ok_or_else(|| OutputError::Serialize {
                    what,
                    message: format!("`{}` has no mode {}", act.id, asg.mode),
                })?;
            Ok((act, asg, mode))
        })
        .collect()
}

/// Writes `schedule.csv`, `goals.csv` and `summary.json` of a plan into `dir`.
///
/// `schedule.csv` is `task,goal,team,people,start,finish` (plus
/// `start_date,finish_date` with a start date), one row per task ordered by
/// start then task id; `team` is the team of the chosen mode, milestones have
/// 0 people. `goals.csv` is `goal,priority,due,finish,late_days` (plus
/// `due_date,finish_date`). See [`Summary`] for `summary.json`.
///
/// ```
/// use tandem::schedule::Assignment;
/// use tandem::{Calendar, LowerBounds, ProblemBuilder, Schedule, Solution, Status};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("backend", Calendar::constant(2));
/// let g = b.goal("launch", 1.0, None);
/// b.plan_task("api", Some(g), &[(team, 4.0)], 1, 2, 0);
/// let problem = b.build()?;
/// let schedule = Schedule::new(vec![Assignment { start: 0, mode: 1 }]); // 2 people, 2 days
/// let solution = Solution {
///     objective: schedule.objective(&problem),
///     schedule,
///     bounds: LowerBounds { critical_path: 2.0, energy: 2.0, ..LowerBounds::default() },
///     status: Status::Optimal,
///     seconds: 0.1,
///     goal_order: Vec::new(),
///     bottlenecks: Vec::new(),
/// };
/// let dir = std::env::temp_dir().join(format!("tandem-doc-plan-{}", std::process::id()));
/// tandem::write_plan_outputs(&dir, &problem, &solution)?;
/// let csv = std::fs::read_to_string(dir.join("schedule.csv"))?;
/// assert_eq!(csv, "task,goal,team,people,start,finish\napi,launch,backend,2,0,2\n");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok(()) }
/// ```
pub fn write_plan_outputs(
    dir: &Path,
    problem: &Problem,
    solution: &Solution,
) -> Result<(), OutputError> {
    write_plan_outputs_with(dir, problem, solution, Vec::new())
}

/// Refuses a schedule whose days, written as dates, would fall after
/// 9999-12-31: the last finish (the makespan), every due day, and `today`.
/// Plans without a start date are never refused.
pub(crate) fn check_dates(
    problem: &Problem,
    schedule: &Schedule,
    today: Option<u32>,
) -> Result<(), OutputError> {
    let Some(wd) = problem.work_days() else {
        return Ok(());
    };
    let makespan = schedule.makespan(problem);
    let mut days = vec![(makespan, "the schedule's last finish".to_string())];
    days.extend(
        problem
            .goals()
            .iter()
            .filter_map(|g| Some((g.due?, format!("the due day of goal `{}`", g.id)))),
    );
    days.extend(today.map(|t| (t, "today".to_string())));
    let last = wd.last_day();
    match days
        .into_iter()
        .filter(|&(d, _)| last.is_none_or(|l| d > l))
        .max_by_key(|&(d, _)| d)
    {
        None => Ok(()),
        Some((day, cause)) => Err(OutputError::DateOutOfRange {
            cause,
            day,
            start: wd.start().to_string(),
        }),
    }
}

/// [`write_plan_outputs`] plus `extra` files (name, bytes; e.g. `diff.csv`
/// of a re-plan), all rendered first and written atomically together. An
/// extra file named like a standard one replaces it (e.g. a
/// `summary.json` with a re-plan section, [`Summary::with_replan`]).
pub fn write_plan_outputs_with(
    dir: &Path,
    problem: &Problem,
    solution: &Solution,
    extra: Vec<(&str, Vec<u8>)>,
) -> Result<(), OutputError> {
    check_dates(problem, &solution.schedule, None)?;
    // a standard file the caller rendered itself is not rendered again
    let given = |name: &str| extra.iter().any(|f| f.0 == name);
    let mut files = Vec::with_capacity(3 + extra.len());
    if !given("schedule.csv") {
        files.push((
            "schedule.csv",
            csv::plan_schedule(problem, &solution.schedule)?,
        ));
    }
    if !given("goals.csv") {
        files.push(("goals.csv", csv::plan_goals(problem, &solution.schedule)?));
    }
    if !given("summary.json") {
        let summary = Summary::new(problem, solution).to_json()?;
        files.push(("summary.json", summary.into_bytes()));
    }
    if !given("schedule.xml")
        && let Some(xml) = mspdi::mspdi_schedule(problem, &solution.schedule, None)?
    {
        files.push(("schedule.xml", xml));
    }
    files.extend(extra);
    atomic::write_files(dir, &files)
}

/// Writes `schedule.csv` (`task,mode,start,finish`: job number as in the
/// file, 1-based mode, ordered by start then job number) and `summary.json`
/// of a PSPLIB instance into `dir`.
pub fn write_psplib_outputs(
    dir: &Path,
    problem: &Problem,
    solution: &Solution,
) -> Result<(), OutputError> {
    let files = [
        (
            "schedule.csv",
            csv::psplib_schedule(problem, &solution.schedule)?,
        ),
        (
            "summary.json",
            Summary::new(problem, solution).to_json()?.into_bytes(),
        ),
    ];
    atomic::write_files(dir, &files)
}

#[cfg(test)]
mod tests;
