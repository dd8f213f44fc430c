//! Unit tests of the re-planning pieces.

use super::*;
use crate::model::{Calendar, Demand, ProblemBuilder};
use crate::schedule::{Assignment, Crew, Schedule, ScheduleRow};
use crate::solve::testkit::small_plan as small;

fn asg(start: u32, mode: usize) -> Assignment {
    Assignment { start, mode }
}

#[test]
fn done_tasks_become_free_pinned_milestones_and_lose_their_edges() {
    let (p, [a, b, c]) = small();
    let mut progress = Progress::default();
    progress.set(a, TaskProgress::Done);
    let request = Replan {
        today: 3,
        progress,
        ..Replan::default()
    };
    let q = request.apply(&p).unwrap();
    let act = q.activity(a);
    assert_eq!(act.modes.len(), 1);
    assert_eq!((act.modes[0].duration, act.modes[0].energy()), (0, 0));
    assert_eq!(act.pin, Some(Pin { start: 0, mode: 0 }));
    assert!(q.predecessors(b).is_empty());
    assert!(q.precedences().is_empty());
    assert!(q.replanning().is_done(a));
    assert_eq!((q.activity(b).release, q.activity(c).release), (3, 3));
    let s = Schedule::new(vec![asg(0, 0), asg(3, 0), asg(3, 0)]);
    let report = s.check(&q).unwrap();
    // g finishes with b on day 5, h with c on day 6 (due 2: 4 days late)
    assert_eq!(report.objective, 2.0 * 5.0 + 1.0 * 6.0 + 10.0 * 4.0);
}

#[test]
fn started_task_with_a_dominated_crew_gets_its_own_mode() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let x = b.plan_task("x", None, &[(t, 4.0)], 1, 3, 0);
    let p = b.build().unwrap();
    // 3 people take ceil(4/3) = 2 days, as 2 people do: the mode list drops it
    assert_eq!(p.activity(x).modes.len(), 2);
    let mut progress = Progress::default();
    progress.set(
        x,
        TaskProgress::Started {
            start: 0,
            crew: vec![Demand {
                resource: t,
                amount: 3,
            }],
        },
    );
    let q = Replan {
        progress,
        ..Replan::default()
    }
    .apply(&p)
    .unwrap();
    let pin = q.activity(x).pin.unwrap();
    let mode = &q.activity(x).modes[pin.mode];
    assert_eq!((mode.duration, mode.crew().unwrap().amount), (2, 3));
    Schedule::new(vec![asg(0, pin.mode)]).check(&q).unwrap();
}

#[test]
fn stability_term_counts_in_every_objective() {
    let (p, [a, b, c]) = small();
    let base = Schedule::new(vec![asg(0, 1), asg(3, 0), asg(0, 0)]);
    let request = Replan {
        stability_weight: 0.5,
        baseline: Some(Baseline::from_schedule(&p, &base)),
        ..Replan::default()
    };
    let q = request.apply(&p).unwrap();
    let moved = Schedule::new(vec![asg(0, 1), asg(4, 0), asg(2, 0)]);
    let plain = moved.objective(&p);
    assert_eq!(moved.objective(&q), plain + 0.5 * 3.0);
    assert_eq!(moved.check(&q).unwrap().objective, plain + 0.5 * 3.0);
    let mut sgs = crate::solve::Sgs::new(&q);
    sgs.decode(&[a, b, c], Some(&[1, 0, 0]));
    assert_eq!(sgs.objective(), sgs.schedule().objective(&q));
    // lower bounds stay below (the term is >= 0); exact tools decline it
    assert_eq!(crate::solve::exhaustive_optimum(&q, 10_000), None);
}

#[test]
fn pinned_overload_is_one_clash_per_run_of_days() {
    let mut b = ProblemBuilder::new();
    let mut cal = Calendar::constant(2);
    cal.set(3, 4, 1);
    let t = b.resource("t", cal);
    let x = b.plan_task("x", None, &[(t, 6.0)], 1, 1, 0);
    let y = b.plan_task("y", None, &[(t, 6.0)], 1, 1, 2);
    b.pin(x, Pin { start: 0, mode: 0 });
    b.pin(y, Pin { start: 1, mode: 0 });
    let p = b.build().unwrap();
    let err = check_feasible(&p).unwrap_err();
    assert_eq!(
        err.clashes,
        vec![
            Clash::BeforeRelease {
                task: "y".into(),
                start: 1,
                release: 2
            },
            Clash::Overload {
                team: "t".into(),
                from: 3,
                to: 4,
                capacity: 1,
                needed: 2,
                tasks: vec!["x".into(), "y".into()],
            },
        ]
    );
    assert!(err.to_string().contains("days 3-4"));
}

