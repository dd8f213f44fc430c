//! Tests of the `check` module.

use super::*;
use crate::graph::Analysis;
use crate::model::{ActivityId, Calendar, Demand, GoalId, Pin, ProblemBuilder, ResourceId};

fn asg(start: u32, mode: usize) -> Assignment {
    Assignment { start, mode }
}

/// Team `t` (capacity 2, 1 on days 4..=5), goal `g1` (priority 2, due 4)
/// with a (effort 4, 1..2 people) -> c (effort 2, lag 1); goal `g2`
/// (priority 1) depends on g1, with d (effort 1).
fn small() -> (Problem, [ActivityId; 3]) {
    let mut b = ProblemBuilder::new();
    let mut cal = Calendar::constant(2);
    cal.set(4, 5, 1);
    let t = b.resource("t", cal);
    let g1 = b.goal("g1", 2.0, Some(4));
    let g2 = b.goal("g2", 1.0, None);
    b.goal_dependency(g2, g1);
    let a = b.plan_task("a", Some(g1), &[(t, 4.0)], 1, 2, 0);
    let c = b.plan_task("c", Some(g1), &[(t, 2.0)], 1, 1, 0);
    let d = b.plan_task("d", Some(g2), &[(t, 1.0)], 1, 1, 0);
    b.precedence(a, c, 1);
    (b.build().unwrap(), [a, c, d])
}

/// a with 2 people on 0..2, c on 3..5, d on 5..6.
fn small_valid() -> Schedule {
    Schedule::new(vec![asg(0, 1), asg(3, 0), asg(5, 0)])
}

fn violations(p: &Problem, s: &Schedule) -> Vec<Violation> {
    s.check(p)
        .expect_err("the schedule must be rejected")
        .violations
}

#[test]
fn valid_schedule_passes() {
    let (p, _) = small();
    let report = small_valid().check(&p).unwrap();
    assert_eq!(report.makespan, 6);
    assert_eq!(report.goal_finish, vec![5, 6]);
    // 2*5 + 1*6 + 10 * 2*(5-4)
    assert_eq!(report.objective, 36.0);
    assert_eq!(report.objective, small_valid().objective(&p));
}

#[test]
fn wrong_length() {
    let (p, _) = small();
    let v = violations(&p, &Schedule::new(vec![asg(0, 0)]));
    assert_eq!(
        v,
        vec![Violation::WrongLength {
            expected: 3,
            got: 1
        }]
    );
}

#[test]
fn unknown_mode() {
    let (p, _) = small();
    let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(3, 5), asg(5, 0)]));
    assert_eq!(
        v,
        vec![Violation::UnknownMode {
            activity: "c".into(),
            mode: 5,
            modes: 1
        }]
    );
}

#[test]
fn pin_violated() {
    let (mut p, [a, ..]) = small();
    p.activities[a.index()].pin = Some(Pin { start: 0, mode: 0 });
    let v = violations(&p, &small_valid());
    assert_eq!(
        v,
        vec![Violation::PinViolated {
            activity: "a".into(),
            pin_start: 0,
            pin_mode: 0,
            start: 0,
            mode: 1
        }]
    );
}

#[test]
fn before_release() {
    let (mut p, [_, _, d]) = small();
    p.activities[d.index()].release = 7;
    let v = violations(&p, &small_valid());
    assert_eq!(
        v,
        vec![Violation::BeforeRelease {
            activity: "d".into(),
            start: 5,
            release: 7
        }]
    );
}

#[test]
fn precedence_lag() {
    let (p, _) = small();
    // c starts right at a's finish, ignoring the lag of 1
    let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(2, 0), asg(5, 0)]));
    assert_eq!(
        v,
        vec![Violation::Precedence {
            from: "a".into(),
            to: "c".into(),
            lag: 1,
            from_finish: 2,
            to_start: 2
        }]
    );
}

