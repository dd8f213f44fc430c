//! The solver-agnostic scheduling problem.

use super::{ActivityId, Calendar, GoalId, ResourceId, WorkDays};

/// A renewable resource (a team) with a per-day capacity profile.
#[derive(Clone, Debug)]
pub struct Resource {
    /// Unique id as written in the input (`backend`, `R1`).
    pub id: String,
    /// Optional display name.
    pub name: Option<String>,
    /// People (units) available on each working day.
    pub capacity: Calendar,
}

/// Use of one resource by a mode, on every day the activity runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Demand {
    /// The resource used.
    pub resource: ResourceId,
    /// Units used per day (may be 0, e.g. for a milestone's team).
    pub amount: u32,
}

/// One way to execute an activity: a duration and a demand per resource.
///
/// In a plan, a mode is one [`Alternative`] with one crew size `k`: a demand
/// per team of the alternative (its fixed crew, or `k`), in the
/// alternative's order, and duration `ceil(effort / total people)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mode {
    /// Working days.
    pub duration: u32,
    /// Demands, at most one per resource.
    pub demands: Vec<Demand>,
}

impl Mode {
    /// The first demand: the team and crew of a single-team plan mode.
    /// A mode of an alternative with several teams has one demand per
    /// team; read [`Mode::demands`] for those.
    pub fn crew(&self) -> Option<Demand> {
        self.demands.first().copied()
    }

    /// Resource-days consumed: `duration * sum of demands`.
    pub fn energy(&self) -> u64 {
        u64::from(self.duration)
            * self
                .demands
                .iter()
                .map(|d| u64::from(d.amount))
                .sum::<u64>()
    }
}

/// One way to staff a plan task (an entry of its `teams` cell, e.g.
/// `backend*2+qa:12`): the teams it needs all at once for its whole
/// duration, each with a fixed crew or the task's crew `k`, and the effort
/// of the whole alternative.
///
/// A team with a fixed crew (`*N`) uses exactly that many people; the
/// others use the same crew `k` in `min_people..=max_people` (not above any
/// of their capacities). The task then lasts `ceil(effort / (sum of the
/// people of all its teams))` days; a milestone (effort 0) takes nobody.
///
/// ```
/// use tandem::model::{Alternative, ResourceId};
/// let (backend, qa) = (ResourceId::from_index(0), ResourceId::from_index(1));
/// let both = Alternative::new(vec![(backend, Some(2)), (qa, None)], 12.0);
/// assert!(both.uses(qa));
/// assert_eq!(Alternative::from((backend, 10.0)), Alternative::new(vec![(backend, None)], 10.0));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    /// The teams in the order written, each with its fixed crew (`None`:
    /// the task's crew `k`). Each team at most once.
    pub teams: Vec<(ResourceId, Option<u32>)>,
    /// Person-days of work for the whole alternative (0 = milestone).
    pub effort: f64,
}

impl Alternative {
    /// An alternative of `teams` (each with its fixed crew, if any) and `effort`.
    pub fn new(teams: Vec<(ResourceId, Option<u32>)>, effort: f64) -> Self {
        Self { teams, effort }
    }

    /// True when the alternative needs `team`.
    pub fn uses(&self, team: ResourceId) -> bool {
        self.teams.iter().any(|&(t, _)| t == team)
    }

    /// The fixed crew of `team` in the alternative (`team*N`), if any.
    pub fn fixed_crew(&self, team: ResourceId) -> Option<u32> {
        self.teams
            .iter()
            .find(|&&(t, _)| t == team)
            .and_then(|t| t.1)
    }

    /// True when the alternative needs exactly the teams of `teams` (in
    /// any order, each once).
    pub fn has_teams(&self, teams: &[ResourceId]) -> bool {
        teams.len() == self.teams.len()
            && self.teams.iter().all(|&(t, _)| teams.contains(&t))
            && teams.iter().all(|&t| self.uses(t))
    }

