//! Why a command failed, and the exit code and message that says so.

use tandem::InputError;

/// Why a command failed; decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad flags or values on the command line (exit 2).
    Usage(anyhow::Error),
    /// Bad input files (exit 2).
    Input(InputError),
    /// No valid schedule (exit 1).
    Infeasible(anyhow::Error),
    /// Could not write outputs (exit 2: the `--out` path is unusable).
    Output(anyhow::Error),
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Infeasible(_) => 1,
            Failure::Usage(_) | Failure::Input(_) | Failure::Output(_) => 2,
        }
    }

    /// The message for stderr; input problems come with an excerpt of the
    /// line they are about ([`super::excerpt`]). `colour` paints the
    /// headline (for a terminal).
    pub fn message(&self, colour: bool) -> String {
        let head = |word: &str| {
            if colour {
                format!("\x1b[1;31m{word}\x1b[0m")
            } else {
                word.to_string()
            }
        };
        match self {
            Failure::Usage(e) => format!("{}: {e:#}", head("error")),
            Failure::Input(e) => super::excerpt::render(e, colour),
            Failure::Infeasible(e) => format!("{}: {e:#}", head("infeasible")),
            Failure::Output(e) => format!("{}: {e:#}", head("error")),
        }
    }
}
