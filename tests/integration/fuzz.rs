//! Fuzz targets, one per reader, run as bounded property tests: the plan
//! reader (one target per file: teams.csv, goals.csv, tasks.csv,
//! calendar.csv, project.csv, workdays.csv), progress.csv, the baseline schedule.csv and PSPLIB `.sm`
//! and `.mm`. Each target gets (a) arbitrary bytes and (b) structured
//! mutations of valid files (lines deleted, duplicated, swapped; cells
//! replaced by edge values or by other cells; CRLF, BOM, truncation at a
//! byte, stray bytes).
//!
//! Property: the reader never panics; an error names the file on every
//! issue, and a line on every issue that is not about the whole file; an
//! accepted input solves (a 20 ms time limit: only validity is asserted)
//! to a schedule the independent checker accepts.
//!
//! `TANDEM_FUZZ_CASES=N` sets the cases per test (default 192: ~15 s
//! of CI for all targets), `TANDEM_FUZZ_SEED` the seed (default 0: CI runs
//! the same inputs every time; `random` for fresh ones). A campaign:
//! `TANDEM_FUZZ_SEED=random TANDEM_FUZZ_CASES=20000 cargo test --release
//! --test integration fuzz -- --nocapture` (prints each target's tally).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use tandem::error::InputIssueKind;
use tandem::{
    Baseline, InputError, PlanOptions, Problem, Replan, SolveOptions, read_plan, read_progress,
    read_psplib, read_schedule_rows, solve,
};

use super::util::{replan, root, temp_dir};

/// `TANDEM_FUZZ_CASES` cases (default 192) from the fixed seed
/// `TANDEM_FUZZ_SEED` (default 0, so CI runs the same inputs every time;
/// `random` for a fresh seed per test).
fn config() -> Config {
    let var = |name: &str| std::env::var(name).ok();
    let cases = var("TANDEM_FUZZ_CASES")
        .and_then(|v| v.parse().ok())
        .unwrap_or(192);
    let rng_seed = match var("TANDEM_FUZZ_SEED").as_deref() {
        Some("random") => RngSeed::Random,
        Some(v) => RngSeed::Fixed(v.parse().expect("TANDEM_FUZZ_SEED: a number or `random`")),
        None => RngSeed::Fixed(0),
    };
    Config {
        cases,
        rng_seed,
        failure_persistence: None,
        ..Config::default()
    }
}

fn brief() -> SolveOptions {
    SolveOptions::default().with_time_limit(Duration::from_millis(20))
}

/// Cells that break naive parsers.
const EDGE: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1.5",
    "1e308",
    "-1e308",
    "1e-320",
    "NaN",
    "inf",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999999999999999",
    "2147483648",
    "65536",
    "100000",
    "2027-01-04",
    "2027-02-30",
    "9999-12-31",
    "0000-01-01",
    "é",
    "🚀",
    "\u{feff}",
    "\"",
    "\"a,b\"",
    "a;b",
    "a|b",
    "a:b",
    "x+1",
    "T1+-1",
    "A1+4294967295",
    ";",
    "|",
    ":",
    "+",
    "\t",
    "\r",
    "done",
    "started",
];

