//! Goal-focused local search (weighted objective): moves aimed at what
//! keeps a costly goal from finishing earlier.
//!
//! # Theoretical
//! The serial SGS starts every activity `c` at the earliest day `s` at
//! which its whole run fits ([`super::sgs`]). So either `s` is its earliest
//! precedence-feasible day (its release, day 0, or a *binding predecessor*
//! `i` with `F_i + lag = s`), or the run `s - 1 .. s - 1 + d` did not fit;
//! the days `s .. s + d - 1` did, so day `s - 1` alone was short of some
//! resource of `c`'s mode: an activity using that resource runs on day
//! `s - 1` (a *blocker* of `c`; or the calendar has a dip there). Following
//! binding predecessors and blockers back from a goal's last-finishing
//! member gives its *critical sequence* (Wiest 1964): the goal finishes
//! earlier only if a link of it changes. The moves change one:
//! 1. put a link's activity before its blocker in the list;
//! 2. give the blocker another mode (at random);
//! 3. give the link's activity another mode (at random);
//! 4. *promote* the goal: from a random list position up to the link's
//!    activity, the goal's closure (its members and their ancestors) moves
//!    ahead of the other activities, each part keeping its order;
//! 5. the same, with the critical sequence's activities free to take their
//!    earliest-finishing mode;
//! 6. *demote* the blocker's goal: from a random position up to the
//!    blocker, the work of the blocker's goal that the chosen goal does
//!    not need moves behind the rest;
//! 7. the same, the demoted activities in their least-energy mode;
//! 8. shift a random activity anywhere between its last predecessor and its
//!    first successor (diversification).
//!
//! A promoted set is closed under predecessors (ancestors of members) and
//! a demoted one is cut down until it is closed under successors, so every
//! list stays precedence-feasible. The goal is drawn with probability
//! proportional to its cost rate `p_g (1 + w [f_g > due_g])` among the goals
//! that finish after their critical-path finish (the others cannot gain).
//! The link is the one reached after a geometric number of steps back from
//! the goal's end (mean [`MEAN_DEPTH`]), which costs a scan of the
//! activities per step instead of the whole sequence.
//!
//! Acceptance is *late acceptance hill climbing* (Burke & Bykov 2017): a
//! trial is accepted when it is not worse than the current schedule or
//! than the current one [`HISTORY`] steps before; the walk so crosses the
//! ridges a strict descent stops at. An accepted schedule is written back
//! (Lamarckian): its list sorted by start with the modes it used, kept when
//! its decode is not worse.
//!
//! # Practical
//! On generated plans whose goals have due days, the genetic search and
//! the goal-order search stall far above good schedules: the goal-order
//! decode lists whole goals one after the other with every activity in its
//! fastest mode, which wastes capacity (more people for fewer days cost
//! more person-days), and the genetic search's crossovers rarely move all
//! of a goal's work at once. Measured from the schedules of a 10 s solve
//! of the search without the walk (one thread, 100,000 decodes, 1.3-2.9
//! s): generated 300-task plans seeds 16 / 3 / 1 from 19,334 / 33,840 /
//! 16,541 to 16,015 / 32,671 / 16,345, 600 tasks seed 2 from 26,740 to
//! 24,607. For scale: OR-Tools CP-SAT 9.15 (2 workers, 30-60 s, from the
//! same schedules) reached 14,531 / 29,513 / 15,131 / 25,200.
//!
//! Deterministic: all randomness comes from the caller's [`Rng`] stream,
//! and a run ends after a fixed number of decodes unless the deadline or
//! the proven bound comes first.
//!
//! # Bibliography
//! - J. D. Wiest (1964), Some properties of schedules for large projects
//!   with limited resources, Operations Research 12(3).
//! - E. K. Burke, Y. Bykov (2017), The late acceptance hill-climbing
//!   heuristic, European Journal of Operational Research 258(1).
//! - P. Shaw (1998), Using constraint programming and local search methods
//!   to solve vehicle routing problems (large neighbourhood search), CP-98.

