//! Forecasts under uncertain efforts: the plan executed as a policy in
//! sampled scenarios, goal finish quantiles and on-time probabilities.
//!
//! # Theoretical
//! *Efforts.* A plan task with a ranged estimate `low <= likely <= high`
//! has a PERT-distributed effort: `low + (high - low) B` with `B ~
//! Beta(1 + 4 (likely - low) / (high - low), 1 + 4 (high - likely) / (high
//! - low))`, whose mode is `likely` and mean `(low + 4 likely + high) / 6`
//! (Malcolm, Roseboom, Clark & Fazar 1959; Vose 2008, ch. 10.3). A scenario
//! draws one effort per task, independently, and scales every alternative
//! of the task by `sample / likely` (see [`crate::model::Scenarios`]).
//!
//! *Policy.* A schedule is not executed as fixed dates: a task starts when
//! its predecessors, lags, release and its team's capacity allow. A
//! schedule is therefore read as a *policy*: its activity list (by planned
//! start, then finish, then topological position) and its mode (team,
//! crew) per task. In a scenario, the serial schedule generation scheme
//! runs that list with those modes and the scenario's durations: late work
//! pushes what follows, early work lets it move up, and no task overtakes
//! one listed before it for capacity that both want (the resource-based
//! policies of stochastic project scheduling: Igelmund & Radermacher 1983;
//! Möhring & Stork 2000; Ballestín 2007 for the activity-list policy run
//! by the serial SGS). Pinned (started, frozen) and done tasks keep their
//! place. With every range of zero width the policy gives the plan itself
//! when the plan is its own serial schedule, which `solve` ensures (it
//! returns a fixed point of the policy whenever that is no worse: by start
//! order, each replay starts every task no later than before). A schedule
//! that is not (edited by hand; leads the list by start cannot follow) is
//! run without starts before its planned days (a "railway" policy), which
//! gives it back at the most likely efforts by induction on the list.
//!
//! *Estimates.* `samples` scenarios give each goal's empirical finish
//! distribution; the P10, P50 and P90 are its nearest-rank quantiles (the
//! smallest finish `x` with at least `p n` scenarios finishing by `x`;
//! Hyndman & Fan 1996, definition 1), the on-time probability the share of
//! scenarios finishing by the due day. Sampling error: a share `q` has
//! standard error `sqrt(q (1 - q) / n)`, under 0.5 percentage points at
//! 10,000 samples.
//!
//! *Risk-aware plans.* The expected objective `E[objective of the policy]`
//! is optimised by sample-average approximation (Kleywegt, Shapiro &
//! Homem-de-Mello 2002): the searches rate each schedule by the mean
//! objective of its policy over a fixed set of training scenarios
//! ([`Problem::with_training`]); the plan found is then judged on fresh
//! scenarios drawn with another seed, since its training mean is biased
//! low.
//!
//! # Practical
//! Scenario `k` draws its efforts from its own ChaCha8 stream (`seed`,
//! stream `k`), so a forecast depends on the seed and the number of
//! samples, not on the thread count. Scenarios run in blocks on rayon's
//! threads, each block with one [`Replayer`](super::sgs) that allocates
//! nothing after the first scenario.
//!
//! # Bibliography
//! - Malcolm, Roseboom, Clark & Fazar, *Application of a technique for
//!   research and development program evaluation*, Operations Research 7
//!   (1959).
//! - Vose, *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley (2008).
//! - Igelmund & Radermacher, *Preselective strategies for the optimization
//!   of stochastic project networks under resource constraints*, Networks
//!   13 (1983).
//! - Möhring & Stork, *Linear preselective policies for stochastic project
//!   scheduling*, Math. Methods of Operations Research 52 (2000).
//! - Ballestín, *When it is worthwhile to work with the stochastic RCPSP?*,
//!   Journal of Scheduling 10 (2007).
//! - Hyndman & Fan, *Sample quantiles in statistical packages*, The
//!   American Statistician 50 (1996).
//! - Kleywegt, Shapiro & Homem-de-Mello, *The sample average approximation
//!   method for stochastic discrete optimization*, SIAM J. Optim. 12 (2002).

