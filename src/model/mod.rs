//! The solver-agnostic problem: resources with calendars, activities with
//! modes, precedences with lags, releases, goals and the objective.

mod builder;
mod calendar;
mod cycle;
mod dates;
mod edit;
mod ids;
mod problem;
mod uncertainty;

pub use crate::limits::{MAX_HORIZON, MAX_PRIORITY, MAX_WEIGHT};
pub use builder::{ProblemBuilder, crew_duration, plan_modes};
pub use calendar::Calendar;
pub(crate) use cycle::find_cycle;
pub use dates::{Date, DateException, DateParseError, WorkDays};
pub(crate) use edit::check_priority;
pub use edit::check_weight;
pub use ids::{ActivityId, GoalId, ResourceId};
pub use problem::{
    Activity, Alternative, Demand, EdgeOrigin, EffortRange, Goal, Mode, Objective, Pin, Precedence,
    Problem, Replanning, Resource, TaskSpec,
};
pub use uncertainty::Scenarios;
pub(crate) use uncertainty::scaled;
