//! `report.html`: the plan as a page a person can read, in one
//! self-contained file (inline CSS and SVG, no script, no network).
//!
//! Four views share one horizontal day axis (dates when the plan has a
//! start date):
//! 1. **summary** ([`summary`]): objective, proven lower bound and gap,
//!    status, makespan, each explained in plain words (technical names in
//!    small print); the bounds, team utilisation, bottlenecks and the
//!    critical path (with the release days and lags that place its tasks).
//!    The numbers are those of `summary.json` ([`Summary`]), printed the
//!    same way. With [`ReportOptions::effects`], what one more person on
//!    each bottleneck does to the goals, as sentences ([`advice`]).
//! 2. **goals** ([`goals`]): each goal from its first task's start to its
//!    finish against its due day, its finish (day and date) and priority
//!    written beside the bar; late goals in red with their days late; the
//!    goals table, open. With [`ReportOptions::forecast`], a band from each
//!    goal's P10 to its P90 finish with a tick at the P50 below its bar,
//!    and a section after it ([`forecast`]) with each goal's on-time
//!    probability and quantiles, the goals at risk first.
//! 3. **gantt** ([`gantt`]): tasks in one lane per team, coloured by goal;
//!    milestones as diamonds, critical-path tasks outlined, a "today" line.
//!    Up to [`ROW_PER_TASK_LIMIT`] tasks get one labelled row each; larger
//!    plans pack each team's tasks into as few rows as do not overlap (at
//!    most the team's peak concurrency), the task id written inside the bar
//!    when it fits, everything in the bar's tooltip.
//! 4. **load** ([`load`]): people in use per team and day against the
//!    calendar's capacity, with the bottleneck periods (LP prices) shaded.
//!
//! The day axis covers the makespan, the due days, the "today" line and,
//! with a forecast, every goal's P90 finish.
//!
//! Every user string is escaped ([`svg::esc`]); the output is well-formed
//! XML apart from the `<!DOCTYPE html>` line (every element closed).

mod advice;
mod forecast;
mod gantt;
mod goals;
mod load;
mod summary;
mod svg;

use std::fmt::Write;

use crate::error::OutputError;
use crate::graph::Analysis;
use crate::model::{Problem, WorkDays};
use crate::output::Summary;
use crate::schedule::{Diff, ReplanSummary};
use crate::solve::{BottleneckEffect, Solution};

pub(crate) use svg::esc;

/// Plans with at most this many tasks get one Gantt row per task
/// ([`GanttLayout::Auto`]).
pub const ROW_PER_TASK_LIMIT: usize = 300;

/// How the Gantt chart lays tasks out within a team's lane.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GanttLayout {
    /// One row per task up to [`ROW_PER_TASK_LIMIT`] tasks, packed above.
    #[default]
    Auto,
    /// One labelled row per task.
    RowPerTask,
    /// Tasks packed into the fewest rows where their bars do not overlap.
    Packed,
}

/// Options of [`report_html`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportOptions {
    /// Day of the "today" line (re-planning's `--today`); none by default.
    pub today: Option<u32>,
    /// The Gantt layout (default: [`GanttLayout::Auto`]).
    pub layout: GanttLayout,
    /// What one more person on each bottleneck does, measured by
    /// [`bottleneck_effects`](crate::solve::bottleneck_effects) (the report
    /// itself solves nothing); shown as sentences in the summary. Empty by
    /// default: the bottlenecks are shown with their LP prices only.
    pub effects: Vec<BottleneckEffect>,
    /// A re-plan's summary and diff against its baseline: shown in a
    /// "What the re-plan changed" section (none for a first plan).
    pub replan: Option<(ReplanSummary, Diff)>,
    /// The plan's forecast under ranged efforts
    /// ([`forecast`](crate::solve::forecast::forecast)): each goal's P10-P90
    /// range and P50 on the goals chart and its on-time probability; none
    /// by default.
    pub forecast: Option<crate::solve::forecast::Forecast>,
}

impl ReportOptions {
    /// These options with a re-plan's summary and diff
    /// ([`ReportOptions::replan`]).
    pub fn with_replan(mut self, summary: ReplanSummary, diff: Diff) -> Self {
        self.replan = Some((summary, diff));
        self
    }

    /// These options with a "today" line on `day`.
    pub fn with_today(mut self, day: u32) -> Self {
        self.today = Some(day);
        self
    }

    /// These options with the measured effects of one more person on the
    /// bottlenecks ([`ReportOptions::effects`]).
    pub fn with_effects(mut self, effects: Vec<BottleneckEffect>) -> Self {
        self.effects = effects;
        self
    }

