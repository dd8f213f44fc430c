//! Bound tests: hand-made values and a brute-force oracle.

use super::context::Curve;
use super::context::sample;
use super::*;
use crate::model::{Activity, Calendar, Demand, Mode, Pin, ProblemBuilder};
use crate::solve::testkit::{Rng, goal_finishes, optimum, weighted_case, weighted_lead_case};

fn bounds(p: &Problem) -> LowerBounds {
    lower_bounds(p, &Analysis::new(p))
}

fn task(b: &mut ProblemBuilder, id: &str, goal: Option<GoalId>, t: ResourceId, days: u32) {
    // one person for `days` days
    b.plan_task(id, goal, &[(t, f64::from(days))], 1, 1, 0);
}

#[test]
fn curve_finish_matches_calendar_energy() {
    let mut cal = Calendar::constant(3);
    cal.set(2, 4, 0);
    cal.set(7, 8, 1);
    cal.set(12, 12, 5);
    let curve = Curve::new(&cal);
    for t in 0..15u32 {
        assert_eq!(curve.cum_at(u64::from(t)), cal.energy(0, t));
        for e in 0..40u64 {
            let want = (t..200).find(|&x| cal.energy(t, x) >= e).map(u64::from);
            assert_eq!(curve.finish(u64::from(t), e), want, "t={t} e={e}");
        }
    }
    let mut dead = Calendar::constant(2);
    dead.set(3, u32::MAX, 0);
    let curve = Curve::new(&dead);
    assert_eq!(curve.finish(0, 6), Some(3));
    // a calendar change always ends (the base returns on day u32::MAX)
    assert_eq!(curve.finish(0, 7), Some(u64::from(u32::MAX) + 1));
}

#[test]
fn release_threshold_bound() {
    // a: day 0; b and c are released on day 5 and share a team of one
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    b.plan_task("a", None, &[(t, 1.0)], 1, 1, 0);
    b.plan_task("b", None, &[(t, 3.0)], 1, 1, 5);
    b.plan_task("c", None, &[(t, 3.0)], 1, 1, 5);
    b.objective(Objective::Makespan);
    let lb = bounds(&b.build().unwrap());
    assert_eq!(lb.critical_path, 8.0);
    assert_eq!(lb.energy, 11.0);
    assert_eq!(lb.makespan, 11);
    assert_eq!(lb.sequencing, 0.0);
    assert_eq!(lb.resources[0].min_energy, 7);
    assert_eq!(lb.resources[0].makespan, 11);
}

#[test]
fn vacation_stretches_energy_bound() {
    let mut cal = Calendar::constant(2);
    cal.set(2, 4, 0);
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", cal);
    for id in ["a", "b", "c", "d"] {
        task(&mut b, id, None, t, 2);
    }
    b.objective(Objective::Makespan);
    let lb = bounds(&b.build().unwrap());
    assert_eq!(lb.critical_path, 2.0);
    assert_eq!(lb.energy, 7.0); // 4 person-days on days 0-1, 4 on days 5-6
}

#[test]
fn tail_is_added_to_energy() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let u = b.resource("u", Calendar::constant(1));
    let a = b.plan_task("a", None, &[(t, 3.0)], 1, 1, 0);
    let c = b.plan_task("c", None, &[(t, 3.0)], 1, 1, 0);
    let d = b.plan_task("d", None, &[(u, 2.0)], 1, 1, 0);
    b.precedence(a, d, 0);
    b.precedence(c, d, 0);
    b.objective(Objective::Makespan);
    let lb = bounds(&b.build().unwrap());
    assert_eq!(lb.critical_path, 5.0);
    assert_eq!(lb.energy, 8.0); // 6 days on t, then d's 2 days
    // d cannot start before a and c are both done (day 6): u alone proves 8
    assert_eq!(lb.resources[1].makespan, 8);
}

#[test]
fn disjunctive_clique_adds_durations() {
    // three 2-person tasks on a team of 3: no two can overlap
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    for (id, days) in [("a", 2.0), ("b", 3.0), ("c", 4.0)] {
        b.plan_task(id, None, &[(t, 2.0 * days)], 2, 2, 0);
    }
    b.objective(Objective::Makespan);
    let lb = bounds(&b.build().unwrap());
    assert_eq!(lb.resources[0].makespan, 6); // 18 person-days / 3
    assert_eq!(lb.energy, 9.0); // 2 + 3 + 4 days, one at a time
}