/// One structured mutation; its numbers pick lines, cells, bytes, values.
#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    EdgeCell(usize, usize, usize),
    CopyCell(usize, usize, usize, usize),
    Truncate(usize),
    InsertByte(usize, u8),
    Crlf,
    Bom,
    AddColumn(usize),
    DropSeparator(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = 0usize..1 << 16;
    prop_oneof![
        1 => n.clone().prop_map(Mutation::DeleteLine),
        1 => n.clone().prop_map(Mutation::DuplicateLine),
        1 => (n.clone(), n.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        3 => (n.clone(), n.clone(), n.clone()).prop_map(|(a, b, c)| Mutation::EdgeCell(a, b, c)),
        2 => (n.clone(), n.clone(), n.clone(), n.clone())
            .prop_map(|(a, b, c, d)| Mutation::CopyCell(a, b, c, d)),
        1 => n.clone().prop_map(Mutation::Truncate),
        1 => (n.clone(), any::<u8>()).prop_map(|(a, b)| Mutation::InsertByte(a, b)),
        1 => Just(Mutation::Crlf),
        1 => Just(Mutation::Bom),
        1 => n.clone().prop_map(Mutation::AddColumn),
        1 => n.prop_map(Mutation::DropSeparator),
    ]
}

/// Applies mutations to a file whose cells are separated by `sep`
/// (`b','` for CSV, `b' '` for PSPLIB: runs of spaces count as one).
fn mutate(text: &[u8], mutations: &[Mutation], sep: u8) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let cells = |line: &[u8]| -> Vec<Vec<u8>> {
        if sep == b' ' {
            line.split(|&b| b == b' ')
                .filter(|c| !c.is_empty())
                .map(<[u8]>::to_vec)
                .collect()
        } else {
            line.split(|&b| b == sep).map(<[u8]>::to_vec).collect()
        }
    };
    let join = |cells: Vec<Vec<u8>>| -> Vec<u8> { cells.join(&sep) };
    let mut tail: Vec<Mutation> = Vec::new();
    for m in mutations {
        let len = lines.len().max(1);
        match *m {
            Mutation::DeleteLine(i) if lines.len() > 1 => {
                lines.remove(i % len);
            }
            Mutation::DuplicateLine(i) if !lines.is_empty() => {
                let line = lines[i % len].clone();
                lines.insert(i % len, line);
            }
            Mutation::SwapLines(i, j) if !lines.is_empty() => lines.swap(i % len, j % len),
            Mutation::EdgeCell(i, j, k) if !lines.is_empty() => {
                let mut c = cells(&lines[i % len]);
                if !c.is_empty() {
                    let at = j % c.len();
                    c[at] = EDGE[k % EDGE.len()].as_bytes().to_vec();
                    lines[i % len] = join(c);
                }
            }
            Mutation::CopyCell(i, j, k, l) if !lines.is_empty() => {
                let from = cells(&lines[k % len]);
                let mut c = cells(&lines[i % len]);
                if !from.is_empty() && !c.is_empty() {
                    let at = j % c.len();
                    c[at] = from[l % from.len()].clone();
                    lines[i % len] = join(c);
                }
            }
            Mutation::AddColumn(i) if !lines.is_empty() => {
                lines[i % len].extend_from_slice(&[sep, b'x']);
            }
            Mutation::DropSeparator(i) if !lines.is_empty() => {
                let line = &mut lines[i % len];
                if let Some(p) = line.iter().position(|&b| b == sep) {
                    line.remove(p);
                }
            }
            _ => tail.push(m.clone()),
        }
    }
    let mut bytes = lines.join(&b'\n');
    for m in tail {
        match m {
            Mutation::Truncate(b) => bytes.truncate(b % (bytes.len() + 1)),
            Mutation::InsertByte(at, b) => bytes.insert(at % (bytes.len() + 1), b),
            Mutation::Crlf => {
                bytes = String::from_utf8_lossy(&bytes)
                    .replace('\n', "\r\n")
                    .into_bytes();
            }
            Mutation::Bom => {
                bytes.splice(0..0, *b"\xEF\xBB\xBF");
            }
            _ => {}
        }
    }
    bytes
}

/// Arbitrary bytes, or a valid file's bytes with 1-4 mutations.
fn input(arbitrary: bool) -> BoxedStrategy<(usize, Vec<u8>, Vec<Mutation>)> {
    if arbitrary {
        prop::collection::vec(any::<u8>(), 0..400)
            .prop_map(|b| (0, b, Vec::new()))
            .boxed()
    } else {
        (any::<usize>(), prop::collection::vec(mutation(), 1..5))
            .prop_map(|(seed, m)| (seed, Vec::new(), m))
            .boxed()
    }
}

/// The issues that concern a whole file, or a part missing from it: no
/// line to name.
fn whole_file(kind: &InputIssueKind) -> bool {
    match kind {
        InputIssueKind::Unreadable(_)
        | InputIssueKind::MissingFile
        | InputIssueKind::EmptyFile
        | InputIssueKind::DependencyCycle { .. }
        | InputIssueKind::GoalCycle { .. }
        | InputIssueKind::GoalInducedCycle { .. } => true,
        // PSPLIB: "missing the `...` header line / section / line of ...",
        // "expected rows for N jobs, found M (truncated file?)"
        InputIssueKind::Format(text) => {
            text.starts_with("missing the") || text.ends_with("(truncated file?)")
        }
        _ => false,
    }
}

