use std::time::Duration;

use super::*;
use crate::graph::Analysis;
use crate::solve::PriorityRule;
use crate::solve::testkit::{self, precedence_feasible};

fn far() -> Instant {
    Instant::now() + Duration::from_secs(3600)
}

fn moves<'a>(list: &'a [ActivityId], modes: &'a [usize]) -> Start<'a> {
    Start {
        list,
        hints: &[],
        modes,
        list_moves: true,
        order: &[],
    }
}

#[test]
fn every_move_keeps_the_list_precedence_feasible() {
    let mut rng = testkit::Rng(17);
    let mut tried = 0;
    for _ in 0..40 {
        let Some(p) = testkit::random_problem_sized(&mut rng, 8, 8, 4) else {
            continue;
        };
        let list = PriorityRule::Lft.activity_list(&p, &Analysis::new(&p));
        let modes = vec![usize::MAX; p.len()];
        let closures = Closures::new(&p);
        let mut worker = Worker::new(&p, &closures, &modes, list);
        for goal in 0..p.goals().len() {
            for earlier in [true, false] {
                for at in 0..=p.len() {
                    worker.apply(Move { goal, earlier, at });
                    assert!(precedence_feasible(&p, &worker.scratch));
                    tried += 1;
                }
            }
        }
    }
    assert!(tried > 100);
}

#[test]
fn a_raised_priority_moves_its_goal_to_the_front_and_the_rest_keeps_its_order() {
    // one person, four 2-day goals in a row; g3's priority is raised
    let (p, tasks) = testkit::raised_priority_plan();
    let found = search(&p, &moves(&tasks, &[0; 4]), 1, 1, 1000, far()).unwrap();
    // g3 first (finish 2), then g0, g1, g2 in their baseline order
    assert_eq!(found.objective, 50.0 * 2.0 + 4.0 + 6.0 + 8.0);
    let starts: Vec<u32> = tasks.iter().map(|&a| found.schedule.start(a)).collect();
    assert_eq!(starts, [2, 4, 6, 0]);
    assert_eq!(found.schedule.check(&p).unwrap().objective, found.objective);
}

#[test]
fn never_worse_than_the_start_valid_and_deterministic() {
    let mut rng = testkit::Rng(3);
    let mut searched = 0;
    for _ in 0..30 {
        let Some(p) = testkit::random_problem_sized(&mut rng, 10, 10, 4) else {
            continue;
        };
        if p.activities().iter().any(|a| a.pin.is_some()) {
            continue; // pins may clash with precedences here
        }
        let list = PriorityRule::Lft.activity_list(&p, &Analysis::new(&p));
        let modes = vec![usize::MAX; p.len()];
        let start = Sgs::new(&p).decode(&list, Some(&modes));
        let Some(a) = search(&p, &moves(&list, &modes), 2, 9, 300, far()) else {
            assert!(p.goals().len() < 2);
            continue;
        };
        searched += 1;
        assert!(a.objective <= start);
        assert!(precedence_feasible(&p, &a.list));
        let report = a.schedule.check(&p).expect("the checker accepts it");
        assert!((report.objective - a.objective).abs() < 1e-9);
        let b = search(&p, &moves(&list, &modes), 2, 9, 300, far()).unwrap();
        assert_eq!((a.objective, &a.list), (b.objective, &b.list));
    }
    assert!(searched > 3);
}
