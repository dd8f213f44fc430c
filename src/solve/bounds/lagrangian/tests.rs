//! Lagrangian bound tests.
