//! Edits of a built [`Problem`] that keep its derived data (predecessor and
//! successor lists, modes derived from a task's spec) consistent: what
//! re-planning ([`crate::Replan::apply`]) and a [`crate::Session`] change.
//!
//! Every edit that takes a number checks it first and refuses it with an
//! [`EditError`], leaving the problem as it was.

use super::{
    ActivityId, Calendar, Demand, GoalId, MAX_PRIORITY, MAX_WEIGHT, Mode, Objective, Pin, Problem,
    ResourceId, crew_duration, plan_modes,
};
use crate::error::{EditError, OptionsError};

/// A goal priority: a number > 0 and at most [`MAX_PRIORITY`] (so that the
/// objective stays finite).
pub(crate) fn check_priority(priority: f64) -> bool {
    priority > 0.0 && priority <= MAX_PRIORITY
}

/// An objective weight (lateness, stability): a number from 0 to
/// [`MAX_WEIGHT`], so that the objective stays finite.
///
/// ```
/// assert_eq!(tandem::model::check_weight(10.0), Ok(10.0));
/// assert!(tandem::model::check_weight(-1.0).is_err());
/// assert!(tandem::model::check_weight(f64::NAN).is_err());
/// ```
pub fn check_weight(weight: f64) -> Result<f64, OptionsError> {
    if (0.0..=MAX_WEIGHT).contains(&weight) {
        Ok(weight)
    } else {
        Err(OptionsError::Weight {
            value: weight,
            max: MAX_WEIGHT,
        })
    }
}

impl Problem {
    /// Records activities as done (`done[i]` for activity `i`): each becomes
    /// a milestone (duration 0, no people; its alternatives' efforts set to 0, so
    /// that the checker accepts the 0-person mode) pinned at day 0, and
    /// every precedence touching one is dropped (it is satisfied: the work
    /// is over). [`Replanning::done`](super::Replanning::done) records them.
    pub fn complete(&mut self, done: &[bool]) {
        let done: Vec<bool> = (0..self.len())
            .map(|i| done.get(i).copied().unwrap_or(false))
            .collect();
        for (i, &d) in done.iter().enumerate() {
            if d {
                self.make_milestone(ActivityId::from_index(i));
            }
        }
        if done.iter().any(|&d| d) {
            self.precedences
                .retain(|e| !done[e.from.index()] && !done[e.to.index()]);
            for lists in [&mut self.preds, &mut self.succs] {
                for (i, list) in lists.iter_mut().enumerate() {
                    if done[i] {
                        list.clear();
                    } else {
                        list.retain(|(q, _)| !done[q.index()]);
                    }
                }
            }
        }
        self.replanning.done = done;
    }

    /// A done activity: a 0-person milestone pinned at day 0 (on the teams
    /// of its first mode).
    fn make_milestone(&mut self, a: ActivityId) {
        let act = &mut self.activities[a.index()];
        let mut demands: Vec<Demand> = act
            .modes
            .first()
            .map_or_else(Vec::new, |m| m.demands.clone());
        if demands.is_empty() {
            demands.push(Demand {
                resource: ResourceId::from_index(0),
                amount: 0,
            });
        }
        for d in &mut demands {
            d.amount = 0;
        }
        act.modes = vec![Mode {
            duration: 0,
            demands,
        }];
        if let Some(spec) = &mut act.spec {
            for alt in &mut spec.alternatives {
                alt.effort = 0.0;
            }
        }
        act.release = 0;
        act.pin = Some(Pin { start: 0, mode: 0 });
    }

    /// Pins an activity to a start and one of its modes (a running or
    /// frozen task).
    pub fn pin(&mut self, a: ActivityId, pin: Pin) {
        self.activities[a.index()].pin = Some(pin);
    }

