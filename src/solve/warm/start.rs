//! Warm starts from a baseline schedule.
//!
//! - [`warm_list`]: the baseline's order as a precedence-feasible activity
//!   list (Kahn's algorithm, smallest baseline start first; tasks without a
//!   baseline start by their critical-path earliest start).
//! - [`warm_start`]: that list and blends of it with the priority rules'
//!   lists for the portfolio, plus three incumbents: the list decoded by the
//!   serial SGS in the baseline's modes (left-justified); the best blend,
//!   decoded and improved by forward-backward passes; and the *repaired*
//!   baseline, where every task keeps its baseline mode and starts at the
//!   first capacity-feasible day on or after `max(baseline start, earliest
//!   start)`: a task moves only when a pin, `today`, a dependency or a
//!   team's capacity forces it.
//! - [`settle`]: after the search, moves tasks back to their baseline slot
//!   wherever that does not worsen the objective.

use crate::graph::Analysis;
use crate::model::{ActivityId, GoalId, Mode, Problem};
use crate::replan::Baseline;
use crate::schedule::{Assignment, Schedule};
use crate::solve::{PriorityRule, Sgs, WarmStart};

/// Day arrays are materialised up to the horizon: beyond this many days
/// (absurd releases or lags) no warm start or settling is attempted.
const MAX_DAYS: u64 = 1 << 22;
/// How many of the objective's priority rules are blended with the baseline.
const BLEND_RULES: usize = 2;
/// Forward-backward passes on each blended list's schedule.
const IMPROVE_PASSES: usize = 4;

/// The baseline's activity order, made precedence-feasible for `problem`.
pub fn warm_list(problem: &Problem, baseline: &Baseline) -> Vec<ActivityId> {
    let analysis = Analysis::new(problem);
    kahn(problem, |a| {
        i64::from(baseline.get(a).map_or(analysis.es[a.index()], |b| b.start))
    })
}

/// A precedence-feasible list: among the activities whose predecessors are
/// all listed, the smallest `key` (then index) first.
pub(super) fn kahn(problem: &Problem, key: impl Fn(ActivityId) -> i64) -> Vec<ActivityId> {
    let keys: Vec<i64> = problem.activity_ids().map(key).collect();
    crate::solve::list_by_keys(problem, &keys)
}

/// Position of every activity in `list`.
fn ranks(n: usize, list: &[ActivityId]) -> Vec<i64> {
    let mut r = vec![0i64; n];
    for (k, a) in list.iter().enumerate() {
        r[a.index()] = k as i64;
    }
    r
}

/// Lists between the baseline's order and the current priority rules'
/// orders: `key = w * rank_baseline + (8 - w) * rank_rule` for the first
/// [`BLEND_RULES`] rules of the objective and `w` in `1..8`. They keep the
/// baseline's structure while following changed priorities, due days or
/// estimates.
fn blended_lists(problem: &Problem, baseline_list: &[ActivityId]) -> Vec<Vec<ActivityId>> {
    let analysis = Analysis::new(problem);
    let n = problem.len();
    let base = ranks(n, baseline_list);
    let mut lists = Vec::new();
    for rule in PriorityRule::for_objective(problem.objective())
        .iter()
        .take(BLEND_RULES)
    {
        let rule_ranks = ranks(n, &rule.activity_list(problem, &analysis));
        for w in 1..8 {
            lists.push(kahn(problem, |a| {
                w * base[a.index()] + (8 - w) * rule_ranks[a.index()]
            }));
        }
    }
    lists
}

