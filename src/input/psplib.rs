//! Reader for PSPLIB project files: single-mode `.sm` (RCPSP) and
//! multi-mode `.mm` (MRCPSP).
//!
//! # Layout
//! A PSPLIB file is a sequence of sections separated by lines of `*`:
//!
//! ```text
//! jobs (incl. supersource/sink ):  32
//! RESOURCES
//!   - renewable                 :  4   R
//!   - nonrenewable              :  0   N
//!   - doubly constrained        :  0   D
//! PRECEDENCE RELATIONS:
//! jobnr.    #modes  #successors   successors
//!    1        1          3           2   3   4
//! REQUESTS/DURATIONS:
//! jobnr. mode duration  R 1  R 2  R 3  R 4
//! ------------------------------------------------------------------------
//!   1      1     0       0    0    0    0
//!   2      1     8       4    0    0    0
//!          2     5       6    0    0    0      <- `.mm`: further modes omit the job number
//! RESOURCEAVAILABILITIES:
//!   R 1  R 2  R 3  R 4
//!    12   13    4   12
//! ```
//!
//! # Mapping to the model
//! Job `j` becomes activity `"j"` (dummies included, in file order), renewable
//! resource `k` becomes resource `"Rk"` with a constant calendar, every mode
//! keeps its duration and its non-zero renewable demands, and the objective is
//! [`Objective::Makespan`]. There are no goals.
//!
//! Nonrenewable resources are not part of the model. A file that has them is
//! accepted only when they cannot bind, i.e. when every nonrenewable capacity
//! is at least the sum over jobs of the job's largest consumption; otherwise
//! the reader reports a [`InputIssueKind::Format`] error on the availability
//! line. Doubly constrained resources are rejected the same way.
//!
//! # Errors
//! Every problem found is reported with the file, the line and the field
//! (e.g. `successors`, `R 2`, `duration`); the reader never panics on
//! malformed text. Cycles among the precedences are reported with the job
//! numbers on the cycle.

use std::path::{Path, PathBuf};

use crate::error::{InputError, InputIssue, InputIssueKind, Location, ModelError};
use crate::model::{
    Activity, ActivityId, Calendar, Demand, Mode, Objective, Problem, ProblemBuilder, ResourceId,
};

/// The longest duration accepted for one mode, so that sums of durations stay
/// far from `u32` overflow in later passes.
const MAX_DURATION: u32 = 1_000_000;

/// Reads a PSPLIB `.sm` or `.mm` file into a [`Problem`] with the makespan objective.
///
/// ```
/// use std::path::Path;
/// use tandem::graph::Analysis;
/// use tandem::read_psplib;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let problem = read_psplib(Path::new("data/psplib/j301_1.sm"))?;
/// assert_eq!(problem.len(), 32); // 30 jobs plus the two dummies
/// assert_eq!(Analysis::new(&problem).makespan_bound, 38);
/// # Ok(()) }
/// ```
pub fn read_psplib(path: &Path) -> Result<Problem, InputError> {
    let bytes = std::fs::read(path).map_err(|e| InputError {
        issues: vec![InputIssue {
            location: Location::file(path),
            kind: InputIssueKind::Unreadable(e.to_string()),
        }],
    })?;
    let text = utf8(path, &bytes)?;
    parse_psplib(path, text)
}

/// The file as text, or one issue per line that is not valid UTF-8.
fn utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text);
    }
    let issues = bytes
        .split(|&b| b == b'\n')
        .zip(1u64..)
        .filter_map(|(line, number)| {
            let e = std::str::from_utf8(line).err()?;
            let at = e.valid_up_to();
            Some(InputIssue {
                location: Location::file(path).with_line(number),
                kind: InputIssueKind::NotUtf8 {
                    byte: line[at],
                    position: at + 1,
                },
            })
        })
        .collect();
    Err(InputError { issues })
}

/// One job as read from the file.
struct Job {
    /// Line of its row in PRECEDENCE RELATIONS.
    line: u64,
    /// Declared number of modes.
    modes: Option<u32>,
    /// Successor job numbers (1-based) with the line they were read from.
    successors: Vec<u32>,
    /// Modes read from REQUESTS/DURATIONS: `(line, duration, demands)` with
    /// one demand per resource column (renewable first, then the others).
    rows: Vec<(u64, u32, Vec<u32>)>,
}

