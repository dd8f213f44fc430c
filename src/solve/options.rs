//! Solver options.

use std::time::Duration;

/// How to solve. Build with [`SolveOptions::default`] and the `with_*` methods.
///
/// ```
/// use std::time::Duration;
/// use tandem::SolveOptions;
/// let o = SolveOptions::default().with_time_limit(Duration::from_secs(2)).with_seed(7);
/// assert_eq!(o.seed, 7);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit for the whole solve (default 10 s). The best schedule
    /// found so far is returned when it expires.
    pub time_limit: Duration,
    /// Seed of every random choice (default 0). Same input, seed and thread
    /// count give the same schedule unless the time limit cuts the search short.
    pub seed: u64,
    /// Worker threads (default 1; 0 means all cores).
    pub threads: usize,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            seed: 0,
            threads: 1,
        }
    }
}

impl SolveOptions {
    /// Sets the time limit.
    pub fn with_time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = limit;
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
}
