//! # tandem
//!
//! A scheduling optimizer: product goals become a dependency graph, teams
//! become capacity-limited resources, and the engine finds a schedule that
//! finishes high-priority goals early, with a proven lower bound beside it.
//!
//! ## The pipeline
//!
//! 1. **input** — [`read_plan`] reads a CSV plan folder (`teams.csv`,
//!    `calendar.csv`, `goals.csv`, `tasks.csv`; see `FORMAT.md`),
//!    [`read_psplib`] a PSPLIB `.sm`/`.mm` file. Every problem in the input
//!    is reported at once with file, line and column ([`InputError`]).
//! 2. **model** — a solver-agnostic [`Problem`]: resources with capacity
//!    [`Calendar`]s, activities with execution [`Mode`]s (a plan task gets one
//!    mode per eligible team and crew size), precedences with lags, releases,
//!    weighted goals. Library users build one with [`ProblemBuilder`].
//! 3. **graph** — [`Analysis`] runs the critical-path method on the
//!    petgraph dependency graph: topological order, earliest/latest starts,
//!    float, the critical path.
//! 4. **solve** — [`solve`] computes proven [`LowerBounds`] and runs the
//!    heuristic portfolio (serial schedule generation with priority rules,
//!    biased sampling and forward-backward improvement) until the time limit.
//! 5. **schedule** — a [`Schedule`] assigns a start and a mode to every
//!    activity; [`Schedule::check`] verifies it independently of the solver.
//! 6. **output** — [`write_plan_outputs`] / [`write_psplib_outputs`] write
//!    `schedule.csv`, `goals.csv` and `summary.json` atomically.
//!
//! **Re-planning**: [`Replan`] applies progress (done / started tasks),
//! `today`, a baseline with its stability term and a freeze window to a
//! problem ([`Infeasible`] names clashing tasks), [`replan`] solves it
//! warm-started from the baseline, [`Diff`] says what moved, and [`Session`]
//! keeps a plan and its schedule for incremental edits and re-plans.
//!
//! ## Example
//!
//! ```
//! use std::time::Duration;
//! use tandem::{Calendar, ProblemBuilder, SolveOptions, solve};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut b = ProblemBuilder::new();
//! let backend = b.resource("backend", Calendar::constant(2));
//! let mut frontend_cal = Calendar::constant(2);
//! frontend_cal.set(5, 9, 0); // the frontend team is away on days 5..=9
//! let frontend = b.resource("frontend", frontend_cal);
//! let sso = b.goal("sso", 5.0, Some(12));
//! let api = b.plan_task("sso-api", Some(sso), &[(backend, 8.0)], 1, 2, 0);
//! let ui = b.plan_task("sso-ui", Some(sso), &[(frontend, 4.0), (backend, 6.0)], 1, 2, 0);
//! b.precedence(api, ui, 0);
//! let problem = b.build()?;
//!
//! let options = SolveOptions::default().with_time_limit(Duration::from_secs(1));
//! let solution = solve(&problem, &options);
//! let report = solution.schedule.check(&problem)?; // the independent checker
//! assert_eq!(report.objective, solution.objective);
//! assert!(solution.lower_bound() <= solution.objective);
//! println!("sso finishes on day {}", solution.schedule.goal_finishes(&problem)[0]);
//! # Ok(()) }
//! ```
#![warn(missing_docs)]

mod error;
mod generate;
mod graph;
mod input;
mod model;
mod output;
mod replan;
mod schedule;
mod solve;

pub use error::{
    InputError, InputIssue, InputIssueKind, Location, ModelError, ModelErrors, OutputError,
};
pub use generate::{GeneratedPlan, GeneratorParams, generate_plan};
pub use graph::{Analysis, DependencyGraph};
pub use input::{PlanOptions, read_plan, read_psplib};
pub use model::{
    Activity, ActivityId, Calendar, Date, DateParseError, Demand, EdgeOrigin, Goal, GoalId,
    MAX_HORIZON, MAX_PRIORITY, MAX_WEIGHT, Mode, Objective, Pin, Precedence, Problem,
    ProblemBuilder, Replanning, Resource, ResourceId, TaskSpec, WorkDays, crew_duration,
    plan_modes,
};
pub use output::{
    BottleneckSummary, BoundsSummary, GanttLayout, MermaidOptions, MermaidSections,
    ROW_PER_TASK_LIMIT, ReportOptions, Summary, UtilisationSummary, mermaid_gantt, mermaid_name,
    report_html, write_atomic, write_plan_outputs, write_plan_outputs_with, write_psplib_outputs,
};
pub use replan::{
    Baseline, BaselineTask, Clash, Diff, GoalShift, Infeasible, Progress, Replan, ReplanWarning,
    ScheduleRow, Session, SessionError, TaskChange, TaskProgress, check_feasible, read_progress,
    read_schedule_rows, read_schedule_rows_with_lines, replan, schedule_rows, settle,
    settle_solution, solve_replan, warm_list, warm_start,
};
pub use schedule::{Assignment, Schedule, weighted_objective};
pub use schedule::{
    CheckFailure, CheckReport, CrewIssue, GoalRow, MAX_CHECKED_DAYS, MAX_PER_KIND, TeamUtilisation,
    Violation, daily_load, goal_rows, utilisation,
};
pub use solve::{
    Bottleneck, ER_TOTAL_BUDGET, ExactOutcome, LowerBounds, MAX_THREADS, MAX_TIME_LIMIT,
    MAX_WORK_LIMIT, PriorityRule, Relaxation, ResourceBound, Sgs, Solution, SolveOptions, Status,
    WarmStart, exhaustive_optimum, lower_bounds, lower_bounds_with_budget, relax, solve,
    solve_warm,
};
