//! The summary panel: the numbers of `summary.json`, for people.

use std::fmt::Write;

use super::Ctx;
use super::svg::{approx, esc, num, short};

/// One key figure: label, value (with an element id), small print.
fn kpi(out: &mut String, id: &str, label: &str, value: &str, class: &str, small: &str) {
    let _ = write!(
        out,
        "<div class=\"kpi\"><div class=\"k\">{}</div><div class=\"v {class}\" id=\"{id}\">{}</div><div class=\"s\">{}</div></div>",
        esc(label),
        esc(value),
        esc(small)
    );
}

/// A key number: shown rounded ([`short`]), exact (as in `summary.json`)
/// in `data-value` and the tooltip.
fn kpi_number(out: &mut String, id: &str, label: &str, value: f64, small: &str) {
    let exact = num(value);
    let _ = write!(
        out,
        "<div class=\"kpi\" title=\"{}\"><div class=\"k\">{}</div><div class=\"v\" id=\"{id}\" data-value=\"{}\">{}</div><div class=\"s\">{}</div></div>",
        esc(&format!("{label}: {exact}")),
        esc(label),
        esc(&exact),
        esc(&short(value)),
        esc(small)
    );
}

/// Writes the summary section.
pub(super) fn render(out: &mut String, ctx: &Ctx) {
    let s = &ctx.summary;
    let p = ctx.problem;
    let _ = write!(
        out,
        "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"kpis\">"
    );
    let what = match s.objective_kind {
        "makespan" => "the makespan".to_string(),
        _ => format!(
            "priority-weighted goal finishes + {} x priority-weighted late days",
            s.lateness_weight.map_or_else(|| "0".into(), num)
        ),
    };
    kpi_number(
        out,
        "objective",
        "score (lower is better)",
        s.objective,
        &format!("objective: {what}"),
    );
    kpi_number(
        out,
        "lower-bound",
        "no plan scores below",
        s.lower_bound,
        "lower bound (proven)",
    );
    kpi(
        out,
        "gap",
        "could still be saved, at most",
        &format!("{:.1}%", 100.0 * s.gap),
        "",
        "gap: (objective - bound) / objective",
    );
    let (status_class, status_note) = match s.status {
        "optimal" => ("good", "proven best: meets the lower bound"),
        _ => ("", "a valid plan; not proven best"),
    };
    kpi(out, "status", "status", s.status, status_class, status_note);
    let done = match p.work_days() {
        Some(wd) => format!("working days (makespan); done {}", wd.date_of(s.makespan)),
        None => "working days (makespan)".to_string(),
    };
    kpi(
        out,
        "makespan",
        "everything done after",
        &s.makespan.to_string(),
        "",
        &done,
    );
    if s.goals > 0 {
        let class = if s.late_goals > 0 { "bad" } else { "good" };
        kpi(
            out,
            "late-goals",
            "late goals",
            &format!("{} of {}", s.late_goals, s.goals),
            class,
            "finishing after their due day",
        );
    }
    let used: u64 = s.utilisation.iter().map(|u| u.used).sum();
    let available: u64 = s.utilisation.iter().map(|u| u.available).sum();
    let overall = if available == 0 {
        0.0
    } else {
        used as f64 / available as f64
    };
    kpi(
        out,
        "utilisation",
        "utilisation",
        &format!("{:.0}%", 100.0 * overall),
        "",
        &format!("{used} of {available} person-days"),
    );
    kpi(
        out,
        "seconds",
        "solve time",
        &format!("{} s", num((s.seconds * 100.0).round() / 100.0)),
        "",
        &format!("{} tasks, {} teams", s.tasks, p.resources().len()),
    );
    let _ = writeln!(out, "</div>");
    let _ = writeln!(
        out,
        "<p class=\"reading\" id=\"reading\"><strong>How to read this.</strong> {}</p>",
        esc(&reading(ctx))
    );
    super::advice::render(out, ctx);

    let _ = write!(out, "<div class=\"cols\">");
    // bounds
    let _ = write!(
        out,
        "<div><h3>No plan can score below <span class=\"note\">lower bounds, each proven</span></h3><table id=\"bounds\"><tr><th>because of</th><th class=\"n\">score</th></tr>"
    );
    let mut rows: Vec<(&str, &str, String)> = vec![
        (
            "dependencies alone",
            "critical path",
            short(s.bounds.critical_path),
        ),
        (
            "each team's capacity",
            "team energy",
            short(s.bounds.energy),
        ),
    ];
    if s.objective_kind == "weighted" {
        rows.push((
            "goals sharing teams",
            "goal sequencing",
            short(s.bounds.sequencing),
        ));
    }
    if let Some(lp) = s.bounds.lp {
        rows.push(("all of these at once", "LP relaxation", short(lp)));
    }
    if let Some(lagrangian) = s.bounds.lagrangian {
        rows.push((
            "every team on every day, priced",
            "Lagrangian (min cut)",
            short(lagrangian),
        ));
    }
    rows.push((
        "earliest finish of everything (days)",
        "makespan bound",
        s.bounds.makespan.to_string(),
    ));
    for (plain, name, v) in rows {
        let _ = write!(
            out,
            "<tr><td>{plain} <span class=\"note\">{name}</span></td><td class=\"n\">{v}</td></tr>"
        );
    }
    let _ = write!(out, "</table></div>");

    // utilisation
    let _ = write!(
        out,
        "<div><h3>Teams</h3><table id=\"teams\"><tr><th>team</th><th>utilisation</th><th class=\"n\">used / available person-days</th><th class=\"n\">peak people</th></tr>"
    );
    for (u, r) in s.utilisation.iter().zip(p.resources()) {
        let name = match &r.name {
            Some(n) if !n.is_empty() && n != &r.id => format!("{} ({n})", r.id),
            _ => r.id.clone(),
        };
        let pct = (100.0 * u.utilisation).clamp(0.0, 100.0);
        let _ = write!(
            out,
            "<tr><td>{}</td><td><span class=\"meter\"><span style=\"width:{pct:.0}%\"></span></span>{pct:.0}%</td><td class=\"n\">{} / {}</td><td class=\"n\">{} of {}</td></tr>",
            esc(&name),
            u.used,
            u.available,
            u.peak,
            r.capacity.max()
        );
    }
    let _ = write!(out, "</table></div>");

    // bottlenecks
    let _ = write!(
        out,
        "<div><h3>Where one more person helps most <span class=\"note\">bottlenecks: LP prices</span></h3>"
    );
    if s.bottlenecks.is_empty() {
        let _ = write!(
            out,
            "<p class=\"muted\">No prices: the LP relaxation was not solved or no team period limits the objective.</p>"
        );
    } else {
        let _ = write!(
            out,
            "<table id=\"bottlenecks\"><tr><th>team</th><th>days</th><th class=\"n\">one more person is worth</th></tr>"
        );
        for b in &s.bottlenecks {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">~{} objective units</td></tr>",
                esc(&b.team),
                esc(&ctx.axis.span_label(b.from, b.to.saturating_add(1))),
                approx(b.value)
            );
        }
        let _ = write!(out, "</table>");
    }
    let _ = write!(out, "</div>");

    critical_path(out, ctx);
    let _ = writeln!(out, "</div>\n</section>");
}