/// Counts of the resource kinds from the RESOURCES block.
#[derive(Clone, Copy)]
struct ResourceCounts {
    renewable: usize,
    nonrenewable: usize,
    doubly: usize,
}

impl ResourceCounts {
    fn total(self) -> usize {
        self.renewable + self.nonrenewable + self.doubly
    }

    /// The field name of resource column `k` (0-based), as in the file header.
    fn column(self, k: usize) -> String {
        if k < self.renewable {
            format!("R {}", k + 1)
        } else if k < self.renewable + self.nonrenewable {
            format!("N {}", k - self.renewable + 1)
        } else {
            format!("D {}", k - self.renewable - self.nonrenewable + 1)
        }
    }
}

struct Parser<'a> {
    path: PathBuf,
    /// `(1-based line number, text)` of every line.
    lines: Vec<(u64, &'a str)>,
    issues: Vec<InputIssue>,
}

impl<'a> Parser<'a> {
    fn issue(&mut self, line: Option<u64>, column: &str, kind: InputIssueKind) {
        let location = match line {
            Some(l) => Location::cell(&self.path, l, column),
            None => Location {
                file: self.path.clone(),
                line: None,
                column: Some(column.to_string()),
            },
        };
        self.issues.push(InputIssue { location, kind });
    }

    fn format(&mut self, line: Option<u64>, column: &str, message: impl Into<String>) {
        self.issue(line, column, InputIssueKind::Format(message.into()));
    }

