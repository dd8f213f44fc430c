//! The limits every layer shares: the largest horizon, priority and weight
//! tandem accepts, so that every objective stays a finite number. They live
//! below every other module (the errors' messages quote them), and are
//! public in [`crate::model`].

/// The largest [`Problem::horizon`](crate::Problem::horizon) a [`ProblemBuilder`](crate::ProblemBuilder)
/// accepts (2^21 days, some 8,000 years of working days): every schedule of
/// such a problem can be checked ([`MAX_CHECKED_DAYS`](crate::schedule::MAX_CHECKED_DAYS)
/// is the same) and the daily resource profiles stay small.
pub const MAX_HORIZON: u64 = 1 << 21;

/// The largest goal priority tandem accepts.
///
/// Together with [`MAX_WEIGHT`] and [`MAX_HORIZON`] it keeps every
/// objective a finite number with room to spare: a goal's term is at most
/// `priority * finish * (1 + lateness_weight)` <= 1e9 * 2^21 * (1 + 1e6),
/// about 2.1e21, so even a million goals (plus the stability term, at most
/// 1e6 * 2^21 per task) stay below 1e28, far from the largest `f64`
/// (1.8e308); sums and the gap are never `inf` or `NaN`.
pub const MAX_PRIORITY: f64 = 1e9;

/// The largest lateness or stability weight tandem accepts (see
/// [`MAX_PRIORITY`]).
pub const MAX_WEIGHT: f64 = 1e6;
