//! What one more person buys: the LP's bottleneck prices turned into goal
//! finishes, by measurement.
//!
//! A [`Bottleneck`] is a team, a day range and an LP dual price: a
//! first-order estimate of how much the relaxation's bound would fall with
//! one more person there. A planner asks something else: *which goals would
//! finish earlier, and by how many days?* [`bottleneck_effects`] answers it
//! for the top [`WHAT_IF_COUNT`] bottlenecks of a solution by doing it: it
//! adds one person to the team on every day of the period (a clone of the
//! problem, [`Problem::set_capacity`]), re-solves through the one solver
//! entry ([`solve_warm`]) warm-started from the current schedule, and
//! compares every goal's finish.
//!
//! # Practical
//! - **Never worse.** The current schedule stays feasible with more
//!   capacity (the crews are derived from the calendar's base capacity,
//!   which the edit keeps), so it is offered as an incumbent
//!   ([`WarmStart::schedules`]) and its order, decoded again with the extra
//!   person, as the first activity list ([`WarmStart::lists`]). The
//!   re-solve's objective is therefore at most the current one.
//! - **Reproducible and bounded.** Each re-solve has the work limit
//!   [`WHAT_IF_WORK`] and no clock ([`SolveOptions::with_work_limit`]), one
//!   thread and seed 0: the same plan and schedule give the same effects on
//!   any machine. The bounds and the LP relaxation are not computed again
//!   (the re-solve is told the trivial bound, 0): only the search runs.
//! - **The best of two.** The current order decoded again with the extra
//!   person ([`Sgs::decode`], the current crews: "the same plan, one more
//!   person") competes with the re-solve; the lower objective is reported
//!   (on a tie, the one that makes no goal later). The re-solve may trade
//!   a goal for a more valuable one: the goals it makes later are
//!   reported too.
//! - **A measurement, not a promise.** The re-solve is a short heuristic
//!   search; a longer one may find more.

use crate::error::EditError;
use crate::model::{Calendar, GoalId, Problem};
use crate::schedule::Schedule;

use super::{
    Bottleneck, LowerBounds, Sgs, Solution, SolveOptions, WarmStart, list_by_keys, solve_warm,
};

/// At most this many bottlenecks (the most valuable) are measured.
pub const WHAT_IF_COUNT: usize = 3;

/// The work limit of each what-if re-solve, in work units (see
/// [`SolveOptions`]): about a tenth of a second of search on a 2,000-task
/// plan.
pub const WHAT_IF_WORK: f64 = 0.1;

/// One goal whose finish moves in a what-if.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalShift {
    /// The goal.
    pub goal: GoalId,
    /// Working days it moves (always > 0; see [`BottleneckEffect`] for the
    /// direction).
    pub days: u32,
}

/// What one more person on a bottleneck does to the plan, measured by a
/// re-solve.
#[derive(Clone, Debug, PartialEq)]
pub struct BottleneckEffect {
    /// The bottleneck: team, days and LP price.
    pub bottleneck: Bottleneck,
    /// Goals that finish earlier, most days first (ties by goal index).
    pub earlier: Vec<GoalShift>,
    /// Goals that finish later (traded for others), most days first.
    pub later: Vec<GoalShift>,
    /// The objective of the current schedule.
    pub objective_before: f64,
    /// The objective with the extra person: never above `objective_before`
    /// (the current schedule competes in the re-solve).
    pub objective_after: f64,
    /// The makespan of the current schedule.
    pub makespan_before: u32,
    /// The makespan with the extra person.
    pub makespan_after: u32,
}

/// `calendar` with one more person on every day of `from..=to`.
pub fn one_more_person(calendar: &Calendar, from: u32, to: u32) -> Calendar {
    let mut out = calendar.clone();
    let steps = calendar.steps();
    for (i, &(day, people)) in steps.iter().enumerate() {
        let end = steps
            .get(i + 1)
            .map_or(Calendar::UNTIL_FURTHER_NOTICE, |s| s.0.saturating_sub(1));
        let (lo, hi) = (day.max(from), end.min(to));
        if lo <= hi {
            out.set(lo, hi, people.saturating_add(1));
        }
    }
    out
}

/// `problem` with one more person in `bottleneck`'s team on each of its days.
///
/// Refused ([`EditError`]) only as [`Problem::set_capacity`] refuses.
pub fn with_one_more_person(
    problem: &Problem,
    bottleneck: &Bottleneck,
) -> Result<Problem, EditError> {
    let mut edited = problem.clone();
    let calendar = &problem.resources()[bottleneck.team.index()].capacity;
    edited.set_capacity(
        bottleneck.team,
        one_more_person(calendar, bottleneck.from, bottleneck.to),
    )?;
    Ok(edited)
}

