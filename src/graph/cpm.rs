//! Critical-path method over the precedence DAG.
//!
//! # Theoretical
//! With every activity in its shortest mode and capacities ignored, the
//! earliest start is `ES(j) = max(release(j), max_{(i,j,lag)} ES(i) + d(i) + lag, 0)`
//! (pinned activities start at their pin). A lag may be negative (a lead):
//! the sum is then taken in signed arithmetic and clamped at day 0, since no
//! activity starts before it. The backward pass from the
//! horizon `T = max EF` gives `LF(i) = min(T, min_{(i,j,lag)} LS(j) - lag)`
//! (a lead may put `LS(j) - lag` past `T`; every activity still finishes by
//! `T`), `LS = LF - d`, and total float `LS - ES`. Zero-float activities form at
//! least one chain from a source to a sink: the critical path. `T` is a
//! lower bound on the makespan of every feasible schedule, and `EF(j)` on the
//! finish of `j` (Kelley & Walker, 1959).

use super::DependencyGraph;
use crate::model::{ActivityId, GoalId, Problem};

/// Result of the forward and backward passes.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Activities in a topological order of the precedence DAG.
    pub order: Vec<ActivityId>,
    /// Shortest duration of each activity (pinned: the pinned mode's).
    pub duration: Vec<u32>,
    /// Earliest start.
    pub es: Vec<u32>,
    /// Earliest finish.
    pub ef: Vec<u32>,
    /// Latest start against horizon `makespan_bound`.
    pub ls: Vec<u32>,
    /// Latest finish against horizon `makespan_bound`.
    pub lf: Vec<u32>,
    /// The critical-path length: a lower bound on the makespan.
    pub makespan_bound: u32,
    /// One chain of zero-float activities from a source to a sink.
    pub critical_path: Vec<ActivityId>,
}

impl Analysis {
    /// Runs CPM on a problem.
    ///
    /// ```
    /// use tandem::graph::Analysis;
    /// use tandem::{Calendar, ProblemBuilder};
    /// let mut b = ProblemBuilder::new();
    /// let t = b.resource("t", Calendar::constant(1));
    /// let a = b.plan_task("a", None, &[(t, 3.0)], 1, 1, 0);
    /// let c = b.plan_task("c", None, &[(t, 2.0)], 1, 1, 0);
    /// b.precedence(a, c, 4);
    /// let p = b.build().unwrap();
    /// let cpm = Analysis::new(&p);
    /// assert_eq!(cpm.es[c.index()], 7);
    /// assert_eq!(cpm.makespan_bound, 9);
    /// assert_eq!(cpm.critical_path, vec![a, c]);
    /// ```
    pub fn new(problem: &Problem) -> Self {
        let order = DependencyGraph::new(problem).topological_order();
        let n = problem.len();
        let duration: Vec<u32> = problem
            .activities()
            .iter()
            .map(|a| match a.pin {
                Some(p) => a.modes[p.mode].duration,
                None => a.min_duration(),
            })
            .collect();
        let mut es = vec![0u32; n];
        for &a in &order {
            let act = problem.activity(a);
            let mut t = act.release;
            for &(p, lag) in problem.predecessors(a) {
                t = t.max(
                    es[p.index()]
                        .saturating_add(duration[p.index()])
                        .saturating_add_signed(lag),
                );
            }
            if let Some(pin) = act.pin {
                t = pin.start;
            }
            es[a.index()] = t;
        }
        // saturating: a huge release or lag must not panic; a clamped value is
        // still a valid lower bound
        let ef: Vec<u32> = (0..n).map(|i| es[i].saturating_add(duration[i])).collect();
        let makespan_bound = ef.iter().copied().max().unwrap_or(0);
        let mut lf = vec![makespan_bound; n];
        let mut ls = vec![0u32; n];
        for &a in order.iter().rev() {
            let i = a.index();
            let mut f = makespan_bound;
            for &(s, lag) in problem.successors(a) {
                // LS(s) - lag, in i64 (a lead adds), clamped to 0..=T
                let latest = i64::from(ls[s.index()]) - i64::from(lag);
                f = f.min(u32::try_from(latest.max(0)).unwrap_or(u32::MAX));
            }
            // never report a latest time before the earliest (pins/releases can force this)
            lf[i] = f.max(ef[i]);
            ls[i] = (lf[i] - duration[i]).max(es[i]); // only differs when saturated
        }
        let critical_path = critical_chain(problem, &es, &ef, &ls, makespan_bound);
        Self {
            order,
            duration,
            es,
            ef,
            ls,
            lf,
            makespan_bound,
            critical_path,
        }
    }

    /// Total float of an activity: how far it can slip without delaying the bound.
    pub fn total_float(&self, a: ActivityId) -> u32 {
        self.ls[a.index()] - self.es[a.index()]
    }

    /// The earliest finish of every goal (its members' largest earliest
    /// finish; 0 without members), by goal index: the critical-path bound
    /// on each goal's finish.
    pub fn goal_finishes(&self, problem: &Problem) -> Vec<u32> {
        (0..problem.goals().len())
            .map(|g| {
                problem
                    .goal_members(GoalId::from_index(g))
                    .iter()
                    .map(|a| self.ef[a.index()])
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }
}

fn critical_chain(
    problem: &Problem,
    es: &[u32],
    ef: &[u32],
    ls: &[u32],
    t: u32,
) -> Vec<ActivityId> {
    let Some(mut cur) = (0..problem.len())
        .filter(|&i| ef[i] == t && ls[i] == es[i])
        .min_by_key(|&i| (es[i] == ef[i], i))
    else {
        return Vec::new();
    };
    let mut chain = vec![ActivityId::from_index(cur)];
    loop {
        let next = problem
            .predecessors(ActivityId::from_index(cur))
            .iter()
            .filter(|&&(p, lag)| {
                ef[p.index()].saturating_add_signed(lag) == es[cur]
                    && ls[p.index()] == es[p.index()]
            })
            .map(|&(p, _)| p.index())
            .min();
        match next {
            Some(p) => {
                chain.push(ActivityId::from_index(p));
                cur = p;
            }
            None => break,
        }
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests;
