//! The goal timeline: each goal from its first task's start to its finish,
//! against its due day; late goals flagged with their days late. With a
//! forecast, each goal's row also has a band from its P10 to its P90
//! finish with a tick at the P50, below the plan's bar, and its on-time
//! probability beside the band.

use std::fmt::Write;

use super::Ctx;
use super::forecast::{AT_RISK, by_goal};
use super::svg::{
    AXIS_HEIGHT, CHART_WIDTH, LABEL_WIDTH, TimeAxis, esc, fit, goal_colour, num, open_svg, percent,
    px, text_width,
};
use crate::schedule::goal_rows;
use crate::solve::forecast::{Forecast, GoalForecast};

const ROW: f64 = 20.0;
/// Row height with a forecast: the plan's bar, then the forecast band.
const ROW_FORECAST: f64 = 32.0;
/// The centre of the forecast band below a row's top.
const BAND_MID: f64 = 24.0;
/// Colour of the P50 tick.
const P50_COLOUR: &str = "#2c5282";
/// Pixels between a bar and its labels.
const GAP: f64 = 6.0;

/// Writes the goals section (with `forecast`'s bands, if any).
pub(super) fn render(out: &mut String, ctx: &Ctx, forecast: Option<&Forecast>) {
    let p = ctx.problem;
    let _ = writeln!(
        out,
        "<section id=\"goals\">\n<h2>Goals against due dates</h2>"
    );
    if p.goals().is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">This problem has no goals.</p>\n</section>"
        );
        return;
    }
    let rows = goal_rows(p, &ctx.solution.schedule);
    let mut first_start = vec![u32::MAX; rows.len()];
    for b in &ctx.bars {
        if let Some(g) = b.goal
            && let Some(s) = first_start.get_mut(g)
        {
            *s = (*s).min(b.start);
        }
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        (rows[a].finish, &p.goals()[a].id).cmp(&(rows[b].finish, &p.goals()[b].id))
    });
    let late = rows.iter().filter(|r| r.late_days > 0).count();
    let ranges = forecast.map_or_else(Vec::new, |f| by_goal(f, rows.len()));
    let _ = write!(
        out,
        "<p class=\"muted\">Bars run from a goal's first task start to its finish, ordered by finish, with the finish day and the goal's priority written beside each; the black tick is the due day, red is time past it. {late} of {} goals are late.",
        rows.len()
    );
    if let Some(f) = forecast {
        let _ = write!(
            out,
            " Below each bar, the forecast over {} scenarios of uncertain efforts: the band runs from the P10 to the P90 finish (8 in 10 scenarios finish within it), the blue tick is the P50 (half finish by then), with the share of scenarios on time beside it.",
            f.samples
        );
    }
    let _ = writeln!(out, "</p>");
    let _ = write!(
        out,
        "<div class=\"legend\"><span><span class=\"sw\" style=\"background:#c53030\"></span>past the due day</span><span><span class=\"sw\" style=\"width:2px;background:#1f2933;border:0\"></span>due day</span>"
    );
    if forecast.is_some() {
        let _ = write!(
            out,
            "<span><span class=\"sw\" style=\"height:6px;vertical-align:1px;background:#b8c4d0\"></span>P10 to P90 finish (forecast)</span><span><span class=\"sw\" style=\"width:0;border:0;border-left:3px solid {P50_COLOUR};border-radius:0\"></span>P50 finish</span>"
        );
    }
    let _ = writeln!(out, "</div>");

    let axis = &ctx.axis;
    let row_height = if forecast.is_some() {
        ROW_FORECAST
    } else {
        ROW
    };
    let height = AXIS_HEIGHT + row_height * rows.len() as f64 + 6.0;
    let _ = write!(out, "<div class=\"scroll\">");
    open_svg(out, CHART_WIDTH, height, "goal timeline");
    axis.grid(out, AXIS_HEIGHT - 4.0, height);
    axis.labels(out, 12.0);
    for (row, &g) in order.iter().enumerate() {
        let r = &rows[g];
        let goal = &p.goals()[g];
        let y = AXIS_HEIGHT + row_height * row as f64;
        let mid = y + ROW / 2.0;
        let range = ranges.get(g).copied().flatten();
        let due = r.due.map_or_else(String::new, |d| d.to_string());
        let _ = write!(
            out,
            "<g class=\"goal\" data-goal=\"{}\" data-finish=\"{}\" data-due=\"{due}\" data-late=\"{}\">",
            esc(&goal.id),
            r.finish,
            r.late_days
        );
        let mut tip = goal.id.clone();
        if let Some(n) = &goal.name {
            tip.push_str(&format!(" - {n}"));
        }
        tip.push_str(&format!("\npriority {}", num(goal.priority)));
        tip.push_str(&format!("\nfinish: {}", axis.day_label(r.finish)));
        if let Some(d) = r.due {
            tip.push_str(&format!("\ndue: {}", axis.day_label(d)));
        }
        if r.late_days > 0 {
            tip.push_str(&format!("\n{} working days late", r.late_days));
        }
        let _ = write!(out, "<title>{}</title>", esc(&tip));
        let label_class = if r.late_days > 0 {
            " class=\"late\""
        } else {
            ""
        };
        let priority = format!("priority {}", num(goal.priority));
        let _ = write!(
            out,
            "<text x=\"6\" y=\"{y}\"{label_class}>{}</text><text x=\"{}\" y=\"{y}\" class=\"prio\" text-anchor=\"end\">{}</text>",
            esc(&fit(&goal.id, LABEL_WIDTH - 20.0 - text_width(&priority))),
            px(LABEL_WIDTH - 8.0),
            esc(&priority),
            y = px(mid + 4.0),
        );
        let start = first_start[g];
        if start == u32::MAX {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" class=\"in\">no tasks</text>",
                px(axis.x(0) + 4.0),
                px(mid + 4.0)
            );
        } else {
            let on_time_end = r.due.map_or(r.finish, |d| r.finish.min(d.max(start)));
            let x0 = axis.x(start);
            let x1 = axis.x(on_time_end).max(x0 + 1.5);
            let _ = write!(
                out,
                "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" rx=\"2\" fill=\"{}\"/>",
                px(x0),
                px(mid - 5.0),
                px(x1 - x0),
                goal_colour(Some(g))
            );
            if r.late_days > 0 {
                let xl = axis.x(r.finish.saturating_sub(r.late_days).max(start));
                let _ = write!(
                    out,
                    "<rect class=\"lateseg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" rx=\"2\"/>",
                    px(xl),
                    px(mid - 5.0),
                    px((axis.x(r.finish) - xl).max(1.5))
                );
            }
        }
        if let Some(f) = range {
            band(out, axis, f, g, y + BAND_MID, &goal.id);
        }
        if let Some(d) = r.due {
            let x = px(axis.x(d));
            // through the band too: the due day against the likely range
            let bottom = if range.is_some() {
                y + BAND_MID + 6.0
            } else {
                mid + 8.0
            };
            let _ = write!(
                out,
                "<line class=\"due\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
                px(mid - 8.0),
                px(bottom)
            );
        }
        if let Some(f) = range {
            band_label(out, axis, f, y + BAND_MID);
        }
        let finish = format!("finish {}", axis.day_label(r.finish));
        let (status, class) = if r.late_days > 0 {
            (format!("+{} d late", r.late_days), "late")
        } else if r.due.is_some() {
            ("on time".to_string(), "ok")
        } else {
            (String::new(), "ok")
        };
        let width = text_width(&finish) + GAP + text_width(&status);
        // just after the bar, unless the due tick would cross the labels
        let end = axis.x(r.finish) + GAP;
        let after = match r.due.map(|d| axis.x(d)) {
            Some(tick) if tick >= end - GAP && tick <= end + width => tick + GAP,
            _ => end,
        };
        let before = axis.x(first_start[g].min(r.finish)) - GAP - width;
        // right of the bar and due tick; else left of the bar; else on it
        let x = if after + width <= CHART_WIDTH - 2.0 {
            after
        } else if before >= LABEL_WIDTH {
            before
        } else {
            axis.x(first_start[g].min(r.finish)) + 3.0
        };
        let y = px(mid + 4.0);
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{y}\" class=\"fin\">{}</text>",
            px(x),
            esc(&finish)
        );
        if !status.is_empty() {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{y}\" class=\"{class}\">{}</text>",
                px(x + text_width(&finish) + GAP),
                esc(&status)
            );
        }
        let _ = write!(out, "</g>");
    }
    axis.today(out, 0.0, height, 12.0);
    let _ = writeln!(out, "</svg></div>");

    table(out, ctx, &rows);
    let _ = writeln!(out, "</section>");
}