    /// True when the task's effort is 0 on this alternative (or not a number).
    pub fn is_milestone(&self) -> bool {
        self.effort.is_nan() || self.effort <= 0.0
    }
}

/// One team with the task's crew range: the `backend:10` form.
impl From<(ResourceId, f64)> for Alternative {
    fn from((team, effort): (ResourceId, f64)) -> Self {
        Self::new(vec![(team, None)], effort)
    }
}

/// The plan-level definition of a task, kept so the checker can verify modes
/// against what the user wrote rather than against the derived mode list.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskSpec {
    /// The ways to staff it (the `|`-separated entries of its `teams` cell).
    pub alternatives: Vec<Alternative>,
    /// Smallest crew `k` of the teams without a fixed crew.
    pub min_people: u32,
    /// Largest crew `k` of the teams without a fixed crew.
    pub max_people: u32,
    /// The ranged estimate of its effort, if any (`effort_low`,
    /// `effort_high`).
    pub range: Option<EffortRange>,
}

/// A three-point estimate of a plan task's effort: `low <= likely <= high`
/// person-days, `likely` being the `effort` column (the most likely value,
/// which the deterministic plan uses).
///
/// A forecast draws the effort from the PERT distribution on these three
/// points (a Beta distribution scaled to `[low, high]` with mode `likely`
/// and shape 4; Malcolm, Roseboom, Clark & Fazar 1959; Vose, *Risk
/// Analysis*, 3rd ed., 2008, ch. 10.3) and scales every alternative's effort
/// of the task (`backend:10|platform:14`) by the same factor `sample /
/// likely`. A range of zero width (`low == high`) is the plan's effort.
///
/// ```
/// use tandem::model::EffortRange;
/// let r = EffortRange::new(4.0, 5.0, 9.0);
/// assert!((r.mean() - 5.5).abs() < 1e-12); // (4 + 4*5 + 9) / 6
/// assert!(!r.is_point());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EffortRange {
    /// Optimistic effort (person-days).
    pub low: f64,
    /// Most likely effort: the task's `effort`.
    pub likely: f64,
    /// Pessimistic effort (person-days).
    pub high: f64,
}

impl EffortRange {
    /// The estimate `low <= likely <= high`.
    pub fn new(low: f64, likely: f64, high: f64) -> Self {
        Self { low, likely, high }
    }

    /// True for a range of zero width: the effort is known.
    pub fn is_point(&self) -> bool {
        self.low >= self.high
    }

    /// The PERT mean `(low + 4 likely + high) / 6`.
    pub fn mean(&self) -> f64 {
        (self.low + 4.0 * self.likely + self.high) / 6.0
    }

    /// True when the three points are finite, `0 <= low <= likely <= high`,
    /// and `likely > 0` unless the range has zero width (a milestone's
    /// effort cannot be scaled).
    pub fn is_valid(&self) -> bool {
        [self.low, self.likely, self.high]
            .iter()
            .all(|x| x.is_finite())
            && 0.0 <= self.low
            && self.low <= self.likely
            && self.likely <= self.high
            && (self.likely > 0.0 || self.is_point())
    }
}

/// A fixed start and mode (for re-planning: started tasks, frozen windows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin {
    /// Fixed start day.
    pub start: u32,
    /// Fixed mode index.
    pub mode: usize,
}

/// A task or job.
#[derive(Clone, Debug)]
pub struct Activity {
    /// Unique id as written in the input.
    pub id: String,
    /// Optional display name.
    pub name: Option<String>,
    /// The goal this activity delivers, if any.
    pub goal: Option<GoalId>,
    /// Earliest start day.
    pub release: u32,
    /// Execution modes; never empty.
    pub modes: Vec<Mode>,
    /// Plan-level definition (plans only).
    pub spec: Option<TaskSpec>,
    /// Fixed start and mode, if any.
    pub pin: Option<Pin>,
}