/// The warm start for a re-planned `problem` (progress already applied):
/// empty without a baseline; with one, it carries the baseline (for the
/// warm search and settling) and, unless the plan is empty or too long to
/// materialise, the warm lists and incumbents of the module docs.
pub fn warm_start(problem: &Problem, baseline: Option<&Baseline>) -> WarmStart {
    let Some(baseline) = baseline else {
        return WarmStart::default();
    };
    if problem.is_empty() || problem.horizon() > MAX_DAYS {
        return WarmStart {
            baseline: Some(baseline.clone()),
            ..WarmStart::default()
        };
    }
    let list = warm_list(problem, baseline);
    let modes: Vec<usize> = problem
        .activity_ids()
        .map(|a| baseline.mode(problem, a).unwrap_or(usize::MAX))
        .collect();
    let mut sgs = Sgs::new(problem);
    sgs.decode(&list, Some(&modes));
    let decoded = sgs.schedule();
    let repaired = repair(problem, &list, &modes, baseline);
    let mut lists = vec![list.clone()];
    lists.extend(blended_lists(problem, &list));
    // the best blend, decoded and improved, competes as an incumbent
    let mut best: Option<(f64, Schedule)> = None;
    for l in &lists[1..] {
        sgs.decode(l, None);
        let value = sgs.improve(IMPROVE_PASSES);
        if best.as_ref().is_none_or(|b| value < b.0) {
            best = Some((value, sgs.schedule()));
        }
    }
    let mut schedules = vec![repaired, decoded];
    schedules.extend(best.map(|b| {
        if problem.replanning().has_stability_term() {
            settle(problem, &b.1, baseline)
        } else {
            b.1
        }
    }));
    WarmStart {
        lists,
        schedules,
        bounds: None,
        baseline: Some(baseline.clone()),
    }
}

/// Day-indexed usage of every team.
struct Usage<'p> {
    problem: &'p Problem,
    used: Vec<Vec<u32>>,
}

impl Usage<'_> {
    fn fits(&mut self, mode: &Mode, start: u32) -> bool {
        for d in &mode.demands {
            let cal = &self.problem.resource(d.resource).capacity;
            let used = &self.used[d.resource.index()];
            for day in start..start.saturating_add(mode.duration) {
                let busy = used.get(day as usize).copied().unwrap_or(0);
                if busy + d.amount > cal.at(day) {
                    return false;
                }
            }
        }
        true
    }

    fn add(&mut self, mode: &Mode, start: u32) {
        for d in &mode.demands {
            let used = &mut self.used[d.resource.index()];
            let end = start.saturating_add(mode.duration);
            if used.len() < end as usize {
                used.resize(end as usize, 0);
            }
            for day in start..end {
                used[day as usize] += d.amount;
            }
        }
    }

    /// First day `>= from` on which `mode` fits, bounded by the problem's
    /// horizon (`None` past it).
    fn first_fit(&mut self, mode: &Mode, from: u32, limit: u32) -> Option<u32> {
        (from..=limit).find(|&t| self.fits(mode, t))
    }
}

/// Another tool's `schedule` of `problem` made valid with as few moves as
/// possible: every task keeps its mode and starts at the first day on or
/// after its own start where its dependencies, release, pin and teams'
/// capacity allow, in the order of those starts (the repaired baseline of
/// the module docs). For scoring a schedule tandem did not make (e.g. an
/// MS Project file's own dates) against tandem's.
///
/// ```
/// use tandem::model::ActivityId;
/// use tandem::schedule::Assignment;
/// use tandem::{Calendar, ProblemBuilder, Schedule};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("backend", Calendar::constant(1));
/// let g = b.goal("launch", 1.0, None);
/// b.plan_task("a", Some(g), &[(team, 2.0)], 1, 1, 0);
/// b.plan_task("b", Some(g), &[(team, 2.0)], 1, 1, 0);
/// let problem = b.build()?;
/// // both on day 0 overload the team: b moves to day 2
/// let dated = Schedule::new(vec![Assignment { start: 0, mode: 0 }; 2]);
/// let valid = tandem::solve::repaired(&problem, &dated);
/// let (a, b) = (ActivityId::from_index(0), ActivityId::from_index(1));
/// assert_eq!((valid.start(a), valid.start(b)), (0, 2));
/// assert!(valid.check(&problem).is_ok());
/// # Ok(()) }
/// ```
pub fn repaired(problem: &Problem, schedule: &Schedule) -> Schedule {
    let baseline = Baseline::from_schedule(problem, schedule);
    let list = warm_list(problem, &baseline);
    let modes: Vec<usize> = problem
        .activity_ids()
        .map(|a| schedule.get(a).mode)
        .collect();
    repair(problem, &list, &modes, &baseline)
}