use std::time::Instant;

use super::rng::Rng;
use super::rules::in_precedence_order;
use super::sgs::Sgs;
use super::sgs::prices::ModePrices;
use crate::model::{ActivityId, GoalId, Objective, Problem};
use crate::schedule::Schedule;

/// Length of the late-acceptance history. Measured on generated 300-task
/// plans (seeds 16, 3, 1; 100,000 steps from a 10 s solve): 1 (strict
/// descent) 16,105 / 32,489 / 16,182; 50: 16,287 / 32,757 / 16,176; 500:
/// 15,899 / 31,954 / 16,314. In the solve (7 generated plans of 300 and
/// 600 tasks, 10 s, 2 threads, [`MEAN_DEPTH`] 3) the objectives summed to
/// 202,907 with 200, 199,693 with 500 and 204,487 with 1,000; at the
/// default limit 200 was 3 % better than 500 on 10 plans of 150-600 tasks.
const HISTORY: usize = 500;

/// Mean number of steps back along a goal's critical sequence to the link
/// a move changes. In the solve (the plans of [`HISTORY`], 10 s) the
/// objectives summed to 210,120 with 1 (the goal's last activity only),
/// 202,882 with 2, 199,693 with 3, 205,012 with 6 and 207,136 with 12.
const MEAN_DEPTH: usize = 3;

/// "Take the earliest-finishing mode" ([`Sgs::decode`]).
const FREE: usize = usize::MAX;

/// A resumable goal-focused walk over activity lists and modes.
pub(crate) struct GoalWalk<'a> {
    problem: &'a Problem,
    sgs: Sgs<'a>,
    /// The current list, its modes and schedule.
    list: Vec<ActivityId>,
    modes: Vec<usize>,
    start: Vec<u32>,
    finish: Vec<u32>,
    objective: f64,
    /// Late-acceptance history and step count.
    history: Vec<f64>,
    steps: usize,
    best: (f64, Schedule),
    /// Cost rate of each goal when on time and when late.
    rate: Vec<(f64, f64)>,
    /// Critical-path finish of each goal.
    cpm_finish: &'a [u32],
    least_energy: Vec<usize>,
    trial_list: Vec<ActivityId>,
    trial_modes: Vec<usize>,
    pos: Vec<usize>,
    mark: Vec<bool>,
    other: Vec<bool>,
}

impl<'a> GoalWalk<'a> {
    /// A walk from `list` (precedence-feasible) with `modes` (`FREE` or a
    /// mode per activity), decoded once.
    pub(crate) fn new(
        problem: &'a Problem,
        cpm_finish: &'a [u32],
        list: Vec<ActivityId>,
        modes: Vec<usize>,
        prices: Option<ModePrices>,
    ) -> Self {
        let w = match problem.objective() {
            Objective::Weighted { lateness_weight } => lateness_weight,
            Objective::Makespan => 0.0,
        };
        let rate = problem
            .goals()
            .iter()
            .map(|g| (g.priority, g.priority * (1.0 + w)))
            .collect();
        let least_energy = problem
            .activities()
            .iter()
            .map(|a| {
                (0..a.modes.len())
                    .min_by_key(|&m| (a.modes[m].energy(), a.modes[m].duration))
                    .unwrap_or(0)
            })
            .collect();
        let n = problem.len();
        let mut sgs = Sgs::new(problem);
        sgs.set_prices(prices);
        let objective = sgs.decode(&list, Some(&modes));
        let mut walk = Self {
            problem,
            best: (objective, sgs.schedule()),
            sgs,
            list: Vec::new(),
            modes: vec![FREE; n],
            start: vec![0; n],
            finish: vec![0; n],
            objective,
            history: vec![objective; HISTORY],
            steps: 0,
            rate,
            cpm_finish,
            least_energy,
            trial_list: list,
            trial_modes: modes,
            pos: vec![0; n],
            mark: vec![false; n],
            other: vec![false; n],
        };
        walk.accept(objective);
        walk
    }

