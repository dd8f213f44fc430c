//! Relaxation tests: hand-made plans and the brute-force oracle.

use super::*;
use crate::model::{Calendar, ProblemBuilder};
use crate::solve::testkit::{Rng, optimum, random_problem, weighted_case, weighted_lead_case};

fn solve_lp(p: &Problem) -> Option<Relaxation> {
    let cpm = Analysis::new(p);
    let lb = lower_bounds(p, &cpm);
    let far = Instant::now() + Duration::from_secs(600);
    relax_with_bounds(p, &cpm, &lb, Duration::from_secs(3), far, false)
}

#[test]
fn never_above_the_brute_force_optimum() {
    let mut rng = Rng(0x1b_5eed);
    let (mut checked, mut tighter) = (0, 0);
    for case in 0..250 {
        let Some((mut p, _, opt)) = weighted_case(&mut rng, 2, 4, 3) else {
            continue;
        };
        checked += 1;
        let cpm = Analysis::new(&p);
        let combinatorial = lower_bounds(&p, &cpm).best();
        if let Some(r) = solve_lp(&p) {
            assert!(
                r.lower_bound <= opt + 1e-9,
                "case {case}: weighted LP bound {} > optimum {opt}\n{p:#?}",
                r.lower_bound
            );
            if r.lower_bound > combinatorial + 1e-6 {
                tighter += 1;
            }
            for list in &r.lists {
                assert_precedence_feasible(&p, list);
            }
        }
        p.set_objective(Objective::Makespan).unwrap();
        let makespan = |f: &[u32]| f64::from(f.iter().copied().max().unwrap_or(0));
        let opt = optimum(&p, &makespan).unwrap_or(f64::INFINITY);
        if let Some(r) = solve_lp(&p) {
            assert!(
                r.lower_bound <= opt,
                "case {case}: makespan LP bound {} > optimum {opt}\n{p:#?}",
                r.lower_bound
            );
        }
    }
    assert!(checked >= 150, "only {checked} feasible instances");
    assert!(tighter > 0, "the LP never beat the combinatorial bounds");
}

/// With leads (rows 3, 5, 6 and the tails of rows 9-10 count a lag with
/// its sign, or follow only lags `>= 0`): never above the optimum.
#[test]
fn never_above_the_brute_force_optimum_with_leads() {
    let mut rng = Rng(0x001e_ad1b);
    let (mut checked, mut with_leads) = (0, 0);
    for case in 0..120 {
        let Some((mut p, _, opt)) = weighted_lead_case(&mut rng, 3, 3, 3) else {
            continue;
        };
        checked += 1;
        with_leads += usize::from(p.has_leads());
        if let Some(r) = solve_lp(&p) {
            assert!(
                r.lower_bound <= opt + 1e-9,
                "case {case}: weighted LP bound {} > optimum {opt}\n{p:#?}",
                r.lower_bound
            );
            for list in &r.lists {
                assert_precedence_feasible(&p, list);
            }
        }
        p.set_objective(Objective::Makespan).unwrap();
        let makespan = |f: &[u32]| f64::from(f.iter().copied().max().unwrap_or(0));
        let opt = optimum(&p, &makespan).unwrap_or(f64::INFINITY);
        if let Some(r) = solve_lp(&p) {
            assert!(
                r.lower_bound <= opt,
                "case {case}: makespan LP bound {} > optimum {opt}\n{p:#?}",
                r.lower_bound
            );
        }
    }
    assert!(
        checked >= 80 && with_leads >= 40,
        "{checked} checked, {with_leads} with leads"
    );
}

#[test]
fn an_ancestor_through_a_long_lead_may_finish_after_the_goal() {
    // i (10 days, no goal) -> j (1 day, goal g) with lag -15: j may run on
    // day 0 and i on days 1-10, so g is done on day 1; counting i's work
    // before g's finish (row 6) would put the bound near 6
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g = b.goal("g", 1.0, None);
    let i = b.plan_task("i", None, &[(t, 10.0)], 1, 1, 0);
    let j = b.plan_task("j", Some(g), &[(t, 1.0)], 1, 1, 0);
    b.precedence(i, j, -15);
    let p = b.build().unwrap();
    let r = solve_lp(&p).expect("solved");
    assert!(r.lower_bound <= 1.0 + 1e-9, "bound {}", r.lower_bound);
    let s = crate::schedule::Schedule::new(vec![
        crate::schedule::Assignment { start: 1, mode: 0 },
        crate::schedule::Assignment { start: 0, mode: 0 },
    ]);
    assert_eq!(s.check(&p).unwrap().objective, 1.0);
}

