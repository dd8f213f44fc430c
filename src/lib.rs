//! # tandem
//!
//! A scheduling optimizer: product goals become a dependency graph, teams
//! become capacity-limited resources, and the engine finds a schedule that
//! finishes high-priority goals early, with a proven lower bound beside it.
//!
//! ## The planner's API (this page)
//!
//! Everything a planning tool needs is at the crate root:
//!
//! - **read** a plan: [`read_plan`] (a CSV plan folder, see `FORMAT.md`),
//!   [`read_psplib`]; for re-plans [`read_progress`],
//!   [`read_schedule_rows`] (an earlier `schedule.csv`) and
//!   [`read_goal_order`] (its `summary.json`). Every problem in the input
//!   is reported at once with file, line and column ([`InputError`]).
//! - **build** one in code: [`ProblemBuilder`], [`Calendar`], [`Objective`],
//!   [`Date`].
//! - **plan and re-plan**: a [`Session`] holds a plan and its current
//!   schedule; [`Session::solve`] plans, edits (priorities, due days,
//!   estimates, capacity, progress, today, freeze, stability weight) and
//!   [`Session::replan`] re-solve from the current schedule and say what
//!   moved ([`Diff`]). [`solve()`] is the one-shot form. [`SolveOptions`] is
//!   a validated builder (time or deterministic work limit, seed, threads).
//! - **results**: a [`Solution`] (schedule, objective, proven
//!   [`LowerBounds`], [`Bottleneck`]s); [`Schedule::check`] verifies it
//!   independently of the solver ([`CheckReport`] / [`CheckFailure`]);
//!   [`ScheduleRow`] and [`GoalRow`] key the results by the plan's ids.
//! - **write**: [`write_plan_outputs`] / [`write_psplib_outputs`]
//!   (`schedule.csv`, `goals.csv`, `summary.json`, atomically),
//!   [`report_html`].
//!
//! ## The pipeline (the modules)
//!
//! The modules are the pipeline's stages, public for tools and researchers
//! that need more than the root (custom heuristics, benchmarks, reports):
//! [`input`] -> [`model`] -> [`graph`] -> [`solve`](mod@solve) -> [`schedule`] ->
//! [`output`], with [`replan`] (progress, baseline, freeze and how they
//! change a problem) and [`generate`] (random plans) beside them. Their
//! items may change between minor versions; the root's are the stable API.
//! `ARCHITECTURE.md` gives the code map and the rules between the stages.
//!
//! ## Vocabulary
//!
//! The plan files and the command line speak of *tasks*, *teams* and
//! *crews*; the model is the general RCPSP one: a task is an
//! [activity](model::Activity), a team a [resource](model::Resource), and
//! each way to run a task (one of its alternatives, a team or several teams
//! needed at once, with one crew size, and the duration that gives) a
//! [mode](model::Mode) with one demand per team. A task's *goal* and a
//! goal's *priority* are the same in both. The planner's API takes and
//! returns the plan's ids (`task`, `team`, `goal` columns).
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

pub mod error;
pub mod generate;
pub mod graph;
pub mod input;
mod limits;
pub mod model;
pub mod output;
pub mod replan;
pub mod schedule;
mod session;
pub mod solve;

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

// The planner's API: 39 names (see the crate docs).
pub use error::{EditError, InputError, ModelErrors, OptionsError, OutputError};
pub use input::{
    PlanOptions, read_goal_order, read_plan, read_progress, read_psplib, read_schedule_rows,
};
pub use model::{Calendar, Date, Objective, Problem, ProblemBuilder};
pub use output::{ReportOptions, Summary, report_html, write_plan_outputs, write_psplib_outputs};
pub use replan::{Baseline, Infeasible, Progress, Replan};
pub use schedule::{CheckFailure, CheckReport, Diff, GoalRow, Schedule, ScheduleRow};
pub use session::{Session, SessionError};
pub use solve::{Bottleneck, LowerBounds, Solution, SolveOptions, Status, solve};