#[test]
fn precedence_with_a_lead() {
    // a (4 days) -> c with lag -3: c may start 3 days before a finishes,
    // on day 1 at the earliest, not on day 0
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(2));
    let a = b.plan_task("a", None, &[(t, 4.0)], 1, 1, 0);
    let c = b.plan_task("c", None, &[(t, 1.0)], 1, 1, 0);
    b.precedence(a, c, -3);
    let p = b.build().unwrap();
    let ok = Schedule::new(vec![asg(0, 0), asg(1, 0)]);
    assert_eq!(ok.check(&p).unwrap().makespan, 4, "c ends before a does");
    let v = violations(&p, &Schedule::new(vec![asg(0, 0), asg(0, 0)]));
    assert_eq!(
        v,
        vec![Violation::Precedence {
            from: "a".into(),
            to: "c".into(),
            lag: -3,
            from_finish: 4,
            to_start: 0
        }]
    );
    assert!(v[0].to_string().contains("lag -3"), "{}", v[0]);
    // a lead longer than the predecessor: c may start before a does
    let mut p = p;
    p.precedences[0].lag = -6;
    let first = Schedule::new(vec![asg(2, 0), asg(0, 0)]);
    assert!(first.check(&p).is_ok());
    let late = Schedule::new(vec![asg(3, 0), asg(0, 0)]);
    assert!(matches!(
        violations(&p, &late).as_slice(),
        [Violation::Precedence {
            lag: -6,
            from_finish: 7,
            to_start: 0,
            ..
        }]
    ));
}

#[test]
fn goal_dependency() {
    let (p, _) = small();
    // d runs on day 2 while g1 finishes on day 5 (capacity 2 on day 2: a uses 0 there)
    let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(3, 0), asg(2, 0)]));
    assert_eq!(
        v,
        vec![Violation::GoalDependency {
            goal: "g2".into(),
            required: "g1".into(),
            task: "d".into(),
            start: 2,
            required_finish: 5
        }]
    );
}

#[test]
fn over_capacity_uses_the_calendar() {
    let (p, _) = small();
    // a with 2 people on days 3..5: day 3 has capacity 2 (fine), day 4 has 1
    let s = Schedule::new(vec![asg(3, 1), asg(6, 0), asg(8, 0)]);
    let v = violations(&p, &s);
    assert_eq!(
        v,
        vec![Violation::OverCapacity {
            resource: "t".into(),
            day: 4,
            used: 2,
            capacity: 1
        }]
    );
    // the same work after the dip is fine
    let s = Schedule::new(vec![asg(6, 1), asg(9, 0), asg(11, 0)]);
    assert!(s.check(&p).is_ok());
}

#[test]
fn over_capacity_overlap() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let x = b.plan_task("x", None, &[(t, 4.0)], 2, 2, 0);
    let y = b.plan_task("y", None, &[(t, 4.0)], 2, 2, 0);
    let p = b.build().unwrap();
    let _ = (x, y);
    let s = Schedule::new(vec![asg(0, 0), asg(1, 0)]);
    let v = violations(&p, &s);
    assert_eq!(
        v,
        vec![Violation::OverCapacity {
            resource: "t".into(),
            day: 1,
            used: 4,
            capacity: 3
        }]
    );
    assert!(Schedule::new(vec![asg(0, 0), asg(2, 0)]).check(&p).is_ok());
}

/// Replaces the modes of activity `a` by `modes` (bypassing the builder).
fn with_modes(p: &mut Problem, a: ActivityId, modes: Vec<Mode>) {
    p.activities[a.index()].modes = modes;
}

fn mode(team: u32, people: u32, duration: u32) -> Mode {
    Mode {
        duration,
        demands: vec![Demand {
            resource: ResourceId(team),
            amount: people,
        }],
    }
}

