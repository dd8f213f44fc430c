//! `summary.json`: the objective, its proven lower bound, the gap, and how
//! the schedule uses the teams.

use serde::{Serialize, Serializer};

use crate::error::OutputError;
use crate::graph::Analysis;
use crate::model::{Objective, Problem};
use crate::schedule::{ReplanSummary, goal_rows, utilisation};
use crate::solve::forecast::Forecast;
use crate::solve::{BottleneckEffect, Solution};

/// The contents of `summary.json`.
///
/// Numbers are tidied before printing: values within `1e-9` (relative) of an
/// integer print as integers (`36`, not `36.000000000000004`), others with at
/// most 12 significant digits.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// The objective of the schedule (FORMAT.md; the makespan for PSPLIB).
    #[serde(serialize_with = "tidy")]
    pub objective: f64,
    /// The best proven lower bound, never above the objective.
    #[serde(serialize_with = "tidy")]
    pub lower_bound: f64,
    /// `(objective - lower_bound) / objective` (0 when the objective is 0).
    #[serde(serialize_with = "tidy")]
    pub gap: f64,
    /// The largest finish.
    pub makespan: u32,
    /// `optimal` or `feasible`.
    pub status: &'static str,
    /// Wall-clock seconds of the solve.
    #[serde(serialize_with = "tidy")]
    pub seconds: f64,
    /// `weighted` or `makespan`.
    pub objective_kind: &'static str,
    /// The lateness weight of a weighted objective (`null` for makespan).
    #[serde(serialize_with = "tidy_option")]
    pub lateness_weight: Option<f64>,
    /// Each proven lower bound.
    pub bounds: BoundsSummary,
    /// Per-team utilisation over days `0..makespan`, in team order.
    pub utilisation: Vec<UtilisationSummary>,
    /// Number of tasks (activities).
    pub tasks: usize,
    /// Number of goals.
    pub goals: usize,
    /// Number of goals finishing after their due day.
    pub late_goals: usize,
    /// Task ids of one critical path of the precedence graph (CPM with the
    /// shortest modes, capacities ignored), from a source to a sink.
    pub critical_path: Vec<String>,
    /// The date of day 0, when a start date was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Team periods where one more person would improve the objective most
    /// (LP duals), most valuable first; empty when no LP was solved.
    pub bottlenecks: Vec<BottleneckSummary>,
    /// Goal ids in the best goal order the search found, first rank first
    /// (left out when it used none): `tandem replan --baseline` starts from
    /// it when this file sits beside the baseline's `schedule.csv`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub goal_order: Vec<String>,
    /// What a re-plan changed and what it bought (left out of a first plan).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replan: Option<ReplanSummary>,
    /// What one more person on each of the top bottlenecks does, measured
    /// by a re-solve ([`bottleneck_effects`](crate::solve::bottleneck_effects));
    /// left out when none was measured.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bottleneck_effects: Vec<EffectSummary>,
    /// The forecast under ranged efforts (left out when none was made).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<ForecastSummary>,
}

/// `summary.json`'s `forecast`: the plan run as a policy in sampled
/// scenarios (see [`crate::solve::forecast`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ForecastSummary {
    /// Scenarios simulated.
    pub samples: usize,
    /// Their seed.
    pub seed: u64,
    /// The plan's objective at the most likely efforts.
    #[serde(serialize_with = "tidy")]
    pub objective_plan: f64,
    /// Mean objective over the scenarios.
    #[serde(serialize_with = "tidy")]
    pub objective_mean: f64,
    /// 90th percentile of the objective.
    #[serde(serialize_with = "tidy")]
    pub objective_p90: f64,
    /// True when tasks may start before their planned day in the scenarios
    /// (the schedule is its own serial schedule; see FORMAT.md).
    pub reproduces_plan: bool,
    /// Per goal, in `goals.csv` order: as the rows of `forecast.csv`.
    pub goals: Vec<GoalForecastSummary>,
}

/// One goal of `summary.json`'s `forecast`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalForecastSummary {
    /// Goal id.
    pub goal: String,
    /// Due day (`null` without one).
    pub due: Option<u32>,
    /// Finish in the plan.
    pub plan: u32,
    /// 10th percentile of the finish.
    pub p10: u32,
    /// Median finish.
    pub p50: u32,
    /// 90th percentile of the finish.
    pub p90: u32,
    /// Mean finish.
    #[serde(serialize_with = "tidy")]
    pub mean: f64,
    /// Share of scenarios finishing by the due day (`null` without one).
    #[serde(serialize_with = "tidy_option")]
    pub on_time: Option<f64>,
    /// Dates of `due`, `p10`, `p50` and `p90`, when a start date was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dates: Option<ForecastDates>,
}

