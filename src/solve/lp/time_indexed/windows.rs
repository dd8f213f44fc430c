//! The model's start windows: for every activity and mode the start days
//! from its proven head to its deadline ([`deadlines`]) on which the mode's
//! demands fit the capacity. They are counted before any row is written,
//! so that a model too large is declined cheaply.

use super::deadlines::{Cut, deadlines};
use crate::graph::Analysis;
use crate::model::{GoalId, Objective, Problem};
use crate::schedule::Schedule;
use crate::solve::bounds::window_bounds;

/// Start windows of every activity and mode, and their deadlines.
#[derive(Clone, Debug)]
pub(crate) struct Windows {
    /// `days[j][m]`: the allowed start days of activity `j` in mode `m`, ascending.
    pub(super) days: Vec<Vec<Vec<u32>>>,
    /// Number of start variables.
    pub(super) binaries: usize,
    /// Sets of goals and a day before which they cannot all be done
    /// ([`goal_set_bounds`]); empty for the makespan objective.
    pub(super) goal_sets: Vec<(Vec<GoalId>, u64)>,
}

/// Largest problem for which [`goal_set_bounds`] are computed (larger
/// ones never fit the model), and the set sizes by number of goals.
const GOAL_SET_MAX_ACTIVITIES: usize = 400;

/// The largest goal sets for a problem with `goals` goals: the number of
/// sets grows as `goals^size`, each costs a finish bound and its rows.
fn goal_set_size(goals: usize) -> usize {
    match goals {
        0..=8 => 4,
        9..=10 => 3,
        11..=16 => 2,
        _ => 1,
    }
}

impl Windows {
    /// The windows for the model that keeps every schedule at least as good
    /// as `incumbent`; `None` when there are more than `max_binaries` start
    /// variables or no valid deadline can be given (see the
    /// [`time_indexed`](super) docs).
    pub(crate) fn new(
        problem: &Problem,
        analysis: &Analysis,
        incumbent: &Schedule,
        cut: Cut,
        max_binaries: usize,
    ) -> Option<Self> {
        let set_size = match problem.objective() {
            Objective::Weighted { .. } if problem.len() <= GOAL_SET_MAX_ACTIVITIES => {
                goal_set_size(problem.goals().len())
            }
            _ => 0,
        };
        let known = window_bounds(problem, analysis, set_size);
        let deadline = deadlines(problem, analysis, &known, incumbent, cut)?;
        let head = &known.heads;
        let mut days = Vec::with_capacity(problem.len());
        let mut binaries = 0usize;
        for a in problem.activity_ids() {
            let act = problem.activity(a);
            let mut per_mode = vec![Vec::new(); act.modes.len()];
            if let Some(pin) = act.pin {
                per_mode.get_mut(pin.mode)?.push(pin.start);
                binaries += 1;
            } else {
                let es = head[a.index()];
                for (m, mode) in act.modes.iter().enumerate() {
                    let Some(last) = deadline[a.index()].checked_sub(mode.duration) else {
                        continue;
                    };
                    for t in es..=last {
                        if fits(problem, mode, t) {
                            per_mode[m].push(t);
                            binaries += 1;
                        }
                    }
                    if binaries > max_binaries {
                        return None;
                    }
                }
            }
            days.push(per_mode);
        }
        (binaries <= max_binaries).then_some(Self {
            days,
            binaries,
            goal_sets: known.goal_sets,
        })
    }

    /// Number of binary start variables.
    #[cfg(test)]
    pub(crate) fn binaries(&self) -> usize {
        self.binaries
    }

    /// True when some activity has no possible start: the model has no point.
    pub(crate) fn is_void(&self) -> bool {
        self.days
            .iter()
            .any(|modes| modes.iter().all(|days| days.is_empty()))
    }
}

/// True when every demand of `mode` fits the capacity on each day of a run from `t`.
pub(crate) fn fits(problem: &Problem, mode: &crate::model::Mode, t: u32) -> bool {
    mode.demands.iter().filter(|d| d.amount > 0).all(|d| {
        let cal = &problem.resource(d.resource).capacity;
        (t..t.saturating_add(mode.duration)).all(|day| cal.at(day) >= d.amount)
    })
}
