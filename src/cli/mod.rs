//! The command-line front end: clap arguments, command runners, summaries.

pub mod args;
mod bench;
mod excerpt;
mod paths;
mod replan;
pub mod run;
mod summary;
