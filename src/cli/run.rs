//! Running the commands: validated config -> library calls -> outputs.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressStyle};
use tandem::generate::{GeneratorParams, generate_plan};
use tandem::input::mspdi::{Import, MspdiOptions, import};
use tandem::output::{
    ForecastSummary, MermaidOptions, MermaidSections, forecast_csv, mermaid_gantt, mspdi_schedule,
    write_atomic, write_import, write_plan_outputs_with,
};
use tandem::solve::forecast::{ForecastOptions, forecast, forecast_until, has_ranges};
use tandem::{
    Baseline, Date, Objective, PlanOptions, Problem, Replan, ReportOptions, Session, Solution,
    SolveOptions, Summary, read_plan, read_progress, read_psplib, read_schedule_rows, report_html,
    write_psplib_outputs,
};

use super::args::{
    Command, ForecastArgs, ForecastFlags, GenerateArgs, ImportArgs, MermaidArg, MspdiFlags,
    ObjectiveArg, PlanArgs, SolveArgs,
};
use super::failure::Failure;
use super::options::{check_weight, search_options};
use super::paths::{
    FORECAST_FILES, IMPORT_FILES, Output, PLAN_FILES, PLAN_INPUTS, PSPLIB_FILES, check_outputs,
};
use super::summary;

/// The forecast's scenarios by default, when the plan has ranged efforts.
const DEFAULT_SAMPLES: usize = 1000;
/// The most scenarios of a forecast.
const MAX_SAMPLES: usize = 1_000_000;
/// The most training scenarios of `--objective expected`.
const MAX_TRAINING: usize = 10_000;

/// The seed of `--objective expected`'s training scenarios: not the
/// forecast's, so that the plan is judged on scenarios it was not chosen on.
fn training_seed(forecast_seed: u64) -> u64 {
    forecast_seed ^ 0x5EED_7A41_0000_0001
}

/// `--start`: a date, if given.
fn parse_start(text: Option<&str>) -> Result<Option<Date>, Failure> {
    text.map(|s| {
        s.parse::<Date>()
            .map_err(|e| Failure::Usage(anyhow!("--start: {e}")))
    })
    .transpose()
}

/// `tandem forecast`: an existing schedule of a plan, run in sampled scenarios.
fn forecast_schedule(args: ForecastArgs) -> Result<(), Failure> {
    if !(1..=MAX_SAMPLES).contains(&args.samples) {
        return Err(Failure::Usage(anyhow!(
            "--samples: from 1 to {MAX_SAMPLES}, got {}",
            args.samples
        )));
    }
    let start = parse_start(args.start.as_deref())?;
    let out = Output::Folder {
        flag: "--out",
        path: &args.out,
        files: FORECAST_FILES,
    };
    let mut inputs: Vec<std::path::PathBuf> =
        PLAN_INPUTS.iter().map(|f| args.dir.join(f)).collect();
    inputs.push(args.schedule.clone());
    inputs.extend(args.progress.clone());
    check_outputs(&[out], &inputs)?;
    let plan_options = PlanOptions {
        start,
        objective: Objective::Weighted {
            lateness_weight: 10.0,
        },
    };
    let plan = read_plan(&args.dir, &plan_options).map_err(Failure::Input)?;
    // a re-plan's schedule: its done and started tasks as the re-plan had them
    let today = match &args.today {
        Some(text) => super::replan::parse_day(text, plan.work_days())?,
        None => 0,
    };
    let progress = match super::replan::progress_file(&args.dir, args.progress.as_deref()) {
        Some(path) => read_progress(&path, &plan, today).map_err(Failure::Input)?,
        None => Default::default(),
    };
    let problem = Replan {
        today,
        progress,
        ..Replan::default()
    }
    .apply(&plan)
    .map_err(|e| Failure::Usage(anyhow!("the progress does not fit the plan: {e}")))?;
    let rows = read_schedule_rows(&args.schedule).map_err(Failure::Input)?;
    let schedule = Baseline::from_rows(&problem, &rows)
        .to_schedule(&problem)
        .map_err(|missing| {
            Failure::Usage(anyhow!(
                "{}: not a schedule of this plan: {}",
                args.schedule.display(),
                missing.join("; ")
            ))
        })?;
    schedule.check(&problem).map_err(|e| {
        Failure::Usage(anyhow!(
            "{}: the schedule does not fit the plan: {e}",
            args.schedule.display()
        ))
    })?;
    let f = forecast(
        &problem,
        &schedule,
        &ForecastOptions {
            samples: args.samples,
            seed: args.seed,
        },
    );
    let csv = forecast_csv(&problem, &f)
        .context("rendering forecast.csv")
        .map_err(Failure::Output)?;
    let json = serde_json::to_string_pretty(&serde_json::json!({
        "forecast": ForecastSummary::new(&problem, &f),
    }))
    .context("rendering summary.json")
    .map_err(Failure::Output)?;
    tandem::output::write_files(
        &args.out,
        &[
            ("forecast.csv", csv),
            ("summary.json", (json + "\n").into_bytes()),
        ],
    )
    .with_context(|| format!("writing outputs to {}", args.out.display()))
    .map_err(Failure::Output)?;
    if !args.quiet {
        out!("{}", summary::forecast_lines(&problem, &f));
        outln!("wrote:        {}", args.out.join("forecast.csv").display());
    }
    Ok(())
}

