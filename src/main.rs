//! The `tandem` binary: parse flags, run, map failures to exit codes
//! (0 ok, 1 infeasible, 2 input or usage error).

mod cli;

use clap::Parser;

fn main() {
    let args = cli::args::Cli::parse();
    if let Err(failure) = cli::run::run(args.command) {
        eprintln!("{}", failure.message());
        std::process::exit(failure.exit_code());
    }
}