impl Activity {
    /// The shortest duration over all modes.
    pub fn min_duration(&self) -> u32 {
        self.modes.iter().map(|m| m.duration).min().unwrap_or(0)
    }
}

/// Where a precedence edge comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeOrigin {
    /// Written as a task dependency.
    Task,
    /// Derived from a goal dependency (sink tasks of the required goal to
    /// source tasks of the dependent goal).
    Goal,
}

/// Finish-to-start precedence: `to` starts at least `lag` days after `from`
/// finishes, `start(to) >= finish(from) + lag`.
///
/// The lag may be negative (a *lead*): `to` may then start up to `-lag`
/// days before `from` finishes (a start-to-start link with lag `L` from an
/// activity of duration `d` is the lag `L - d`). A lead never lets an
/// activity start before day 0 or its release. A built [`Problem`] has
/// `lag >= -MAX_HORIZON` (the builder refuses less with
/// [`ModelError::BadLag`](crate::error::ModelError::BadLag)) and
/// `lag <= MAX_HORIZON` (a longer lag makes the horizon too long), so
/// `finish + lag` never overflows in `i64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Precedence {
    /// Predecessor.
    pub from: ActivityId,
    /// Successor.
    pub to: ActivityId,
    /// Minimum days between `from`'s finish and `to`'s start (negative: a
    /// lead, `to` may start that many days before `from` finishes).
    pub lag: i32,
    /// Written or derived.
    pub origin: EdgeOrigin,
}

/// A weighted group of activities.
#[derive(Clone, Debug)]
pub struct Goal {
    /// Unique id.
    pub id: String,
    /// Optional display name.
    pub name: Option<String>,
    /// Weight (> 0) in the objective.
    pub priority: f64,
    /// Soft due day.
    pub due: Option<u32>,
    /// Goals whose tasks must all finish before any task of this goal starts.
    pub depends_on: Vec<GoalId>,
}

/// What the engine minimises.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Objective {
    /// FORMAT.md: `sum priority*finish + lateness_weight * sum priority*max(0, finish-due)`.
    Weighted {
        /// Weight of the lateness term (default 10).
        lateness_weight: f64,
    },
    /// The largest finish.
    Makespan,
}

impl Default for Objective {
    fn default() -> Self {
        Objective::Weighted {
            lateness_weight: 10.0,
        }
    }
}

/// The re-planning context of a problem (see FORMAT.md, `progress.csv` and
/// the stability term). The default is no re-planning: `today` 0, no
/// baseline, stability weight 0, nothing done.
///
/// How progress is modelled (by [`crate::Replan`]):
/// - a **done** task becomes a milestone (duration 0, 0 people, every
///   alternative's effort 0 in its [`TaskSpec`]) pinned at day 0: it uses no
///   capacity, never moves, and counts as finished at 0 in its goal's finish
///   (the goal's finish is then set by its remaining tasks);
/// - a **started** task is pinned ([`Pin`]) to its start, teams and crews;
/// - every other task gets `release >= today`.
///
/// The stability term `stability_weight * sum |start - baseline_start|`
/// (tasks without a baseline start contribute 0) is part of
/// [`Schedule::objective`](crate::Schedule::objective) and of the checker's
/// objective. It is never negative, so every lower bound computed without it
/// stays a valid lower bound with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Replanning {
    /// The first day on which a task that is neither done nor started may start.
    pub today: u32,
    /// Weight of the stability term (>= 0).
    pub stability_weight: f64,
    /// Baseline start per activity (indexed by [`ActivityId`]; missing
    /// entries and `None` contribute nothing).
    pub baseline: Vec<Option<u32>>,
    /// Activities recorded as done (indexed by [`ActivityId`]; missing = not done).
    pub done: Vec<bool>,
    /// The least gain a re-plan's moves must bring, as a share of the
    /// objective (0.005 = 0.5 %): after the search, tasks go back to their
    /// baseline slots as long as the objective stays within this share of
    /// the best found, so the moves kept are those that pay. 0 keeps every
    /// improvement (only moves that gain nothing are undone).
    pub min_gain: f64,
}

