//! The Gantt chart: one lane per team, bars coloured by goal, milestones as
//! diamonds, critical-path tasks outlined, a "today" line.

use std::fmt::Write;

use super::svg::{
    AXIS_HEIGHT, CHART_WIDTH, LABEL_WIDTH, TimeAxis, esc, fit, goal_colour, open_svg, px,
    text_width,
};
use super::{Bar, Ctx, GanttLayout};

/// Height of a lane's header row.
const HEADER: f64 = 22.0;

/// Row height and bar height of a layout.
fn metrics(layout: GanttLayout) -> (f64, f64) {
    match layout {
        GanttLayout::Packed => (14.0, 11.0),
        _ => (16.0, 10.0),
    }
}

/// Half the width of a milestone diamond.
const DIAMOND: f64 = 5.0;

/// A lane: its team (`None`: tasks without a single team) and its bars in
/// drawing order with their row.
struct Lane<'b> {
    team: Option<usize>,
    bars: Vec<(&'b Bar, usize)>,
    rows: usize,
}

/// The horizontal extent of a bar in pixels (milestones: the diamond).
fn extent(axis: &TimeAxis, b: &Bar) -> (f64, f64) {
    let x0 = axis.x(b.start);
    if b.finish == b.start {
        (x0 - DIAMOND, x0 + DIAMOND)
    } else {
        (x0, axis.x(b.finish).max(x0 + 2.0))
    }
}

/// Groups bars into lanes (team order, then tasks without a team; a task
/// on several teams at once is in each of their lanes) and gives each bar
/// a row: its own, or the first row where it does not overlap.
fn lanes<'b>(ctx: &'b Ctx, layout: GanttLayout) -> Vec<Lane<'b>> {
    let nr = ctx.problem.resources().len();
    let mut by_team: Vec<Vec<&Bar>> = vec![Vec::new(); nr + 1];
    for b in &ctx.bars {
        if b.crew.is_empty() {
            by_team[nr].push(b);
        }
        for &(t, _) in &b.crew {
            by_team[t.min(nr)].push(b);
        }
    }
    let acts = ctx.problem.activities();
    by_team
        .into_iter()
        .enumerate()
        .filter(|(_, bars)| !bars.is_empty())
        .map(|(t, mut bars)| {
            bars.sort_by(|a, b| {
                (a.start, a.finish, &acts[a.index].id).cmp(&(b.start, b.finish, &acts[b.index].id))
            });
            let mut placed = Vec::with_capacity(bars.len());
            let mut row_ends: Vec<f64> = Vec::new();
            for (i, b) in bars.into_iter().enumerate() {
                let row = match layout {
                    GanttLayout::Packed => {
                        let (x0, x1) = extent(&ctx.axis, b);
                        // touching bars share a row (their outlines separate them)
                        let end = x1;
                        match row_ends.iter().position(|&e| e <= x0 + 1e-6) {
                            Some(r) => {
                                row_ends[r] = end;
                                r
                            }
                            None => {
                                row_ends.push(end);
                                row_ends.len() - 1
                            }
                        }
                    }
                    _ => i,
                };
                placed.push((b, row));
            }
            let rows = placed.iter().map(|&(_, r)| r + 1).max().unwrap_or(0);
            Lane {
                team: (t < nr).then_some(t),
                bars: placed,
                rows,
            }
        })
        .collect()
}

/// The number of rows of each lane (tests).
#[cfg(test)]
pub(super) fn lane_rows(ctx: &Ctx, layout: GanttLayout) -> Vec<usize> {
    lanes(ctx, layout).iter().map(|l| l.rows).collect()
}

/// Writes the Gantt section.
pub(super) fn render(out: &mut String, ctx: &Ctx, layout: GanttLayout) {
    let p = ctx.problem;
    let axis = &ctx.axis;
    let lanes = lanes(ctx, layout);
    let (row_h, bar_h) = metrics(layout);
    let _ = writeln!(out, "<section id=\"gantt\">\n<h2>Gantt chart by team</h2>");
    let how = match layout {
        GanttLayout::Packed => format!(
            "{} tasks: each team's tasks are packed into as few rows as do not overlap; the task id is written in bars wide enough, and every bar's tooltip has the details.",
            p.len()
        ),
        _ => "One row per task, by start within each team; hover a bar for the details.".into(),
    };
    let _ = writeln!(out, "<p class=\"muted\">{}</p>", esc(&how));
    legend(out, ctx);

    let body: f64 = lanes
        .iter()
        .map(|l| HEADER + row_h * l.rows as f64 + 4.0)
        .sum();
    let height = AXIS_HEIGHT + body + AXIS_HEIGHT;
    let _ = write!(out, "<div class=\"scroll\">");
    open_svg(out, CHART_WIDTH, height, "Gantt chart by team");
    let mut y = AXIS_HEIGHT;
    for (i, lane) in lanes.iter().enumerate() {
        let h = HEADER + row_h * lane.rows as f64 + 4.0;
        let odd = if i % 2 == 1 { " odd" } else { "" };
        let _ = write!(
            out,
            "<rect class=\"lane{odd}\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            px(y),
            px(CHART_WIDTH),
            px(h)
        );
        y += h;
    }
    axis.grid(out, AXIS_HEIGHT - 4.0, height - AXIS_HEIGHT + 4.0);
    axis.labels(out, 12.0);
    axis.labels(out, height - 6.0);

    let mut y = AXIS_HEIGHT;
    for lane in &lanes {
        let title = match lane.team {
            Some(t) => {
                let r = &p.resources()[t];
                let name = match &r.name {
                    Some(n) if !n.is_empty() && n != &r.id => format!("{} - {n}", r.id),
                    _ => r.id.clone(),
                };
                format!(
                    "{name} · {} tasks · up to {} people",
                    lane.bars.len(),
                    r.capacity.max()
                )
            }
            None => format!("tasks without a single team · {}", lane.bars.len()),
        };
        let _ = write!(
            out,
            "<text class=\"lanehead\" x=\"6\" y=\"{}\">{}</text>",
            px(y + 15.0),
            esc(&title)
        );
        let top = y + HEADER;
        for &(b, row) in &lane.bars {
            let ry = top + row_h * row as f64;
            bar(out, ctx, b, ry, row_h, bar_h, layout);
        }
        y += HEADER + row_h * lane.rows as f64 + 4.0;
    }
    axis.today(out, 0.0, height, 12.0);
    let _ = writeln!(out, "</svg></div>\n</section>");
}

