//! Bottleneck prices from the LP duals (stub, filled in by the LP work).

use crate::model::ResourceId;

/// A team and period where one more person would improve the objective.
#[derive(Clone, Debug, PartialEq)]
pub struct Bottleneck {
    /// The team.
    pub team: ResourceId,
    /// First day of the period.
    pub from: u32,
    /// Last day of the period (inclusive).
    pub to: u32,
    /// Marginal objective improvement of one more person on every day of the period.
    pub value: f64,
}
