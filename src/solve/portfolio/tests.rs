//! Tests of the `portfolio` module.

use std::time::Duration;

use super::*;
use crate::model::{Calendar, ProblemBuilder};
use crate::solve::sgs::tests::{random_problem, violation};

fn run(p: &Problem, options: &SolveOptions, budget: usize) -> Schedule {
    let cpm = Analysis::new(p);
    let deadline = options.deadline(Instant::now());
    let (s, _) = search_with(p, &cpm, options, deadline, budget, &[], 0.0, None);
    assert_eq!(violation(p, &s), None);
    // the official checker agrees (no pins here)
    let report = s.check(p).expect("the checker accepts the schedule");
    assert_eq!(report.objective, s.objective(p));
    s
}

fn generous() -> SolveOptions {
    SolveOptions::default().with_time_limit(Duration::from_secs(3600))
}

/// Best objective over every precedence-feasible list and mode vector.
fn brute_force(p: &Problem) -> f64 {
    fn lists(p: &Problem, prefix: &mut Vec<ActivityId>, out: &mut Vec<Vec<ActivityId>>) {
        if prefix.len() == p.len() {
            out.push(prefix.clone());
            return;
        }
        for a in p.activity_ids() {
            if !prefix.contains(&a) && p.predecessors(a).iter().all(|(b, _)| prefix.contains(b)) {
                prefix.push(a);
                lists(p, prefix, out);
                prefix.pop();
            }
        }
    }
    let mut all = Vec::new();
    lists(p, &mut Vec::new(), &mut all);
    let nm: Vec<usize> = p.activities().iter().map(|a| a.modes.len()).collect();
    let combos: usize = nm.iter().product();
    let mut sgs = Sgs::new(p);
    let mut best = f64::INFINITY;
    for c in 0..combos {
        let mut k = c;
        let modes: Vec<usize> = nm
            .iter()
            .map(|&m| {
                let x = k % m;
                k /= m;
                x
            })
            .collect();
        for list in &all {
            best = best.min(sgs.decode(list, Some(&modes)));
        }
    }
    best
}

#[test]
fn tiny_instance_reaches_its_optimum() {
    // energy bound (6 + 2 + 2 + 2) / 2 = 6, met by b, c | d | a
    let mut b = ProblemBuilder::new();
    b.objective(Objective::Makespan);
    let t = b.resource("t", Calendar::constant(2));
    let a = b.plan_task("a", None, &[(t, 6.0)], 2, 2, 0);
    let x = b.plan_task("b", None, &[(t, 2.0)], 1, 1, 0);
    let c = b.plan_task("c", None, &[(t, 2.0)], 1, 1, 0);
    let d = b.plan_task("d", None, &[(t, 2.0)], 2, 2, 0);
    b.precedence(x, d, 0);
    let p = b.build().unwrap();
    let s = run(&p, &generous(), 500);
    assert_eq!(s.makespan(&p), 6);
    let _ = (a, c);
}

#[test]
fn weighted_objective_serves_the_heavy_goal_first() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let light = b.goal("light", 1.0, None);
    let heavy = b.goal("heavy", 10.0, None);
    b.plan_task("l", Some(light), &[(t, 5.0)], 1, 1, 0);
    let h = b.plan_task("h", Some(heavy), &[(t, 5.0)], 1, 1, 0);
    let p = b.build().unwrap();
    let s = run(&p, &generous(), 200);
    assert_eq!(s.start(h), 0);
    assert_eq!(s.objective(&p), 10.0 * 5.0 + 10.0);
}

#[test]
fn matches_brute_force_on_tiny_single_mode_instances() {
    for seed in 0..12 {
        let objective = if seed % 2 == 0 {
            Objective::Makespan
        } else {
            Objective::default()
        };
        let p = random_problem(100 + seed, 6, 1, objective);
        let s = run(&p, &generous(), 3000);
        assert_eq!(s.objective(&p), brute_force(&p), "seed {seed}");
    }
}

#[test]
fn never_beats_brute_force_on_multi_mode_instances() {
    for seed in 0..6 {
        let p = random_problem(200 + seed, 5, 2, Objective::Makespan);
        let s = run(&p, &generous(), 300);
        assert!(s.objective(&p) >= brute_force(&p));
    }
}

