//! Solver options: the wall-clock limit, the deterministic work limit, the
//! seed and the thread count.
//!
//! The two kinds of limit (time and work) are explained on [`SolveOptions`].

use std::time::{Duration, Instant};

use crate::error::OptionsError;

/// The largest time limit (10,000,000 s, about 116 days): longer ones are
/// refused by the command line and clamped by the library.
pub const MAX_TIME_LIMIT: Duration = Duration::from_secs(10_000_000);

/// The largest work limit, in work units (as [`MAX_TIME_LIMIT`] in seconds).
pub const MAX_WORK_LIMIT: f64 = 10_000_000.0;

/// Search budget per work unit, as a share of one second of time limit's
/// (measured: a generated 2,000-task plan at `--work-limit 2` took 20 s on
/// one thread of a 2-core machine with the unscaled budgets).
const SEARCH_WORK: f64 = 0.125;

/// The most worker threads: more are refused by the command line and
/// clamped by the library (each worker runs its own search; beyond a few
/// per core they only add start-up cost and memory).
pub const MAX_THREADS: usize = 256;

/// How to solve: a validated builder. Start from [`SolveOptions::default`]
/// (the size-based time limit of [`SolveOptions::default_time_limit`], no
/// work limit, seed 0, one thread) and chain the `with_*` methods; those
/// that take a number check it and refuse it with an [`OptionsError`].
///
/// | setting | default | range |
/// |---|---|---|
/// | time limit | 1 s + 1 s per 1,000 tasks, at most 30 s; none with a work limit | 0 ..= [`MAX_TIME_LIMIT`] |
/// | work limit | none | 0 ..= [`MAX_WORK_LIMIT`] units |
/// | seed | 0 | any |
/// | threads | 1 (0 = all cores) | 0 ..= [`MAX_THREADS`] |
///
/// # Time and work
/// A solve has two kinds of limit. The *time limit* is a wall-clock cap:
/// every phase (bounds, LP, search, goal-order search, exact MILP) checks
/// it and the best schedule found so far is returned when it expires. How
/// far the search gets by then depends on the machine and on its load, so
/// a run cut short by the clock is not reproducible. The *work limit* is
/// counted in work units instead, as CP-SAT's deterministic time is: one
/// unit is about the work the solver does in one second of a time limit on
/// a current 2-core machine (the bounds' energetic-reasoning budget, the
/// LP model's size, the genetic search's children and the goal-order
/// walks' decodes are all sized from it), and no decision depends on the
/// clock. With a work limit and no time limit (what
/// [`SolveOptions::with_work_limit`] sets), the same input, seed and
/// thread count give the same schedule on any machine, loaded or not. The
/// exact MILP, whose solvers can only be stopped by a clock, is skipped in
/// that mode.
///
/// ```
/// use std::time::Duration;
/// use tandem::SolveOptions;
/// # fn main() -> Result<(), tandem::OptionsError> {
/// let o = SolveOptions::default().with_time_limit(Duration::from_secs(2)).with_seed(7);
/// assert_eq!(o.seed(), 7);
/// // reproducible on any machine: a work limit and no wall-clock cap
/// let d = SolveOptions::default().with_work_limit(0.5)?;
/// assert_eq!(d.work_limit(), Some(0.5));
/// assert_eq!(d.time_limit_for(2000), tandem::solve::MAX_TIME_LIMIT);
/// // without either, the limit grows with the plan
/// assert_eq!(SolveOptions::default().time_limit_for(2000), Duration::from_secs(3));
/// // out of range: refused
/// assert!(SolveOptions::default().with_threads(10_000).is_err());
/// assert!(SolveOptions::default().with_time_limit_secs(f64::NAN).is_err());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit for the whole solve (`None`: the size-based
    /// default, or no clock with a work limit).
    pub(crate) time_limit: Option<Duration>,
    /// Deterministic work limit in work units ("Time and work" above).
    pub(crate) work_limit: Option<f64>,
    /// Seed of every random choice.
    pub(crate) seed: u64,
    /// Worker threads (0 means all cores).
    pub(crate) threads: usize,
    /// The expected objective: `(training scenarios, their seed)`; `None`:
    /// the objective at the most likely efforts.
    pub(crate) expected: Option<(usize, u64)>,
    /// Decodes one evaluation of the search costs (1; `1 + scenarios`
    /// with the expected objective): the work budgets shrink by it.
    pub(crate) evaluation_cost: f64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: None,
            work_limit: None,
            seed: 0,
            threads: 1,
            expected: None,
            evaluation_cost: 1.0,
        }
    }
}