/// Every issue names one of `files` (and its message the file name) and,
/// unless it concerns the whole file, a line.
fn check_error(err: &InputError, files: &[PathBuf]) -> Result<(), TestCaseError> {
    prop_assert!(!err.issues.is_empty(), "an error without issues");
    for issue in &err.issues {
        let text = issue.to_string();
        prop_assert!(
            files.contains(&issue.location.file),
            "issue names {:?}, not one of the input files: {text}",
            issue.location.file
        );
        let name = issue.location.file.file_name().unwrap().to_string_lossy();
        prop_assert!(text.contains(&*name), "message without file name: {text}");
        prop_assert!(
            issue.location.line.is_some() || whole_file(&issue.kind),
            "issue without a line: {text}"
        );
    }
    Ok(())
}

/// Solves briefly; the checker must accept the schedule.
fn check_solves(problem: &Problem) -> Result<(), TestCaseError> {
    let solution = solve(problem, &brief());
    let report = solution.schedule.check(problem);
    prop_assert!(report.is_ok(), "checker rejects: {:?}", report.err());
    Ok(())
}

/// Cases run, accepted, rejected, per target; printed at the end of a test.
struct Tally {
    name: &'static str,
    ok: AtomicUsize,
    err: AtomicUsize,
}

impl Tally {
    const fn new(name: &'static str) -> Self {
        Self {
            name,
            ok: AtomicUsize::new(0),
            err: AtomicUsize::new(0),
        }
    }
    fn count<T, E>(&self, r: &Result<T, E>) {
        let c = if r.is_ok() { &self.ok } else { &self.err };
        c.fetch_add(1, Ordering::Relaxed);
    }
    fn print(&self, kind: &str) {
        let (ok, err) = (
            self.ok.load(Ordering::Relaxed),
            self.err.load(Ordering::Relaxed),
        );
        eprintln!(
            "fuzz {} ({kind}): {} inputs, {ok} accepted, {err} rejected",
            self.name,
            ok + err
        );
    }
}

/// The valid plans the mutations start from, with the start date they are
/// read with (`small_dates` has ISO dates in its day cells).
fn plan_seeds() -> Vec<(PathBuf, Option<&'static str>)> {
    let plans = root().join("tests/fixtures/plans");
    vec![
        (root().join("data/roadmap"), None),
        (plans.join("small"), None),
        (plans.join("small"), Some("2027-01-06")),
        (plans.join("small_dates"), Some("2027-01-04")),
        (plans.join("multi"), None),
        (root().join("tests/fixtures/replan/small"), None),
    ]
}

/// The valid plans the calendar targets (`project.csv`, `workdays.csv`)
/// start from: one with both files, and plans with dates that need them.
fn calendar_seeds() -> Vec<(PathBuf, Option<&'static str>)> {
    let plans = root().join("tests/fixtures/plans");
    vec![
        (plans.join("holiday"), None),
        (plans.join("holiday"), Some("2027-01-05")),
        (plans.join("small_dates"), Some("2027-01-04")),
        (plans.join("small"), None),
    ]
}

/// Reads a plan whose `file` is replaced by `bytes` (or a mutation of the
/// seed plan's file); the other files are the seed's.
fn plan_case(
    file: &str,
    tally: &Tally,
    input: (usize, Vec<u8>, Vec<Mutation>),
) -> Result<(), TestCaseError> {
    plan_case_from(&plan_seeds(), file, tally, input)
}

/// [`plan_case`] from the seeds of the calendar targets.
fn calendar_case(
    file: &str,
    tally: &Tally,
    input: (usize, Vec<u8>, Vec<Mutation>),
) -> Result<(), TestCaseError> {
    plan_case_from(&calendar_seeds(), file, tally, input)
}

