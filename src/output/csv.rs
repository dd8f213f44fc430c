//! CSV outputs: `schedule.csv` and `goals.csv` for plans, `schedule.csv`
//! for PSPLIB instances. Each file is rendered in memory.

use crate::error::OutputError;
use crate::model::{Mode, Problem};
use crate::schedule::{Crew, Schedule, goal_rows};
use crate::solve::forecast::Forecast;

/// One activity's run: index, start, mode index and mode.
struct Run<'p> {
    index: usize,
    start: u32,
    mode_index: usize,
    mode: &'p Mode,
}

/// Every activity's run, or an error if the schedule does not fit the problem.
fn runs<'p>(
    problem: &'p Problem,
    schedule: &Schedule,
    what: &'static str,
) -> Result<Vec<Run<'p>>, OutputError> {
    let assignments = schedule.assignments();
    if assignments.len() != problem.len() {
        return Err(OutputError::Serialize {
            what,
            message: format!(
                "the schedule has {} assignments but the problem has {} activities",
                assignments.len(),
                problem.len()
            ),
        });
    }
    problem
        .activities()
        .iter()
        .zip(assignments)
        .enumerate()
        .map(|(index, (act, asg))| match act.modes.get(asg.mode) {
            Some(mode) => Ok(Run {
                index,
                start: asg.start,
                mode_index: asg.mode,
                mode,
            }),
            None => Err(OutputError::Serialize {
                what,
                message: format!("`{}` has no mode {}", act.id, asg.mode),
            }),
        })
        .collect()
}

/// Renders rows (header first) as CSV.
fn render(what: &'static str, rows: Vec<Vec<String>>) -> Result<Vec<u8>, OutputError> {
    let err = |e: &dyn std::fmt::Display| OutputError::Serialize {
        what,
        message: e.to_string(),
    };
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.write_record(&row).map_err(|e| err(&e))?;
    }
    w.into_inner().map_err(|e| err(&e))
}

/// `schedule.csv` of a plan: `task,goal,team,people,start,finish`
/// (+ `start_date,finish_date` with a start date), ordered by start then task id.
pub(crate) fn plan_schedule(
    problem: &Problem,
    schedule: &Schedule,
) -> Result<Vec<u8>, OutputError> {
    const WHAT: &str = "schedule.csv";
    let mut runs = runs(problem, schedule, WHAT)?;
    let acts = problem.activities();
    runs.sort_by(|a, b| (a.start, &acts[a.index].id).cmp(&(b.start, &acts[b.index].id)));
    let work_days = problem.work_days();
    let mut header: Vec<String> = ["task", "goal", "team", "people", "start", "finish"]
        .map(String::from)
        .into();
    if work_days.is_some() {
        header.extend(["start_date".into(), "finish_date".into()]);
    }
    let mut rows = vec![header];
    for run in &runs {
        let act = &acts[run.index];
        let finish = run.start.saturating_add(run.mode.duration);
        let crew = Crew::of_mode(problem, run.mode);
        let goal = act
            .goal
            .and_then(|g| problem.goals().get(g.index()))
            .map_or_else(String::new, |g| g.id.clone());
        let mut row = vec![
            act.id.clone(),
            goal,
            crew.team(),
            crew.people(),
            run.start.to_string(),
            finish.to_string(),
        ];
        if let Some(wd) = work_days {
            row.push(wd.date_of(run.start).to_string());
            row.push(wd.date_of(finish).to_string());
        }
        rows.push(row);
    }
    render(WHAT, rows)
}

/// `goals.csv` of a plan: `goal,priority,due,finish,late_days`
/// (+ `due_date,finish_date` with a start date), in goal order.
pub(crate) fn plan_goals(problem: &Problem, schedule: &Schedule) -> Result<Vec<u8>, OutputError> {
    const WHAT: &str = "goals.csv";
    runs(problem, schedule, WHAT)?;
    let work_days = problem.work_days();
    let mut header: Vec<String> = ["goal", "priority", "due", "finish", "late_days"]
        .map(String::from)
        .into();
    if work_days.is_some() {
        header.extend(["due_date".into(), "finish_date".into()]);
    }
    let mut rows = vec![header];
    for r in goal_rows(problem, schedule) {
        let goal = problem.goal(r.goal);
        let mut row = vec![
            goal.id.clone(),
            format!("{}", r.priority),
            r.due.map_or_else(String::new, |d| d.to_string()),
            r.finish.to_string(),
            r.late_days.to_string(),
        ];
        if let Some(wd) = work_days {
            row.push(
                r.due
                    .map_or_else(String::new, |d| wd.date_of(d).to_string()),
            );
            row.push(wd.date_of(r.finish).to_string());
        }
        rows.push(row);
    }
    render(WHAT, rows)
}