/// The quantiles of a forecast in day order (`p10 <= p50 <= p90` for
/// any forecast `forecast` computes; sorted here so that a hand-made one
/// cannot draw a band of negative width).
fn quantiles(f: &GoalForecast) -> [u32; 3] {
    let mut q = [f.p10, f.p50, f.p90];
    q.sort_unstable();
    q
}

/// The forecast band of goal `g` centred at `mid`: a bar from the P10 to
/// the P90 finish in the goal's colour and a tick at the P50, with the
/// quantiles in its tooltip.
fn band(out: &mut String, axis: &TimeAxis, f: &GoalForecast, g: usize, mid: f64, id: &str) {
    let [p10, p50, p90] = quantiles(f);
    let mut tip = format!(
        "{id}: forecast\nP10: {}\nP50: {}\nP90: {}\nmean: day {:.1}\nplan: {}",
        axis.day_label(p10),
        axis.day_label(p50),
        axis.day_label(p90),
        f.mean,
        axis.day_label(f.plan)
    );
    if let (Some(due), Some(q)) = (f.due, f.on_time) {
        tip.push_str(&format!(
            "\non time (by {}): {}",
            axis.day_label(due),
            percent(q)
        ));
    }
    let x0 = axis.x(p10);
    let x1 = axis.x(p90).max(x0 + 1.5);
    let xm = px(axis.x(p50));
    let _ = write!(
        out,
        "<g class=\"range\" data-goal=\"{}\" data-p10=\"{}\" data-p50=\"{}\" data-p90=\"{}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"6\" rx=\"3\" fill=\"{}\" fill-opacity=\".75\" stroke=\"#52606d\" stroke-width=\".6\"/><line class=\"p50\" x1=\"{xm}\" y1=\"{}\" x2=\"{xm}\" y2=\"{}\" stroke=\"{P50_COLOUR}\" stroke-width=\"2.5\"/></g>",
        esc(id),
        f.p10,
        f.p50,
        f.p90,
        esc(&tip),
        px(x0),
        px(mid - 3.0),
        px(x1 - x0),
        goal_colour(Some(g)),
        px(mid - 5.5),
        px(mid + 5.5),
    );
}

