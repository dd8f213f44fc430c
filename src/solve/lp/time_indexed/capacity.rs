//! The capacity rows: one per resource and day on which the activities
//! that can run then could use more than the capacity.

use good_lp::{Expression, Variable};

use super::variables::Start;
use crate::model::Problem;

/// One row per resource and day on which the running activities could
/// exceed the capacity.
pub(super) fn capacity_rows(
    problem: &Problem,
    starts: &[Vec<(Start, usize)>],
    out: &mut Vec<good_lp::Constraint>,
) {
    for (r, res) in problem.resources().iter().enumerate() {
        // users[τ - first]: (activity, amount, var) of every start running on day τ
        let mut spans: Vec<(u32, u32, usize, u32, Variable)> = Vec::new();
        for (j, list) in starts.iter().enumerate() {
            let act = &problem.activities()[j];
            for (s, _) in list {
                let mode = &act.modes[s.mode];
                if mode.duration == 0 {
                    continue;
                }
                if let Some(dem) = mode
                    .demands
                    .iter()
                    .find(|d| d.resource.index() == r && d.amount > 0)
                {
                    spans.push((s.day, s.day + mode.duration, j, dem.amount, s.var));
                }
            }
        }
        let (Some(first), Some(end)) = (
            spans.iter().map(|s| s.0).min(),
            spans.iter().map(|s| s.1).max(),
        ) else {
            continue;
        };
        let mut users: Vec<Vec<(usize, u32, Variable)>> = vec![Vec::new(); (end - first) as usize];
        for &(from, to, j, amount, var) in &spans {
            for day in from..to {
                users[(day - first) as usize].push((j, amount, var));
            }
        }
        for (k, list) in users.iter().enumerate() {
            let day = first + k as u32;
            let cap = res.capacity.at(day);
            // the most the running activities could use: per activity its largest demand
            let mut most = 0u64;
            let mut last: Option<(usize, u32)> = None;
            for &(j, amount, _) in list {
                match last {
                    Some((lj, la)) if lj == j => {
                        if amount > la {
                            most += u64::from(amount - la);
                            last = Some((j, amount));
                        }
                    }
                    _ => {
                        most += u64::from(amount);
                        last = Some((j, amount));
                    }
                }
            }
            if most <= u64::from(cap) {
                continue;
            }
            let mut e = Expression::with_capacity(list.len());
            for &(_, amount, var) in list {
                e.add_mul(f64::from(amount), var);
            }
            out.push(e.leq(f64::from(cap)));
        }
    }
}
