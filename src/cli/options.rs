//! The search flags (`--time-limit`, `--work-limit`, `--seed`, `--threads`)
//! and the weight flags, validated by the library's builders; the flag's
//! name goes in front of the library's message.

use anyhow::anyhow;
use tandem::{OptionsError, SolveOptions};

use super::args::SearchArgs;
use super::failure::Failure;

/// Validated search options. Without `--time-limit` the library's
/// size-based default applies (none with `--work-limit`).
pub(super) fn search_options(args: &SearchArgs) -> Result<SolveOptions, Failure> {
    let usage = |flag: &str, e: OptionsError| Failure::Usage(anyhow!("{flag} {e}"));
    let mut options = SolveOptions::default().with_seed(args.seed);
    if let Some(secs) = args.time_limit {
        options = options
            .with_time_limit_secs(secs)
            .map_err(|e| usage("--time-limit", e))?;
    }
    if let Some(units) = args.work_limit {
        options = options
            .with_work_limit(units)
            .map_err(|e| usage("--work-limit", e))?;
    }
    options
        .with_threads(args.threads)
        .map_err(|e| usage("--threads", e))
}

/// A weight flag (`--lateness-weight`, `--stability-weight`): a number from
/// 0 to [`MAX_WEIGHT`](tandem::model::MAX_WEIGHT), so that the objective
/// stays finite.
pub(super) fn check_weight(flag: &str, w: f64) -> Result<f64, Failure> {
    tandem::model::check_weight(w).map_err(|e| Failure::Usage(anyhow!("{flag} {e}")))
}
