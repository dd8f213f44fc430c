//! Priced mode choice: the serial SGS's alternative to taking the
//! earliest-finishing mode of an activity without a fixed one.
//!
//! # Theoretical
//! Taking the mode that finishes first is myopic on multi-mode plans with
//! a few congested teams: a task that could run on a busy team or on an
//! idle one, or with more people for a shorter time, takes whatever ends
//! soonest *now*, and the capacity it uses on the busy team is missing for
//! the tasks listed after it. Mode-selection heuristics for the multi-mode
//! problem weigh a mode's duration against the scarce resources it uses
//! (Boctor, "Heuristics for scheduling projects with resource restrictions
//! and several resource-duration modes", IJPR 1993; Kolisch & Drexl,
//! "Local search for nonpreemptive multi-mode resource-constrained project
//! scheduling", IIE Transactions 1997). Here each mode `m` of activity `j`
//! gets a price in days,
//!
//! `price(j, m) = weight * sum over demands (r, q) of rho_r^power * q * d_m / c_r`,
//!
//! `q * d_m / c_r` being the days of all of team `r` the mode takes, and
//! `rho_r` the team's congestion relative to the busiest team: its mean
//! demand over the modes of all activities per unit of base capacity
//! `c_r`, divided by the largest such value (so the busiest team has
//! `rho = 1` and an idle team about 0). The SGS then takes the mode with
//! the smallest `finish + price` (ties: least energy, then lowest index).
//! With `weight = 0` it is the earliest-finish rule.
//!
//! The choice only changes which schedules the decoder reaches: every one
//! is feasible and checked as any other.
//!
//! # Practical
//! On weighted plans of 700 activities and more (where the goal-order
//! search, whose decodes choose every mode, does most of the work) the
//! portfolio's workers decode with these prices, alternating weight 3 with
//! power 4 and weight 10 with power 8; smaller plans keep the
//! earliest-finish rule. Measured on generated plans of 1,500 and 2,000
//! tasks (2 threads): 8 % better on average at the default limit, 4.5 % at
//! 10 s; the numbers are at `PRICED_PLAN` and `LARGE_PLAN_PRICES` in
//! [`portfolio`](crate::solve::portfolio).
//!
//! Why the mode choice matters there: on a generated 1,500-task plan,
//! OR-Tools CP-SAT's schedule (195,667 after 150 s) re-decoded by the
//! serial SGS from its activity list gives 194,864 with its modes and
//! 221,059 with the earliest-finish modes.

use std::sync::Arc;

use crate::model::Problem;

/// The price, in days, of every mode of every activity (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct ModePrices {
    /// `days[j][m]`.
    days: Arc<[Vec<f64>]>,
}

impl ModePrices {
    /// The congestion prices of the module docs; `None` when no activity
    /// has two modes (nothing to choose).
    pub(crate) fn congestion(problem: &Problem, weight: f64, power: i32) -> Option<Self> {
        if problem.activities().iter().all(|a| a.modes.len() < 2) {
            return None;
        }
        let nr = problem.resources().len();
        let capacity = |r: usize| f64::from(problem.resources()[r].capacity.base().max(1));
        let mut load = vec![0.0f64; nr];
        for act in problem.activities() {
            let share = 1.0 / act.modes.len() as f64;
            for mode in &act.modes {
                for d in &mode.demands {
                    load[d.resource.index()] +=
                        share * f64::from(d.amount) * f64::from(mode.duration);
                }
            }
        }
        let relative: Vec<f64> = (0..nr).map(|r| load[r] / capacity(r)).collect();
        let busiest = relative.iter().copied().fold(0.0, f64::max);
        if busiest <= 0.0 {
            return None;
        }
        let rho: Vec<f64> = relative.iter().map(|x| (x / busiest).powi(power)).collect();
        let days = problem
            .activities()
            .iter()
            .map(|act| {
                act.modes
                    .iter()
                    .map(|mode| {
                        let used: f64 = mode
                            .demands
                            .iter()
                            .map(|d| {
                                let r = d.resource.index();
                                rho[r] * f64::from(d.amount) * f64::from(mode.duration)
                                    / capacity(r)
                            })
                            .sum();
                        weight * used
                    })
                    .collect()
            })
            .collect();
        Some(Self { days })
    }

