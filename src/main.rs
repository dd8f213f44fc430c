//! The `tandem` binary: parse flags, run, map failures to exit codes
//! (0 ok, 1 infeasible, 2 input or usage error).

mod cli;

use std::io::{IsTerminal, Write};

use clap::Parser;

fn main() {
    let args = cli::args::Cli::parse();
    if let Err(failure) = cli::run::run(args.command) {
        // colour for a person at a terminal, unless NO_COLOR is set
        let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        // a closed stderr (`2>&1 | head`) must not turn the exit code into 101
        let _ = writeln!(std::io::stderr(), "{}", failure.message(colour));
        std::process::exit(failure.exit_code());
    }
}