/// The goal colours, critical path, milestone and today legend.
fn legend(out: &mut String, ctx: &Ctx) {
    let p = ctx.problem;
    let _ = write!(out, "<div class=\"legend\">");
    for (g, goal) in p.goals().iter().enumerate() {
        let _ = write!(
            out,
            "<span><span class=\"sw\" style=\"background:{}\"></span>{}</span>",
            goal_colour(Some(g)),
            esc(&goal.id)
        );
    }
    if ctx.bars.iter().any(|b| b.goal.is_none()) && !p.goals().is_empty() {
        let _ = write!(
            out,
            "<span><span class=\"sw\" style=\"background:{}\"></span>no goal</span>",
            goal_colour(None)
        );
    }
    let _ = write!(
        out,
        "<span><span class=\"sw crit\"></span>critical path (CPM, capacities ignored)</span><span><span class=\"sw ms\"></span>milestone</span>"
    );
    if ctx.axis.today.is_some() {
        let _ = write!(out, "<span><span class=\"sw today\"></span>today</span>");
    }
    let _ = writeln!(out, "</div>");
}

/// One task: a bar or a diamond with its tooltip, and its label.
fn bar(
    out: &mut String,
    ctx: &Ctx,
    b: &Bar,
    row_y: f64,
    row_h: f64,
    bar_h: f64,
    layout: GanttLayout,
) {
    let p = ctx.problem;
    let axis = &ctx.axis;
    let act = &p.activities()[b.index];
    let text = ctx.task_text(b.index);
    let mut tip = text.clone();
    let people = |k: u32| format!("{k} {}", if k == 1 { "person" } else { "people" });
    match b.crew[..] {
        [(t, k)] if b.finish > b.start => {
            let _ = write!(tip, "\nteam {}, {}", p.resources()[t].id, people(k));
        }
        [(t, _)] => {
            let _ = write!(tip, "\nteam {}", p.resources()[t].id);
        }
        [] => {}
        _ if b.finish > b.start => {
            let teams: Vec<String> = b
                .crew
                .iter()
                .map(|&(t, k)| format!("{} ({})", p.resources()[t].id, people(k)))
                .collect();
            let _ = write!(tip, "\nteams {} at once", teams.join(" + "));
        }
        _ => {
            let teams: Vec<&str> = b
                .crew
                .iter()
                .map(|&(t, _)| p.resources()[t].id.as_str())
                .collect();
            let _ = write!(tip, "\nteams {}", teams.join("+"));
        }
    }
    if b.finish > b.start {
        let _ = write!(
            tip,
            "\n{} ({} working days)",
            axis.span_label(b.start, b.finish),
            b.finish - b.start
        );
    } else {
        let _ = write!(tip, "\nmilestone on {}", axis.day_label(b.start));
    }
    if let Some(g) = b.goal.and_then(|g| p.goals().get(g)) {
        let _ = write!(tip, "\ngoal {}", g.id);
    }
    if b.critical {
        tip.push_str("\non the critical path");
    }
    let fill = goal_colour(b.goal);
    let crit = if b.critical { " crit" } else { "" };
    let mid = row_y + row_h / 2.0;
    let (x0, x1) = extent(axis, b);
    let _ = write!(out, "<g data-task=\"{}\">", esc(&act.id));
    if b.finish == b.start {
        let h = DIAMOND.min(row_h / 2.0 - 0.5);
        let x = axis.x(b.start);
        let _ = write!(
            out,
            "<path class=\"ms{crit}\" d=\"M{},{}l{h},{h}l-{h},{h}l-{h},-{h}z\" fill=\"{fill}\"><title>{}</title></path>",
            px(x),
            px(mid - h),
            esc(&tip)
        );
    } else {
        let _ = write!(
            out,
            "<rect class=\"bar{crit}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" fill=\"{fill}\"><title>{}</title></rect>",
            px(x0),
            px(mid - bar_h / 2.0),
            px(x1 - x0),
            px(bar_h),
            esc(&tip)
        );
    }
    match layout {
        GanttLayout::Packed => {
            // the id inside the bar when it fits
            if b.finish > b.start && text_width(&act.id) + 6.0 <= x1 - x0 {
                let _ = write!(
                    out,
                    "<text class=\"in\" x=\"{}\" y=\"{}\">{}</text>",
                    px(x0 + 3.0),
                    px(mid + 3.5),
                    esc(&act.id)
                );
            }
        }
        _ => {
            let _ = write!(
                out,
                "<text x=\"14\" y=\"{}\">{}</text>",
                px(mid + 4.0),
                esc(&fit(&text, LABEL_WIDTH - 22.0))
            );
        }
    }
    let _ = write!(out, "</g>");
}
