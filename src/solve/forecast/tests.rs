use super::*;
use crate::model::{Calendar, EffortRange, ProblemBuilder};
use crate::solve::{SolveOptions, solve};

#[test]
fn nearest_rank_quantiles() {
    let v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert_eq!(quantile(&v, 0.1), 1);
    assert_eq!(quantile(&v, 0.5), 5);
    assert_eq!(quantile(&v, 0.9), 9);
    assert_eq!(quantile(&v, 0.95), 10);
    assert_eq!(quantile(&[7], 0.1), 7);
}

/// Two goals on one team of one person, A (due 3) then B (due 20).
fn two_goals() -> (Problem, Vec<ActivityId>) {
    let mut b = ProblemBuilder::new();
    let team = b.resource("solo", Calendar::constant(1));
    let ga = b.goal("A", 3.0, Some(3));
    let gb = b.goal("B", 1.0, Some(20));
    let a = b.plan_task("a", Some(ga), &[(team, 4.0)], 1, 1, 0);
    let c = b.plan_task("b", Some(gb), &[(team, 4.0)], 1, 1, 0);
    b.effort_range(a, EffortRange::new(3.0, 4.0, 8.0));
    b.effort_range(c, EffortRange::new(4.0, 4.0, 4.0));
    (b.build().unwrap(), vec![a, c])
}

#[test]
fn late_work_pushes_what_follows_and_early_work_lets_it_move_up() {
    let (p, ids) = two_goals();
    let plan = solve(&p, &SolveOptions::default()).schedule;
    assert_eq!(plan.start(ids[0]), 0);
    let policy = Policy::of(&p, &plan);
    // a takes 8 days: b starts on day 8, not on its planned day 4
    let late = policy.simulate(&p, &[2.0, 1.0]);
    assert_eq!((late.start(ids[1]), late.finish(&p, ids[1])), (8, 12));
    // a takes 3 days: b moves up to day 3
    let early = policy.simulate(&p, &[0.75, 1.0]);
    assert_eq!(early.start(ids[1]), 3);
    // the most likely efforts give the plan itself
    assert_eq!(policy.simulate(&p, &[1.0, 1.0]), plan);
}

#[test]
fn goals_at_risk_come_first() {
    let (p, _) = two_goals();
    let plan = solve(&p, &SolveOptions::default()).schedule;
    let f = forecast(
        &p,
        &plan,
        &ForecastOptions {
            samples: 500,
            seed: 3,
        },
    );
    assert!(f.reproduces_plan);
    // A is due on day 3 but takes at least 3 days: rarely on time
    let a = &f.goals[0];
    assert!(a.on_time.unwrap() < 0.1, "{a:?}");
    assert_eq!(f.goals[1].on_time, Some(1.0));
    let risky: Vec<usize> = f.at_risk().iter().map(|g| g.goal.index()).collect();
    assert_eq!(risky, [0, 1]);
    assert!(f.objective_mean > f.objective_plan);
    assert!(f.objective_p90 >= f.objective_mean);
}

#[test]
fn pinned_tasks_are_not_sampled() {
    let (mut p, ids) = two_goals();
    assert!(has_ranges(&p));
    p.activities[ids[0].index()].pin = Some(crate::model::Pin { start: 0, mode: 0 });
    assert!(!has_ranges(&p));
    let plan = solve(&p, &SolveOptions::default()).schedule;
    let f = forecast(
        &p,
        &plan,
        &ForecastOptions {
            samples: 50,
            seed: 1,
        },
    );
    let finishes = plan.goal_finishes(&p);
    assert!(
        f.goals
            .iter()
            .all(|g| g.p10 == finishes[g.goal.index()] && g.p90 == g.p10)
    );
}

#[test]
fn the_expected_objective_returns_a_valid_plan_scored_at_the_most_likely_efforts() {
    let (p, _) = two_goals();
    let options = SolveOptions::default()
        .with_work_limit(0.05)
        .unwrap()
        .with_expected_objective(30, 5);
    let solution = solve(&p, &options);
    let report = solution.schedule.check(&p).unwrap();
    assert!((report.objective - solution.objective).abs() < 1e-9);
    // reproducible: a work limit and seeded scenarios
    assert_eq!(solve(&p, &options).schedule, solution.schedule);
}

#[test]
fn a_deadline_keeps_a_prefix_of_the_scenarios() {
    let (p, _) = two_goals();
    let plan = solve(&p, &SolveOptions::default()).schedule;
    let options = ForecastOptions {
        samples: 500,
        seed: 3,
    };
    let full = forecast(&p, &plan, &options);
    // a deadline far away cuts nothing
    let far = Instant::now() + std::time::Duration::from_secs(3600);
    assert_eq!(forecast_until(&p, &plan, &options, Some(far)), full);
    // a deadline already past: the first scenario only, as a forecast of one
    let cut = forecast_until(&p, &plan, &options, Some(Instant::now()));
    assert_eq!(cut.samples, 1);
    let one = ForecastOptions {
        samples: 1,
        ..options
    };
    assert_eq!(cut, forecast(&p, &plan, &one));
}
