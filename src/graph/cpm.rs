//! Critical-path method over the precedence DAG.
//!
//! # Theoretical
//! With every activity in its shortest mode and capacities ignored, the
//! earliest start is `ES(j) = max(release(j), max_{(i,j,lag)} ES(i) + d(i) + lag)`
//! (pinned activities start at their pin). The backward pass from the
//! horizon `T = max EF` gives `LF(i) = min_{(i,j,lag)} LS(j) - lag` (or `T`),
//! `LS = LF - d`, and total float `LS - ES`. Zero-float activities form at
//! least one chain from a source to a sink: the critical path. `T` is a
//! lower bound on the makespan of every feasible schedule, and `EF(j)` on the
//! finish of `j` (Kelley & Walker, 1959).

use super::DependencyGraph;
use crate::model::{ActivityId, Problem};

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
    /// use tandem::{Analysis, Calendar, ProblemBuilder};
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
                        .saturating_add(lag),
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
                f = f.min(ls[s.index()].saturating_sub(lag));
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
                ef[p.index()].saturating_add(lag) == es[cur] && ls[p.index()] == es[p.index()]
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
mod tests {
    use super::*;
    use crate::model::{Calendar, Pin, ProblemBuilder};

    /// A(3) -> B(2, released day 5), A -(lag 1)-> C(4), B -> D(2), C -> D,
    /// D -(lag 2)-> E(1), all on one roomy team.
    fn textbook(pin_b: Option<u32>) -> (Problem, [ActivityId; 5]) {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(10));
        let a = b.plan_task("A", None, &[(t, 3.0)], 1, 1, 0);
        let bb = b.plan_task("B", None, &[(t, 2.0)], 1, 1, 5);
        let c = b.plan_task("C", None, &[(t, 4.0)], 1, 1, 0);
        let d = b.plan_task("D", None, &[(t, 2.0)], 1, 1, 0);
        let e = b.plan_task("E", None, &[(t, 1.0)], 1, 1, 0);
        b.precedence(a, bb, 0);
        b.precedence(a, c, 1);
        b.precedence(bb, d, 0);
        b.precedence(c, d, 0);
        b.precedence(d, e, 2);
        if let Some(start) = pin_b {
            b.pin(bb, Pin { start, mode: 0 });
        }
        (b.build().unwrap(), [a, bb, c, d, e])
    }

    #[test]
    fn textbook_network_with_lags_and_release() {
        let (p, ids) = textbook(None);
        let cpm = Analysis::new(&p);
        assert_eq!(cpm.es, vec![0, 5, 4, 8, 12]);
        assert_eq!(cpm.ef, vec![3, 7, 8, 10, 13]);
        assert_eq!(cpm.ls, vec![0, 6, 4, 8, 12]);
        assert_eq!(cpm.lf, vec![3, 8, 8, 10, 13]);
        assert_eq!(cpm.makespan_bound, 13);
        let float: Vec<u32> = ids.iter().map(|&a| cpm.total_float(a)).collect();
        assert_eq!(float, vec![0, 1, 0, 0, 0]);
        let [a, _, c, d, e] = ids;
        assert_eq!(cpm.critical_path, vec![a, c, d, e]);
        // the order is topological
        let pos = |x: ActivityId| cpm.order.iter().position(|&y| y == x).unwrap();
        for prec in p.precedences() {
            assert!(pos(prec.from) < pos(prec.to));
        }
    }

    #[test]
    fn pinned_activity_is_honoured() {
        let (p, [_, b, _, d, e]) = textbook(Some(9));
        let cpm = Analysis::new(&p);
        assert_eq!(cpm.es[b.index()], 9);
        assert_eq!(cpm.es[d.index()], 11);
        assert_eq!(cpm.es[e.index()], 15);
        assert_eq!(cpm.makespan_bound, 16);
        assert_eq!(cpm.critical_path, vec![b, d, e]);
        // a pin before its predecessor's finish still fixes the start
        let (p, [_, b, ..]) = textbook(Some(1));
        let cpm = Analysis::new(&p);
        assert_eq!(cpm.es[b.index()], 1);
        assert_eq!(cpm.makespan_bound, 13);
        assert!(cpm.ls[b.index()] >= cpm.es[b.index()]);
    }

    #[test]
    fn shortest_mode_and_milestones() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(4));
        let a = b.plan_task("a", None, &[(t, 10.0)], 1, 4, 0); // 3 days with 4 people
        let m = b.plan_task("m", None, &[(t, 0.0)], 1, 1, 0); // milestone
        let c = b.plan_task("c", None, &[(t, 1.0)], 1, 1, 2);
        b.precedence(a, m, 0);
        b.precedence(m, c, 1);
        let p = b.build().unwrap();
        let cpm = Analysis::new(&p);
        assert_eq!(cpm.duration, vec![3, 0, 1]);
        assert_eq!(cpm.es, vec![0, 3, 4]);
        assert_eq!(cpm.makespan_bound, 5);
        assert_eq!(cpm.critical_path, vec![a, m, c]);
    }

    #[test]
    fn huge_lags_saturate_instead_of_overflowing() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(1));
        let a = b.plan_task("a", None, &[(t, 2.0)], 1, 1, 0);
        let c = b.plan_task("c", None, &[(t, 2.0)], 1, 1, 0);
        b.precedence(a, c, 0);
        let mut p = b.build().unwrap();
        // far beyond what the builder accepts (MAX_HORIZON): the analysis
        // must still not overflow on whatever it is given
        p.activities[a.index()].release = u32::MAX - 1;
        p.precedences[0].lag = u32::MAX;
        p.preds[c.index()][0].1 = u32::MAX;
        p.succs[a.index()][0].1 = u32::MAX;
        let cpm = Analysis::new(&p);
        assert_eq!(cpm.makespan_bound, u32::MAX);
        assert!(cpm.ls.iter().zip(&cpm.es).all(|(l, e)| l >= e));
        assert_eq!(cpm.total_float(c), 0);
    }

    /// splitmix64
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    #[test]
    fn random_networks_satisfy_cpm_invariants() {
        let mut s = 42u64;
        for _ in 0..200 {
            let mut b = ProblemBuilder::new();
            let t = b.resource("t", Calendar::constant(3));
            let n = 1 + (next(&mut s) % 12) as usize;
            let ids: Vec<ActivityId> = (0..n)
                .map(|j| {
                    let effort = (next(&mut s) % 6) as f64;
                    let release = if next(&mut s).is_multiple_of(4) {
                        (next(&mut s) % 8) as u32
                    } else {
                        0
                    };
                    b.plan_task(format!("a{j}"), None, &[(t, effort)], 1, 3, release)
                })
                .collect();
            for j in 1..n {
                for i in 0..j {
                    if next(&mut s).is_multiple_of(4) {
                        b.precedence(ids[i], ids[j], (next(&mut s) % 3) as u32);
                    }
                }
            }
            let p = b.build().unwrap();
            let cpm = Analysis::new(&p);
            let d = &cpm.duration;
            for a in p.activity_ids() {
                let i = a.index();
                assert_eq!(d[i], p.activity(a).min_duration());
                assert!(cpm.es[i] >= p.activity(a).release);
                assert!(cpm.es[i] <= cpm.ls[i]);
                assert_eq!(cpm.ef[i], cpm.es[i] + d[i]);
                assert_eq!(cpm.lf[i], cpm.ls[i] + d[i]);
                assert!(cpm.lf[i] <= cpm.makespan_bound);
                // both the early and the late schedule respect every edge
                for &(q, lag) in p.predecessors(a) {
                    assert!(cpm.ef[q.index()] + lag <= cpm.es[i]);
                    assert!(cpm.lf[q.index()] + lag <= cpm.ls[i]);
                }
            }
            assert_eq!(cpm.makespan_bound, cpm.ef.iter().copied().max().unwrap());
            // the critical path is a tight chain of zero-float activities
            let cp = &cpm.critical_path;
            assert!(!cp.is_empty());
            assert_eq!(cpm.ef[cp[cp.len() - 1].index()], cpm.makespan_bound);
            for w in cp.windows(2) {
                let lag = p
                    .predecessors(w[1])
                    .iter()
                    .filter(|&&(q, _)| q == w[0])
                    .map(|&(_, l)| l)
                    .max()
                    .unwrap();
                assert_eq!(cpm.ef[w[0].index()] + lag, cpm.es[w[1].index()]);
            }
            assert!(cp.iter().all(|&a| cpm.total_float(a) == 0));
        }
    }
}
