//! The command-line front end: clap arguments, command runners, summaries.

pub mod args;
mod bench;
pub mod run;
mod summary;
