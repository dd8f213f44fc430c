//! `schedule.mmd`: the schedule as a Mermaid `gantt` diagram, which GitHub,
//! GitLab and most Markdown tools render without any other tool.
//!
//! # Syntax
//! Mermaid's gantt grammar (`gantt.jison`) reads one statement per line:
//! `title`, `dateFormat`, `axisFormat`, `excludes`, `todayMarker`,
//! `section NAME`, and task lines `NAME :[tags,] [id,] start, end`. Its
//! lexer ends a task name at `:`, `#` or `;`, treats `%%` as a comment, and
//! takes a name that begins with a keyword (`title`, `section`, `click`, a
//! date, ...) for that keyword. Names are therefore sanitized: `:` `;` `#`
//! `%` and control characters are replaced, and a name that begins like a
//! keyword gets a `- ` prefix. Task ids are `t1, t2, ...` (the task's row in
//! `tasks.csv` order), so user ids never reach the id syntax.
//!
//! # Time
//! With a start date the diagram uses `dateFormat YYYY-MM-DD` and the
//! plan's calendar ([`WorkDays`]): `excludes` names the non-working weekdays
//! (`weekends` for Saturday and Sunday) and the holidays, `includes` the
//! dates worked despite the weekly pattern, both between day 0 and the last
//! finish (Mermaid shades the excluded days). A task starts on the date of
//! its start day and ends at the midnight after its last working day, so
//! bars never run over a weekend they do not use. Without a start date the
//! diagram uses `dateFormat x` (a Unix time in milliseconds) with
//! `axisFormat %Q` (the same, on the axis): day `d` is written as `d`, so
//! the axis reads in working days from 0. (`dateFormat X`, in seconds,
//! looks like the obvious choice but Mermaid 11 then draws every task from
//! the chart's start; milliseconds render correctly, checked in headless
//! Chromium with Mermaid 11.)
//! Milestones (zero duration) get the `milestone` tag and tasks on the
//! critical path (the one `summary.json` lists) the `crit` tag.

use std::fmt::Write;

use crate::error::OutputError;
use crate::graph::Analysis;
use crate::model::{Date, Problem, WorkDays};
use crate::schedule::Schedule;

/// How [`mermaid_gantt`] groups the tasks into sections.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MermaidSections {
    /// One section per team, in `teams.csv` order (tasks without a single
    /// team, e.g. PSPLIB jobs, in a last section `tasks`).
    #[default]
    Team,
    /// One section per goal, in `goals.csv` order (tasks without a goal in
    /// a last section `no goal`).
    Goal,
}

/// Options of [`mermaid_gantt`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MermaidOptions {
    /// Sections per team (default) or per goal.
    pub sections: MermaidSections,
}

/// Words the gantt lexer reads as statements when a line starts with them
/// (case-insensitive); a task name starting with one gets a prefix.
const KEYWORDS: [&str; 20] = [
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "title",
    "accdescription",
    "acctitle",
    "accdescr",
    "section",
    "click",
    "href",
    "call",
    "displaymode",
];

/// A name made safe for a Mermaid gantt task or section line.
///
/// ```
/// use tandem::output::mermaid_name;
/// assert_eq!(mermaid_name("API: v2; #1 at 100%"), "API - v2, no.1 at 100 pct");
/// assert_eq!(mermaid_name("front#1"), "front no.1");
/// assert_eq!(mermaid_name("Title screen"), "- Title screen");
/// assert_eq!(mermaid_name("2027-01-04 kickoff"), "- 2027-01-04 kickoff");
/// ```
pub fn mermaid_name(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ':' => s.push_str(" -"),
            ';' => s.push(','),
            '#' => s.push_str(" no."),
            '%' => s.push_str(" pct"),
            c if c.is_control() => s.push(' '),
            c => s.push(c),
        }
    }
    let mut s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = s.to_lowercase();
    let bytes = s.as_bytes();
    let starts_with_date = bytes.len() >= 4 && bytes[..4].iter().all(u8::is_ascii_digit);
    if KEYWORDS.iter().any(|k| lower.starts_with(k)) || starts_with_date {
        s.insert_str(0, "- ");
    }
    if s.is_empty() {
        s.push('-');
    }
    s
}

