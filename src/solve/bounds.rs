//! Lower bounds on the objective. (stub: replaced by the bounds work)

use crate::graph::Analysis;
use crate::model::Problem;

/// Lower bounds on the objective, each proven.
#[derive(Clone, Debug, PartialEq)]
pub struct LowerBounds {
    /// From the critical path (shortest modes, releases, lags).
    pub critical_path: f64,
    /// From resource energy per team.
    pub energy: f64,
}

impl LowerBounds {
    /// The best (largest) bound.
    pub fn best(&self) -> f64 {
        self.critical_path.max(self.energy)
    }
}

/// Computes every lower bound.
pub fn lower_bounds(problem: &Problem, analysis: &Analysis) -> LowerBounds {
    let _ = (problem, analysis);
    LowerBounds {
        critical_path: 0.0,
        energy: 0.0,
    }
}
