//! Tests of the `sgs` module.

use super::*;
use crate::graph::Analysis;
use crate::model::{Activity, Calendar, Demand, Mode, Pin, ProblemBuilder};
use crate::solve::rng::Rng;
use crate::solve::rules::PriorityRule;

/// Independent feasibility check: pins, releases, precedences with lags,
/// capacity on every day. Returns the first violation found.
pub(crate) fn violation(p: &Problem, s: &Schedule) -> Option<String> {
    if s.assignments().len() != p.len() {
        return Some("wrong length".into());
    }
    let mut horizon = 0u32;
    for a in p.activity_ids() {
        let act = p.activity(a);
        let asg = s.get(a);
        if asg.mode >= act.modes.len() {
            return Some(format!("{a}: bad mode"));
        }
        horizon = horizon.max(s.finish(p, a));
        if let Some(pin) = act.pin {
            if asg.start != pin.start || asg.mode != pin.mode {
                return Some(format!("{a}: pin moved"));
            }
            continue;
        }
        if asg.start < act.release {
            return Some(format!("{a}: starts before release"));
        }
        for &(b, lag) in p.predecessors(a) {
            if i64::from(asg.start) < i64::from(s.finish(p, b)) + i64::from(lag) {
                return Some(format!("{a}: starts before {b} + {lag}"));
            }
        }
    }
    for (r, res) in p.resources().iter().enumerate() {
        for day in 0..horizon {
            let used: u32 = p
                .activity_ids()
                .filter(|&a| s.start(a) <= day && day < s.finish(p, a))
                .flat_map(|a| s.mode(p, a).demands.iter())
                .filter(|d| d.resource.index() == r)
                .map(|d| d.amount)
                .sum();
            let pinned: u32 = p
                .activity_ids()
                .filter(|&a| p.activity(a).pin.is_some())
                .filter(|&a| s.start(a) <= day && day < s.finish(p, a))
                .flat_map(|a| s.mode(p, a).demands.iter())
                .filter(|d| d.resource.index() == r)
                .map(|d| d.amount)
                .sum();
            // pins may overload on their own; nothing else may add to that
            if used > res.capacity.at(day).max(pinned) {
                return Some(format!("resource {r} overloaded on day {day}: {used}"));
            }
        }
    }
    None
}

/// A random acyclic problem: `n` activities, 2 resources with a vacation,
/// some lags and releases, `modes` modes per activity.
pub(crate) fn random_problem(seed: u64, n: usize, modes: usize, objective: Objective) -> Problem {
    random_problem_with(seed, n, modes, objective, false)
}

/// [`random_problem`] whose lags are also leads (negative) a quarter of
/// the time, down to -5 days.
pub(crate) fn random_problem_with_leads(
    seed: u64,
    n: usize,
    modes: usize,
    objective: Objective,
) -> Problem {
    random_problem_with(seed, n, modes, objective, true)
}

fn random_problem_with(
    seed: u64,
    n: usize,
    modes: usize,
    objective: Objective,
    leads: bool,
) -> Problem {
    let mut rng = Rng::new(seed);
    let mut b = ProblemBuilder::new();
    b.objective(objective);
    let mut res = Vec::new();
    for r in 0..2 {
        let base = 2 + rng.below(3) as u32;
        let mut cal = Calendar::constant(base);
        let from = rng.below(10) as u32;
        cal.set(
            from,
            from + rng.below(4) as u32,
            rng.below(base as usize) as u32,
        );
        res.push(b.resource(format!("r{r}"), cal));
    }
    let goals: Vec<_> = (0..3)
        .map(|g| {
            let due = (rng.below(2) == 0).then(|| 5 + rng.below(20) as u32);
            b.goal(format!("g{g}"), 1.0 + rng.below(5) as f64, due)
        })
        .collect();
    let ids: Vec<ActivityId> = (0..n)
        .map(|i| {
            let modes = (0..modes)
                .map(|_| Mode {
                    duration: rng.below(5) as u32,
                    demands: res
                        .iter()
                        .map(|&r| Demand {
                            resource: r,
                            amount: rng.below(3) as u32,
                        })
                        .collect(),
                })
                .collect();
            b.activity(Activity {
                id: format!("a{i}"),
                name: None,
                goal: Some(goals[rng.below(goals.len())]),
                release: if rng.below(4) == 0 {
                    rng.below(8) as u32
                } else {
                    0
                },
                modes,
                spec: None,
                pin: None,
            })
        })
        .collect();
    for j in 1..n {
        for i in 0..j {
            if rng.below(n) < 2 {
                let lag = if rng.below(3) == 0 {
                    1 + rng.below(3) as i32
                } else if leads && rng.below(3) == 0 {
                    -1 - rng.below(5) as i32
                } else {
                    0
                };
                b.precedence(ids[i], ids[j], lag);
            }
        }
    }
    b.build().expect("random problems are valid")
}

