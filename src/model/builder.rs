//! Building a validated [`Problem`] from parts.

use super::cycle::find_cycle;
use super::{
    Activity, ActivityId, Alternative, Calendar, Demand, EdgeOrigin, EffortRange, Goal, GoalId,
    Mode, Objective, Pin, Precedence, Problem, Resource, ResourceId, TaskSpec, WorkDays,
};
use crate::error::{ModelError, ModelErrors};
use crate::limits::{MAX_HORIZON, MAX_WEIGHT};
use std::collections::HashMap;

/// Incrementally assembles a [`Problem`]; [`ProblemBuilder::build`] checks it.
///
/// ```
/// use tandem::{Calendar, Objective, ProblemBuilder};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ProblemBuilder::new();
/// let backend = b.resource("backend", Calendar::constant(3));
/// let launch = b.goal("launch", 2.0, Some(20));
/// let api = b.plan_task("api", Some(launch), &[(backend, 12.0)], 1, 3, 0);
/// let docs = b.plan_task("docs", Some(launch), &[(backend, 2.0)], 1, 1, 0);
/// b.precedence(api, docs, 1);
/// let problem = b.build()?;
/// assert_eq!(problem.len(), 2);
/// assert_eq!(problem.activity(api).modes.len(), 3); // 1, 2 or 3 people
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct ProblemBuilder {
    resources: Vec<Resource>,
    activities: Vec<Activity>,
    goals: Vec<Goal>,
    precedences: Vec<Precedence>,
    objective: Objective,
    work_days: Option<WorkDays>,
    project_name: Option<String>,
    /// Ranges given to activities that are not plan tasks.
    bad_ranges: Vec<(String, EffortRange)>,
}

/// Duration of `effort` person-days done by `people` people: `ceil(effort / people)`.
pub fn crew_duration(effort: f64, people: u32) -> u32 {
    if effort <= 0.0 || people == 0 {
        return 0;
    }
    (effort / f64::from(people)).ceil() as u32
}

/// The non-dominated plan modes of a task, alternative by alternative (in
/// order). For an alternative with effort `e`, fixed crews summing to `f`
/// and `u` teams without a fixed crew: each crew `k` in
/// `min..=min(max, the base capacity of each of those u teams)` gives
/// duration `ceil(e / (f + u*k))` and one demand per team (its fixed crew,
/// or `k`) in the alternative's order; a larger `k` is kept only if it is
/// strictly shorter. An alternative without such teams has one mode; one
/// with a fixed crew above its team's base capacity has none. A milestone
/// alternative (effort 0) has one mode with 0 people on each of its teams.
///
/// ```
/// use tandem::model::{Alternative, ResourceId, plan_modes};
/// let (a, b) = (ResourceId::from_index(0), ResourceId::from_index(1));
/// // `a*2+b:10` with min_people 1, max_people 3: 2+1, 2+2 and 2+3 people
/// let modes = plan_modes(&[Alternative::new(vec![(a, Some(2)), (b, None)], 10.0)], 1, 3, |_| 5);
/// let shape: Vec<(u32, Vec<u32>)> = modes
///     .iter()
///     .map(|m| (m.duration, m.demands.iter().map(|d| d.amount).collect()))
///     .collect();
/// assert_eq!(shape, [(4, vec![2, 1]), (3, vec![2, 2]), (2, vec![2, 3])]);
/// ```
pub fn plan_modes(
    alternatives: &[Alternative],
    min_people: u32,
    max_people: u32,
    capacity: impl Fn(ResourceId) -> u32,
) -> Vec<Mode> {
    let mut modes = Vec::new();
    for alt in alternatives {
        // one demand per team: its fixed crew, or `k` (`None`: nobody)
        let demands = |k: Option<u32>| -> Vec<Demand> {
            alt.teams
                .iter()
                .map(|&(resource, fixed)| Demand {
                    resource,
                    amount: k.map_or(0, |k| fixed.unwrap_or(k)),
                })
                .collect()
        };
        if alt.is_milestone() {
            modes.push(Mode {
                duration: 0,
                demands: demands(None),
            });
            continue;
        }
        if alt
            .teams
            .iter()
            .any(|&(t, fixed)| fixed.is_some_and(|n| n > capacity(t)))
        {
            continue;
        }
        let fixed: u32 = alt
            .teams
            .iter()
            .filter_map(|t| t.1)
            .fold(0, u32::saturating_add);
        let free: Vec<ResourceId> = alt
            .teams
            .iter()
            .filter(|t| t.1.is_none())
            .map(|t| t.0)
            .collect();
        if free.is_empty() {
            modes.push(Mode {
                duration: crew_duration(alt.effort, fixed),
                demands: demands(Some(0)),
            });
            continue;
        }
        let top = free.iter().map(|&t| capacity(t)).fold(max_people, u32::min);
        let unfixed = u32::try_from(free.len()).unwrap_or(u32::MAX);
        // the first crew size always gives a mode (even one of u32::MAX
        // days, which the horizon check then reports at its cell)
        let mut last: Option<u32> = None;
        for k in min_people.max(1)..=top {
            let people = fixed.saturating_add(unfixed.saturating_mul(k));
            let d = crew_duration(alt.effort, people);
            if last.is_none_or(|l| d < l) {
                modes.push(Mode {
                    duration: d,
                    demands: demands(Some(k)),
                });
                last = Some(d);
            }
        }
    }
    modes
}