    /// The best schedule met and its objective.
    pub(crate) fn best(&self) -> &(f64, Schedule) {
        &self.best
    }

    /// Up to `steps` moves (each one decode, two when accepted) before
    /// `deadline` or until the best reaches `bound`; returns the decodes.
    pub(crate) fn run(
        &mut self,
        rng: &mut Rng,
        steps: usize,
        deadline: Instant,
        bound: f64,
    ) -> usize {
        let mut decodes = 0;
        while decodes < steps && self.best.0 > bound && Instant::now() < deadline {
            decodes += 1;
            if !self.propose(rng) {
                continue;
            }
            let value = self.sgs.decode(&self.trial_list, Some(&self.trial_modes));
            if value < self.best.0 {
                self.best = (value, self.sgs.schedule());
            }
            let slot = self.steps % HISTORY;
            self.steps += 1;
            if value <= self.objective || value <= self.history[slot] {
                decodes += 1;
                self.accept(value);
            }
            if self.objective < self.history[slot] {
                self.history[slot] = self.objective;
            }
        }
        decodes
    }

    /// Makes the last decode (of `trial_list`, `value`) current: its list
    /// sorted by start with the modes used when that decodes no worse.
    fn accept(&mut self, value: f64) {
        let problem = self.problem;
        self.modes.copy_from_slice(self.sgs.modes());
        self.start.copy_from_slice(self.sgs.starts());
        let mut sorted = std::mem::take(&mut self.list);
        sorted.clone_from(&self.trial_list);
        let start = &self.start;
        sorted.sort_by_key(|a| start[a.index()]);
        if self.sgs.has_leads() {
            sorted = in_precedence_order(problem, sorted);
        }
        let resorted = self.sgs.decode(&sorted, Some(&self.modes));
        if resorted <= value {
            self.list = sorted;
            self.objective = resorted;
            if resorted < self.best.0 {
                self.best = (resorted, self.sgs.schedule());
            }
        } else {
            // back to the trial's decode
            self.list.clone_from(&self.trial_list);
            self.objective = self.sgs.decode(&self.list, Some(&self.modes));
        }
        self.modes.copy_from_slice(self.sgs.modes());
        self.start.copy_from_slice(self.sgs.starts());
        for (i, f) in self.finish.iter_mut().enumerate() {
            *f = self.start[i] + problem.activities()[i].modes[self.modes[i]].duration;
        }
    }

