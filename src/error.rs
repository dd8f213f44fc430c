//! Typed errors. Input problems carry file, line, column and the offending
//! value or ids; they are collected, never reported one at a time.

use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

/// Where in an input file a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, as given to the reader.
    pub file: PathBuf,
    /// 1-based line (the header is line 1); `None` for whole-file problems.
    pub line: Option<u64>,
    /// Column name (CSV) or field description (PSPLIB); `None` if not applicable.
    pub column: Option<String>,
}

impl Location {
    /// A location of a whole file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    /// The same place, narrowed to a line.
    pub fn with_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// A location of one cell.
    pub fn cell(file: impl Into<PathBuf>, line: u64, column: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: Some(line),
            column: Some(column.into()),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(col) = &self.column {
            write!(f, ": column `{col}`")?;
        }
        Ok(())
    }
}

/// What is wrong with one place of the input.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum InputIssueKind {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Unreadable(String),
    /// A line of a text file is not valid UTF-8.
    #[error("not valid UTF-8: byte 0x{byte:02X} at byte {position} of the line")]
    NotUtf8 {
        /// The first offending byte.
        byte: u8,
        /// Its 1-based byte position in the line.
        position: usize,
    },
    /// A required file is absent.
    #[error("required file is missing")]
    MissingFile,
    /// A required column is absent from the header.
    #[error("required column is missing from the header")]
    MissingColumn,
    /// A required cell is empty.
    #[error("required value is empty")]
    MissingValue,
    /// A required file has no header row.
    #[error("file is empty: expected a header row")]
    EmptyFile,
    /// A column name appears twice in the header.
    #[error("column `{name}` appears more than once in the header")]
    DuplicateColumn {
        /// The column name.
        name: String,
    },
    /// A CSV record could not be parsed.
    #[error("malformed CSV: {0}")]
    MalformedCsv(String),
    /// A value is not a number of the expected kind.
    #[error("`{value}` is not {expected}")]
    BadNumber {
        /// The offending text.
        value: String,
        /// What was expected, e.g. "an integer >= 0".
        expected: &'static str,
    },
    /// A value is not a day index or an ISO date.
    #[error("`{value}` is not a day number or an ISO date (YYYY-MM-DD){hint}")]
    BadDay {
        /// The offending text.
        value: String,
        /// Extra explanation (e.g. that dates need `--start`).
        hint: String,
    },
    /// An ISO date was given but no plan start date.
    #[error(
        "`{value}` is a date, but dates need a plan start date: pass `--start YYYY-MM-DD` (or give `start` in project.csv) or use day numbers"
    )]
    DateWithoutStart {
        /// The offending text.
        value: String,
    },
    /// A date lies before the plan start.
    #[error("`{value}` is before the plan start {start}")]
    DateBeforeStart {
        /// The offending text.
        value: String,
        /// The plan start date (day 0).
        start: String,
    },
    /// A value is not an ISO date (where only dates are accepted).
    #[error("`{value}` is not an ISO date (YYYY-MM-DD)")]
    BadDate {
        /// The offending text.
        value: String,
    },
    /// Working-day exceptions (`workdays.csv`) were given but no plan
    /// start date.
    #[error(
        "working-day exceptions need a plan start date: pass `--start YYYY-MM-DD` or give `start` in project.csv"
    )]
    ExceptionsWithoutStart,
    /// A file that holds one data row has more.
    #[error(
        "more than one data row: the file describes one project (first row on line {first_line})"
    )]
    ExtraRow {
        /// The line of the row that is used.
        first_line: u64,
    },
    /// A list entry does not follow its syntax (e.g. a dependency `T1+x`).
    #[error("`{value}` is malformed: expected {expected}")]
    BadSyntax {
        /// The offending text.
        value: String,
        /// The expected syntax.
        expected: &'static str,
    },
    /// An id is listed twice in one cell.
    #[error("{what} `{id}` is listed more than once")]
    RepeatedId {
        /// "team", "goal" or "task".
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A team appears twice in one alternative of a `teams` cell
    /// (`backend+qa+backend`).
    #[error(
        "team `{team}` appears more than once in `{alternative}`: an alternative needs each of its teams once"
    )]
    RepeatedTeam {
        /// The team id.
        team: String,
        /// The alternative as written.
        alternative: String,
    },
    /// A number is out of its allowed range.
    #[error("`{value}` is out of range: {rule}")]
    OutOfRange {
        /// The offending text.
        value: String,
        /// The rule broken, e.g. "effort must be >= 0".
        rule: String,
    },
    /// An id is used twice.
    #[error("duplicate {what} id `{id}` (first defined on line {first_line})")]
    DuplicateId {
        /// "team", "goal" or "task".
        what: &'static str,
        /// The id.
        id: String,
        /// Where it was first defined.
        first_line: u64,
    },
    /// A reference to an id that does not exist, with the valid ids it may
    /// have meant (`did you mean `backend`?`).
    #[error("unknown {what} `{id}`{}", suggestion_text(what, .suggestions, .known))]
    UnknownId {
        /// "team", "goal" or "task".
        what: &'static str,
        /// The id.
        id: String,
        /// The closest valid ids (at most three): those whose id or display
        /// name differs from `id` in case only, else the most similar by edit
        /// distance, if similar enough. Empty when none is close.
        suggestions: Vec<String>,
        /// Every valid id, sorted, when there are at most eight; else empty.
        known: Vec<String>,
    },
    /// An id contains a forbidden character.
    #[error("invalid id `{id}`: ids must be non-empty and contain none of `;` `|` `:` `+`")]
    BadId {
        /// The id.
        id: String,
    },
    /// `max_people < min_people`.
    #[error("max_people {max} is less than min_people {min}")]
    MaxBelowMin {
        /// min_people.
        min: u32,
        /// max_people.
        max: u32,
    },
    /// No eligible team has enough people for the smallest crew.
    #[error("task `{task}` cannot be staffed: it needs at least {min_people} people but {detail}")]
    Unstaffable {
        /// Task id.
        task: String,
        /// min_people.
        min_people: u32,
        /// Capacities of the eligible teams.
        detail: String,
    },
    /// No alternative of a task on several teams at once, or with fixed
    /// crews, can be staffed: a fixed crew above its team's capacity, or a
    /// team without a fixed crew below `min_people`.
    #[error("task `{task}` cannot be staffed: {detail}")]
    UnstaffableAlternatives {
        /// Task id.
        task: String,
        /// Each alternative's shortfall, e.g. "`backend*4+qa` needs 4 of `backend`, which has 3".
        detail: String,
    },
    /// A cycle among task dependencies (after expanding goal dependencies).
    #[error("dependency cycle: {}", cycle_text(.ids))]
    DependencyCycle {
        /// Task ids on the cycle, in order.
        ids: Vec<String>,
    },
    /// A task cycle that closes only through goal dependencies.
    #[error("dependency cycle through goal dependencies: {} (via {})", cycle_text(.tasks), .via.join(", "))]
    GoalInducedCycle {
        /// Task ids on the cycle, in order.
        tasks: Vec<String>,
        /// The goal dependencies the cycle uses, as `goal `B` depends on goal `A``.
        via: Vec<String>,
    },
    /// A cycle among goal dependencies.
    #[error("goal dependency cycle: {}", cycle_text(.ids))]
    GoalCycle {
        /// Goal ids on the cycle, in order.
        ids: Vec<String>,
    },
    /// A task depends on itself.
    #[error("task `{id}` depends on itself")]
    SelfDependency {
        /// The id.
        id: String,
    },
    /// A task is recorded as done but one of its predecessors is not.
    #[error("task `{task}` is done but its predecessor `{predecessor}` is not (mark it done too)")]
    DoneBeforePredecessor {
        /// The done task.
        task: String,
        /// The predecessor that is not done.
        predecessor: String,
    },
    /// Anything else specific to a format (PSPLIB structure errors).
    #[error("{0}")]
    Format(String),
}

