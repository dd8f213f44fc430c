//! The LP relaxation (stub, filled in by the LP work).

use std::time::Instant;

use super::prices::Bottleneck;
use crate::graph::Analysis;
use crate::model::{ActivityId, Problem};

/// What the LP relaxation gives.
#[derive(Clone, Debug, Default)]
pub struct Relaxation {
    /// A proven lower bound on the objective.
    pub lower_bound: f64,
    /// Bottleneck prices, most valuable first.
    pub bottlenecks: Vec<Bottleneck>,
    /// Priority lists derived from the LP solution (precedence-feasible).
    pub lists: Vec<Vec<ActivityId>>,
}

/// Solves the LP relaxation before `deadline`; `None` if it cannot.
pub fn relax(problem: &Problem, analysis: &Analysis, deadline: Instant) -> Option<Relaxation> {
    let _ = (problem, analysis, deadline);
    None
}