impl SolveOptions {
    /// The time limit when none is given (and no work limit): 1 s plus
    /// 1 s per 1,000 tasks, at most 30 s (a plan's first search needs time
    /// in proportion to its size; past 30 s the gains are small).
    ///
    /// ```
    /// use std::time::Duration;
    /// use tandem::SolveOptions;
    /// assert_eq!(SolveOptions::default_time_limit(2000), Duration::from_secs(3));
    /// assert_eq!(SolveOptions::default_time_limit(50_000), Duration::from_secs(30));
    /// ```
    pub fn default_time_limit(tasks: usize) -> Duration {
        Duration::from_secs_f64((1.0 + tasks as f64 / 1000.0).min(30.0))
    }

    /// Optimises the expected objective over `scenarios` training scenarios
    /// drawn from `seed` (sample-average approximation; see
    /// [`crate::solve::forecast`]) instead of the objective at the most
    /// likely efforts, when the plan has ranged efforts (0 scenarios: off).
    /// The schedule's reported objective, bounds and status stay those of
    /// the most likely efforts; the exact MILP is skipped.
    ///
    /// ```
    /// use tandem::SolveOptions;
    /// let o = SolveOptions::default().with_expected_objective(20, 7);
    /// assert_eq!(o.expected_objective(), Some((20, 7)));
    /// ```
    pub fn with_expected_objective(mut self, scenarios: usize, seed: u64) -> Self {
        self.expected = (scenarios > 0).then_some((scenarios, seed));
        self
    }

    /// The expected objective's training scenarios and seed, if set.
    pub fn expected_objective(&self) -> Option<(usize, u64)> {
        self.expected
    }

    /// Sets the time limit: a wall-clock cap for the whole solve (also with
    /// a work limit); the best schedule found so far is returned when it
    /// expires. Longer than [`MAX_TIME_LIMIT`] is taken as that.
    pub fn with_time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = Some(limit.min(MAX_TIME_LIMIT));
        self
    }
    /// [`Self::with_time_limit`] in seconds, refused unless from 0 to
    /// [`MAX_TIME_LIMIT`] (e.g. a number from a command line).
    pub fn with_time_limit_secs(self, secs: f64) -> Result<Self, OptionsError> {
        let max = MAX_TIME_LIMIT.as_secs_f64();
        if !(secs.is_finite() && (0.0..=max).contains(&secs)) {
            return Err(OptionsError::TimeLimit { value: secs, max });
        }
        Ok(self.with_time_limit(Duration::from_secs_f64(secs)))
    }
    /// Sets a deterministic work limit in work units ("Time and work"), from 0
    /// to [`MAX_WORK_LIMIT`]. Without a time limit the solve then has no
    /// wall-clock cap and its result does not depend on the machine.
    pub fn with_work_limit(mut self, units: f64) -> Result<Self, OptionsError> {
        if !(units.is_finite() && (0.0..=MAX_WORK_LIMIT).contains(&units)) {
            return Err(OptionsError::WorkLimit {
                value: units,
                max: MAX_WORK_LIMIT,
            });
        }
        self.work_limit = Some(units);
        Ok(self)
    }
    /// Sets the seed of every random choice: the same input, seed and
    /// thread count give the same schedule unless the time limit cuts the
    /// search short (never, with a work limit and no time limit).
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Sets the number of worker threads (0 = all cores; at most
    /// [`MAX_THREADS`]).
    pub fn with_threads(mut self, threads: usize) -> Result<Self, OptionsError> {
        if threads > MAX_THREADS {
            return Err(OptionsError::Threads {
                value: threads,
                max: MAX_THREADS,
            });
        }
        self.threads = threads;
        Ok(self)
    }

    /// The time limit set, if any.
    pub fn time_limit(&self) -> Option<Duration> {
        self.time_limit
    }
    /// The work limit set, if any.
    pub fn work_limit(&self) -> Option<f64> {
        self.work_limit
    }
    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// The thread count (0 = all cores).
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The wall-clock limit of a solve of `tasks` tasks: the time limit
    /// set; else none ([`MAX_TIME_LIMIT`]) with a work limit; else
    /// [`Self::default_time_limit`].
    pub fn time_limit_for(&self, tasks: usize) -> Duration {
        match (self.time_limit, self.work_limit) {
            (Some(limit), _) => limit.min(MAX_TIME_LIMIT),
            (None, Some(_)) => MAX_TIME_LIMIT,
            (None, None) => Self::default_time_limit(tasks),
        }
    }

    /// These options with the time limit of a `tasks`-task solve set
    /// ([`Self::time_limit_for`]).
    pub(crate) fn for_problem(&self, tasks: usize) -> Self {
        let mut o = self.clone();
        o.time_limit = Some(self.time_limit_for(tasks));
        o
    }

    /// The wall-clock limit, at most [`MAX_TIME_LIMIT`] (as for an empty
    /// plan when not resolved by [`Self::for_problem`]).
    pub(crate) fn limit(&self) -> Duration {
        self.time_limit_for(0)
    }

    /// These options for the *opening* of a solve of `tasks` tasks: the
    /// effort (time or work limit) capped at [`Self::default_time_limit`].
    /// The phases that size themselves by the effort before the search
    /// (bounds, LP relaxation, goal-order search) take it, so that every
    /// limit at or above the default opens the same way and a longer limit
    /// only adds search and bounding after the opening: the search's
    /// trajectory is then a prefix of a longer run's (never a worse plan).
    pub(crate) fn opening(&self, tasks: usize) -> Self {
        let cap = Self::default_time_limit(tasks);
        let mut o = self.clone();
        match self.work_limit {
            Some(units) => o.work_limit = Some(units.min(cap.as_secs_f64())),
            None => o.time_limit = Some(self.limit().min(cap)),
        }
        o
    }

    /// True when the effort exceeds the [`Self::opening`]'s: the solve has
    /// time or work for bounding after its search.
    pub(crate) fn exceeds_opening(&self, tasks: usize) -> bool {
        self.effort() > self.opening(tasks).effort()
    }

    /// When a solve started at `from` must stop.
    pub(crate) fn deadline(&self, from: Instant) -> Instant {
        after(from, self.limit())
    }

    /// What the work budgets are sized for: the work limit in seconds when
    /// there is one, else the time limit.
    pub(crate) fn effort(&self) -> Duration {
        match self.work_limit {
            Some(units) if units.is_finite() => {
                Duration::from_secs_f64(units.clamp(0.0, MAX_WORK_LIMIT))
            }
            Some(_) => Duration::ZERO,
            None => self.limit(),
        }
    }

    /// What the search budgets (genetic children, goal-order and warm
    /// decodes) are sized for. Those budgets assume a fast machine and on
    /// large plans the clock usually stops the search first; with a work
    /// limit they are scaled by [`SEARCH_WORK`] so that a unit takes about
    /// a second on a 2,000-task plan.
    pub(crate) fn search_effort(&self) -> Duration {
        let effort = if self.deterministic() {
            self.effort().mul_f64(SEARCH_WORK)
        } else {
            self.effort()
        };
        effort.div_f64(self.evaluation_cost.max(1.0))
    }

    /// True with a work limit: no decision may depend on the clock.
    pub(crate) fn deterministic(&self) -> bool {
        self.work_limit.is_some()
    }

    /// The number of search workers: `threads`, all cores for 0, at most
    /// [`MAX_THREADS`].
    pub(crate) fn workers(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            t => t,
        }
        .clamp(1, MAX_THREADS)
    }

    /// The options of a later phase of a solve: the wall-clock time left
    /// before `deadline`, and `share` of the work limit (if any).
    pub(crate) fn rest(&self, share: f64, deadline: Instant) -> Self {
        let mut o = self.clone();
        o.time_limit = Some(deadline.saturating_duration_since(Instant::now()));
        o.work_limit = self.work_limit.map(|units| units * share);
        o
    }
}