/// The end of an unknown-id message: `; did you mean `a` or `b`?` and, when
/// the valid ids are few, ` (valid teams: a, b, c)`.
pub(crate) fn suggestion_text(what: &str, suggestions: &[String], known: &[String]) -> String {
    let mut s = String::new();
    if let Some((last, rest)) = suggestions.split_last() {
        s.push_str("; did you mean ");
        for (i, id) in rest.iter().enumerate() {
            s.push_str(if i == 0 { "`" } else { ", `" });
            s.push_str(id);
            s.push('`');
        }
        s.push_str(if rest.is_empty() { "`" } else { " or `" });
        s.push_str(last);
        s.push_str("`?");
    }
    if !known.is_empty() {
        s.push_str(&format!(" (valid {what}s: {})", known.join(", ")));
    }
    s
}

fn cycle_text(ids: &[String]) -> String {
    let mut s = ids.join(" -> ");
    if let Some(first) = ids.first() {
        s.push_str(" -> ");
        s.push_str(first);
    }
    s
}

/// One problem at one place of the input.
#[derive(Clone, Debug, PartialEq, Error)]
#[error("{location}: {kind}")]
pub struct InputIssue {
    /// Where.
    pub location: Location,
    /// What.
    pub kind: InputIssueKind,
}

/// Every problem found in an input, in file and line order.
#[derive(Clone, Debug, PartialEq, Error)]
pub struct InputError {
    /// All problems; never empty.
    pub issues: Vec<InputIssue>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.issues.len();
        writeln!(
            f,
            "{n} problem{} in the input:",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, issue) in self.issues.iter().enumerate() {
            if i + 1 < n {
                writeln!(f, "  {issue}")?;
            } else {
                write!(f, "  {issue}")?;
            }
        }
        Ok(())
    }
}

