//! Writing outputs: CSV, JSON.
