//! `tandem plan`/`replan` re-planning inputs and `tandem diff`.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use tandem::{
    Baseline, Clash, Diff, GoalId, Problem, Replan, ReplanWarning, ScheduleRow, Solution,
    WarmStart, WorkDays, read_progress, read_schedule_rows, read_schedule_rows_with_lines,
    schedule_rows, warm_start,
};

use super::args::{DiffArgs, ReplanFlags};
use super::failure::Failure;
use super::paths::{Output, PLAN_INPUTS, check_outputs};

/// A problem with the re-planning context applied, its warm start, and the
/// baseline rows to diff against.
pub(super) struct Prepared {
    pub(super) problem: Problem,
    pub(super) warm: WarmStart,
    pub(super) baseline: Option<Baseline>,
    /// Time spent preparing the warm start (counts against the time limit).
    pub(super) seconds: std::time::Duration,
    baseline_rows: Option<Vec<ScheduleRow>>,
}

impl Prepared {
    /// The diff against the baseline (done tasks left out), when there is one.
    pub(super) fn diff(&self, solution: &Solution) -> Option<Diff> {
        let old = self.baseline_rows.as_ref()?;
        let new = schedule_rows(&self.problem, &solution.schedule);
        let mut diff = Diff::between(old, &new);
        let p = &self.problem;
        let done: Vec<&str> = p
            .activity_ids()
            .filter(|&a| p.replanning().is_done(a))
            .map(|a| p.activity(a).id.as_str())
            .collect();
        diff.retain_tasks(|t| !done.contains(&t.task.as_str()));
        Some(diff)
    }
}

/// Reads progress and baseline, applies them to `plan`.
pub(super) fn prepare(
    plan: Problem,
    dir: &Path,
    flags: &ReplanFlags,
    baseline_required: bool,
) -> Result<Prepared, Failure> {
    let w = super::options::check_weight("--stability-weight", flags.stability_weight)?;
    if baseline_required && flags.baseline.is_none() {
        return Err(Failure::Usage(anyhow!(
            "replan needs --baseline OLD/schedule.csv"
        )));
    }
    let today = match &flags.today {
        None => 0,
        Some(text) => parse_day(text, plan.work_days())?,
    };
    let default_progress = dir.join("progress.csv");
    let progress_path = flags
        .progress
        .clone()
        .or_else(|| default_progress.is_file().then_some(default_progress));
    let mut issues = Vec::new();
    let progress = match &progress_path {
        Some(path) => read_progress(path, &plan, today).unwrap_or_else(|e| {
            issues.extend(e.issues);
            Default::default()
        }),
        None => Default::default(),
    };
    let baseline_rows = match &flags.baseline {
        Some(path) => match read_schedule_rows_with_lines(&schedule_file(path)) {
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
    let nothing = progress_path.is_none()
        && baseline_rows.is_none()
        && flags.today.is_none()
        && flags.freeze == 0;
    if nothing {
        return Ok(Prepared {
            problem: plan,
            warm: WarmStart::default(),
            baseline: None,
            seconds: std::time::Duration::ZERO,
            baseline_rows: None,
        });
    }
    let (baseline_lines, baseline_rows): (Vec<u64>, Vec<ScheduleRow>) =
        baseline_rows.unwrap_or_default().into_iter().unzip();
    let baseline_rows = flags.baseline.as_ref().map(|_| baseline_rows);
    let request = Replan {
        today,
        freeze: flags.freeze,
        stability_weight: w,
        progress,
        baseline: baseline_rows.as_ref().map(|rows| {
            let order = flags
                .baseline
                .as_deref()
                .map(|path| baseline_goal_order(&schedule_file(path), &plan))
                .unwrap_or_default();
            Baseline::from_rows(&plan, rows).with_goal_order(order)
        }),
    };
    if let (Some(path), Some(rows)) = (&flags.baseline, &baseline_rows) {
        warn(
            &request.warnings(&plan),
            &schedule_file(path),
            rows,
            &baseline_lines,
        );
    }
    let started = std::time::Instant::now();
    let problem = request
        .apply(&plan)
        .map_err(|e| too_late(e, flags, today))?;
    let warm = warm_start(&problem, request.baseline.as_ref());
    if std::env::var_os("TANDEM_PHASES").is_some() {
        errln!(
            "prepare (apply + warm start): {:.3}s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(Prepared {
        problem,
        warm,
        baseline: request.baseline,
        seconds: started.elapsed(),
        baseline_rows,
    })
}

/// Every file a plan or re-plan of `dir` reads (some may not exist).
pub(super) fn input_files(dir: &Path, flags: &ReplanFlags) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = PLAN_INPUTS.iter().map(|f| dir.join(f)).collect();
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
            ReplanWarning::FrozenOnIneligibleTeam { .. } => ("team", rows[i].team.clone()),
            ReplanWarning::FrozenWithImpossibleCrew { .. } => {
                ("people", rows[i].people.to_string())
            }
        };
        let line = lines.get(i).map_or(String::new(), |l| format!(":{l}"));
        errln!(
            "warning: {}{line}: column `{column}` (`{value}`): {w}",
            file.display()
        );
    }
}