/// A problem built through the library API is inconsistent.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ModelError {
    /// Two entities of one kind share an id.
    #[error("duplicate {what} id `{id}`")]
    DuplicateId {
        /// "resource", "activity" or "goal".
        what: &'static str,
        /// The id.
        id: String,
    },
    /// An activity has no mode.
    #[error("activity `{activity}` has no mode")]
    NoModes {
        /// The activity id.
        activity: String,
    },
    /// A mode needs more of a resource than its base capacity, or names an unknown resource.
    #[error("activity `{activity}` mode {mode}: {reason}")]
    BadMode {
        /// The activity id.
        activity: String,
        /// 0-based mode index.
        mode: usize,
        /// What is wrong.
        reason: String,
    },
    /// A plan task's alternative names no team, a team twice, an unknown
    /// resource, or a fixed crew of 0.
    #[error("activity `{activity}`: {reason}")]
    BadAlternative {
        /// The activity id.
        activity: String,
        /// What is wrong.
        reason: String,
    },
    /// A goal priority is not > 0, not finite or above
    /// [`MAX_PRIORITY`](crate::model::MAX_PRIORITY).
    #[error(
        "goal `{goal}` has priority {priority:?}; it must be a number > 0 and at most {max:e}",
        max = crate::limits::MAX_PRIORITY
    )]
    BadPriority {
        /// The goal id.
        goal: String,
        /// The priority given.
        priority: f64,
    },
    /// A weight of the objective is not finite or larger in magnitude than
    /// [`MAX_WEIGHT`](crate::model::MAX_WEIGHT). (The library allows a negative
    /// lateness weight, a reward for lateness; the CLI and FORMAT.md do not.)
    #[error(
        "the {what} is {value:?}; it must be a number between -{max:e} and {max:e}",
        max = crate::limits::MAX_WEIGHT
    )]
    BadWeight {
        /// "lateness weight" or "stability weight".
        what: &'static str,
        /// The weight given.
        value: f64,
    },
    /// A plan task's effort is negative, not finite or more person-days
    /// than a day count holds (`u32::MAX`).
    #[error(
        "activity `{activity}` has effort {effort:?}; it must be a number of person-days >= 0 and at most {}",
        u32::MAX
    )]
    BadEffort {
        /// The activity id.
        activity: String,
        /// The effort given.
        effort: f64,
    },
    /// A ranged effort estimate is not `0 <= low <= likely <= high` (finite,
    /// `likely > 0` unless the range has zero width), or was given to an
    /// activity that is not a plan task.
    #[error(
        "activity `{activity}` has effort range low {} / likely {} / high {}; it needs 0 <= low <= effort <= high (finite), a positive effort unless low = high, and a plan task",
        range.0, range.1, range.2
    )]
    BadRange {
        /// The activity id.
        activity: String,
        /// The range given: low, likely, high.
        range: (f64, f64, f64),
    },
    /// A dependency's lag is a lead (negative) of more than
    /// [`MAX_HORIZON`](crate::model::MAX_HORIZON) days. (A positive lag
    /// above it makes the plan [`TooLong`](ModelError::TooLong).)
    #[error(
        "`{to}` depends on `{from}` with lag {lag}; a lag must be at least -{max} days",
        max = crate::limits::MAX_HORIZON
    )]
    BadLag {
        /// The predecessor's id.
        from: String,
        /// The successor's id.
        to: String,
        /// The lag given.
        lag: i32,
    },
    /// An index refers to nothing.
    #[error("{what} index {index} is out of range")]
    BadIndex {
        /// Which kind of index.
        what: &'static str,
        /// The index.
        index: usize,
    },
    /// A pin refers to a missing mode or starts before the release.
    #[error("activity `{activity}`: {reason}")]
    BadPin {
        /// The activity id.
        activity: String,
        /// What is wrong.
        reason: String,
    },
    /// Activities depend on each other in a cycle.
    #[error("dependency cycle: {}", cycle_text(.ids))]
    DependencyCycle {
        /// Activity ids on the cycle, in order.
        ids: Vec<String>,
    },
    /// Goals depend on each other in a cycle.
    #[error("goal dependency cycle: {}", cycle_text(.ids))]
    GoalCycle {
        /// Goal ids on the cycle, in order.
        ids: Vec<String>,
    },
    /// The plan could run longer than tandem schedules
    /// ([`Problem::horizon`](crate::Problem::horizon) above
    /// [`MAX_HORIZON`](crate::model::MAX_HORIZON)).
    #[error(
        "the plan could run until day {horizon} (every task one after another, after the last release, calendar change or pin, plus every positive lag), beyond the {limit} days tandem schedules; the largest part: {culprit}"
    )]
    TooLong {
        /// The plan's horizon.
        horizon: u64,
        /// The largest horizon tandem accepts.
        limit: u64,
        /// What contributes most to the horizon, in words.
        culprit: String,
        /// The id of that activity, when one is to blame.
        activity: Option<String>,
        /// The plan column behind that part (`release`, `effort` or
        /// `depends_on`), when an activity is to blame.
        column: Option<&'static str>,
    },
}