    /// Writes a neighbour of the current list and modes into the trial;
    /// `false` when no goal can gain.
    fn propose(&mut self, rng: &mut Rng) -> bool {
        let Some(g) = self.pick_goal(rng) else {
            return false;
        };
        let Some((c, blocker)) = self.link(g, rng) else {
            return false;
        };
        self.trial_list.clone_from(&self.list);
        self.trial_modes.clone_from(&self.modes);
        for (k, a) in self.list.iter().enumerate() {
            self.pos[a.index()] = k;
        }
        let problem = self.problem;
        match (rng.below(8), blocker) {
            (0, Some(b)) => {
                let (pc, pb) = (self.pos[c.index()], self.pos[b.index()]);
                let after_preds = problem
                    .predecessors(c)
                    .iter()
                    .map(|&(i, _)| self.pos[i.index()] + 1)
                    .max()
                    .unwrap_or(0);
                let to = pb.max(after_preds);
                if to < pc {
                    let a = self.trial_list.remove(pc);
                    self.trial_list.insert(to, a);
                }
            }
            (1, Some(b)) => self.random_mode(b, rng),
            (2, _) => self.random_mode(c, rng),
            (kind @ (3 | 4), _) => {
                closure(problem, &self.list, g, &mut self.mark);
                let from = rng.below(self.pos[c.index()] + 1);
                let mark = &self.mark;
                stable_partition(&mut self.trial_list, from, |a| mark[a.index()]);
                if kind == 4 {
                    self.free_sequence(g, rng);
                }
            }
            (kind @ (5 | 6), Some(b)) => {
                let Some(h) = problem.activity(b).goal.filter(|&h| h.index() != g) else {
                    self.shift(rng);
                    return true;
                };
                closure(problem, &self.list, g, &mut self.other);
                closure(problem, &self.list, h.index(), &mut self.mark);
                let from = rng.below(self.pos[b.index()] + 1);
                // h's work that g does not need, closed under successors
                for &a in self.list[from..].iter().rev() {
                    let i = a.index();
                    self.mark[i] = self.mark[i]
                        && !self.other[i]
                        && problem
                            .successors(a)
                            .iter()
                            .all(|&(s, _)| self.mark[s.index()]);
                }
                for &a in &self.list[..from] {
                    self.mark[a.index()] = false;
                }
                let mark = &self.mark;
                stable_partition(&mut self.trial_list, from, |a| !mark[a.index()]);
                if kind == 6 {
                    for &a in &self.list[from..] {
                        if self.mark[a.index()] {
                            self.trial_modes[a.index()] = self.least_energy[a.index()];
                        }
                    }
                }
            }
            _ => self.shift(rng),
        }
        true
    }

    /// A goal drawn by cost rate among those after their critical-path
    /// finish.
    fn pick_goal(&self, rng: &mut Rng) -> Option<usize> {
        let problem = self.problem;
        let finish = |g: usize| self.last_member(g).map(|a| self.finish[a.index()]);
        let weights: Vec<f64> = (0..problem.goals().len())
            .map(|g| match finish(g) {
                Some(f) if f > self.cpm_finish[g] => {
                    let late = problem.goals()[g].due.is_some_and(|d| f > d);
                    if late { self.rate[g].1 } else { self.rate[g].0 }
                }
                _ => 0.0,
            })
            .collect();
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return None;
        }
        let mut r = rng.next_f64() * total;
        for (g, &w) in weights.iter().enumerate() {
            if r < w {
                return Some(g);
            }
            r -= w;
        }
        weights.iter().rposition(|&w| w > 0.0)
    }

    /// A link of goal `g`'s critical sequence: an activity and, when a
    /// resource held it back, one of its blockers.
    fn link(&self, g: usize, rng: &mut Rng) -> Option<(ActivityId, Option<ActivityId>)> {
        let problem = self.problem;
        let mut c = self.last_member(g)?;
        for _ in 0..problem.len() {
            let s = self.start[c.index()];
            // the link before `c`, and whether a resource made it one
            let prev = if let Some(i) = self.binding_predecessor(c, rng) {
                (i, false)
            } else if s == 0 || s <= problem.activity(c).release {
                return Some((c, None));
            } else {
                let used = &problem.activity(c).modes[self.modes[c.index()]].demands;
                let blockers: Vec<ActivityId> = problem
                    .activity_ids()
                    .filter(|&b| {
                        b != c
                            && self.start[b.index()] < s
                            && self.finish[b.index()] >= s
                            && problem.activity(b).modes[self.modes[b.index()]]
                                .demands
                                .iter()
                                .any(|d| used.iter().any(|u| u.resource == d.resource))
                    })
                    .collect();
                if blockers.is_empty() {
                    return Some((c, None)); // a dip of the calendar
                }
                (blockers[rng.below(blockers.len())], true)
            };
            if rng.below(MEAN_DEPTH) == 0 {
                return Some((c, prev.1.then_some(prev.0)));
            }
            c = prev.0;
        }
        Some((c, None))
    }

    fn random_mode(&mut self, a: ActivityId, rng: &mut Rng) {
        let count = self.problem.activity(a).modes.len();
        if count > 1 {
            self.trial_modes[a.index()] = rng.below(count);
        }
    }

    /// Frees the modes of goal `g`'s critical sequence (from its end).
    fn free_sequence(&mut self, g: usize, rng: &mut Rng) {
        let mut next = self.last_member(g);
        for _ in 0..self.problem.len() {
            let Some(c) = next else {
                break;
            };
            self.trial_modes[c.index()] = FREE;
            next = self.binding_predecessor(c, rng);
        }
    }

    /// The member of goal `g` that finishes last (ties: the lowest index).
    fn last_member(&self, g: usize) -> Option<ActivityId> {
        self.problem
            .goal_members(GoalId::from_index(g))
            .iter()
            .copied()
            .max_by_key(|a| (self.finish[a.index()], std::cmp::Reverse(a.index())))
    }

    /// A random predecessor whose finish plus lag is `c`'s start, if any.
    fn binding_predecessor(&self, c: ActivityId, rng: &mut Rng) -> Option<ActivityId> {
        let s = i64::from(self.start[c.index()]);
        let binding: Vec<ActivityId> = self
            .problem
            .predecessors(c)
            .iter()
            .filter(|&&(i, lag)| i64::from(self.finish[i.index()]) + i64::from(lag) == s)
            .map(|&(i, _)| i)
            .collect();
        (!binding.is_empty()).then(|| binding[rng.below(binding.len())])
    }

    /// Moves a random activity anywhere between its last predecessor and
    /// its first successor.
    fn shift(&mut self, rng: &mut Rng) {
        let problem = self.problem;
        let k = rng.below(self.list.len());
        let a = self.trial_list.remove(k);
        let pos = &self.pos;
        // positions in the list without `a`
        let at = |b: ActivityId| {
            let p = pos[b.index()];
            if p > k { p - 1 } else { p }
        };
        let lo = problem
            .predecessors(a)
            .iter()
            .map(|&(b, _)| at(b) + 1)
            .max()
            .unwrap_or(0);
        let hi = problem
            .successors(a)
            .iter()
            .map(|&(b, _)| at(b))
            .min()
            .unwrap_or(self.trial_list.len());
        let to = if hi > lo {
            lo + rng.below(hi - lo + 1)
        } else {
            lo
        };
        self.trial_list.insert(to.min(self.trial_list.len()), a);
    }
}

