//! `tandem plan`/`replan` re-planning inputs and `tandem diff`.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use tandem::model::{MAX_HORIZON, WorkDays};
use tandem::output::write_atomic;
use tandem::replan::{Clash, ReplanWarning};
use tandem::{
    Diff, Infeasible, ScheduleRow, Session, SessionError, read_goal_order, read_progress,
    read_schedule_rows,
};

use super::args::{DiffArgs, ReplanFlags};
use super::failure::Failure;
use super::paths::{Output, PLAN_INPUTS, check_outputs};
use tandem::input::mspdi::Import;

/// How many changed tasks the re-plan and `tandem diff` print (the rest
/// are counted; `diff.csv` has them all).
pub(super) const TASK_LINES: usize = 15;

/// Reads progress and baseline and sets them, with today, the freeze window
/// and the stability weight, on `session`; returns `--today` as a day
/// number (0 by default).
pub(super) fn prepare(
    session: &mut Session,
    dir: &Path,
    imported: Option<&Import>,
    flags: &ReplanFlags,
    baseline_required: bool,
) -> Result<u32, Failure> {
    let w = super::options::check_weight("--stability-weight", flags.stability_weight)?;
    if baseline_required && flags.baseline.is_none() {
        return Err(Failure::Usage(anyhow!(
            "replan needs --baseline OLD/schedule.csv"
        )));
    }
    let plan = session.plan();
    // an MS Project file's own status date unless --today is given
    let today = match (&flags.today, imported) {
        (Some(text), _) => parse_day(text, plan.work_days())?,
        (None, Some(i)) => i.today(plan),
        (None, None) => 0,
    };
    let progress_path = progress_file(dir, flags.progress.as_deref());
    let mut issues = Vec::new();
    let progress = match (&flags.progress, imported) {
        // an MS Project file's own progress unless --progress is given
        (None, Some(i)) => i.progress(plan, today),
        _ => match &progress_path {
            Some(path) => read_progress(path, plan, today),
            None => Ok(Default::default()),
        },
    }
    .unwrap_or_else(|e| {
        issues.extend(e.issues);
        Default::default()
    });
    let baseline = match &flags.baseline {
        Some(path) => match tandem::input::read_schedule_rows_with_lines(&schedule_file(path)) {
            Ok(rows) => Some(rows),
            Err(e) => {
                issues.extend(e.issues);
                None
            }
        },
        None => None,
    };
    if !issues.is_empty() {
        return Err(Failure::Input(tandem::InputError { issues }));
    }
    session.set_today(today);
    session.set_freeze(flags.freeze);
    session.set_min_gain(flags.min_gain / 100.0).map_err(|_| {
        Failure::Usage(anyhow!(
            "--min-gain must be a percentage from 0 to 100, got {}",
            flags.min_gain
        ))
    })?;
    session
        .set_stability_weight(w)
        .map_err(|e| Failure::Usage(anyhow!(e)))?;
    session.set_progress(progress);
    if let (Some(path), Some(rows)) = (&flags.baseline, baseline) {
        let file = schedule_file(path);
        let (lines, rows): (Vec<u64>, Vec<ScheduleRow>) = rows.into_iter().unzip();
        let order = baseline_goal_order(&file, session);
        session.set_baseline(rows.clone(), order);
        session.set_baseline_priorities(baseline_priorities(&file));
        warn(
            &session.request().warnings(session.plan()),
            &file,
            &rows,
            &lines,
        );
    }
    Ok(today)
}

/// A failed solve of a session: a re-plan that fails only because today
/// (with the pins) is so late that the plan could run past
/// [`MAX_HORIZON`] is a usage error naming `--today` and the latest day
/// that works; other clashes are infeasible.
pub(super) fn solve_failure(e: SessionError, flags: &ReplanFlags, today: u32) -> Failure {
    match e {
        SessionError::Infeasible(e) => too_late(e, flags, today),
        other => Failure::Usage(anyhow!(other)),
    }
}

/// Every file a plan or re-plan of `dir` reads (some may not exist).
/// The progress file to read: `given` (`--progress`), else `DIR/progress.csv`
/// when there is one.
pub(super) fn progress_file(dir: &Path, given: Option<&Path>) -> Option<PathBuf> {
    let default = dir.join("progress.csv");
    given
        .map(Path::to_path_buf)
        .or_else(|| default.is_file().then_some(default))
}

pub(super) fn input_files(dir: &Path, flags: &ReplanFlags) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = if dir.is_file() {
        vec![dir.to_path_buf()]
    } else {
        PLAN_INPUTS.iter().map(|f| dir.join(f)).collect()
    };
    files.push(
        flags
            .progress
            .clone()
            .unwrap_or_else(|| dir.join("progress.csv")),
    );
    if let Some(baseline) = &flags.baseline {
        let schedule = schedule_file(baseline);
        files.push(schedule.with_file_name("summary.json"));
        files.push(schedule);
    }
    files
}

