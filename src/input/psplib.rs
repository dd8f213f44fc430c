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
/// use tandem::{Analysis, read_psplib};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let problem = read_psplib(Path::new("data/psplib/j301_1.sm"))?;
/// assert_eq!(problem.len(), 32); // 30 jobs plus the two dummies
/// assert_eq!(Analysis::new(&problem).makespan_bound, 38);
/// # Ok(()) }
/// ```
pub fn read_psplib(path: &Path) -> Result<Problem, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| InputError {
        issues: vec![InputIssue {
            location: Location::file(path),
            kind: InputIssueKind::Unreadable(e.to_string()),
        }],
    })?;
    parse_psplib(path, &text)
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
mod tests {
    use super::*;
    use crate::graph::Analysis;

    const J301_1: &str = include_str!("../../data/psplib/j301_1.sm");
    const MM: &str = include_str!("../../data/psplib/mm10_example.mm");

    fn parse(text: &str) -> Result<Problem, InputError> {
        parse_psplib(Path::new("test.sm"), text)
    }

    fn demands(p: &Problem, job: usize, mode: usize) -> Vec<(String, u32)> {
        p.activities()[job - 1].modes[mode]
            .demands
            .iter()
            .map(|d| (p.resource(d.resource).id.clone(), d.amount))
            .collect()
    }

    fn successors(p: &Problem, job: usize) -> Vec<String> {
        let mut s: Vec<String> = p
            .successors(ActivityId::from_index(job - 1))
            .iter()
            .map(|&(a, _)| p.activity(a).id.clone())
            .collect();
        s.sort_by_key(|x| x.parse::<u32>().unwrap_or(0));
        s
    }