    /// The prices of the modes of activity `j`.
    pub(crate) fn of(&self, j: usize) -> &[f64] {
        &self.days[j]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Calendar, Demand, Mode, ProblemBuilder, ResourceId};
    use crate::solve::sgs::Sgs;

    fn mode(duration: u32, team: ResourceId, people: u32) -> Mode {
        Mode {
            duration,
            demands: vec![Demand {
                resource: team,
                amount: people,
            }],
        }
    }

    fn task(b: &mut ProblemBuilder, id: &str, modes: Vec<Mode>) -> crate::model::ActivityId {
        b.activity(Activity {
            id: id.into(),
            name: None,
            goal: None,
            release: 0,
            modes,
            spec: None,
            pin: None,
        })
    }

    /// A busy team (`busy`, 2 people, eight 4-day tasks of 2 people) and an
    /// idle one (`idle`, 2 people); task `x` takes 4 days on `busy` or 5
    /// on `idle`.
    fn two_teams() -> (Problem, crate::model::ActivityId) {
        let mut b = ProblemBuilder::new();
        let busy = b.resource("busy", Calendar::constant(2));
        let idle = b.resource("idle", Calendar::constant(2));
        let x = task(&mut b, "x", vec![mode(4, busy, 2), mode(5, idle, 2)]);
        for k in 0..8 {
            task(&mut b, &format!("b{k}"), vec![mode(4, busy, 2)]);
        }
        (b.build().unwrap(), x)
    }

    #[test]
    fn the_busiest_team_is_priced_in_full_an_idle_one_barely() {
        let (p, x) = two_teams();
        let prices = ModePrices::congestion(&p, 1.0, 4).unwrap();
        // busy: (2*4/2 + 8 * 2*4) / 2 = 34 per unit of capacity, the
        // busiest (rho 1): 2 people for 4 days of a 2-person team, 4 days
        let on_busy = prices.of(x.index())[0];
        assert!((on_busy - 4.0).abs() < 1e-9, "{on_busy}");
        // idle: (2*5/2) / 2 = 2.5 against 34: rho^4 about 3e-5
        let on_idle = prices.of(x.index())[1];
        assert!(on_idle > 0.0 && on_idle < 0.01, "{on_idle}");
        // weight scales linearly
        let double = ModePrices::congestion(&p, 2.0, 4).unwrap();
        assert!((double.of(x.index())[0] - 2.0 * on_busy).abs() < 1e-9);
    }

    #[test]
    fn single_mode_plans_have_nothing_to_price() {
        let mut b = ProblemBuilder::new();
        let team = b.resource("team", Calendar::constant(1));
        task(&mut b, "a", vec![mode(2, team, 1)]);
        let p = b.build().unwrap();
        assert!(ModePrices::congestion(&p, 3.0, 4).is_none());
    }

    #[test]
    fn priced_decodes_move_work_off_the_busy_team_and_stay_feasible() {
        let (p, x) = two_teams();
        let list: Vec<_> = p.activity_ids().collect();
        let mut greedy = Sgs::new(&p);
        greedy.decode(&list, None);
        // earliest finish: x takes the busy team (day 4 against day 5)
        assert_eq!(greedy.schedule().get(x).mode, 0);
        let mut priced = Sgs::new(&p);
        priced.set_prices(ModePrices::congestion(&p, 1.0, 4));
        priced.decode(&list, None);
        let schedule = priced.schedule();
        // finish 5 + ~0 beats finish 4 + 4: the idle team
        assert_eq!(schedule.get(x).mode, 1);
        schedule.check(&p).unwrap();
        // and the busy team's tasks start 4 days earlier
        assert!(schedule.makespan(&p) < greedy.schedule().makespan(&p));
        // weight 0 is the earliest-finish rule
        let mut zero = Sgs::new(&p);
        zero.set_prices(ModePrices::congestion(&p, 0.0, 4));
        zero.decode(&list, None);
        assert_eq!(zero.schedule(), greedy.schedule());
    }
}
