//! A sparse linear program in row form, solved with clarabel through
//! good_lp, and the *safe* dual bound that turns any solver answer into a
//! proven lower bound.
//!
//! # Theoretical
//! The program is `min c'x` subject to rows `a_i'x >= b_i` (or `= b_i`) and,
//! for some columns, a declared lower bound `x_v >= l_v`. Beside it every
//! column carries a *box* `[lo_v, hi_v]` that the caller guarantees to
//! contain the values of some optimal solution of the problem the program
//! relaxes (the box is used by the bound only, not by the solver).
//!
//! **Lemma (Lagrangian bound; Neumaier & Shcherbina 2004).** For any
//! multipliers `y` with `y_i >= 0` on inequality rows (free on equalities),
//! and every `x` in the box satisfying the rows,
//! `c'x >= c'x - sum_i y_i (a_i'x - b_i) = y'b + (c - A'y)'x
//!  >= y'b + sum_v min(r_v lo_v, r_v hi_v)` with `r = c - A'y`.
//! So the right-hand side, `L(y)`, bounds the optimum from below whatever
//! `y` is: duals from an interior-point solver that stopped at a loose
//! tolerance, or whose answer is slightly infeasible, still give a valid
//! bound, only a weaker one. Clarabel's status and objective are never
//! trusted (good_lp labels every returned answer optimal); only `L(y)` is
//! used. good_lp's dual of a row is the change of the optimum per unit of
//! its right-hand side, `>= 0` on a `>=` row of a minimisation, which is
//! the Lemma's `y` (negative values, solver noise, are clipped to 0).
//!
//! # Practical
//! `L(y)` is evaluated in `f64` and lowered by `1e-9` times the sum of the
//! magnitudes of everything it adds up (the products `y_i b_i`, and per
//! column the terms of its reduced cost times its box width): rounding
//! errs by a few `eps` per term, far below that margin. When clarabel hits
//! its time or iteration limit, good_lp returns an error and no duals, so
//! the caller sizes the program to finish well within the limit.
//!
//! # Bibliography
//! - A. Neumaier, O. Shcherbina (2004), Safe bounds in linear and
//!   mixed-integer linear programming. Mathematical Programming 99.
//! - P. J. Goulart, Y. Chen (2024), Clarabel: an interior-point solver for
//!   conic programs with quadratic objectives.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use good_lp::solvers::clarabel::ClarabelSolution;
use good_lp::{
    DualValues, Expression, ProblemVariables, Solution, SolutionWithDual, SolverModel, Variable,
    clarabel, variable,
};

/// Interior-point iterations at most (clarabel's default is 200).
const MAX_ITERATIONS: u32 = 300;

/// Row sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sense {
    /// `a'x >= b`
    Ge,
    /// `a'x = b`
    Eq,
}

/// A column: objective coefficient, the bounds declared to the solver, and
/// the box used by the safe bound.
#[derive(Clone, Copy, Debug)]
struct Column {
    obj: f64,
    declared_min: Option<f64>,
    declared_max: Option<f64>,
    lo: f64,
    hi: f64,
}

/// A sparse LP built row by row (compressed rows).
#[derive(Clone, Debug, Default)]
pub(crate) struct LinearProgram {
    cols: Vec<Column>,
    row_start: Vec<usize>,
    row_col: Vec<u32>,
    row_val: Vec<f64>,
    sense: Vec<Sense>,
    rhs: Vec<f64>,
    /// A constant added to the objective.
    pub(crate) constant: f64,
}

/// Index of a column.
pub(crate) type Col = u32;

/// What [`LinearProgram::solve`] returns.
#[derive(Clone, Debug)]
pub(crate) struct LpAnswer {
    /// Primal values, one per column.
    pub(crate) x: Vec<f64>,
    /// Row multipliers with the signs of the Lemma (`>= 0` on `Ge` rows).
    pub(crate) y: Vec<f64>,
    /// The proven bound `L(y)` minus the rounding margin.
    pub(crate) bound: f64,
    /// The solver's primal objective (not a bound).
    pub(crate) primal: f64,
}

impl LinearProgram {
    /// An empty program.
    pub(crate) fn new() -> Self {
        Self {
            row_start: vec![0],
            ..Self::default()
        }
    }

    /// Adds a free column with objective `obj` and the box `[lo, hi]` for the
    /// bound (the solver does not see the box).
    pub(crate) fn column(&mut self, obj: f64, lo: f64, hi: f64) -> Col {
        self.cols.push(Column {
            obj,
            declared_min: None,
            declared_max: None,
            lo,
            hi,
        });
        (self.cols.len() - 1) as Col
    }