mod sample;

use std::time::Instant;

use rayon::prelude::*;

use super::sgs::{Replayer, policy_order, topological_positions};
use crate::model::{ActivityId, GoalId, Problem, Scenarios, scaled};
use crate::schedule::{Assignment, Schedule};

pub use sample::{DEFAULT_SEED, sample_scenarios};

/// How many scenarios and which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForecastOptions {
    /// Scenarios to simulate (at least 1).
    pub samples: usize,
    /// Seed of the scenarios' efforts.
    pub seed: u64,
}

impl Default for ForecastOptions {
    /// 1,000 scenarios from [`DEFAULT_SEED`].
    fn default() -> Self {
        Self {
            samples: 1000,
            seed: DEFAULT_SEED,
        }
    }
}

/// One goal's forecast: finish quantiles over the scenarios (working days,
/// exclusive finish as everywhere) and the share of scenarios on time.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalForecast {
    /// The goal.
    pub goal: GoalId,
    /// Its due day, if any.
    pub due: Option<u32>,
    /// Its finish in the plan (the most likely efforts).
    pub plan: u32,
    /// 10th percentile of its finish.
    pub p10: u32,
    /// Median finish.
    pub p50: u32,
    /// 90th percentile of its finish.
    pub p90: u32,
    /// Mean finish.
    pub mean: f64,
    /// Share of scenarios finishing by `due` (`None` without a due day).
    pub on_time: Option<f64>,
}

/// A forecast of a schedule (see the [module docs](self)).
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// Scenarios simulated.
    pub samples: usize,
    /// Their seed.
    pub seed: u64,
    /// The plan's objective (most likely efforts).
    pub objective_plan: f64,
    /// Mean objective over the scenarios.
    pub objective_mean: f64,
    /// 90th percentile of the objective.
    pub objective_p90: f64,
    /// Per goal, in goal index order.
    pub goals: Vec<GoalForecast>,
    /// True when the policy lets tasks start early (the schedule is its own
    /// serial schedule, see [`Policy::of`]); false: no task started before
    /// its planned day in the scenarios.
    pub reproduces_plan: bool,
}

impl Forecast {
    /// The goals by increasing on-time probability (goals without a due
    /// day last), ties by goal index: the ones at risk first.
    pub fn at_risk(&self) -> Vec<&GoalForecast> {
        let mut goals: Vec<&GoalForecast> = self.goals.iter().collect();
        goals.sort_by(|a, b| {
            let key = |g: &GoalForecast| g.on_time.unwrap_or(f64::INFINITY);
            key(a).total_cmp(&key(b))
        });
        goals
    }
}

/// A schedule read as a policy: its activity list and its modes (see the
/// [module docs](self)).
#[derive(Clone, Debug)]
pub struct Policy {
    order: Vec<ActivityId>,
    modes: Vec<usize>,
    /// Per activity: [`Problem::scalable_work`] of its mode (kept: the
    /// scenarios' durations need it for every task in every scenario).
    work: Vec<Option<(f64, u32)>>,
    /// No activity starts before its day here (the planned starts of a
    /// schedule that is not its own serial schedule); `None`: early starts.
    floor: Option<Vec<u32>>,
}

impl Policy {
    /// The policy of `schedule` (which must have one valid mode per
    /// activity): its activity list by start with its modes, each task as
    /// early as the rules allow. When that does not give `schedule` back at
    /// the most likely efforts (a schedule that is not its own serial
    /// schedule: edited by hand, or one whose leads the list cannot
    /// follow), no task starts before its planned day either, so that the
    /// most likely efforts still give the plan itself; late work still
    /// pushes what follows ([`Policy::starts_early`] tells).
    pub fn of(problem: &Problem, schedule: &Schedule) -> Self {
        let mut policy = Self::free(problem, schedule);
        if policy.simulate(problem, &[]) != *schedule {
            policy.floor = Some(schedule.assignments().iter().map(|a| a.start).collect());
        }
        policy
    }