#[test]
fn bad_crew_kinds() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let u = b.resource("u", Calendar::constant(5));
    let a = b.plan_task("a", None, &[(t, 6.0)], 2, 2, 0);
    let mut p = b.build().unwrap();
    // the derived list is not trusted: every mode is checked against the spec
    with_modes(
        &mut p,
        a,
        vec![mode(1, 2, 3), mode(0, 1, 6), mode(0, 3, 2), mode(0, 4, 2)],
    );
    let _ = u;
    let crew = |m: usize| {
        let v = violations(&p, &Schedule::new(vec![asg(0, m)]));
        v.into_iter()
            .filter_map(|v| match v {
                Violation::BadCrew { issue, .. } => Some(issue),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(crew(0), vec![CrewIssue::NotEligible]);
    assert_eq!(crew(1), vec![CrewIssue::BelowMin { min_people: 2 }]);
    assert_eq!(crew(2), vec![CrewIssue::AboveMax { max_people: 2 }]);
    assert_eq!(
        crew(3),
        vec![
            CrewIssue::AboveMax { max_people: 2 },
            CrewIssue::AboveCapacity { capacity: 3 }
        ]
    );
    let v = violations(&p, &Schedule::new(vec![asg(0, 1)]));
    assert_eq!(
        v,
        vec![Violation::BadCrew {
            activity: "a".into(),
            team: "t".into(),
            people: 1,
            issue: CrewIssue::BelowMin { min_people: 2 }
        }]
    );
}

#[test]
fn bad_demands() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let a = b.plan_task("a", None, &[(t, 6.0)], 2, 2, 0);
    let mut p = b.build().unwrap();
    let mut two = mode(0, 2, 3);
    two.demands.push(Demand {
        resource: t,
        amount: 1,
    });
    let none = Mode {
        duration: 3,
        demands: vec![],
    };
    with_modes(&mut p, a, vec![two, none]);
    let v = violations(&p, &Schedule::new(vec![asg(0, 0)]));
    assert_eq!(
        v,
        vec![Violation::BadDemands {
            activity: "a".into(),
            demands: 2
        }]
    );
    let v = violations(&p, &Schedule::new(vec![asg(0, 1)]));
    assert_eq!(
        v,
        vec![Violation::BadDemands {
            activity: "a".into(),
            demands: 0
        }]
    );
}

#[test]
fn bad_duration() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let a = b.plan_task("a", None, &[(t, 7.0)], 1, 3, 0);
    let m = b.plan_task("m", None, &[(t, 0.0)], 1, 1, 0);
    let mut p = b.build().unwrap();
    with_modes(&mut p, a, vec![mode(0, 2, 3), mode(0, 2, 4), mode(0, 3, 3)]);
    let v = violations(&p, &Schedule::new(vec![asg(0, 0), asg(0, 0)]));
    assert_eq!(
        v,
        vec![Violation::BadDuration {
            activity: "a".into(),
            team: "t".into(),
            people: 2,
            duration: 3,
            expected: 4
        }]
    );
    assert!(Schedule::new(vec![asg(0, 1), asg(4, 0)]).check(&p).is_ok());
    assert!(Schedule::new(vec![asg(0, 2), asg(3, 0)]).check(&p).is_ok());
    // a milestone must last 0 days
    with_modes(&mut p, m, vec![mode(0, 0, 2)]);
    let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(4, 0)]));
    assert_eq!(
        v,
        vec![Violation::BadDuration {
            activity: "m".into(),
            team: "t".into(),
            people: 0,
            duration: 2,
            expected: 0
        }]
    );
}

#[test]
fn milestone_with_people() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let m = b.plan_task("m", None, &[(t, 0.0)], 1, 1, 0);
    let mut p = b.build().unwrap();
    assert!(Schedule::new(vec![asg(3, 0)]).check(&p).is_ok());
    with_modes(&mut p, m, vec![mode(0, 1, 0)]);
    let v = violations(&p, &Schedule::new(vec![asg(3, 0)]));
    assert_eq!(
        v,
        vec![Violation::MilestoneWithPeople {
            activity: "m".into(),
            team: "t".into(),
            people: 1,
            effort: "0".into()
        }]
    );
}

#[test]
fn work_without_people() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let a = b.plan_task("a", None, &[(t, 2.0)], 1, 1, 0);
    let mut p = b.build().unwrap();
    with_modes(&mut p, a, vec![mode(0, 0, 0)]);
    let v = violations(&p, &Schedule::new(vec![asg(0, 0)]));
    assert!(matches!(
        v.as_slice(),
        [Violation::MilestoneWithPeople { people: 0, .. }]
    ));
}

