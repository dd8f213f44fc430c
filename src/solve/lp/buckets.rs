//! The time grid of the LP relaxation: buckets of working days.
//!
//! Boundaries `0 = b_0 < b_1 < ... < b_K`; bucket `k < K` holds the days
//! `b_k .. b_{k+1}` (half-open) and bucket `K`, the *catch-all*, every day
//! from `b_K` on. A bucket is `base`
//! days long until day `base / growth`, then about `growth` times its start
//! (rounded down to a multiple of `base`): fine where the early goals are
//! decided, coarser later, so a long plan needs only logarithmically many
//! more buckets.

/// Bucket boundaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Grid {
    b: Vec<u32>,
}

impl Grid {
    /// Buckets of `base` days (at least 1) growing by `growth` per day of
    /// start, up to and including `horizon` (at least one bucket).
    pub(crate) fn new(horizon: u32, base: u32, growth: f64) -> Self {
        Self::fine_until(horizon, base, 0, growth)
    }

    /// Buckets of `base` days (at least 1) until day `fine`, then each
    /// about `growth` times its distance from `fine` (rounded down to a
    /// multiple of `base`, at least `base`), up to and including `horizon`:
    /// fine where a schedule is busy, logarithmically many after it.
    pub(crate) fn fine_until(horizon: u32, base: u32, fine: u32, growth: f64) -> Self {
        let base = base.max(1);
        let mut b = vec![0u32];
        let mut t = 0u32;
        while t < horizon.max(1) {
            let past = f64::from(t.saturating_sub(fine));
            let grown = (past * growth / f64::from(base)).floor() as u32 * base;
            t = t.saturating_add(base.max(grown));
            b.push(t);
        }
        Self { b }
    }

    /// Number of real buckets `K` (the catch-all has index `K`).
    pub(crate) fn len(&self) -> usize {
        self.b.len() - 1
    }

    /// Boundary `b_k` for `k <= K`.
    pub(crate) fn at(&self, k: usize) -> u32 {
        self.b[k]
    }

    /// Days in bucket `k < K`.
    pub(crate) fn days(&self, k: usize) -> u32 {
        self.b[k + 1] - self.b[k]
    }

    /// The bucket holding day `t`: the largest `k <= K` with `b_k <= t`.
    pub(crate) fn bucket_of(&self, t: u32) -> usize {
        self.b.partition_point(|&x| x <= t) - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fine_then_growing() {
        let g = Grid::fine_until(100, 2, 10, 0.5);
        assert_eq!(g.at(5), 10); // pairs of days until day 10
        assert_eq!(g.days(5), 2); // then at least the base
        // 10, 12, 14, 16, 18 (+4: half of 8), 22 (+6), 28 (+8), 36 (+12), 48
        let k = g.bucket_of(40);
        assert_eq!((g.at(k), g.days(k)), (36, 12));
        assert!(g.at(g.len()) >= 100);
        assert_eq!(Grid::fine_until(9, 3, u32::MAX, 0.5), Grid::new(9, 3, 0.0));
    }

    #[test]
    fn uniform_days() {
        let g = Grid::new(4, 1, 0.0);
        assert_eq!(g.len(), 4);
        assert_eq!(
            (0..=4).map(|k| g.at(k)).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!(g.bucket_of(0), 0);
        assert_eq!(g.bucket_of(1), 1);
        assert_eq!(g.bucket_of(3), 3);
        assert_eq!(g.bucket_of(4), 4); // catch-all
        assert_eq!(g.bucket_of(99), 4);
    }

    #[test]
    fn growing_weeks() {
        let g = Grid::new(200, 5, 0.1);
        // weeks until day 100, then 10% of the start (multiples of 5)
        assert_eq!(g.at(1), 5);
        assert_eq!(g.days(0), 5);
        let k = g.bucket_of(100);
        assert_eq!(g.at(k), 100);
        assert_eq!(g.days(k), 10);
        assert!(g.at(g.len()) >= 200);
        for k in 0..g.len() {
            assert_eq!(g.days(k) % 5, 0);
            assert!(g.days(k) >= 5);
        }
        // every day lands in the bucket whose range holds it
        for t in 0..g.at(g.len()) {
            let k = g.bucket_of(t);
            assert!(g.at(k) <= t && t < g.at(k + 1));
        }
    }
}
