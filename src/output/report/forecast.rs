//! The forecast section: each goal's on-time probability and finish
//! quantiles under ranged efforts, the goals at risk first, and the
//! simulation in a few sentences (scenarios, mean objective against the
//! plan's). The goals chart draws the same quantiles as bands below the
//! plan's bars ([`super::goals`]); both read a [`Forecast`] computed by
//! [`forecast`](crate::solve::forecast::forecast) (the report simulates
//! nothing).
//!
//! A forecast of another problem is shown as far as it fits: entries for
//! goals the problem does not have are left out.

use std::fmt::Write;

use super::Ctx;
use super::svg::{approx, esc, percent, short};
use crate::solve::forecast::{Forecast, GoalForecast};

/// On-time shares below this read as at risk (red).
pub(super) const AT_RISK: f64 = 0.5;
/// On-time shares from this up read as safe (green).
const SAFE: f64 = 0.9;

/// The forecast of each of the `goals` goals (`None`: not in the forecast).
pub(super) fn by_goal(forecast: &Forecast, goals: usize) -> Vec<Option<&GoalForecast>> {
    let mut out = vec![None; goals];
    for g in &forecast.goals {
        if let Some(slot) = out.get_mut(g.goal.index()) {
            *slot = Some(g);
        }
    }
    out
}

/// The class of an on-time share: `bad` below [`AT_RISK`], `good` from
/// [`SAFE`] up, none between.
fn risk_class(share: f64) -> &'static str {
    if share < AT_RISK {
        "bad"
    } else if share >= SAFE {
        "good"
    } else {
        ""
    }
}

/// Writes the forecast section.
pub(super) fn render(out: &mut String, ctx: &Ctx, forecast: &Forecast) {
    let p = ctx.problem;
    let _ = writeln!(
        out,
        "<section id=\"forecast\">\n<h2>Will the goals be on time? <span class=\"note\">forecast under uncertain efforts</span></h2>"
    );
    let _ = writeln!(
        out,
        "<p class=\"reading\" id=\"forecast-reading\">{}</p>",
        esc(&reading(forecast))
    );
    let goals: Vec<&GoalForecast> = forecast
        .at_risk()
        .into_iter()
        .filter(|g| g.goal.index() < p.goals().len())
        .collect();
    if goals.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">No goals to forecast.</p>\n</section>"
        );
        return;
    }
    let _ = write!(
        out,
        "<table id=\"forecast-table\"><tr><th>goal</th><th>name</th><th class=\"n\">due</th><th class=\"n\">plan finish</th><th class=\"n\">P10</th><th class=\"n\">P50</th><th class=\"n\">P90</th><th>on time</th></tr>"
    );
    let axis = &ctx.axis;
    for g in goals {
        let goal = p.goal(g.goal);
        let on_time = match g.on_time {
            Some(q) => {
                let width = if q.is_nan() {
                    0.0
                } else {
                    100.0 * q.clamp(0.0, 1.0)
                };
                format!(
                    "<td data-on-time=\"{}\"><span class=\"meter\"><span style=\"width:{width:.0}%\"></span></span><span class=\"{}\">{}</span></td>",
                    esc(&q.to_string()),
                    risk_class(q),
                    esc(&percent(q))
                )
            }
            None => "<td class=\"muted\">no due day</td>".to_string(),
        };
        let _ = write!(
            out,
            "<tr data-goal=\"{}\"><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{on_time}</tr>",
            esc(&goal.id),
            esc(&goal.id),
            esc(goal.name.as_deref().unwrap_or("")),
            g.due.map_or_else(String::new, |d| esc(&axis.day_cell(d))),
            esc(&axis.day_cell(g.plan)),
            esc(&axis.day_cell(g.p10)),
            esc(&axis.day_cell(g.p50)),
            esc(&axis.day_cell(g.p90)),
        );
    }
    let _ = writeln!(out, "</table>\n</section>");
}

/// The simulation in words: scenarios, the mean objective against the
/// plan's, what the quantiles mean, the sampling error, and whether the
/// simulation starts from the plan itself.
fn reading(f: &Forecast) -> String {
    let n = f.samples;
    let scenarios = if n == 1 { "scenario" } else { "scenarios" };
    let change = if f.objective_plan > 0.0 && f.objective_plan.is_finite() {
        format!(
            " ({:+.1} %)",
            100.0 * (f.objective_mean - f.objective_plan) / f.objective_plan
        )
    } else {
        String::new()
    };
    // twice the largest standard error of a share, 2 sqrt(1/(4 n))
    let error = approx(100.0 / (n.max(1) as f64).sqrt());
    let mut text = format!(
        "Forecast from {n} {scenarios} (seed {seed}): each draws every task's effort from its low-likely-high estimate and runs the plan's task order on the plan's teams. The mean score is {mean} against the plan's {plan}{change}; 9 in 10 {scenarios} score at most {p90}. P10, P50 and P90 are the days by which 10 %, 50 % and 90 % of the {scenarios} have finished a goal; on time is the share of {scenarios} finishing it by its due day (give or take about {error} percentage points at {n} {scenarios}).",
        seed = f.seed,
        mean = short(f.objective_mean),
        plan = short(f.objective_plan),
        p90 = short(f.objective_p90),
    );
    if !f.reproduces_plan {
        text.push_str(
            " Note: this plan is not its own serial schedule (it may come from another tool or an edit), so in the simulation no task starts before its planned day (late work still pushes what follows).",
        );
    }
    text
}
