//! The search flags (`--time-limit`, `--work-limit`, `--seed`, `--threads`)
//! validated into [`SolveOptions`].

use std::time::Duration;

use anyhow::anyhow;
use tandem::{MAX_THREADS, MAX_TIME_LIMIT, MAX_WORK_LIMIT, Problem, SolveOptions};

use super::args::SearchArgs;
use super::failure::Failure;

/// Validated search options; the time limit is set per problem by [`for_problem`].
pub(super) fn search_options(args: &SearchArgs) -> Result<SolveOptions, Failure> {
    let max = MAX_TIME_LIMIT.as_secs_f64();
    if let Some(limit) = args.time_limit
        && !(limit.is_finite() && (0.0..=max).contains(&limit))
    {
        return Err(Failure::Usage(anyhow!(
            "--time-limit must be a number of seconds from 0 to {max}, got {limit}"
        )));
    }
    if let Some(units) = args.work_limit
        && !(units.is_finite() && (0.0..=MAX_WORK_LIMIT).contains(&units))
    {
        return Err(Failure::Usage(anyhow!(
            "--work-limit must be a number of work units from 0 to {MAX_WORK_LIMIT}, got {units}"
        )));
    }
    if args.threads > MAX_THREADS {
        return Err(Failure::Usage(anyhow!(
            "--threads must be at most {MAX_THREADS} (0 = all cores), got {}",
            args.threads
        )));
    }
    let options = SolveOptions::default()
        .with_seed(args.seed)
        .with_threads(args.threads);
    Ok(match args.work_limit {
        Some(units) => options.with_work_limit(units),
        None => options,
    })
}

/// The options for one problem: `--time-limit`, or by default 1 s plus 1 s
/// per 1,000 tasks, at most 30 s; with `--work-limit` and no
/// `--time-limit`, no wall-clock limit.
pub(super) fn for_problem(
    options: &SolveOptions,
    args: &SearchArgs,
    problem: &Problem,
) -> SolveOptions {
    let limit = match (args.time_limit, args.work_limit) {
        (Some(secs), _) => Duration::from_secs_f64(secs),
        (None, Some(_)) => MAX_TIME_LIMIT,
        (None, None) => SolveOptions::default_time_limit(problem.len()),
    };
    options.clone().with_time_limit(limit)
}

/// A weight flag (`--lateness-weight`, `--stability-weight`): a number from
/// 0 to [`MAX_WEIGHT`](tandem::MAX_WEIGHT), so that the objective stays finite.
pub(super) fn check_weight(flag: &str, w: f64) -> Result<f64, Failure> {
    if (0.0..=tandem::MAX_WEIGHT).contains(&w) {
        Ok(w)
    } else {
        Err(Failure::Usage(anyhow!(
            "{flag} must be a number >= 0 and at most {:e}, got {w}",
            tandem::MAX_WEIGHT
        )))
    }
}
