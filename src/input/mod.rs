//! Reading inputs: CSV plans and PSPLIB files.

mod csv_table;
mod plan;

pub use plan::{PlanOptions, read_plan};