fn decode_lft(p: &Problem) -> Schedule {
    let cpm = Analysis::new(p);
    let mut sgs = Sgs::new(p);
    sgs.decode(&PriorityRule::Lft.activity_list(p, &cpm), None);
    let s = sgs.schedule();
    assert_eq!(sgs.objective(), s.objective(p));
    s
}

#[test]
fn vacation_forces_a_gap() {
    let mut b = ProblemBuilder::new();
    let mut cal = Calendar::constant(1);
    cal.set(2, 4, 0);
    let t = b.resource("t", cal);
    let long = b.plan_task("long", None, &[(t, 3.0)], 1, 1, 0);
    let short = b.plan_task("short", None, &[(t, 2.0)], 1, 1, 0);
    b.precedence(short, long, 0);
    let p = b.build().unwrap();
    let s = decode_lft(&p);
    assert_eq!(violation(&p, &s), None);
    assert_eq!(s.start(short), 0);
    // 3 days do not fit on day 2 (vacation 2..=4): wait for day 5
    assert_eq!(s.start(long), 5);
    assert_eq!(s.makespan(&p), 8);
}

#[test]
fn lags_and_releases_are_honoured() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(5));
    let a = b.plan_task("a", None, &[(t, 2.0)], 1, 1, 0);
    let c = b.plan_task("c", None, &[(t, 1.0)], 1, 1, 0);
    let d = b.plan_task("d", None, &[(t, 1.0)], 1, 1, 6);
    b.precedence(a, c, 3);
    let p = b.build().unwrap();
    let s = decode_lft(&p);
    assert_eq!(violation(&p, &s), None);
    assert_eq!((s.start(a), s.start(c), s.start(d)), (0, 5, 6));
}

#[test]
fn pins_win_even_when_they_overload() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(2));
    let x = b.plan_task("x", None, &[(t, 4.0)], 1, 2, 0);
    let y = b.plan_task("y", None, &[(t, 4.0)], 2, 2, 0);
    let z = b.plan_task("z", None, &[(t, 2.0)], 1, 1, 0);
    b.pin(x, Pin { start: 3, mode: 0 }); // 1 person, days 3..7
    b.pin(y, Pin { start: 1, mode: 0 }); // 2 people, days 1..3 (overload day 3..3? no: 1..3)
    let p = b.build().unwrap();
    let s = decode_lft(&p);
    assert_eq!(violation(&p, &s), None);
    assert_eq!(s.get(x), Assignment { start: 3, mode: 0 });
    assert_eq!(s.get(y), Assignment { start: 1, mode: 0 });
    // z needs 1 person for 2 days: day 0 is free but day 1 is not; from day 3 one is free
    assert_eq!(s.start(z), 3);
    let mut sgs = Sgs::new(&p);
    sgs.decode(&[z, x, y], None);
    sgs.improve(4);
    assert_eq!(violation(&p, &sgs.schedule()), None);
}

