//! "Did you mean": the valid ids closest to an unknown one.
//!
//! An unknown id is compared, case-insensitively, with every valid id and
//! display name (`teams.csv`'s `name`, a goal's or task's `name`). A
//! case-insensitive match of an id or a name is the answer on its own
//! (`Backend` or `BACKEND` -> `backend`); otherwise the ids whose id or name
//! is closest, by normalized Damerau-Levenshtein similarity, and at least
//! [`THRESHOLD`] similar, are suggested (`backnd` -> `backend`: one edit in
//! seven characters; ties in input order, at most three). When there are
//! few valid ids, all of them are listed too.
//!
//! Suggestions are a courtesy: a [`Suggester`] spends a fixed amount of
//! work over all its lookups (no clock), so a hostile input with thousands
//! of unknown ids against thousands of valid ones stays fast; past that,
//! unknown ids get no suggestion.

use std::cell::Cell;

/// The similarity (1 - edits / longer length) from which an id is suggested:
/// one edit in three characters, two in six.
const THRESHOLD: f64 = 0.65;
/// At most this many close ids are suggested.
const MAX_SUGGESTIONS: usize = 3;
/// Every valid id is listed when there are at most this many.
const LIST_ALL_AT_MOST: usize = 8;
/// Ids and names longer than this (in characters) are not compared.
const MAX_LEN: usize = 100;
/// The work (characters compared, pairs for an edit distance) one
/// [`Suggester`] spends over all its lookups.
const WORK: u64 = 20_000_000;

/// The valid ids (with display names) of one kind, to suggest from.
#[derive(Debug)]
pub(crate) struct Suggester<'a> {
    /// `(id, display name)`, in input order.
    candidates: Vec<(&'a str, Option<&'a str>)>,
    work_left: Cell<u64>,
}

/// What to tell about an unknown id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Suggestions {
    /// The closest valid ids (equally close, in input order; at most three).
    pub(crate) close: Vec<String>,
    /// Every valid id, sorted, when there are at most eight; else empty.
    pub(crate) known: Vec<String>,
}

impl<'a> Suggester<'a> {
    /// Suggests from these `(id, display name)` pairs.
    pub(crate) fn new(candidates: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> Self {
        Self {
            candidates: candidates.into_iter().collect(),
            work_left: Cell::new(WORK),
        }
    }

    /// The close ids and, when few, all valid ids for `unknown`.
    pub(crate) fn suggest(&self, unknown: &str) -> Suggestions {
        let known = if self.candidates.len() <= LIST_ALL_AT_MOST {
            let mut ids: Vec<String> = self.candidates.iter().map(|c| c.0.to_string()).collect();
            ids.sort();
            ids.dedup();
            ids
        } else {
            Vec::new()
        };
        Suggestions {
            close: self.close(unknown),
            known,
        }
    }

    /// Takes `cost` from the work budget; `false` when it is spent.
    fn spend(&self, cost: u64) -> bool {
        let left = self.work_left.get();
        self.work_left.set(left.saturating_sub(cost));
        left >= cost
    }

    fn close(&self, unknown: &str) -> Vec<String> {
        if self.work_left.get() == 0 || unknown.len() > 4 * MAX_LEN {
            return Vec::new();
        }
        let wanted = unknown.trim().to_lowercase();
        let len = wanted.chars().count();
        if len == 0 || len > MAX_LEN {
            return Vec::new();
        }
        let mut exact: Vec<&str> = Vec::new();
        let mut scored: Vec<(f64, &str)> = Vec::new();
        for &(id, name) in &self.candidates {
            for text in std::iter::once(id).chain(name) {
                // past the budget, no suggestion rather than a partial one
                if !self.spend((len + text.len()) as u64) {
                    return Vec::new();
                }
                let text_len = text.chars().count();
                if text_len > MAX_LEN {
                    continue;
                }
                let lower = text.trim().to_lowercase();
                if lower == wanted {
                    exact.push(id);
                    continue;
                }
                // the distance is at least the difference in length
                let longer = len.max(text_len);
                let best = 1.0 - len.abs_diff(text_len) as f64 / longer as f64;
                if !exact.is_empty() || best < THRESHOLD {
                    continue;
                }
                if !self.spend((len * text_len) as u64) {
                    return Vec::new();
                }
                let score = strsim::normalized_damerau_levenshtein(&wanted, &lower);
                if score >= THRESHOLD {
                    scored.push((score, id));
                }
            }
        }
        let mut ids: Vec<&str> = if exact.is_empty() {
            // only the closest (`SSO04` -> `SSO-04`, not `SSO-01` too);
            // stable: equal scores keep the input order
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            let best = scored.first().map_or(0.0, |s| s.0);
            scored
                .into_iter()
                .take_while(|s| s.0 >= best - 1e-9)
                .map(|(_, id)| id)
                .collect()
        } else {
            exact
        };
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
        ids.truncate(MAX_SUGGESTIONS);
        ids.into_iter().map(String::from).collect()
    }
}

#[cfg(test)]
mod tests;