#[test]
fn goal_dependencies_are_not_reported_as_precedences() {
    // d (goal g2) starts before c (goal g1) finishes: the derived edge
    // c -> d is broken, but only the goal dependency is reported.
    let (p, [_, _, d]) = small();
    assert!(
        p.precedences()
            .iter()
            .any(|e| e.origin == EdgeOrigin::Goal && e.to == d)
    );
    let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(3, 0), asg(4, 0)]));
    assert!(v.iter().all(|v| !matches!(v, Violation::Precedence { .. })));
    assert!(
        v.iter()
            .any(|v| matches!(v, Violation::GoalDependency { start: 4, .. }))
    );
}

#[test]
fn psplib_style_activities_use_their_modes() {
    let mut b = ProblemBuilder::new();
    let r = b.resource("R1", Calendar::constant(4));
    b.objective(Objective::Makespan);
    let x = b.activity(Activity {
        id: "1".into(),
        name: None,
        goal: None,
        release: 0,
        modes: vec![
            Mode {
                duration: 3,
                demands: vec![Demand {
                    resource: r,
                    amount: 3,
                }],
            },
            Mode {
                duration: 5,
                demands: vec![Demand {
                    resource: r,
                    amount: 1,
                }],
            },
        ],
        spec: None,
        pin: None,
    });
    let y = b.activity(Activity {
        id: "2".into(),
        modes: vec![Mode {
            duration: 2,
            demands: vec![Demand {
                resource: r,
                amount: 2,
            }],
        }],
        ..b_activity_template()
    });
    let p = b.build().unwrap();
    let _ = (x, y);
    let ok = Schedule::new(vec![asg(0, 1), asg(0, 0)]);
    let report = ok.check(&p).unwrap();
    assert_eq!((report.makespan, report.objective), (5, 5.0));
    let bad = Schedule::new(vec![asg(0, 0), asg(2, 0)]);
    assert_eq!(violations(&p, &bad).len(), 1);
}

fn b_activity_template() -> Activity {
    Activity {
        id: String::new(),
        name: None,
        goal: None,
        release: 0,
        modes: Vec::new(),
        spec: None,
        pin: None,
    }
}

#[test]
fn too_long_is_reported_not_allocated() {
    let (p, _) = small();
    let far = u32::MAX - 1;
    let v = violations(&p, &Schedule::new(vec![asg(0, 1), asg(3, 0), asg(far, 0)]));
    assert_eq!(
        v,
        vec![Violation::TooLong {
            makespan: u64::from(far) + 1,
            limit: MAX_CHECKED_DAYS
        }]
    );
}

#[test]
fn violations_are_capped_per_kind_and_listed() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    for i in 0..3 {
        b.plan_task(format!("x{i}"), None, &[(t, 150.0)], 1, 1, 0);
    }
    let p = b.build().unwrap();
    let f = Schedule::new(vec![asg(0, 0), asg(0, 0), asg(0, 0)])
        .check(&p)
        .unwrap_err();
    assert_eq!(f.violations.len(), MAX_PER_KIND);
    assert_eq!(f.omitted, 50);
    let text = f.to_string();
    assert!(
        text.starts_with("150 violations in the schedule:"),
        "{text}"
    );
    assert!(text.contains("team `t` uses 3 people on day 0 but has 1"));
    assert!(text.ends_with("... and 50 more"));
}

/// A tiny xorshift generator for test instances.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Random plan: 3 teams, 4 goals (some due, some dependent), 12 tasks.
fn random_plan(seed: u64, lateness_weight: f64) -> Problem {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut b = ProblemBuilder::new();
    let teams: Vec<ResourceId> = (0..3)
        .map(|i| b.resource(format!("team{i}"), Calendar::constant(2 + i)))
        .collect();
    let goals: Vec<GoalId> = (0..4)
        .map(|i| {
            let due = (rng.below(2) == 0).then(|| rng.below(15) as u32);
            b.goal(format!("g{i}"), 0.5 + rng.below(5) as f64 * 0.7, due)
        })
        .collect();
    b.goal_dependency(goals[3], goals[0]);
    b.goal_dependency(goals[2], goals[1]);
    let mut tasks = Vec::new();
    for i in 0..12 {
        let team = teams[rng.below(3) as usize];
        let effort = rng.below(8) as f64 + if rng.below(3) == 0 { 0.5 } else { 0.0 };
        // goals follow task order, so goal dependencies never close a cycle
        let goal = (i % 5 != 4).then(|| goals[i as usize / 3]);
        let a = b.plan_task(format!("t{i}"), goal, &[(team, effort)], 1, 2, 0);
        if i > 0 && rng.below(2) == 0 {
            let from = tasks[rng.below(i) as usize];
            b.precedence(from, a, rng.below(3) as i32);
        }
        tasks.push(a);
    }
    b.objective(Objective::Weighted { lateness_weight });
    b.build().unwrap()
}