fn plan_case_from(
    seeds: &[(PathBuf, Option<&'static str>)],
    file: &str,
    tally: &Tally,
    (seed, bytes, mutations): (usize, Vec<u8>, Vec<Mutation>),
) -> Result<(), TestCaseError> {
    let (from, start) = &seeds[seed % seeds.len()];
    let options = PlanOptions {
        start: start.map(|s| s.parse().unwrap()),
        ..PlanOptions::default()
    };
    let dir = temp_dir("fuzz-plan");
    let names = [
        "teams.csv",
        "goals.csv",
        "tasks.csv",
        "calendar.csv",
        "project.csv",
        "workdays.csv",
    ];
    for name in names {
        let src = from.join(name);
        if src.exists() {
            std::fs::copy(&src, dir.join(name)).unwrap();
        }
    }
    let original = std::fs::read(from.join(file)).unwrap_or_default();
    let text = if mutations.is_empty() {
        bytes
    } else {
        mutate(&original, &mutations, b',')
    };
    std::fs::write(dir.join(file), &text).unwrap();
    let result = read_plan(&dir, &options);
    tally.count(&result);
    let files: Vec<PathBuf> = names
        .iter()
        .map(|n| dir.join(n))
        .chain([dir.clone()])
        .collect();
    let outcome = match &result {
        Ok(problem) => check_solves(problem),
        Err(err) => check_error(err, &files),
    };
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

fn progress_case(
    tally: &Tally,
    (seed, bytes, mutations): (usize, Vec<u8>, Vec<Mutation>),
) -> Result<(), TestCaseError> {
    let fixtures = root().join("tests/fixtures/replan");
    let plan = read_plan(&fixtures.join("small"), &PlanOptions::default()).unwrap();
    let seeds = [
        "small/progress.csv",
        "bad_progress.csv",
        "clash.csv",
        "none.csv",
    ];
    let original = std::fs::read(fixtures.join(seeds[seed % seeds.len()])).unwrap();
    let text = if mutations.is_empty() {
        bytes
    } else {
        mutate(&original, &mutations, b',')
    };
    let dir = temp_dir("fuzz-progress");
    let path = dir.join("progress.csv");
    std::fs::write(&path, &text).unwrap();
    let today = [0, 5, 6, 10][(seed / 4) % 4];
    let result = read_progress(&path, &plan, today);
    tally.count(&result);
    let outcome = match result {
        Ok(progress) => {
            let request = Replan {
                today,
                progress,
                ..Replan::default()
            };
            replans_to_a_checked_schedule(&plan, &request)
        }
        Err(err) => check_error(&err, std::slice::from_ref(&path)),
    };
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

/// A re-plan of accepted progress or baseline rows: a schedule the checker
/// accepts, or an explained clash.
fn replans_to_a_checked_schedule(plan: &Problem, request: &Replan) -> Result<(), TestCaseError> {
    match replan(plan, request, &brief()) {
        Ok((problem, solution)) => {
            let report = solution.schedule.check(&problem);
            prop_assert!(report.is_ok(), "checker rejects: {:?}", report.err());
        }
        Err(infeasible) => prop_assert!(!infeasible.to_string().is_empty()),
    }
    Ok(())
}

fn baseline_case(
    tally: &Tally,
    (seed, bytes, mutations): (usize, Vec<u8>, Vec<Mutation>),
) -> Result<(), TestCaseError> {
    let fixtures = root().join("tests/fixtures/replan");
    let plan = read_plan(&fixtures.join("small"), &PlanOptions::default()).unwrap();
    let original = std::fs::read(fixtures.join("baseline_schedule.csv")).unwrap();
    let text = if mutations.is_empty() {
        bytes
    } else {
        mutate(&original, &mutations, b',')
    };
    let dir = temp_dir("fuzz-baseline");
    let path = dir.join("schedule.csv");
    std::fs::write(&path, &text).unwrap();
    let result = read_schedule_rows(&path);
    tally.count(&result);
    let outcome = match result {
        Ok(rows) => {
            let request = Replan {
                today: [0, 3, 8][seed % 3],
                stability_weight: [0.0, 0.5, 100.0][(seed / 3) % 3],
                freeze: [0, 4][(seed / 9) % 2],
                baseline: Some(Baseline::from_rows(&plan, &rows)),
                ..Replan::default()
            };
            replans_to_a_checked_schedule(&plan, &request)
        }
        Err(err) => check_error(&err, std::slice::from_ref(&path)),
    };
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

fn psplib_case(
    ext: &str,
    tally: &Tally,
    (seed, bytes, mutations): (usize, Vec<u8>, Vec<Mutation>),
) -> Result<(), TestCaseError> {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join("data/psplib"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    seeds.sort();
    let original = std::fs::read(&seeds[seed % seeds.len()]).unwrap();
    let text = if mutations.is_empty() {
        bytes
    } else {
        mutate(&original, &mutations, b' ')
    };
    let dir = temp_dir("fuzz-psplib");
    let path = dir.join(format!("instance.{ext}"));
    std::fs::write(&path, &text).unwrap();
    let result = read_psplib(&path);
    tally.count(&result);
    let outcome = match &result {
        Ok(problem) => check_solves(problem),
        Err(err) => check_error(err, std::slice::from_ref(&path)),
    };
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

/// A fuzz test: `$name` runs `$case` on (a) arbitrary bytes and (b)
/// mutations of valid files.
macro_rules! fuzz {
    ($name:ident, $label:literal, $case:expr) => {
        mod $name {
            use super::*;
            static ARBITRARY: Tally = Tally::new($label);
            static MUTATED: Tally = Tally::new($label);

            #[test]
            fn arbitrary_bytes() {
                let case = $case;
                proptest!(config(), |(i in input(true))| case(&ARBITRARY, i)?);
                ARBITRARY.print("arbitrary bytes");
            }

            #[test]
            fn mutated_valid_files() {
                let case = $case;
                proptest!(config(), |(i in input(false))| case(&MUTATED, i)?);
                MUTATED.print("mutations");
            }
        }
    };
}

fuzz!(plan_teams, "teams.csv", |t: &Tally, i| plan_case(
    "teams.csv",
    t,
    i
));
fuzz!(plan_goals, "goals.csv", |t: &Tally, i| plan_case(
    "goals.csv",
    t,
    i
));
fuzz!(plan_tasks, "tasks.csv", |t: &Tally, i| plan_case(
    "tasks.csv",
    t,
    i
));
fuzz!(plan_calendar, "calendar.csv", |t: &Tally, i| plan_case(
    "calendar.csv",
    t,
    i
));
fuzz!(plan_project, "project.csv", |t: &Tally, i| calendar_case(
    "project.csv",
    t,
    i
));
fuzz!(plan_workdays, "workdays.csv", |t: &Tally, i| calendar_case(
    "workdays.csv",
    t,
    i
));
fuzz!(progress, "progress.csv", progress_case);
fuzz!(baseline, "baseline schedule.csv", baseline_case);
fuzz!(psplib_sm, "PSPLIB .sm", |t: &Tally, i| psplib_case(
    "sm", t, i
));
fuzz!(psplib_mm, "PSPLIB .mm", |t: &Tally, i| psplib_case(
    "mm", t, i
));

/// The mutation helper itself: lines and cells as intended.
#[test]
fn mutations_do_what_they_say() {
    let text = b"a,b\nc,d\ne,f";
    assert_eq!(mutate(text, &[Mutation::DeleteLine(1)], b','), b"a,b\ne,f");
    assert_eq!(
        mutate(text, &[Mutation::SwapLines(0, 2)], b','),
        b"e,f\nc,d\na,b"
    );
    assert_eq!(
        mutate(text, &[Mutation::EdgeCell(1, 1, 2)], b','),
        b"a,b\nc,0\ne,f"
    );
    assert_eq!(
        mutate(text, &[Mutation::CopyCell(0, 0, 2, 1)], b','),
        b"f,b\nc,d\ne,f"
    );
    assert_eq!(mutate(text, &[Mutation::Truncate(5)], b','), b"a,b\nc");
    assert_eq!(
        mutate(b"1  2 3", &[Mutation::EdgeCell(0, 1, 3)], b' '),
        b"1 -1 3"
    );
    assert!(
        mutate(text, &[Mutation::Bom, Mutation::Crlf], b',').starts_with(b"\xEF\xBB\xBFa,b\r\n")
    );
}

/// Regression (found by `baseline::mutated_valid_files`): a baseline start
/// near `u32::MAX` overflowed `start + duration` in the warm start's repair
/// (now src/solve/warm/start.rs) and panicked. The reader now rejects days past
/// `MAX_HORIZON`, with file, line and column; a far but possible start
/// still re-plans.
#[test]
fn baseline_days_past_the_horizon_are_an_input_error() {
    let fixtures = root().join("tests/fixtures/replan");
    let plan = read_plan(&fixtures.join("small"), &PlanOptions::default()).unwrap();
    let dir = temp_dir("far-baseline");
    let path = dir.join("schedule.csv");
    for start in ["4294967295", "4294967290", "2097153"] {
        std::fs::write(&path, format!("task,team,start\nB1,backend,{start}\n")).unwrap();
        let err = read_schedule_rows(&path).unwrap_err();
        assert!(
            err.to_string().contains(&format!(
                "schedule.csv:2: column `start`: `{start}` is out of range"
            )),
            "{err}"
        );
        let out = dir.join("out");
        let o = super::util::tandem(&[
            "replan",
            fixtures.join("small").to_str().unwrap(),
            "--baseline",
            path.to_str().unwrap(),
            "--today",
            "6",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", super::util::stderr(&o));
        assert!(!out.exists());
    }
    std::fs::write(&path, "task,team,start\nB1,backend,2097152\n").unwrap();
    let rows = read_schedule_rows(&path).unwrap();
    let request = Replan {
        baseline: Some(Baseline::from_rows(&plan, &rows)),
        stability_weight: 1.0,
        ..Replan::default()
    };
    let (problem, solution) = replan(&plan, &request, &brief()).unwrap();
    solution.schedule.check(&problem).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Found by `plan_calendar::mutated_valid_files`: a calendar row far out
/// (`to` = `2E9`, which the reader takes as a day, or `2000000000`) made
/// the horizon too large, reported in `tasks.csv` without a line; and
/// `design,5,4294967295,0`, which takes a team away for good, gave a
/// schedule the checker rejected. A `to` beyond the horizon now means
/// "until further notice" (FORMAT.md, calendar.csv): both plans are read
/// and solved, and the checker accepts the schedule.
#[test]
fn far_and_endless_calendar_rows_last_until_further_notice() {
    let from = root().join("tests/fixtures/plans/small");
    for row in [
        "platform,20,2E9,4",
        "platform,20,2000000000,4",
        "design,5,4294967295,0",
        "design,5,,0",
    ] {
        let dir = temp_dir("far-calendar");
        for name in ["teams.csv", "goals.csv", "tasks.csv"] {
            std::fs::copy(from.join(name), dir.join(name)).unwrap();
        }
        std::fs::write(
            dir.join("calendar.csv"),
            format!("team,from,to,capacity\nbackend,10,14,2\n{row}\n"),
        )
        .unwrap();
        let problem =
            read_plan(&dir, &PlanOptions::default()).unwrap_or_else(|e| panic!("{row}: {e}"));
        let solution = solve(&problem, &brief());
        let report = solution.schedule.check(&problem);
        assert!(report.is_ok(), "{row}: {:?}", report.err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Found by `plan_tasks::mutated_valid_files`: effort `4294967295` (the
/// largest the reader accepts; `4294967294.5` too) gave "activity `A2` has
/// no mode" in tasks.csv without a line. Cause: `plan_modes` (src/model/builder.rs)
/// starts its "strictly shorter" filter at `last = u32::MAX`, and
/// `crew_duration` saturates to `u32::MAX`, so no crew size is kept. The
/// effort should be reported at tasks.csv:3, column `effort`.
#[test]
fn a_huge_effort_is_reported_at_its_line() {
    let from = root().join("tests/fixtures/plans/small");
    for effort in ["4294967295", "4294967294.5"] {
        let dir = temp_dir("huge-effort");
        for name in ["teams.csv", "goals.csv", "calendar.csv"] {
            std::fs::copy(from.join(name), dir.join(name)).unwrap();
        }
        let tasks = std::fs::read_to_string(from.join("tasks.csv")).unwrap();
        let tasks = tasks.replace("A2,auth,4,", &format!("A2,auth,{effort},"));
        std::fs::write(dir.join("tasks.csv"), tasks).unwrap();
        let err = read_plan(&dir, &PlanOptions::default()).unwrap_err();
        assert!(err.to_string().contains("tasks.csv:3"), "{effort}: {err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Regression (found by `psplib_mm::mutated_valid_files` once the default
/// options ran two threads): a mutated `mm10_example.mm` whose best schedule
/// has 0-day jobs finishing on the same day. The mirrored list the backward
/// workers start from sorted them by index, against a precedence of the
/// mirror, and the genetic search's move underflowed. Every thread count
/// must schedule it.
#[test]
fn tied_milestones_on_two_threads_are_no_panic() {
    let path = root().join("tests/fixtures/psplib/mm_tied_milestones.mm");
    let p = read_psplib(&path).expect("the fixture reads");
    for threads in [1, 2, 3] {
        for seed in 0..4 {
            let options = SolveOptions::default()
                .with_work_limit(0.02)
                .and_then(|o| o.with_threads(threads))
                .expect("valid options")
                .with_seed(seed);
            let s = solve(&p, &options);
            assert!(
                s.schedule.check(&p).is_ok(),
                "threads {threads}, seed {seed}"
            );
        }
    }
}
