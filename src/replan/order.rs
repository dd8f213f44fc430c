//! The goal-order walk of a re-plan: the cold solver's goal-order space,
//! started from the best of the goal-work order and the warm lists' goal
//! orders.
//!
//! # Theoretical
//! On large weighted plans a good schedule is mostly a good *goal order*
//! (see `solve/goal_order.rs`): the goals get ranks, every activity the best
//! rank among the goals it delivers or precedes, and the activity list takes
//! the activities by rank, then by latest finish; the serial SGS decodes it
//! with free modes (earliest finish). This is where a cold solve finds its
//! schedules, and it reaches better ones than moves on the baseline's list
//! in the baseline's modes ([`super::search`]): on a 2,000-task plan the
//! latter level off some 9 % above a 3 s cold solve, whatever the time.
//! A baseline's goal order does not carry over exactly (the goals' order in
//! the baseline's start order decodes to a much worse schedule than the
//! baseline itself), so the walk starts from the best of the goal-work order
//! and the goal orders of the warm lists.
//!
//! # Practical
//! 1. *Focus*: the [`FOCUS`] goals with the largest terms (`priority *
//!    (finish + lateness_weight * late days)`) in the decoded start are each
//!    tried at every rank and kept at the best (strictly better only): a
//!    goal whose priority rose or whose due day came closer is among them.
//! 2. *Descent*: random insertions (a random goal to a random rank), kept
//!    when not worse, until `evaluations` decodes, `100 + 2 g^2` decodes
//!    without a new best, or the deadline.
//!
//! Deterministic for a given [`Rng`] stream when the deadline does not cut
//! it short.

use std::time::Instant;

use super::search::Found;
use super::warm::kahn;
use crate::graph::Analysis;
use crate::model::{ActivityId, Objective, Problem};
use crate::solve::rng::Rng;
use crate::solve::{PriorityRule, Sgs, goal_ranks};

/// How many of the start's largest goal terms get a full insertion.
const FOCUS: usize = 3;

/// Builds the activity list of a goal order (as the goal-aware rules do).
struct Lister<'a> {
    problem: &'a Problem,
    analysis: &'a Analysis,
    rank: Vec<u32>,
    goal_rank: Vec<u32>,
    keys: Vec<i64>,
    span: i64,
}

impl<'a> Lister<'a> {
    fn new(problem: &'a Problem, analysis: &'a Analysis) -> Self {
        let n = problem.len();
        Self {
            problem,
            analysis,
            rank: vec![0; n],
            goal_rank: vec![0; problem.goals().len()],
            keys: vec![0; n],
            span: i64::from(analysis.lf.iter().copied().max().unwrap_or(0)) + 1,
        }
    }

    /// The activity list of a goal order: by rank, then by latest finish.
    fn list(&mut self, order: &[usize]) -> Vec<ActivityId> {
        let (problem, analysis) = (self.problem, self.analysis);
        let ng = order.len() as u32;
        for (k, &g) in order.iter().enumerate() {
            self.goal_rank[g] = k as u32;
        }
        for (r, act) in self.rank.iter_mut().zip(problem.activities()) {
            *r = act.goal.map_or(ng, |g| self.goal_rank[g.index()]);
        }
        for &a in analysis.order.iter().rev() {
            let best = problem
                .successors(a)
                .iter()
                .map(|&(s, _)| self.rank[s.index()])
                .min()
                .unwrap_or(u32::MAX);
            let r = &mut self.rank[a.index()];
            *r = (*r).min(best);
        }
        for (i, key) in self.keys.iter_mut().enumerate() {
            *key = i64::from(self.rank[i]) * self.span + i64::from(analysis.lf[i]);
        }
        let keys = &self.keys;
        kahn(problem, |a| keys[a.index()])
    }
}

/// The goals ordered by the position of their last activity in `list`
/// (goals without activities last), ties by goal index.
fn order_of(problem: &Problem, list: &[ActivityId]) -> Vec<usize> {
    let mut last = vec![0usize; problem.goals().len()];
    for (k, &a) in list.iter().enumerate() {
        if let Some(g) = problem.activity(a).goal {
            last[g.index()] = k + 1;
        }
    }
    let mut order: Vec<usize> = (0..last.len()).collect();
    order.sort_by_key(|&g| (if last[g] == 0 { usize::MAX } else { last[g] }, g));
    order
}

/// One goal-order search.
struct Walk<'a> {
    problem: &'a Problem,
    lister: Lister<'a>,
    sgs: Sgs<'a>,
    order: Vec<usize>,
    value: f64,
    list: Vec<ActivityId>,
    evaluations: usize,
}

impl<'a> Walk<'a> {
    fn new(problem: &'a Problem, analysis: &'a Analysis, order: Vec<usize>) -> Self {
        let mut lister = Lister::new(problem, analysis);
        let mut sgs = Sgs::new(problem);
        let list = lister.list(&order);
        let value = sgs.decode(&list, None);
        Self {
            problem,
            lister,
            sgs,
            order,
            value,
            list,
            evaluations: 1,
        }
    }

    /// Objective of `order` (decoded, not kept).
    fn evaluate(&mut self, order: &[usize]) -> (f64, Vec<ActivityId>) {
        self.evaluations += 1;
        let list = self.lister.list(order);
        (self.sgs.decode(&list, None), list)
    }

