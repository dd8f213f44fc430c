//! The built model: the MILP written for the start windows (one start per
//! activity, the rows of `steps` and `capacity`, the objective), warm-started
//! from the incumbent, and the map from solver values back to a schedule.

use good_lp::{Expression, ProblemVariables, Variable, variable};

use super::capacity::capacity_rows;
use super::steps::{goal_set_rows, goal_step_rows, stepped_rows};
use super::variables::{Sink, Start};
use super::windows::Windows;
use crate::model::{ActivityId, GoalId, Objective, Problem};
use crate::schedule::{Assignment, Schedule};
use crate::solve::lp::backend::Milp;

/// The built model's map back to schedules.
#[derive(Clone, Debug)]
pub(crate) struct TimeIndexed {
    /// Start variables of every activity (by activity index), with their
    /// column: `starts[j][k].1`.
    starts: Vec<Vec<(Start, usize)>>,
}

impl TimeIndexed {
    /// Writes the MILP for `windows`, warm-started from `incumbent`.
    pub(crate) fn build(
        problem: &Problem,
        windows: &Windows,
        incumbent: &Schedule,
    ) -> (Self, Milp) {
        let mut variables = ProblemVariables::new();
        let mut columns: Vec<Variable> = Vec::with_capacity(windows.binaries + 1);
        let mut warm: Vec<f64> = Vec::with_capacity(windows.binaries + 1);
        let mut warm_ok = incumbent.assignments().len() == problem.len();
        let mut starts: Vec<Vec<(Start, usize)>> = Vec::with_capacity(problem.len());
        for a in problem.activity_ids() {
            let own = warm_ok.then(|| incumbent.get(a));
            let mut list = Vec::new();
            let mut hit = false;
            for (mode, days) in windows.days[a.index()].iter().enumerate() {
                for &day in days {
                    let var = variables.add(variable().binary());
                    let on = own == Some(Assignment { start: day, mode });
                    hit |= on;
                    list.push((Start { mode, day, var }, columns.len()));
                    columns.push(var);
                    warm.push(if on { 1.0 } else { 0.0 });
                }
            }
            warm_ok &= hit;
            starts.push(list);
        }
        let mut constraints = Vec::new();

        // one start per activity
        for list in &starts {
            let mut e = Expression::with_capacity(list.len());
            for (s, _) in list {
                e.add_mul(1.0, s.var);
            }
            constraints.push(e.eq(1.0));
        }

        // precedences
        let mut sink = Sink {
            variables: &mut variables,
            columns: &mut columns,
            warm: &mut warm,
            constraints: &mut constraints,
        };
        let mut finished = stepped_rows(problem, &starts, &mut sink);

        // capacities
        capacity_rows(problem, &starts, &mut constraints);

        // objective
        let finish_expr = |a: ActivityId| {
            let list = &starts[a.index()];
            let mut e = Expression::with_capacity(list.len());
            for (s, _) in list {
                let d = problem.activity(a).modes[s.mode].duration;
                e.add_mul(f64::from(s.day) + f64::from(d), s.var);
            }
            e
        };
        let mut objective = Expression::default();
        match problem.objective() {
            Objective::Makespan => {
                let c = variables.add(variable().min(0.0));
                columns.push(c);
                warm.push(f64::from(incumbent.makespan(problem)));
                objective.add_mul(1.0, c);
                // an activity with a successor through a lag >= 0 finishes
                // by that successor's finish; after a lead it may not
                for a in problem.activity_ids() {
                    if !problem.successors(a).iter().any(|&(_, lag)| lag >= 0) {
                        constraints.push(finish_expr(a).leq(c));
                    }
                }
            }
            Objective::Weighted { lateness_weight: w } => {
                let finishes = incumbent.goal_finishes(problem);
                let mut sink = Sink {
                    variables: &mut variables,
                    columns: &mut columns,
                    warm: &mut warm,
                    constraints: &mut constraints,
                };
                let mut done_by = vec![Vec::new(); problem.goals().len()];
                for (gi, goal) in problem.goals().iter().enumerate() {
                    let g = GoalId::from_index(gi);
                    let members = problem.goal_members(g);
                    if members.is_empty() {
                        continue;
                    }
                    let f = sink.variables.add(variable().min(0.0));
                    sink.columns.push(f);
                    let fin = finishes[gi];
                    sink.warm.push(f64::from(fin));
                    objective.add_mul(goal.priority, f);
                    let terminal: Vec<ActivityId> = members
                        .iter()
                        .copied()
                        .filter(|&a| {
                            !problem
                                .successors(a)
                                .iter()
                                .any(|&(s, lag)| lag >= 0 && problem.activity(s).goal == Some(g))
                        })
                        .collect();
                    for &a in &terminal {
                        sink.constraints.push(finish_expr(a).leq(f));
                    }
                    let l = match goal.due {
                        Some(due) if w > 0.0 => {
                            let l = sink.variables.add(variable().min(0.0));
                            sink.columns.push(l);
                            sink.warm.push(f64::from(fin.saturating_sub(due)));
                            objective.add_mul(w * goal.priority, l);
                            sink.constraints.push((f - f64::from(due)).leq(l));
                            Some((l, due))
                        }
                        _ => None,
                    };
                    done_by[gi] = goal_step_rows(
                        problem,
                        &starts,
                        &mut finished,
                        &terminal,
                        (f, l, fin),
                        &mut sink,
                    );
                }
                goal_set_rows(&windows.goal_sets, &done_by, sink.constraints);
            }
        }
        let milp = Milp {
            variables,
            columns,
            objective,
            constraints,
            warm_start: warm_ok.then_some(warm),
            cutoff: None,
        };
        (Self { starts }, milp)
    }

    /// The schedule in `values` (one per column): for every activity the
    /// start variable above 0.5; `None` unless there is exactly one.
    pub(crate) fn decode(&self, values: &[f64]) -> Option<Schedule> {
        let mut assignments = Vec::with_capacity(self.starts.len());
        for list in &self.starts {
            let mut chosen = None;
            for (s, col) in list {
                if *values.get(*col)? > 0.5 {
                    if chosen.is_some() {
                        return None;
                    }
                    chosen = Some(Assignment {
                        start: s.day,
                        mode: s.mode,
                    });
                }
            }
            assignments.push(chosen?);
        }
        Some(Schedule::new(assignments))
    }
}