#[test]
fn overloading_pins_are_kept() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let x = b.plan_task("x", None, &[(t, 2.0)], 1, 1, 0);
    let y = b.plan_task("y", None, &[(t, 2.0)], 1, 1, 0);
    let z = b.plan_task("z", None, &[(t, 1.0)], 1, 1, 0);
    b.pin(x, Pin { start: 0, mode: 0 });
    b.pin(y, Pin { start: 1, mode: 0 }); // day 1: two people on a team of one
    let p = b.build().unwrap();
    let s = decode_lft(&p);
    assert_eq!((s.start(x), s.start(y), s.start(z)), (0, 1, 3));
}

#[test]
fn multi_mode_takes_the_shorter_crew_when_it_fits() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let a = b.plan_task("a", None, &[(t, 6.0)], 1, 3, 0);
    let p = b.build().unwrap();
    let s = decode_lft(&p);
    assert_eq!(s.mode(&p, a).crew().map(|c| c.amount), Some(3));
    assert_eq!(s.finish(&p, a), 2);

    // two of the three people are busy until day 10: one person is faster
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let busy = b.plan_task("busy", None, &[(t, 20.0)], 2, 2, 0);
    b.pin(busy, Pin { start: 0, mode: 0 });
    let a = b.plan_task("a", None, &[(t, 6.0)], 1, 3, 0);
    let p = b.build().unwrap();
    let s = decode_lft(&p);
    assert_eq!(violation(&p, &s), None);
    assert_eq!(s.mode(&p, a).crew().map(|c| c.amount), Some(1));
    assert_eq!(s.finish(&p, a), 6);
}

#[test]
fn milestones_need_no_capacity() {
    let mut b = ProblemBuilder::new();
    let mut cal = Calendar::constant(1);
    cal.set(0, 9, 0);
    let t = b.resource("t", cal);
    let m = b.plan_task("m", None, &[(t, 0.0)], 1, 1, 2);
    let p = b.build().unwrap();
    let s = decode_lft(&p);
    assert_eq!((s.start(m), s.finish(&p, m)), (2, 2));
}

#[test]
fn decoding_with_fixed_modes_keeps_them() {
    let p = random_problem(3, 12, 3, Objective::Makespan);
    let cpm = Analysis::new(&p);
    let list = PriorityRule::Lst.activity_list(&p, &cpm);
    let modes: Vec<usize> = (0..p.len()).map(|i| i % 3).collect();
    let mut sgs = Sgs::new(&p);
    sgs.decode(&list, Some(&modes));
    let s = sgs.schedule();
    assert_eq!(violation(&p, &s), None);
    assert!(
        s.assignments()
            .iter()
            .zip(&modes)
            .all(|(a, &m)| a.mode == m)
    );
    // out-of-range entries leave the choice free
    let free = sgs.decode(&list, Some(&vec![usize::MAX; p.len()]));
    let free_schedule = sgs.schedule();
    assert_eq!(free, sgs.decode(&list, None));
    assert_eq!(free_schedule, sgs.schedule());
}

#[test]
fn justification_is_feasible_and_never_worse() {
    let mut improved = 0;
    for seed in 0..40 {
        let objective = if seed % 2 == 0 {
            Objective::Makespan
        } else {
            Objective::default()
        };
        let mut p = random_problem(seed, 14, 1 + (seed as usize % 3), objective);
        if seed % 3 == 0 {
            // pins anywhere, even against precedences and capacity
            p.activities[2].pin = Some(Pin { start: 4, mode: 0 });
            p.activities[9].pin = Some(Pin { start: 1, mode: 0 });
        }
        let cpm = Analysis::new(&p);
        let mut sgs = Sgs::new(&p);
        for rule in PriorityRule::WEIGHTED {
            let before = sgs.decode(&rule.activity_list(&p, &cpm), None);
            let makespan = sgs.makespan();
            let after = sgs.improve(5);
            let s = sgs.schedule();
            assert_eq!(violation(&p, &s), None, "seed {seed} rule {rule:?}");
            assert!(after <= before);
            improved += usize::from(after < before);
            assert_eq!(after, s.objective(&p));
            if objective == Objective::Makespan {
                assert!(sgs.makespan() <= makespan);
            }
        }
    }
    assert!(improved > 0, "justification never helped");
}