    /// The policy of `schedule` with early starts, whatever it gives at
    /// the most likely efforts.
    pub(crate) fn free(problem: &Problem, schedule: &Schedule) -> Self {
        let start: Vec<u32> = schedule.assignments().iter().map(|a| a.start).collect();
        let finish: Vec<u32> = problem
            .activity_ids()
            .map(|a| schedule.finish(problem, a))
            .collect();
        let modes: Vec<usize> = schedule.assignments().iter().map(|a| a.mode).collect();
        let order = policy_order(problem, &start, &finish, &topological_positions(problem));
        Self::with(problem, order, modes)
    }

    /// The policy of an activity list (every activity once, predecessors
    /// first) and a mode per activity, with early starts.
    pub fn with(problem: &Problem, order: Vec<ActivityId>, modes: Vec<usize>) -> Self {
        let work = problem
            .activity_ids()
            .map(|a| problem.scalable_work(a, modes[a.index()]))
            .collect();
        Self {
            order,
            modes,
            work,
            floor: None,
        }
    }

    /// True when tasks may start before their planned day (see [`Policy::of`]).
    pub fn starts_early(&self) -> bool {
        self.floor.is_none()
    }

    /// The activity list (every activity once, predecessors first).
    pub fn order(&self) -> &[ActivityId] {
        &self.order
    }

    /// The duration of activity `a` in its policy mode when its effort is
    /// scaled by `factor` (see [`Problem::scaled_duration`]).
    fn duration(&self, problem: &Problem, a: ActivityId, factor: f64) -> u32 {
        let i = a.index();
        scaled(
            self.work[i],
            problem.activity(a).modes[self.modes[i]].duration,
            factor,
        )
    }

    /// Runs the policy on `replayer` with `factors[a]` scaling activity
    /// `a`'s effort (1 when missing); returns the objective (the schedule
    /// is the replayer's).
    fn run(&self, problem: &Problem, replayer: &mut Replayer<'_>, factors: &[f64]) -> f64 {
        replayer.run(&self.order, &self.modes, self.floor.as_deref(), |a, _| {
            self.duration(problem, a, factors.get(a.index()).copied().unwrap_or(1.0))
        })
    }

    /// Each goal's finish in each of `scenarios` (`finishes[g][k]`).
    pub(crate) fn goal_finishes(&self, problem: &Problem, scenarios: &Scenarios) -> Vec<Vec<u32>> {
        let mut replayer = Replayer::new(problem);
        let mut finishes = vec![Vec::with_capacity(scenarios.len()); problem.goals().len()];
        for k in 0..scenarios.len() {
            self.run(problem, &mut replayer, scenarios.factors(k));
            for (column, &f) in finishes.iter_mut().zip(replayer.goal_finishes()) {
                column.push(f);
            }
        }
        finishes
    }

    /// The schedule of the policy in one scenario (`factors[a]` scales
    /// activity `a`'s effort; see [`Problem::with_scaled_efforts`], whose
    /// problem this schedule is valid for).
    ///
    /// ```
    /// use tandem::solve::forecast::Policy;
    /// use tandem::{Calendar, ProblemBuilder, SolveOptions, solve};
    /// let mut b = ProblemBuilder::new();
    /// let team = b.resource("backend", Calendar::constant(1));
    /// let g = b.goal("G1", 1.0, None);
    /// let t1 = b.plan_task("T1", Some(g), &[(team, 4.0)], 1, 1, 0);
    /// let t2 = b.plan_task("T2", Some(g), &[(team, 2.0)], 1, 1, 0);
    /// let p = b.build().unwrap();
    /// let plan = solve(&p, &SolveOptions::default()).schedule;
    /// // T1 takes 6 days instead of 4: the goal finishes on day 8
    /// let late = Policy::of(&p, &plan).simulate(&p, &[1.5, 1.0]);
    /// assert_eq!(late.finish(&p, t1).max(late.finish(&p, t2)), 8);
    /// ```
    pub fn simulate(&self, problem: &Problem, factors: &[f64]) -> Schedule {
        let mut replayer = Replayer::new(problem);
        self.run(problem, &mut replayer, factors);
        Schedule::new(
            replayer
                .starts()
                .iter()
                .zip(&self.modes)
                .map(|(&start, &mode)| Assignment { start, mode })
                .collect(),
        )
    }
}

