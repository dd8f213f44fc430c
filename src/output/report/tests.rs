use super::*;
use crate::model::{Calendar, Date, ProblemBuilder, WorkDays};
use crate::schedule::{Assignment, Schedule};
use crate::solve::forecast::{Forecast, ForecastOptions, GoalForecast, forecast};
use crate::solve::{Bottleneck, BottleneckEffect, LowerBounds, Status};

fn asg(start: u32, mode: usize) -> Assignment {
    Assignment { start, mode }
}

/// Two teams, two goals (one late), a milestone, a task without a goal,
/// and names that need escaping.
fn plan() -> (Problem, Solution) {
    let mut b = ProblemBuilder::new();
    let be = b.resource("backend", Calendar::constant(2));
    let mut cal = Calendar::constant(1);
    cal.set(6, 7, 0);
    let web = b.resource("web<&>", cal);
    let core = b.goal("core", 3.0, Some(2));
    let extra = b.goal("x\"<script>alert(1)</script>", 1.0, None);
    let api = b.plan_task("api", Some(core), &[(be, 4.0)], 1, 2, 0);
    let ui = b.plan_task("ui's", Some(extra), &[(web, 2.0)], 1, 1, 0);
    let zeta = b.plan_task("zeta", None, &[(web, 1.0)], 1, 1, 0);
    let done = b.plan_task("done", Some(core), &[(be, 0.0)], 1, 1, 0);
    b.precedence(api, done, 0);
    b.precedence(zeta, ui, 0);
    let p = b.build().unwrap();
    let schedule = Schedule::new(vec![asg(0, 0), asg(1, 0), asg(0, 0), asg(4, 0)]);
    schedule.check(&p).unwrap();
    let solution = Solution {
        objective: schedule.objective(&p),
        schedule,
        bounds: LowerBounds {
            critical_path: 10.0,
            energy: 5.0,
            ..LowerBounds::default()
        },
        status: Status::Feasible,
        seconds: 0.25,
        goal_order: Vec::new(),
        bottlenecks: vec![Bottleneck {
            team: crate::model::ResourceId(0),
            from: 0,
            to: 3,
            value: 12.5,
        }],
    };
    (p, solution)
}