/// The share of `tandem plan`'s time limit kept for measuring what one
/// more person on the bottlenecks buys (without a work limit).
const WHAT_IF_SHARE: f64 = 0.1;
/// The share of `tandem plan`'s time limit kept for the forecast when one
/// runs (without a work limit): its scenarios stop at the limit. A 20,000-
/// task plan took 17.8 s at `--time-limit 0.2` when the forecast's 1,000
/// scenarios ran in full after the solve.
const FORECAST_SHARE: f64 = 0.1;
/// Seconds per task that `tandem plan` spends outside the solver and the
/// forecast, kept out of their time so that the whole command keeps its
/// limit: reading the plan, and checking, rendering and writing the
/// outputs. Measured (release, 2 cores) on generated plans of 50,000 and
/// 100,000 tasks: reading 4.4-4.9 us per task, the rest about 6 us (6.6 us
/// on the 100,000-task plan, a little over this estimate). A fixed
/// estimate, not the time measured, so that the solver's limit (and what
/// its opening is sized for) does not depend on the machine's load.
const READ_SECONDS_PER_TASK: f64 = 5e-6;
/// See [`READ_SECONDS_PER_TASK`].
const WRITE_SECONDS_PER_TASK: f64 = 6e-6;

/// The scenarios `tandem plan` forecasts: `--samples`, else
/// [`DEFAULT_SAMPLES`] when some task has an effort range, else none.
fn forecast_samples(flags: &ForecastFlags, problem: &Problem) -> usize {
    flags.samples.unwrap_or(if has_ranges(problem) {
        DEFAULT_SAMPLES
    } else {
        0
    })
}

/// Runs one command.
pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Plan(args) => plan(args, false),
        Command::Replan(args) => plan(args.plan, true),
        Command::Diff(args) => super::replan::diff(args),
        Command::Solve(args) => solve_psplib(args),
        Command::Generate(args) => generate(args),
        Command::Import(args) => import_plan(args),
        Command::Forecast(args) => forecast_schedule(args),
        Command::Bench(args) => super::bench::bench(args),
    }
}