/// Serial schedule: one activity at a time in topological order, random modes.
fn serial(p: &Problem, seed: u64) -> Schedule {
    let mut rng = Rng(seed | 1);
    let order = Analysis::new(p).order;
    let mut asg_of = vec![asg(0, 0); p.len()];
    let mut t = 0u32;
    for a in order {
        let act = p.activity(a);
        let mode = rng.below(act.modes.len() as u64) as usize;
        let start = t.max(act.release);
        asg_of[a.index()] = asg(start, mode);
        t = start + act.modes[mode].duration + 2; // slack covers any lag
    }
    Schedule::new(asg_of)
}

#[test]
fn objective_matches_schedule_objective() {
    for seed in 1..20 {
        let w = [0.0, 10.0, 2.5][seed as usize % 3];
        let p = random_plan(seed, w);
        let s = serial(&p, seed);
        let report = s.check(&p).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let expected = s.objective(&p);
        assert!(
            (report.objective - expected).abs() <= 1e-9 * expected.abs().max(1.0),
            "seed {seed}: {} vs {expected}",
            report.objective
        );
        assert_eq!(report.makespan, s.makespan(&p));
        assert_eq!(report.goal_finish, s.goal_finishes(&p));
        let mut q = p.clone();
        q.set_objective(Objective::Makespan).unwrap();
        assert_eq!(s.check(&q).unwrap().objective, s.objective(&q));
    }
}

#[test]
fn over_capacity_far_out_is_found_on_its_day() {
    // the checker sweeps usage changes, so a day in the millions costs
    // nothing and is still reported exactly
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    b.plan_task("x", None, &[(t, 4.0)], 2, 2, 0);
    b.plan_task("y", None, &[(t, 4.0)], 2, 2, 0);
    let p = b.build().unwrap();
    let s = Schedule::new(vec![asg(1_500_000, 0), asg(1_500_001, 0)]);
    assert_eq!(
        violations(&p, &s),
        vec![Violation::OverCapacity {
            resource: "t".into(),
            day: 1_500_001,
            used: 4,
            capacity: 3
        }]
    );
    assert!(
        Schedule::new(vec![asg(1_500_000, 0), asg(1_500_002, 0)])
            .check(&p)
            .is_ok()
    );
}

/// A mode with one demand per `(team, people)`.
fn multi(crew: &[(u32, u32)], duration: u32) -> Mode {
    Mode {
        duration,
        demands: crew
            .iter()
            .map(|&(team, people)| Demand {
                resource: ResourceId(team),
                amount: people,
            })
            .collect(),
    }
}

