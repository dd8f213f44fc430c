//! Solver options: the wall-clock limit, the deterministic work limit, the
//! seed and the thread count.
//!
//! # Time and work
//! A solve has two kinds of limit. The *time limit* is a wall-clock cap:
//! every phase (bounds, LP, search, goal-order search, exact MILP) checks
//! it and the best schedule found so far is returned when it expires. How
//! far the search gets by then depends on the machine and on its load, so
//! a run cut short by the clock is not reproducible. The *work limit* is
//! counted in work units instead, as CP-SAT's deterministic time is: one
//! unit is about the work the solver does in one second of a time limit on
//! a current 2-core machine (the bounds' energetic-reasoning budget, the
//! LP model's size, the genetic search's children and the goal-order
//! walks' decodes are all sized from it), and no decision depends on the
//! clock. With a work limit and no time limit (what
//! [`SolveOptions::with_work_limit`] sets), the same input, seed and
//! thread count give the same schedule on any machine, loaded or not. The
//! exact MILP, whose solvers can only be stopped by a clock, is skipped in
//! that mode.

use std::time::{Duration, Instant};

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

/// How to solve. Build with [`SolveOptions::default`] and the `with_*` methods.
///
/// ```
/// use std::time::Duration;
/// use tandem::SolveOptions;
/// let o = SolveOptions::default().with_time_limit(Duration::from_secs(2)).with_seed(7);
/// assert_eq!(o.seed, 7);
/// // reproducible on any machine: a work limit and no wall-clock cap
/// let d = SolveOptions::default().with_work_limit(0.5);
/// assert_eq!(d.work_limit, Some(0.5));
/// assert_eq!(d.time_limit, tandem::MAX_TIME_LIMIT);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit for the whole solve (default 10 s; at most
    /// [`MAX_TIME_LIMIT`], longer is taken as that). The best schedule
    /// found so far is returned when it expires.
    pub time_limit: Duration,
    /// Deterministic work limit in work units (module docs; default none:
    /// the work is sized from the time limit). When set, every budget is
    /// sized from it and no decision depends on the clock except the time
    /// limit's hard stop.
    pub work_limit: Option<f64>,
    /// Seed of every random choice (default 0). Same input, seed and thread
    /// count give the same schedule unless the time limit cuts the search
    /// short (never, with a work limit and no time limit).
    pub seed: u64,
    /// Worker threads (default 1; 0 means all cores; at most [`MAX_THREADS`]).
    pub threads: usize,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            work_limit: None,
            seed: 0,
            threads: 1,
        }
    }
}

impl SolveOptions {
    /// The time limit the command line uses when none is given: 1 s plus
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

    /// Sets the time limit (a wall-clock cap, also with a work limit).
    pub fn with_time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = limit;
        self
    }
    /// Sets a deterministic work limit (module docs) and lifts the time
    /// limit to [`MAX_TIME_LIMIT`], so that the result does not depend on
    /// the machine; call [`Self::with_time_limit`] after it to keep a
    /// wall-clock cap as well.
    pub fn with_work_limit(mut self, units: f64) -> Self {
        self.work_limit = Some(units);
        self.time_limit = MAX_TIME_LIMIT;
        self
    }
    /// Sets the seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Sets the thread count (0 = all cores).
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// The wall-clock limit, at most [`MAX_TIME_LIMIT`].
    pub(crate) fn limit(&self) -> Duration {
        self.time_limit.min(MAX_TIME_LIMIT)
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
        if self.deterministic() {
            self.effort().mul_f64(SEARCH_WORK)
        } else {
            self.effort()
        }
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
        o.time_limit = deadline.saturating_duration_since(Instant::now());
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
        let mut o = SolveOptions::default()
            .with_work_limit(0.01)
            .with_threads(100_000);
        o.time_limit = Duration::MAX;
        assert_eq!(o.limit(), MAX_TIME_LIMIT);
        assert_eq!(o.workers(), MAX_THREADS);
        let _ = o.deadline(Instant::now());
        let s = crate::solve(&p, &o.clone().with_threads(2));
        assert!(s.schedule.check(&p).is_ok());
        assert_eq!(s.objective, 2.0 * 3.0 + 5.0);
        // NaN and infinite work limits size nothing rather than panic
        o.work_limit = Some(f64::NAN);
        assert_eq!(o.effort(), Duration::ZERO);
        o.work_limit = Some(f64::INFINITY);
        assert_eq!(o.effort(), Duration::ZERO);
    }
}