/// The dates of a goal's forecast (finish days as in `goals.csv`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ForecastDates {
    /// Due date (`null` without a due day).
    pub due: Option<String>,
    /// Date of P10.
    pub p10: String,
    /// Date of P50.
    pub p50: String,
    /// Date of P90.
    pub p90: String,
}

impl ForecastSummary {
    /// The summary of `forecast`, a forecast of `problem`'s plan.
    pub fn new(problem: &Problem, forecast: &Forecast) -> Self {
        let work_days = problem.work_days();
        Self {
            samples: forecast.samples,
            seed: forecast.seed,
            objective_plan: forecast.objective_plan,
            objective_mean: forecast.objective_mean,
            objective_p90: forecast.objective_p90,
            reproduces_plan: forecast.reproduces_plan,
            goals: forecast
                .goals
                .iter()
                .map(|g| GoalForecastSummary {
                    goal: problem.goal(g.goal).id.clone(),
                    due: g.due,
                    plan: g.plan,
                    p10: g.p10,
                    p50: g.p50,
                    p90: g.p90,
                    mean: (g.mean * 100.0).round() / 100.0,
                    on_time: g.on_time.map(|x| (x * 10_000.0).round() / 10_000.0),
                    dates: work_days.map(|wd| ForecastDates {
                        due: g.due.map(|d| wd.date_of(d).to_string()),
                        p10: wd.date_of(g.p10).to_string(),
                        p50: wd.date_of(g.p50).to_string(),
                        p90: wd.date_of(g.p90).to_string(),
                    }),
                })
                .collect(),
        }
    }
}

/// One entry of `summary.json`'s `bottleneck_effects`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EffectSummary {
    /// Team id.
    pub team: String,
    /// First day of the period with one more person.
    pub from: u32,
    /// Last day of the period (inclusive).
    pub to: u32,
    /// Goals that finish earlier: `{goal, days}`, most days first.
    pub earlier: Vec<GoalDays>,
    /// Goals that finish later (traded for others), most days first.
    pub later: Vec<GoalDays>,
    /// The objective of the schedule.
    #[serde(serialize_with = "tidy")]
    pub objective_before: f64,
    /// The objective with the extra person (never above `objective_before`).
    #[serde(serialize_with = "tidy")]
    pub objective_after: f64,
}

/// A goal and a number of working days.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalDays {
    /// Goal id.
    pub goal: String,
    /// Working days.
    pub days: u32,
}

/// One entry of `summary.json`'s `bottlenecks`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BottleneckSummary {
    /// Team id.
    pub team: String,
    /// First day of the period.
    pub from: u32,
    /// Last day of the period (inclusive).
    pub to: u32,
    /// Dates of `from` and `to`, when a start date was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_date: Option<String>,
    /// See `from_date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_date: Option<String>,
    /// Objective units one more person on every day of the period is worth
    /// (an LP marginal value).
    #[serde(serialize_with = "tidy")]
    pub value: f64,
}

/// The lower bounds of `summary.json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BoundsSummary {
    /// Critical-path bound.
    #[serde(serialize_with = "tidy")]
    pub critical_path: f64,
    /// Energy bound.
    #[serde(serialize_with = "tidy")]
    pub energy: f64,
    /// Goal-sequencing bound (weighted objective; 0 for makespan).
    #[serde(serialize_with = "tidy")]
    pub sequencing: f64,
    /// LP relaxation bound (left out when no LP was solved or it is 0).
    #[serde(
        serialize_with = "tidy_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub lp: Option<f64>,
    /// Lagrangian (min-cut) bound (left out when it was not computed or is 0).
    #[serde(
        serialize_with = "tidy_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub lagrangian: Option<f64>,
    /// Proven lower bound on the makespan (both objectives).
    pub makespan: u32,
}

/// One team's row of `summary.json`'s `utilisation`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UtilisationSummary {
    /// Team id.
    pub team: String,
    /// Person-days used.
    pub used: u64,
    /// Person-days available over `0..makespan`.
    pub available: u64,
    /// `used / available` (0 when nothing is available).
    #[serde(serialize_with = "tidy")]
    pub utilisation: f64,
    /// Most people in use on one day.
    pub peak: u32,
}