impl Replanning {
    /// The baseline start of an activity, if any.
    pub fn baseline_start(&self, a: ActivityId) -> Option<u32> {
        self.baseline.get(a.index()).copied().flatten()
    }

    /// True when the activity was recorded as done.
    pub fn is_done(&self, a: ActivityId) -> bool {
        self.done.get(a.index()).copied().unwrap_or(false)
    }

    /// True when the stability term can be non-zero.
    pub fn has_stability_term(&self) -> bool {
        self.stability_weight > 0.0 && self.baseline.iter().any(Option::is_some)
    }
}

/// A complete, validated scheduling problem. Build it with
/// [`ProblemBuilder`](super::ProblemBuilder) or read it with the `input` functions.
#[derive(Clone, Debug)]
pub struct Problem {
    pub(crate) resources: Vec<Resource>,
    pub(crate) activities: Vec<Activity>,
    pub(crate) goals: Vec<Goal>,
    pub(crate) precedences: Vec<Precedence>,
    pub(crate) objective: Objective,
    pub(crate) work_days: Option<WorkDays>,
    /// The project's display name (`name` in `project.csv`).
    pub(crate) project_name: Option<String>,
    /// `preds[i]` = `(predecessor, lag)` over all edges (written and derived).
    pub(crate) preds: Vec<Vec<(ActivityId, i32)>>,
    /// `succs[i]` = `(successor, lag)` over all edges.
    pub(crate) succs: Vec<Vec<(ActivityId, i32)>>,
    /// Activities of each goal.
    pub(crate) goal_members: Vec<Vec<ActivityId>>,
    /// Re-planning context (default: none).
    pub(crate) replanning: Replanning,
    /// Training scenarios of the expected objective, if any (see
    /// [`Problem::with_training`]).
    pub(crate) training: Option<std::sync::Arc<super::Scenarios>>,
}