fn plan(args: PlanArgs, replanning: bool) -> Result<(), Failure> {
    let started = Instant::now();
    let options = search_options(&args.search)?;
    check_weight("--lateness-weight", args.lateness_weight)?;
    let start = parse_start(args.start.as_deref())?;
    let objective = match args.objective {
        // the expected objective is the weighted one over scenarios
        ObjectiveArg::Weighted | ObjectiveArg::Expected => Objective::Weighted {
            lateness_weight: args.lateness_weight,
        },
        ObjectiveArg::Makespan => Objective::Makespan,
    };
    let flags = &args.forecast;
    if flags.samples.is_some_and(|n| n > MAX_SAMPLES) {
        return Err(Failure::Usage(anyhow!(
            "--samples: at most {MAX_SAMPLES}, got {}",
            flags.samples.unwrap_or_default()
        )));
    }
    if flags.training_samples > MAX_TRAINING {
        return Err(Failure::Usage(anyhow!(
            "--training-samples: at most {MAX_TRAINING}, got {}",
            flags.training_samples
        )));
    }
    let options = match args.objective {
        ObjectiveArg::Expected => options
            .with_expected_objective(flags.training_samples, training_seed(flags.forecast_seed)),
        _ => options,
    };
    let inputs = super::replan::input_files(&args.dir, &args.replan);
    let out = Output::Folder {
        flag: "--out",
        path: &args.out,
        files: PLAN_FILES,
    };
    check_outputs(&[out], &inputs)?;
    // a file is a Microsoft Project XML file, translated into a plan
    let imported = if args.dir.is_file() {
        Some(read_mspdi(&args.dir, &args.mspdi, args.search.quiet)?)
    } else {
        None
    };
    let plan_options = PlanOptions { start, objective };
    let plan = match &imported {
        Some(i) => i.problem(&plan_options),
        None => read_plan(&args.dir, &plan_options),
    }
    .map_err(Failure::Input)?;
    // without a work limit, a tenth of the time limit is kept for measuring
    // what one more person on the bottlenecks buys (below), and another for
    // the forecast when one runs, so that the whole run stays within it
    let limit = options.time_limit_for(plan.len());
    let forecast_share = if forecast_samples(flags, &plan) > 0 {
        FORECAST_SHARE
    } else {
        0.0
    };
    let per_task = |seconds: f64| Duration::from_secs_f64(seconds * plan.len() as f64);
    let (read, write) = (
        per_task(READ_SECONDS_PER_TASK),
        per_task(WRITE_SECONDS_PER_TASK),
    );
    let (options, what_if_time, forecast_deadline) = match options.work_limit() {
        Some(_) => (options, None, None),
        None => (
            options.with_time_limit(
                limit
                    .mul_f64(1.0 - WHAT_IF_SHARE - forecast_share)
                    .saturating_sub(read + write),
            ),
            Some(limit.mul_f64(WHAT_IF_SHARE)),
            started.checked_add(limit.saturating_sub(write)),
        ),
    };
    let mut session = Session::new(plan, options);
    let today = super::replan::prepare(
        &mut session,
        &args.dir,
        imported.as_ref(),
        &args.replan,
        replanning,
    )?;
    let spinner = Spinner::start(session.problem(), session.options(), args.search.quiet);
    let solved = session.solve().map(drop);
    spinner.finish();
    solved.map_err(|e| super::replan::solve_failure(e, &args.replan, today))?;
    let problem = session.problem();
    let solution = session
        .solution()
        .ok_or_else(|| anyhow!("no solution"))
        .map_err(Failure::Infeasible)?;
    check(problem, solution)?;
    let diff = session.diff().cloned();
    let mut extra: Vec<(&str, Vec<u8>)> = diff
        .iter()
        .map(|d| ("diff.csv", d.to_csv().into_bytes()))
        .collect();
    // what one more person on the top bottlenecks does (a short re-solve
    // each, in the share of the time limit kept for it; with a work limit,
    // its own small work budget and no clock)
    let effects =
        tandem::solve::bottleneck_effects(problem, solution, what_if_time).unwrap_or_default();
    // the forecast under ranged efforts (on by default when there are
    // ranges), its scenarios cut at the time limit
    let samples = forecast_samples(flags, problem);
    let forecast = (samples > 0).then(|| {
        forecast_until(
            problem,
            &solution.schedule,
            &ForecastOptions {
                samples,
                seed: flags.forecast_seed,
            },
            forecast_deadline,
        )
    });
    let mut summary_json = Summary::new(problem, solution).with_effects(problem, &effects);
    if let Some(f) = &forecast {
        summary_json = summary_json.with_forecast(problem, f);
        let csv = forecast_csv(problem, f)
            .context("rendering forecast.csv")
            .map_err(Failure::Output)?;
        extra.push(("forecast.csv", csv));
    }
    if let Some(r) = session.replan_summary() {
        summary_json = summary_json.with_replan(r.clone());
    }
    let summary_text = summary_json
        .to_json()
        .context("rendering the summary")
        .map_err(Failure::Output)?;
    extra.push(("summary.json", summary_text.clone().into_bytes()));
    let report = ReportOptions {
        today: args
            .replan
            .today
            .as_ref()
            .map(|_| problem.replanning().today),
        effects,
        replan: session.replan_summary().cloned().zip(diff.clone()),
        forecast: forecast.clone(),
        ..ReportOptions::default()
    };
    let mermaid = MermaidOptions {
        sections: match args.mermaid_sections {
            MermaidArg::Team => MermaidSections::Team,
            MermaidArg::Goal => MermaidSections::Goal,
        },
    };
    // the two largest outputs of a large plan, side by side
    let (html, mmd) = rayon::join(
        || report_html(problem, solution, &report),
        || mermaid_gantt(problem, &solution.schedule, &mermaid),
    );
    let (html, mmd) = html
        .and_then(|html| Ok((html, mmd?)))
        .context("rendering report.html and schedule.mmd")
        .map_err(Failure::Output)?;
    extra.push(("report.html", html.into_bytes()));
    if let Some(i) = &imported {
        let xml = mspdi_schedule(problem, &solution.schedule, Some(i))
            .context("rendering schedule.xml")
            .map_err(Failure::Output)?;
        extra.extend(xml.map(|x| ("schedule.xml", x)));
    }
    extra.push(("schedule.mmd", mmd.into_bytes()));
    write_plan_outputs_with(&args.out, problem, solution, extra)
        .with_context(|| format!("writing outputs to {}", args.out.display()))
        .map_err(Failure::Output)?;
    if args.report.json {
        out!("{summary_text}");
    } else if !args.search.quiet {
        out!("{}", summary::plan_summary(problem, solution, &args.out));
        if let Some(r) = session.replan_summary() {
            outln!("re-plan:      {}", r.line());
        }
        if let Some(f) = &forecast {
            out!("{}", summary::forecast_lines(problem, f));
            if f.samples < samples {
                outln!(
                    "              {} of {samples} scenarios: the time limit stopped the rest",
                    f.samples
                );
            }
        }
        if let Some(line) = imported
            .as_ref()
            .and_then(|i| file_schedule_line(i, problem, solution))
        {
            outln!("{line}");
        }
        if let Some(d) = &diff {
            outln!("wrote:        {}", args.out.join("diff.csv").display());
            out!("{}", d.summary());
            if !d.tasks.is_empty() {
                outln!("tasks:");
                out!("{}", d.task_lines(super::replan::TASK_LINES));
            }
        }
    }
    Ok(())
}