/// The forecast of `schedule` (a valid schedule of `problem`) over
/// `options.samples` scenarios (see the [module docs](self)); runs on the
/// current rayon pool.
///
/// ```
/// use tandem::model::EffortRange;
/// use tandem::solve::forecast::{ForecastOptions, forecast};
/// use tandem::{Calendar, ProblemBuilder, SolveOptions, solve};
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("backend", Calendar::constant(1));
/// let g = b.goal("G1", 1.0, Some(12));
/// let t = b.plan_task("T1", Some(g), &[(team, 10.0)], 1, 1, 0);
/// b.effort_range(t, EffortRange::new(8.0, 10.0, 20.0));
/// let p = b.build().unwrap();
/// let plan = solve(&p, &SolveOptions::default()).schedule;
/// let f = forecast(&p, &plan, &ForecastOptions { samples: 2000, seed: 7 });
/// let g = &f.goals[0];
/// assert_eq!(g.plan, 10);
/// assert!(g.p10 <= g.p50 && g.p50 <= g.p90 && g.p90 <= 20);
/// assert!(g.mean > 10.0); // the range is skewed to the late side
/// assert!(g.on_time.unwrap() < 1.0);
/// ```
pub fn forecast(problem: &Problem, schedule: &Schedule, options: &ForecastOptions) -> Forecast {
    forecast_until(problem, schedule, options, None)
}

/// Scenarios per block of work (one rayon task).
const BLOCK: usize = 32;
/// Blocks per thread in a wave. A block cut by the deadline ends the
/// forecast, and the later blocks of its wave are dropped (they would leave
/// a hole), so short waves waste little; rayon splits one parallel run
/// over all blocks in halves, which could drop half of them.
const WAVE_BLOCKS: usize = 4;