#[test]
fn a_pin_within_a_lead_of_its_predecessor_is_no_clash() {
    // a (5 days) -> c with lag -3: c may start on day 2 but not on day 1
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(2));
    let a = b.plan_task("a", None, &[(t, 5.0)], 1, 1, 0);
    let c = b.plan_task("c", None, &[(t, 1.0)], 1, 1, 0);
    b.precedence(a, c, -3);
    b.pin(c, Pin { start: 2, mode: 0 });
    let mut p = b.build().unwrap();
    assert_eq!(check_feasible(&p), Ok(()));
    p.pin(c, Pin { start: 1, mode: 0 });
    assert_eq!(
        check_feasible(&p).unwrap_err().clashes,
        vec![Clash::BeforePredecessor {
            task: "c".into(),
            start: 1,
            predecessor: "a".into(),
            earliest: 2
        }]
    );
    // a lead longer than the predecessor: day 0 is enough
    p.precedences[0].lag = -8;
    p.preds[c.index()][0].1 = -8;
    p.succs[a.index()][0].1 = -8;
    p.pin(c, Pin { start: 0, mode: 0 });
    assert_eq!(check_feasible(&p), Ok(()));
}

#[test]
fn a_today_past_the_last_schedulable_day_is_refused_with_a_reason() {
    let (p, _) = small();
    let request = Replan {
        today: 3_000_000,
        ..Replan::default()
    };
    let Err(ReplanError::Infeasible(err)) = request.apply(&p) else {
        panic!("a today past the horizon is refused")
    };
    assert!(
        matches!(err.clashes.as_slice(), [Clash::TooLong { limit, .. }] if *limit == MAX_HORIZON),
        "{err}"
    );
    assert!(err.to_string().contains("beyond the 2097152 days"), "{err}");
}

#[test]
fn a_baseline_goal_order_becomes_a_permutation_of_the_goals() {
    let (p, _) = small();
    let none = Baseline::default();
    assert!(none.goal_permutation(&p).is_empty());
    // an unknown goal (index 7) and a repeat are dropped, the missing goal
    // is appended
    let order = vec![
        GoalId::from_index(1),
        GoalId::from_index(7),
        GoalId::from_index(1),
    ];
    let baseline = Baseline::default().with_goal_order(order);
    assert_eq!(baseline.goal_permutation(&p), [1, 0]);
}

#[test]
fn frozen_tasks_whose_baseline_team_or_crew_is_impossible_are_warned_about() {
    // regression (issue 14 D): such tasks were silently left unfrozen
    let (p, [a, b, c]) = small();
    let web = ResourceId::from_index(1);
    let backend = ResourceId::from_index(0);
    let task = |start, team, people| {
        Some(BaselineTask {
            start,
            crew: Some(vec![Demand {
                resource: team,
                amount: people,
            }]),
        })
    };
    let baseline = Baseline {
        tasks: vec![task(0, web, 1), task(1, backend, 5), task(9, web, 1)],
        goal_order: Vec::new(),
    };
    let request = Replan {
        freeze: 5,
        baseline: Some(baseline),
        ..Replan::default()
    };
    let warnings = request.warnings(&p);
    assert_eq!(
        warnings,
        vec![
            ReplanWarning::FrozenOnIneligibleTeam {
                task: p.activity(a).id.clone(),
                start: 0
            },
            ReplanWarning::FrozenWithImpossibleCrew {
                task: p.activity(b).id.clone(),
                start: 1,
                people: "5".into(),
                allowed: "1".into()
            },
        ]
    );
    // c starts after the window: not frozen anyway, no warning
    assert!(warnings.iter().all(|w| w.task() != p.activity(c).id));
    // and nothing is frozen
    let applied = request.apply(&p).unwrap();
    assert!(applied.activities().iter().all(|x| x.pin.is_none()));
}

/// `rel` needs `backend*2+qa` (effort 6, crew 1..=2 on qa: 2+2 is
/// dominated by 2+1) or `platform`; `ms` is a milestone on `backend+qa`
/// after `rel`.
fn multi_team() -> (Problem, [ActivityId; 2]) {
    use crate::model::Alternative;
    let mut b = ProblemBuilder::new();
    let backend = b.resource("backend", Calendar::constant(3));
    let qa = b.resource("qa", Calendar::constant(2));
    let platform = b.resource("platform", Calendar::constant(2));
    let g = b.goal("g", 1.0, None);
    let both = Alternative::new(vec![(backend, Some(2)), (qa, None)], 6.0);
    let rel = b.plan_task_alternatives("rel", Some(g), &[both, (platform, 8.0).into()], 1, 2, 0);
    let ms = Alternative::new(vec![(backend, None), (qa, None)], 0.0);
    let ms = b.plan_task_alternatives("ms", Some(g), &[ms], 1, 1, 0);
    b.precedence(rel, ms, 0);
    (b.build().unwrap(), [rel, ms])
}

