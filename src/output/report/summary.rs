//! The summary panel: the numbers of `summary.json`, for people.

use std::fmt::Write;

use super::Ctx;
use super::svg::{esc, num, short};

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
    kpi_number(out, "objective", "objective", s.objective, &what);
    kpi_number(
        out,
        "lower-bound",
        "lower bound (proven)",
        s.lower_bound,
        "no schedule can do better",
    );
    kpi(
        out,
        "gap",
        "gap",
        &format!("{:.1}%", 100.0 * s.gap),
        "",
        "(objective - bound) / objective",
    );
    let (status_class, status_note) = match s.status {
        "optimal" => ("good", "proven: meets the lower bound"),
        _ => ("", "best found within the time limit"),
    };
    kpi(out, "status", "status", s.status, status_class, status_note);
    let done = match p.work_days() {
        Some(wd) => format!("working days; done {}", wd.date_of(s.makespan)),
        None => "working days".to_string(),
    };
    kpi(
        out,
        "makespan",
        "makespan",
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

    let _ = write!(out, "<div class=\"cols\">");
    // bounds
    let _ = write!(
        out,
        "<div><h3>Lower bounds</h3><table id=\"bounds\"><tr><th>bound</th><th class=\"n\">value</th></tr>"
    );
    let mut rows: Vec<(&str, String)> = vec![
        ("critical path", short(s.bounds.critical_path)),
        ("team energy", short(s.bounds.energy)),
    ];
    if s.objective_kind == "weighted" {
        rows.push(("goal sequencing", short(s.bounds.sequencing)));
    }
    if let Some(lp) = s.bounds.lp {
        rows.push(("LP relaxation", short(lp)));
    }
    rows.push(("makespan (days)", s.bounds.makespan.to_string()));
    for (k, v) in rows {
        let _ = write!(out, "<tr><td>{k}</td><td class=\"n\">{v}</td></tr>");
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
    let _ = write!(out, "<div><h3>Bottlenecks</h3>");
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

    // critical path
    if !s.critical_path.is_empty() {
        let shown: Vec<&str> = s
            .critical_path
            .iter()
            .take(40)
            .map(String::as_str)
            .collect();
        let more = s.critical_path.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" ... (+{more} more)")
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<div><h3>Critical path (capacities ignored)</h3><p id=\"critical-path\" style=\"max-width:420px\">{}{}</p></div>",
            esc(&shown.join(" → ")),
            esc(&tail)
        );
    }
    let _ = writeln!(out, "</div>\n</section>");
}

/// Two significant digits at least, integers from 10 up (as the CLI prints).
pub(super) fn approx(x: f64) -> String {
    if x.abs() >= 10.0 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}
