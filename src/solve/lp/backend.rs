//! MILP backends behind cargo features, through good_lp.
//!
//! A [`Milp`] is a solver-neutral model (good_lp variables, objective,
//! constraints, an optional warm start); a [`MilpSolver`] runs it under a
//! time limit and answers honestly with a [`MilpAnswer`]: values only when
//! the solver has an integral point, `Optimal` only when the solver proved
//! it, and a lower bound only when the solver proved one.
//!
//! | backend | feature | integers | time limit | warm start | proven bound |
//! |---|---|---|---|---|---|
//! | [`Microlp`] (pure Rust, branch and bound) | default | yes | yes | yes | best bound |
//! | [`Highs`] (C++, branch and cut) | `highs` | yes | yes | yes | `mip_dual_bound` |
//!
//! Clarabel (the other default solver) has no integer variables and is used
//! by the LP relaxation only.
//!
//! [`best`] picks HiGHS when it is compiled in, microlp otherwise; each
//! backend states the largest model it is given ([`MilpSolver::max_binaries`],
//! measured on PSPLIB j30 and generated plans, see [`super::exact`]).

use std::time::Duration;

use good_lp::{Constraint, Expression, ProblemVariables, Variable};

/// A minimisation MILP ready for any backend.
pub(crate) struct Milp {
    /// Every variable.
    pub variables: ProblemVariables,
    /// Every variable again, in creation order (column `i` is `columns[i]`).
    pub columns: Vec<Variable>,
    /// Minimised.
    pub objective: Expression,
    /// All constraints.
    pub constraints: Vec<Constraint>,
    /// A feasible point, one value per column, when one is known.
    pub warm_start: Option<Vec<f64>>,
    /// Points with a larger objective are of no interest: a backend may
    /// prune them (and then report `Infeasible` when no other point exists).
    pub cutoff: Option<f64>,
}

/// How a backend run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MilpStatus {
    /// The solver proved `values` optimal.
    Optimal,
    /// `values` is feasible; optimality is not proven.
    Feasible,
    /// The solver proved the model has no integral point (with a
    /// [`Milp::cutoff`]: none at or below it).
    Infeasible,
    /// No integral point (time limit before the first one, or a solver error).
    Unknown,
}

/// What a backend answers.
#[derive(Clone, Debug)]
pub(crate) struct MilpAnswer {
    /// See [`MilpStatus`].
    pub status: MilpStatus,
    /// One value per column when `status` is `Optimal` or `Feasible`.
    pub values: Option<Vec<f64>>,
    /// A lower bound on the model's optimum proven by the solver, if any.
    pub bound: Option<f64>,
    /// The objective value the solver claims for `values`.
    pub objective: Option<f64>,
}

impl MilpAnswer {
    fn nothing(status: MilpStatus) -> Self {
        Self {
            status,
            values: None,
            bound: None,
            objective: None,
        }
    }
}

/// A MILP solver: the abilities the exact mode needs, all optional in
/// good_lp (`WithTimeLimit`, `WithInitialSolution`, `WithMipGap`), here
/// required.
pub(crate) trait MilpSolver: Sync {
    /// Short name (`microlp`, `highs`).
    fn name(&self) -> &'static str;
    /// The largest model (binary variables) worth giving this solver.
    fn max_binaries(&self) -> usize;
    /// The longest run worth giving this solver (its proofs come quickly or
    /// not at all), whatever the time limit.
    fn max_time(&self) -> Duration {
        Duration::MAX
    }
    /// The share of the time limit the heuristics get when this solver can
    /// take the problem's model (the rest is the MILP's); 1 leaves the
    /// heuristics all the time they want and the MILP what remains.
    fn heuristic_share(&self) -> f64 {
        1.0
    }
    /// Solves `milp` to optimality (relative gap 0), stopping after `time_limit`.
    fn solve(&self, milp: Milp, time_limit: Duration) -> MilpAnswer;
}

/// The best MILP solver compiled in: HiGHS with the `highs` feature,
/// microlp otherwise.
pub(crate) fn best() -> &'static dyn MilpSolver {
    #[cfg(feature = "highs")]
    {
        &Highs
    }
    #[cfg(not(feature = "highs"))]
    {
        &Microlp
    }
}