#[test]
fn four_views_with_escaped_names() {
    let (p, s) = plan();
    let html = report_html(&p, &s, &ReportOptions::default()).unwrap();
    for id in ["summary", "goals", "gantt", "load"] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    assert_eq!(html.matches("<svg ").count(), 3);
    assert!(!html.contains("<script"), "unescaped goal name");
    assert!(html.contains("x&quot;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("ui&#39;s"));
    assert!(html.contains("web&lt;&amp;&gt;"));
    // summary numbers as summary.json prints them: 3*4 + 1*3 + 10*3*2 = 75
    assert!(
        html.contains("id=\"objective\" data-value=\"75\">75<"),
        "objective"
    );
    assert!(html.contains("id=\"lower-bound\" data-value=\"10\">10<"));
    assert!(html.contains("id=\"status\">feasible<"));
    // the late goal and its days late
    assert!(html.contains("data-goal=\"core\" data-finish=\"4\" data-due=\"2\" data-late=\"2\""));
    assert!(html.contains("+2 d late"));
    // milestone diamond, critical path outline, bottleneck price
    assert!(html.contains("<path class=\"ms\""));
    assert!(html.contains("<rect class=\"bar crit\""));
    assert!(html.contains("~12/person") || html.contains("~13/person"));
    // no network and no script at all
    assert!(
        !html
            .replace("http://www.w3.org/2000/svg", "")
            .contains("http")
    );
    // no today line unless asked
    assert!(!html.contains("class=\"today\""));
}

#[test]
fn dates_and_today() {
    let (mut p, s) = plan();
    p.set_work_days(Some(WorkDays::new(Date::from_ymd(2027, 1, 4).unwrap())));
    let html = report_html(&p, &s, &ReportOptions::default().with_today(3)).unwrap();
    assert!(html.contains("Day 0 is 2027-01-04"));
    assert!(html.contains(">2027-01-04</text>"), "dated axis");
    assert_eq!(html.matches("<g class=\"today\">").count(), 3);
    assert!(html.contains("today: day 3 (2027-01-07)"));
}

#[test]
fn packed_rows_never_overlap_and_stay_few() {
    // one person, ten one-day tasks in a row: one packed row, ten task rows
    let mut b = ProblemBuilder::new();
    let t = b.resource("solo", Calendar::constant(1));
    for i in 0..10 {
        b.plan_task(format!("t{i}"), None, &[(t, 1.0)], 1, 1, 0);
    }
    let p = b.build().unwrap();
    let schedule = Schedule::new((0..10).map(|i| asg(i, 0)).collect());
    let solution = Solution {
        objective: schedule.objective(&p),
        schedule,
        bounds: LowerBounds::default(),
        status: Status::Feasible,
        seconds: 0.0,
        goal_order: Vec::new(),
        bottlenecks: Vec::new(),
    };
    let summary = Summary::new(&p, &solution);
    let ctx = Ctx {
        problem: &p,
        solution: &solution,
        bars: bars(&p, &solution).unwrap(),
        axis: svg::TimeAxis {
            days: summary.makespan,
            work_days: None,
            today: None,
        },
        summary,
        analysis: crate::graph::Analysis::new(&p),
        effects: &[],
    };
    let packed = gantt_rows(&ctx, GanttLayout::Packed);
    assert_eq!(packed, vec![1]);
    assert_eq!(gantt_rows(&ctx, GanttLayout::RowPerTask), vec![10]);
    let html = report_html(
        &p,
        &solution,
        &ReportOptions::default().with_layout(GanttLayout::Packed),
    )
    .unwrap();
    assert!(html.contains("<text class=\"in\""), "ids inside wide bars");
}

fn gantt_rows(ctx: &Ctx, layout: GanttLayout) -> Vec<usize> {
    gantt::lane_rows(ctx, layout)
}

#[test]
fn a_schedule_that_does_not_fit_is_an_error() {
    let (p, mut s) = plan();
    s.schedule = Schedule::new(vec![asg(0, 0)]);
    let err = report_html(&p, &s, &ReportOptions::default()).unwrap_err();
    assert!(err.to_string().contains("report.html"), "{err}");
}

#[test]
fn an_empty_plan_still_renders() {
    let mut b = ProblemBuilder::new();
    b.resource("idle", Calendar::constant(0));
    b.goal("nothing", 1.0, Some(3));
    let Ok(p) = b.build() else {
        return; // an empty plan may be refused by the builder: nothing to draw
    };
    let schedule = Schedule::new(Vec::new());
    let solution = Solution {
        objective: schedule.objective(&p),
        schedule,
        bounds: LowerBounds::default(),
        status: Status::Optimal,
        seconds: 0.0,
        goal_order: Vec::new(),
        bottlenecks: Vec::new(),
    };
    let html = report_html(&p, &solution, &ReportOptions::default().with_today(2)).unwrap();
    assert!(html.contains("no tasks"));
    assert!(html.ends_with("</html>\n"));
}

/// A release day and a lag on the critical path; one goal, dated.
fn released() -> (Problem, Solution) {
    let mut b = ProblemBuilder::new();
    let be = b.resource("backend", Calendar::constant(1));
    let g = b.goal("launch", 7.0, Some(20));
    let spec = b.plan_task("spec", Some(g), &[(be, 2.0)], 1, 1, 0);
    let cert = b.plan_task("cert", Some(g), &[(be, 2.0)], 1, 1, 6);
    let ship = b.plan_task("ship", Some(g), &[(be, 1.0)], 1, 1, 0);
    b.precedence(spec, cert, 0);
    b.precedence(cert, ship, 3);
    b.work_days(WorkDays::new(Date::from_ymd(2027, 1, 4).unwrap()));
    let p = b.build().unwrap();
    let schedule = Schedule::new(vec![asg(0, 0), asg(6, 0), asg(11, 0)]);
    schedule.check(&p).unwrap();
    let solution = Solution {
        objective: schedule.objective(&p),
        schedule,
        bounds: LowerBounds {
            critical_path: 70.0,
            ..LowerBounds::default()
        },
        status: Status::Feasible,
        seconds: 0.0,
        goal_order: Vec::new(),
        bottlenecks: vec![Bottleneck {
            team: crate::model::ResourceId(0),
            from: 0,
            to: 5,
            value: 14.0,
        }],
    };
    (p, solution)
}

#[test]
fn the_critical_path_says_why_its_tasks_start_when_they_do() {
    let (p, s) = released();
    let html = report_html(&p, &s, &ReportOptions::default()).unwrap();
    let path = html.split("id=\"critical-path\"").nth(1).unwrap();
    let path = &path[path.find('>').unwrap()..path.find("</p>").unwrap()];
    // spec has float (cert waits for its release): the path starts at cert
    assert_eq!(
        path,
        ">cert (release day 6, 2027-01-12) → ship (lag: 3 d after cert)"
    );
    assert!(html.contains("Longest chain of dependencies"));
}

#[test]
fn a_lead_on_the_critical_path_is_named() {
    // design (4 days) -> build (5 days) with lag -2: build starts on day 2
    let mut b = ProblemBuilder::new();
    let be = b.resource("backend", Calendar::constant(2));
    let g = b.goal("launch", 1.0, None);
    let design = b.plan_task("design", Some(g), &[(be, 4.0)], 1, 1, 0);
    let build = b.plan_task("build", Some(g), &[(be, 5.0)], 1, 1, 0);
    b.precedence(design, build, -2);
    let p = b.build().unwrap();
    let schedule = Schedule::new(vec![asg(0, 0), asg(2, 0)]);
    let solution = Solution {
        objective: schedule.objective(&p),
        schedule,
        bounds: LowerBounds::default(),
        status: Status::Optimal,
        seconds: 0.0,
        goal_order: Vec::new(),
        bottlenecks: Vec::new(),
    };
    let html = report_html(&p, &solution, &ReportOptions::default()).unwrap();
    let path = html.split("id=\"critical-path\"").nth(1).unwrap();
    let path = &path[path.find('>').unwrap()..path.find("</p>").unwrap()];
    assert_eq!(path, ">design → build (lead: 2 d before design ends)");
}

#[test]
fn goal_bars_show_finish_date_and_priority_and_the_table_is_open() {
    let (p, s) = released();
    let html = report_html(&p, &s, &ReportOptions::default()).unwrap();
    // finish day 12 is 2027-01-20 (working days from Monday 2027-01-04)
    assert!(
        html.contains(">finish day 12 (2027-01-20)</text>"),
        "finish label"
    );
    assert!(html.contains("class=\"prio\" text-anchor=\"end\">priority 7</text>"));
    assert!(html.contains("<details open=\"open\"><summary>Goals table"));
}

#[test]
fn the_summary_reads_in_words() {
    let (p, s) = released();
    let html = report_html(&p, &s, &ReportOptions::default()).unwrap();
    let reading = html.split("id=\"reading\"").nth(1).unwrap();
    let reading = &reading[..reading.find("</p>").unwrap()];
    assert!(reading.contains("feasible: a valid plan"), "{reading}");
    assert!(reading.contains("no plan can score below 70"), "{reading}");
    let gap = format!("at most {:.1} % of this plan", 100.0 * s.gap());
    assert!(reading.contains(&gap), "{reading}");
    // jargon in small print only
    assert!(html.contains("<span class=\"note\">lower bounds, each proven</span>"));
    assert!(!html.contains("<h3>Lower bounds</h3>"));
}

#[test]
fn measured_effects_read_as_sentences_beside_the_price() {
    let (p, s) = released();
    let effect = |earlier: Vec<(u32, u32)>, later: Vec<(u32, u32)>| BottleneckEffect {
        bottleneck: s.bottlenecks[0].clone(),
        earlier: earlier
            .into_iter()
            .map(|(g, days)| crate::solve::GoalShift {
                goal: crate::model::GoalId(g),
                days,
            })
            .collect(),
        later: later
            .into_iter()
            .map(|(g, days)| crate::solve::GoalShift {
                goal: crate::model::GoalId(g),
                days,
            })
            .collect(),
        objective_before: 100.0,
        objective_after: 72.0,
        makespan_before: 12,
        makespan_after: 8,
    };
    let without = report_html(&p, &s, &ReportOptions::default()).unwrap();
    assert!(!without.contains("id=\"what-if\""));
    let options = ReportOptions::default().with_effects(vec![effect(vec![(0, 4)], vec![])]);
    let html = report_html(&p, &s, &options).unwrap();
    assert!(
        html.contains(
            "One more person in <strong>backend</strong> on days 0-5 (2027-01-04 to 2027-01-11) lets <strong>launch</strong> finish 4 days earlier."
        ),
        "{html}"
    );
    assert!(html.contains("objective 100 → 72 (-28.0 %); LP price of this person ~14"));
    // no goal moves, the makespan does
    let options = ReportOptions::default().with_effects(vec![effect(vec![], vec![])]);
    let html = report_html(&p, &s, &options).unwrap();
    assert!(html.contains("lets the whole plan finish 4 days earlier."));
}

#[test]
fn what_if_sentences_escape_team_and_goal_names() {
    let (p, mut s) = plan();
    s.bottlenecks[0].team = crate::model::ResourceId(1); // web<&>
    let shift = |g: u32| crate::solve::GoalShift {
        goal: crate::model::GoalId(g),
        days: 2,
    };
    let effect = BottleneckEffect {
        bottleneck: s.bottlenecks[0].clone(),
        earlier: vec![shift(1)],
        later: vec![shift(0)],
        objective_before: 10.0,
        objective_after: 9.0,
        makespan_before: 5,
        makespan_after: 5,
    };
    let html = report_html(&p, &s, &ReportOptions::default().with_effects(vec![effect])).unwrap();
    assert!(!html.contains("<script"));
    assert!(html.contains(
        "One more person in <strong>web&lt;&amp;&gt;</strong> on days 0-3 lets <strong>x&quot;&lt;script&gt;alert(1)&lt;/script&gt;</strong> finish 2 days earlier; in exchange, <strong>core</strong> finishes 2 days later."
    ), "{html}");
}

#[test]
fn a_replan_report_says_what_changed_and_why() {
    let (p, s) = plan();
    let row = |task: &str, goal: &str, start: u32| crate::schedule::ScheduleRow {
        task: task.into(),
        goal: goal.into(),
        crew: crate::schedule::Crew::single("backend", 1),
        start,
        finish: start + 1,
    };
    let mut diff = Diff::between(&[row("api", "core", 3)], &[row("api", "core", 0)]);
    diff.goals[0].cause = Some("its priority changed 1 -> 3 <now>".into());
    let summary = ReplanSummary {
        baseline_objective: Some(20.0),
        objective: 15.0,
        stability_term: 0.0,
        moved_tasks: 1,
        min_gain: 0.005,
    };
    let first = report_html(&p, &s, &ReportOptions::default()).unwrap();
    assert!(
        !first.contains("id=\"replan\""),
        "a first plan has no re-plan section"
    );
    let html = report_html(&p, &s, &ReportOptions::default().with_replan(summary, diff)).unwrap();
    assert!(html.contains("<h2>What the re-plan changed</h2>"), "{html}");
    assert!(html.contains("Keeping the baseline scores 20 under the new inputs, the re-plan 15 (-25.00 %), moving 1 task"));
    assert!(html.contains(
        "core: day 4 -&gt; 1 (3 days earlier; its priority changed 1 -&gt; 3 &lt;now&gt;)"
    ));
    assert!(html.contains("api (core): day 3 -&gt; 0 (-3)"));
}

#[test]
fn a_task_on_several_teams_is_in_each_of_their_lanes_and_loads() {
    use crate::model::Alternative;
    let mut b = ProblemBuilder::new();
    let be = b.resource("backend", Calendar::constant(3));
    let qa = b.resource("qa", Calendar::constant(1));
    let g = b.goal("g", 1.0, None);
    let both = Alternative::new(vec![(be, Some(2)), (qa, None)], 6.0);
    b.plan_task_alternatives("rel", Some(g), &[both], 1, 1, 0);
    b.plan_task("api", Some(g), &[(be, 1.0)], 1, 1, 0);
    let p = b.build().unwrap();
    let schedule = Schedule::new(vec![asg(0, 0), asg(0, 0)]);
    schedule.check(&p).unwrap();
    let solution = Solution {
        objective: schedule.objective(&p),
        schedule,
        bounds: LowerBounds::default(),
        status: Status::Feasible,
        seconds: 0.0,
        goal_order: Vec::new(),
        bottlenecks: Vec::new(),
    };
    let html = report_html(&p, &solution, &ReportOptions::default()).unwrap();
    // one bar per lane it is in: backend and qa
    assert_eq!(html.matches("<g data-task=\"rel\">").count(), 2);
    assert!(html.contains("backend · 2 tasks"), "{html}");
    assert!(html.contains("qa · 1 tasks"));
    assert!(!html.contains("tasks without a single team"));
    assert!(html.contains("teams backend (2 people) + qa (1 person) at once"));
    // the load counts every demand: backend 3 of 3 on day 0, qa 1
    assert_eq!(
        crate::schedule::daily_load(&p, &solution.schedule),
        [vec![3, 2], vec![1, 1]]
    );
}

/// Three goals on one person, efforts skewed late: `soon` (due day 5),
/// `later` (due day 12, named with markup) and `open` (no due day); the
/// plan solved and its forecast over 200 scenarios.
fn forecast_plan(dates: bool) -> (Problem, Solution, Forecast) {
    use crate::model::EffortRange;
    let mut b = ProblemBuilder::new();
    let be = b.resource("backend", Calendar::constant(1));
    let soon = b.goal("soon", 5.0, Some(5));
    let later = b.goal("later", 2.0, Some(12));
    let open = b.goal("open", 1.0, None);
    b.goal_name(later, "Launch <beta> & co");
    let a = b.plan_task("a", Some(soon), &[(be, 4.0)], 1, 1, 0);
    let c = b.plan_task("c", Some(later), &[(be, 5.0)], 1, 1, 0);
    let d = b.plan_task("d", Some(open), &[(be, 2.0)], 1, 1, 0);
    b.effort_range(a, EffortRange::new(3.0, 4.0, 8.0));
    b.effort_range(c, EffortRange::new(4.0, 5.0, 12.0));
    b.effort_range(d, EffortRange::new(2.0, 2.0, 6.0));
    if dates {
        b.work_days(WorkDays::new(Date::from_ymd(2027, 1, 4).unwrap()));
    }
    let p = b.build().unwrap();
    let options = crate::solve::SolveOptions::default()
        .with_work_limit(0.05)
        .unwrap();
    let solution = crate::solve::solve(&p, &options);
    let f = forecast(
        &p,
        &solution.schedule,
        &ForecastOptions {
            samples: 200,
            seed: 1,
        },
    );
    (p, solution, f)
}

/// The attribute `name` of the first element of `tag` (e.g. `<rect `) in
/// `text`, as a number.
fn attr(text: &str, tag: &str, name: &str) -> f64 {
    let element = &text[text.find(tag).unwrap()..];
    let element = &element[..element.find('>').unwrap()];
    let value = element.split(&format!(" {name}=\"")).nth(1).unwrap();
    value[..value.find('"').unwrap()].parse().unwrap()
}

/// The page without its `<!DOCTYPE>` line parses as XML.
fn assert_well_formed(html: &str) {
    let body = html.strip_prefix("<!DOCTYPE html>\n").unwrap();
    if let Err(e) = roxmltree::Document::parse(body) {
        panic!("not well-formed: {e}");
    }
}

#[test]
fn a_forecast_draws_every_goals_range_inside_the_chart() {
    let (p, s, f) = forecast_plan(false);
    let options = ReportOptions {
        forecast: Some(f.clone()),
        ..ReportOptions::default()
    };
    let html = report_html(&p, &s, &options).unwrap();
    assert_well_formed(&html);
    assert!(!html.contains("<beta>"), "unescaped goal name");
    let chart = html.split("aria-label=\"goal timeline\"").nth(1).unwrap();
    let chart = &chart[..chart.find("</svg>").unwrap()];
    let width = {
        let svg = html[..html.find("aria-label=\"goal timeline\"").unwrap()]
            .rfind("<svg ")
            .unwrap();
        attr(&html[svg..], "<svg ", "width")
    };
    let p90_max = f.goals.iter().map(|g| g.p90).max().unwrap();
    assert!(
        p90_max > s.schedule.makespan(&p).max(12),
        "the test wants a P90 past the plan and the due days"
    );
    for g in &f.goals {
        let id = &p.goal(g.goal).id;
        let group = format!(
            "<g class=\"range\" data-goal=\"{id}\" data-p10=\"{}\" data-p50=\"{}\" data-p90=\"{}\">",
            g.p10, g.p50, g.p90
        );
        assert_eq!(chart.matches(&group).count(), 1, "{group}");
        let range = &chart[chart.find(&group).unwrap()..];
        let range = &range[..range.find("</g>").unwrap()];
        // the band ends at the P90 on the shared axis, inside the chart
        let x0 = attr(range, "<rect ", "x");
        let x1 = x0 + attr(range, "<rect ", "width");
        let axis = |d: u32| svg::LABEL_WIDTH + svg::PLOT_WIDTH * f64::from(d) / f64::from(p90_max);
        assert!((x0 - axis(g.p10)).abs() < 0.2, "{id}: P10 at {x0}");
        assert!((x1 - axis(g.p90)).abs() < 0.2, "{id}: P90 at {x1}");
        assert!(x1 <= svg::LABEL_WIDTH + svg::PLOT_WIDTH + 0.05 && x1 < width);
        assert!((attr(range, "<line class=\"p50\"", "x1") - axis(g.p50)).abs() < 0.2);
        assert!(range.contains(&format!("P90: day {}", g.p90)), "{range}");
    }
    // the longest band reaches the end of the axis
    let last = f.goals.iter().find(|g| g.p90 == p90_max).unwrap();
    let group = format!("data-p90=\"{}\">", last.p90);
    let range = &chart[chart.find(&group).unwrap()..];
    let x1 = attr(range, "<rect ", "x") + attr(range, "<rect ", "width");
    assert!(
        (x1 - (svg::LABEL_WIDTH + svg::PLOT_WIDTH)).abs() < 0.2,
        "{x1}"
    );
    // the plan's bars and finish labels are still there
    assert_eq!(chart.matches("<g class=\"goal\"").count(), 3);
    assert_eq!(chart.matches("class=\"fin\">finish day").count(), 3);
    assert!(html.contains("<a href=\"#forecast\">Forecast</a>"));
}

#[test]
fn on_time_probabilities_are_listed_with_the_goals_at_risk_first() {
    let (p, s, f) = forecast_plan(false);
    let options = ReportOptions {
        forecast: Some(f.clone()),
        ..ReportOptions::default()
    };
    let html = report_html(&p, &s, &options).unwrap();
    let table = html.split("<table id=\"forecast-table\">").nth(1).unwrap();
    let table = &table[..table.find("</table>").unwrap()];
    let order: Vec<&str> = table
        .split("<tr data-goal=\"")
        .skip(1)
        .map(|row| &row[..row.find('"').unwrap()])
        .collect();
    let expected: Vec<&str> = f
        .at_risk()
        .iter()
        .map(|g| p.goal(g.goal).id.as_str())
        .collect();
    assert_eq!(order, expected);
    assert_eq!(order.last(), Some(&"open"), "no due day: last");
    assert!(f.goals.iter().any(|g| g.on_time.is_some_and(|q| q < 0.5)));
    for g in &f.goals {
        let id = &p.goal(g.goal).id;
        let row = table
            .split(&format!("<tr data-goal=\"{id}\">"))
            .nth(1)
            .unwrap();
        let row = &row[..row.find("</tr>").unwrap()];
        let cells = format!(
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            g.plan, g.p10, g.p50, g.p90
        );
        assert!(row.contains(&cells), "{row}");
        match g.on_time {
            Some(q) => {
                let pct = svg::percent(q);
                assert!(pct.ends_with(" %"), "{pct}");
                assert!(
                    row.contains(&format!(">{}</span></td>", esc(&pct))),
                    "{row}"
                );
                // at risk in red, in the table and beside the band
                let red = format!("class=\"bad\">{}", esc(&pct));
                assert_eq!(row.contains(&red), q < 0.5, "{row}");
                let red = format!("class=\"fin late\">P50 day {} · {}", g.p50, esc(&pct));
                assert_eq!(html.contains(&red), q < 0.5, "{red}");
                // beside the band on the chart too
                assert!(html.contains(&format!("{} on time</text>", esc(&pct))));
            }
            None => assert!(row.contains("no due day"), "{row}"),
        }
    }
    assert!(table.contains("<td>Launch &lt;beta&gt; &amp; co</td>"));
    // the sentence: samples, the mean objective against the plan's
    let reading = html.split("id=\"forecast-reading\">").nth(1).unwrap();
    let reading = &reading[..reading.find("</p>").unwrap()];
    assert!(
        reading.starts_with("Forecast from 200 scenarios (seed 1)"),
        "{reading}"
    );
    assert!(
        reading.contains(&format!(
            "The mean score is {} against the plan&#39;s {}",
            svg::short(f.objective_mean),
            svg::short(f.objective_plan)
        )),
        "{reading}"
    );
    assert!(f.reproduces_plan);
    assert!(!reading.contains("not its own serial schedule"));
}

#[test]
fn a_plan_that_is_not_its_own_serial_schedule_is_flagged() {
    let (p, s, mut f) = forecast_plan(false);
    f.reproduces_plan = false;
    let options = ReportOptions {
        forecast: Some(f),
        ..ReportOptions::default()
    };
    let html = report_html(&p, &s, &options).unwrap();
    assert!(html.contains(
        "Note: this plan is not its own serial schedule (it may come from another tool or an edit), so in the simulation no task starts before its planned day"
    ));
}

#[test]
fn forecast_dates_read_as_the_chart_writes_them() {
    let (p, s, f) = forecast_plan(true);
    let options = ReportOptions {
        forecast: Some(f.clone()),
        ..ReportOptions::default()
    };
    let html = report_html(&p, &s, &options).unwrap();
    let wd = p.work_days().unwrap();
    for g in &f.goals {
        // tooltips and labels as the finish labels: `day N (date)`
        let p90 = format!("P90: day {} ({})", g.p90, wd.date_of(g.p90));
        assert!(html.contains(&p90), "{p90}");
        let p50 = format!(">P50 day {} ({})", g.p50, wd.date_of(g.p50));
        assert!(html.contains(&p50), "{p50}");
        // table cells as the goals table's: `N (date)`
        let p10 = format!("<td class=\"n\">{} ({})</td>", g.p10, wd.date_of(g.p10));
        assert!(html.contains(&p10), "{p10}");
    }
}

#[test]
fn a_hand_made_forecast_never_breaks_the_report() {
    let (p, s, f) = forecast_plan(true);
    let odd = |goal: u32, p10: u32, p90: u32, on_time: Option<f64>| GoalForecast {
        goal: crate::model::GoalId(goal),
        due: Some(3),
        plan: 7,
        p10,
        p50: p10,
        p90,
        mean: f64::NAN,
        on_time,
    };
    let cases = [
        Forecast {
            samples: 0,
            seed: 0,
            objective_plan: 0.0,
            objective_mean: f64::NAN,
            objective_p90: f64::INFINITY,
            goals: Vec::new(),
            reproduces_plan: false,
        },
        Forecast {
            goals: vec![
                // quantiles out of order, a share that is not one, another
                // problem's goal, a finish far beyond the plan
                odd(0, 30, 2, Some(f64::NAN)),
                odd(1, 5, 2_000_000, Some(1.7)),
                odd(7, 1, 2, Some(0.5)),
                odd(2, 0, 0, None),
            ],
            ..f
        },
    ];
    for (forecast, rows) in cases.into_iter().zip([0, 3]) {
        let options = ReportOptions {
            forecast: Some(forecast),
            ..ReportOptions::default()
        }
        .with_today(2);
        let html = report_html(&p, &s, &options).unwrap();
        assert_well_formed(&html);
        assert!(html.contains("<section id=\"forecast\">"));
        assert_eq!(html.matches("<g class=\"range\"").count(), rows);
        let table = html.split("id=\"forecast\"").nth(1).unwrap();
        assert_eq!(table.matches("<tr data-goal=").count(), rows);
    }
}

#[test]
fn without_a_forecast_there_is_no_trace_of_one() {
    let (p, s, _) = forecast_plan(true);
    let html = report_html(&p, &s, &ReportOptions::default()).unwrap();
    assert_well_formed(&html);
    for absent in [
        "id=\"forecast\"",
        "#forecast",
        "class=\"range\"",
        "P50",
        "P90",
    ] {
        assert!(!html.contains(absent), "{absent}");
    }
}