#[test]
fn disjunctive_pair_with_release() {
    // x needs the whole team of 2 and is released on day 2; y runs 4 days
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(2));
    b.plan_task("x", None, &[(t, 2.0)], 2, 2, 2);
    b.plan_task("y", None, &[(t, 4.0)], 1, 1, 0);
    b.objective(Objective::Makespan);
    let lb = bounds(&b.build().unwrap());
    assert_eq!(lb.critical_path, 4.0);
    assert_eq!(lb.best(), 5.0); // y on days 0-3, then x
}

#[test]
fn energetic_reasoning_sees_a_vacation_clash() {
    // team t: 2 people, 1 on day 2. y (3 days) -> z and x (1 day, from
    // day 2) -> w each need 2 more days elsewhere: with makespan 5 both
    // y and x must run on day 2.
    let mut cal = Calendar::constant(2);
    cal.set(2, 2, 1);
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", cal);
    let u = b.resource("u", Calendar::constant(2));
    let y = b.plan_task("y", None, &[(t, 3.0)], 1, 1, 0);
    let z = b.plan_task("z", None, &[(u, 2.0)], 1, 1, 0);
    let x = b.plan_task("x", None, &[(t, 1.0)], 1, 1, 2);
    let w = b.plan_task("w", None, &[(u, 2.0)], 1, 1, 0);
    b.precedence(y, z, 0);
    b.precedence(x, w, 0);
    b.objective(Objective::Makespan);
    let p = b.build().unwrap();
    let lb = bounds(&p);
    assert_eq!(lb.critical_path, 5.0);
    assert_eq!(lb.resources[0].makespan, 5);
    assert_eq!(lb.energy, 6.0);
    assert_eq!(lb.makespan, 6);
    let opt = optimum(&p, &|f: &[u32]| {
        f64::from(f.iter().copied().max().unwrap_or(0))
    });
    assert_eq!(opt, Some(6.0));
}

#[test]
fn minimum_energy_over_modes() {
    // 2 people x 3 days (6) or 1 person on another team x 4 days (0 on t)
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(2));
    let u = b.resource("u", Calendar::constant(1));
    b.activity(Activity {
        id: "a".into(),
        name: None,
        goal: None,
        release: 0,
        modes: vec![
            Mode {
                duration: 3,
                demands: vec![Demand {
                    resource: t,
                    amount: 2,
                }],
            },
            Mode {
                duration: 4,
                demands: vec![Demand {
                    resource: u,
                    amount: 1,
                }],
            },
        ],
        spec: None,
        pin: None,
    });
    let lb = bounds(&b.build().unwrap());
    assert_eq!(lb.resources[0].min_energy, 0);
    assert_eq!(lb.resources[1].min_energy, 0);
}

#[test]
fn goals_sequenced_on_one_team() {
    // three goals of 10 days each on a team of one, all due on day 10
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    for (id, p) in [("g1", 3.0), ("g2", 2.0), ("g3", 1.0)] {
        let g = b.goal(id, p, Some(10));
        task(&mut b, id, Some(g), t, 10);
    }
    let lb = bounds(&b.build().unwrap());
    // phi at 10 for everyone: 3*10 + 2*10 + 1*10
    assert_eq!(lb.critical_path, 60.0);
    assert_eq!(lb.energy, 60.0);
    assert_eq!(lb.goal_finish, vec![10, 10, 10]);
    // best order g1, g2, g3: 3*10 + 2*(20 + 10*10) + 1*(30 + 10*20)
    assert_eq!(lb.sequencing, 500.0);
    assert_eq!(lb.best(), 500.0);
}

#[test]
fn smith_rule_without_dp_room() {
    // more goals than the DP takes: the separate-terms bound still sees them
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let n = DP_GOALS + 4;
    for i in 0..n {
        let g = b.goal(format!("g{i}"), 1.0, None);
        task(&mut b, &format!("a{i}"), Some(g), t, 1);
    }
    b.objective(Objective::Weighted {
        lateness_weight: 0.0,
    });
    let lb = bounds(&b.build().unwrap());
    let want = (n * (n + 1) / 2) as f64; // 1 + 2 + ... + n
    assert_eq!(lb.sequencing, want);
    assert_eq!(lb.energy, n as f64);
}

