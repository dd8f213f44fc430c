//! Reading inputs: CSV plans and PSPLIB files.

pub(crate) mod csv_table;
mod plan;
mod psplib;

pub use plan::{PlanOptions, read_plan};
pub use psplib::read_psplib;
