use super::*;
use crate::model::{ActivityId, Demand, Pin, ProblemBuilder, ResourceId};
use crate::solve::solve;

/// Backend (1 person) carries three goals of 6 person-days each; design is
/// idle.
fn busy_backend() -> Problem {
    let mut b = ProblemBuilder::new();
    let backend = b.resource("backend", Calendar::constant(1));
    let _design = b.resource("design", Calendar::constant(3));
    for (i, due) in [3, 6, 9].into_iter().enumerate() {
        let g = b.goal(format!("g{i}"), 3.0 - i as f64, Some(due));
        b.plan_task(format!("t{i}"), Some(g), &[(backend, 6.0)], 1, 2, 0);
    }
    b.build().unwrap()
}

fn backend_days(from: u32, to: u32) -> Bottleneck {
    Bottleneck {
        team: ResourceId::from_index(0),
        from,
        to,
        value: 10.0,
    }
}

#[test]
fn one_more_person_on_every_day_of_the_period_and_no_other() {
    let mut cal = Calendar::constant(3);
    cal.set(4, 6, 1); // vacation
    let more = one_more_person(&cal, 2, 5);
    let people: Vec<u32> = (0..9).map(|d| more.at(d)).collect();
    assert_eq!(people, [3, 3, 4, 4, 2, 2, 1, 3, 3]);
    assert_eq!(more.base(), 3);
    // up to "until further notice" without overflow
    let open = one_more_person(&Calendar::constant(u32::MAX), 0, u32::MAX);
    assert_eq!(open.at(1_000), u32::MAX);
}

#[test]
fn the_edit_keeps_crews_added_for_pins() {
    let mut p = busy_backend();
    let a = ActivityId::from_index(0);
    let backend = ResourceId::from_index(0);
    let modes = p.activities()[0].modes.len();
    // a crew of 2 is more than the base capacity: no derived mode has it
    let crew = p.crew_mode(
        a,
        &[Demand {
            resource: backend,
            amount: 2,
        }],
    );
    p.pin(
        a,
        Pin {
            start: 0,
            mode: crew,
        },
    );
    let edited = with_one_more_person(&p, &backend_days(0, 5)).unwrap();
    assert_eq!(edited.activities()[0].modes.len(), modes + 1);
    assert_eq!(edited.activities()[0].modes, p.activities()[0].modes);
    assert_eq!(edited.resources()[0].capacity.at(3), 2);
}

#[test]
fn effects_are_measured_never_worse_and_reproducible() {
    let p = busy_backend();
    let mut solution = solve(&p, &SolveOptions::default().with_work_limit(0.5).unwrap());
    // the whole plan on backend: a second person there halves every task
    solution.bottlenecks = vec![backend_days(0, 17), backend_days(10, 17)];
    let effects = bottleneck_effects(&p, &solution, None).unwrap();
    assert_eq!(effects.len(), 2);
    let first = &effects[0];
    assert_eq!(first.bottleneck, solution.bottlenecks[0]);
    assert_eq!(first.objective_before, solution.objective);
    assert!(first.objective_after < first.objective_before, "{first:?}");
    assert!(
        !first.earlier.is_empty() && first.later.is_empty(),
        "{first:?}"
    );
    assert!(first.earlier.windows(2).all(|w| w[0].days >= w[1].days));
    assert!(first.makespan_after < first.makespan_before);
    // a person after every goal is done changes nothing
    let late = &effects[1];
    assert!(late.objective_after <= late.objective_before);
    // the stated finishes are those of a schedule of the edited problem
    let edited = with_one_more_person(&p, &first.bottleneck).unwrap();
    let before = solution.schedule.goal_finishes(&p);
    let again = bottleneck_effects(&p, &solution, None).unwrap();
    assert_eq!(again, effects, "deterministic");
    for s in &first.earlier {
        assert!(s.days > 0 && s.days <= before[s.goal.index()]);
    }
    assert!(edited.resources()[0].capacity.at(17) == 2);
}

#[test]
fn no_bottleneck_no_effect() {
    let p = busy_backend();
    let mut solution = solve(&p, &SolveOptions::default().with_work_limit(0.1).unwrap());
    solution.bottlenecks.clear();
    assert!(bottleneck_effects(&p, &solution, None).unwrap().is_empty());
}

#[test]
fn at_most_the_top_few_are_measured() {
    let p = busy_backend();
    let mut solution = solve(&p, &SolveOptions::default().with_work_limit(0.1).unwrap());
    solution.bottlenecks = (0..6).map(|d| backend_days(d, d + 1)).collect();
    let effects = bottleneck_effects(&p, &solution, None).unwrap();
    assert_eq!(effects.len(), WHAT_IF_COUNT);
}

#[test]
fn one_more_person_on_a_team_of_a_task_on_several_teams() {
    use crate::model::Alternative;
    // every task needs backend*1 and qa (1..=2 people) at once; qa has one person
    let mut b = ProblemBuilder::new();
    let backend = b.resource("backend", Calendar::constant(3));
    let qa = b.resource("qa", Calendar::constant(1));
    for (i, due) in [4, 8].into_iter().enumerate() {
        let g = b.goal(format!("g{i}"), 2.0 - i as f64, Some(due));
        let both = Alternative::new(vec![(backend, Some(1)), (qa, None)], 8.0);
        b.plan_task_alternatives(format!("t{i}"), Some(g), &[both], 1, 2, 0);
    }
    let p = b.build().unwrap();
    let mut solution = solve(&p, &SolveOptions::default().with_work_limit(0.3).unwrap());
    solution.bottlenecks = vec![Bottleneck {
        team: qa,
        from: 0,
        to: 20,
        value: 5.0,
    }];
    let effects = bottleneck_effects(&p, &solution, None).unwrap();
    let effect = &effects[0];
    // the two tasks can now run side by side on qa (1+1 each) or faster (1+2)
    assert!(
        effect.objective_after < effect.objective_before,
        "{effect:?}"
    );
    assert!(effect.later.is_empty() && !effect.earlier.is_empty());
    let edited = with_one_more_person(&p, &effect.bottleneck).unwrap();
    assert_eq!(edited.resources()[1].capacity.at(3), 2);
    assert_eq!(edited.activities()[0].modes, p.activities()[0].modes);
}