#[test]
fn goal_finish_counts_required_goals_work() {
    // goal B depends on goal A (two parallel 3-day tasks); one team of one
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let ga = b.goal("A", 1.0, None);
    let gb = b.goal("B", 1.0, None);
    let empty = b.goal("C", 5.0, Some(0));
    b.goal_dependency(gb, ga);
    task(&mut b, "a1", Some(ga), t, 3);
    task(&mut b, "a2", Some(ga), t, 3);
    task(&mut b, "b", Some(gb), t, 1);
    let p = b.build().unwrap();
    let lb = bounds(&p);
    assert_eq!(Analysis::new(&p).makespan_bound, 4);
    assert_eq!(lb.goal_finish, vec![6, 7, 0]);
    assert_eq!(lb.critical_path, 3.0 + 4.0);
    assert_eq!(lb.energy, 6.0 + 7.0);
    let _ = empty;
}

#[test]
fn pinned_mode_sets_energy() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(4));
    let a = b.plan_task("a", None, &[(t, 12.0)], 1, 4, 0);
    b.pin(a, Pin { start: 2, mode: 0 }); // 1 person x 12 days
    b.objective(Objective::Makespan);
    let lb = bounds(&b.build().unwrap());
    assert_eq!(lb.critical_path, 14.0);
    assert_eq!(lb.resources[0].min_energy, 12);
}

#[test]
fn negative_lateness_weight() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g = b.goal("g", 1.0, Some(0));
    task(&mut b, "a", Some(g), t, 4);
    b.objective(Objective::Weighted {
        lateness_weight: -0.5,
    });
    let mut p = b.build().unwrap();
    let lb = bounds(&p);
    assert_eq!(lb.best(), 4.0 - 0.5 * 4.0);
    p.set_objective(Objective::Weighted {
        lateness_weight: -2.0,
    })
    .unwrap();
    assert_eq!(bounds(&p).best(), f64::NEG_INFINITY);
}

#[test]
fn empty_problem() {
    let p = ProblemBuilder::new().build().unwrap();
    let lb = bounds(&p);
    assert_eq!(lb.best(), 0.0);
    assert_eq!(lb.makespan, 0);
}

#[test]
fn sample_keeps_first_and_spreads() {
    let v: Vec<u64> = (0..10).collect();
    assert_eq!(sample(&v, 20), v);
    assert_eq!(sample(&v, 5), vec![0, 2, 4, 6, 8]);
}

// ---- brute-force oracle -------------------------------------------------

#[test]
fn bounds_never_exceed_brute_force_optimum() {
    let mut rng = Rng(0x5eed);
    let (mut checked, mut tight_makespan, mut tight_weighted) = (0, 0, 0);
    for case in 0..300 {
        // None: infeasible within the horizon (e.g. clashing pins)
        let Some((mut p, _, opt_w)) = weighted_case(&mut rng, 2, 4, 3) else {
            continue;
        };
        checked += 1;
        let lb = bounds(&p);
        for (name, v) in [
            ("critical_path", lb.critical_path),
            ("energy", lb.energy),
            ("sequencing", lb.sequencing),
        ] {
            assert!(
                v <= opt_w + 1e-9,
                "case {case}: weighted {name} {v} > optimum {opt_w}\n{p:#?}"
            );
        }
        if lb.best() >= opt_w - 1e-9 {
            tight_weighted += 1;
        }
        for g in 0..p.goals().len() {
            let only_g = |f: &[u32]| f64::from(goal_finishes(&p, f)[g]);
            let opt_g = optimum(&p, &only_g).unwrap_or(f64::INFINITY);
            assert!(
                f64::from(lb.goal_finish[g]) <= opt_g,
                "case {case}: goal {g} bound {} > earliest finish {opt_g}\n{p:#?}",
                lb.goal_finish[g]
            );
        }
        p.set_objective(Objective::Makespan).unwrap();
        let makespan = |f: &[u32]| f64::from(f.iter().copied().max().unwrap_or(0));
        let opt_m = optimum(&p, &makespan).unwrap_or(f64::INFINITY);
        let lb = bounds(&p);
        for (name, v) in [
            ("critical_path", lb.critical_path),
            ("energy", lb.energy),
            ("sequencing", lb.sequencing),
            ("makespan", f64::from(lb.makespan)),
        ] {
            assert!(
                v <= opt_m,
                "case {case}: makespan {name} {v} > optimum {opt_m}\n{p:#?}"
            );
        }
        for r in &lb.resources {
            assert!(f64::from(r.makespan) <= opt_m);
        }
        if lb.best() >= opt_m {
            tight_makespan += 1;
        }
    }
    // the generator must actually exercise the bounds
    assert!(checked >= 200, "only {checked} feasible instances");
    assert!(tight_makespan > 0 && tight_weighted > 0);
    eprintln!("checked {checked}, tight: makespan {tight_makespan}, weighted {tight_weighted}");
}

