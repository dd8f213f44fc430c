//! Reading inputs: CSV plans, PSPLIB files, and the re-planning inputs
//! (`progress.csv`, a baseline `schedule.csv` and its `summary.json`).

pub(crate) mod csv_table;
pub mod mspdi;
mod plan;
mod psplib;
mod replanning;
pub(crate) mod suggest;

pub(crate) use plan::read_plan_files;
pub use plan::{PlanOptions, read_plan};
pub use psplib::read_psplib;
pub(crate) use replanning::crew_issue;
pub use replanning::{
    read_goal_order, read_goal_priorities, read_progress, read_progress_bytes, read_schedule_rows,
    read_schedule_rows_with_lines,
};
