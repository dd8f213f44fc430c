//! # tandem
//!
//! A scheduling optimizer: product goals become a dependency graph, teams
//! become capacity-limited resources, and the engine finds a schedule that
//! finishes high-priority goals early.
#![warn(missing_docs)]

mod error;
mod graph;
mod input;
mod model;
mod output;
mod schedule;
mod solve;

pub use error::{
    InputError, InputIssue, InputIssueKind, Location, ModelError, ModelErrors, OutputError,
};
pub use graph::{Analysis, DependencyGraph};
pub use input::{PlanOptions, read_plan};
pub use model::{
    Activity, ActivityId, Calendar, Date, DateParseError, Demand, EdgeOrigin, Goal, GoalId, Mode,
    Objective, Pin, Precedence, Problem, ProblemBuilder, Resource, ResourceId, TaskSpec, WorkDays,
    crew_duration, plan_modes,
};
pub use schedule::{Assignment, Schedule, weighted_objective};
pub use solve::{LowerBounds, Solution, SolveOptions, Status, lower_bounds, solve};