#[test]
fn modes_on_several_teams_are_checked_against_an_alternative() {
    use crate::model::Alternative;
    let mut b = ProblemBuilder::new();
    let back = b.resource("back", Calendar::constant(3));
    let qa = b.resource("qa", Calendar::constant(2));
    let web = b.resource("web", Calendar::constant(4));
    // `back*2+qa+web:12|back`, crews 1..=2 for the teams without `*N`
    let both = Alternative::new(vec![(back, Some(2)), (qa, None), (web, None)], 12.0);
    let alone = Alternative::from((back, 5.0));
    let a = b.plan_task_alternatives("a", None, &[both, alone], 1, 2, 0);
    let m = b.plan_task_alternatives(
        "m",
        None,
        &[Alternative::new(vec![(qa, None), (web, Some(1))], 0.0)],
        1,
        1,
        0,
    );
    let p = b.build().unwrap();
    // the derived modes all pass; their demands follow the alternative's order
    let modes = p.activity(a).modes.clone();
    assert_eq!(modes[0], multi(&[(0, 2), (1, 1), (2, 1)], 3));
    for (i, mo) in modes.iter().enumerate() {
        let s = Schedule::new(vec![asg(10 * i as u32, i), asg(0, 0)]);
        assert!(s.check(&p).is_ok(), "mode {i}: {mo:?}");
    }
    let check = |p: &Problem, mode: Mode, ms: Mode| {
        let mut p = p.clone();
        with_modes(&mut p, a, vec![mode]);
        with_modes(&mut p, m, vec![ms]);
        Schedule::new(vec![asg(0, 0), asg(0, 0)]).check(&p)
    };
    let ok_ms = multi(&[(2, 0), (1, 0)], 0);
    // any order of the teams; 2+2+2 = 6 people: 2 days
    assert!(check(&p, multi(&[(2, 2), (0, 2), (1, 2)], 2), ok_ms.clone()).is_ok());
    let bad = |mode: Mode, ms: Mode| check(&p, mode, ms).unwrap_err().violations;
    // not an alternative: some of its teams, or other teams
    assert_eq!(
        bad(multi(&[(0, 2), (1, 1)], 4), ok_ms.clone()),
        [Violation::NotAnAlternative {
            activity: "a".into(),
            teams: "back+qa".into()
        }]
    );
    assert_eq!(
        bad(multi(&[(1, 1)], 5), ok_ms.clone()),
        [Violation::BadCrew {
            activity: "a".into(),
            team: "qa".into(),
            people: 1,
            issue: CrewIssue::NotEligible
        }]
    );
    // the fixed crew, the shared crew, the range, the capacity
    let issues = |v: Vec<Violation>| -> Vec<(String, CrewIssue)> {
        v.into_iter()
            .filter_map(|v| match v {
                Violation::BadCrew { team, issue, .. } => Some((team, issue)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        issues(bad(multi(&[(0, 1), (1, 1), (2, 2)], 3), ok_ms.clone())),
        [
            ("back".into(), CrewIssue::NotFixed { fixed: 2 }),
            ("web".into(), CrewIssue::UnequalCrews { other: 1 })
        ]
    );
    assert_eq!(
        issues(bad(multi(&[(0, 2), (1, 3), (2, 3)], 2), ok_ms.clone())),
        [
            ("qa".into(), CrewIssue::AboveMax { max_people: 2 }),
            ("qa".into(), CrewIssue::AboveCapacity { capacity: 2 }),
            ("web".into(), CrewIssue::AboveMax { max_people: 2 })
        ]
    );
    // duration: ceil(12 / (2+1+1)) = 3, with the teams and total people named
    assert_eq!(
        bad(multi(&[(0, 2), (1, 1), (2, 1)], 2), ok_ms.clone()),
        [Violation::BadDuration {
            activity: "a".into(),
            team: "back+qa+web".into(),
            people: 4,
            duration: 2,
            expected: 3
        }]
    );
    // a team with nobody on work; people on a milestone
    assert_eq!(
        bad(
            multi(&[(0, 2), (1, 0), (2, 1)], 4),
            multi(&[(2, 1), (1, 0)], 0)
        ),
        [
            Violation::MilestoneWithPeople {
                activity: "a".into(),
                team: "qa".into(),
                people: 0,
                effort: "12".into()
            },
            Violation::MilestoneWithPeople {
                activity: "m".into(),
                team: "web+qa".into(),
                people: 1,
                effort: "0".into()
            }
        ]
    );
    // the capacity sweep counts every demand of a mode
    let two = Schedule::new(vec![asg(0, 1), asg(0, 0)]); // 2+2+2 on days 0..2
    assert!(two.check(&p).is_ok());
    let mut tight = p.clone();
    tight.resources[2].capacity.set(1, 1, 1);
    let v = violations(&tight, &two);
    assert_eq!(
        v,
        [Violation::OverCapacity {
            resource: "web".into(),
            day: 1,
            used: 2,
            capacity: 1
        }]
    );
}
