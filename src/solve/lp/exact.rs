//! Exact mode: the time-indexed MILP (stub, filled in by the MILP work).

use std::time::Instant;

use crate::graph::Analysis;
use crate::model::Problem;
use crate::schedule::Schedule;

/// The outcome of an exact solve.
#[derive(Clone, Debug)]
pub struct ExactOutcome {
    /// The best schedule the MILP found (at least as good as the incumbent).
    pub schedule: Schedule,
    /// True when the MILP proved this schedule optimal.
    pub proven_optimal: bool,
    /// The MILP's proven lower bound on the objective.
    pub lower_bound: f64,
}

/// Tries to prove optimality (or improve `incumbent`) with the MILP before
/// `deadline`; `None` when the instance is too large or no backend can do it.
pub fn solve_exact(
    problem: &Problem,
    analysis: &Analysis,
    incumbent: &Schedule,
    deadline: Instant,
) -> Option<ExactOutcome> {
    let _ = (problem, analysis, incumbent, deadline);
    None
}