/// `from + limit`, or the latest instant the platform can represent.
pub(crate) fn after(from: Instant, limit: Duration) -> Instant {
    from.checked_add(limit)
        .or_else(|| from.checked_add(MAX_TIME_LIMIT))
        .unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Calendar, ProblemBuilder};

    #[test]
    fn huge_limits_and_thread_counts_are_clamped_not_panics() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        let g = b.goal("g", 1.0, None);
        let h = b.goal("h", 2.0, None);
        b.plan_task("a", Some(g), &[(t, 2.0)], 1, 1, 0);
        b.plan_task("b", Some(h), &[(t, 3.0)], 1, 1, 0);
        let p = b.build().unwrap();
        // Duration::MAX overflowed `Instant + Duration` (exit 101 from the CLI)
        let mut o = SolveOptions::default().with_work_limit(0.01).unwrap();
        o.threads = 100_000;
        o.time_limit = Some(Duration::MAX);
        assert_eq!(o.limit(), MAX_TIME_LIMIT);
        assert_eq!(o.workers(), MAX_THREADS);
        let _ = o.deadline(Instant::now());
        let s = crate::solve(&p, &o.clone().with_threads(2).unwrap());
        assert!(s.schedule.check(&p).is_ok());
        assert_eq!(s.objective, 2.0 * 3.0 + 5.0);
        // NaN and infinite work limits size nothing rather than panic
        o.work_limit = Some(f64::NAN);
        assert_eq!(o.effort(), Duration::ZERO);
        o.work_limit = Some(f64::INFINITY);
        assert_eq!(o.effort(), Duration::ZERO);
    }
}