/// The schedule as a Mermaid `gantt` diagram (syntax, sanitising and time:
/// the [module docs](crate::output::mermaid)).
///
/// ```
/// use tandem::output::{MermaidOptions, mermaid_gantt};
/// use tandem::schedule::Assignment;
/// use tandem::{Calendar, ProblemBuilder, Schedule};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("backend", Calendar::constant(2));
/// let g = b.goal("launch", 1.0, None);
/// let api = b.plan_task("api", Some(g), &[(team, 4.0)], 1, 2, 0);
/// let done = b.plan_task("done", Some(g), &[(team, 0.0)], 1, 1, 0);
/// b.precedence(api, done, 0);
/// let problem = b.build()?;
/// let schedule = Schedule::new(vec![
///     Assignment { start: 0, mode: 1 }, // 2 people, 2 days
///     Assignment { start: 2, mode: 0 },
/// ]);
/// let text = mermaid_gantt(&problem, &schedule, &MermaidOptions::default())?;
/// assert!(text.starts_with("gantt\n"));
/// assert!(text.contains("    section backend\n"));
/// assert!(text.contains("    api :crit, t1, 0, 2\n"));
/// assert!(text.contains("    done :milestone, t2, 2, 2\n"));
/// # Ok(()) }
/// ```
pub fn mermaid_gantt(
    problem: &Problem,
    schedule: &Schedule,
    options: &MermaidOptions,
) -> Result<String, OutputError> {
    super::check_dates(problem, schedule, None)?;
    let acts = problem.activities();
    let placed = super::placed(problem, schedule, "schedule.mmd")?;
    let mut critical = vec![false; placed.len()];
    for a in Analysis::new(problem).critical_path {
        critical[a.index()] = true;
    }
    // (section, start, id, index, finish)
    let nr = problem.resources().len();
    let ng = problem.goals().len();
    let mut rows = Vec::with_capacity(placed.len());
    for (i, (act, asg, mode)) in placed.into_iter().enumerate() {
        let section = match options.sections {
            // a task on several teams at once is listed under its first
            // team (its text names the others)
            MermaidSections::Team => match mode.demands.first() {
                Some(d) if d.resource.index() < nr => d.resource.index(),
                _ => nr,
            },
            MermaidSections::Goal => act.goal.map_or(ng, |g| g.index().min(ng)),
        };
        let finish = asg.start.saturating_add(mode.duration);
        rows.push((section, asg.start, act.id.as_str(), i, finish));
    }
    rows.sort_unstable();

    let mut out = String::new();
    let _ = writeln!(out, "gantt");
    let _ = writeln!(
        out,
        "    title {}",
        mermaid_name(&format!(
            "tandem schedule - {} tasks, {} goals, {} teams",
            acts.len(),
            ng,
            nr
        ))
    );
    let work_days = problem.work_days();
    match work_days {
        Some(wd) => {
            let _ = writeln!(out, "    dateFormat YYYY-MM-DD");
            let _ = writeln!(out, "    axisFormat %Y-%m-%d");
            let last = rows.iter().map(|r| r.4).max().unwrap_or(0);
            for line in calendar_lines(wd, wd.date_of(last)) {
                let _ = writeln!(out, "    {line}");
            }
        }
        None => {
            let _ = writeln!(out, "    %% times are working days from day 0");
            let _ = writeln!(out, "    dateFormat x");
            let _ = writeln!(out, "    axisFormat %Q");
            let _ = writeln!(out, "    todayMarker off");
        }
    }
    let mut current = None;
    for &(section, start, id, i, finish) in &rows {
        if current != Some(section) {
            current = Some(section);
            let name = match options.sections {
                MermaidSections::Team => problem
                    .resources()
                    .get(section)
                    .map_or("tasks", |r| r.id.as_str()),
                MermaidSections::Goal => problem
                    .goals()
                    .get(section)
                    .map_or("no goal", |g| g.id.as_str()),
            };
            let _ = writeln!(out, "    section {}", mermaid_name(name));
        }
        let act = &acts[i];
        let mut text = match &act.name {
            Some(n) if !n.is_empty() => format!("{id} {n}"),
            _ => id.to_string(),
        };
        let demands = &schedule
            .mode(problem, crate::model::ActivityId::from_index(i))
            .demands;
        if options.sections == MermaidSections::Team && demands.len() > 1 {
            let others: Vec<&str> = demands[1..]
                .iter()
                .filter_map(|d| problem.resources().get(d.resource.index()))
                .map(|r| r.id.as_str())
                .collect();
            text.push_str(&format!(" (with {})", others.join(", ")));
        }
        let mut tags = String::new();
        if critical[i] {
            tags.push_str("crit, ");
        }
        if finish == start {
            tags.push_str("milestone, ");
        }
        let (from, to) = match work_days {
            Some(wd) if finish > start => {
                // check_dates: the last finish has a date, so the midnight
                // after the last working day before it has one too
                let last = wd.date_of(finish - 1);
                let end = last.plus_days(1).unwrap_or(last);
                (wd.date_of(start).to_string(), end.to_string())
            }
            Some(wd) => {
                let d = wd.date_of(start).to_string();
                (d.clone(), d)
            }
            None => (start.to_string(), finish.to_string()),
        };
        let _ = writeln!(
            out,
            "    {} :{tags}t{}, {from}, {to}",
            mermaid_name(&text),
            i + 1
        );
    }
    Ok(out)
}

