//! The plan's files, and an issue at a cell of one of them: what
//! `validate` and `cycles` report with.

use std::path::{Path, PathBuf};

use crate::error::{InputIssue, InputIssueKind, Location};

/// The plan's files, in reporting order.
#[derive(Debug)]
pub(super) struct Paths {
    pub(super) project: PathBuf,
    pub(super) workdays: PathBuf,
    pub(super) teams: PathBuf,
    pub(super) calendar: PathBuf,
    pub(super) goals: PathBuf,
    pub(super) tasks: PathBuf,
}

impl Paths {
    pub(super) fn new(dir: &Path) -> Self {
        Self {
            project: dir.join("project.csv"),
            workdays: dir.join("workdays.csv"),
            teams: dir.join("teams.csv"),
            calendar: dir.join("calendar.csv"),
            goals: dir.join("goals.csv"),
            tasks: dir.join("tasks.csv"),
        }
    }

    /// Rank of a file in the reporting order.
    pub(super) fn rank(&self, file: &Path) -> usize {
        [
            &self.project,
            &self.workdays,
            &self.teams,
            &self.calendar,
            &self.goals,
            &self.tasks,
        ]
        .iter()
        .position(|p| p.as_path() == file)
        .unwrap_or(0)
    }
}

/// An issue at `column` of line `line` of `path`.
pub(super) fn issue(path: &Path, line: u64, column: &str, kind: InputIssueKind) -> InputIssue {
    InputIssue {
        location: Location::cell(path, line, column),
        kind,
    }
}