    /// These options with another Gantt layout.
    pub fn with_layout(mut self, layout: GanttLayout) -> Self {
        self.layout = layout;
        self
    }
}

/// One activity as drawn: when, which team, how many people, which goal.
#[derive(Clone, Debug)]
struct Bar {
    /// Activity index.
    pub index: usize,
    /// Start day.
    pub start: u32,
    /// Finish day (exclusive; `== start` for a milestone).
    pub finish: u32,
    /// The teams whose lanes show it, each with its people (0 for
    /// milestones): every team of a plan task's alternative (in its
    /// order), or the single resource of another activity's mode; empty
    /// for a mode with several resources of another kind (a PSPLIB job),
    /// drawn with the tasks without a single team.
    pub crew: Vec<(usize, u32)>,
    /// Goal index.
    pub goal: Option<usize>,
    /// On the critical path listed in `summary.json`.
    pub critical: bool,
}

/// Everything the views need, computed once.
struct Ctx<'a> {
    pub problem: &'a Problem,
    pub solution: &'a Solution,
    pub summary: Summary,
    pub bars: Vec<Bar>,
    pub axis: svg::TimeAxis,
    /// CPM of the problem (the critical path and why its tasks start when
    /// they do).
    pub analysis: Analysis,
    /// [`ReportOptions::effects`].
    pub effects: &'a [BottleneckEffect],
}

impl Ctx<'_> {
    /// A task's id and name, for labels and tooltips.
    pub fn task_text(&self, index: usize) -> String {
        let act = &self.problem.activities()[index];
        match &act.name {
            Some(n) if !n.is_empty() => format!("{} {n}", act.id),
            _ => act.id.clone(),
        }
    }
}