#[test]
fn leads_start_successors_early_and_justification_keeps_them() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let a = b.plan_task("a", None, &[(t, 4.0)], 1, 1, 0);
    let c = b.plan_task("c", None, &[(t, 1.0)], 1, 1, 0);
    let d = b.plan_task("d", None, &[(t, 2.0)], 1, 1, 0);
    b.precedence(a, c, -3); // c from day 1
    b.precedence(a, d, -9); // d from day 0 (clamped)
    let p = b.build().unwrap();
    let s = decode_lft(&p);
    assert_eq!(violation(&p, &s), None);
    assert_eq!((s.start(a), s.start(c), s.start(d)), (0, 1, 0));
    let mut leads = 0;
    for seed in 0..40 {
        let objective = if seed % 2 == 0 {
            Objective::Makespan
        } else {
            Objective::default()
        };
        let p = random_problem_with_leads(seed, 14, 1 + (seed as usize % 3), objective);
        leads += usize::from(p.has_leads());
        let cpm = Analysis::new(&p);
        let mut sgs = Sgs::new(&p);
        for rule in PriorityRule::WEIGHTED {
            let before = sgs.decode(&rule.activity_list(&p, &cpm), None);
            let makespan = sgs.makespan();
            let after = sgs.improve(5);
            let s = sgs.schedule();
            assert_eq!(violation(&p, &s), None, "seed {seed} rule {rule:?}");
            assert!(after <= before);
            if objective == Objective::Makespan {
                assert!(sgs.makespan() <= makespan);
            }
            // the list sorted by start (a successor may come first) decodes
            // in its nearest precedence order: still valid
            let mut by_start: Vec<ActivityId> = p.activity_ids().collect();
            by_start.sort_by_key(|&a| (s.start(a), a.index()));
            sgs.decode(&by_start, None);
            assert_eq!(violation(&p, &sgs.schedule()), None, "seed {seed} by start");
        }
    }
    assert!(leads >= 30, "{leads} problems with leads");
}

/// A plan whose placed activities are all released on day `today` or
/// later, and one pinned activity running `pin_start .. pin_start + 4`.
fn released_from(today: u32, pin_start: u32) -> Problem {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(2));
    let g = b.goal("g", 2.0, None);
    let h = b.goal("h", 1.0, None);
    let pinned = b.plan_task("pinned", Some(h), &[(t, 4.0)], 1, 1, 0);
    b.pin(
        pinned,
        Pin {
            start: pin_start,
            mode: 0,
        },
    );
    let a = b.plan_task("a", Some(g), &[(t, 6.0)], 1, 2, today);
    let c = b.plan_task("c", Some(g), &[(t, 2.0)], 1, 1, today + 1);
    let d = b.plan_task("d", Some(h), &[(t, 3.0)], 1, 1, today);
    b.precedence(a, c, 1);
    let _ = d;
    b.build().unwrap()
}

#[test]
fn a_far_today_schedules_as_a_near_one_shifted() {
    // the profile stores days from the earliest release on; a pin that
    // starts before it still takes its capacity on the days after
    let near = released_from(10, 8);
    let far = released_from(2_000_000, 1_999_998);
    let (mut s_near, mut s_far) = (Sgs::new(&near), Sgs::new(&far));
    for rule in PriorityRule::for_objective(near.objective()) {
        let list_near = rule.activity_list(&near, &Analysis::new(&near));
        let list_far = rule.activity_list(&far, &Analysis::new(&far));
        s_near.decode(&list_near, None);
        s_far.decode(&list_far, None);
        s_near.improve(4);
        s_far.improve(4);
        let shifted: Vec<u32> = s_near.starts().iter().map(|&x| x + 1_999_990).collect();
        assert_eq!(s_far.starts(), &shifted[..], "{rule:?}");
        assert_eq!(s_far.modes(), s_near.modes());
        assert_eq!(violation(&far, &s_far.schedule()), None);
        assert!(s_far.schedule().check(&far).is_ok());
    }
}