/// Marks goal `g`'s members and their ancestors (`list` in precedence
/// order).
fn closure(problem: &Problem, list: &[ActivityId], g: usize, mark: &mut [bool]) {
    mark.fill(false);
    for &a in problem.goal_members(GoalId::from_index(g)) {
        mark[a.index()] = true;
    }
    for &a in list.iter().rev() {
        if !mark[a.index()] && problem.successors(a).iter().any(|&(s, _)| mark[s.index()]) {
            mark[a.index()] = true;
        }
    }
}

/// Reorders `list[from..]`: the activities with `first` true, then the
/// rest, each part in its order.
fn stable_partition(list: &mut Vec<ActivityId>, from: usize, first: impl Fn(ActivityId) -> bool) {
    let tail = list.split_off(from);
    list.extend(tail.iter().copied().filter(|&a| first(a)));
    list.extend(tail.iter().copied().filter(|&a| !first(a)));
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::generate::{GeneratorParams, generate_plan};
    use crate::graph::Analysis;
    use crate::solve::rules::PriorityRule;
    use crate::solve::sgs::tests::{random_problem, random_problem_with_leads, violation};
    use crate::solve::testkit::precedence_feasible;
    use crate::{PlanOptions, read_plan};

    fn far() -> Instant {
        Instant::now() + Duration::from_secs(3600)
    }

    /// A walk from the goal-aware rule's list; `cpm_finish` as in
    /// [`GoalWalk::new`] ([`cpm_finishes`]).
    fn walk_from_rule<'a>(p: &'a Problem, cpm_finish: &'a [u32]) -> GoalWalk<'a> {
        let list = PriorityRule::GoalWork.activity_list(p, &Analysis::new(p));
        GoalWalk::new(p, cpm_finish, list, vec![FREE; p.len()], None)
    }

    fn cpm_finishes(p: &Problem) -> Vec<u32> {
        Analysis::new(p).goal_finishes(p)
    }

    #[test]
    fn neighbours_are_feasible_permutations_and_the_best_is_valid() {
        let weighted = Objective::Weighted {
            lateness_weight: 4.0,
        };
        for seed in 0..12 {
            let modes = 1 + (seed as usize % 3);
            let p = if seed % 2 == 0 {
                random_problem(700 + seed, 30, modes, weighted)
            } else {
                random_problem_with_leads(700 + seed, 30, modes, weighted)
            };
            let finish = cpm_finishes(&p);
            let mut walk = walk_from_rule(&p, &finish);
            let start = walk.best().0;
            let mut rng = Rng::new(seed);
            let mut proposals = 0;
            for _ in 0..300 {
                if walk.propose(&mut rng) {
                    proposals += 1;
                    let list = &walk.trial_list;
                    assert!(precedence_feasible(&p, list), "seed {seed}");
                    let mut sorted = list.clone();
                    sorted.sort();
                    assert!(sorted.iter().copied().eq(p.activity_ids()), "seed {seed}");
                    for (a, &m) in p.activities().iter().zip(&walk.trial_modes) {
                        assert!(m == FREE || m < a.modes.len());
                    }
                }
                walk.run(&mut rng, 1, far(), f64::NEG_INFINITY);
                assert!(precedence_feasible(&p, &walk.list), "seed {seed}");
            }
            assert!(proposals > 0 || start <= walk.best().0, "seed {seed}");
            let (value, schedule) = walk.best();
            assert!(*value <= start);
            assert_eq!(violation(&p, schedule), None, "seed {seed}");
            assert_eq!(schedule.objective(&p), *value);
        }
    }

    #[test]
    fn a_walk_is_reproducible() {
        let p = random_problem(
            801,
            40,
            2,
            Objective::Weighted {
                lateness_weight: 10.0,
            },
        );
        let finish = cpm_finishes(&p);
        let run = || {
            let mut walk = walk_from_rule(&p, &finish);
            walk.run(&mut Rng::new(5), 2_000, far(), f64::NEG_INFINITY);
            walk.best().clone()
        };
        assert_eq!(run(), run());
    }

    /// The situation the walk is for (module docs, "Practical"): generated
    /// plans whose goals have due days, started from the goal-aware rule.
    #[test]
    fn improves_generated_plans_with_due_days() {
        for seed in 1..=3 {
            let params = GeneratorParams {
                tasks: 120,
                teams: 3,
                goals: 6,
                seed,
                ..GeneratorParams::default()
            };
            let plan = generate_plan(&params);
            let dir = std::env::temp_dir()
                .join(format!("tandem-goal-walk-{}-{seed}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            for (name, text) in [
                ("teams.csv", &plan.teams_csv),
                ("calendar.csv", &plan.calendar_csv),
                ("goals.csv", &plan.goals_csv),
                ("tasks.csv", &plan.tasks_csv),
            ] {
                std::fs::write(dir.join(name), text).unwrap();
            }
            let p = read_plan(&PathBuf::from(&dir), &PlanOptions::default()).unwrap();
            std::fs::remove_dir_all(&dir).ok();
            let finish = cpm_finishes(&p);
            let mut walk = walk_from_rule(&p, &finish);
            let start = walk.best().0;
            walk.run(&mut Rng::new(seed), 20_000, far(), f64::NEG_INFINITY);
            let (value, schedule) = walk.best();
            assert_eq!(violation(&p, schedule), None);
            println!("seed {seed}: {start} -> {value}");
            assert!(*value <= 0.95 * start, "seed {seed}: {start} -> {value}");
        }
    }
}