/// microlp: pure-Rust simplex with branch and bound. Slow on time-indexed
/// models beyond a few hundred binaries, but it keeps the warm start, honours
/// its time limit and reports its best bound. (With `highs` only the tests
/// use it.)
#[cfg_attr(feature = "highs", allow(dead_code))]
pub(crate) struct Microlp;

/// Binaries above which microlp is not tried (measured: see [`super::exact`]).
#[cfg_attr(feature = "highs", allow(dead_code))]
pub(crate) const MICROLP_MAX_BINARIES: usize = 600;

/// The longest microlp run (measured: see [`super::exact`]).
#[cfg_attr(feature = "highs", allow(dead_code))]
pub(crate) const MICROLP_MAX_TIME: Duration = Duration::from_secs(2);

impl MilpSolver for Microlp {
    fn name(&self) -> &'static str {
        "microlp"
    }

    fn max_binaries(&self) -> usize {
        MICROLP_MAX_BINARIES
    }

    fn max_time(&self) -> Duration {
        MICROLP_MAX_TIME
    }

    fn solve(&self, milp: Milp, time_limit: Duration) -> MilpAnswer {
        use good_lp::{
            ResolutionError, Solution, SolutionStatus, SolverModel, WithInitialSolution,
            WithMipGap, WithTimeLimit,
        };
        let Milp {
            variables,
            columns,
            objective,
            constraints,
            warm_start,
            cutoff: _,
        } = milp;
        let mut model = variables
            .minimise(objective)
            .using(good_lp::microlp)
            .with_time_limit(time_limit.as_secs_f64());
        model = match model.with_mip_gap(0.0) {
            Ok(m) => m,
            Err(_) => return MilpAnswer::nothing(MilpStatus::Unknown),
        };
        if let Some(values) = warm_start {
            model = model.with_initial_solution(columns.iter().copied().zip(values));
        }
        for c in constraints {
            model.add_constraint(c);
        }
        match model.solve() {
            Ok(solution) => {
                let status = match solution.status() {
                    SolutionStatus::Optimal => MilpStatus::Optimal,
                    SolutionStatus::TimeLimit | SolutionStatus::GapLimit => MilpStatus::Feasible,
                };
                let values = columns.iter().map(|&v| solution.value(v)).collect();
                let inner = solution.into_inner();
                MilpAnswer {
                    status,
                    values: Some(values),
                    bound: inner.stats().best_bound.filter(|b| b.is_finite()),
                    objective: Some(inner.objective()),
                }
            }
            Err(ResolutionError::Infeasible) => MilpAnswer::nothing(MilpStatus::Infeasible),
            Err(_) => MilpAnswer::nothing(MilpStatus::Unknown),
        }
    }
}

/// HiGHS: branch and cut with presolve. The model is built through good_lp
/// and solved through the `highs` crate directly, which gives what good_lp
/// hides: the MIP dual bound after a time limit.
#[cfg(feature = "highs")]
pub(crate) struct Highs;

/// Binaries above which HiGHS is not tried (measured: see [`super::exact`]).
#[cfg(feature = "highs")]
pub(crate) const HIGHS_MAX_BINARIES: usize = 60_000;

/// The heuristics' share of the time when HiGHS can take the model: they
/// reach the optimum of most small instances early (PSPLIB j30: all but a
/// few in a fraction of a second), and HiGHS needs the rest for its proof.
#[cfg(feature = "highs")]
pub(crate) const HIGHS_HEURISTIC_SHARE: f64 = 0.3;