impl ProblemBuilder {
    /// An empty builder with the default (weighted) objective.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a renewable resource (team).
    pub fn resource(&mut self, id: impl Into<String>, capacity: Calendar) -> ResourceId {
        self.resources.push(Resource {
            id: id.into(),
            name: None,
            capacity,
        });
        ResourceId::from_index(self.resources.len() - 1)
    }

    /// Sets a resource's display name.
    pub fn resource_name(&mut self, r: ResourceId, name: impl Into<String>) {
        if let Some(res) = self.resources.get_mut(r.index()) {
            res.name = Some(name.into());
        }
    }

    /// Adds a goal.
    pub fn goal(&mut self, id: impl Into<String>, priority: f64, due: Option<u32>) -> GoalId {
        self.goals.push(Goal {
            id: id.into(),
            name: None,
            priority,
            due,
            depends_on: Vec::new(),
        });
        GoalId::from_index(self.goals.len() - 1)
    }

    /// Sets a goal's display name.
    pub fn goal_name(&mut self, g: GoalId, name: impl Into<String>) {
        if let Some(goal) = self.goals.get_mut(g.index()) {
            goal.name = Some(name.into());
        }
    }

    /// No activity of `goal` starts before every activity of `required` has finished.
    pub fn goal_dependency(&mut self, goal: GoalId, required: GoalId) {
        if let Some(g) = self.goals.get_mut(goal.index())
            && !g.depends_on.contains(&required)
        {
            g.depends_on.push(required);
        }
    }

    /// Adds an activity with explicit modes (PSPLIB style).
    pub fn activity(&mut self, activity: Activity) -> ActivityId {
        self.activities.push(activity);
        ActivityId::from_index(self.activities.len() - 1)
    }

    /// Adds a plan task whose eligible teams each do it alone (the
    /// `backend:10|platform:14` form): one [`Alternative`] per `(team,
    /// effort)` pair; see [`ProblemBuilder::plan_task_alternatives`].
    pub fn plan_task(
        &mut self,
        id: impl Into<String>,
        goal: Option<GoalId>,
        efforts: &[(ResourceId, f64)],
        min_people: u32,
        max_people: u32,
        release: u32,
    ) -> ActivityId {
        let alternatives: Vec<Alternative> = efforts.iter().map(|&e| e.into()).collect();
        self.plan_task_alternatives(id, goal, &alternatives, min_people, max_people, release)
    }

