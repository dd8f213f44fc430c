//! Exhaustive search for tiny problems: the reference optimum that tests
//! compare every solver against.
//!
//! Branch and bound over *active* schedules: every precedence-feasible
//! activity list and mode choice, decoded by a serial schedule generation
//! scheme (each activity at its earliest capacity-feasible start; pinned
//! activities at their pin). An optimal schedule of a regular objective
//! (makespan, or the weighted goal objective: both non-decreasing in every
//! finish) can be left-shifted into an active one, which this scheme
//! reproduces from the list sorted by start, so lists whose starts decrease
//! are pruned; so are partial schedules whose critical-path completion
//! bound is not below the best found. Nothing here is clever: it is meant
//! to be obviously right, and it is exponential.
//!
//! # With leads (negative lags)
//! A lead lets a successor start before its predecessor, so the list of an
//! active schedule sorted by start need not put predecessors first, and a
//! list that does may not reproduce it (the decoder places the predecessor
//! first, in the slot the successor needed). With a negative lag the search
//! therefore tries every start day instead: activities in a topological
//! order, each in every mode and on every day from its earliest start (its
//! release, its predecessors' finishes plus their signed lags, day 0) up to
//! [`Problem::horizon`], pruned by the same completion bound. Some optimal
//! schedule starts everything by the horizon: in an optimal schedule with
//! the least sum of starts, every day from the last release, capacity
//! change or pin end (`R`) up to the last start is covered by a running
//! activity or by a positive lag that holds a successor back; otherwise
//! every activity starting after that day could move one day earlier
//! (capacity is constant after `R`, leads and zero lags stay met), which
//! would not raise a regular objective and would lower the sum. So the last
//! start is at most `R` plus every longest duration plus every positive
//! lag, the horizon.

use crate::graph::Analysis;
use crate::model::{ActivityId, Mode, Objective, Problem};
use crate::schedule::{Assignment, Schedule, goal_finishes_of, weighted_objective};

/// The optimal objective of `problem` by exhaustive search, or `None` when
/// the search visits more than `node_limit` partial schedules (or the
/// problem has no feasible schedule, or its objective has a re-planning
/// stability term, which active schedules need not optimise).
///
/// Only for tiny problems (a dozen activities).
///
/// ```
/// use tandem::solve::exhaustive_optimum;
/// use tandem::{Calendar, ProblemBuilder};
///
/// // one person, two goals: the short, urgent task first
/// let mut b = ProblemBuilder::new();
/// let team = b.resource("team", Calendar::constant(1));
/// let g1 = b.goal("g1", 1.0, None);
/// let g2 = b.goal("g2", 2.0, Some(2));
/// b.plan_task("a", Some(g1), &[(team, 3.0)], 1, 1, 0);
/// b.plan_task("c", Some(g2), &[(team, 2.0)], 1, 1, 0);
/// let problem = b.build().unwrap();
/// // c on days 0-1 (2 x 2), then a on days 2-4 (1 x 5)
/// assert_eq!(exhaustive_optimum(&problem, 1_000), Some(9.0));
/// ```
pub fn exhaustive_optimum(problem: &Problem, node_limit: u64) -> Option<f64> {
    // active schedules need not contain an optimum of the (non-regular) stability term
    if problem.replanning().has_stability_term() {
        return None;
    }
    let mut search = Search {
        p: problem,
        order: Analysis::new(problem).order,
        start: vec![None; problem.len()],
        usage: vec![Vec::new(); problem.resources().len()],
        window: u32::try_from(problem.horizon()).unwrap_or(u32::MAX),
        best: None,
        nodes: 0,
        node_limit,
    };
    if problem.precedences().iter().any(|e| e.lag < 0) {
        search.every_day(0);
    } else {
        search.dfs(0);
    }
    if search.nodes > node_limit {
        return None;
    }
    search.best.map(|(value, _)| value)
}

struct Search<'p> {
    p: &'p Problem,
    order: Vec<ActivityId>,
    start: Vec<Option<Assignment>>,
    usage: Vec<Vec<u32>>,
    /// How far past its earliest start an activity's start is looked for.
    window: u32,
    best: Option<(f64, Schedule)>,
    nodes: u64,
    node_limit: u64,
}