    /// The mode of `a` that runs on the teams of `crew` with those people
    /// (in any order), added when the mode list had dropped it as
    /// dominated: from the task's spec, the first alternative on exactly
    /// those teams whose fixed crews `crew` keeps, its effort over the
    /// people of `crew` (a milestone alternative: 0 people, 0 days).
    /// Input validation guarantees that such an alternative exists and the
    /// crews are within range; otherwise a 0-day mode with nobody on those
    /// teams is added.
    pub fn crew_mode(&mut self, a: ActivityId, crew: &[Demand]) -> usize {
        let act = &mut self.activities[a.index()];
        let amount = |team: ResourceId| crew.iter().find(|d| d.resource == team).map(|d| d.amount);
        let same_teams = |m: &Mode| {
            m.demands.len() == crew.len() && m.demands.iter().all(|d| amount(d.resource).is_some())
        };
        if let Some(m) = act.modes.iter().position(|m| {
            same_teams(m)
                && (m.duration == 0
                    || m.demands
                        .iter()
                        .all(|d| amount(d.resource) == Some(d.amount)))
        }) {
            return m;
        }
        let teams: Vec<ResourceId> = crew.iter().map(|d| d.resource).collect();
        let alternative = act.spec.as_ref().and_then(|s| {
            s.alternatives.iter().find(|alt| {
                alt.has_teams(&teams)
                    && alt
                        .teams
                        .iter()
                        .all(|&(t, fixed)| fixed.is_none_or(|n| amount(t) == Some(n)))
            })
        });
        let mode = match alternative {
            Some(alt) => {
                let people = crew.iter().map(|d| d.amount).fold(0, u32::saturating_add);
                let milestone = alt.is_milestone();
                Mode {
                    duration: if milestone {
                        0
                    } else {
                        crew_duration(alt.effort, people)
                    },
                    demands: alt
                        .teams
                        .iter()
                        .map(|&(t, _)| Demand {
                            resource: t,
                            amount: if milestone { 0 } else { amount(t).unwrap_or(0) },
                        })
                        .collect(),
                }
            }
            None => Mode {
                duration: 0,
                demands: crew.iter().map(|d| Demand { amount: 0, ..*d }).collect(),
            },
        };
        act.modes.push(mode);
        act.modes.len() - 1
    }

    /// Sets today: every activity not pinned gets `release >= today`.
    pub fn set_today(&mut self, today: u32) {
        for act in &mut self.activities {
            if act.pin.is_none() {
                act.release = act.release.max(today);
            }
        }
        self.replanning.today = today;
    }

    /// Sets the baseline starts (one per activity, `None` for none) and the
    /// stability weight of the objective's stability term (a number from 0
    /// to [`MAX_WEIGHT`]; otherwise nothing changes).
    pub fn set_baseline(
        &mut self,
        baseline: Vec<Option<u32>>,
        stability_weight: f64,
    ) -> Result<(), EditError> {
        if check_weight(stability_weight).is_err() {
            return Err(EditError::Weight {
                what: "stability weight",
                value: stability_weight,
            });
        }
        self.replanning.baseline = baseline;
        self.replanning.stability_weight = stability_weight;
        Ok(())
    }

    /// Changes the objective. A lateness weight must be a number from
    /// `-MAX_WEIGHT` to [`MAX_WEIGHT`], as [`ProblemBuilder`](super::ProblemBuilder)
    /// requires (a negative one rewards lateness; the bounds then say only
    /// what they can prove); otherwise nothing changes.
    pub fn set_objective(&mut self, objective: Objective) -> Result<(), EditError> {
        if let Objective::Weighted { lateness_weight } = objective
            && !(-MAX_WEIGHT..=MAX_WEIGHT).contains(&lateness_weight)
        {
            return Err(EditError::Weight {
                what: "lateness weight",
                value: lateness_weight,
            });
        }
        self.objective = objective;
        Ok(())
    }

    /// Sets the least gain a re-plan's moves must bring
    /// ([`Replanning::min_gain`](super::Replanning::min_gain)): a share of
    /// the objective from 0 to 1.
    pub fn set_min_gain(&mut self, share: f64) -> Result<(), EditError> {
        if !(0.0..=1.0).contains(&share) {
            return Err(EditError::MinGain { value: share });
        }
        self.replanning.min_gain = share;
        Ok(())
    }

    /// Sets a goal's priority (a number > 0, at most [`MAX_PRIORITY`]).
    pub fn set_goal_priority(&mut self, g: GoalId, priority: f64) -> Result<(), EditError> {
        if !check_priority(priority) {
            return Err(EditError::Priority {
                goal: self.goals[g.index()].id.clone(),
                value: priority,
            });
        }
        self.goals[g.index()].priority = priority;
        Ok(())
    }

    /// Sets or clears a goal's due day.
    pub fn set_goal_due(&mut self, g: GoalId, due: Option<u32>) {
        self.goals[g.index()].due = due;
    }