/// The effect of one more person on each of the first [`WHAT_IF_COUNT`]
/// bottlenecks of `solution` (a solution of `problem`), in the same order.
/// Each is one re-solve with the work limit [`WHAT_IF_WORK`] (see the
/// module docs). Empty when the solution names no bottleneck. With `time`,
/// a wall-clock budget for all of them: each re-solve also stops at its
/// end and none starts after it (then fewer effects come back, and they
/// may depend on the machine); `None`: no clock, reproducible.
///
/// ```
/// use tandem::solve::bottleneck_effects;
/// use tandem::{Calendar, ProblemBuilder, SolveOptions, solve};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ProblemBuilder::new();
/// let backend = b.resource("backend", Calendar::constant(1));
/// for (i, due) in [3, 6, 9].into_iter().enumerate() {
///     let g = b.goal(format!("g{i}"), 1.0, Some(due));
///     b.plan_task(format!("t{i}"), Some(g), &[(backend, 6.0)], 1, 2, 0);
/// }
/// let problem = b.build()?;
/// let solution = solve(&problem, &SolveOptions::default().with_work_limit(0.5)?);
/// for effect in bottleneck_effects(&problem, &solution, None)? {
///     assert!(effect.objective_after <= effect.objective_before);
///     assert!(effect.earlier.iter().all(|s| s.days > 0));
/// }
/// # Ok(()) }
/// ```
pub fn bottleneck_effects(
    problem: &Problem,
    solution: &Solution,
    time: Option<std::time::Duration>,
) -> Result<Vec<BottleneckEffect>, EditError> {
    let deadline = time.map(|t| super::after(std::time::Instant::now(), t));
    let current = &solution.schedule;
    let finishes = current.goal_finishes(problem);
    let makespan_before = current.makespan(problem);
    let objective_before = current.objective(problem);
    // the current order, precedence-feasible (ties at a start by index)
    let starts: Vec<i64> = problem
        .activity_ids()
        .map(|a| i64::from(current.start(a)))
        .collect();
    let list = list_by_keys(problem, &starts);
    let modes: Vec<usize> = current.assignments().iter().map(|a| a.mode).collect();
    let options = what_if_options();
    let mut effects = Vec::new();
    for bottleneck in solution.bottlenecks.iter().take(WHAT_IF_COUNT) {
        // with a wall-clock budget: each re-solve stops at the deadline, and
        // none starts after it
        let options = match deadline {
            Some(d) if std::time::Instant::now() >= d => break,
            Some(d) => options
                .clone()
                .with_time_limit(d.saturating_duration_since(std::time::Instant::now())),
            None => options.clone(),
        };
        effects.push({
            let edited = with_one_more_person(problem, bottleneck)?;
            let warm = WarmStart {
                lists: vec![list.clone()],
                schedules: vec![current.clone()],
                bounds: Some((trivial_bounds(), None)),
                baseline: None,
            };
            let searched = solve_warm(&edited, &options, &warm).schedule;
            let mut sgs = Sgs::new(&edited);
            sgs.decode(&list, Some(&modes));
            let kept = sgs.schedule();
            let after = clearest(&edited, &finishes, [searched, kept]);
            effect(
                &edited,
                bottleneck,
                &finishes,
                &after,
                (objective_before, makespan_before),
            )
        });
    }
    Ok(effects)
}

/// Of `[searched, kept]`, the one with the lower objective; on a tie the
/// one that makes no goal finish later than `finishes` (else `searched`,
/// which the solver checked; `kept` only when it passes the checker too).
fn clearest(edited: &Problem, finishes: &[u32], [searched, kept]: [Schedule; 2]) -> Schedule {
    if kept.check(edited).is_err() {
        return searched;
    }
    let key = |s: &Schedule| {
        let later = s
            .goal_finishes(edited)
            .iter()
            .zip(finishes)
            .any(|(new, old)| new > old);
        (s.objective(edited), later)
    };
    let (a, b) = (key(&searched), key(&kept));
    if b.0 < a.0 || (b.0 == a.0 && a.1 && !b.1) {
        kept
    } else {
        searched
    }
}

/// One thread, seed 0, [`WHAT_IF_WORK`] and no clock.
fn what_if_options() -> SolveOptions {
    let options = SolveOptions::default();
    options
        .clone()
        .with_work_limit(WHAT_IF_WORK)
        .unwrap_or(options)
}

/// Bounds that prove nothing (0; `-inf` for the LP and MILP, not run): the
/// what-if re-solve only searches.
fn trivial_bounds() -> LowerBounds {
    LowerBounds {
        lp: f64::NEG_INFINITY,
        milp: f64::NEG_INFINITY,
        ..LowerBounds::default()
    }
}

/// Compares `after` (a schedule of `edited`) with the current goal
/// finishes, objective and makespan.
fn effect(
    edited: &Problem,
    bottleneck: &Bottleneck,
    finishes: &[u32],
    after: &Schedule,
    (objective_before, makespan_before): (f64, u32),
) -> BottleneckEffect {
    let new = after.goal_finishes(edited);
    let mut earlier = Vec::new();
    let mut later = Vec::new();
    for (g, (&old, &new)) in finishes.iter().zip(&new).enumerate() {
        let goal = GoalId::from_index(g);
        if new < old {
            earlier.push(GoalShift {
                goal,
                days: old - new,
            });
        } else if new > old {
            later.push(GoalShift {
                goal,
                days: new - old,
            });
        }
    }
    for shifts in [&mut earlier, &mut later] {
        shifts.sort_by(|a, b| b.days.cmp(&a.days).then(a.goal.cmp(&b.goal)));
    }
    BottleneckEffect {
        bottleneck: bottleneck.clone(),
        earlier,
        later,
        objective_before,
        objective_after: after.objective(edited),
        makespan_before,
        makespan_after: after.makespan(edited),
    }
}

#[cfg(test)]
mod tests;