    /// Adds a plan task: modes are derived from its alternatives (the teams
    /// each needs at once, with fixed crews and an effort) and the crew
    /// range of the teams without a fixed crew (see [`plan_modes`]). Team
    /// capacities must already be set.
    ///
    /// ```
    /// use tandem::model::Alternative;
    /// use tandem::{Calendar, ProblemBuilder};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut b = ProblemBuilder::new();
    /// let backend = b.resource("backend", Calendar::constant(3));
    /// let qa = b.resource("qa", Calendar::constant(1));
    /// // `backend*2+qa:12|backend`: two backend people and one of qa at once, or backend alone
    /// let both = Alternative::new(vec![(backend, Some(2)), (qa, None)], 12.0);
    /// let alone = Alternative::from((backend, 12.0));
    /// let t = b.plan_task_alternatives("release", None, &[both, alone], 1, 1, 0);
    /// let problem = b.build()?;
    /// let first = &problem.activity(t).modes[0];
    /// assert_eq!((first.duration, first.demands.len()), (4, 2));
    /// # Ok(()) }
    /// ```
    pub fn plan_task_alternatives(
        &mut self,
        id: impl Into<String>,
        goal: Option<GoalId>,
        alternatives: &[Alternative],
        min_people: u32,
        max_people: u32,
        release: u32,
    ) -> ActivityId {
        let resources = &self.resources;
        let modes = plan_modes(alternatives, min_people, max_people, |r| {
            resources.get(r.index()).map_or(0, |x| x.capacity.base())
        });
        self.activity(Activity {
            id: id.into(),
            name: None,
            goal,
            release,
            modes,
            spec: Some(TaskSpec {
                alternatives: alternatives.to_vec(),
                min_people,
                max_people,
                range: None,
            }),
            pin: None,
        })
    }

    /// Sets a plan task's ranged effort estimate (see [`EffortRange`]);
    /// `build` refuses an invalid one, or one on an activity that is not a
    /// plan task.
    pub fn effort_range(&mut self, a: ActivityId, range: EffortRange) {
        if let Some(act) = self.activities.get_mut(a.index()) {
            match &mut act.spec {
                Some(spec) => spec.range = Some(range),
                None => self.bad_ranges.push((act.id.clone(), range)),
            }
        }
    }

    /// Sets an activity's display name.
    pub fn activity_name(&mut self, a: ActivityId, name: impl Into<String>) {
        if let Some(act) = self.activities.get_mut(a.index()) {
            act.name = Some(name.into());
        }
    }

    /// Fixes an activity's start and mode.
    pub fn pin(&mut self, a: ActivityId, pin: Pin) {
        if let Some(act) = self.activities.get_mut(a.index()) {
            act.pin = Some(pin);
        }
    }

    /// `to` starts at least `lag` days after `from` finishes: `start(to) >=
    /// finish(from) + lag`. A negative lag (a lead) lets `to` start up to
    /// `-lag` days before `from` finishes, never before day 0 or its
    /// release; [`build`](ProblemBuilder::build) refuses one below
    /// `-MAX_HORIZON` ([`ModelError::BadLag`]).
    ///
    /// ```
    /// use tandem::{Calendar, ProblemBuilder};
    /// use tandem::graph::Analysis;
    /// let mut b = ProblemBuilder::new();
    /// let t = b.resource("t", Calendar::constant(2));
    /// let design = b.plan_task("design", None, &[(t, 5.0)], 1, 1, 0);
    /// let build = b.plan_task("build", None, &[(t, 4.0)], 1, 1, 0);
    /// // start-to-start with lag 2: build may start 3 days before design's finish
    /// b.precedence(design, build, 2 - 5);
    /// let p = b.build().unwrap();
    /// assert_eq!(Analysis::new(&p).es[build.index()], 2);
    /// ```
    pub fn precedence(&mut self, from: ActivityId, to: ActivityId, lag: i32) {
        self.precedences.push(Precedence {
            from,
            to,
            lag,
            origin: EdgeOrigin::Task,
        });
    }

    /// Sets the objective.
    pub fn objective(&mut self, objective: Objective) {
        self.objective = objective;
    }

    /// Sets the plan's working-day calendar: day 0 is the first working
    /// day on or after its start date.
    pub fn work_days(&mut self, work_days: WorkDays) {
        self.work_days = Some(work_days);
    }

    /// Sets the project's display name.
    pub fn project_name(&mut self, name: impl Into<String>) {
        self.project_name = Some(name.into());
    }