impl Search<'_> {
    fn finish(&self, a: usize) -> Option<u32> {
        self.start[a].map(|s| s.start + self.p.activities()[a].modes[s.mode].duration)
    }

    fn fits(&self, mode: &Mode, t: u32) -> bool {
        mode.demands.iter().all(|d| {
            let cal = &self.p.resource(d.resource).capacity;
            let used = &self.usage[d.resource.index()];
            (t..t + mode.duration)
                .all(|day| used.get(day as usize).copied().unwrap_or(0) + d.amount <= cal.at(day))
        })
    }

    fn book(&mut self, mode: &Mode, t: u32, add: bool) {
        for d in &mode.demands {
            let used = &mut self.usage[d.resource.index()];
            let end = (t + mode.duration) as usize;
            if used.len() < end {
                used.resize(end, 0);
            }
            for u in &mut used[t as usize..end] {
                if add {
                    *u += d.amount;
                } else {
                    *u -= d.amount;
                }
            }
        }
    }

    /// The objective if every unplaced activity started as early as its
    /// predecessors allow, but not before `floor`, in its shortest mode.
    fn bound(&self, floor: u32) -> f64 {
        let mut fin = vec![0u32; self.p.len()];
        for &a in &self.order {
            let i = a.index();
            fin[i] = self.finish(i).unwrap_or_else(|| {
                let act = self.p.activity(a);
                self.p
                    .predecessors(a)
                    .iter()
                    .map(|&(q, lag)| fin[q.index()].saturating_add_signed(lag))
                    .fold(floor.max(act.release), u32::max)
                    + act.min_duration()
            });
        }
        objective_of(self.p, &fin)
    }

    fn dfs(&mut self, floor: u32) {
        self.nodes += 1;
        if self.nodes > self.node_limit {
            return;
        }
        let p = self.p;
        if self.start.iter().all(Option::is_some) {
            self.record();
            return;
        }
        if let Some((best, _)) = &self.best
            && self.bound(floor) >= best - 1e-9
        {
            return;
        }
        for j in 0..p.len() {
            if self.start[j].is_some() {
                continue;
            }
            let a = ActivityId::from_index(j);
            let act = p.activity(a);
            let mut es = Some(act.release);
            for &(q, lag) in p.predecessors(a) {
                es = match (es, self.finish(q.index())) {
                    (Some(e), Some(f)) => Some(e.max(f.saturating_add_signed(lag))),
                    _ => None,
                };
            }
            let Some(es) = es else { continue };
            for (m, mode) in act.modes.iter().enumerate() {
                let t = match act.pin {
                    Some(pin) if pin.mode != m => continue,
                    Some(pin) if pin.start < es || !self.fits(mode, pin.start) => continue,
                    Some(pin) => pin.start,
                    None => {
                        match (es..=es.saturating_add(self.window)).find(|&t| self.fits(mode, t)) {
                            Some(t) => t,
                            None => continue,
                        }
                    }
                };
                if t < floor {
                    continue;
                }
                self.start[j] = Some(Assignment { start: t, mode: m });
                self.book(mode, t, true);
                self.dfs(t);
                self.book(mode, t, false);
                self.start[j] = None;
            }
        }
    }
}

impl Search<'_> {
    /// Records a complete schedule if it is the best so far.
    fn record(&mut self) {
        let s = Schedule::new(self.start.iter().flatten().copied().collect());
        let value = s.objective(self.p);
        if self.best.as_ref().is_none_or(|(b, _)| value < *b) {
            self.best = Some((value, s));
        }
    }

    /// The search of problems with a lead (module docs): the `k`-th
    /// activity of the topological order on every day from its earliest
    /// start to the horizon, in every mode.
    fn every_day(&mut self, k: usize) {
        self.nodes += 1;
        if self.nodes > self.node_limit {
            return;
        }
        let p = self.p;
        let Some(&a) = self.order.get(k) else {
            self.record();
            return;
        };
        let (j, act) = (a.index(), p.activity(a));
        // every predecessor comes earlier in the order, so it is placed
        let es = p
            .predecessors(a)
            .iter()
            .filter_map(|&(q, lag)| Some(self.finish(q.index())?.saturating_add_signed(lag)))
            .fold(act.release, u32::max);
        for (m, mode) in act.modes.iter().enumerate() {
            let days = match act.pin {
                Some(pin) if pin.mode != m || pin.start < es => continue,
                Some(pin) => pin.start..=pin.start,
                None => es..=self.window,
            };
            for t in days {
                self.start[j] = Some(Assignment { start: t, mode: m });
                // the bound only grows with `t`: no later day can do better
                if let Some((best, _)) = &self.best
                    && self.bound(0) >= best - 1e-9
                {
                    break;
                }
                if !self.fits(mode, t) {
                    continue;
                }
                self.book(mode, t, true);
                self.every_day(k + 1);
                self.book(mode, t, false);
            }
            self.start[j] = None;
        }
    }
}

/// The objective of a problem whose activities finish on `finish`.
fn objective_of(p: &Problem, finish: &[u32]) -> f64 {
    match p.objective() {
        Objective::Makespan => f64::from(finish.iter().copied().max().unwrap_or(0)),
        Objective::Weighted { lateness_weight } => {
            weighted_objective(p, &goal_finishes_of(p, finish), lateness_weight)
        }
    }
}

#[cfg(test)]
mod tests;
