//! The model's variables: the binary start variables, the sink that new
//! continuous variables (with their warm-start values) and rows go to, and
//! the cumulative step variables ("started by", "finished by") built from
//! the start variables.

use good_lp::{Expression, ProblemVariables, Variable, variable};

use crate::model::{ActivityId, Problem};

/// One start variable: activity `j` starts on `day` in `mode`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Start {
    pub(super) mode: usize,
    pub(super) day: u32,
    pub(super) var: Variable,
}

/// Where new variables and rows go.
pub(super) struct Sink<'a> {
    pub(super) variables: &'a mut ProblemVariables,
    pub(super) columns: &'a mut Vec<Variable>,
    pub(super) warm: &'a mut Vec<f64>,
    pub(super) constraints: &'a mut Vec<good_lp::Constraint>,
}

impl Sink<'_> {
    /// Continuous `v[k] = v[k-1] + sum of the x on day k` for the days of
    /// `events` (`(day, x, warm value of x)`): `v` at a day is the sum of the
    /// x on or before it. Returns `(day, v)` ascending.
    pub(super) fn cumulative(
        &mut self,
        mut events: Vec<(u64, Variable, usize)>,
    ) -> Vec<(u64, Variable)> {
        events.sort_by_key(|e| e.0);
        let mut out: Vec<(u64, Variable)> = Vec::new();
        let mut running = 0.0;
        let mut k = 0;
        while k < events.len() {
            let day = events[k].0;
            let v = self.variables.add(variable().min(0.0).max(1.0));
            let mut e = Expression::with_capacity(4);
            e.add_mul(1.0, v);
            if let Some(&(_, prev)) = out.last() {
                e.add_mul(-1.0, prev);
            }
            while k < events.len() && events[k].0 == day {
                e.add_mul(-1.0, events[k].1);
                running += self.warm[events[k].2];
                k += 1;
            }
            self.columns.push(v);
            self.warm.push(running);
            self.constraints.push(e.eq(0.0));
            out.push((day, v));
        }
        out
    }
}

/// The finish day (start + duration) of every start variable of `a`, with
/// the variable and its column, for [`Sink::cumulative`].
pub(super) fn finish_events(
    problem: &Problem,
    starts: &[Vec<(Start, usize)>],
    a: ActivityId,
) -> Vec<(u64, Variable, usize)> {
    starts[a.index()]
        .iter()
        .map(|(s, col)| {
            let d = problem.activity(a).modes[s.mode].duration;
            (u64::from(s.day) + u64::from(d), s.var, *col)
        })
        .collect()
}