/// With leads every bound counts each lag with its sign (a lead counted as
/// 0 would assume a tighter constraint than the model's and could exceed
/// the optimum): never above the brute-force optimum, for the weighted
/// objective, each goal's finish and the makespan.
#[test]
fn bounds_with_leads_never_exceed_brute_force_optimum() {
    let mut rng = Rng(0x1ead_5eed);
    let (mut checked, mut with_leads, mut tight) = (0, 0, 0);
    for case in 0..300 {
        let Some((mut p, w, opt_w)) = weighted_lead_case(&mut rng, 3, 3, 3) else {
            continue;
        };
        checked += 1;
        with_leads += usize::from(p.has_leads());
        let cpm = Analysis::new(&p);
        let lb = lower_bounds(&p, &cpm);
        for (name, v) in [
            ("critical_path", lb.critical_path),
            ("energy", lb.energy),
            ("sequencing", lb.sequencing),
        ] {
            assert!(
                v <= opt_w + 1e-9,
                "case {case}: weighted {name} {v} > optimum {opt_w}\n{p:#?}"
            );
        }
        if w >= 0.0 {
            let ctx = Context::new(&p, &cpm);
            let goals = goal_bounds(&ctx);
            let machine = ctx.machine_bound(&goals.tails, &goals.lb, w, &[]);
            assert!(
                machine <= opt_w + 1e-9,
                "case {case}: machine {machine} > {opt_w}"
            );
        }
        tight += usize::from(lb.best() >= opt_w - 1e-9);
        for g in 0..p.goals().len() {
            let only_g = |f: &[u32]| f64::from(goal_finishes(&p, f)[g]);
            let opt_g = optimum(&p, &only_g).unwrap_or(f64::INFINITY);
            assert!(
                f64::from(lb.goal_finish[g]) <= opt_g,
                "case {case}: goal {g} bound {} > earliest finish {opt_g}\n{p:#?}",
                lb.goal_finish[g]
            );
        }
        for (set, bound) in goal_set_bounds(&p, &cpm, 3) {
            let earliest = optimum(&p, &|f: &[u32]| {
                let g = goal_finishes(&p, f);
                f64::from(set.iter().map(|x| g[x.index()]).max().unwrap_or(0))
            })
            .unwrap_or(f64::INFINITY);
            assert!(
                bound as f64 <= earliest,
                "case {case}: {set:?} {bound} > {earliest}"
            );
        }
        p.set_objective(Objective::Makespan).unwrap();
        let makespan = |f: &[u32]| f64::from(f.iter().copied().max().unwrap_or(0));
        let opt_m = optimum(&p, &makespan).unwrap_or(f64::INFINITY);
        let lb = bounds(&p);
        for (name, v) in [
            ("critical_path", lb.critical_path),
            ("energy", lb.energy),
            ("makespan", f64::from(lb.makespan)),
        ] {
            assert!(
                v <= opt_m,
                "case {case}: makespan {name} {v} > optimum {opt_m}\n{p:#?}"
            );
        }
    }
    assert!(
        checked >= 200 && with_leads >= 100,
        "{checked} checked, {with_leads} with leads"
    );
    assert!(tight > 0);
    eprintln!("checked {checked}, with leads {with_leads}, tight {tight}");
}

#[test]
fn an_ancestor_through_a_long_lead_is_not_in_the_closure() {
    // i (10 days, no goal) -> j (1 day, goal g) with lag -15: j on day 0,
    // i on days 1-10, g done on day 1; i's work must not count before it
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g = b.goal("g", 1.0, None);
    let i = b.plan_task("i", None, &[(t, 10.0)], 1, 1, 0);
    let j = b.plan_task("j", Some(g), &[(t, 1.0)], 1, 1, 0);
    b.precedence(i, j, -15);
    let p = b.build().unwrap();
    let lb = bounds(&p);
    assert_eq!(lb.goal_finish, vec![1]);
    assert!(lb.best() <= 1.0, "{lb:?}");
    // a shorter lead makes j start after i starts: then j waits for i
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g = b.goal("g", 1.0, None);
    let i = b.plan_task("i", None, &[(t, 10.0)], 1, 1, 0);
    let j = b.plan_task("j", Some(g), &[(t, 1.0)], 1, 1, 0);
    b.precedence(i, j, -4);
    let p = b.build().unwrap();
    // critical path 10 - 4 + 1 = 7 at least; the optimum is 11 (j after i)
    let finish = bounds(&p).goal_finish[0];
    assert!((7..=11).contains(&finish), "{finish}");
}