/// The page `report.html` of a solved plan (or PSPLIB instance).
///
/// Fails only when the schedule does not fit the problem (wrong number of
/// assignments, a mode that does not exist).
///
/// ```
/// use tandem::schedule::Assignment;
/// use tandem::{
///     Calendar, LowerBounds, ProblemBuilder, ReportOptions, Schedule, Solution, Status, report_html,
/// };
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("backend", Calendar::constant(2));
/// let g = b.goal("launch <v2>", 1.0, Some(1));
/// b.plan_task("api", Some(g), &[(team, 4.0)], 1, 2, 0);
/// let problem = b.build()?;
/// let schedule = Schedule::new(vec![Assignment { start: 0, mode: 1 }]);
/// let solution = Solution {
///     objective: schedule.objective(&problem),
///     schedule,
///     bounds: LowerBounds { critical_path: 2.0, ..LowerBounds::default() },
///     status: Status::Feasible,
///     seconds: 0.1,
///     bottlenecks: Vec::new(),
///     goal_order: Vec::new(),
/// };
/// let html = report_html(&problem, &solution, &ReportOptions::default().with_today(1))?;
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("launch &lt;v2&gt;")); // names are escaped
/// assert!(html.contains("+1 d late"));
/// # Ok(()) }
/// ```
pub fn report_html(
    problem: &Problem,
    solution: &Solution,
    options: &ReportOptions,
) -> Result<String, OutputError> {
    super::check_dates(problem, &solution.schedule, options.today)?;
    let bars = bars(problem, solution)?;
    let summary = Summary::new(problem, solution);
    let due_max = problem
        .goals()
        .iter()
        .filter_map(|g| g.due)
        .max()
        .unwrap_or(0);
    // the forecast's P90s of the problem's goals (the bands must fit)
    let p90_max = options.forecast.as_ref().map_or(0, |f| {
        f.goals
            .iter()
            .filter(|g| g.goal.index() < problem.goals().len())
            .map(|g| g.p10.max(g.p50).max(g.p90))
            .max()
            .unwrap_or(0)
    });
    let days = summary
        .makespan
        .max(due_max)
        .max(p90_max)
        .max(options.today.unwrap_or(0))
        .max(1);
    let axis = svg::TimeAxis {
        days,
        work_days: problem.work_days().cloned(),
        today: options.today,
    };
    let layout = match options.layout {
        GanttLayout::Auto if problem.len() <= ROW_PER_TASK_LIMIT => GanttLayout::RowPerTask,
        GanttLayout::Auto => GanttLayout::Packed,
        other => other,
    };
    let mut ctx = Ctx {
        problem,
        solution,
        summary,
        bars,
        axis,
        analysis: Analysis::new(problem),
        effects: &options.effects,
    };
    for c in &ctx.analysis.critical_path {
        if let Some(b) = ctx.bars.get_mut(c.index()) {
            b.critical = true;
        }
    }

    let mut out = String::with_capacity(64 * 1024 + 400 * problem.len());
    head(&mut out, &ctx, options.forecast.is_some());
    summary::render(&mut out, &ctx);
    if let Some((summary, diff)) = &options.replan {
        replan_section(&mut out, summary, diff);
    }
    goals::render(&mut out, &ctx, options.forecast.as_ref());
    if let Some(f) = &options.forecast {
        forecast::render(&mut out, &ctx, f);
    }
    gantt::render(&mut out, &ctx, layout);
    load::render(&mut out, &ctx);
    let _ = write!(
        out,
        "<footer>Written by tandem {}. Days are working days from day 0; a task occupies days start to finish-1. Hover a bar for details.</footer>\n</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    Ok(out)
}

/// How many changed tasks the re-plan section lists.
const REPLAN_TASKS: usize = 15;

/// "What the re-plan changed": the baseline's objective under the new
/// inputs against the re-plan's, the goals that moved (with their causes)
/// and the first tasks that moved.
fn replan_section(out: &mut String, summary: &ReplanSummary, diff: &Diff) {
    let _ = write!(
        out,
        "<section id=\"replan\">\n<h2>What the re-plan changed</h2>\n<p>{}.</p>\n<pre>{}{}</pre>\n</section>\n",
        esc(&capitalized(&summary.line())),
        esc(&diff.summary()),
        esc(&format!("tasks:\n{}", diff.task_lines(REPLAN_TASKS)))
    );
}

/// `text` with its first letter upper-case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// Every activity's bar, or an error if the schedule does not fit.
fn bars(problem: &Problem, solution: &Solution) -> Result<Vec<Bar>, OutputError> {
    let nr = problem.resources().len();
    let placed = super::placed(problem, &solution.schedule, "report.html")?;
    Ok(placed
        .into_iter()
        .enumerate()
        .map(|(index, (act, a, mode))| {
            let people = |k: u32| if mode.duration == 0 { 0 } else { k };
            let crew = match mode.demands.as_slice() {
                demands if act.spec.is_some() || demands.len() == 1 => demands
                    .iter()
                    .filter(|d| d.resource.index() < nr)
                    .map(|d| (d.resource.index(), people(d.amount)))
                    .collect(),
                _ => Vec::new(),
            };
            Bar {
                index,
                start: a.start,
                finish: a.start.saturating_add(mode.duration),
                crew,
                goal: act.goal.map(|g| g.index()),
                critical: false,
            }
        })
        .collect())
}

/// The working days of a calendar in words: `Monday to Friday, except 3
/// holidays`.
fn calendar_text(wd: &WorkDays) -> String {
    const NAMES: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let week = wd.weekdays();
    let days: Vec<usize> = (0..7).filter(|&i| week[i]).collect();
    let mut text = match days.as_slice() {
        [] => String::new(),
        [one] => NAMES[*one].to_string(),
        [first, .., last] if last - first + 1 == days.len() && days.len() > 2 => {
            format!("{} to {}", NAMES[*first], NAMES[*last])
        }
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(|&i| NAMES[i]).collect();
            format!("{} and {}", rest.join(", "), NAMES[*last])
        }
    };
    // the exception dates that change what the weekly pattern says
    let count = |working: bool| -> i64 {
        let mut n = 0;
        for e in wd.exceptions().iter().filter(|e| e.working == working) {
            let mut d = Some(e.from);
            while let Some(date) = d.filter(|&d| d <= e.to) {
                n += i64::from(week[date.weekday() as usize] != working);
                d = date.plus_days(1);
            }
        }
        n
    };
    let plural = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (off, on) = (count(false), count(true));
    if off > 0 {
        text += &format!(", except {}", plural(off, "holiday", "holidays"));
    }
    if on > 0 {
        text += &format!(", plus {}", plural(on, "date worked", "dates worked"));
    }
    text
}

/// `<!DOCTYPE>`, `<head>` with the style sheet, and the page header (with
/// a link to the forecast section when there is one).
fn head(out: &mut String, ctx: &Ctx, forecast: bool) {
    let p = ctx.problem;
    let title = if p.goals().is_empty() && p.activities().iter().all(|a| a.spec.is_none()) {
        format!("tandem schedule: {} jobs", p.len())
    } else {
        format!(
            "tandem plan: {}{} tasks, {} goals, {} teams",
            p.project_name().map_or(String::new(), |n| format!("{n}, ")),
            p.len(),
            p.goals().len(),
            p.resources().len()
        )
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{t}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n",
        t = esc(&title)
    );
    let mut facts = Vec::new();
    if let Some(wd) = p.work_days() {
        facts.push(format!(
            "Day 0 is {}; dates are working days ({}).",
            wd.start(),
            calendar_text(wd)
        ));
    } else {
        facts.push(
            "No start date: times are working days from day 0 (pass --start YYYY-MM-DD for dates)."
                .to_string(),
        );
    }
    if let Some(t) = ctx.axis.today {
        facts.push(format!("Today: {}.", ctx.axis.day_label(t)));
    }
    let _ = writeln!(out, "<p class=\"muted\">{}</p>", esc(&facts.join(" ")));
    let forecast = if forecast {
        " · <a href=\"#forecast\">Forecast</a>"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<nav><a href=\"#summary\">Summary</a> · <a href=\"#goals\">Goals</a>{forecast} · <a href=\"#gantt\">Gantt chart</a> · <a href=\"#load\">Team load</a></nav>"
    );
}