    /// Parses a non-negative integer field, reporting it if it is not one.
    fn number(&mut self, line: u64, column: &str, token: &str) -> Option<u32> {
        match token.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                self.issue(
                    Some(line),
                    column,
                    InputIssueKind::BadNumber {
                        value: token.to_string(),
                        expected: "an integer >= 0",
                    },
                );
                None
            }
        }
    }

    /// Index (into `lines`) of the first line whose trimmed text starts with `prefix`.
    fn find(&self, prefix: &str) -> Option<usize> {
        self.lines
            .iter()
            .position(|(_, l)| l.trim_start().starts_with(prefix))
    }

    /// The value after the colon of a `name : value [letter]` header line.
    fn header_value(&mut self, prefix: &str, field: &str) -> Option<u32> {
        let Some(i) = self.find(prefix) else {
            self.format(None, field, format!("missing the `{field}` header line"));
            return None;
        };
        let (line, text) = self.lines[i];
        let value = text
            .split_once(':')
            .and_then(|(_, rest)| rest.split_whitespace().next());
        match value {
            Some(v) => self.number(line, field, v),
            None => {
                self.issue(Some(line), field, InputIssueKind::MissingValue);
                None
            }
        }
    }

    fn resource_counts(&mut self) -> Option<ResourceCounts> {
        let renewable = self.header_value("- renewable", "renewable");
        let nonrenewable = self.header_value("- nonrenewable", "nonrenewable");
        let doubly = self.header_value("- doubly constrained", "doubly constrained");
        Some(ResourceCounts {
            renewable: renewable? as usize,
            nonrenewable: nonrenewable? as usize,
            doubly: doubly? as usize,
        })
    }

    /// The data lines of the section that starts with `title`: every line after
    /// the title up to the next `***` line, skipping header lines (`jobnr.`,
    /// `---`, resource labels) and blank lines.
    fn section(&mut self, title: &str) -> Option<Vec<(u64, &'a str)>> {
        let Some(start) = self.find(title) else {
            self.format(
                None,
                title,
                format!("missing the `{title}` section (truncated file?)"),
            );
            return None;
        };
        let rows = self.lines[start + 1..]
            .iter()
            .take_while(|(_, l)| !l.trim_start().starts_with('*'))
            .filter(|(_, l)| {
                let t = l.trim();
                !t.is_empty()
                    && !t.starts_with("jobnr")
                    && !t.starts_with("--")
                    && !t.starts_with(|c: char| c.is_ascii_alphabetic())
            })
            .copied()
            .collect();
        Some(rows)
    }

    /// Reads PRECEDENCE RELATIONS: one row per job, in job order.
    fn precedences(&mut self, n: u32) -> Option<Vec<Job>> {
        let title = "PRECEDENCE RELATIONS";
        let rows = self.section(title)?;
        let mut jobs = Vec::new();
        for (idx, &(line, text)) in rows.iter().enumerate() {
            let expected = idx as u64 + 1;
            if expected > u64::from(n) {
                self.format(
                    Some(line),
                    "jobnr.",
                    format!("more job rows than the {n} jobs declared in the header"),
                );
                break;
            }
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let mut job = Job {
                line,
                modes: None,
                successors: Vec::new(),
                rows: Vec::new(),
            };
            if tokens.len() < 3 {
                self.format(
                    Some(line),
                    "#successors",
                    format!(
                        "expected `jobnr. #modes #successors successors...`, found `{}`",
                        text.trim()
                    ),
                );
                jobs.push(job);
                continue;
            }
            if let Some(j) = self.number(line, "jobnr.", tokens[0])
                && u64::from(j) != expected
            {
                self.issue(
                    Some(line),
                    "jobnr.",
                    InputIssueKind::OutOfRange {
                        value: tokens[0].to_string(),
                        rule: format!("jobs must be listed in order; expected job {expected}"),
                    },
                );
            }
            job.modes = self.number(line, "#modes", tokens[1]);
            if job.modes == Some(0) {
                self.issue(
                    Some(line),
                    "#modes",
                    InputIssueKind::OutOfRange {
                        value: tokens[1].to_string(),
                        rule: "a job needs at least one mode".to_string(),
                    },
                );
            }
            let declared = self.number(line, "#successors", tokens[2]);
            let listed = &tokens[3..];
            if let Some(d) = declared
                && d as usize != listed.len()
            {
                self.format(
                    Some(line),
                    "#successors",
                    format!("declares {d} successors but lists {}", listed.len()),
                );
            }
            for tok in listed {
                let Some(s) = self.number(line, "successors", tok) else {
                    continue;
                };
                if s == 0 || s > n {
                    self.issue(
                        Some(line),
                        "successors",
                        InputIssueKind::OutOfRange {
                            value: tok.to_string(),
                            rule: format!("successors must be job numbers 1..={n}"),
                        },
                    );
                } else if u64::from(s) == expected {
                    self.issue(
                        Some(line),
                        "successors",
                        InputIssueKind::SelfDependency {
                            id: expected.to_string(),
                        },
                    );
                } else {
                    job.successors.push(s);
                }
            }
            jobs.push(job);
        }
        if (jobs.len() as u64) < u64::from(n) {
            let line = rows.last().map(|r| r.0);
            self.format(
                line,
                title,
                format!(
                    "expected {n} job rows, found {} (truncated file?)",
                    jobs.len()
                ),
            );
        }
        Some(jobs)
    }

    /// Reads REQUESTS/DURATIONS into `jobs[..].rows`.
    fn requests(&mut self, jobs: &mut [Job], counts: ResourceCounts) -> Option<()> {
        let title = "REQUESTS/DURATIONS";
        let rows = self.section(title)?;
        let k = counts.total();
        // index of the job the current continuation rows belong to
        let mut current: Option<usize> = None;
        let mut next_job = 0usize;
        for &(line, text) in &rows {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let fields = if tokens.len() == k + 3 {
                // a new job: `jobnr mode duration demands...`
                if next_job >= jobs.len() {
                    self.format(
                        Some(line),
                        "jobnr.",
                        format!("more jobs than the {} in PRECEDENCE RELATIONS", jobs.len()),
                    );
                    break;
                }
                if let Some(j) = self.number(line, "jobnr.", tokens[0])
                    && j as usize != next_job + 1
                {
                    self.issue(
                        Some(line),
                        "jobnr.",
                        InputIssueKind::OutOfRange {
                            value: tokens[0].to_string(),
                            rule: format!(
                                "jobs must be listed in order; expected job {}",
                                next_job + 1
                            ),
                        },
                    );
                }
                current = Some(next_job);
                next_job += 1;
                &tokens[1..]
            } else if tokens.len() == k + 2 && current.is_some() {
                // a further mode of the current job
                &tokens[..]
            } else {
                self.format(
                    Some(line),
                    "jobnr. mode duration",
                    format!(
                        "expected {} fields (`jobnr. mode duration` and {k} resource columns) \
                         or {} for a further mode, found {}",
                        k + 3,
                        k + 2,
                        tokens.len()
                    ),
                );
                continue;
            };
            let Some(j) = current else { continue };
            let mode_no = self.number(line, "mode", fields[0]);
            let expected_mode = jobs[j].rows.len() + 1;
            if let Some(m) = mode_no
                && m as usize != expected_mode
            {
                self.issue(
                    Some(line),
                    "mode",
                    InputIssueKind::OutOfRange {
                        value: fields[0].to_string(),
                        rule: format!(
                            "modes must be numbered in order; expected mode {expected_mode}"
                        ),
                    },
                );
            }
            let duration = self.number(line, "duration", fields[1]);
            if let Some(d) = duration
                && d > MAX_DURATION
            {
                self.issue(
                    Some(line),
                    "duration",
                    InputIssueKind::OutOfRange {
                        value: fields[1].to_string(),
                        rule: format!("a duration must be at most {MAX_DURATION}"),
                    },
                );
            }
            let mut demands = Vec::with_capacity(k);
            for (c, tok) in fields[2..].iter().enumerate() {
                demands.push(self.number(line, &counts.column(c), tok));
            }
            if let (Some(d), Some(demands)) = (duration, demands.into_iter().collect()) {
                jobs[j].rows.push((line, d.min(MAX_DURATION), demands));
            } else {
                // keep the mode count right even when a field was bad
                jobs[j].rows.push((line, 0, vec![0; k]));
            }
        }
        let last_line = rows.last().map(|r| r.0);
        if next_job < jobs.len() {
            self.format(
                last_line,
                title,
                format!(
                    "expected rows for {} jobs, found {next_job} (truncated file?)",
                    jobs.len()
                ),
            );
        }
        for job in jobs.iter().take(next_job) {
            if let Some(m) = job.modes
                && m as usize != job.rows.len()
            {
                self.format(
                    Some(job.line),
                    "#modes",
                    format!(
                        "declares {m} modes but REQUESTS/DURATIONS lists {}",
                        job.rows.len()
                    ),
                );
            }
        }
        Some(())
    }

    /// Reads RESOURCEAVAILABILITIES: one line of `k` capacities.
    fn availabilities(&mut self, counts: ResourceCounts) -> Option<(u64, Vec<u32>)> {
        let title = "RESOURCEAVAILABILITIES";
        let rows = self.section(title)?;
        let k = counts.total();
        let Some(&(line, text)) = rows.first() else {
            self.format(
                None,
                title,
                "missing the line of resource capacities (truncated file?)",
            );
            return None;
        };
        let tokens: Vec<&str> = text.split_whitespace().collect();
        if tokens.len() != k {
            self.format(
                Some(line),
                title,
                format!("expected {k} capacities, found {}", tokens.len()),
            );
            return None;
        }
        let mut caps = Vec::with_capacity(k);
        for (c, tok) in tokens.iter().enumerate() {
            caps.push(self.number(line, &format!("availability {}", counts.column(c)), tok));
        }
        caps.into_iter()
            .collect::<Option<Vec<u32>>>()
            .map(|c| (line, c))
    }

    /// Demand checks: renewable demands within capacity, nonrenewable and
    /// doubly constrained resources unable to bind.
    fn check_capacities(&mut self, jobs: &[Job], counts: ResourceCounts, avail: &(u64, Vec<u32>)) {
        let (avail_line, caps) = avail;
        for job in jobs {
            for (line, _, demands) in &job.rows {
                for (r, (&d, &cap)) in demands.iter().zip(caps).enumerate().take(counts.renewable) {
                    if d > cap {
                        self.issue(
                            Some(*line),
                            &counts.column(r),
                            InputIssueKind::OutOfRange {
                                value: d.to_string(),
                                rule: format!(
                                    "demand exceeds the availability {cap} of {}",
                                    counts.column(r)
                                ),
                            },
                        );
                    }
                }
            }
        }
        for r in counts.renewable..counts.total() {
            let need: u64 = jobs
                .iter()
                .map(|j| {
                    j.rows
                        .iter()
                        .map(|(_, _, d)| u64::from(d.get(r).copied().unwrap_or(0)))
                        .max()
                        .unwrap_or(0)
                })
                .sum();
            let cap = caps.get(r).copied().unwrap_or(0);
            if need > u64::from(cap) {
                let kind = if r < counts.renewable + counts.nonrenewable {
                    "nonrenewable"
                } else {
                    "doubly constrained"
                };
                self.format(
                    Some(*avail_line),
                    &format!("availability {}", counts.column(r)),
                    format!(
                        "{kind} resource {} can bind (capacity {cap} < {need}, the sum over jobs \
                         of the largest consumption); {kind} resources are not supported",
                        counts.column(r)
                    ),
                );
            }
        }
    }
}