/// [`forecast`] that stops starting scenarios at `deadline`: the forecast
/// then covers the first `samples` scenarios of the `options.samples`
/// asked for (at least one), the same ones, with the same results, as a
/// forecast without a deadline. Scenarios run in waves of four blocks of
/// 32 per thread; a block checks the deadline before each scenario, so a
/// run overshoots it by about one scenario, and the scenarios kept are
/// those before the first one a block skipped.
///
/// ```
/// use std::time::Instant;
/// use tandem::model::EffortRange;
/// use tandem::solve::forecast::{ForecastOptions, forecast, forecast_until};
/// use tandem::{Calendar, ProblemBuilder, SolveOptions, solve};
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("backend", Calendar::constant(1));
/// let g = b.goal("G1", 1.0, Some(12));
/// let t = b.plan_task("T1", Some(g), &[(team, 10.0)], 1, 1, 0);
/// b.effort_range(t, EffortRange::new(8.0, 10.0, 20.0));
/// let p = b.build().unwrap();
/// let plan = solve(&p, &SolveOptions::default()).schedule;
/// let options = ForecastOptions { samples: 2000, seed: 7 };
/// // a deadline already past: the first scenario only, a prefix of them all
/// let cut = forecast_until(&p, &plan, &options, Some(Instant::now()));
/// assert!(cut.samples >= 1 && cut.samples < 2000);
/// let first = forecast(&p, &plan, &ForecastOptions { samples: cut.samples, seed: 7 });
/// assert_eq!(cut, first);
/// ```
pub fn forecast_until(
    problem: &Problem,
    schedule: &Schedule,
    options: &ForecastOptions,
    deadline: Option<Instant>,
) -> Forecast {
    let policy = Policy::of(problem, schedule);
    let asked = options.samples.max(1);
    let ng = problem.goals().len();
    let sampler = sample::Sampler::new(problem, options.seed);
    let range_of = |b: usize| b * BLOCK..((b + 1) * BLOCK).min(asked);
    let block = |b: usize| {
        let mut replayer = Replayer::new(problem);
        let mut factors = vec![1.0; problem.len()];
        let range = range_of(b);
        let mut finishes = Vec::with_capacity(range.len() * ng);
        let mut objectives = Vec::with_capacity(range.len());
        for k in range {
            // the first scenario always runs
            if k > 0 && deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
            sampler.draw(k as u64, &mut factors);
            let objective = policy.run(problem, &mut replayer, &factors);
            finishes.extend_from_slice(replayer.goal_finishes());
            objectives.push(objective);
        }
        (finishes, objectives)
    };
    let blocks = asked.div_ceil(BLOCK);
    let wave = WAVE_BLOCKS * rayon::current_num_threads().max(1);
    let mut finishes = Vec::with_capacity(asked * ng);
    let mut objectives = Vec::with_capacity(asked);
    let mut next = 0;
    'waves: while next < blocks {
        let end = (next + wave).min(blocks);
        let done: Vec<(Vec<u32>, Vec<f64>)> = (next..end).into_par_iter().map(block).collect();
        for (b, (f, o)) in (next..end).zip(done) {
            let full = o.len() == range_of(b).len();
            finishes.extend(f);
            objectives.extend(o);
            if !full {
                break 'waves; // a later block's scenarios would leave a hole
            }
        }
        next = end;
    }
    let samples = objectives.len();
    let plan_finish = schedule.goal_finishes(problem);
    let reproduces_plan = policy.starts_early();
    let mut column = Vec::with_capacity(samples);
    let goals = problem
        .goals()
        .iter()
        .enumerate()
        .map(|(g, goal)| {
            column.clear();
            column.extend((0..samples).map(|k| finishes[k * ng + g]));
            column.sort_unstable();
            let on_time = goal
                .due
                .map(|due| column.partition_point(|&f| f <= due) as f64 / samples as f64);
            GoalForecast {
                goal: GoalId::from_index(g),
                due: goal.due,
                plan: plan_finish[g],
                p10: quantile(&column, 0.1),
                p50: quantile(&column, 0.5),
                p90: quantile(&column, 0.9),
                mean: column.iter().map(|&f| f64::from(f)).sum::<f64>() / samples as f64,
                on_time,
            }
        })
        .collect();
    let objective_mean = objectives.iter().sum::<f64>() / samples as f64;
    objectives.sort_unstable_by(f64::total_cmp);
    Forecast {
        samples,
        seed: options.seed,
        objective_plan: schedule.objective(problem),
        objective_mean,
        objective_p90: quantile(&objectives, 0.9),
        goals,
        reproduces_plan,
    }
}

/// The nearest-rank `p`-quantile of sorted `values`: the smallest value
/// with at least `p n` values at or below it.
pub(crate) fn quantile<T: Copy>(sorted: &[T], p: f64) -> T {
    let n = sorted.len();
    let rank = ((p * n as f64).ceil() as usize).clamp(1, n);
    sorted[rank - 1]
}

/// True when some unpinned task of `problem` has a range of non-zero width.
pub fn has_ranges(problem: &Problem) -> bool {
    problem.activities().iter().any(|a| {
        a.pin.is_none()
            && a.spec
                .as_ref()
                .and_then(|s| s.range)
                .is_some_and(|r| !r.is_point())
    })
}

#[cfg(test)]
mod tests;