const CSS: &str = r#":root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --late: #c53030; --ok: #2f855a; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f5f8; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1440px; margin: 0 auto; padding: 12px 24px 32px; }
h1 { font-size: 21px; margin: 8px 0 2px; }
h2 { font-size: 16px; margin: 0 0 6px; }
h3 { font-size: 13px; margin: 12px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
nav { margin: 6px 0 0; font-size: 13px; }
a { color: #2b6cb0; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 14px 0; }
.muted, footer { color: var(--muted); font-size: 12px; }
.note { color: var(--muted); font-size: 11px; font-weight: 400; text-transform: none; letter-spacing: 0; }
.reading { max-width: 980px; margin: 6px 0 4px; }
#what-if { border-left: 4px solid #dd6b20; background: #fffaf0; padding: 2px 12px 6px; margin: 8px 0; }
#what-if ul { margin: 2px 0; padding-left: 18px; }
#what-if li { margin: 3px 0; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 8px; margin-bottom: 6px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.kpi .k { color: var(--muted); font-size: 12px; }
.kpi .v { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.kpi .s { color: var(--muted); font-size: 12px; }
.cols { display: flex; flex-wrap: wrap; gap: 8px 40px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { padding: 2px 10px 2px 0; text-align: left; border-bottom: 1px solid #edf1f5; vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.bad, .late { color: var(--late); font-weight: 600; }
.good { color: var(--ok); font-weight: 600; }
.meter { display: inline-block; width: 90px; height: 8px; background: #edf1f5; border-radius: 4px; vertical-align: middle; margin-right: 6px; }
.meter span { display: block; height: 8px; background: #4a7fb5; border-radius: 4px; }
.legend { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; margin: 4px 0 8px; }
.sw { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; border: 1px solid rgba(0,0,0,.15); }
.sw.crit { background: #fff; border: 2px solid #111; }
.sw.ms { transform: rotate(45deg) scale(.8); background: #888; }
.sw.today { width: 0; border: 0; border-left: 2px dashed var(--late); border-radius: 0; }
.sw.bn { background: rgba(237, 137, 54, .35); }
.sw.cap { height: 0; border: 0; border-top: 2px solid #1f2933; border-radius: 0; vertical-align: 3px; }
.sw.load { background: #9fbfdf; }
.scroll { overflow-x: auto; }
details { margin-top: 8px; }
summary { cursor: pointer; color: #2b6cb0; font-size: 13px; }
svg { display: block; }
svg text { font-size: 11px; fill: var(--ink); }
svg .axis text { fill: var(--muted); }
svg .grid line { stroke: #e8edf2; stroke-width: 1; }
svg .lane { fill: #f7f9fb; }
svg .lane.odd { fill: #ffffff; }
svg .lanehead { font-weight: 600; font-size: 12px; }
svg .bar { stroke: rgba(0,0,0,.25); stroke-width: .6; }
svg .crit { stroke: #111; stroke-width: 1.6; }
svg .ms { stroke: #333; stroke-width: .8; }
svg .today line { stroke: var(--late); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .today text { fill: var(--late); font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg .due { stroke: #1f2933; stroke-width: 2; }
svg .lateseg { fill: var(--late); }
svg text.late { fill: var(--late); font-weight: 600; }
svg text.ok { fill: var(--ok); }
svg text.in { font-size: 10px; }
svg text.prio { fill: var(--muted); font-size: 10px; }
svg text.fin { font-size: 10px; }
svg .loadarea { fill: #9fbfdf; fill-opacity: .9; }
svg .capline { fill: none; stroke: #1f2933; stroke-width: 1.3; }
svg rect.bn { fill: rgba(237, 137, 54, .22); }
svg rect.bnstrip { fill: #dd6b20; }
svg text.bn { fill: #9c4221; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
"#;

#[cfg(test)]
mod tests;
