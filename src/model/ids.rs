//! Typed indices into the [`Problem`](super::Problem) arenas.
//!
//! Every entity (team/resource, activity/task, goal) lives in an id-indexed
//! `Vec`; these newtypes keep the three index spaces apart at compile time.

use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The position of this entity in its arena.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The id of the entity at position `index`.
            #[inline]
            pub fn from_index(index: usize) -> Self {
                Self(index as u32)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "#{}", self.0)
            }
        }
    };
}

typed_id!(
    /// A renewable resource: a team in a plan, `R k` in a PSPLIB file.
    ResourceId
);
typed_id!(
    /// An activity: a task in a plan, a job in a PSPLIB file.
    ActivityId
);
typed_id!(
    /// A goal: a weighted group of activities.
    GoalId
);