/// Tasks of the critical path listed at most.
const CRITICAL_SHOWN: usize = 40;

/// The critical path, each task with what holds it where it is when that
/// is not only its predecessor: a release day, a lag, a pin.
fn critical_path(out: &mut String, ctx: &Ctx) {
    let path = &ctx.analysis.critical_path;
    if path.is_empty() {
        return;
    }
    let shown: Vec<String> = path
        .iter()
        .take(CRITICAL_SHOWN)
        .map(|&a| {
            let id = &ctx.problem.activity(a).id;
            match reason(ctx, a) {
                Some(why) => format!("{id} ({why})"),
                None => id.clone(),
            }
        })
        .collect();
    let more = path.len().saturating_sub(shown.len());
    let tail = if more > 0 {
        format!(" ... (+{more} more)")
    } else {
        String::new()
    };
    let end = ctx.analysis.makespan_bound;
    let _ = write!(
        out,
        "<div><h3>Longest chain of dependencies <span class=\"note\">critical path, capacities ignored</span></h3><p id=\"critical-path\" style=\"max-width:420px\">{}{}</p><p class=\"muted\">{}</p></div>",
        esc(&shown.join(" → ")),
        esc(&tail),
        esc(&format!(
            "Even with unlimited people this chain ends on {}: it sets the earliest possible finish.",
            ctx.axis.day_label(end)
        ))
    );
}

/// Why a critical-path task starts at its earliest start, when something
/// other than its predecessors' finish sets it: `pinned at day 3`,
/// `release day 30` (`release day 30, 2027-02-15` with dates), `lag: 5 d
/// after API-01`, `lead: 2 d before API-01 ends` (a negative lag). `None`
/// when a predecessor's finish (or day 0) does.
fn reason(ctx: &Ctx, a: crate::model::ActivityId) -> Option<String> {
    let p = ctx.problem;
    let cpm = &ctx.analysis;
    let act = p.activity(a);
    let es = cpm.es[a.index()];
    let day = |d: u32| match p.work_days() {
        Some(wd) => format!("{d}, {}", wd.date_of(d)),
        None => d.to_string(),
    };
    if let Some(pin) = act.pin {
        return Some(format!("pinned at day {}", day(pin.start)));
    }
    // the predecessor that sets the earliest start, and its lag
    let binding = p
        .predecessors(a)
        .iter()
        .map(|&(q, lag)| (cpm.ef[q.index()].saturating_add_signed(lag), lag, q))
        .max_by_key(|&(at, lag, q)| (at, lag, std::cmp::Reverse(q)));
    match binding {
        Some((at, lag, q)) if at == es && at >= act.release && at > 0 => match lag {
            0 => None,
            1.. => Some(format!("lag: {lag} d after {}", p.activity(q).id)),
            _ => Some(format!(
                "lead: {} d before {} ends",
                lag.unsigned_abs(),
                p.activity(q).id
            )),
        },
        _ if act.release > 0 && act.release == es => {
            Some(format!("release day {}", day(act.release)))
        }
        _ => None,
    }
}

/// The summary in words: what the status means, what the bound proves,
/// how much could still be saved.
fn reading(ctx: &Ctx) -> String {
    let s = &ctx.summary;
    let lower = short(s.lower_bound);
    match s.status {
        "optimal" => format!(
            "optimal: a valid plan that meets every dependency and team capacity, and proven best: no plan can score below {lower}, and this one scores exactly that."
        ),
        _ => {
            let saved = short((s.objective - s.lower_bound).max(0.0));
            format!(
                "feasible: a valid plan that meets every dependency and team capacity (it does not mean \"barely works\"). The lower bound proves that no plan can score below {lower}, so at most {:.1} % of this plan's score ({saved}) could still be saved by a better schedule; usually less, since the bound itself is rarely reachable.",
                100.0 * s.gap
            )
        }
    }
}