/// Every problem found while building a [`Problem`](crate::Problem).
#[derive(Clone, Debug, PartialEq, Error)]
#[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
pub struct ModelErrors(pub Vec<ModelError>);

/// Errors from writing outputs.
#[derive(Debug, Error)]
pub enum OutputError {
    /// I/O failure on a path (the cause is the error's source, not repeated
    /// in its message, so that an error chain names it once).
    #[error("cannot write {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A day to be written as a date falls after 9999-12-31.
    #[error(
        "{cause} is day {day}, which falls after 9999-12-31, the last date tandem writes (working days counted from the start date {start}); use an earlier start date"
    )]
    DateOutOfRange {
        /// What has that day, e.g. "the schedule's last finish".
        cause: String,
        /// The day.
        day: u32,
        /// The plan's day 0.
        start: String,
    },
    /// Serialisation failure.
    #[error("cannot serialise {what}: {message}")]
    Serialize {
        /// What was being written.
        what: &'static str,
        /// The cause.
        message: String,
    },
}

/// An edit of a built [`Problem`](crate::Problem) that was refused (the
/// problem is unchanged).
#[derive(Clone, Debug, PartialEq, Error)]
pub enum EditError {
    /// A goal priority that is not a number > 0 and at most
    /// [`MAX_PRIORITY`](crate::model::MAX_PRIORITY).
    #[error(
        "priority of `{goal}`: must be a number > 0 and at most 1e9 (MAX_PRIORITY), got {value}"
    )]
    Priority {
        /// The goal.
        goal: String,
        /// The refused value.
        value: f64,
    },
    /// A weight of the objective out of its range: the stability weight
    /// from 0, the lateness weight from `-MAX_WEIGHT`, to
    /// [`MAX_WEIGHT`](crate::model::MAX_WEIGHT).
    #[error(
        "{what}: out of range (at most 1e6, MAX_WEIGHT; the stability weight at least 0), got {value}"
    )]
    Weight {
        /// Which weight.
        what: &'static str,
        /// The refused value.
        value: f64,
    },
    /// A re-plan's least gain that is not a share from 0 to 1.
    #[error(
        "least gain of a re-plan's moves: must be a share of the objective from 0 to 1 (0 to 100 %), got {value}"
    )]
    MinGain {
        /// The refused value.
        value: f64,
    },
    /// An effort that is not a number of person-days from 0 to 4294967295.
    #[error("effort of `{task}`: must be a number >= 0 and at most 4294967295, got {value}")]
    Effort {
        /// The task.
        task: String,
        /// The refused value.
        value: f64,
    },
    /// A ranged effort estimate that is not `0 <= low <= effort <= high`
    /// (see [`EffortRange::is_valid`](crate::model::EffortRange::is_valid)).
    #[error(
        "effort range of `{task}`: needs 0 <= low <= effort <= high (finite) and a positive effort unless low = high, got {low} / {likely} / {high}"
    )]
    Range {
        /// The task.
        task: String,
        /// Low.
        low: f64,
        /// Most likely (the task's effort).
        likely: f64,
        /// High.
        high: f64,
    },
    /// The activity has no task spec (efforts per team) to edit.
    #[error("effort of `{task}`: not a plan task")]
    NotAPlanTask {
        /// The activity.
        task: String,
    },
    /// The team (or teams, `backend+qa`) is not one of the task's
    /// alternatives.
    #[error("effort of `{task}`: team `{team}` is not eligible for it")]
    NotEligible {
        /// The task.
        task: String,
        /// The team, or the teams joined by `+`.
        team: String,
    },
    /// With the new capacity, a task could not be staffed.
    #[error("capacity of `{team}`: task `{task}` could not be staffed")]
    Unstaffable {
        /// The team.
        team: String,
        /// The first task that could not be staffed.
        task: String,
    },
}

