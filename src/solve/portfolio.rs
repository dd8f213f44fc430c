//! Heuristic search. (stub: replaced by the SGS work)

use std::time::Instant;

use super::SolveOptions;
use crate::graph::Analysis;
use crate::model::Problem;
use crate::schedule::Schedule;

/// Best schedule found by the heuristics before `deadline`.
pub fn search(
    problem: &Problem,
    analysis: &Analysis,
    options: &SolveOptions,
    deadline: Instant,
) -> Schedule {
    let _ = (problem, analysis, options, deadline);
    unimplemented!()
}
