//! Tests of the `exhaustive` module: leads against the brute force of the
//! bound tests.

use super::*;
use crate::model::{Calendar, ProblemBuilder};
use crate::solve::testkit::{Rng, goal_finishes, optimum, random_problem_with_leads};

/// The list search (active schedules of precedence-feasible lists), which
/// `exhaustive_optimum` uses only without leads.
fn list_search(problem: &Problem) -> Option<f64> {
    let mut search = Search {
        p: problem,
        order: Analysis::new(problem).order,
        start: vec![None; problem.len()],
        usage: vec![Vec::new(); problem.resources().len()],
        window: u32::try_from(problem.horizon()).unwrap_or(u32::MAX),
        best: None,
        nodes: 0,
        node_limit: u64::MAX,
    };
    search.dfs(0);
    search.best.map(|(value, _)| value)
}

#[test]
fn a_lead_lets_the_successor_go_first() {
    // one person; j -> d with lag -5: d may start before j. The urgent d
    // first costs 5 * 1 + 1 * 2 = 7; every list puts j first (its
    // predecessor), which decodes to j on day 0: 1 * 1 + 5 * 2 = 11
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let gj = b.goal("gj", 1.0, None);
    let gd = b.goal("gd", 5.0, None);
    let j = b.plan_task("j", Some(gj), &[(t, 1.0)], 1, 1, 0);
    let d = b.plan_task("d", Some(gd), &[(t, 1.0)], 1, 1, 0);
    b.precedence(j, d, -5);
    let p = b.build().unwrap();
    assert_eq!(exhaustive_optimum(&p, 1_000_000), Some(7.0));
    assert_eq!(list_search(&p), Some(11.0));
    let best = Schedule::new(vec![
        Assignment { start: 1, mode: 0 },
        Assignment { start: 0, mode: 0 },
    ]);
    assert_eq!(best.check(&p).unwrap().objective, 7.0);
}

#[test]
fn with_leads_it_agrees_with_the_brute_force() {
    let mut rng = Rng(0x1ead);
    let (mut compared, mut with_leads, mut missed_by_lists) = (0, 0, 0);
    for case in 0..400 {
        let Some(p) = random_problem_with_leads(&mut rng, 3, 3, 3) else {
            continue;
        };
        // the brute force lets a pin ignore its predecessors; the checker
        // (and this search) does not
        if p.activities().iter().any(|a| a.pin.is_some()) {
            continue;
        }
        let Objective::Weighted { lateness_weight: w } = p.objective() else {
            continue;
        };
        let cost = |f: &[u32]| crate::schedule::weighted_objective(&p, &goal_finishes(&p, f), w);
        let brute = optimum(&p, &cost);
        let ours = exhaustive_optimum(&p, 50_000_000);
        assert_eq!(ours, brute, "case {case}\n{p:#?}");
        compared += 1;
        if p.has_leads() {
            with_leads += 1;
            if list_search(&p).is_some_and(|v| v > ours.unwrap_or(f64::INFINITY) + 1e-9) {
                missed_by_lists += 1;
            }
        }
    }
    assert!(
        compared >= 200 && with_leads >= 60 && missed_by_lists > 0,
        "{compared} compared, {with_leads} with leads"
    );
    eprintln!("{compared} compared, {with_leads} with leads, {missed_by_lists} missed by lists");
}