#[test]
fn machine_bound_never_exceeds_brute_force_optimum() {
    let mut rng = Rng(0x3ac4);
    let (mut checked, mut lifted) = (0, 0);
    for case in 0..400 {
        // more tasks and goals than above, so that goals queue for a team
        let Some((p, w, opt)) = weighted_case(&mut rng, 3, 4, 4) else {
            continue;
        };
        if w < 0.0 {
            continue; // the machine bound needs a convex cost
        }
        checked += 1;
        let cpm = Analysis::new(&p);
        let ctx = Context::new(&p, &cpm);
        let goals = goal_bounds(&ctx);
        let machine = ctx.machine_bound(&goals.tails, &goals.lb, w, &[]);
        assert!(
            machine <= opt + 1e-9,
            "case {case}: machine bound {machine} > optimum {opt}\n{p:#?}"
        );
        if machine > ctx.weighted_sum(&goals.lb, w) + 1e-6 {
            lifted += 1;
        }
    }
    assert!(checked >= 150, "only {checked} feasible instances");
    assert!(
        lifted >= 10,
        "the machine bound lifted only {lifted} instances"
    );
    eprintln!("checked {checked}, lifted {lifted}");
}

#[test]
fn machine_bound_sequences_late_goals_on_one_team() {
    // four goals of 10 days on a team of one, all due on day 10, and too
    // many for the subset DP to see if it had to: the team finishes them
    // on days 10, 20, 30 and 40 at best
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    for (id, p) in [("g1", 4.0), ("g2", 3.0), ("g3", 2.0), ("g4", 1.0)] {
        let g = b.goal(id, p, Some(10));
        task(&mut b, id, Some(g), t, 10);
    }
    let p = b.build().unwrap();
    let cpm = Analysis::new(&p);
    let ctx = Context::new(&p, &cpm);
    let goals = goal_bounds(&ctx);
    let machine = ctx.machine_bound(&goals.tails, &goals.lb, 10.0, &[]);
    // best order g1..g4: 4*10 + 3*(20 + 100) + 2*(30 + 200) + 1*(40 + 300)
    let opt = 40.0 + 360.0 + 460.0 + 340.0;
    let floor = ctx.weighted_sum(&goals.lb, 10.0);
    assert_eq!(floor, 100.0);
    assert!(machine <= opt + 1e-9);
    assert!(machine > 0.9 * opt, "machine {machine} of {opt}");
}

/// Two goals of 3 person-days each on one person: each can be done by day
/// 3, both only by day 6.
#[test]
fn goal_sets_count_their_joint_work() {
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g1 = b.goal("g1", 1.0, None);
    let g2 = b.goal("g2", 1.0, None);
    b.goal("g3", 1.0, None);
    task(&mut b, "a", Some(g1), t, 3);
    task(&mut b, "c", Some(g2), t, 3);
    let p = b.build().unwrap();
    let sets = goal_set_bounds(&p, &Analysis::new(&p), 3);
    // g3 has no members; the pair beats both singles
    assert_eq!(sets, vec![(vec![g1], 3), (vec![g2], 3), (vec![g1, g2], 6)]);
}

/// On random plans every goal-set bound is at most the earliest day by
/// which all goals of its set can be done (exhaustive search).
#[test]
fn goal_set_bounds_never_exceed_brute_force() {
    let mut rng = Rng(0x9a15);
    let (mut checked, mut joint) = (0, 0);
    for case in 0..150 {
        let Some((p, _, _)) = weighted_case(&mut rng, 3, 4, 4) else {
            continue;
        };
        for (set, bound) in goal_set_bounds(&p, &Analysis::new(&p), 3) {
            let earliest = optimum(&p, &|f: &[u32]| {
                let g = goal_finishes(&p, f);
                f64::from(set.iter().map(|x| g[x.index()]).max().unwrap_or(0))
            })
            .expect("the case is feasible");
            assert!(
                bound as f64 <= earliest,
                "case {case}: {set:?} bound {bound} above {earliest}"
            );
            checked += 1;
            joint += usize::from(set.len() > 1 && bound as f64 == earliest);
        }
    }
    assert!(
        checked > 100 && joint > 5,
        "{checked} sets, {joint} tight joint bounds"
    );
}

