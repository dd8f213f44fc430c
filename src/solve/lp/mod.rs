//! Linear programming through good_lp: the LP relaxation that proves lower
//! bounds and prices team capacity, and the time-indexed MILP that proves
//! optimality on small instances.

pub mod backend;
pub(crate) mod buckets;
pub mod exact;
mod linear;
pub mod prices;
pub mod relaxation;
mod tails;
pub mod time_indexed;
