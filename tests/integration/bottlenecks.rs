//! Bottleneck prices mean something: one more person where the LP price is
//! highest helps the re-solved plan at least as much as one where it is zero;
//! and the example roadmap names its bottleneck.

use tandem::model::ResourceId;
use tandem::solve::{WHAT_IF_COUNT, bottleneck_effects};
use tandem::{Calendar, Problem, ProblemBuilder, SolveOptions, solve};

use crate::util::{read_summary, root, stdout, tandem, temp_dir};

const BACKEND: usize = 0;
const DESIGN: usize = 1;

/// Four goals, each a short design task then two backend tasks. Backend (2
/// people) carries 64 person-days and every due day is tight; design (4
/// people, 8 person-days) is never short. `extra` adds one person to a team
/// on days `from..=to`.
fn plan(extra: Option<(usize, u32, u32)>) -> Problem {
    let mut calendars = [Calendar::constant(2), Calendar::constant(4)];
    if let Some((team, from, to)) = extra {
        let cal = &mut calendars[team];
        for day in from..=to {
            let people = cal.at(day);
            cal.set(day, day, people + 1);
        }
    }
    let [backend_cal, design_cal] = calendars;
    let mut b = ProblemBuilder::new();
    let backend = b.resource("backend", backend_cal);
    let design = b.resource("design", design_cal);
    for g in 0..4u32 {
        let goal = b.goal(format!("g{g}"), f64::from(4 - g), Some(6 + 6 * g));
        let d = b.plan_task(format!("d{g}"), Some(goal), &[(design, 2.0)], 1, 1, 0);
        let x = b.plan_task(format!("x{g}"), Some(goal), &[(backend, 10.0)], 1, 2, 0);
        let y = b.plan_task(format!("y{g}"), Some(goal), &[(backend, 6.0)], 1, 2, 0);
        b.precedence(d, x, 0);
        b.precedence(x, y, 0);
    }
    b.build().expect("valid plan")
}

fn options() -> SolveOptions {
    SolveOptions::default()
        .with_work_limit(3.0)
        .expect("a valid work limit")
        .with_seed(11)
}

fn objective(p: &Problem) -> f64 {
    let s = solve(p, &options());
    let report = s.schedule.check(p).expect("valid schedule");
    assert_eq!(report.objective, s.objective);
    assert!(s.lower_bound() <= s.objective);
    s.objective
}

#[test]
fn a_person_where_the_price_is_highest_helps_at_least_as_much_as_where_it_is_zero() {
    let base = plan(None);
    let solution = solve(&base, &options());
    let top = solution
        .bottlenecks
        .first()
        .expect("the LP prices the busy team")
        .clone();
    assert_eq!(
        top.team,
        ResourceId::from_index(BACKEND),
        "{:?}",
        solution.bottlenecks
    );
    assert!(top.value > 0.0 && top.from <= top.to);
    // design has no price anywhere, in particular not in the same period
    assert!(
        solution
            .bottlenecks
            .iter()
            .all(|b| b.team != ResourceId::from_index(DESIGN)),
        "{:?}",
        solution.bottlenecks
    );
    let before = objective(&base);
    let priced = before - objective(&plan(Some((BACKEND, top.from, top.to))));
    let unpriced = before - objective(&plan(Some((DESIGN, top.from, top.to))));
    eprintln!(
        "top price: {top:?}; gain of one more backend person {priced}, design person {unpriced}"
    );
    assert!(
        priced >= unpriced,
        "backend person gained {priced}, design person {unpriced}"
    );
    assert!(priced > 0.0, "one more backend person must help this plan");
}