impl Problem {
    /// All resources, indexed by [`ResourceId`].
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }
    /// All activities, indexed by [`ActivityId`].
    pub fn activities(&self) -> &[Activity] {
        &self.activities
    }
    /// All goals, indexed by [`GoalId`].
    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }
    /// Every precedence edge, written and derived from goal dependencies.
    pub fn precedences(&self) -> &[Precedence] {
        &self.precedences
    }
    /// The objective.
    pub fn objective(&self) -> Objective {
        self.objective
    }
    /// The re-planning context (today, baseline, stability weight, done tasks).
    pub fn replanning(&self) -> &Replanning {
        &self.replanning
    }
    /// `stability_weight * sum over activities of |start - baseline_start|`
    /// for the starts given by `start` (0 without a stability term).
    pub fn stability_term(&self, start: impl Fn(ActivityId) -> u32) -> f64 {
        let r = &self.replanning;
        if r.stability_weight == 0.0 {
            return 0.0;
        }
        let shift: u64 = r
            .baseline
            .iter()
            .enumerate()
            .take(self.activities.len())
            .filter_map(|(i, b)| b.map(|b| u64::from(start(ActivityId::from_index(i)).abs_diff(b))))
            .sum();
        r.stability_weight * shift as f64
    }
    /// The plan's working-day calendar (its start date, day 0, weekly
    /// pattern and exceptions), when it has a start date: every date read
    /// or written for this problem goes through it.
    pub fn work_days(&self) -> Option<&WorkDays> {
        self.work_days.as_ref()
    }
    /// Sets or clears the plan's working-day calendar.
    pub fn set_work_days(&mut self, work_days: Option<WorkDays>) {
        self.work_days = work_days;
    }
    /// The project's display name, when one was given.
    pub fn project_name(&self) -> Option<&str> {
        self.project_name.as_deref()
    }
    /// Resource by id.
    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.index()]
    }
    /// Activity by id.
    pub fn activity(&self, id: ActivityId) -> &Activity {
        &self.activities[id.index()]
    }
    /// Goal by id.
    pub fn goal(&self, id: GoalId) -> &Goal {
        &self.goals[id.index()]
    }
    /// `(predecessor, lag)` pairs of an activity: its start is at least
    /// the predecessor's finish plus the lag (which may be negative, see
    /// [`Precedence`]).
    pub fn predecessors(&self, id: ActivityId) -> &[(ActivityId, i32)] {
        &self.preds[id.index()]
    }
    /// `(successor, lag)` pairs of an activity (see [`Precedence`]).
    pub fn successors(&self, id: ActivityId) -> &[(ActivityId, i32)] {
        &self.succs[id.index()]
    }
    /// Activities that deliver a goal.
    pub fn goal_members(&self, id: GoalId) -> &[ActivityId] {
        &self.goal_members[id.index()]
    }
    /// Number of activities.
    pub fn len(&self) -> usize {
        self.activities.len()
    }
    /// True when there are no activities.
    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
    }
    /// The earliest day the rules let `a` start when every predecessor
    /// finishes on `finish[p]`: its release, and each predecessor's finish
    /// plus lag (a lead taken with its sign, clamped at day 0).
    pub(crate) fn earliest_start(&self, a: ActivityId, finish: &[u32]) -> u32 {
        self.predecessors(a)
            .iter()
            .fold(self.activity(a).release, |es, &(p, lag)| {
                es.max(finish[p.index()].saturating_add_signed(lag))
            })
    }

    /// True when some precedence has a negative lag (a lead): a successor
    /// may then start before its predecessor.
    pub fn has_leads(&self) -> bool {
        self.precedences.iter().any(|p| p.lag < 0)
    }
    /// Iterator over activity ids.
    pub fn activity_ids(&self) -> impl Iterator<Item = ActivityId> + '_ {
        (0..self.activities.len()).map(ActivityId::from_index)
    }
    /// Every activity one after another in its longest mode, plus every
    /// positive lag: the part of [`Problem::horizon`] after the last
    /// release, capacity change or pin.
    ///
    /// A negative lag (a lead) counts as 0: it only allows a successor to
    /// start earlier, and the serial schedule (each activity after the
    /// previous one's finish plus the positive lags) meets it anyway, so
    /// the sum stays an upper bound.
    pub(crate) fn serial_length(&self) -> u64 {
        let work: u64 = self
            .activities
            .iter()
            .map(|a| u64::from(a.modes.iter().map(|m| m.duration).max().unwrap_or(0)))
            .sum();
        let lags: u64 = self.precedences.iter().map(|p| positive_lag(p.lag)).sum();
        work + lags
    }

    /// A trivially valid upper bound on the makespan of some feasible
    /// schedule: all activities one after another in their longest mode
    /// after the last release and the last capacity change, plus all
    /// positive lags (a negative lag counts as 0: it only lets a successor
    /// start earlier, and the serial schedule meets it anyway).
    pub fn horizon(&self) -> u64 {
        let releases = self
            .activities
            .iter()
            .map(|a| u64::from(a.release))
            .max()
            .unwrap_or(0);
        let calendars = self
            .resources
            .iter()
            .map(|r| u64::from(r.capacity.settles_at()))
            .max()
            .unwrap_or(0);
        let pins = self
            .activities
            .iter()
            .filter_map(|a| {
                a.pin
                    .map(|p| u64::from(p.start) + u64::from(a.modes[p.mode].duration))
            })
            .max()
            .unwrap_or(0);
        releases.max(calendars).max(pins) + self.serial_length()
    }
}

/// The days a lag adds to a serial schedule: the lag itself when positive,
/// 0 for a lead (a negative lag).
pub(crate) fn positive_lag(lag: i32) -> u64 {
    u64::try_from(lag).unwrap_or(0)
}