/// How the MS Project file's own dates score against tandem's schedule,
/// by tandem's objective and checker: as dated, and made valid with as few
/// moves as possible ([`tandem::solve::repaired`]).
fn file_schedule_line(imported: &Import, problem: &Problem, solution: &Solution) -> Option<String> {
    let theirs = imported.schedule(problem)?;
    let dated = theirs.objective(problem);
    let ours = solution.objective - solution.stability_term(problem);
    let versus = |x: f64| {
        if x > 0.0 {
            format!(" (tandem's {:+.1} %)", 100.0 * (ours / x - 1.0))
        } else {
            String::new()
        }
    };
    Some(match theirs.check(problem) {
        Ok(_) => format!("file's dates: objective {dated:.0}{}; valid", versus(dated)),
        Err(e) => {
            let valid = tandem::solve::repaired(problem, &theirs);
            let fixed = match valid.check(problem) {
                Ok(r) => format!(
                    "made valid in its order: {:.0}{}",
                    r.objective,
                    versus(r.objective)
                ),
                Err(_) => "cannot be made valid".to_string(),
            };
            format!(
                "file's dates: objective {dated:.0} as dated, which breaks {} rule(s) of the plan (e.g. {}); {fixed}",
                e.violations.len() + e.omitted,
                e.violations
                    .first()
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            )
        }
    })
}

/// Imports a Microsoft Project XML file; its notes (what was left out on
/// purpose) go to stderr unless `quiet`.
fn read_mspdi(file: &std::path::Path, flags: &MspdiFlags, quiet: bool) -> Result<Import, Failure> {
    if flags.goal_level == 0 {
        return Err(Failure::Usage(anyhow!(
            "--goal-level must be 1 or more (1: the top-level summary tasks)"
        )));
    }
    let options = MspdiOptions {
        goal_level: flags.goal_level,
        group_teams: !flags.no_groups,
        progress: !flags.no_progress,
    };
    let imported = import(file, &options).map_err(Failure::Input)?;
    if !quiet {
        for note in &imported.notes {
            errln!("note: {}: {note}", file.display());
        }
    }
    Ok(imported)
}

/// `tandem import`: the MS Project file as a CSV plan folder, written only
/// when it reads back as a plan.
fn import_plan(args: ImportArgs) -> Result<(), Failure> {
    let out = Output::Folder {
        flag: "--out",
        path: &args.out,
        files: IMPORT_FILES,
    };
    check_outputs(&[out], std::slice::from_ref(&args.file))?;
    let imported = read_mspdi(&args.file, &args.mspdi, false)?;
    let problem = imported
        .problem(&PlanOptions::default())
        .map_err(Failure::Input)?;
    let today = imported.today(&problem);
    let progress = imported.progress(&problem, today).map_err(Failure::Input)?;
    write_import(&args.out, &imported)
        .with_context(|| format!("writing the plan to {}", args.out.display()))
        .map_err(Failure::Output)?;
    let links: usize = problem
        .activity_ids()
        .map(|a| problem.predecessors(a).len())
        .sum();
    let source = &imported.source;
    let resources = source.resources.iter().filter(|r| !r.null).count();
    let file_links: usize = source.tasks.iter().map(|t| t.links.len()).sum();
    outln!(
        "imported {}: {} tasks in {} goals, {} teams, {} dependencies (the file: {} tasks, {} resources, {} links, {} assignments)",
        args.file.display(),
        problem.len(),
        problem.goals().len(),
        problem.resources().len(),
        links,
        source
            .tasks
            .iter()
            .filter(|t| !t.null && t.outline_level > 0)
            .count(),
        resources,
        file_links,
        source.assignments.len()
    );
    outln!("wrote:   {}", args.out.display());
    if !progress.tasks.is_empty()
        && let Some(date) = problem.work_days().map(|wd| wd.date_of(today))
    {
        outln!(
            "progress: recorded on {date}: plan the folder with --today {date} (as `tandem plan {}` does)",
            args.file.display()
        );
    }
    Ok(())
}

