//! Energy tails: latest finishes that count the work of all descendants on
//! each team, not only the longest chain, so the time-indexed model gets
//! shorter start windows (the heads' counterpart is
//! heads of [`window_bounds`](crate::solve::bounds::window_bounds)).
//!
//! # Theoretical
//! Every descendant `k` of `i` through finish-to-start edges with
//! non-negative lags (transitively) starts after `i` finishes. An edge with
//! a negative lag (a lead) is not followed: its successor may start before
//! `i` finishes. Let `e_kr` be the
//! least energy `k` can use on resource `r` (over its modes: duration times
//! demand, 0 when a mode does not use `r`) and `D_k` a valid deadline of
//! `k`. For any `δ`, the descendants with `D_k <= δ` run entirely inside
//! `[F_i, δ)` and need `E = sum e_kr` person-days there, so
//! `F_i <= max { t : cap_r(t..δ) >= E }` (the calendar's energy): the
//! mirror of Carlier's one-machine heads, applied to the energy of a
//! cumulative resource (Baptiste, Le Pape & Nuijten 2001, ch. 3).
//!
//! # Practical
//! Descendant sets are bitsets, so the pass is `O(n^2 / 64 + n * |descendants|
//! log)`; above [`MAX_ACTIVITIES`] activities it is skipped (the critical
//! path tails stay): such plans never fit the MILP anyway. Measured on a
//! one-person 40-task plan: 5,510 start binaries with critical-path windows,
//! 4,478 with these tails.
//!
//! # Bibliography
//! * P. Baptiste, C. Le Pape, W. Nuijten (2001). *Constraint-Based
//!   Scheduling*. Kluwer, ch. 3 (energetic reasoning) and 2 (edge finding).
//! * J. Carlier (1982). The one-machine sequencing problem. *European
//!   Journal of Operational Research* 11(1), 42–47.

use crate::graph::Analysis;
use crate::model::{Calendar, Problem};

/// Above this many activities no energy tails are computed.
pub(crate) const MAX_ACTIVITIES: usize = 2_000;

/// Transitive descendants of every activity through edges with a lag
/// `>= 0` (those start after it finishes), as bitsets.
fn descendants(problem: &Problem, analysis: &Analysis) -> Vec<Vec<u64>> {
    let n = problem.len();
    let words = n.div_ceil(64);
    let mut sets = vec![vec![0u64; words]; n];
    for &a in analysis.order.iter().rev() {
        let mut set = vec![0u64; words];
        for &(b, _) in problem.successors(a).iter().filter(|e| e.1 >= 0) {
            let b = b.index();
            for (w, x) in set.iter_mut().zip(&sets[b]) {
                *w |= x;
            }
            set[b / 64] |= 1 << (b % 64);
        }
        sets[a.index()] = set;
    }
    sets
}

fn members(set: &[u64]) -> impl Iterator<Item = usize> + '_ {
    set.iter().enumerate().flat_map(|(w, &bits)| {
        (0..64)
            .filter(move |b| bits >> b & 1 == 1)
            .map(move |b| w * 64 + b)
    })
}

/// The last day `t <= to` with `cal.energy(t, to) >= need`; `None` when not
/// even day 0 gives that much.
fn reach_backward(cal: &Calendar, to: u32, need: u64) -> Option<u32> {
    if need == 0 {
        return Some(to);
    }
    if cal.energy(0, to) < need {
        return None;
    }
    let (mut lo, mut hi) = (0u32, to);
    // largest t with energy(t, to) >= need: energy falls as t grows
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if cal.energy(mid, to) >= need {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo)
}

/// Lowers the latest finishes `deadline` by the descendants' energy (see the
/// module docs; `energy[k][r]` is `e_kr`, from
/// [`window_bounds`](crate::solve::bounds::window_bounds)); activities
/// without a deadline are left alone, and so are descendants without one.
pub(crate) fn tighten_tails(
    problem: &Problem,
    analysis: &Analysis,
    energy: &[Vec<u64>],
    deadline: &mut [Option<u64>],
) {
    if problem.len() > MAX_ACTIVITIES {
        return;
    }
    let descendants = descendants(problem, analysis);
    let mut work: Vec<(u64, u64)> = Vec::new();
    for &a in analysis.order.iter().rev() {
        let i = a.index();
        let Some(mut d) = deadline[i] else { continue };
        for (r, res) in problem.resources().iter().enumerate() {
            work.clear();
            work.extend(members(&descendants[i]).filter_map(|k| {
                let e = energy.get(k)?.get(r).copied().filter(|&e| e > 0)?;
                deadline[k].map(|dk| (dk, e))
            }));
            work.sort_unstable();
            let mut need = 0u64;
            for &(delta, e) in &work {
                need += e;
                let Ok(delta) = u32::try_from(delta) else {
                    break;
                };
                // no room at all: leave it, the windows come out empty
                if let Some(t) = reach_backward(&res.capacity, delta, need) {
                    d = d.min(u64::from(t));
                }
            }
        }
        deadline[i] = Some(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProblemBuilder;

    #[test]
    fn tails_count_the_descendants_work() {
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let first = b.plan_task("a", None, &[(t, 1.0)], 1, 1, 0);
        let mut after = Vec::new();
        for i in 0..3 {
            let s = b.plan_task(format!("s{i}"), None, &[(t, 4.0)], 1, 2, 0);
            b.precedence(first, s, 0);
            after.push(s);
        }
        let p = b.build().unwrap();
        let analysis = Analysis::new(&p);
        let mut deadline = vec![Some(20u64); p.len()];
        let energy = crate::solve::bounds::window_bounds(&p, &analysis, 0).energy;
        tighten_tails(&p, &analysis, &energy, &mut deadline);
        // 12 person-days on 2 people end by 20: start by 14
        assert_eq!(deadline[first.index()], Some(14));
        assert!(after.iter().all(|s| deadline[s.index()] == Some(20)));
    }

    #[test]
    fn a_lead_successor_is_not_a_descendant() {
        // the same plan with leads: the successors may run before `a`
        // finishes, so their work does not push `a`'s deadline back
        let mut b = ProblemBuilder::new();
        let t = b.resource("t", Calendar::constant(2));
        let first = b.plan_task("a", None, &[(t, 1.0)], 1, 1, 0);
        for i in 0..3 {
            let s = b.plan_task(format!("s{i}"), None, &[(t, 4.0)], 1, 2, 0);
            b.precedence(first, s, -1);
        }
        let p = b.build().unwrap();
        let analysis = Analysis::new(&p);
        let mut deadline = vec![Some(20u64); p.len()];
        let energy = crate::solve::bounds::window_bounds(&p, &analysis, 0).energy;
        tighten_tails(&p, &analysis, &energy, &mut deadline);
        assert_eq!(deadline[first.index()], Some(20));
    }

    #[test]
    fn reaching_energy_backwards_on_a_calendar() {
        let mut cal = Calendar::constant(2);
        cal.set(2, 4, 0);
        assert_eq!(reach_backward(&cal, 6, 5), Some(0));
        assert_eq!(reach_backward(&cal, 6, 9), None);
    }
}