/// Parses PSPLIB text; `path` is used in error locations only.
pub(crate) fn parse_psplib(path: &Path, text: &str) -> Result<Problem, InputError> {
    let mut p = Parser {
        path: path.to_path_buf(),
        lines: text
            .lines()
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, l))
            .collect(),
        issues: Vec::new(),
    };
    let n = p.header_value("jobs", "jobs (incl. supersource/sink )");
    let counts = p.resource_counts();
    let (Some(n), Some(counts)) = (n, counts) else {
        return Err(InputError { issues: p.issues });
    };
    let Some(mut jobs) = p.precedences(n) else {
        return Err(InputError { issues: p.issues });
    };
    p.requests(&mut jobs, counts);
    let avail = p.availabilities(counts);
    if let Some(avail) = &avail {
        p.check_capacities(&jobs, counts, avail);
    }
    let Some((_, caps)) = avail else {
        return Err(InputError { issues: p.issues });
    };
    if !p.issues.is_empty() {
        return Err(InputError { issues: p.issues });
    }

    let mut b = ProblemBuilder::new();
    b.objective(Objective::Makespan);
    for (r, &cap) in caps.iter().enumerate().take(counts.renewable) {
        b.resource(format!("R{}", r + 1), Calendar::constant(cap));
    }
    for (i, job) in jobs.iter().enumerate() {
        let modes = job
            .rows
            .iter()
            .map(|(_, duration, demands)| Mode {
                duration: *duration,
                demands: demands
                    .iter()
                    .take(counts.renewable)
                    .enumerate()
                    .filter(|&(_, &a)| a > 0)
                    .map(|(r, &amount)| Demand {
                        resource: ResourceId::from_index(r),
                        amount,
                    })
                    .collect(),
            })
            .collect();
        b.activity(Activity {
            id: (i + 1).to_string(),
            name: None,
            goal: None,
            release: 0,
            modes,
            spec: None,
            pin: None,
        });
    }
    for (i, job) in jobs.iter().enumerate() {
        for &s in &job.successors {
            b.precedence(
                ActivityId::from_index(i),
                ActivityId::from_index(s as usize - 1),
                0,
            );
        }
    }
    b.build().map_err(|errors| InputError {
        issues: errors
            .0
            .into_iter()
            .map(|e| model_issue(&p.path, &jobs, e))
            .collect(),
    })
}

/// Maps a builder error to an input issue at the most helpful line.
fn model_issue(path: &Path, jobs: &[Job], error: ModelError) -> InputIssue {
    let job_line = |id: &str| {
        id.parse::<usize>()
            .ok()
            .and_then(|j| j.checked_sub(1))
            .and_then(|j| jobs.get(j))
            .map(|j| j.line)
    };
    match error {
        ModelError::DependencyCycle { ids } => InputIssue {
            location: match ids.first().and_then(|id| job_line(id)) {
                Some(line) => Location::cell(path, line, "successors"),
                None => Location::file(path),
            },
            kind: InputIssueKind::DependencyCycle { ids },
        },
        other => InputIssue {
            location: Location::file(path),
            kind: InputIssueKind::Format(other.to_string()),
        },
    }
}

#[cfg(test)]
mod tests;