#[test]
fn the_example_roadmap_names_its_bottleneck() {
    let out = temp_dir("roadmap-bottleneck");
    let plan = root().join("data/roadmap");
    let o = tandem(&[
        "plan",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--start",
        "2027-01-04",
        "--work-limit",
        "5",
        "--seed",
        "1",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = read_summary(&out);
    let list = summary["bottlenecks"]
        .as_array()
        .expect("bottlenecks array");
    assert!(!list.is_empty(), "{summary}");
    let teams = std::fs::read_to_string(plan.join("teams.csv")).unwrap();
    let mut last = f64::INFINITY;
    for b in list {
        let team = b["team"].as_str().expect("team id");
        assert!(teams.lines().any(|l| l.starts_with(&format!("{team},"))));
        let (from, to) = (b["from"].as_u64().unwrap(), b["to"].as_u64().unwrap());
        assert!(from <= to);
        assert!(b["from_date"].as_str().unwrap() <= b["to_date"].as_str().unwrap());
        let value = b["value"].as_f64().unwrap();
        assert!(value > 0.0 && value <= last, "most valuable first");
        last = value;
    }
    let first = &list[0];
    let line = format!(
        "bottleneck:   {} in days {}-{} ({}..{})",
        first["team"].as_str().unwrap(),
        first["from"],
        first["to"],
        first["from_date"].as_str().unwrap(),
        first["to_date"].as_str().unwrap()
    );
    assert!(stdout(&o).contains(&line), "{}\nwanted: {line}", stdout(&o));
    let lp = summary["bounds"]["lp"].as_f64().expect("LP bound");
    assert!(lp <= summary["objective"].as_f64().unwrap());
    // the measured effects of one more person are in summary.json too, for
    // the top bottlenecks in order, never worse, in goals and days
    let effects = summary["bottleneck_effects"]
        .as_array()
        .expect("bottleneck_effects array");
    assert!(
        !effects.is_empty() && effects.len() <= list.len(),
        "{summary}"
    );
    let goals = std::fs::read_to_string(plan.join("goals.csv")).unwrap();
    for (e, b) in effects.iter().zip(list) {
        assert_eq!(
            (&e["team"], &e["from"], &e["to"]),
            (&b["team"], &b["from"], &b["to"])
        );
        let (before, after) = (
            e["objective_before"].as_f64().unwrap(),
            e["objective_after"].as_f64().unwrap(),
        );
        assert!(after <= before + 1e-9);
        for shift in e["earlier"]
            .as_array()
            .unwrap()
            .iter()
            .chain(e["later"].as_array().unwrap())
        {
            let goal = shift["goal"].as_str().unwrap();
            assert!(goals.lines().any(|l| l.starts_with(&format!("{goal},"))));
            assert!(shift["days"].as_u64().unwrap() > 0);
        }
    }
}

#[test]
fn measured_effects_hold_up_in_an_independent_re_solve() {
    let base = plan(None);
    let solution = solve(&base, &options());
    let effects = bottleneck_effects(&base, &solution, None).expect("the edit is allowed");
    assert!(!effects.is_empty() && effects.len() <= WHAT_IF_COUNT);
    let top = &effects[0];
    assert_eq!(top.bottleneck, solution.bottlenecks[0]);
    assert!(
        !top.earlier.is_empty(),
        "one more backend person must let some goal finish earlier: {top:?}"
    );
    let before = solution.schedule.goal_finishes(&base);
    for effect in &effects {
        assert!(
            effect.objective_after <= effect.objective_before,
            "{effect:?}"
        );
        if effect.earlier.is_empty() {
            continue;
        }
        // the same extra person, built and solved from scratch
        let b = &effect.bottleneck;
        let more = plan(Some((b.team.index(), b.from, b.to)));
        let fresh = solve(&more, &options());
        fresh.schedule.check(&more).expect("valid schedule");
        let after = fresh.schedule.goal_finishes(&more);
        for shift in &effect.earlier {
            let g = shift.goal.index();
            assert!(
                after[g] + shift.days <= before[g],
                "goal g{g}: stated {} days earlier than {}, the fresh solve finishes it on {}",
                shift.days,
                before[g],
                after[g]
            );
        }
        assert!(fresh.objective <= effect.objective_after + 1e-9);
    }
}
