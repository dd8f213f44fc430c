//! Integration tests, one binary with topic modules.

mod bad_input;
mod bottlenecks;
mod calendar;
mod forecast;
mod format_check;
mod fuzz;
mod hostile_input;
mod milp;
mod mspdi;
mod multi_team;
mod plan_cli;
mod props;
mod psplib_cli;
mod ranges;
mod replan;
mod report;
mod unknown_ids;
mod util;