#[test]
fn a_passed_deadline_gives_weaker_but_valid_bounds() {
    let mut rng = Rng(41);
    let mut checked = 0;
    for case in 0..200 {
        let Some((p, _, optimum)) = weighted_case(&mut rng, 2, 4, 3) else {
            continue;
        };
        checked += 1;
        let a = Analysis::new(&p);
        let full = lower_bounds(&p, &a);
        let cut = lower_bounds_until(&p, &a, ER_TOTAL_BUDGET, Some(std::time::Instant::now()));
        // the goals keep their critical-path finishes, no sequencing runs
        assert_eq!(cut.critical_path, full.critical_path, "case {case}");
        assert!(cut.energy <= full.energy + 1e-9, "case {case}");
        assert!(cut.sequencing <= full.sequencing + 1e-9, "case {case}");
        assert!(cut.best() <= optimum + 1e-9, "case {case}");
        for g in 0..p.goals().len() {
            assert!(cut.goal_finish[g] <= full.goal_finish[g], "case {case}");
        }
    }
    assert!(checked >= 50, "only {checked} cases");
}

/// `DP_GOALS + 2` goals of one one-day task each on a team of one, with
/// priorities, due days and a lateness weight drawn by `seed`.
fn unit_goals(seed: u64) -> Problem {
    let mut rng = Rng(seed);
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let n = DP_GOALS + 2;
    for i in 0..n {
        let due = 1 + rng.below(n as u32);
        let g = b.goal(format!("g{i}"), f64::from(1 + rng.below(9)), Some(due));
        task(&mut b, &format!("a{i}"), Some(g), t, 1);
    }
    b.objective(Objective::Weighted {
        lateness_weight: 10.0,
    });
    b.build().unwrap()
}

/// The optimum of a [`unit_goals`] plan: one job a day, so the goals done
/// first finish on day `|S|`; the best order by a DP over subsets.
fn unit_goals_optimum(p: &Problem) -> f64 {
    let goals = p.goals();
    let n = goals.len();
    let mut best = vec![f64::INFINITY; 1 << n];
    best[0] = 0.0;
    for s in 1usize..1 << n {
        let day = f64::from(s.count_ones());
        for (g, goal) in goals.iter().enumerate() {
            if s & (1 << g) != 0 {
                let late = (day - f64::from(goal.due.unwrap())).max(0.0);
                let v = best[s ^ (1 << g)] + goal.priority * (day + 10.0 * late);
                best[s] = best[s].min(v);
            }
        }
    }
    best[(1 << n) - 1]
}

#[test]
fn deeper_sequencing_finds_the_optimum_of_unit_goals() {
    let far = std::time::Instant::now() + std::time::Duration::from_secs(3600);
    let mut gained = 0;
    for seed in 1..=3 {
        let p = unit_goals(seed);
        let analysis = Analysis::new(&p);
        let lb = lower_bounds(&p, &analysis);
        let optimum = unit_goals_optimum(&p);
        let deep = deeper_sequencing(&p, &analysis, &lb.goal_finish, f64::INFINITY, far);
        // every goal in one DP: exact on one team of one
        assert_eq!(deep, Some(optimum), "seed {seed}");
        assert!(lb.sequencing <= optimum + 1e-9, "seed {seed}");
        if lb.sequencing < optimum - 1e-9 {
            gained += 1;
        }
    }
    // the usual DP leaves two goals out and is weaker
    assert!(gained > 0);
}

#[test]
fn deeper_sequencing_stops_without_work_or_time() {
    let p = unit_goals(1);
    let analysis = Analysis::new(&p);
    let lb = lower_bounds(&p, &analysis);
    let far = std::time::Instant::now() + std::time::Duration::from_secs(3600);
    assert_eq!(
        deeper_sequencing(&p, &analysis, &lb.goal_finish, 0.0, far),
        None
    );
    let past = std::time::Instant::now();
    let deep = deeper_sequencing(&p, &analysis, &lb.goal_finish, f64::INFINITY, past);
    assert_eq!(deep, None);
    // work for less than the full DP (the team and one clique of one-day
    // tasks: 2 resources): still a bound
    let one = sequencing_work(DP_GOALS + 1, DP_GOALS + 2, 2);
    let deep = deeper_sequencing(&p, &analysis, &lb.goal_finish, one, far);
    assert!(deep.is_some_and(|d| d < unit_goals_optimum(&p) + 1e-9));
}