/// The baseline kept where possible (see the module docs).
fn repair(
    problem: &Problem,
    list: &[ActivityId],
    modes: &[usize],
    baseline: &Baseline,
) -> Schedule {
    let n = problem.len();
    let limit = u32::try_from(problem.horizon()).unwrap_or(u32::MAX - 1);
    let mut usage = Usage {
        problem,
        used: vec![Vec::new(); problem.resources().len()],
    };
    let mut asg = vec![Assignment { start: 0, mode: 0 }; n];
    let mut finish = vec![0u32; n];
    let mut placed = vec![false; n];
    for a in problem.activity_ids() {
        let act = problem.activity(a);
        if let Some(pin) = act.pin {
            let mode = &act.modes[pin.mode];
            usage.add(mode, pin.start);
            asg[a.index()] = Assignment {
                start: pin.start,
                mode: pin.mode,
            };
            finish[a.index()] = pin.start + mode.duration;
            placed[a.index()] = true;
        }
    }
    for &a in list {
        if placed[a.index()] {
            continue;
        }
        let act = problem.activity(a);
        let es = problem.earliest_start(a, &finish);
        // a baseline built by a library user may start anywhere: no later
        // than the horizon (days past it overflowed `start + duration`)
        let target = baseline.get(a).map_or(es, |b| b.start.max(es)).min(limit);
        let candidates: Vec<usize> = match modes.get(a.index()) {
            Some(&m) if m < act.modes.len() => vec![m],
            _ => (0..act.modes.len()).collect(),
        };
        let mut best: Option<(u32, usize)> = None;
        for m in candidates {
            let mode = &act.modes[m];
            if let Some(s) = usage.first_fit(mode, target, limit) {
                let f = s + mode.duration;
                if best.is_none_or(|(bf, _)| f < bf) {
                    best = Some((f, m));
                }
            }
        }
        let (m, start) = match best {
            Some((f, m)) => (m, f - act.modes[m].duration),
            None => (0, target),
        };
        let mode = &act.modes[m];
        usage.add(mode, start);
        asg[a.index()] = Assignment { start, mode: m };
        finish[a.index()] = start.saturating_add(mode.duration);
        placed[a.index()] = true;
    }
    Schedule::new(asg)
}

impl Usage<'_> {
    fn remove(&mut self, mode: &Mode, start: u32) {
        for d in &mode.demands {
            let used = &mut self.used[d.resource.index()];
            for day in start..start + mode.duration {
                if let Some(u) = used.get_mut(day as usize) {
                    *u = u.saturating_sub(d.amount);
                }
            }
        }
    }
}

/// Moves tasks of a valid schedule back to their baseline start (in their
/// baseline mode when it still exists, else their current one) wherever
/// dependencies, releases and capacity allow and the objective (stability
/// term included) does not get worse: a solver's needless moves are undone.
/// Each pass tries every goal's tasks together (a goal the change did not
/// touch can often return whole), then every task alone, by baseline start;
/// at most three passes.
pub fn settle(problem: &Problem, schedule: &Schedule, baseline: &Baseline) -> Schedule {
    settle_within(problem, schedule, baseline, f64::NEG_INFINITY)
}

/// [`settle`], then more passes that also take a task or goal back to its
/// baseline slot when that costs objective, as long as the objective stays
/// at most `cap`: the moves that together gain less than `cap - objective`
/// are undone (goals whole first, then tasks, by baseline start).
pub(crate) fn settle_within(
    problem: &Problem,
    schedule: &Schedule,
    baseline: &Baseline,
    cap: f64,
) -> Schedule {
    let n = problem.len();
    let asg: Vec<Assignment> = schedule.assignments().to_vec();
    if asg.len() != n || problem.horizon() > MAX_DAYS {
        return schedule.clone();
    }
    let mut usage = Usage {
        problem,
        used: vec![Vec::new(); problem.resources().len()],
    };
    for a in problem.activity_ids() {
        let x = asg[a.index()];
        usage.add(&problem.activity(a).modes[x.mode], x.start);
    }
    let mut order: Vec<ActivityId> = problem
        .activity_ids()
        .filter(|&a| problem.activity(a).pin.is_none() && baseline.get(a).is_some())
        .collect();
    order.sort_by_key(|&a| (baseline.get(a).map_or(0, |b| b.start), a.index()));
    let mut groups: Vec<Vec<ActivityId>> = (0..problem.goals().len())
        .map(|g| {
            let mut members: Vec<ActivityId> = problem.goal_members(GoalId::from_index(g)).to_vec();
            members.retain(|a| order.contains(a));
            members
        })
        .filter(|m| m.len() > 1)
        .collect();
    groups.extend(order.iter().map(|&a| vec![a]));
    let objective = Schedule::new(asg.clone()).objective(problem);
    let mut state = Settling {
        problem,
        baseline,
        asg,
        usage,
        objective,
        cap: f64::NEG_INFINITY,
    };
    // without a cap, one round of passes; with one, a second round that
    // may also pay objective up to it
    let rounds: &[f64] = if cap.is_finite() {
        &[f64::NEG_INFINITY, cap]
    } else {
        &[f64::NEG_INFINITY]
    };
    for &round in rounds {
        state.cap = round;
        for _ in 0..3 {
            let mut changed = false;
            for group in &groups {
                changed |= state.revert(group);
            }
            if !changed {
                break;
            }
        }
    }
    Schedule::new(state.asg)
}