    /// Checks everything and returns the problem, or every problem found.
    pub fn build(self) -> Result<Problem, ModelErrors> {
        let mut errors = Vec::new();
        dup_ids(
            "resource",
            self.resources.iter().map(|r| r.id.as_str()),
            &mut errors,
        );
        dup_ids(
            "activity",
            self.activities.iter().map(|a| a.id.as_str()),
            &mut errors,
        );
        dup_ids(
            "goal",
            self.goals.iter().map(|g| g.id.as_str()),
            &mut errors,
        );
        for (activity, range) in &self.bad_ranges {
            errors.push(ModelError::BadRange {
                activity: activity.clone(),
                range: (range.low, range.likely, range.high),
            });
        }
        let nr = self.resources.len();
        let na = self.activities.len();
        let ng = self.goals.len();
        for g in &self.goals {
            if !super::check_priority(g.priority) {
                errors.push(ModelError::BadPriority {
                    goal: g.id.clone(),
                    priority: g.priority,
                });
            }
            for d in &g.depends_on {
                if d.index() >= ng {
                    errors.push(ModelError::BadIndex {
                        what: "goal",
                        index: d.index(),
                    });
                }
            }
        }
        if let Objective::Weighted { lateness_weight } = self.objective
            && !(-MAX_WEIGHT..=MAX_WEIGHT).contains(&lateness_weight)
        {
            errors.push(ModelError::BadWeight {
                what: "lateness weight",
                value: lateness_weight,
            });
        }
        for a in &self.activities {
            for alt in a.spec.iter().flat_map(|s| &s.alternatives) {
                if !(0.0..=f64::from(u32::MAX)).contains(&alt.effort) {
                    errors.push(ModelError::BadEffort {
                        activity: a.id.clone(),
                        effort: alt.effort,
                    });
                }
                if let Some(reason) = bad_alternative(alt, nr) {
                    errors.push(ModelError::BadAlternative {
                        activity: a.id.clone(),
                        reason,
                    });
                }
            }
            if let Some(range) = a.spec.as_ref().and_then(|s| s.range)
                && !range.is_valid()
            {
                errors.push(ModelError::BadRange {
                    activity: a.id.clone(),
                    range: (range.low, range.likely, range.high),
                });
            }
            if a.modes.is_empty() {
                errors.push(ModelError::NoModes {
                    activity: a.id.clone(),
                });
            }
            if let Some(g) = a.goal
                && g.index() >= ng
            {
                errors.push(ModelError::BadIndex {
                    what: "goal",
                    index: g.index(),
                });
            }
            for (mi, m) in a.modes.iter().enumerate() {
                for d in &m.demands {
                    let reason = match self.resources.get(d.resource.index()) {
                        None => Some(format!("unknown resource index {}", d.resource.index())),
                        Some(r) if d.amount > r.capacity.base() => Some(format!(
                            "needs {} of `{}` whose capacity is {}",
                            d.amount,
                            r.id,
                            r.capacity.base()
                        )),
                        _ => None,
                    };
                    if let Some(reason) = reason {
                        errors.push(ModelError::BadMode {
                            activity: a.id.clone(),
                            mode: mi,
                            reason,
                        });
                    }
                }
            }
            if let Some(p) = a.pin
                && p.mode >= a.modes.len()
            {
                errors.push(ModelError::BadPin {
                    activity: a.id.clone(),
                    reason: format!("pinned mode {} does not exist", p.mode),
                });
            }
        }
        for p in &self.precedences {
            for x in [p.from, p.to] {
                if x.index() >= na {
                    errors.push(ModelError::BadIndex {
                        what: "activity",
                        index: x.index(),
                    });
                }
            }
            // a positive lag above MAX_HORIZON makes the horizon too long
            // (`TooLong`, naming it); a lead's bound is checked here
            if i64::from(p.lag) < -(MAX_HORIZON as i64) {
                let id = |a: ActivityId| {
                    self.activities
                        .get(a.index())
                        .map_or_else(|| format!("#{}", a.index()), |x| x.id.clone())
                };
                errors.push(ModelError::BadLag {
                    from: id(p.from),
                    to: id(p.to),
                    lag: p.lag,
                });
            }
        }
        if !errors.is_empty() {
            return Err(ModelErrors(errors));
        }
        // goal cycles
        let goal_edges = self
            .goals
            .iter()
            .enumerate()
            .flat_map(|(g, goal)| goal.depends_on.iter().map(move |h| (h.index(), g)));
        if let Some(c) = find_cycle(ng, goal_edges) {
            errors.push(ModelError::GoalCycle {
                ids: c.iter().map(|&i| self.goals[i].id.clone()).collect(),
            });
            return Err(ModelErrors(errors));
        }
        let mut goal_members = vec![Vec::new(); ng];
        for (i, a) in self.activities.iter().enumerate() {
            if let Some(g) = a.goal {
                goal_members[g.index()].push(ActivityId::from_index(i));
            }
        }
        let mut precedences = self.precedences;
        // expand goal dependencies: sinks of the required goal -> sources of
        // the dependent goal. Only an edge with a lag >= 0 makes its ends a
        // non-sink and a non-source: it puts the successor's start after the
        // predecessor's finish, hence its finish after it and its start
        // after the predecessor's start. A lead does neither (the successor
        // may start before the predecessor and finish before it), so both
        // of its ends stay linked to the other goal.
        let mut has_in_goal_pred = vec![false; na];
        let mut has_in_goal_succ = vec![false; na];
        for p in &precedences {
            let (gf, gt) = (
                self.activities[p.from.index()].goal,
                self.activities[p.to.index()].goal,
            );
            if gf.is_some() && gf == gt && p.from != p.to && p.lag >= 0 {
                has_in_goal_succ[p.from.index()] = true;
                has_in_goal_pred[p.to.index()] = true;
            }
        }
        for (g, goal) in self.goals.iter().enumerate() {
            let sources: Vec<ActivityId> = goal_members[g]
                .iter()
                .copied()
                .filter(|a| !has_in_goal_pred[a.index()])
                .collect();
            for h in &goal.depends_on {
                for &s in goal_members[h.index()]
                    .iter()
                    .filter(|a| !has_in_goal_succ[a.index()])
                {
                    for &t in &sources {
                        precedences.push(Precedence {
                            from: s,
                            to: t,
                            lag: 0,
                            origin: EdgeOrigin::Goal,
                        });
                    }
                }
            }
        }
        if let Some(c) = find_cycle(
            na,
            precedences.iter().map(|p| (p.from.index(), p.to.index())),
        ) {
            errors.push(ModelError::DependencyCycle {
                ids: c.iter().map(|&i| self.activities[i].id.clone()).collect(),
            });
            return Err(ModelErrors(errors));
        }
        let mut preds = vec![Vec::new(); na];
        let mut succs = vec![Vec::new(); na];
        for p in &precedences {
            preds[p.to.index()].push((p.from, p.lag));
            succs[p.from.index()].push((p.to, p.lag));
        }
        let mut problem = Problem {
            resources: self.resources,
            activities: self.activities,
            goals: self.goals,
            precedences,
            objective: self.objective,
            work_days: self.work_days,
            project_name: self.project_name,
            preds,
            succs,
            goal_members,
            replanning: Default::default(),
            training: None,
        };
        // Capacity changes end at the latest when the longest plan tandem
        // schedules would have to start its serial tail; later days keep the
        // base capacity, so every mode fits eventually and the horizon stays
        // a bound (`Calendar::set_from`: "until further notice").
        let room = MAX_HORIZON.saturating_sub(problem.serial_length());
        let room = u32::try_from(room).unwrap_or(u32::MAX);
        for r in &mut problem.resources {
            r.capacity.cut_at(room);
        }
        let horizon = problem.horizon();
        if horizon > MAX_HORIZON {
            return Err(ModelErrors(vec![too_long(&problem, horizon)]));
        }
        Ok(problem)
    }
}