fn solve_psplib(args: SolveArgs) -> Result<(), Failure> {
    let options = search_options(&args.search)?;
    let out = Output::Folder {
        flag: "--out",
        path: &args.out,
        files: PSPLIB_FILES,
    };
    check_outputs(&[out], std::slice::from_ref(&args.file))?;
    let problem = read_psplib(&args.file).map_err(Failure::Input)?;
    let spinner = Spinner::start(&problem, &options, args.search.quiet);
    let solution = tandem::solve(&problem, &options);
    spinner.finish();
    check(&problem, &solution)?;
    let html = report_html(&problem, &solution, &ReportOptions::default())
        .context("rendering report.html")
        .map_err(Failure::Output)?;
    write_psplib_outputs(&args.out, &problem, &solution)
        .and_then(|()| write_atomic(&args.out.join("report.html"), html.as_bytes()))
        .with_context(|| format!("writing outputs to {}", args.out.display()))
        .map_err(Failure::Output)?;
    if args.report.json {
        print_json(&problem, &solution)?;
    } else if !args.search.quiet {
        out!(
            "{}",
            summary::psplib_summary(&problem, &solution, &args.out)
        );
    }
    Ok(())
}

/// `--json`: summary.json on stdout.
fn print_json(problem: &Problem, solution: &Solution) -> Result<(), Failure> {
    let json = Summary::new(problem, solution)
        .to_json()
        .context("rendering the summary")
        .map_err(Failure::Output)?;
    out!("{json}");
    Ok(())
}

fn generate(args: GenerateArgs) -> Result<(), Failure> {
    let mut params = GeneratorParams {
        seed: args.seed,
        ranges: !args.no_ranges,
        ..GeneratorParams::scaled(args.tasks)
    };
    if let Some(t) = args.teams {
        params.teams = t;
    }
    if let Some(g) = args.goals {
        params.goals = g;
    }
    if params.tasks == 0 || params.teams == 0 || params.goals == 0 {
        return Err(Failure::Usage(anyhow!(
            "--tasks, --teams and --goals must be at least 1"
        )));
    }
    let out = Output::Folder {
        flag: "--out",
        path: &args.out,
        files: PLAN_INPUTS,
    };
    check_outputs(&[out], &[])?;
    let plan = generate_plan(&params);
    plan.write_to(&args.out)
        .with_context(|| format!("writing plan to {}", args.out.display()))
        .map_err(Failure::Output)?;
    errln!(
        "wrote a {}-task plan to {}",
        params.tasks,
        args.out.display()
    );
    Ok(())
}

/// A spinner on stderr while a solve runs, when stderr is a terminal.
struct Spinner(Option<ProgressBar>);

impl Spinner {
    fn start(problem: &Problem, options: &SolveOptions, quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(match options.work_limit() {
            Some(units) => format!("scheduling {} tasks (work {units})", problem.len()),
            None => format!(
                "scheduling {} tasks (limit {:.1}s)",
                problem.len(),
                options.time_limit_for(problem.len()).as_secs_f64()
            ),
        });
        bar.enable_steady_tick(Duration::from_millis(100));
        Self(Some(bar))
    }

    fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}

/// The schedule must pass the library's independent checker, with the
/// solver's objective, before anything is written.
fn check(problem: &Problem, solution: &Solution) -> Result<(), Failure> {
    let report = solution.schedule.check(problem).map_err(|e| {
        Failure::Infeasible(anyhow!("the schedule failed the independent checker: {e}"))
    })?;
    if (report.objective - solution.objective).abs() > 1e-6 * solution.objective.abs().max(1.0) {
        return Err(Failure::Infeasible(anyhow!(
            "objective mismatch: solver {} vs checker {}",
            solution.objective,
            report.objective
        )));
    }
    Ok(())
}
