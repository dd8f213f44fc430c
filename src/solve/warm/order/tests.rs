use std::time::Duration;

use super::*;
use crate::model::{Calendar, ProblemBuilder};
use crate::solve::testkit::{self, precedence_feasible};

fn far() -> Instant {
    Instant::now() + Duration::from_secs(3600)
}

fn setup<'a>(hints: &'a [Vec<ActivityId>], modes: &'a [usize], anneal: f64) -> Setup<'a> {
    Setup {
        hints,
        modes,
        anneal,
        start: &[],
    }
}

#[test]
fn a_given_start_is_where_the_walk_starts() {
    // one person, four 2-day goals; with no time to search, the walk
    // returns its start: the given order, not the goal-work order
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let goals: Vec<_> = (0..4)
        .map(|k| b.goal(format!("g{k}"), 1.0 + f64::from(k), None))
        .collect();
    for (k, &g) in goals.iter().enumerate() {
        b.plan_task(format!("t{k}"), Some(g), &[(t, 2.0)], 1, 1, 0);
    }
    let p = b.build().unwrap();
    let cpm = Analysis::new(&p);
    let given = [0, 2, 1, 3];
    let mut setup = setup(&[], &[], 0.0);
    setup.start = &given;
    let past = Instant::now();
    let found = search(&p, &cpm, &setup, &mut Rng::new(1), 0, past).unwrap();
    assert_eq!(found.order, given);
    // finishes 2, 4, 6, 8 for g0, g2, g1, g3
    assert_eq!(found.objective, 2.0 + 3.0 * 4.0 + 2.0 * 6.0 + 4.0 * 8.0);
    setup.start = &[];
    let plain = search(&p, &cpm, &setup, &mut Rng::new(1), 0, past).unwrap();
    assert_ne!(plain.order, given, "the goal-work order (heaviest first)");
    // a start of the wrong length is ignored
    setup.start = &[0, 1];
    let short = search(&p, &cpm, &setup, &mut Rng::new(1), 0, past).unwrap();
    assert_eq!(short.order, plain.order);
}

#[test]
fn a_raised_priority_puts_its_goal_first() {
    // one person, four 2-day goals listed in a row; g3's priority is raised
    let (p, tasks) = testkit::raised_priority_plan();
    let cpm = Analysis::new(&p);
    let found = search(
        &p,
        &cpm,
        &setup(std::slice::from_ref(&tasks), &[], 0.0),
        &mut Rng::new(1),
        500,
        far(),
    )
    .unwrap();
    assert_eq!(found.objective, 50.0 * 2.0 + 4.0 + 6.0 + 8.0);
    assert_eq!(found.schedule.start(tasks[3]), 0);
    assert_eq!(found.schedule.check(&p).unwrap().objective, found.objective);
}

#[test]
fn never_worse_than_its_start_valid_and_deterministic() {
    let mut rng = testkit::Rng(5);
    let mut searched = 0;
    for _ in 0..80 {
        let Some(p) = testkit::random_problem_sized(&mut rng, 12, 10, 4) else {
            continue;
        };
        if p.activities().iter().any(|a| a.pin.is_some()) {
            continue; // pins may clash with precedences here
        }
        let cpm = Analysis::new(&p);
        let hint = PriorityRule::Lft.activity_list(&p, &cpm);
        let Some(a) = search(
            &p,
            &cpm,
            &setup(std::slice::from_ref(&hint), &[], 0.0),
            &mut Rng::new(9),
            300,
            far(),
        ) else {
            let weighted = matches!(p.objective(), Objective::Weighted { .. });
            assert!(p.goals().len() < 2 || !weighted);
            continue;
        };
        searched += 1;
        // the start: the better of the goal-work order and the hint's
        let ranks = goal_ranks(&p, &cpm, PriorityRule::GoalWork);
        let mut work: Vec<usize> = (0..p.goals().len()).collect();
        work.sort_by_key(|&g| ranks[g]);
        let mut walk = Walk::new(&p, &cpm, work, vec![None; p.len()]);
        let start = walk.value.min(walk.evaluate(&order_of(&p, &hint), 0).0);
        assert!(a.objective <= start);
        assert!(precedence_feasible(&p, &a.list));
        let report = a.schedule.check(&p).expect("the checker accepts it");
        assert!((report.objective - a.objective).abs() < 1e-9);
        let plain = setup(std::slice::from_ref(&hint), &[], 0.0);
        let b = search(&p, &cpm, &plain, &mut Rng::new(9), 300, far()).unwrap();
        assert_eq!((a.objective, &a.list), (b.objective, &b.list));
        // annealed walks are valid and reproducible too (their best is
        // kept, so they are never worse than the start either)
        let annealed = setup(std::slice::from_ref(&hint), &[], 0.05);
        let hot = || search(&p, &cpm, &annealed, &mut Rng::new(3), 300, far());
        let (c, d) = (hot().unwrap(), hot().unwrap());
        assert_eq!(
            (c.objective, &c.list, &c.schedule),
            (d.objective, &d.list, &d.schedule)
        );
        assert!(c.objective <= start);
        let report = c.schedule.check(&p).expect("the checker accepts it");
        assert!((report.objective - c.objective).abs() < 1e-9);
    }
    assert!(searched > 3, "{searched}");
}

#[test]
fn a_task_with_slack_keeps_its_baseline_slot() {
    // goal g: a (10 days on t1) decides its finish; b (2 days on t2)
    // could start on day 0 but the baseline had it on day 4
    let mut b = ProblemBuilder::new();
    let t1 = b.resource("t1", Calendar::constant(1));
    let t2 = b.resource("t2", Calendar::constant(1));
    let g = b.goal("g", 1.0, None);
    let h = b.goal("h", 1.0, None);
    let long = b.plan_task("a", Some(g), &[(t1, 10.0)], 1, 1, 0);
    let short = b.plan_task("b", Some(g), &[(t2, 2.0)], 1, 1, 0);
    let other = b.plan_task("c", Some(h), &[(t1, 1.0)], 1, 1, 0);
    let mut p = b.build().unwrap();
    p.set_baseline(vec![Some(0), Some(4), Some(10)], 0.0)
        .unwrap();
    let cpm = Analysis::new(&p);
    let modes = vec![0; p.len()];
    let near = setup(&[], &modes, 0.0);
    let found = search(&p, &cpm, &near, &mut Rng::new(1), 200, far()).unwrap();
    // c after a costs 10 + 11, a after c 11 + 1: a goes second either way
    // for the objective, but b stays on day 4 (nothing gains from moving it)
    assert_eq!(found.objective, 12.0);
    assert_eq!(found.schedule.start(short), 4);
    assert_eq!(found.schedule.start(other), 0);
    assert_eq!(found.schedule.start(long), 1);
    // without a baseline b starts on day 0
    p.set_baseline(vec![None; 3], 0.0).unwrap();
    let plain = search(&p, &cpm, &near, &mut Rng::new(1), 200, far()).unwrap();
    assert_eq!(plain.objective, 12.0);
    assert_eq!(plain.schedule.start(short), 0);
}
