//! The command-line front end: clap arguments, command runners, summaries.

// What the commands print goes through these instead of `print!` and
// `eprintln!`, which panic (exit 101) when the reader has gone away, as in
// `tandem plan ... 2>&1 | head -1`: a closed pipe is not an error of ours.

/// `print!` that ignores a closed stdout.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// `println!` that ignores a closed stdout.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` that ignores a closed stderr.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod args;
mod bench;
mod excerpt;
mod failure;
mod options;
mod paths;
mod replan;
pub mod run;
mod summary;
