//! Test support shared by the bound and LP tests: a seeded generator of
//! small random problems and a brute-force oracle for their optima.

use crate::graph::Analysis;
use crate::model::{
    Activity, ActivityId, Calendar, Demand, GoalId, Mode, Objective, Pin, Problem, ProblemBuilder,
};

/// splitmix64
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n)) as u32
    }

    /// True with the given percentage.
    pub(crate) fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
}

/// A small random problem: vacations, multi-resource modes, milestones,
/// releases, pins, lags, goal dependencies and any lateness weight in
/// `{0, 0.5, 1, 10, -0.5}`; `None` when the builder rejects it.
pub(crate) fn random_problem(rng: &mut Rng) -> Option<Problem> {
    random_problem_sized(rng, 2, 4, 3)
}

/// [`random_problem`] with `min_tasks .. min_tasks + spread - 1` activities
/// and `1 ..= max_goals` goals.
pub(crate) fn random_problem_sized(
    rng: &mut Rng,
    min_tasks: u32,
    spread: u32,
    max_goals: u32,
) -> Option<Problem> {
    random_problem_shaped(rng, min_tasks, spread, max_goals, false)
}

/// [`random_problem_sized`] whose lags are also leads (negative, down to
/// -4 days) about 40 % of the time.
pub(crate) fn random_problem_with_leads(
    rng: &mut Rng,
    min_tasks: u32,
    spread: u32,
    max_goals: u32,
) -> Option<Problem> {
    random_problem_shaped(rng, min_tasks, spread, max_goals, true)
}

fn random_problem_shaped(
    rng: &mut Rng,
    min_tasks: u32,
    spread: u32,
    max_goals: u32,
    leads: bool,
) -> Option<Problem> {
    let mut b = ProblemBuilder::new();
    let nr = 1 + rng.below(2) as usize;
    let mut base = Vec::new();
    let mut res = Vec::new();
    for r in 0..nr {
        let cap = 1 + rng.below(3);
        let mut cal = Calendar::constant(cap);
        if rng.chance(40) {
            let from = rng.below(4);
            cal.set(from, from + rng.below(3), rng.below(cap));
        }
        base.push(cap);
        res.push(b.resource(format!("r{r}"), cal));
    }
    let ng = 1 + rng.below(max_goals.max(1)) as usize;
    let goals: Vec<GoalId> = (0..ng)
        .map(|g| {
            let due = rng.chance(60).then(|| rng.below(9));
            let p = f64::from(1 + rng.below(4)) / 2.0;
            b.goal(format!("g{g}"), p, due)
        })
        .collect();
    for g in 1..ng {
        if rng.chance(30) {
            let h = rng.below(g as u32) as usize;
            b.goal_dependency(goals[g], goals[h]);
        }
    }
    let n = (min_tasks + rng.below(spread.max(1))) as usize;
    let mut ids = Vec::new();
    for j in 0..n {
        let nm = 1 + rng.below(2);
        let modes: Vec<Mode> = (0..nm)
            .map(|_| {
                let duration = if rng.chance(10) { 0 } else { 1 + rng.below(3) };
                let mut demands = Vec::new();
                for r in 0..nr {
                    if demands.is_empty() || rng.chance(40) {
                        let amount = if rng.chance(10) {
                            0
                        } else {
                            1 + rng.below(base[r])
                        };
                        demands.push(Demand {
                            resource: res[r],
                            amount,
                        });
                    }
                }
                Mode { duration, demands }
            })
            .collect();
        let goal = (!rng.chance(15)).then(|| goals[rng.below(ng as u32) as usize]);
        let release = if rng.chance(30) { rng.below(4) } else { 0 };
        let pin = rng.chance(8).then(|| Pin {
            start: rng.below(5),
            mode: rng.below(nm) as usize,
        });
        ids.push(b.activity(Activity {
            id: format!("a{j}"),
            name: None,
            goal,
            release,
            modes,
            spec: None,
            pin,
        }));
    }
    for j in 1..n {
        for i in 0..j {
            if rng.chance(25) {
                let lag = if rng.chance(30) {
                    1 + rng.below(2) as i32
                } else if leads && rng.chance(60) {
                    -1 - rng.below(4) as i32
                } else {
                    0
                };
                b.precedence(ids[i], ids[j], lag);
            }
        }
    }
    let w = [0.0, 0.5, 1.0, 10.0, -0.5][rng.below(5) as usize];
    b.objective(Objective::Weighted { lateness_weight: w });
    b.build().ok()
}

/// A random problem ([`random_problem_sized`]) with its lateness weight
/// and the optimum of its weighted objective; `None` when the builder
/// rejects it or no schedule exists within the horizon.
pub(crate) fn weighted_case(
    rng: &mut Rng,
    min_tasks: u32,
    spread: u32,
    max_goals: u32,
) -> Option<(Problem, f64, f64)> {
    with_weighted_optimum(random_problem_sized(rng, min_tasks, spread, max_goals)?)
}

/// [`weighted_case`] of a problem with leads ([`random_problem_with_leads`]).
pub(crate) fn weighted_lead_case(
    rng: &mut Rng,
    min_tasks: u32,
    spread: u32,
    max_goals: u32,
) -> Option<(Problem, f64, f64)> {
    with_weighted_optimum(random_problem_with_leads(
        rng, min_tasks, spread, max_goals,
    )?)
}

/// The problem with its lateness weight and weighted optimum.
fn with_weighted_optimum(p: Problem) -> Option<(Problem, f64, f64)> {
    let Objective::Weighted { lateness_weight: w } = p.objective() else {
        return None;
    };
    let weighted = |f: &[u32]| crate::schedule::weighted_objective(&p, &goal_finishes(&p, f), w);
    let opt = optimum(&p, &weighted)?;
    Some((p, w, opt))
}