#[test]
fn a_solve_with_work_beyond_its_opening_reports_the_deeper_bound() {
    let p = unit_goals(2);
    let optimum = unit_goals_optimum(&p);
    let options = crate::SolveOptions::default().with_work_limit(5.0).unwrap();
    let s = crate::solve::solve(&p, &options);
    let report = s.schedule.check(&p).unwrap();
    assert!(report.objective >= optimum - 1e-9);
    assert_eq!(s.bounds.sequencing, optimum);
    // at the opening's effort the usual DP leaves goals out
    let options = crate::SolveOptions::default().with_work_limit(1.0).unwrap();
    assert!(crate::solve::solve(&p, &options).bounds.sequencing < optimum - 1e-9);
}

#[test]
fn branching_bound_never_exceeds_brute_force_optimum() {
    let mut rng = Rng(0xb7a4);
    let (mut checked, mut lifted) = (0, 0);
    for case in 0..400 {
        let (p, w, opt) = if case % 4 == 3 {
            // leads, too: mandatory parts must not rely on them
            match weighted_lead_case(&mut rng, 3, 4, 4) {
                Some(c) => c,
                None => continue,
            }
        } else {
            match weighted_case(&mut rng, 3, 4, 4) {
                Some(c) => c,
                None => continue,
            }
        };
        if w < -1.0 {
            continue;
        }
        let cpm = Analysis::new(&p);
        let mut ctx = Context::new(&p, &cpm);
        let goals = goal_bounds(&ctx);
        let dp = ctx
            .sequencing_bound(&goals.tails, &goals.lb, w, DP_GOALS)
            .unwrap_or(f64::NEG_INFINITY);
        for g in 0..p.goals().len() {
            let curves = ctx.curves.clone();
            let energy = ctx.min_energy.clone();
            // the paired energetic reasoning in full, or as in the opening
            ctx.er_budget = usize::MAX;
            let candidates = if case % 2 == 0 {
                reasoning::ER_CANDIDATES
            } else {
                PAIR_CANDIDATES
            };
            // one goal, or two (the second within the first's brackets)
            let ng = p.goals().len();
            let order = if case % 3 == 0 && ng > 1 {
                vec![g, (g + 1) % ng]
            } else {
                vec![g]
            };
            let Some(b) = ctx.branching_bound(&goals.tails, &goals.lb, w, &order, candidates)
            else {
                continue;
            };
            checked += 1;
            assert!(
                b <= opt + 1e-9,
                "case {case}, goals {order:?}: branching bound {b} > optimum {opt}\n{p:#?}"
            );
            // the context is left as it was
            assert_eq!(ctx.min_energy, energy);
            assert_eq!(ctx.curves.len(), curves.len());
            if b > dp + 1e-6 {
                lifted += 1;
            }
        }
    }
    assert!(checked >= 200, "only {checked} branchings");
    assert!(lifted >= 5, "the branching bound lifted only {lifted}");
    eprintln!("checked {checked}, lifted {lifted}");
}

#[test]
fn branching_on_a_goal_bounds_its_brackets() {
    // g1: 10 days on a team of one, due day 10, priority 10; g2: 10 days
    // on the same team, priority 1. Finishing g1 by day 10 fixes its work
    // in days 0..10 (no capacity left there), so g2 finishes by day 20 at
    // best: 10 * 10 + 20 = 120, the optimum; a later g1 costs 110 a day
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g1 = b.goal("g1", 10.0, Some(10));
    task(&mut b, "a", Some(g1), t, 10);
    let g2 = b.goal("g2", 1.0, None);
    task(&mut b, "b", Some(g2), t, 10);
    b.objective(Objective::Weighted {
        lateness_weight: 10.0,
    });
    let p = b.build().unwrap();
    let cpm = Analysis::new(&p);
    let mut ctx = Context::new(&p, &cpm);
    let goals = goal_bounds(&ctx);
    let b = ctx
        .branching_bound(&goals.tails, &goals.lb, 10.0, &[0], PAIR_CANDIDATES)
        .unwrap();
    assert_eq!(b, 120.0);
}
