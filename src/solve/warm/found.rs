//! What the warm searches share: their outcome and the goals they focus on.

use crate::model::{ActivityId, Objective, Problem};
use crate::schedule::Schedule;

/// The outcome of a warm search ([`super::search`], [`super::order`]): the best list, its schedule (in the
/// baseline's modes) and objective.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub(crate) objective: f64,
    pub(crate) list: Vec<ActivityId>,
    pub(crate) schedule: Schedule,
    /// The goal order behind `list` (empty for the list moves).
    pub(crate) order: Vec<usize>,
}

/// The `count` goals with the largest terms `priority * (finish +
/// lateness_weight * late days)` in `schedule`, largest first (ties: lower
/// index); none for the makespan objective.
pub(super) fn heaviest_goals(problem: &Problem, schedule: &Schedule, count: usize) -> Vec<usize> {
    let Objective::Weighted { lateness_weight } = problem.objective() else {
        return Vec::new();
    };
    let finish = schedule.goal_finishes(problem);
    let mut terms: Vec<(f64, usize)> = problem
        .goals()
        .iter()
        .zip(&finish)
        .enumerate()
        .map(|(g, (goal, &f))| {
            let late = goal.due.map_or(0, |d| f.saturating_sub(d));
            let term = goal.priority * (f64::from(f) + lateness_weight * f64::from(late));
            (term, g)
        })
        .collect();
    terms.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    terms.into_iter().take(count).map(|t| t.1).collect()
}
