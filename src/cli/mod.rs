//! The command-line front end: clap arguments, command runners, summaries.

pub mod args;
pub mod run;
mod summary;