    /// Adds a column with objective `obj`, the solver bound `x >= lo` and the
    /// box `[lo, hi]`.
    pub(crate) fn at_least(&mut self, obj: f64, lo: f64, hi: f64) -> Col {
        self.cols.push(Column {
            obj,
            declared_min: Some(lo),
            declared_max: None,
            lo,
            hi,
        });
        (self.cols.len() - 1) as Col
    }

    /// Adds a column with objective `obj` and bounds `lo <= x <= hi`, both
    /// given to the solver (an infinite side is not).
    pub(crate) fn bounded(&mut self, obj: f64, lo: f64, hi: f64) -> Col {
        self.cols.push(Column {
            obj,
            declared_min: lo.is_finite().then_some(lo),
            declared_max: hi.is_finite().then_some(hi),
            lo,
            hi,
        });
        (self.cols.len() - 1) as Col
    }

    /// The upper side of a column's box.
    pub(crate) fn box_hi(&self, c: Col) -> f64 {
        self.cols[c as usize].hi
    }

    /// Number of columns.
    pub(crate) fn columns(&self) -> usize {
        self.cols.len()
    }

    /// Number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.sense.len()
    }

    /// Adds the row `sum coef * x >= rhs` (or `=`); zero coefficients are
    /// dropped, repeated columns summed by the solver. Returns the row index.
    pub(crate) fn row(
        &mut self,
        terms: impl IntoIterator<Item = (Col, f64)>,
        sense: Sense,
        rhs: f64,
    ) -> usize {
        for (c, v) in terms {
            if v != 0.0 {
                self.row_col.push(c);
                self.row_val.push(v);
            }
        }
        self.row_start.push(self.row_col.len());
        self.sense.push(sense);
        self.rhs.push(rhs);
        self.sense.len() - 1
    }

    fn row_terms(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (a, b) = (self.row_start[i], self.row_start[i + 1]);
        self.row_col[a..b]
            .iter()
            .zip(&self.row_val[a..b])
            .map(|(&c, &v)| (c as usize, v))
    }

    /// Solves with clarabel within `time_limit`; `None` when the solver
    /// fails (infeasible, numerical trouble, time limit before any answer)
    /// or there is nothing to solve.
    pub(crate) fn solve(&self, time_limit: Duration) -> Option<LpAnswer> {
        if self.cols.is_empty() || self.sense.is_empty() {
            return None; // clarabel cannot factor an empty system
        }
        let mut vars = ProblemVariables::new();
        let columns: Vec<Variable> = self
            .cols
            .iter()
            .map(|c| {
                let mut v = variable();
                if let Some(m) = c.declared_min {
                    v = v.min(m);
                }
                if let Some(m) = c.declared_max {
                    v = v.max(m);
                }
                vars.add(v)
            })
            .collect();
        let mut objective = Expression::with_capacity(self.cols.len());
        for (c, v) in self.cols.iter().zip(&columns) {
            if c.obj != 0.0 {
                objective.add_mul(c.obj, *v);
            }
        }
        let mut model = vars.minimise(objective).using(clarabel);
        model
            .settings()
            .time_limit(time_limit.as_secs_f64().max(1e-3))
            .max_iter(MAX_ITERATIONS);
        let mut refs = Vec::with_capacity(self.rows());
        for i in 0..self.rows() {
            let mut e = Expression::with_capacity(self.row_start[i + 1] - self.row_start[i]);
            for (c, v) in self.row_terms(i) {
                e.add_mul(v, columns[c]);
            }
            let constraint = match self.sense[i] {
                Sense::Ge => e.geq(self.rhs[i]),
                Sense::Eq => e.eq(self.rhs[i]),
            };
            refs.push(model.add_constraint(constraint));
        }
        // a numerical library's panic must not end the whole solve: without
        // an answer there is just no LP bound
        let solved = std::panic::catch_unwind(AssertUnwindSafe(|| model.solve()));
        let mut solution: ClarabelSolution = solved.ok()?.ok()?;
        let x: Vec<f64> = columns.iter().map(|&v| solution.value(v)).collect();
        let duals = solution.compute_dual();
        let y: Vec<f64> = refs
            .iter()
            .zip(&self.sense)
            .map(|(r, &s)| {
                let d = duals.dual(r.clone());
                match s {
                    _ if !d.is_finite() => 0.0,
                    Sense::Ge => d.max(0.0),
                    Sense::Eq => d,
                }
            })
            .collect();
        if x.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let primal = self.constant
            + self
                .cols
                .iter()
                .zip(&x)
                .map(|(c, v)| c.obj * v)
                .sum::<f64>();
        let bound = self.safe_bound(&y);
        Some(LpAnswer {
            x,
            y,
            bound,
            primal,
        })
    }

    /// The Lagrangian bound `L(y)` of the module docs, minus a rounding
    /// margin; `-inf` when a reduced cost meets an infinite box side.
    pub(crate) fn safe_bound(&self, y: &[f64]) -> f64 {
        let mut reduced: Vec<f64> = self.cols.iter().map(|c| c.obj).collect();
        // per column, the sum of the magnitudes its reduced cost is made of
        let mut size: Vec<f64> = self.cols.iter().map(|c| c.obj.abs()).collect();
        let mut total = self.constant;
        let mut magnitude = self.constant.abs();
        for (i, &yi) in y.iter().enumerate() {
            let yi = match self.sense[i] {
                Sense::Ge => yi.max(0.0),
                Sense::Eq => yi,
            };
            if yi == 0.0 || !yi.is_finite() {
                continue;
            }
            total += yi * self.rhs[i];
            magnitude += (yi * self.rhs[i]).abs();
            for (c, v) in self.row_terms(i) {
                reduced[c] -= yi * v;
                size[c] += (yi * v).abs();
            }
        }
        for ((c, &r), &sz) in self.cols.iter().zip(&reduced).zip(&size) {
            if r != 0.0 {
                let side = if r > 0.0 { c.lo } else { c.hi };
                if !side.is_finite() {
                    return f64::NEG_INFINITY;
                }
                total += r * side;
            }
            let reach = [c.lo, c.hi]
                .into_iter()
                .filter(|v| v.is_finite())
                .fold(0.0f64, |m, v| m.max(v.abs()));
            magnitude += sz * reach;
        }
        // each term carries a relative rounding error of a few eps and the
        // sums add up to (number of terms) * eps; 1e-9 of the magnitude of
        // everything summed covers it many times over
        total - 1e-9 * magnitude.max(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// min x + 2y s.t. x + y >= 3, x - y = -1, x >= 0, y >= 0: optimum at
    /// x = 1, y = 2, value 5, duals (objective change per unit of
    /// right-hand side) 1.5 and -0.5.
    fn tiny() -> LinearProgram {
        let mut lp = LinearProgram::new();
        let x = lp.bounded(1.0, 0.0, 10.0);
        let y = lp.bounded(2.0, 0.0, 10.0);
        lp.row([(x, 1.0), (y, 1.0)], Sense::Ge, 3.0);
        lp.row([(x, 1.0), (y, -1.0)], Sense::Eq, -1.0);
        lp
    }

    #[test]
    fn solves_and_bounds_a_tiny_lp() {
        let lp = tiny();
        let a = lp.solve(Duration::from_secs(5)).expect("solvable");
        assert!((a.primal - 5.0).abs() < 1e-6);
        assert!((a.x[0] - 1.0).abs() < 1e-6 && (a.x[1] - 2.0).abs() < 1e-6);
        assert!((a.y[0] - 1.5).abs() < 1e-6, "dual {}", a.y[0]);
        assert!((a.y[1] + 0.5).abs() < 1e-6, "dual {}", a.y[1]);
        assert!(a.bound <= 5.0 && a.bound > 5.0 - 1e-5, "bound {}", a.bound);
    }

    #[test]
    fn any_multipliers_give_a_valid_bound() {
        let lp = tiny();
        for y in [
            [0.0, 0.0],
            [1.0, 0.0],
            [3.0, -2.0],
            [1.5, -0.5],
            [-4.0, 7.0],
        ] {
            let b = lp.safe_bound(&y);
            assert!(b <= 5.0, "y {y:?} gives {b}");
        }
        assert!(lp.safe_bound(&[1.5, -0.5]) > 5.0 - 1e-6);
    }

    #[test]
    fn nothing_to_solve_is_no_answer() {
        let mut lp = LinearProgram::new();
        assert!(lp.solve(Duration::from_secs(1)).is_none());
        lp.column(1.0, 0.0, 1.0);
        assert!(lp.solve(Duration::from_secs(1)).is_none());
    }

    #[test]
    fn infinite_box_side_gives_no_bound() {
        let mut lp = LinearProgram::new();
        let x = lp.bounded(1.0, 0.0, f64::INFINITY);
        lp.row([(x, 1.0)], Sense::Ge, 2.0);
        assert_eq!(lp.safe_bound(&[2.0]), f64::NEG_INFINITY);
        assert!((lp.safe_bound(&[1.0]) - 2.0).abs() < 1e-6);
    }
}