/// `forecast.csv` of a plan's forecast: `goal,due,p10,p50,p90,mean,on_time,plan`
/// (plus `due_date,p10_date,p50_date,p90_date` with a start date), in goal
/// order; `mean` with two decimals, `on_time` the share of scenarios
/// finishing by the due day with four (empty without a due day).
///
/// ```
/// use tandem::model::EffortRange;
/// use tandem::output::forecast_csv;
/// use tandem::solve::forecast::{ForecastOptions, forecast};
/// use tandem::{Calendar, ProblemBuilder, SolveOptions, solve};
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("backend", Calendar::constant(1));
/// let g = b.goal("launch", 1.0, Some(10));
/// let t = b.plan_task("api", Some(g), &[(team, 10.0)], 1, 1, 0);
/// b.effort_range(t, EffortRange::new(10.0, 10.0, 10.0)); // known exactly
/// let p = b.build().unwrap();
/// let plan = solve(&p, &SolveOptions::default()).schedule;
/// let f = forecast(&p, &plan, &ForecastOptions { samples: 10, seed: 1 });
/// let csv = String::from_utf8(forecast_csv(&p, &f).unwrap()).unwrap();
/// assert_eq!(csv, "goal,due,p10,p50,p90,mean,on_time,plan\nlaunch,10,10,10,10,10.00,1.0000,10\n");
/// ```
pub fn forecast_csv(problem: &Problem, forecast: &Forecast) -> Result<Vec<u8>, OutputError> {
    const WHAT: &str = "forecast.csv";
    let work_days = problem.work_days();
    let mut header: Vec<String> = [
        "goal", "due", "p10", "p50", "p90", "mean", "on_time", "plan",
    ]
    .map(String::from)
    .into();
    if work_days.is_some() {
        header.extend(["due_date", "p10_date", "p50_date", "p90_date"].map(String::from));
    }
    let mut rows = vec![header];
    for g in &forecast.goals {
        let mut row = vec![
            problem.goal(g.goal).id.clone(),
            g.due.map_or_else(String::new, |d| d.to_string()),
            g.p10.to_string(),
            g.p50.to_string(),
            g.p90.to_string(),
            format!("{:.2}", g.mean),
            g.on_time.map_or_else(String::new, |x| format!("{x:.4}")),
            g.plan.to_string(),
        ];
        if let Some(wd) = work_days {
            row.push(
                g.due
                    .map_or_else(String::new, |d| wd.date_of(d).to_string()),
            );
            for d in [g.p10, g.p50, g.p90] {
                row.push(wd.date_of(d).to_string());
            }
        }
        rows.push(row);
    }
    render(WHAT, rows)
}

/// `schedule.csv` of a PSPLIB instance: `task,mode,start,finish` with the job
/// number as in the file and a 1-based mode, ordered by start then job number.
pub(crate) fn psplib_schedule(
    problem: &Problem,
    schedule: &Schedule,
) -> Result<Vec<u8>, OutputError> {
    const WHAT: &str = "schedule.csv";
    let mut runs = runs(problem, schedule, WHAT)?;
    let acts = problem.activities();
    // numeric job order; ids that are not numbers sort after, by position
    let key = |r: &Run| {
        let num = acts[r.index].id.trim().parse::<u64>().unwrap_or(u64::MAX);
        (r.start, num, r.index)
    };
    runs.sort_by_key(key);
    let mut rows = vec![["task", "mode", "start", "finish"].map(String::from).into()];
    for run in &runs {
        rows.push(vec![
            acts[run.index].id.clone(),
            (run.mode_index + 1).to_string(),
            run.start.to_string(),
            run.start.saturating_add(run.mode.duration).to_string(),
        ]);
    }
    render(WHAT, rows)
}