/// Prints the re-planning warnings on stderr, each at the baseline row of
/// its task (`FILE:LINE: column`).
fn warn(warnings: &[ReplanWarning], file: &Path, rows: &[ScheduleRow], lines: &[u64]) {
    for w in warnings {
        let Some(i) = rows.iter().position(|r| r.task == w.task()) else {
            errln!("warning: {}: {w}", file.display());
            continue;
        };
        let (column, value) = match w {
            ReplanWarning::FrozenOnIneligibleTeam { .. } => ("team", rows[i].crew.team()),
            ReplanWarning::FrozenWithImpossibleCrew { .. } => ("people", rows[i].crew.people()),
        };
        let line = lines.get(i).map_or(String::new(), |l| format!(":{l}"));
        errln!(
            "warning: {}{line}: column `{column}` (`{value}`): {w}",
            file.display()
        );
    }
}

/// See [`solve_failure`].
fn too_late(e: Infeasible, flags: &ReplanFlags, today: u32) -> Failure {
    let [Clash::TooLong { horizon, limit }] = e.clashes[..] else {
        return Failure::Infeasible(anyhow!(e));
    };
    let text = flags.today.as_deref().unwrap_or("0");
    let latest = (limit + u64::from(today)).checked_sub(horizon);
    let hint = match latest {
        Some(day) => format!("; the latest --today this plan allows is about day {day}"),
        None => String::new(),
    };
    Failure::Usage(anyhow!(
        "--today {text} is too late: from it the plan could run until day {horizon} (every task one after another), beyond the {limit} days tandem schedules{hint}"
    ))
}

/// `--today`: a day number (at most [`MAX_HORIZON`]), or a date when
/// the plan has a start date.
pub(super) fn parse_day(text: &str, work_days: Option<&WorkDays>) -> Result<u32, Failure> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<u32>()
            .ok()
            .filter(|&d| u64::from(d) <= MAX_HORIZON)
            .ok_or_else(|| {
                Failure::Usage(anyhow!(
                    "--today {text} is out of range: days are counted from 0 (the plan start) up to {}",
                    MAX_HORIZON
                ))
            });
    }
    let date = text.parse::<tandem::Date>().map_err(|e| {
        Failure::Usage(anyhow!(
            "--today `{text}`: not a day number or a date ({e})"
        ))
    })?;
    let wd = work_days.ok_or_else(|| {
        Failure::Usage(anyhow!(
            "--today `{text}` is a date: pass --start too (or give `start` in the plan's project.csv)"
        ))
    })?;
    wd.day_of(date).ok_or_else(|| {
        Failure::Usage(anyhow!(
            "--today `{text}` is before the plan start {}",
            wd.start()
        ))
    })
}

/// A schedule.csv path, or the schedule.csv inside a folder.
fn schedule_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("schedule.csv")
    } else {
        path.to_path_buf()
    }
}

/// The goal order of the `summary.json` beside a baseline's `schedule.csv`
/// ([`read_goal_order`]); empty when there is no such file. The order is
/// only a hint: when the file cannot be read, a note goes to stderr and the
/// re-plan goes on without it.
fn baseline_goal_order(schedule: &Path, session: &Session) -> Vec<tandem::model::GoalId> {
    let path = schedule.with_file_name("summary.json");
    if !path.is_file() {
        return Vec::new();
    }
    read_goal_order(&path, session.plan()).unwrap_or_else(|e| {
        errln!("note: {e}; the re-plan starts without the baseline's goal order");
        Vec::new()
    })
}

/// The goal priorities of the `goals.csv` beside a baseline's
/// `schedule.csv` (to say which goals moved because their priority
/// changed); empty when there is no such file. Only a hint: when it cannot
/// be read, a note goes to stderr.
fn baseline_priorities(schedule: &Path) -> std::collections::BTreeMap<String, f64> {
    let path = schedule.with_file_name("goals.csv");
    if !path.is_file() {
        return Default::default();
    }
    tandem::input::read_goal_priorities(&path).unwrap_or_else(|e| {
        errln!("note: {e}; the re-plan does not say which priorities changed");
        Default::default()
    })
}

/// `tandem diff OLD NEW`.
pub(super) fn diff(args: DiffArgs) -> Result<(), Failure> {
    let mut issues = Vec::new();
    let mut read = |p: &Path| match read_schedule_rows(&schedule_file(p)) {
        Ok(rows) => rows,
        Err(e) => {
            issues.extend(e.issues);
            Vec::new()
        }
    };
    if let Some(path) = &args.csv {
        let inputs = [schedule_file(&args.old), schedule_file(&args.new)];
        check_outputs(
            &[Output::File {
                flag: "--csv",
                path,
            }],
            &inputs,
        )?;
    }
    let old = read(&args.old);
    let new = read(&args.new);
    if !issues.is_empty() {
        return Err(Failure::Input(tandem::InputError { issues }));
    }
    let diff = Diff::between(&old, &new);
    if let Some(path) = &args.csv {
        write_atomic(path, diff.to_csv().as_bytes())
            .with_context(|| format!("writing {}", path.display()))
            .map_err(Failure::Output)?;
    }
    out!("{}", diff.summary());
    if !diff.tasks.is_empty() {
        outln!("tasks:");
        out!("{}", diff.task_lines(TASK_LINES));
    }
    Ok(())
}
