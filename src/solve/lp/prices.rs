//! Bottleneck prices from the LP duals.
//!
//! The relaxation (see [`relaxation`](super::relaxation)) turns the duals of
//! its energy rows into a price per person-day for every team and bucket:
//! how much its bound would fall, to first order, per extra person-day of
//! capacity there. Here adjacent buckets of one team with similar prices
//! (within a factor of [`SIMILAR`]) are merged into periods, and each period
//! is valued at one more person on every day of it: the sum of its buckets'
//! `days * price`. These are LP marginal values: a guide to where capacity
//! matters, exact only for small changes of the relaxation.

use super::buckets::Grid;
use crate::model::ResourceId;

/// A team and period where one more person would improve the objective.
#[derive(Clone, Debug, PartialEq)]
pub struct Bottleneck {
    /// The team.
    pub team: ResourceId,
    /// First day of the period.
    pub from: u32,
    /// Last day of the period (inclusive).
    pub to: u32,
    /// Marginal objective improvement of one more person on every day of the period.
    pub value: f64,
}

/// Adjacent buckets merge while their per-day prices stay within this factor.
const SIMILAR: f64 = 2.0;
/// At most this many bottlenecks are reported.
const MOST: usize = 12;
/// Periods worth less than this share of the best one are left out.
const NEGLIGIBLE: f64 = 1e-3;

/// Periods of high price, most valuable first. `per_day[r][k]` is the
/// price of one person-day of team `r` in bucket `k`; `scale` is the size
/// of the objective (values below `1e-7 * scale` are solver noise).
pub(crate) fn bottlenecks(grid: &Grid, per_day: &[Vec<f64>], scale: f64) -> Vec<Bottleneck> {
    let noise = 1e-7 * scale.abs().max(1.0);
    let mut out: Vec<Bottleneck> = Vec::new();
    for (r, prices) in per_day.iter().enumerate() {
        let mut k = 0;
        while k < prices.len() {
            let value = |k: usize| prices[k] * f64::from(grid.days(k));
            if value(k) <= noise {
                k += 1;
                continue;
            }
            let (mut lo, mut hi) = (prices[k], prices[k]);
            let mut total = value(k);
            let mut end = k + 1;
            while end < prices.len() && value(end) > noise {
                let p = prices[end];
                if hi.max(p) > SIMILAR * lo.min(p) {
                    break;
                }
                lo = lo.min(p);
                hi = hi.max(p);
                total += value(end);
                end += 1;
            }
            out.push(Bottleneck {
                team: ResourceId::from_index(r),
                from: grid.at(k),
                to: grid.at(end) - 1,
                value: total,
            });
            k = end;
        }
    }
    out.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then(a.team.index().cmp(&b.team.index()))
            .then(a.from.cmp(&b.from))
    });
    let top = out.first().map_or(0.0, |b| b.value);
    out.retain(|b| b.value > NEGLIGIBLE * top && b.value > noise);
    out.truncate(MOST);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_similar_neighbours_and_sorts() {
        let grid = Grid::new(50, 5, 0.0); // ten weeks
        let per_day = vec![
            vec![0.0, 1.0, 1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            vec![0.0, 0.0, 0.0, 0.0, 9.0, 2.0, 0.0, 0.0, 0.0, 1e-12],
        ];
        let b = bottlenecks(&grid, &per_day, 100.0);
        assert_eq!(b.len(), 3);
        // team 1, week 4 alone (9 vs 2 differ too much): 45
        assert_eq!((b[0].team.index(), b[0].from, b[0].to), (1, 20, 24));
        assert!((b[0].value - 45.0).abs() < 1e-9);
        // team 0, weeks 1-2 merged: 5 + 7.5
        assert_eq!((b[1].team.index(), b[1].from, b[1].to), (0, 5, 14));
        assert!((b[1].value - 12.5).abs() < 1e-9);
        assert_eq!((b[2].team.index(), b[2].from, b[2].to), (1, 25, 29));
    }

    #[test]
    fn no_prices_no_bottlenecks() {
        let grid = Grid::new(10, 1, 0.0);
        assert!(bottlenecks(&grid, &[vec![0.0; 10]], 1.0).is_empty());
    }
}