/// What is wrong with a plan task's alternative, if anything: no team, a
/// team named twice or unknown, a fixed crew of 0.
fn bad_alternative(alt: &Alternative, resources: usize) -> Option<String> {
    if alt.teams.is_empty() {
        return Some("an alternative names no team".into());
    }
    for (i, &(team, fixed)) in alt.teams.iter().enumerate() {
        if team.index() >= resources {
            return Some(format!("unknown resource index {}", team.index()));
        }
        if alt.teams[..i].iter().any(|&(t, _)| t == team) {
            return Some(format!(
                "resource {} appears twice in one alternative",
                team.index()
            ));
        }
        if fixed == Some(0) {
            return Some(format!(
                "a fixed crew of 0 on resource {} (fixed crews are at least 1)",
                team.index()
            ));
        }
    }
    None
}

/// The error for a problem whose horizon is above [`MAX_HORIZON`], naming
/// the largest of: the last release, the longest activity, the largest lag,
/// the last calendar change.
fn too_long(problem: &Problem, horizon: u64) -> ModelError {
    // (value, text, activity, plan column)
    type Part = (u64, String, Option<String>, Option<&'static str>);
    let mut worst: Part = (0, "none".into(), None, None);
    let mut consider = |value: u64, text: String, activity: Option<&str>, column| {
        if value > worst.0 {
            worst = (value, text, activity.map(str::to_string), column);
        }
    };
    for a in problem.activities() {
        consider(
            u64::from(a.release),
            format!("task `{}` is released on day {}", a.id, a.release),
            Some(&a.id),
            Some("release"),
        );
        let longest = a.modes.iter().map(|m| m.duration).max().unwrap_or(0);
        consider(
            u64::from(longest),
            format!("task `{}` can take {longest} days", a.id),
            Some(&a.id),
            Some("effort"),
        );
    }
    for p in problem.precedences() {
        let to = &problem.activity(p.to).id;
        consider(
            super::problem::positive_lag(p.lag),
            format!(
                "task `{to}` waits {} days after `{}`",
                p.lag,
                problem.activity(p.from).id
            ),
            Some(to),
            Some("depends_on"),
        );
    }
    for r in problem.resources() {
        consider(
            u64::from(r.capacity.settles_at()),
            format!(
                "the calendar of `{}` changes on day {}",
                r.id,
                r.capacity.settles_at()
            ),
            None,
            None,
        );
    }
    ModelError::TooLong {
        horizon,
        limit: MAX_HORIZON,
        culprit: worst.1,
        activity: worst.2,
        column: worst.3,
    }
}

fn dup_ids<'a>(
    what: &'static str,
    ids: impl Iterator<Item = &'a str>,
    errors: &mut Vec<ModelError>,
) {
    let mut seen = HashMap::new();
    for id in ids {
        if seen.insert(id, ()).is_some() {
            errors.push(ModelError::DuplicateId {
                what,
                id: id.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MAX_PRIORITY;

    #[test]
    fn crew_modes_drop_dominated() {
        let modes = plan_modes(&[(ResourceId(0), 10.0).into()], 1, 6, |_| 4);
        let got: Vec<(u32, u32)> = modes
            .iter()
            .map(|m| (m.demands[0].amount, m.duration))
            .collect();
        // k=1:10, 2:5, 3:4, 4:3 (capacity 4 caps the crew)
        assert_eq!(got, vec![(1, 10), (2, 5), (3, 4), (4, 3)]);
        let modes = plan_modes(&[(ResourceId(0), 4.0).into()], 2, 3, |_| 9);
        let got: Vec<(u32, u32)> = modes
            .iter()
            .map(|m| (m.demands[0].amount, m.duration))
            .collect();
        assert_eq!(got, vec![(2, 2)]); // k=3 gives ceil(4/3)=2 too: dominated
    }

    /// `(duration, [amount per demand])` of each mode.
    fn shapes(modes: &[Mode]) -> Vec<(u32, Vec<u32>)> {
        modes
            .iter()
            .map(|m| (m.duration, m.demands.iter().map(|d| d.amount).collect()))
            .collect()
    }

    #[test]
    fn modes_of_alternatives_on_several_teams() {
        let (a, b, c) = (ResourceId(0), ResourceId(1), ResourceId(2));
        let caps = |r: ResourceId| [5, 9, 2][r.index()];
        // `a*2+b:12`, min 1 max 3: 2+1 -> 4 days, 2+2 -> 3, 2+3 -> ceil(12/5) = 3 (dropped)
        let alt = Alternative::new(vec![(a, Some(2)), (b, None)], 12.0);
        let modes = plan_modes(std::slice::from_ref(&alt), 1, 3, caps);
        assert_eq!(shapes(&modes), [(4, vec![2, 1]), (3, vec![2, 2])]);
        assert!(modes.iter().all(|m| m.demands[0].resource == a));
        // two teams without a fixed crew share k, capped by the smaller capacity (c: 2)
        let alt = Alternative::new(vec![(b, None), (c, None), (a, Some(1))], 20.0);
        let modes = plan_modes(&[alt], 1, 4, caps);
        assert_eq!(
            shapes(&modes),
            [(7, vec![1, 1, 1]), (4, vec![2, 2, 1])] // 20/3, 20/5
        );
        let order: Vec<ResourceId> = modes[0].demands.iter().map(|d| d.resource).collect();
        assert_eq!(order, [b, c, a], "the alternative's order");
        // only fixed crews: one mode, min_people and max_people do not apply
        let alt = Alternative::new(vec![(a, Some(3)), (c, Some(2))], 11.0);
        assert_eq!(shapes(&plan_modes(&[alt], 4, 9, caps)), [(3, vec![3, 2])]);
        // a fixed crew above its team's capacity: no mode; a milestone: 0 people each
        let too_big = Alternative::new(vec![(c, Some(3)), (a, None)], 4.0);
        let milestone = Alternative::new(vec![(c, Some(3)), (a, None)], 0.0);
        assert_eq!(
            shapes(&plan_modes(&[too_big, milestone], 1, 1, caps)),
            [(0, vec![0, 0])]
        );
        // min_people above an unfixed team's capacity: no mode
        let alt = Alternative::new(vec![(a, Some(1)), (c, None)], 4.0);
        assert!(plan_modes(&[alt], 3, 3, caps).is_empty());
    }

    #[test]
    fn bad_alternatives_are_refused() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let u = b.resource("u", Calendar::constant(2));
        let alts = [
            Alternative::new(vec![(t, None), (t, Some(1))], 2.0),
            Alternative::new(vec![], 2.0),
            Alternative::new(vec![(u, Some(0))], 2.0),
            Alternative::new(vec![(ResourceId(7), None)], 2.0),
        ];
        for (i, alt) in alts.into_iter().enumerate() {
            let ok = Alternative::from((t, 1.0));
            b.plan_task_alternatives(format!("x{i}"), None, &[ok, alt], 1, 1, 0);
        }
        let err = b.build().unwrap_err();
        let reasons: Vec<String> = err
            .0
            .iter()
            .filter_map(|e| match e {
                ModelError::BadAlternative { activity, reason } => {
                    Some(format!("{activity}: {reason}"))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            reasons,
            [
                "x0: resource 0 appears twice in one alternative",
                "x1: an alternative names no team",
                "x2: a fixed crew of 0 on resource 1 (fixed crews are at least 1)",
                "x3: unknown resource index 7"
            ]
        );
    }

    #[test]
    fn numbers_that_would_make_the_objective_infinite_are_refused() {
        // regression (issue 14 B): two goals of priority 1e308 gave an
        // objective of NaN (inf + inf) and `status: optimal`
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let g1 = b.goal("g1", 1e308, None);
        let g2 = b.goal("g2", f64::NAN, None);
        b.goal("g3", MAX_PRIORITY, None);
        b.plan_task("a", Some(g1), &[(t, 1.0)], 1, 1, 0);
        b.plan_task("b", Some(g2), &[(t, f64::INFINITY)], 1, 1, 0);
        b.plan_task("c", Some(g2), &[(t, -1.0)], 1, 1, 0);
        b.objective(Objective::Weighted {
            lateness_weight: 1e300,
        });
        let err = b.build().unwrap_err();
        let text: Vec<String> = err.0.iter().map(ToString::to_string).collect();
        let kinds: Vec<(&str, &str)> = err
            .0
            .iter()
            .filter_map(|e| match e {
                ModelError::BadPriority { goal, .. } => Some(("priority", goal.as_str())),
                ModelError::BadWeight { what, .. } => Some((*what, "")),
                ModelError::BadEffort { activity, .. } => Some(("effort", activity.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("priority", "g1"),
                ("priority", "g2"),
                ("lateness weight", ""),
                ("effort", "b"),
                ("effort", "c")
            ],
            "{text:#?}"
        );
        assert!(text[0].contains("at most 1e9"), "{}", text[0]);
        assert!(text[2].contains("between -1e6 and 1e6"), "{}", text[2]);
    }

    #[test]
    fn goal_dependency_expands_sinks_to_sources() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let g1 = b.goal("g1", 1.0, None);
        let g2 = b.goal("g2", 1.0, None);
        b.goal_dependency(g2, g1);
        let a = b.plan_task("a", Some(g1), &[(t, 1.0)], 1, 1, 0);
        let c = b.plan_task("c", Some(g1), &[(t, 1.0)], 1, 1, 0);
        let d = b.plan_task("d", Some(g2), &[(t, 1.0)], 1, 1, 0);
        let e = b.plan_task("e", Some(g2), &[(t, 1.0)], 1, 1, 0);
        b.precedence(a, c, 0);
        b.precedence(d, e, 0);
        let p = b.build().unwrap();
        let derived: Vec<(ActivityId, ActivityId)> = p
            .precedences()
            .iter()
            .filter(|e| e.origin == EdgeOrigin::Goal)
            .map(|e| (e.from, e.to))
            .collect();
        assert_eq!(derived, vec![(c, d)]);
    }

    #[test]
    fn leads_are_bounded_by_the_horizon() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let a = b.plan_task("a", None, &[(t, 1.0)], 1, 1, 0);
        let c = b.plan_task("c", None, &[(t, 1.0)], 1, 1, 0);
        let d = b.plan_task("d", None, &[(t, 1.0)], 1, 1, 0);
        b.precedence(a, c, -(MAX_HORIZON as i32));
        b.precedence(c, d, i32::MIN);
        let err = b.build().unwrap_err();
        assert_eq!(
            err.0,
            [ModelError::BadLag {
                from: "c".into(),
                to: "d".into(),
                lag: i32::MIN
            }]
        );
        assert!(
            err.to_string()
                .contains("a lag must be at least -2097152 days"),
            "{err}"
        );
        // a lead adds nothing to the horizon; -MAX_HORIZON itself is accepted
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let a = b.plan_task("a", None, &[(t, 3.0)], 1, 1, 0);
        let c = b.plan_task("c", None, &[(t, 2.0)], 1, 1, 0);
        b.precedence(a, c, -(MAX_HORIZON as i32));
        assert_eq!(b.build().unwrap().horizon(), 5);
    }

    #[test]
    fn a_lead_inside_a_goal_keeps_both_ends_linked_to_other_goals() {
        // g1: a -> c with a lead (c may finish before a), so both are sinks
        // of g1; g2: d -(lead)-> e, so both are sources of g2
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let g1 = b.goal("g1", 1.0, None);
        let g2 = b.goal("g2", 1.0, None);
        b.goal_dependency(g2, g1);
        let a = b.plan_task("a", Some(g1), &[(t, 5.0)], 1, 1, 0);
        let c = b.plan_task("c", Some(g1), &[(t, 1.0)], 1, 1, 0);
        let d = b.plan_task("d", Some(g2), &[(t, 5.0)], 1, 1, 0);
        let e = b.plan_task("e", Some(g2), &[(t, 1.0)], 1, 1, 0);
        b.precedence(a, c, -3);
        b.precedence(d, e, -5);
        let p = b.build().unwrap();
        let derived: Vec<(ActivityId, ActivityId)> = p
            .precedences()
            .iter()
            .filter(|e| e.origin == EdgeOrigin::Goal)
            .map(|e| (e.from, e.to))
            .collect();
        assert_eq!(derived, vec![(a, d), (a, e), (c, d), (c, e)]);
    }

    #[test]
    fn cycle_through_goal_dependency_is_reported() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let g1 = b.goal("g1", 1.0, None);
        let g2 = b.goal("g2", 1.0, None);
        b.goal_dependency(g2, g1);
        let a = b.plan_task("a", Some(g1), &[(t, 1.0)], 1, 1, 0);
        let d = b.plan_task("d", Some(g2), &[(t, 1.0)], 1, 1, 0);
        b.precedence(d, a, 0);
        let err = b.build().unwrap_err();
        assert!(matches!(&err.0[0], ModelError::DependencyCycle { ids } if ids.len() == 2));
    }
}
