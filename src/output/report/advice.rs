//! "What would help": the measured effect of one more person on each
//! bottleneck ([`BottleneckEffect`]) as a sentence a planner can act on,
//! with the LP price kept beside it.

use std::fmt::Write;

use super::Ctx;
use super::svg::{approx, esc};
use crate::solve::{BottleneckEffect, GoalShift};

/// Goals named in full in one sentence; the rest are counted.
const NAMED: usize = 4;

/// Writes the what-if list (nothing without effects).
pub(super) fn render(out: &mut String, ctx: &Ctx) {
    if ctx.effects.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<div id=\"what-if\"><h3>What one more person would change <span class=\"note\">measured: a short re-solve per bottleneck, warm-started from this plan</span></h3><ul>"
    );
    for e in ctx.effects {
        let _ = write!(
            out,
            "<li>{} <span class=\"muted\">{}</span></li>",
            sentence(ctx, e),
            esc(&numbers(e))
        );
    }
    let _ = writeln!(out, "</ul></div>");
}

/// "one more person in backend on days 5-29 lets **sso** finish 4 days
/// earlier (and **billing** 2)", as HTML (names escaped).
pub(super) fn sentence(ctx: &Ctx, e: &BottleneckEffect) -> String {
    let b = &e.bottleneck;
    let team = ctx
        .problem
        .resources()
        .get(b.team.index())
        .map_or_else(|| b.team.to_string(), |r| r.id.clone());
    let mut s = format!(
        "One more person in <strong>{}</strong> on {} ",
        esc(&team),
        esc(&ctx.axis.span_label(b.from, b.to.saturating_add(1)))
    );
    if let Some(list) = goals(ctx, &e.earlier, "finish") {
        let _ = write!(s, "lets {list} earlier");
        if let Some(later) = goals(ctx, &e.later, "finishes") {
            let _ = write!(s, "; in exchange, {later} later");
        }
    } else if e.makespan_after < e.makespan_before {
        let _ = write!(
            s,
            "lets the whole plan finish {} earlier",
            days(e.makespan_before - e.makespan_after)
        );
    } else if e.objective_after < e.objective_before {
        s.push_str("improves the plan without moving a goal's finish");
    } else {
        s.push_str("moves no goal's finish (in a short re-solve)");
    }
    s.push('.');
    s
}

/// `**sso** {verb} 4 days (and **billing** 2, and 3 more goals)`, or
/// `None` for no goal.
fn goals(ctx: &Ctx, shifts: &[GoalShift], verb: &str) -> Option<String> {
    let (first, rest) = shifts.split_first()?;
    let name = |s: &GoalShift| {
        let id = ctx
            .problem
            .goals()
            .get(s.goal.index())
            .map_or_else(|| s.goal.to_string(), |g| g.id.clone());
        format!("<strong>{}</strong>", esc(&id))
    };
    let mut s = format!("{} {verb} {}", name(first), days(first.days));
    if !rest.is_empty() {
        let named: Vec<String> = rest
            .iter()
            .take(NAMED - 1)
            .map(|g| format!("{} {}", name(g), g.days))
            .collect();
        let more = rest.len().saturating_sub(NAMED - 1);
        let tail = if more > 0 {
            format!(", and {more} more goal{}", if more == 1 { "" } else { "s" })
        } else {
            String::new()
        };
        let _ = write!(s, " (and {}{tail})", named.join(", "));
    }
    Some(s)
}

/// `1 day`, `4 days`.
fn days(n: u32) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// The objective change and the LP price: `objective 4587 → 4379
/// (−4.5 %); LP price ~200`.
fn numbers(e: &BottleneckEffect) -> String {
    let change = if e.objective_after == e.objective_before {
        " (no change)".to_string()
    } else if e.objective_before > 0.0 {
        format!(
            " ({:+.1} %)",
            100.0 * (e.objective_after - e.objective_before) / e.objective_before
        )
    } else {
        String::new()
    };
    format!(
        "objective {} → {}{change}; LP price of this person ~{}",
        approx(e.objective_before),
        approx(e.objective_after),
        approx(e.bottleneck.value)
    )
}