    #[test]
    fn reads_single_mode_fixture() {
        let p = read_psplib(Path::new("data/psplib/j301_1.sm")).unwrap();
        assert_eq!(p.len(), 32);
        assert_eq!(p.objective(), Objective::Makespan);
        assert!(p.goals().is_empty());
        let ids: Vec<&str> = p.resources().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["R1", "R2", "R3", "R4"]);
        let caps: Vec<u32> = p.resources().iter().map(|r| r.capacity.base()).collect();
        assert_eq!(caps, [12, 13, 4, 12]);
        assert!(p.resources().iter().all(|r| r.capacity.steps().len() == 1));
        assert_eq!(p.activities()[0].id, "1");
        assert_eq!(p.activities()[31].id, "32");
        assert!(p.activities().iter().all(|a| a.modes.len() == 1));
        let durations: Vec<u32> = p.activities().iter().map(|a| a.modes[0].duration).collect();
        assert_eq!(&durations[..6], &[0, 8, 4, 6, 3, 8]);
        assert_eq!(durations[31], 0);
        assert_eq!(demands(&p, 2, 0), [("R1".to_string(), 4)]);
        assert_eq!(demands(&p, 26, 0), [("R3".to_string(), 4)]);
        assert!(demands(&p, 1, 0).is_empty());
        assert_eq!(successors(&p, 1), ["2", "3", "4"]);
        assert_eq!(successors(&p, 8), ["12", "19", "27"]);
        assert!(successors(&p, 32).is_empty());
        assert_eq!(p.precedences().len(), 48);
    }

    #[test]
    fn cpm_bound_matches_reference() {
        let reference = include_str!("../../data/psplib/reference.csv");
        let mut checked = 0;
        for row in reference.lines().skip(1) {
            let cols: Vec<&str> = row.split(',').collect();
            let (name, cpm_lb) = (cols[0], cols[1].parse::<u32>().unwrap());
            let path = format!("data/psplib/{name}.sm");
            let p = read_psplib(Path::new(&path)).unwrap();
            assert_eq!(Analysis::new(&p).makespan_bound, cpm_lb, "{name}");
            checked += 1;
        }
        assert_eq!(checked, 8);
        let p = parse(J301_1).unwrap();
        assert_eq!(Analysis::new(&p).makespan_bound, 38);
    }

    #[test]
    fn reads_multi_mode_fixture() {
        let p = parse_psplib(Path::new("mm10_example.mm"), MM).unwrap();
        assert_eq!(p.len(), 10);
        let ids: Vec<&str> = p.resources().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["R1", "R2"]); // nonrenewable resources are dropped
        let modes: Vec<usize> = p.activities().iter().map(|a| a.modes.len()).collect();
        assert_eq!(modes, [1, 2, 2, 2, 2, 2, 2, 2, 2, 1]);
        let m = &p.activities()[1].modes;
        assert_eq!((m[0].duration, m[1].duration), (3, 5));
        assert_eq!(demands(&p, 2, 0), [("R1".to_string(), 4)]);
        assert_eq!(
            demands(&p, 2, 1),
            [("R1".to_string(), 2), ("R2".to_string(), 1)]
        );
        assert_eq!(successors(&p, 1), ["2", "3", "4"]);
        assert_eq!(successors(&p, 9), ["10"]);
        // CPM uses every activity's shortest mode
        assert_eq!(Analysis::new(&p).makespan_bound, 10);
    }

    #[test]
    fn binding_nonrenewable_is_rejected_with_line() {
        // N 1 capacity of the fixture lowered below the sum of the max consumptions
        let lines: Vec<&str> = MM.lines().collect();
        let avail = lines
            .iter()
            .rposition(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .unwrap();
        let mut fields: Vec<String> = lines[avail].split_whitespace().map(String::from).collect();
        fields[2] = "3".to_string();
        let mut text: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        text[avail] = fields.join("   ");
        let err = parse_psplib(Path::new("x.mm"), &text.join("\n")).unwrap_err();
        assert_eq!(err.issues.len(), 1);
        let issue = &err.issues[0];
        assert_eq!(issue.location.line, Some(avail as u64 + 1));
        assert_eq!(issue.location.column.as_deref(), Some("availability N 1"));
        assert!(matches!(&issue.kind, InputIssueKind::Format(m) if m.contains("nonrenewable")));
        assert!(issue.to_string().starts_with("x.mm:"));
    }

    fn replace_line(text: &str, line: usize, new: &str) -> String {
        text.lines()
            .enumerate()
            .map(|(i, l)| if i + 1 == line { new } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn line_of(text: &str, prefix: &str) -> usize {
        text.lines()
            .position(|l| l.trim_start().starts_with(prefix))
            .unwrap()
            + 1
    }

    #[test]
    fn successor_out_of_range_and_bad_number() {
        let l = line_of(J301_1, "PRECEDENCE RELATIONS") + 3; // job 2
        let text = replace_line(J301_1, l, "   2        1          3           6  11  99");
        let err = parse(&text).unwrap_err();
        assert_eq!(err.issues.len(), 1);
        assert_eq!(
            err.issues[0].location,
            Location::cell("test.sm", l as u64, "successors")
        );
        assert!(
            matches!(&err.issues[0].kind, InputIssueKind::OutOfRange { value, .. } if value == "99")
        );

        let text = replace_line(J301_1, l, "   2        1          3           6  1x  15");
        let err = parse(&text).unwrap_err();
        assert!(
            matches!(&err.issues[0].kind, InputIssueKind::BadNumber { value, .. } if value == "1x")
        );
        assert_eq!(err.issues[0].location.column.as_deref(), Some("successors"));
    }

    #[test]
    fn demand_above_availability() {
        let l = line_of(J301_1, "REQUESTS/DURATIONS") + 4; // job 2
        let text = replace_line(J301_1, l, "  2      1     8       4   14    0    0");
        let err = parse(&text).unwrap_err();
        assert_eq!(err.issues.len(), 1);
        assert_eq!(
            err.issues[0].location,
            Location::cell("test.sm", l as u64, "R 2")
        );
        assert!(err.issues[0].to_string().contains("availability 13"));
    }

    #[test]
    fn cycle_is_reported_with_job_ids() {
        // job 32 (the sink) made to precede job 2
        let l = line_of(J301_1, "PRECEDENCE RELATIONS") + 33;
        let text = replace_line(J301_1, l, "  32        1          1           2");
        let err = parse(&text).unwrap_err();
        assert_eq!(err.issues.len(), 1);
        let InputIssueKind::DependencyCycle { ids } = &err.issues[0].kind else {
            panic!("expected a cycle, got {err}");
        };
        assert!(ids.contains(&"2".to_string()) && ids.contains(&"32".to_string()));
        assert_eq!(err.issues[0].location.column.as_deref(), Some("successors"));
        assert!(err.issues[0].location.line.is_some());
    }

    #[test]
    fn unreadable_file() {
        let err = read_psplib(Path::new("data/psplib/no_such_file.sm")).unwrap_err();
        assert!(matches!(err.issues[0].kind, InputIssueKind::Unreadable(_)));
    }

    /// Tiny deterministic generator for the garbling test.
    fn splitmix(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    #[test]
    fn garbage_never_panics() {
        let lines: Vec<&str> = J301_1.lines().collect();
        let last_data = lines
            .iter()
            .rposition(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .unwrap();
        // truncated after every line: an error unless the capacities were read
        for cut in 0..lines.len() {
            let text = lines[..cut].join("\n");
            let result = parse(&text);
            if cut <= last_data {
                let err = result
                    .err()
                    .unwrap_or_else(|| panic!("cut at {cut} accepted"));
                assert!(!err.issues.is_empty());
                assert!(
                    err.issues
                        .iter()
                        .all(|i| i.location.file == Path::new("test.sm"))
                );
            }
        }
        // truncated mid-line
        for cut in (0..J301_1.len()).step_by(7) {
            let _ = parse(&J301_1[..cut]);
        }
        // a line deleted, duplicated or replaced by junk
        for i in 0..lines.len() {
            let mut v = lines.clone();
            v.remove(i);
            let _ = parse(&v.join("\n"));
            let mut v = lines.clone();
            v.insert(i, lines[i]);
            let _ = parse(&v.join("\n"));
            for junk in [
                "",
                "x",
                "-1 -2 -3",
                "4294967295 99999999999 1",
                "  1 1 1 1 1 1 1 1 1 1 1",
            ] {
                let mut v = lines.clone();
                v[i] = junk;
                let _ = parse(&v.join("\n"));
            }
        }
        // random byte-level damage
        let mut state = 7u64;
        let alphabet = b"0123456789 \n*:-xR";
        for _ in 0..400 {
            let mut bytes = J301_1.as_bytes().to_vec();
            for _ in 0..1 + splitmix(&mut state) % 6 {
                let pos = (splitmix(&mut state) % bytes.len() as u64) as usize;
                let c = alphabet[(splitmix(&mut state) % alphabet.len() as u64) as usize];
                bytes[pos] = c;
            }
            let text = String::from_utf8_lossy(&bytes);
            if let Err(e) = parse(&text) {
                assert!(!e.issues.is_empty());
            }
        }
    }
}