/// The label of a forecast band centred at `mid`: the P50 and the share
/// on time (red when at risk), right of the band and the due tick, else
/// left of the band, else at the chart's right edge.
fn band_label(out: &mut String, axis: &TimeAxis, f: &GoalForecast, mid: f64) {
    let [p10, p50, p90] = quantiles(f);
    let mut text = format!("P50 {}", axis.day_label(p50));
    let mut at_risk = false;
    if let Some(q) = f.on_time {
        text.push_str(&format!(" · {} on time", percent(q)));
        at_risk = q < AT_RISK;
    }
    let width = text_width(&text);
    let end = axis.x(p90) + GAP;
    let after = match f.due.map(|d| axis.x(d)) {
        Some(tick) if tick >= end - GAP && tick <= end + width => tick + GAP,
        _ => end,
    };
    let before = axis.x(p10) - GAP - width;
    let (x, anchor) = if after + width <= CHART_WIDTH - 2.0 {
        (after, "")
    } else if before >= LABEL_WIDTH {
        (before, "")
    } else {
        (CHART_WIDTH - 2.0, " text-anchor=\"end\"")
    };
    let class = if at_risk { "fin late" } else { "fin" };
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" class=\"{class}\"{anchor}>{}</text>",
        px(x),
        px(mid + 3.5),
        esc(&text)
    );
}

/// The goals as a table, in `goals.csv` order (open by default).
fn table(out: &mut String, ctx: &Ctx, rows: &[crate::schedule::GoalRow]) {
    let p = ctx.problem;
    let _ = write!(
        out,
        "<details open=\"open\"><summary>Goals table ({} goals, as in goals.csv)</summary><table id=\"goal-table\"><tr><th>goal</th><th>name</th><th class=\"n\">priority</th><th class=\"n\">due</th><th class=\"n\">finish</th><th class=\"n\">late days</th></tr>",
        rows.len()
    );
    let day = |d: u32| ctx.axis.day_cell(d);
    for r in rows {
        let goal = p.goal(r.goal);
        let late = if r.late_days > 0 {
            format!("<td class=\"n late\">{}</td>", r.late_days)
        } else {
            "<td class=\"n\">0</td>".to_string()
        };
        let _ = write!(
            out,
            "<tr data-goal=\"{}\"><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{late}</tr>",
            esc(&goal.id),
            esc(&goal.id),
            esc(goal.name.as_deref().unwrap_or("")),
            num(r.priority),
            r.due.map_or_else(String::new, day),
            day(r.finish),
        );
    }
    let _ = writeln!(out, "</table></details>");
}