#[cfg(feature = "highs")]
impl MilpSolver for Highs {
    fn name(&self) -> &'static str {
        "highs"
    }

    fn max_binaries(&self) -> usize {
        HIGHS_MAX_BINARIES
    }

    fn heuristic_share(&self) -> f64 {
        HIGHS_HEURISTIC_SHARE
    }

    fn solve(&self, milp: Milp, time_limit: Duration) -> MilpAnswer {
        use good_lp::SolverModel;
        use highs::{HighsModelStatus, HighsSolutionStatus};
        let Milp {
            variables,
            columns,
            objective,
            constraints,
            warm_start,
            cutoff,
        } = milp;
        let mut problem = variables.minimise(objective).using(good_lp::highs);
        for c in constraints {
            problem.add_constraint(c);
        }
        let Ok(mut model) = problem.try_into_inner() else {
            return MilpAnswer::nothing(MilpStatus::Unknown);
        };
        let options_set = model
            .try_set_option("time_limit", time_limit.as_secs_f64())
            .and_then(|()| model.try_set_option("mip_rel_gap", 0.0))
            .and_then(|()| model.try_set_option("mip_abs_gap", 1e-9))
            .and_then(|()| match cutoff {
                Some(c) => model.try_set_option("objective_bound", c),
                None => Ok(()),
            });
        if options_set.is_err() {
            return MilpAnswer::nothing(MilpStatus::Unknown);
        }
        // No warm start: with a MIP start that presolve maps into a reduced
        // model, HiGHS 1.16 lost the objective offset and declared the start
        // optimal (objective 29 claimed optimal, true optimum 20: found by the
        // oracle test in `exact`). The incumbent is rarely a point of the
        // "better by 1" model anyway.
        drop(warm_start);
        let Ok(solved) = model.try_solve() else {
            return MilpAnswer::nothing(MilpStatus::Unknown);
        };
        let bound = solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite());
        let status = match solved.status() {
            HighsModelStatus::Infeasible => return MilpAnswer::nothing(MilpStatus::Infeasible),
            HighsModelStatus::Optimal if solved.mip_gap() <= 1e-9 => MilpStatus::Optimal,
            _ => MilpStatus::Feasible,
        };
        if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
            return MilpAnswer {
                status: MilpStatus::Unknown,
                values: None,
                bound,
                objective: None,
            };
        }
        // With `objective_bound` HiGHS prunes every node above it, and when
        // the tree runs out it reports "optimal" for whatever point it kept,
        // even one above the bound (seen on a 30-task plan: "optimal" 10,048
        // with the bound at 8,544, the true optimum 8,545). That only proves
        // there is no point at or below the bound.
        if let (HighsModelStatus::Optimal, Some(c)) = (solved.status(), cutoff)
            && solved.objective_value() > c + 1e-6 * c.abs().max(1.0)
        {
            return MilpAnswer::nothing(MilpStatus::Infeasible);
        }
        let values = solved.get_solution().columns().to_vec();
        if values.len() != columns.len() {
            return MilpAnswer::nothing(MilpStatus::Unknown);
        }
        MilpAnswer {
            status,
            values: Some(values),
            bound,
            objective: Some(solved.objective_value()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use good_lp::{constraint, variable, variables};

    /// max x + y over a knapsack, as a minimisation; optimum -3 at (1, 2).
    fn small() -> (Milp, Vec<Variable>) {
        let mut vars = variables!();
        let x = vars.add(variable().integer().clamp(0, 2));
        let y = vars.add(variable().integer().clamp(0, 3));
        let milp = Milp {
            variables: vars,
            columns: vec![x, y],
            objective: -x - y,
            constraints: vec![constraint!(2 * x + y <= 4), constraint!(x + 2 * y <= 5)],
            warm_start: Some(vec![0.0, 0.0]),
            cutoff: None,
        };
        (milp, vec![x, y])
    }

    #[test]
    fn best_solver_proves_a_small_optimum() {
        let (milp, _) = small();
        let answer = best().solve(milp, Duration::from_secs(5));
        assert_eq!(answer.status, MilpStatus::Optimal);
        let v = answer.values.expect("values");
        assert_eq!((v[0].round(), v[1].round()), (1.0, 2.0));
        if let Some(b) = answer.bound {
            assert!(b <= -3.0 + 1e-6, "bound {b}");
        }
    }

    #[test]
    fn microlp_reports_infeasible() {
        let (mut milp, xs) = small();
        milp.constraints.push(constraint!(xs[0] + xs[1] >= 6));
        milp.warm_start = None;
        let answer = Microlp.solve(milp, Duration::from_secs(5));
        assert_eq!(answer.status, MilpStatus::Infeasible);
        assert!(answer.values.is_none());
    }

    #[cfg(feature = "highs")]
    #[test]
    fn highs_reports_infeasible() {
        let (mut milp, xs) = small();
        milp.constraints.push(constraint!(xs[0] + xs[1] >= 6));
        milp.warm_start = None;
        let answer = Highs.solve(milp, Duration::from_secs(5));
        assert_eq!(answer.status, MilpStatus::Infeasible);
    }
}