#[test]
fn same_seed_and_threads_give_the_same_schedule() {
    let p = random_problem(7, 40, 2, Objective::default());
    for threads in [1, 2] {
        let o = generous().with_threads(threads).unwrap().with_seed(11);
        assert_eq!(run(&p, &o, 300), run(&p, &o, 300));
    }
}

#[test]
fn mirrored_workers_are_deterministic_and_feasible() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/psplib/j6013_5.sm");
    let p = crate::input::read_psplib(&path).expect("bundled instance");
    assert!(crate::solve::reverse::mirror(&p).is_some());
    let o = generous().with_threads(2).unwrap().with_seed(3);
    let a = run(&p, &o, 400);
    assert_eq!(a, run(&p, &o, 400));
    assert!(a.makespan(&p) >= Analysis::new(&p).makespan_bound);
}

#[test]
fn zero_time_limit_still_returns_a_valid_schedule() {
    let p = random_problem(9, 60, 3, Objective::default());
    let cpm = Analysis::new(&p);
    let o = SolveOptions::default().with_time_limit(Duration::ZERO);
    let (s, _) = search(&p, &cpm, &o, Instant::now(), &[], 0.0);
    assert_eq!(violation(&p, &s), None);
}

#[test]
fn empty_problem_gives_an_empty_schedule() {
    let p = ProblemBuilder::new().build().unwrap();
    let s = run(&p, &generous(), 10);
    assert!(s.assignments().is_empty());
}

#[test]
fn a_larger_budget_never_gives_a_worse_schedule() {
    // every budget at or above the opening's runs the same search further
    for seed in 0..4 {
        let p = random_problem(seed, 40, 2, Objective::default());
        for threads in [1, 2] {
            let o = SolveOptions::default()
                .with_work_limit(0.002)
                .unwrap()
                .with_threads(threads)
                .unwrap()
                .with_seed(seed);
            let opening = default_budget(p.len(), &o.opening(p.len()));
            let mut last = f64::INFINITY;
            for budget in [opening, 3 * opening, 10 * opening] {
                let value = run(&p, &o, budget).objective(&p);
                assert!(
                    value <= last + 1e-9,
                    "seed {seed}, {threads} threads: budget {budget} gave {value} after {last}"
                );
                last = value;
            }
        }
    }
}

#[test]
fn large_weighted_plans_search_with_priced_modes_valid_and_reproducible() {
    use crate::generate::{GeneratorParams, generate_plan};
    let plan = generate_plan(&GeneratorParams {
        tasks: PRICED_PLAN,
        goals: 20,
        seed: 5,
        ..GeneratorParams::default()
    });
    let p = plan.problem(&Default::default()).unwrap();
    assert!(p.len() >= PRICED_PLAN);
    // both workers' price settings apply to this plan
    for &(weight, power) in &LARGE_PLAN_PRICES {
        assert!(ModePrices::congestion(&p, weight, power).is_some());
    }
    let options = generous().with_threads(2).unwrap();
    let first = run(&p, &options, 40);
    assert_eq!(first, run(&p, &options, 40));
}

/// The board of a posting search holds the search's result when it
/// returns (every worker posts its best), and a closed board answers at
/// once, with or without a post.
#[test]
fn a_posting_search_leaves_its_best_on_the_board() {
    let mut rng = crate::solve::testkit::Rng(0xb0a2_d001);
    let mut checked = 0;
    while checked < 6 {
        let Some(p) = crate::solve::testkit::random_problem(&mut rng) else {
            continue;
        };
        checked += 1;
        let cpm = Analysis::new(&p);
        for threads in [1, 2] {
            let options = generous()
                .with_threads(threads)
                .unwrap()
                .with_work_limit(0.05)
                .unwrap();
            let board = Board::default();
            let deadline = Instant::now() + std::time::Duration::from_secs(3600);
            let (schedule, _) = search_posting(&p, &cpm, &options, deadline, &[], 0.0, &board);
            let posted = board
                .best(Instant::now())
                .expect("the rules' best at least");
            assert_eq!(posted.objective(&p), schedule.objective(&p));
            assert!(posted.check(&p).is_ok());
        }
    }
    let empty = Board::default();
    empty.close();
    let far = Instant::now() + std::time::Duration::from_secs(3600);
    assert!(empty.best(far).is_none());
}
