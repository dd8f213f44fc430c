//! Uncertain efforts: the durations of a plan task when its effort is
//! scaled by a sampled factor, a problem with sampled efforts, and the
//! training scenarios of the expected objective.
//!
//! # Theoretical
//! A plan task's effort is a random variable `X` with a three-point
//! estimate ([`EffortRange`](super::EffortRange)); a *scenario* fixes one
//! factor `f = X / likely` per task. Every alternative of the task is
//! scaled by the same `f` (a task that is twice as much work is twice as
//! much work for every team), and a mode of the alternative with `p`
//! people lasts `ceil(f * effort / p)` working days: the duration rule of
//! the plan, applied to the sampled effort. A factor of exactly 1 gives the
//! mode's own duration. Pinned tasks (started or frozen in a re-plan) and
//! done ones are not scaled: what happened, happened.

use std::sync::Arc;

use super::{ActivityId, Alternative, Mode, Problem, TaskSpec, crew_duration};

/// Effort factors of a set of scenarios: one factor per activity per
/// scenario (1 for activities without a range).
///
/// ```
/// use tandem::model::Scenarios;
/// let s = Scenarios::new(2, vec![1.0, 1.5, 0.8, 1.0]);
/// assert_eq!(s.len(), 2);
/// assert_eq!(s.factors(1), &[0.8, 1.0]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Scenarios {
    activities: usize,
    factors: Vec<f64>,
}

impl Scenarios {
    /// Scenarios of `activities` factors each, scenario after scenario in
    /// `factors` (its length a multiple of `activities`).
    pub fn new(activities: usize, factors: Vec<f64>) -> Self {
        debug_assert!(activities == 0 || factors.len().is_multiple_of(activities));
        Self {
            activities,
            factors,
        }
    }

    /// Number of scenarios.
    pub fn len(&self) -> usize {
        self.factors.len().checked_div(self.activities).unwrap_or(0)
    }

    /// True when there is no scenario.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The factors of scenario `k`, by activity index.
    pub fn factors(&self, k: usize) -> &[f64] {
        &self.factors[k * self.activities..(k + 1) * self.activities]
    }
}

/// The duration of a mode whose alternative has `work` = (effort, people)
/// when the effort is scaled by `factor`: `ceil(factor * effort / people)`;
/// `nominal`, the mode's own duration, for a factor of 1 or no `work`.
pub(crate) fn scaled(work: Option<(f64, u32)>, nominal: u32, factor: f64) -> u32 {
    match work {
        Some((effort, people)) if factor != 1.0 => crew_duration(effort * factor, people),
        _ => nominal,
    }
}

/// The alternative of a plan task that `mode` staffs: the first with the
/// mode's teams in the same order, fixed crews equal to the mode's demands,
/// one crew within the task's range on its other teams, and the mode's
/// duration (two alternatives may differ only in effort); `people` are the
/// mode's people.
fn alternative_of<'a>(spec: &'a TaskSpec, mode: &Mode, people: u32) -> Option<&'a Alternative> {
    spec.alternatives.iter().find(|alt| {
        let mut crew = None;
        alt.teams.len() == mode.demands.len()
            && crew_duration(alt.effort, people) == mode.duration
            && alt.teams.iter().zip(&mode.demands).all(|(&(t, fixed), d)| {
                t == d.resource
                    && match fixed {
                        _ if people == 0 => true,
                        Some(n) => n == d.amount,
                        None => {
                            (spec.min_people..=spec.max_people).contains(&d.amount)
                                && *crew.get_or_insert(d.amount) == d.amount
                        }
                    }
            })
    })
}

impl Problem {
    /// Duration of mode `m` of activity `a` when the task's effort is
    /// scaled by `factor` (see [`EffortRange`](super::EffortRange)): `ceil(factor *
    /// effort / people)` for an unpinned plan task, the mode's own duration
    /// for a factor of 1, a pinned activity or one that is not a plan task.
    ///
    /// ```
    /// use tandem::{Calendar, ProblemBuilder};
    /// let mut b = ProblemBuilder::new();
    /// let team = b.resource("backend", Calendar::constant(2));
    /// let t = b.plan_task("T1", None, &[(team, 10.0)], 2, 2, 0);
    /// let p = b.build().unwrap();
    /// assert_eq!(p.activity(t).modes[0].duration, 5); // 10 person-days, 2 people
    /// assert_eq!(p.scaled_duration(t, 0, 1.25), 7); // 12.5 / 2, rounded up
    /// ```
    pub fn scaled_duration(&self, a: ActivityId, m: usize, factor: f64) -> u32 {
        scaled(
            self.scalable_work(a, m),
            self.activities[a.index()].modes[m].duration,
            factor,
        )
    }

    /// [`Problem::mode_work`] of an unpinned activity (pinned ones are not
    /// scaled): what [`scaled`] scales.
    pub(crate) fn scalable_work(&self, a: ActivityId, m: usize) -> Option<(f64, u32)> {
        self.activities[a.index()]
            .pin
            .is_none()
            .then(|| self.mode_work(a, m))
            .flatten()
    }

    /// The effort of the alternative that mode `m` of plan task `a` staffs
    /// and the mode's people (`None` for an activity that is not a plan
    /// task).
    pub fn mode_work(&self, a: ActivityId, m: usize) -> Option<(f64, u32)> {
        let act = &self.activities[a.index()];
        let mode = act.modes.get(m)?;
        let people = mode
            .demands
            .iter()
            .fold(0u32, |s, d| s.saturating_add(d.amount));
        let alt = alternative_of(act.spec.as_ref()?, mode, people)?;
        Some((alt.effort, people))
    }

    /// A copy of the problem in which every unpinned plan task's efforts
    /// (all its alternatives) are scaled by `factors[a]` and every mode
    /// lasts [`Problem::scaled_duration`]; the modes keep their indices and
    /// crews, so a schedule of this problem is checked by the independent
    /// checker against the sampled efforts. Pins, releases, links and
    /// capacities are unchanged.
    pub fn with_scaled_efforts(&self, factors: &[f64]) -> Problem {
        let mut out = self.clone();
        out.training = None;
        for (i, act) in out.activities.iter_mut().enumerate() {
            let f = factors.get(i).copied().unwrap_or(1.0);
            if f == 1.0 || act.pin.is_some() {
                continue;
            }
            let a = ActivityId::from_index(i);
            for (m, mode) in act.modes.iter_mut().enumerate() {
                mode.duration = self.scaled_duration(a, m, f);
            }
            if let Some(spec) = &mut act.spec {
                for alt in &mut spec.alternatives {
                    alt.effort *= f;
                }
            }
        }
        out
    }

    /// The training scenarios of the expected objective, if set.
    pub fn training(&self) -> Option<&Arc<Scenarios>> {
        self.training.as_ref()
    }

    /// The problem with training scenarios: the searches then rate a
    /// schedule by the mean objective of its policy over these scenarios
    /// (sample-average approximation; see `solve::forecast`) instead of by
    /// its objective at the most likely efforts. Schedules, the checker and
    /// the bounds are unchanged.
    pub fn with_training(mut self, scenarios: Option<Arc<Scenarios>>) -> Problem {
        self.training = scenarios;
        self
    }
}