    /// Sets (or with `None` clears) a plan task's ranged effort estimate
    /// (see [`EffortRange`](super::EffortRange)).
    ///
    /// ```
    /// use tandem::model::EffortRange;
    /// use tandem::{Calendar, ProblemBuilder};
    /// let mut b = ProblemBuilder::new();
    /// let team = b.resource("backend", Calendar::constant(1));
    /// let t = b.plan_task("T1", None, &[(team, 10.0)], 1, 1, 0);
    /// let mut p = b.build().unwrap();
    /// p.set_effort_range(t, Some(EffortRange::new(8.0, 10.0, 15.0))).unwrap();
    /// assert!(p.set_effort_range(t, Some(EffortRange::new(12.0, 10.0, 15.0))).is_err());
    /// ```
    pub fn set_effort_range(
        &mut self,
        a: ActivityId,
        range: Option<super::EffortRange>,
    ) -> Result<(), EditError> {
        let act = &mut self.activities[a.index()];
        let Some(spec) = &mut act.spec else {
            return Err(EditError::NotAPlanTask {
                task: act.id.clone(),
            });
        };
        if let Some(r) = range
            && !r.is_valid()
        {
            return Err(EditError::Range {
                task: act.id.clone(),
                low: r.low,
                likely: r.likely,
                high: r.high,
            });
        }
        spec.range = range;
        Ok(())
    }

    /// Sets a plan task's effort (person-days, >= 0) on the alternatives
    /// that need exactly the teams `teams` (in any order; one team: the
    /// team alone); its modes are derived again.
    pub fn set_effort(
        &mut self,
        a: ActivityId,
        teams: &[ResourceId],
        effort: f64,
    ) -> Result<(), EditError> {
        let task = || self.activities[a.index()].id.clone();
        if !(0.0..=f64::from(u32::MAX)).contains(&effort) {
            return Err(EditError::Effort {
                task: task(),
                value: effort,
            });
        }
        let Some(spec) = &self.activities[a.index()].spec else {
            return Err(EditError::NotAPlanTask { task: task() });
        };
        let mut spec = spec.clone();
        let mut found = false;
        for alt in spec
            .alternatives
            .iter_mut()
            .filter(|alt| alt.has_teams(teams))
        {
            alt.effort = effort;
            found = true;
        }
        if !found {
            let ids: Vec<&str> = teams
                .iter()
                .map(|t| self.resources[t.index()].id.as_str())
                .collect();
            return Err(EditError::NotEligible {
                task: task(),
                team: ids.join("+"),
            });
        }
        let resources = &self.resources;
        let modes = plan_modes(&spec.alternatives, spec.min_people, spec.max_people, |x| {
            resources[x.index()].capacity.base()
        });
        let act = &mut self.activities[a.index()];
        act.modes = modes;
        act.spec = Some(spec);
        Ok(())
    }

    /// Replaces a team's capacity calendar. Crews are derived from the
    /// base capacity ([`Calendar::base`]): when it changes, every plan
    /// task's crews are derived again, and the change is refused (nothing
    /// changes) when some task could then not be staffed; when it stays,
    /// the modes are kept as they are (with the crews [`Problem::crew_mode`]
    /// added for pins).
    pub fn set_capacity(&mut self, team: ResourceId, capacity: Calendar) -> Result<(), EditError> {
        if capacity.base() == self.resources[team.index()].capacity.base() {
            self.resources[team.index()].capacity = capacity;
            return Ok(());
        }
        let mut resources = self.resources.clone();
        resources[team.index()].capacity = capacity;
        let mut modes = Vec::new();
        for act in &self.activities {
            if let Some(spec) = &act.spec {
                let m = plan_modes(&spec.alternatives, spec.min_people, spec.max_people, |x| {
                    resources[x.index()].capacity.base()
                });
                if m.is_empty() {
                    return Err(EditError::Unstaffable {
                        team: resources[team.index()].id.clone(),
                        task: act.id.clone(),
                    });
                }
                modes.push(Some(m));
            } else {
                modes.push(None);
            }
        }
        for (act, m) in self.activities.iter_mut().zip(modes) {
            if let Some(m) = m {
                act.modes = m;
            }
        }
        self.resources = resources;
        Ok(())
    }
}
