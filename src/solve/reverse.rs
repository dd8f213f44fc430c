//! The mirrored project: every precedence reversed, so that a search in it
//! explores right-justified schedules of the original.
//!
//! # Theoretical
//! With constant capacities, no releases, no pins and the makespan
//! objective, mapping an interval `[s, f)` to `[T - f, T - s)` turns a
//! feasible schedule of makespan `T` of the mirrored project (precedence
//! `j -> i` with lag `l` for every `i -> j` with lag `l`) into a feasible
//! schedule of the original with the same makespan, and back: `s_j >= f_i +
//! l` becomes `T - f_j >= T - s_i + l`, i.e. `s'_i >= f'_j + l`, and the
//! days a resource is used are mirrored with it. This holds for a negative
//! `l` (a lead) too: the constraints are linear in the starts, and "every
//! start `>= 0`, every finish `<= T`" mirrors to itself, so a lead that day
//! 0 makes moot stays moot. A genetic search in the
//! mirror (the "backward" search of Alcaraz & Maroto 2001 or Debels &
//! Vanhoucke 2007) falls into other local optima than the forward one,
//! which diversifies a portfolio of workers.
//!
//! # Bibliography
//! - J. Alcaraz, C. Maroto (2001), A robust genetic algorithm for resource
//!   allocation in project scheduling, Annals of Operations Research 102.

use crate::model::{ActivityId, Calendar, Objective, Problem, ProblemBuilder};
use crate::schedule::{Assignment, Schedule};

/// The mirrored problem, when the mirror is exact (see the module docs).
pub(crate) fn mirror(problem: &Problem) -> Option<Problem> {
    let simple = matches!(problem.objective(), Objective::Makespan)
        && problem.goals().is_empty()
        && problem
            .resources()
            .iter()
            .all(|r| r.capacity.steps().len() == 1)
        && problem
            .activities()
            .iter()
            .all(|a| a.release == 0 && a.pin.is_none());
    if !simple || problem.is_empty() {
        return None;
    }
    let mut b = ProblemBuilder::new();
    b.objective(Objective::Makespan);
    for r in problem.resources() {
        b.resource(r.id.clone(), Calendar::constant(r.capacity.base()));
    }
    for a in problem.activities() {
        b.activity(a.clone());
    }
    for e in problem.precedences() {
        b.precedence(e.to, e.from, e.lag);
    }
    b.build().ok()
}

/// The original schedule of a schedule of the mirror (same makespan).
pub(crate) fn unmirror(problem: &Problem, mirrored: &Schedule) -> Schedule {
    let finish = |a: ActivityId| mirrored.finish(problem, a);
    let horizon = problem.activity_ids().map(finish).max().unwrap_or(0);
    Schedule::new(
        problem
            .activity_ids()
            .map(|a| Assignment {
                start: horizon - finish(a),
                mode: mirrored.get(a).mode,
            })
            .collect(),
    )
}

/// A list of the mirror `mirror` from a schedule of the original: by
/// decreasing finish (ties by index), made precedence-feasible for the
/// mirror. Decreasing finish alone is not: a 0-day activity and its 0-day
/// successor on the same day tie, and index order may put the original
/// predecessor (the mirror's successor) first.
pub(crate) fn mirrored_list(
    problem: &Problem,
    mirror: &Problem,
    schedule: &Schedule,
) -> Vec<ActivityId> {
    let keys: Vec<i64> = problem
        .activity_ids()
        .map(|a| -i64::from(schedule.finish(problem, a)))
        .collect();
    super::list_by_keys(mirror, &keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Analysis;
    use crate::solve::rules::PriorityRule;
    use crate::solve::sgs::Sgs;
    use crate::solve::sgs::tests::violation;

    #[test]
    fn mirrored_schedules_are_feasible_with_the_same_makespan() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/psplib/j301_1.sm");
        let p = crate::input::read_psplib(&path).expect("bundled instance");
        let m = mirror(&p).expect("PSPLIB instances mirror");
        let cpm = Analysis::new(&m);
        let mut sgs = Sgs::new(&m);
        for rule in PriorityRule::MAKESPAN {
            let value = sgs.decode(&rule.activity_list(&m, &cpm), None);
            let back = unmirror(&p, &sgs.schedule());
            assert_eq!(violation(&p, &back), None);
            assert_eq!(f64::from(back.makespan(&p)), value);
            // and the way back: a list of the mirror from the original
            let list = mirrored_list(&p, &m, &back);
            let again = sgs.decode(&list, None);
            assert!(again <= value);
        }
    }

    #[test]
    fn the_mirrored_list_is_precedence_feasible_when_milestones_tie() {
        // regression (fuzzing, two threads): a -> b, both 0 days on day 0;
        // by decreasing finish and then index, a (the mirror's successor of
        // b) came first, and the genetic search's shift underflowed
        let mut b = ProblemBuilder::new();
        b.objective(Objective::Makespan);
        let t = b.resource("t", Calendar::constant(1));
        let a = b.plan_task("a", None, &[(t, 0.0)], 1, 1, 0);
        let c = b.plan_task("b", None, &[(t, 0.0)], 1, 1, 0);
        let d = b.plan_task("c", None, &[(t, 2.0)], 1, 1, 0);
        b.precedence(a, c, 0);
        let p = b.build().unwrap();
        let m = mirror(&p).expect("a makespan plan without goals mirrors");
        let schedule = Schedule::new(vec![crate::schedule::Assignment { start: 0, mode: 0 }; 3]);
        let list = mirrored_list(&p, &m, &schedule);
        assert_eq!(list, vec![d, c, a]);
        assert!(crate::solve::testkit::precedence_feasible(&m, &list));
    }

    #[test]
    fn mirrors_stay_exact_with_leads() {
        for seed in 0..20 {
            let p = crate::solve::sgs::tests::random_problem_with_leads(
                seed,
                12,
                1 + seed as usize % 2,
                Objective::Makespan,
            );
            // random problems have goals: the same problem without them
            let mut b = ProblemBuilder::new();
            b.objective(Objective::Makespan);
            for r in p.resources() {
                b.resource(r.id.clone(), Calendar::constant(r.capacity.base()));
            }
            for a in p.activities() {
                b.activity(crate::model::Activity {
                    goal: None,
                    release: 0,
                    ..a.clone()
                });
            }
            for e in p
                .precedences()
                .iter()
                .filter(|e| e.origin == crate::model::EdgeOrigin::Task)
            {
                b.precedence(e.from, e.to, e.lag);
            }
            let p = b.build().unwrap();
            let m = mirror(&p).expect("a simple makespan problem mirrors");
            let cpm = Analysis::new(&m);
            let mut sgs = Sgs::new(&m);
            for rule in PriorityRule::MAKESPAN {
                let value = sgs.decode(&rule.activity_list(&m, &cpm), None);
                let back = unmirror(&p, &sgs.schedule());
                assert_eq!(violation(&p, &back), None, "seed {seed}");
                assert_eq!(f64::from(back.makespan(&p)), value);
                // the way back is a valid list, but with leads it need not
                // decode to the same schedule (a list puts predecessors first)
                let list = mirrored_list(&p, &m, &back);
                assert!(crate::solve::testkit::precedence_feasible(&m, &list));
                sgs.decode(&list, None);
                assert_eq!(violation(&m, &sgs.schedule()), None);
            }
        }
    }

    #[test]
    fn plans_with_goals_are_not_mirrored() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        let g = b.goal("g", 1.0, None);
        b.plan_task("a", Some(g), &[(t, 1.0)], 1, 1, 0);
        assert!(mirror(&b.build().unwrap()).is_none());
    }
}
