//! Running a schedule as a policy (see [`crate::solve::forecast`]): its
//! activity list with its modes, placed by the serial SGS with given
//! durations, and the expected objective of the training scenarios that
//! [`Sgs`](super::Sgs) rates schedules by.

use super::{LoadTable, Profile, first_placed_day, objective_of};
use crate::model::{ActivityId, Problem};

/// The activity list a schedule is executed in as a policy: by start, then
/// finish, then topological position (`topo`), and, when some lag is a
/// lead, in its nearest precedence order (see [`Sgs::decode`]).
pub(crate) fn policy_order(
    problem: &Problem,
    start: &[u32],
    finish: &[u32],
    topo: &[u32],
) -> Vec<ActivityId> {
    let mut list: Vec<ActivityId> = problem.activity_ids().collect();
    list.sort_unstable_by_key(|a| {
        let i = a.index();
        (start[i], finish[i], topo[i])
    });
    if problem.has_leads() {
        list = crate::solve::rules::in_precedence_order(problem, list);
    }
    list
}

/// Executes a schedule as a policy: its activity list (see
/// [`policy_order`]) with its modes, each activity as early as its
/// predecessors, lags, release and the capacity left by the activities
/// before it allow, with durations given per scenario. Pinned activities
/// keep their pin and duration. With the schedule's own durations this is
/// the serial SGS of [`Sgs::decode`] with fixed modes.
#[derive(Debug)]
pub(crate) struct Replayer<'p> {
    problem: &'p Problem,
    profile: Profile<'p>,
    table: LoadTable,
    start: Vec<u32>,
    finish: Vec<u32>,
    goal_finish: Vec<u32>,
}

impl<'p> Replayer<'p> {
    /// A replayer for `problem`.
    pub(crate) fn new(problem: &'p Problem) -> Self {
        let n = problem.len();
        let origin = first_placed_day(problem);
        // sampled durations may exceed the nominal horizon: never cut a search short
        let limit = u64::from(u32::MAX);
        Self {
            problem,
            profile: Profile::new(problem.resources(), limit, origin),
            table: LoadTable::new(problem),
            start: vec![0; n],
            finish: vec![0; n],
            goal_finish: vec![0; problem.goals().len()],
        }
    }

    /// Runs `order` with `modes` and `duration(a, global)` (`global`: the
    /// global index of `a`'s mode, see [`LoadTable`]), no activity starting
    /// before `floor[a]` when given; returns the objective of the resulting
    /// schedule.
    pub(crate) fn run(
        &mut self,
        order: &[ActivityId],
        modes: &[usize],
        floor: Option<&[u32]>,
        duration: impl Fn(ActivityId, usize) -> u32,
    ) -> f64 {
        let problem = self.problem;
        self.profile.reset();
        for (i, act) in problem.activities().iter().enumerate() {
            if let Some(pin) = act.pin {
                let d = act.modes[pin.mode].duration;
                self.profile.add(self.table.get(i, pin.mode), d, pin.start);
                self.start[i] = pin.start;
                self.finish[i] = pin.start.saturating_add(d);
            }
        }
        for &a in order {
            let act = problem.activity(a);
            if act.pin.is_some() {
                continue;
            }
            let i = a.index();
            let es = problem
                .earliest_start(a, &self.finish)
                .max(floor.map_or(0, |f| f[i]));
            let m = modes[i];
            let d = duration(a, self.table.global(i, m));
            let loads = self.table.get(i, m);
            let start = self.profile.earliest(loads, d, es, u64::MAX).unwrap_or(es);
            self.profile.add(loads, d, start);
            self.start[i] = start;
            self.finish[i] = start.saturating_add(d);
        }
        objective_of(problem, &self.start, &self.finish, &mut self.goal_finish)
    }

    /// Starts of the last run.
    pub(crate) fn starts(&self) -> &[u32] {
        &self.start
    }

    /// Each goal's finish in the last run.
    pub(crate) fn goal_finishes(&self) -> &[u32] {
        &self.goal_finish
    }
}

/// The expected objective of [`Problem::training`] scenarios: a schedule
/// rated by the mean objective of its policy over the scenarios
/// (sample-average approximation).
#[derive(Debug)]
pub(super) struct Expected<'p> {
    scenarios: usize,
    /// Scenario `k`'s duration of every mode, by the replayer's global
    /// mode index ([`LoadTable`]'s): `durations[k * modes + global]`.
    durations: Vec<u32>,
    /// Modes of all activities.
    modes: usize,
    topo: Vec<u32>,
    replayer: Replayer<'p>,
    /// The best objective at the most likely efforts rated so far.
    best_nominal: f64,
    /// Mean over nominal objective of the schedules rated so far (0: none).
    ratio: f64,
}

/// A schedule whose objective at the most likely efforts is more than this
/// factor above the best one rated gets the estimate `ratio * nominal`
/// instead of a run of every scenario (screening: the search spends its
/// scenario runs on the schedules that may win).
const SCREEN: f64 = 1.03;

impl<'p> Expected<'p> {
    /// The expected objective of `problem`'s training scenarios, if any
    /// (`topo`: the activities' topological positions).
    pub(super) fn new(problem: &'p Problem, topo: Vec<u32>) -> Option<Self> {
        let training = problem.training()?;
        let replayer = Replayer::new(problem);
        let modes = replayer.table.modes();
        let mut durations = Vec::with_capacity(training.len() * modes);
        for k in 0..training.len() {
            let factors = training.factors(k);
            for a in problem.activity_ids() {
                for m in 0..problem.activity(a).modes.len() {
                    durations.push(problem.scaled_duration(a, m, factors[a.index()]));
                }
            }
        }
        Some(Self {
            scenarios: training.len(),
            durations,
            modes,
            topo,
            replayer,
            best_nominal: f64::INFINITY,
            ratio: 0.0,
        })
    }

    /// The rating of a schedule whose objective at the most likely efforts
    /// is `nominal`: the mean over the scenarios, or its estimate (see
    /// [`SCREEN`]).
    pub(super) fn rate(
        &mut self,
        nominal: f64,
        start: &[u32],
        finish: &[u32],
        mode: &[usize],
        screen: bool,
    ) -> f64 {
        if screen && self.ratio > 0.0 && nominal > self.best_nominal * SCREEN {
            return nominal * self.ratio;
        }
        let mean = self.mean(start, finish, mode);
        if nominal > 0.0 {
            let r = mean / nominal;
            self.ratio = if self.ratio > 0.0 {
                0.9 * self.ratio + 0.1 * r
            } else {
                r
            };
            self.best_nominal = self.best_nominal.min(nominal);
        }
        mean
    }

    fn mean(&mut self, start: &[u32], finish: &[u32], mode: &[usize]) -> f64 {
        if self.scenarios == 0 {
            return 0.0;
        }
        let order = policy_order(self.replayer.problem, start, finish, &self.topo);
        let mut sum = 0.0;
        for k in 0..self.scenarios {
            let row = &self.durations[k * self.modes..(k + 1) * self.modes];
            sum += self
                .replayer
                .run(&order, mode, None, |_, global| row[global]);
        }
        sum / self.scenarios as f64
    }
}