    /// The `count` goals with the largest terms in the current schedule.
    fn focus(&mut self, count: usize) -> Vec<usize> {
        let problem = self.problem;
        let Objective::Weighted { lateness_weight } = problem.objective() else {
            return Vec::new();
        };
        self.sgs.decode(&self.list, None);
        let finish = self.sgs.schedule().goal_finishes(problem);
        let mut terms: Vec<(f64, usize)> = problem
            .goals()
            .iter()
            .zip(&finish)
            .enumerate()
            .map(|(g, (goal, &f))| {
                let late = goal.due.map_or(0, |d| f.saturating_sub(d));
                (
                    goal.priority * (f64::from(f) + lateness_weight * f64::from(late)),
                    g,
                )
            })
            .collect();
        terms.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        terms.into_iter().take(count).map(|t| t.1).collect()
    }

    /// Goal `g` at its best rank, when strictly better.
    fn insert_best(&mut self, g: usize, deadline: Instant) {
        let Some(from) = self.order.iter().position(|&x| x == g) else {
            return;
        };
        let mut rest = self.order.clone();
        rest.remove(from);
        let mut best: Option<(f64, Vec<usize>, Vec<ActivityId>)> = None;
        for at in 0..=rest.len() {
            if at == from {
                continue;
            }
            if Instant::now() >= deadline {
                break;
            }
            let mut candidate = rest.clone();
            candidate.insert(at, g);
            let (value, list) = self.evaluate(&candidate);
            if best.as_ref().is_none_or(|b| value < b.0) {
                best = Some((value, candidate, list));
            }
        }
        if let Some((value, order, list)) = best
            && value < self.value
        {
            (self.value, self.order, self.list) = (value, order, list);
        }
    }
}

/// The goal-order walk (see the module docs), starting from the best of
/// the goal-work order and the goal orders of `hints`: at most
/// `evaluations` decodes, until `deadline`. `None` without two goals or
/// with the makespan objective.
pub(crate) fn search(
    problem: &Problem,
    analysis: &Analysis,
    hints: &[Vec<ActivityId>],
    rng: &mut Rng,
    evaluations: usize,
    deadline: Instant,
) -> Option<Found> {
    let ng = problem.goals().len();
    let weighted = matches!(problem.objective(), Objective::Weighted { .. });
    if ng < 2 || !weighted || problem.is_empty() {
        return None;
    }
    let ranks = goal_ranks(problem, analysis, PriorityRule::GoalWork);
    let mut start: Vec<usize> = (0..ng).collect();
    start.sort_by_key(|&g| ranks[g]);
    let mut walk = Walk::new(problem, analysis, start);
    for hint in hints.iter().filter(|h| h.len() == problem.len()) {
        let order = order_of(problem, hint);
        let (value, list) = walk.evaluate(&order);
        if value < walk.value {
            (walk.value, walk.order, walk.list) = (value, order, list);
        }
    }
    for g in walk.focus(FOCUS) {
        walk.insert_best(g, deadline);
    }
    let patience = 100 + 2 * ng * ng;
    let mut stale = 0usize;
    let mut best = (walk.value, walk.list.clone());
    let mut candidate = walk.order.clone();
    while walk.evaluations < evaluations && stale < patience && Instant::now() < deadline {
        let i = rng.below(ng);
        let mut j = rng.below(ng - 1);
        if j >= i {
            j += 1;
        }
        candidate.clone_from(&walk.order);
        let g = candidate.remove(i);
        candidate.insert(j, g);
        let (value, list) = walk.evaluate(&candidate);
        if value < best.0 {
            best = (value, list.clone());
            stale = 0;
        } else {
            stale += 1;
        }
        if value <= walk.value {
            walk.value = value;
            walk.list = list;
            std::mem::swap(&mut walk.order, &mut candidate);
        }
    }
    walk.sgs.decode(&best.1, None);
    Some(Found {
        objective: best.0,
        schedule: walk.sgs.schedule(),
        list: best.1,
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::model::{Calendar, ProblemBuilder};
    use crate::solve::testkit::{self, precedence_feasible};

    fn far() -> Instant {
        Instant::now() + Duration::from_secs(3600)
    }

    #[test]
    fn a_raised_priority_puts_its_goal_first() {
        // one person, four 2-day goals listed in a row; g3's priority is raised
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        let goals: Vec<_> = (0..4)
            .map(|k| b.goal(format!("g{k}"), if k == 3 { 50.0 } else { 1.0 }, None))
            .collect();
        let tasks: Vec<_> = goals
            .iter()
            .enumerate()
            .map(|(k, &g)| b.plan_task(format!("t{k}"), Some(g), &[(t, 2.0)], 1, 1, 0))
            .collect();
        let p = b.build().unwrap();
        let cpm = Analysis::new(&p);
        let found = search(
            &p,
            &cpm,
            std::slice::from_ref(&tasks),
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
                std::slice::from_ref(&hint),
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
            let mut walk = Walk::new(&p, &cpm, work);
            let start = walk.value.min(walk.evaluate(&order_of(&p, &hint)).0);
            assert!(a.objective <= start);
            assert!(precedence_feasible(&p, &a.list));
            let report = a.schedule.check(&p).expect("the checker accepts it");
            assert!((report.objective - a.objective).abs() < 1e-9);
            let b = search(&p, &cpm, &[hint], &mut Rng::new(9), 300, far()).unwrap();
            assert_eq!((a.objective, &a.list), (b.objective, &b.list));
        }
        assert!(searched > 3, "{searched}");
    }
}
