//! Tests of the `cpm` module.

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
    p.precedences[0].lag = i32::MAX;
    p.preds[c.index()][0].1 = i32::MAX;
    p.succs[a.index()][0].1 = i32::MAX;
    let cpm = Analysis::new(&p);
    assert_eq!(cpm.makespan_bound, u32::MAX);
    assert!(cpm.ls.iter().zip(&cpm.es).all(|(l, e)| l >= e));
    assert_eq!(cpm.total_float(c), 0);
    // and the most negative lead: clamped at day 0, no overflow either way
    p.activities[a.index()].release = 0;
    p.precedences[0].lag = i32::MIN;
    p.preds[c.index()][0].1 = i32::MIN;
    p.succs[a.index()][0].1 = i32::MIN;
    let cpm = Analysis::new(&p);
    assert_eq!((cpm.es[c.index()], cpm.makespan_bound), (0, 2));
    assert!(cpm.ls.iter().zip(&cpm.es).all(|(l, e)| l >= e));
}

#[test]
fn leads_let_a_successor_start_before_its_predecessor_finishes() {
    // design (5 days) -> build (4 days) start-to-start + 2: lag 2 - 5 = -3;
    // build -> test (1 day) lag -10: clamped at day 0, and test's finish
    // (1) is not the end of the project
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(3));
    let design = b.plan_task("design", None, &[(t, 5.0)], 1, 1, 0);
    let build = b.plan_task("build", None, &[(t, 4.0)], 1, 1, 0);
    let test = b.plan_task("test", None, &[(t, 1.0)], 1, 1, 0);
    b.precedence(design, build, -3);
    b.precedence(build, test, -10);
    let p = b.build().unwrap();
    let cpm = Analysis::new(&p);
    assert_eq!(cpm.es, vec![0, 2, 0]);
    assert_eq!(cpm.makespan_bound, 6); // build: 2 + 4
    // latest: test by 6 (not 6 + 10, past the project); build by 6; design
    // may finish up to 3 days after build starts (2 + 3 = 5)
    assert_eq!(cpm.lf, vec![5, 6, 6]);
    assert_eq!(cpm.critical_path, vec![design, build]);
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
                    // lags -4..=2: leads too
                    b.precedence(ids[i], ids[j], (next(&mut s) % 7) as i32 - 4);
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
                let lag = i64::from(lag);
                assert!(i64::from(cpm.ef[q.index()]) + lag <= i64::from(cpm.es[i]));
                assert!(i64::from(cpm.lf[q.index()]) + lag <= i64::from(cpm.ls[i]));
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
            assert_eq!(
                cpm.ef[w[0].index()].saturating_add_signed(lag),
                cpm.es[w[1].index()]
            );
        }
        assert!(cp.iter().all(|&a| cpm.total_float(a) == 0));
    }
}