/// A re-plan that fails only because today (with the pins) is so late that
/// the plan could run past [`tandem::MAX_HORIZON`] is a usage error naming
/// `--today` and the latest day that works; other clashes are infeasible.
fn too_late(e: tandem::Infeasible, flags: &ReplanFlags, today: u32) -> Failure {
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

/// `--today`: a day number (at most [`tandem::MAX_HORIZON`]), or a date when
/// the plan has a start date.
fn parse_day(text: &str, work_days: Option<WorkDays>) -> Result<u32, Failure> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<u32>()
            .ok()
            .filter(|&d| u64::from(d) <= tandem::MAX_HORIZON)
            .ok_or_else(|| {
                Failure::Usage(anyhow!(
                    "--today {text} is out of range: days are counted from 0 (the plan start) up to {}",
                    tandem::MAX_HORIZON
                ))
            });
    }
    let date = text.parse::<tandem::Date>().map_err(|e| {
        Failure::Usage(anyhow!(
            "--today `{text}`: not a day number or a date ({e})"
        ))
    })?;
    let wd = work_days
        .ok_or_else(|| Failure::Usage(anyhow!("--today `{text}` is a date: pass --start too")))?;
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

/// The `goal_order` of the `summary.json` beside a baseline's
/// `schedule.csv` (written by `tandem plan` and `tandem replan`), as goals
/// of `plan` (unknown ids skipped); empty when there is no such file or
/// field. The file is only a hint: when it cannot be read, a note goes to
/// stderr and the re-plan goes on without it.
fn baseline_goal_order(schedule: &Path, plan: &Problem) -> Vec<GoalId> {
    let path = schedule.with_file_name("summary.json");
    if !path.is_file() {
        return Vec::new();
    }
    let parsed = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| {
            serde_json::from_str::<serde_json::Value>(&text).map_err(|e| e.to_string())
        });
    let value = match parsed {
        Ok(value) => value,
        Err(e) => {
            errln!(
                "note: {}: {e}; the re-plan starts without the baseline's goal order",
                path.display()
            );
            return Vec::new();
        }
    };
    let Some(ids) = value.get("goal_order").and_then(|v| v.as_array()) else {
        return Vec::new();
    };
    let index: std::collections::HashMap<&str, usize> = plan
        .goals()
        .iter()
        .enumerate()
        .map(|(g, goal)| (goal.id.as_str(), g))
        .collect();
    ids.iter()
        .filter_map(|id| index.get(id.as_str()?).copied())
        .map(GoalId::from_index)
        .collect()
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
        tandem::write_atomic(path, diff.to_csv().as_bytes())
            .with_context(|| format!("writing {}", path.display()))
            .map_err(Failure::Output)?;
    }
    out!("{}", diff.summary());
    Ok(())
}