/// The schedule being settled.
struct Settling<'p> {
    problem: &'p Problem,
    baseline: &'p Baseline,
    asg: Vec<Assignment>,
    usage: Usage<'p>,
    objective: f64,
    /// A revert that makes the objective worse is still taken up to here.
    cap: f64,
}

impl Settling<'_> {
    fn mode(&self, a: ActivityId, x: Assignment) -> &Mode {
        &self.problem.activity(a).modes[x.mode]
    }

    /// Moves `group` to its baseline slots if feasible and not worse.
    fn revert(&mut self, group: &[ActivityId]) -> bool {
        let problem = self.problem;
        let mut moves: Vec<(ActivityId, Assignment, Assignment)> = Vec::new();
        for &a in group {
            let Some(b) = self.baseline.get(a) else {
                continue;
            };
            let cur = self.asg[a.index()];
            let mode = self.baseline.mode(problem, a).unwrap_or(cur.mode);
            let target = Assignment {
                start: b.start,
                mode,
            };
            if target == cur {
                continue;
            }
            // a baseline slot before the release, or past the horizon (a
            // baseline built in code may have any day), is not taken back
            if b.start < problem.activity(a).release || u64::from(b.start) > problem.horizon() {
                return false;
            }
            moves.push((a, cur, target));
        }
        if moves.is_empty() {
            return false;
        }
        for &(a, _, target) in &moves {
            self.asg[a.index()] = target;
        }
        let finish = |asg: &[Assignment], q: ActivityId| {
            let x = asg[q.index()];
            x.start
                .saturating_add(problem.activity(q).modes[x.mode].duration)
        };
        let edges_ok = moves.iter().all(|&(a, _, t)| {
            problem
                .predecessors(a)
                .iter()
                .all(|&(q, lag)| finish(&self.asg, q).saturating_add_signed(lag) <= t.start)
                && problem.successors(a).iter().all(|&(s, lag)| {
                    finish(&self.asg, a).saturating_add_signed(lag) <= self.asg[s.index()].start
                })
        });
        if !edges_ok {
            self.undo(&moves, 0, false);
            return false;
        }
        for &(a, cur, _) in &moves {
            let mode = self.problem.activity(a).modes[cur.mode].clone();
            self.usage.remove(&mode, cur.start);
        }
        for (k, &(a, _, target)) in moves.iter().enumerate() {
            let mode = self.mode(a, target).clone();
            if !self.usage.fits(&mode, target.start) {
                self.undo(&moves, k, true);
                return false;
            }
            self.usage.add(&mode, target.start);
        }
        let value = Schedule::new(self.asg.clone()).objective(problem);
        if value <= self.objective + 1e-9 || value <= self.cap {
            self.objective = value;
            true
        } else {
            self.undo(&moves, moves.len(), true);
            false
        }
    }

    /// Restores the moved activities; `added` of the new placements (and,
    /// with `booked`, all old placements) are in the usage.
    fn undo(&mut self, moves: &[(ActivityId, Assignment, Assignment)], added: usize, booked: bool) {
        for &(a, _, target) in &moves[..added] {
            let mode = self.mode(a, target).clone();
            self.usage.remove(&mode, target.start);
        }
        for &(a, cur, _) in moves {
            self.asg[a.index()] = cur;
            if booked {
                let mode = self.mode(a, cur).clone();
                self.usage.add(&mode, cur.start);
            }
        }
    }
}
