//! The short human summary printed after a run.

use std::fmt::Write;
use std::path::Path;

use tandem::schedule::utilisation;
use tandem::solve::forecast::Forecast;
use tandem::{Problem, Solution};

/// Summary of a plan run.
pub fn plan_summary(problem: &Problem, solution: &Solution, out: &Path) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "tandem: {} tasks, {} goals, {} teams",
        problem.len(),
        problem.goals().len(),
        problem.resources().len()
    );
    objective_lines(&mut s, problem, solution);
    let finishes = solution.schedule.goal_finishes(problem);
    let mut late: Vec<(u32, &str)> = problem
        .goals()
        .iter()
        .zip(&finishes)
        .filter_map(|(g, &f)| {
            let d = g.due?;
            (f > d).then(|| (f - d, g.id.as_str()))
        })
        .collect();
    late.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    if late.is_empty() {
        let _ = writeln!(s, "late goals:   none");
    } else {
        let list: Vec<String> = late
            .iter()
            .take(5)
            .map(|(d, g)| format!("{g} +{d}d"))
            .collect();
        let more = if late.len() > 5 { ", ..." } else { "" };
        let _ = writeln!(
            s,
            "late goals:   {} of {} ({}{more})",
            late.len(),
            problem.goals().len(),
            list.join(", ")
        );
    }
    let mut teams: Vec<String> = utilisation(problem, &solution.schedule)
        .iter()
        .map(|u| {
            format!(
                "{} {:.0}%",
                problem.resource(u.team).id,
                100.0 * u.utilisation
            )
        })
        .collect();
    if teams.len() > 8 {
        let n = teams.len() - 8;
        teams.truncate(8);
        teams.push(format!("... ({n} more)"));
    }
    let _ = writeln!(s, "utilisation:  {}", teams.join(", "));
    bottleneck_line(&mut s, problem, solution);
    // schedule.xml (MS Project XML) is written whenever the plan has dates
    let xml = if problem.work_days().is_some() {
        ", schedule.xml"
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "wrote:        {}/{{schedule.csv, goals.csv, summary.json, report.html, schedule.mmd{xml}}}",
        out.display()
    );
    s
}

/// Summary of a PSPLIB run.
pub fn psplib_summary(problem: &Problem, solution: &Solution, out: &Path) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "tandem: {} jobs, {} resources",
        problem.len(),
        problem.resources().len()
    );
    objective_lines(&mut s, problem, solution);
    bottleneck_line(&mut s, problem, solution);
    let _ = writeln!(
        s,
        "wrote:        {}/{{schedule.csv, summary.json, report.html}}",
        out.display()
    );
    s
}

fn objective_lines(s: &mut String, problem: &Problem, solution: &Solution) {
    let _ = writeln!(
        s,
        "objective:    {}  (lower bound {}, gap {:.1}%, {})",
        fmt_num(solution.objective),
        fmt_num(solution.lower_bound()),
        100.0 * solution.gap(),
        solution.status.as_str()
    );
    let makespan = solution.schedule.makespan(problem);
    match problem.work_days() {
        Some(wd) => {
            let _ = writeln!(
                s,
                "makespan:     {makespan} working days (done {})",
                wd.date_of(makespan)
            );
        }
        None => {
            let _ = writeln!(s, "makespan:     {makespan} working days");
        }
    }
    let _ = writeln!(s, "time:         {:.2} s", solution.seconds);
}

/// The most valuable bottleneck (LP prices), if any: team, days (and
/// dates), and what one more person there is worth.
fn bottleneck_line(s: &mut String, problem: &Problem, solution: &Solution) {
    let Some(b) = solution.bottlenecks.first() else {
        if problem.replanning().baseline.iter().any(Option::is_some) {
            let _ = writeln!(
                s,
                "bottleneck:   not known: a re-plan prices its teams (LP bounds) beside its search only with a time or work limit of 4 or more, and reports them when they are done in time"
            );
        }
        return;
    };
    let dates = match problem.work_days() {
        Some(wd) => format!(" ({}..{})", wd.date_of(b.from), wd.date_of(b.to)),
        None => String::new(),
    };
    let more = match solution.bottlenecks.len() {
        1 => String::new(),
        n => format!(" (+{} more in summary.json)", n - 1),
    };
    let _ = writeln!(
        s,
        "bottleneck:   {} in days {}-{}{dates}: one more person there is worth ~{} objective units{more}",
        problem.resource(b.team).id,
        b.from,
        b.to,
        fmt_approx(b.value)
    );
}

/// Two significant digits at least, integers from 10 up.
fn fmt_approx(x: f64) -> String {
    if x.abs() >= 10.0 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.2}")
    }
}

/// The goals shown as most at risk in the forecast lines.
const AT_RISK: usize = 5;

/// The forecast in a few lines: scenarios, mean and P90 objective against
/// the plan's, and the goals with the lowest on-time probability.
pub fn forecast_lines(problem: &Problem, f: &Forecast) -> String {
    let mut s = String::new();
    let change = if f.objective_plan > 0.0 {
        format!(
            " ({:+.1} %)",
            100.0 * (f.objective_mean / f.objective_plan - 1.0)
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "forecast:     {} scenarios (seed {}): mean objective {:.0}{change}, P90 {:.0}; plan {:.0} (forecast.csv)",
        f.samples, f.seed, f.objective_mean, f.objective_p90, f.objective_plan
    );
    let day = |d: u32| match problem.work_days() {
        Some(wd) => wd.date_of(d).to_string(),
        None => format!("day {d}"),
    };
    let risky: Vec<String> = f
        .at_risk()
        .into_iter()
        .filter(|g| g.on_time.is_some_and(|x| x < 1.0))
        .take(AT_RISK)
        .map(|g| {
            format!(
                "{} {} on time (due {}, P50 {}, P90 {})",
                problem.goal(g.goal).id,
                percent(g.on_time.unwrap_or(1.0)),
                g.due.map_or_else(String::new, day),
                day(g.p50),
                day(g.p90)
            )
        })
        .collect();
    if risky.is_empty() {
        let due = f.goals.iter().filter(|g| g.due.is_some()).count();
        if due > 0 {
            let _ = writeln!(
                s,
                "at risk:      none: every goal with a due day is on time in every scenario"
            );
        }
    } else {
        for (k, line) in risky.iter().enumerate() {
            let head = if k == 0 { "at risk:" } else { "" };
            let _ = writeln!(s, "{head:<14}{line}");
        }
    }
    if !f.reproduces_plan {
        let _ = writeln!(
            s,
            "note:         some tasks wait later than the rules require (e.g. in their baseline slots): in the scenarios no task starts before its planned day"
        );
    }
    s
}

/// A share as a percentage: whole per cent, one decimal near 0 and 100 %
/// (so that 99.8 % does not read as certain).
fn percent(x: f64) -> String {
    let p = 100.0 * x;
    if (1.0..99.0).contains(&p) {
        format!("{p:.0} %")
    } else {
        format!("{p:.1} %")
    }
}