#[test]
fn progress_and_baselines_on_several_teams() {
    let (p, [rel, ms]) = multi_team();
    let (backend, qa) = (ResourceId::from_index(0), ResourceId::from_index(1));
    let demand = |resource, amount| Demand { resource, amount };
    assert_eq!(p.activity(rel).modes.len(), 3); // 2+1, platform 1, platform 2
    // started on qa+backend with 2+2 (dominated, so a mode of its own, in
    // the alternative's order), then the milestone done
    let mut progress = Progress::default();
    progress.set(
        rel,
        TaskProgress::Started {
            start: 1,
            crew: vec![demand(qa, 2), demand(backend, 2)],
        },
    );
    let q = Replan {
        today: 2,
        progress,
        ..Replan::default()
    }
    .apply(&p)
    .unwrap();
    let pin = q.activity(rel).pin.unwrap();
    let mode = &q.activity(rel).modes[pin.mode];
    assert_eq!((pin.start, mode.duration), (1, 2)); // ceil(6 / 4)
    assert_eq!(mode.demands, [demand(backend, 2), demand(qa, 2)]);
    let s = Schedule::new(vec![asg(1, pin.mode), asg(3, 0)]);
    s.check(&q).unwrap();
    let rows = crate::schedule::schedule_rows(&q, &s);
    assert_eq!(
        (rows[0].crew.team(), rows[0].crew.people()),
        ("backend+qa".into(), "2+2".into())
    );
    assert_eq!(
        (rows[1].crew.team(), rows[1].crew.people()),
        ("backend+qa".into(), "0+0".into())
    );

    // a done milestone on several teams stays on them with nobody
    let mut progress = Progress::default();
    progress.set(rel, TaskProgress::Done);
    progress.set(ms, TaskProgress::Done);
    let q = Replan {
        progress,
        ..Replan::default()
    }
    .apply(&p)
    .unwrap();
    assert_eq!(
        q.activity(rel).modes[0].demands,
        [demand(backend, 0), demand(qa, 0)]
    );
    Schedule::new(vec![asg(0, 0), asg(0, 0)]).check(&q).unwrap();

    // a baseline row `qa+backend` / `1+2` is the 2+1 mode; the freeze keeps it
    let row = |team: &[(&str, u32)], start| ScheduleRow {
        task: "rel".into(),
        goal: "g".into(),
        crew: Crew(team.iter().map(|&(t, k)| (t.to_string(), k)).collect()),
        start,
        finish: start + 2,
    };
    let baseline = Baseline::from_rows(&p, &[row(&[("qa", 1), ("backend", 2)], 0)]);
    assert_eq!(baseline.mode(&p, rel), Some(0));
    let from_schedule = Baseline::from_schedule(&p, &Schedule::new(vec![asg(0, 0), asg(2, 0)]));
    assert_eq!(
        from_schedule.get(rel).unwrap().crew,
        Some(vec![demand(backend, 2), demand(qa, 1)])
    );
    assert_eq!(from_schedule.mode(&p, ms), Some(0));
    let freeze = |baseline: Baseline| Replan {
        freeze: 3,
        baseline: Some(baseline),
        ..Replan::default()
    };
    let q = freeze(baseline).apply(&p).unwrap();
    assert_eq!(q.activity(rel).pin, Some(Pin { start: 0, mode: 0 }));
    // crews it cannot have on those teams, and teams that are not an alternative
    let impossible = freeze(Baseline::from_rows(
        &p,
        &[row(&[("backend", 2), ("qa", 3)], 0)],
    ));
    assert_eq!(
        impossible.warnings(&p),
        [ReplanWarning::FrozenWithImpossibleCrew {
            task: "rel".into(),
            start: 0,
            people: "2+3".into(),
            allowed: "2+1".into()
        }]
    );
    for teams in [
        &[("qa", 1)][..],
        &[("backend", 2), ("platform", 1)],
        &[("backend", 2), ("nope", 1)],
    ] {
        let request = freeze(Baseline::from_rows(&p, &[row(teams, 0)]));
        assert_eq!(
            request.warnings(&p),
            [ReplanWarning::FrozenOnIneligibleTeam {
                task: "rel".into(),
                start: 0
            }],
            "{teams:?}"
        );
    }
}