/// The optimum of `cost` by exhaustive search over modes and start days
/// `0..=horizon` with branch and bound, under the checker's rules: daily
/// capacity (pinned work included), releases, and precedences into
/// non-pinned activities; a pinned activity starts on its pin in its mode
/// without waiting for its predecessors (re-planning may pin a started
/// task whose predecessor slipped). `cost` must be non-decreasing in every
/// finish (activities not yet placed are passed as finishing on day 0).
/// `None` when no schedule exists within the horizon.
pub(crate) fn optimum(p: &Problem, cost: &dyn Fn(&[u32]) -> f64) -> Option<f64> {
    let horizon = u32::try_from(p.horizon()).ok()?;
    let days = horizon as usize + 1;
    let mut me = Brute {
        p,
        order: Analysis::new(p).order.iter().map(|a| a.index()).collect(),
        horizon,
        cap: p
            .resources()
            .iter()
            .map(|r| (0..days as u32).map(|d| r.capacity.at(d)).collect())
            .collect(),
        usage: vec![vec![0; days]; p.resources().len()],
        finish: vec![0; p.len()],
        best: f64::INFINITY,
    };
    me.go(0, cost);
    me.best.is_finite().then_some(me.best)
}

/// Per goal, the largest finish of its members (0 without members).
pub(crate) use crate::schedule::goal_finishes_of as goal_finishes;

/// The search state of [`optimum`].
struct Brute<'a> {
    p: &'a Problem,
    order: Vec<usize>,
    horizon: u32,
    cap: Vec<Vec<u32>>,
    usage: Vec<Vec<u32>>,
    finish: Vec<u32>,
    best: f64,
}

impl Brute<'_> {
    fn go(&mut self, k: usize, cost: &dyn Fn(&[u32]) -> f64) {
        if k == self.order.len() {
            self.best = self.best.min(cost(&self.finish));
            return;
        }
        let j = self.order[k];
        let act = &self.p.activities()[j];
        let mut est = act.release;
        for &(i, lag) in self.p.predecessors(ActivityId::from_index(j)) {
            est = est.max(self.finish[i.index()].saturating_add_signed(lag));
        }
        for (mi, mode) in act.modes.iter().enumerate() {
            let (lo, hi) = match act.pin {
                Some(pin) if pin.mode != mi => continue,
                Some(pin) => (pin.start, pin.start),
                None => (est, self.horizon.saturating_sub(mode.duration)),
            };
            for s in lo..=hi {
                let f = s + mode.duration;
                if f > self.horizon {
                    break;
                }
                self.finish[j] = f;
                if cost(&self.finish) >= self.best {
                    break; // later starts cost at least as much
                }
                let fits = mode.demands.iter().all(|d| {
                    let r = d.resource.index();
                    (s..f).all(|t| self.usage[r][t as usize] + d.amount <= self.cap[r][t as usize])
                });
                if fits {
                    self.place(mode, s, true);
                    self.go(k + 1, cost);
                    self.place(mode, s, false);
                }
            }
            self.finish[j] = 0;
        }
    }

    fn place(&mut self, mode: &Mode, s: u32, add: bool) {
        for d in &mode.demands {
            for t in s..s + mode.duration {
                let u = &mut self.usage[d.resource.index()][t as usize];
                if add {
                    *u += d.amount;
                } else {
                    *u -= d.amount;
                }
            }
        }
    }
}

/// True when `list` holds every activity once and puts every predecessor
/// before its successors.
pub(crate) fn precedence_feasible(p: &Problem, list: &[ActivityId]) -> bool {
    let mut pos = vec![usize::MAX; p.len()];
    for (k, a) in list.iter().enumerate() {
        pos[a.index()] = k;
    }
    list.len() == p.len()
        && pos.iter().all(|&k| k != usize::MAX)
        && p.precedences()
            .iter()
            .all(|e| pos[e.from.index()] < pos[e.to.index()])
}

/// The re-planning tests' plan (replan, warm start, session):
/// backend (2 people): a (4 pd, 1-2 people) -> b (2 pd); web (1): c (3 pd).
pub(crate) fn small_plan() -> (Problem, [ActivityId; 3]) {
    let mut b = crate::model::ProblemBuilder::new();
    let backend = b.resource("backend", crate::model::Calendar::constant(2));
    let web = b.resource("web", crate::model::Calendar::constant(1));
    let g = b.goal("g", 2.0, None);
    let h = b.goal("h", 1.0, Some(2));
    let a = b.plan_task("a", Some(g), &[(backend, 4.0)], 1, 2, 0);
    let c = b.plan_task("b", Some(g), &[(backend, 2.0)], 1, 1, 0);
    let d = b.plan_task("c", Some(h), &[(web, 3.0)], 1, 1, 0);
    b.precedence(a, c, 1);
    (b.build().unwrap(), [a, c, d])
}

/// One person, four 2-day goals listed in a row, g3's priority raised to 50
/// (the others 1): the warm searches' "raised priority" plan. Returns the
/// problem and its tasks `t0..t3`.
pub(crate) fn raised_priority_plan() -> (Problem, Vec<ActivityId>) {
    let mut b = crate::model::ProblemBuilder::new();
    let t = b.resource("t", crate::model::Calendar::constant(1));
    let goals: Vec<_> = (0..4)
        .map(|k| b.goal(format!("g{k}"), if k == 3 { 50.0 } else { 1.0 }, None))
        .collect();
    let tasks: Vec<_> = goals
        .iter()
        .enumerate()
        .map(|(k, &g)| b.plan_task(format!("t{k}"), Some(g), &[(t, 2.0)], 1, 1, 0))
        .collect();
    let p = b.build().unwrap();
    (p, tasks)
}