impl Summary {
    /// Summarises a solution of a problem.
    pub fn new(problem: &Problem, solution: &Solution) -> Self {
        let schedule = &solution.schedule;
        let makespan = problem
            .activities()
            .iter()
            .zip(schedule.assignments())
            .filter_map(|(a, s)| {
                a.modes
                    .get(s.mode)
                    .map(|m| s.start.saturating_add(m.duration))
            })
            .max()
            .unwrap_or(0);
        let (objective_kind, lateness_weight) = match problem.objective() {
            Objective::Weighted { lateness_weight } => ("weighted", Some(lateness_weight)),
            Objective::Makespan => ("makespan", None),
        };
        let utilisation = utilisation(problem, schedule)
            .into_iter()
            .map(|u| UtilisationSummary {
                team: problem.resource(u.team).id.clone(),
                used: u.used,
                available: u.available,
                utilisation: u.utilisation,
                peak: u.peak,
            })
            .collect();
        let critical_path = Analysis::new(problem)
            .critical_path
            .iter()
            .map(|&a| problem.activity(a).id.clone())
            .collect();
        Self {
            objective: solution.objective,
            lower_bound: solution.lower_bound(),
            gap: solution.gap(),
            makespan,
            status: solution.status.as_str(),
            seconds: solution.seconds,
            objective_kind,
            lateness_weight,
            bounds: BoundsSummary {
                critical_path: solution.bounds.critical_path,
                energy: solution.bounds.energy,
                sequencing: solution.bounds.sequencing,
                lp: (solution.bounds.lp.is_finite() && solution.bounds.lp != 0.0)
                    .then_some(solution.bounds.lp),
                lagrangian: (solution.bounds.lagrangian.is_finite()
                    && solution.bounds.lagrangian != 0.0)
                    .then_some(solution.bounds.lagrangian),
                makespan: solution.bounds.makespan,
            },
            utilisation,
            tasks: problem.len(),
            goals: problem.goals().len(),
            late_goals: goal_rows(problem, schedule)
                .iter()
                .filter(|r| r.late_days > 0)
                .count(),
            critical_path,
            start_date: problem.work_days().map(|wd| wd.start().to_string()),
            bottlenecks: solution
                .bottlenecks
                .iter()
                .map(|b| {
                    let date = |d: u32| problem.work_days().map(|wd| wd.date_of(d).to_string());
                    BottleneckSummary {
                        team: problem.resource(b.team).id.clone(),
                        from: b.from,
                        to: b.to,
                        from_date: date(b.from),
                        to_date: date(b.to),
                        value: b.value,
                    }
                })
                .collect(),
            goal_order: solution
                .goal_order
                .iter()
                .filter_map(|g| problem.goals().get(g.index()))
                .map(|goal| goal.id.clone())
                .collect(),
            replan: None,
            bottleneck_effects: Vec::new(),
            forecast: None,
        }
    }

    /// The same summary with the measured effects of one more person on
    /// the bottlenecks (`effects` of `problem`).
    pub fn with_effects(mut self, problem: &Problem, effects: &[BottleneckEffect]) -> Self {
        let days = |shifts: &[crate::solve::GoalShift]| -> Vec<GoalDays> {
            shifts
                .iter()
                .map(|s| GoalDays {
                    goal: problem.goal(s.goal).id.clone(),
                    days: s.days,
                })
                .collect()
        };
        self.bottleneck_effects = effects
            .iter()
            .map(|e| EffectSummary {
                team: problem.resource(e.bottleneck.team).id.clone(),
                from: e.bottleneck.from,
                to: e.bottleneck.to,
                earlier: days(&e.earlier),
                later: days(&e.later),
                objective_before: e.objective_before,
                objective_after: e.objective_after,
            })
            .collect();
        self
    }

    /// The same summary with a forecast of `problem`'s plan.
    pub fn with_forecast(mut self, problem: &Problem, forecast: &Forecast) -> Self {
        self.forecast = Some(ForecastSummary::new(problem, forecast));
        self
    }

    /// The same summary with a re-plan's section.
    pub fn with_replan(mut self, replan: ReplanSummary) -> Self {
        self.replan = Some(replan);
        self
    }

    /// Pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> Result<String, OutputError> {
        let mut s = serde_json::to_string_pretty(self).map_err(|e| OutputError::Serialize {
            what: "summary.json",
            message: e.to_string(),
        })?;
        s.push('\n');
        Ok(s)
    }
}

/// `x` without floating-point noise: the nearest integer if within `1e-9`
/// (relative), else `x` rounded to 12 significant digits. Non-finite values
/// are returned unchanged.
pub(crate) fn tidy_value(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let r = x.round();
    if (x - r).abs() <= 1e-9 * x.abs().max(1.0) {
        return r;
    }
    format!("{x:.11e}").parse().unwrap_or(x)
}

fn tidy<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    let t = tidy_value(*x);
    // 2^53: every integer below is exact in f64
    if t.fract() == 0.0 && t.abs() < 9_007_199_254_740_992.0 {
        s.serialize_i64(t as i64)
    } else {
        s.serialize_f64(t)
    }
}

fn tidy_option<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => tidy(x, s),
        None => s.serialize_none(),
    }
}