/// A working-day calendar ([`WorkDays`](crate::model::WorkDays)) that was
/// refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// No day of the week is a working day.
    #[error("no day of the week is a working day (at least one of Monday to Sunday must be)")]
    NoWorkingWeekday,
}

/// A solver or session option out of its range ([`SolveOptions`](crate::SolveOptions)'s
/// validating setters). The message says what is allowed; a command line
/// puts the flag's name in front of it.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum OptionsError {
    /// A time limit that is not a number of seconds from 0 to
    /// [`MAX_TIME_LIMIT`](crate::solve::MAX_TIME_LIMIT).
    #[error("must be a number of seconds from 0 to {max}, got {value}")]
    TimeLimit {
        /// The refused value.
        value: f64,
        /// The largest allowed, in seconds.
        max: f64,
    },
    /// A work limit that is not a number of work units from 0 to
    /// [`MAX_WORK_LIMIT`](crate::solve::MAX_WORK_LIMIT).
    #[error("must be a number of work units from 0 to {max}, got {value}")]
    WorkLimit {
        /// The refused value.
        value: f64,
        /// The largest allowed.
        max: f64,
    },
    /// More threads than [`MAX_THREADS`](crate::solve::MAX_THREADS).
    #[error("must be at most {max} (0 = all cores), got {value}")]
    Threads {
        /// The refused value.
        value: usize,
        /// The largest allowed.
        max: usize,
    },
    /// A weight that is not a number from 0 to [`MAX_WEIGHT`](crate::model::MAX_WEIGHT).
    #[error("must be a number >= 0 and at most {max:e}, got {value}")]
    Weight {
        /// The refused value.
        value: f64,
        /// The largest allowed.
        max: f64,
    },
}