/// The `excludes` and `includes` lines of a calendar, for the dates from
/// day 0 to `last`.
fn calendar_lines(wd: &WorkDays, last: Date) -> Vec<String> {
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let week = wd.weekdays();
    let mut excludes: Vec<String> = Vec::new();
    let weekends = !week[5] && !week[6];
    if weekends {
        excludes.push("weekends".into());
    }
    // Saturday and Sunday are in `weekends` when both are off
    let named = if weekends { 5 } else { 7 };
    for (i, name) in NAMES.iter().enumerate().take(named) {
        if !week[i] {
            excludes.push((*name).into());
        }
    }
    let mut includes = Vec::new();
    for e in wd.exceptions() {
        let mut d = e.from.max(wd.start());
        while d <= e.to.min(last) {
            let list = if e.working {
                &mut includes
            } else {
                &mut excludes
            };
            list.push(d.to_string());
            match d.plus_days(1) {
                Some(next) => d = next,
                None => break,
            }
        }
    }
    [("excludes", excludes), ("includes", includes)]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(key, list)| format!("{key} {}", list.join(", ")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Calendar, Date, ProblemBuilder, WorkDays};
    use crate::schedule::Assignment;

    #[test]
    fn a_task_on_several_teams_is_under_its_first_team_naming_the_others() {
        let mut b = ProblemBuilder::new();
        let be = b.resource("backend", Calendar::constant(2));
        let qa = b.resource("qa", Calendar::constant(1));
        let g = b.goal("core", 1.0, None);
        let alt = crate::model::Alternative::new(vec![(be, Some(1)), (qa, Some(1))], 4.0);
        b.plan_task_alternatives("rel", Some(g), &[alt], 1, 1, 0);
        let problem = b.build().unwrap();
        let schedule = Schedule::new(vec![Assignment { start: 0, mode: 0 }]);
        let mmd = mermaid_gantt(&problem, &schedule, &MermaidOptions::default()).unwrap();
        assert!(
            mmd.contains("section backend\n    rel (with qa) :"),
            "{mmd}"
        );
        assert!(!mmd.contains("section qa"), "{mmd}");
    }

    fn plan() -> (Problem, Schedule) {
        let mut b = ProblemBuilder::new();
        let be = b.resource("backend", Calendar::constant(2));
        let web = b.resource("web: front#1", Calendar::constant(1));
        let core = b.goal("core", 3.0, Some(2));
        let api = b.plan_task("api", Some(core), &[(be, 4.0)], 1, 1, 0);
        let ui = b.plan_task("title; ui", None, &[(web, 2.0)], 1, 1, 0);
        let done = b.plan_task("done", Some(core), &[(be, 0.0)], 1, 1, 0);
        b.precedence(api, done, 0);
        let _ = ui;
        let p = b.build().unwrap();
        let s = Schedule::new(vec![
            Assignment { start: 0, mode: 0 },
            Assignment { start: 3, mode: 0 },
            Assignment { start: 4, mode: 0 },
        ]);
        (p, s)
    }

    #[test]
    fn day_numbers_without_a_start_date() {
        let (p, s) = plan();
        let text = mermaid_gantt(&p, &s, &MermaidOptions::default()).unwrap();
        let want = "gantt
    title tandem schedule - 3 tasks, 1 goals, 2 teams
    %% times are working days from day 0
    dateFormat x
    axisFormat %Q
    todayMarker off
    section backend
    api :crit, t1, 0, 4
    done :milestone, t3, 4, 4
    section web - front no.1
    - title, ui :t2, 3, 5
";
        assert_eq!(text, want);
    }

    #[test]
    fn dates_skip_weekends_and_sections_by_goal() {
        let (mut p, s) = plan();
        // 2027-01-06 is a Wednesday: day 3 is Monday the 11th
        p.set_work_days(Some(WorkDays::new(Date::from_ymd(2027, 1, 6).unwrap())));
        let options = MermaidOptions {
            sections: MermaidSections::Goal,
        };
        let text = mermaid_gantt(&p, &s, &options).unwrap();
        assert!(text.contains("    dateFormat YYYY-MM-DD\n"), "{text}");
        // api: days 0-3 = Wed, Thu, Fri, Mon: ends at the midnight after Monday
        assert!(
            text.contains("    section core\n    api :crit, t1, 2027-01-06, 2027-01-12\n"),
            "{text}"
        );
        assert!(text.contains("done :milestone, t3, 2027-01-12, 2027-01-12\n"));
        assert!(
            text.contains("    section no goal\n    - title, ui :t2, 2027-01-11, 2027-01-13\n")
        );
        assert!(text.contains("    excludes weekends\n"), "{text}");
        assert!(!text.contains("includes"), "{text}");
    }

    #[test]
    fn the_calendar_is_excluded_and_included() {
        let (mut p, s) = plan();
        // Monday to Thursday from Wednesday 2027-01-06; Thursday the 7th is
        // a holiday, Friday the 8th and Sunday the 17th (after the last
        // finish) are worked
        let wd = WorkDays::new(Date::from_ymd(2027, 1, 6).unwrap())
            .with_weekdays([true, true, true, true, false, false, false])
            .unwrap()
            .with_exception(Date::from_ymd(2027, 1, 7).unwrap(), false)
            .with_exception(Date::from_ymd(2027, 1, 8).unwrap(), true)
            .with_exception(Date::from_ymd(2027, 1, 17).unwrap(), true);
        p.set_work_days(Some(wd));
        let text = mermaid_gantt(&p, &s, &MermaidOptions::default()).unwrap();
        assert!(
            text.contains("    excludes weekends, friday, 2027-01-07\n    includes 2027-01-08\n"),
            "{text}"
        );
        // api: days 0-3 = Wed 6th, Fri 8th, Mon 11th, Tue 12th
        assert!(
            text.contains("api :crit, t1, 2027-01-06, 2027-01-13\n"),
            "{text}"
        );
    }

    #[test]
    fn a_schedule_that_does_not_fit_is_an_error() {
        let (p, _) = plan();
        let bad = Schedule::new(vec![Assignment { start: 0, mode: 0 }]);
        assert!(mermaid_gantt(&p, &bad, &MermaidOptions::default()).is_err());
        let bad = Schedule::new(vec![Assignment { start: 0, mode: 5 }; 3]);
        let err = mermaid_gantt(&p, &bad, &MermaidOptions::default()).unwrap_err();
        assert!(err.to_string().contains("no mode 5"), "{err}");
    }

    #[test]
    fn names_never_carry_syntax() {
        for raw in ["a:b", "x;y", "#1", "%%c", "section x", "CLICK me", "\n", ""] {
            let n = mermaid_name(raw);
            assert!(!n.contains([':', ';', '#', '%', '\n']), "{raw:?} -> {n:?}");
            assert!(!n.is_empty());
            let lower = n.to_lowercase();
            assert!(!KEYWORDS.iter().any(|k| lower.starts_with(k)), "{n}");
        }
    }
}