fn assert_precedence_feasible(p: &Problem, list: &[ActivityId]) {
    assert_eq!(list.len(), p.len());
    let mut pos = vec![usize::MAX; p.len()];
    for (k, a) in list.iter().enumerate() {
        assert_eq!(pos[a.index()], usize::MAX, "{a} twice");
        pos[a.index()] = k;
    }
    for prec in p.precedences() {
        assert!(pos[prec.from.index()] < pos[prec.to.index()]);
    }
}

/// Two goals of four days on a team of one: whichever goes first, the
/// other finishes on day 8. The goals' separate finish bounds miss it.
fn two_goals_one_team() -> Problem {
    let mut b = ProblemBuilder::new();
    let team = b.resource("team", Calendar::constant(1));
    let urgent = b.goal("urgent", 3.0, Some(4));
    let later = b.goal("later", 1.0, None);
    b.plan_task("u", Some(urgent), &[(team, 4.0)], 1, 1, 0);
    b.plan_task("l", Some(later), &[(team, 4.0)], 1, 1, 0);
    b.build().unwrap()
}

#[test]
fn sees_goals_compete_for_a_team() {
    let p = two_goals_one_team();
    let cpm = Analysis::new(&p);
    let lb = lower_bounds(&p, &cpm);
    let r = solve_lp(&p).expect("solved");
    // best schedule: urgent first, 3 * 4 + 1 * 8 = 20
    assert_eq!(lb.energy, 16.0);
    assert!(
        r.lower_bound > 16.0 && r.lower_bound <= 20.0,
        "{}",
        r.lower_bound
    );
    // the team is the bottleneck, on the days both goals compete for
    let top = &r.bottlenecks[0];
    assert_eq!(top.team.index(), 0);
    assert!(top.from < 8 && top.value > 0.0);
}

#[test]
fn same_input_same_answer() {
    let mut rng = Rng(7);
    let p = (0..)
        .find_map(|_| random_problem(&mut rng).filter(|p| p.len() >= 4))
        .unwrap();
    let (a, b) = (solve_lp(&p).unwrap(), solve_lp(&p).unwrap());
    assert_eq!(a.lower_bound.to_bits(), b.lower_bound.to_bits());
    assert_eq!(a.lists, b.lists);
    assert_eq!(a.bottlenecks, b.bottlenecks);
}

#[test]
fn no_lp_without_time_or_work() {
    let p = two_goals_one_team();
    let cpm = Analysis::new(&p);
    let lb = lower_bounds(&p, &cpm);
    let soon = Instant::now() + Duration::from_secs(60);
    assert!(relax_with_bounds(&p, &cpm, &lb, Duration::from_millis(50), soon, false).is_none());
    assert!(relax(&p, &cpm, Instant::now() + Duration::from_millis(10)).is_none());
    let empty = ProblemBuilder::new().build().unwrap();
    let cpm = Analysis::new(&empty);
    assert!(relax(&empty, &cpm, soon).is_none());
    // a lateness weight below -1 makes the objective non-monotone
    let mut p = two_goals_one_team();
    p.set_objective(Objective::Weighted {
        lateness_weight: -2.0,
    })
    .unwrap();
    assert!(relax(&p, &Analysis::new(&p), soon).is_none());
}

#[test]
fn idle_team_has_no_price() {
    // the busy team of one carries three goals; the other is never short
    let mut b = ProblemBuilder::new();
    let busy = b.resource("busy", Calendar::constant(1));
    let idle = b.resource("idle", Calendar::constant(5));
    for g in 0..3 {
        let goal = b.goal(format!("g{g}"), 1.0 + f64::from(g), Some(3));
        let a = b.plan_task(format!("a{g}"), Some(goal), &[(idle, 1.0)], 1, 1, 0);
        let c = b.plan_task(format!("c{g}"), Some(goal), &[(busy, 3.0)], 1, 1, 0);
        b.precedence(a, c, 0);
    }
    let p = b.build().unwrap();
    let r = solve_lp(&p).expect("solved");
    assert!(!r.bottlenecks.is_empty());
    assert!(
        r.bottlenecks.iter().all(|x| x.team == busy),
        "{:?}",
        r.bottlenecks
    );
}
