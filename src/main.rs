//! The `tandem` binary: parse flags, run, map failures to exit codes
//! (0 ok, 1 infeasible, 2 input or usage error).

mod cli;

use std::io::IsTerminal;

use clap::Parser;

fn main() {
    let args = cli::args::Cli::parse();
    if let Err(failure) = cli::run::run(args.command) {
        // colour for a person at a terminal, unless NO_COLOR is set
        let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        eprintln!("{}", failure.message(colour));
        std::process::exit(failure.exit_code());
    }
}
