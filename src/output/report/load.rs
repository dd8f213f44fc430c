//! Team load over time: people in use per day against the calendar's
//! capacity, with the bottleneck periods (LP prices) shaded and priced.

use std::fmt::Write;

use super::Ctx;
use super::svg::{
    AXIS_HEIGHT, CHART_WIDTH, LABEL_WIDTH, TimeAxis, approx, esc, fit, open_svg, px, text_width,
};
use crate::model::Calendar;
use crate::schedule::daily_load;

/// Height of one team's plot, and the gap above it.
const PLOT: f64 = 52.0;
const GAP: f64 = 18.0;

/// Writes the load section.
pub(super) fn render(out: &mut String, ctx: &Ctx) {
    let p = ctx.problem;
    let axis = &ctx.axis;
    let load = daily_load(p, &ctx.solution.schedule);
    let _ = writeln!(
        out,
        "<section id=\"load\">\n<h2>Team load against capacity</h2>"
    );
    let _ = writeln!(
        out,
        "<p class=\"muted\">People in use per working day (blue) under each team's capacity from teams.csv and calendar.csv (black line). Shaded periods are bottlenecks: one more person there is worth the marked number of objective units (LP prices).</p>"
    );
    let _ = write!(
        out,
        "<div class=\"legend\"><span><span class=\"sw load\"></span>people in use</span><span><span class=\"sw cap\"></span>capacity</span><span><span class=\"sw bn\"></span>bottleneck (value of one more person)</span>"
    );
    if ctx.axis.today.is_some() {
        let _ = write!(out, "<span><span class=\"sw today\"></span>today</span>");
    }
    let _ = writeln!(out, "</div>");

    let teams = p.resources().len();
    let height = AXIS_HEIGHT + (PLOT + GAP) * teams as f64 + 4.0;
    let _ = write!(out, "<div class=\"scroll\">");
    open_svg(out, CHART_WIDTH, height, "team load against capacity");
    axis.grid(out, AXIS_HEIGHT - 4.0, height);
    axis.labels(out, 12.0);
    for (t, r) in p.resources().iter().enumerate() {
        let top = AXIS_HEIGHT + GAP + (PLOT + GAP) * t as f64;
        let base = top + PLOT;
        let days = load.get(t).map_or(&[][..], Vec::as_slice);
        let peak = days.iter().copied().max().unwrap_or(0);
        let cap_max = capacity_max(&r.capacity, axis.days);
        let ymax = f64::from(cap_max.max(peak).max(1));
        let y = |v: u32| base - PLOT * f64::from(v) / ymax;
        let util = ctx.summary.utilisation.get(t);
        let _ = write!(out, "<g class=\"team\" data-team=\"{}\">", esc(&r.id));
        // bottlenecks behind the load, marked and labelled above the plot
        // (labels that would overlap a more valuable one's are left to the tooltip)
        let mut labelled: Vec<(f64, f64)> = Vec::new();
        for b in ctx
            .solution
            .bottlenecks
            .iter()
            .filter(|b| b.team.index() == t)
        {
            let x0 = axis.x(b.from);
            let x1 = axis.x(b.to.saturating_add(1)).max(x0 + 2.0);
            let label = format!("~{}/person", approx(b.value));
            let _ = write!(
                out,
                "<g><title>{}</title><rect class=\"bn\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{}\"/><rect class=\"bnstrip\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"3\"/>",
                esc(&format!(
                    "{} {}: one more person there is worth ~{} objective units",
                    r.id,
                    axis.span_label(b.from, b.to.saturating_add(1)),
                    approx(b.value)
                )),
                px(top),
                px(PLOT),
                px(top - 2.0),
                x = px(x0),
                w = px(x1 - x0),
            );
            let (l0, l1) = (x0, x0 + text_width(&label));
            if !labelled.iter().any(|&(a, b)| l0 < b + 6.0 && a < l1 + 6.0) {
                labelled.push((l0, l1));
                let _ = write!(
                    out,
                    "<text class=\"bn\" x=\"{}\" y=\"{}\">{}</text>",
                    px(x0),
                    px(top - 4.0),
                    esc(&label)
                );
            }
            let _ = write!(out, "</g>");
        }
        // load area
        let mut d = String::new();
        let _ = write!(d, "M{},{}", px(axis.x(0)), px(base));
        let mut i = 0;
        while i < days.len() {
            let v = days[i];
            let mut j = i + 1;
            while j < days.len() && days[j] == v {
                j += 1;
            }
            let (x0, x1) = (axis.x(i as u32), axis.x(j as u32));
            let _ = write!(d, "L{},{}L{},{}", px(x0), px(y(v)), px(x1), px(y(v)));
            i = j;
        }
        let _ = write!(d, "L{},{}Z", px(axis.x(days.len() as u32)), px(base));
        let _ = write!(out, "<path class=\"loadarea\" d=\"{d}\"/>");
        // capacity line
        let _ = write!(
            out,
            "<path class=\"capline\" d=\"{}\"/>",
            capacity_path(&r.capacity, axis, &y)
        );
        // labels
        let _ = write!(
            out,
            "<text class=\"lanehead\" x=\"6\" y=\"{}\">{}</text>",
            px(top + 12.0),
            esc(&fit(&r.id, LABEL_WIDTH - 40.0))
        );
        if let Some(u) = util {
            let _ = write!(
                out,
                "<text x=\"6\" y=\"{}\">{:.0}% used · peak {} of {}</text>",
                px(top + 27.0),
                100.0 * u.utilisation,
                u.peak,
                cap_max
            );
        }
        let _ = write!(
            out,
            "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
            px(LABEL_WIDTH - 4.0),
            px(top + 8.0),
            ymax as u32,
            px(LABEL_WIDTH - 4.0),
            px(base)
        );
        let _ = write!(
            out,
            "<line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#9aa5b1\" stroke-width=\"1\"/>",
            l = px(LABEL_WIDTH),
            r = px(axis.x(axis.days)),
            b = px(base)
        );
        let _ = write!(out, "</g>");
    }
    axis.today(out, 0.0, height, 12.0);
    let _ = writeln!(out, "</svg></div>\n</section>");
}

/// The largest capacity on days `0..days`.
fn capacity_max(cal: &Calendar, days: u32) -> u32 {
    cal.steps()
        .iter()
        .filter(|&&(d, _)| d < days.max(1))
        .map(|&(_, c)| c)
        .max()
        .unwrap_or(0)
}

/// The capacity as a step line over the axis.
fn capacity_path(cal: &Calendar, axis: &TimeAxis, y: &dyn Fn(u32) -> f64) -> String {
    let steps = cal.steps();
    let mut d = String::new();
    for (i, &(from, c)) in steps.iter().enumerate() {
        if from >= axis.days {
            break;
        }
        let to = steps.get(i + 1).map_or(axis.days, |s| s.0.min(axis.days));
        let cmd = if i == 0 { 'M' } else { 'L' };
        let _ = write!(
            d,
            "{cmd}{},{}L{},{}",
            px(axis.x(from)),
            px(y(c)),
            px(axis.x(to)),
            px(y(c))
        );
    }
    d
}
