//! Exact mode end to end: `solve` against a branch-and-bound oracle on small
//! random plans (status and bound honest, the MILP proves what the bounds
//! cannot), and with `--features highs` the PSPLIB fixtures solved to their
//! proven optima by `tandem solve`.

use std::time::Duration;

use tandem::{
    ActivityId, Analysis, Assignment, Calendar, GoalId, Mode, Objective, Problem, ProblemBuilder,
    Schedule, SolveOptions, Status, solve, weighted_objective,
};

/// A small random plan: 1-2 teams (one may have a vacation), 2-3 goals with
/// priorities and due days, tasks of 1-5 person-days with alternative teams
/// and crews of 1-2, releases, lagged dependencies to earlier tasks.
fn small_plan(seed: u64, tasks: usize, makespan: bool) -> Problem {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut rnd = move |n: u64| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s % n.max(1)
    };
    let mut b = ProblemBuilder::new();
    let teams: Vec<_> = (0..1 + rnd(2))
        .map(|t| {
            let base = 1 + rnd(2) as u32;
            let mut cal = Calendar::constant(base);
            if rnd(3) == 0 {
                let from = rnd(8) as u32;
                cal.set(from, from + rnd(3) as u32, base - 1);
            }
            b.resource(format!("team{t}"), cal)
        })
        .collect();
    let goals: Vec<_> = (0..2 + rnd(2))
        .map(|g| {
            let due = (rnd(2) == 0).then(|| 2 + rnd(10) as u32);
            b.goal(format!("g{g}"), 1.0 + rnd(5) as f64, due)
        })
        .collect();
    let mut ids: Vec<ActivityId> = Vec::new();
    for t in 0..tasks {
        let mut efforts = vec![(teams[t % teams.len()], 1.0 + rnd(5) as f64)];
        if teams.len() > 1 && rnd(3) == 0 {
            efforts.push((teams[(t + 1) % teams.len()], 1.0 + rnd(5) as f64));
        }
        let release = if rnd(6) == 0 { rnd(5) as u32 } else { 0 };
        let goal = goals[rnd(goals.len() as u64) as usize];
        let max = 1 + rnd(2) as u32;
        let id = b.plan_task(format!("t{t}"), Some(goal), &efforts, 1, max, release);
        if t > 0 && rnd(3) > 0 {
            let p = ids[rnd(t as u64) as usize];
            b.precedence(p, id, if rnd(4) == 0 { 1 + rnd(2) as u32 } else { 0 });
        }
        ids.push(id);
    }
    if makespan {
        b.objective(Objective::Makespan);
    }
    b.build().expect("small plans are valid")
}

/// The optimum by branch and bound over active schedules: every
/// precedence-feasible list and mode choice, decoded by a serial schedule
/// generation scheme (earliest capacity-feasible start); lists whose starts
/// decrease are pruned (the list of an active schedule sorted by start
/// reproduces it), and so are partial schedules whose critical-path bound
/// is not below the best found.
fn oracle(p: &Problem) -> f64 {
    let mut search = Oracle {
        p,
        order: Analysis::new(p).order,
        start: vec![None; p.len()],
        usage: vec![Vec::new(); p.resources().len()],
        best: f64::INFINITY,
    };
    search.dfs(0);
    search.best
}

struct Oracle<'p> {
    p: &'p Problem,
    order: Vec<ActivityId>,
    start: Vec<Option<Assignment>>,
    usage: Vec<Vec<u32>>,
    best: f64,
}

impl Oracle<'_> {
    fn finish(&self, a: usize) -> Option<u32> {
        self.start[a].map(|s| s.start + self.p.activities()[a].modes[s.mode].duration)
    }

    fn fits(&self, mode: &Mode, t: u32) -> bool {
        mode.demands.iter().all(|d| {
            let cal = &self.p.resource(d.resource).capacity;
            let used = &self.usage[d.resource.index()];
            (t..t + mode.duration)
                .all(|day| used.get(day as usize).copied().unwrap_or(0) + d.amount <= cal.at(day))
        })
    }

    fn book(&mut self, mode: &Mode, t: u32, add: bool) {
        for d in &mode.demands {
            let used = &mut self.usage[d.resource.index()];
            if used.len() < (t + mode.duration) as usize {
                used.resize((t + mode.duration) as usize, 0);
            }
            for day in t..t + mode.duration {
                if add {
                    used[day as usize] += d.amount;
                } else {
                    used[day as usize] -= d.amount;
                }
            }
        }
    }

    fn objective(&self, finish: &[u32]) -> f64 {
        match self.p.objective() {
            Objective::Makespan => f64::from(finish.iter().copied().max().unwrap_or(0)),
            Objective::Weighted { lateness_weight } => {
                let goals: Vec<u32> = (0..self.p.goals().len())
                    .map(|g| {
                        self.p
                            .goal_members(GoalId::from_index(g))
                            .iter()
                            .map(|a| finish[a.index()])
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                weighted_objective(self.p, &goals, lateness_weight)
            }
        }
    }

    /// Every unplaced activity starts at `floor` or later.
    fn bound(&self, floor: u32) -> f64 {
        let mut fin = vec![0u32; self.p.len()];
        for &a in &self.order {
            let i = a.index();
            fin[i] = self.finish(i).unwrap_or_else(|| {
                let act = self.p.activity(a);
                let es = self
                    .p
                    .predecessors(a)
                    .iter()
                    .map(|&(q, lag)| fin[q.index()] + lag)
                    .fold(floor.max(act.release), u32::max);
                es + act.min_duration()
            });
        }
        self.objective(&fin)
    }

    fn dfs(&mut self, floor: u32) {
        if self.start.iter().all(Option::is_some) {
            let fin: Vec<u32> = (0..self.p.len()).filter_map(|a| self.finish(a)).collect();
            self.best = self.best.min(self.objective(&fin));
            return;
        }
        if self.bound(floor) >= self.best - 1e-9 {
            return;
        }
        let p = self.p;
        for j in 0..p.len() {
            if self.start[j].is_some() {
                continue;
            }
            let a = ActivityId::from_index(j);
            let mut es = Some(p.activity(a).release);
            for &(q, lag) in p.predecessors(a) {
                es = match (es, self.finish(q.index())) {
                    (Some(e), Some(f)) => Some(e.max(f + lag)),
                    _ => None,
                };
            }
            let Some(es) = es else { continue };
            for (m, mode) in p.activity(a).modes.iter().enumerate() {
                let Some(t) = (es..es + 100).find(|&t| self.fits(mode, t)) else {
                    continue;
                };
                if t < floor {
                    continue;
                }
                self.start[j] = Some(Assignment { start: t, mode: m });
                self.book(mode, t, true);
                self.dfs(t);
                self.book(mode, t, false);
                self.start[j] = None;
            }
        }
    }
}

#[test]
fn the_oracle_agrees_with_a_hand_solved_plan() {
    // one person; a (3 days, goal 1, priority 1) and c (2 days, goal 2,
    // priority 2, due 2): c first gives 2*2 + 1*5 = 9
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g1 = b.goal("g1", 1.0, None);
    let g2 = b.goal("g2", 2.0, Some(2));
    b.plan_task("a", Some(g1), &[(t, 3.0)], 1, 1, 0);
    b.plan_task("c", Some(g2), &[(t, 2.0)], 1, 1, 0);
    let p = b.build().unwrap();
    assert_eq!(oracle(&p), 9.0);
    let s = Schedule::new(vec![
        Assignment { start: 2, mode: 0 },
        Assignment { start: 0, mode: 0 },
    ]);
    assert_eq!(s.check(&p).unwrap().objective, 9.0);
}

/// On every plan: the schedule is valid and never below the oracle's
/// optimum, the bound never above it, `optimal` only at the optimum; and the
/// exact mode proves plans the combinatorial bounds cannot.
#[test]
fn solve_is_exact_and_honest_on_small_plans() {
    let mut by_milp = 0;
    let mut plans = 0;
    for seed in 0..16u64 {
        let p = small_plan(seed, 8 + (seed as usize % 5), seed % 3 == 0);
        let optimum = oracle(&p);
        let options = SolveOptions::default().with_time_limit(Duration::from_secs(20));
        let solution = solve(&p, &options);
        let report = solution.schedule.check(&p).expect("valid schedule");
        let value = report.objective;
        assert!(
            value >= optimum - 1e-9,
            "seed {seed}: {value} below {optimum}"
        );
        assert!(
            solution.lower_bound() <= optimum + 1e-9,
            "seed {seed}: bound {} above the optimum {optimum}",
            solution.lower_bound()
        );
        if solution.status == Status::Optimal {
            assert!(
                (value - optimum).abs() < 1e-9,
                "seed {seed}: optimal {value} vs {optimum}"
            );
            assert_eq!(solution.gap(), 0.0);
        } else {
            assert!(solution.gap() > 0.0, "seed {seed}");
        }
        let b = &solution.bounds;
        let others = b.critical_path.max(b.energy).max(b.sequencing).max(b.lp);
        if solution.status == Status::Optimal && others < value - 1e-9 {
            by_milp += 1;
        }
        plans += 1;
    }
    assert!(by_milp >= 3, "the MILP proved {by_milp} of {plans} plans");
}

/// A limit too short for any proof: the answer is valid, `feasible` unless
/// a bound proves it, and the bound stays below the optimum.
#[test]
fn a_short_time_limit_is_honest() {
    for seed in 0..6u64 {
        let p = small_plan(100 + seed, 12, false);
        let optimum = oracle(&p);
        let options = SolveOptions::default().with_time_limit(Duration::from_millis(1));
        let solution = solve(&p, &options);
        let value = solution.schedule.check(&p).expect("valid").objective;
        assert!(solution.lower_bound() <= optimum + 1e-9);
        if solution.status == Status::Optimal {
            assert!((value - optimum).abs() < 1e-9);
        }
    }
}

/// `tandem solve` with HiGHS: the j30 fixtures the MILP proves within seconds
/// (j3048_4 is proven by its critical path) come out `optimal` at their
/// optimum; the two hard ones (j305_3, j3046_7:
/// HiGHS's bound stalls a few units short) stay honest.
#[cfg(feature = "highs")]
#[test]
fn highs_solves_the_j30_fixtures() {
    use super::util::{read_csv, read_summary, root, stderr, tandem, temp_dir};
    const PROVEN: [&str; 4] = ["j301_1", "j301_2", "j3010_1", "j3048_4"];
    let (_, refs) = read_csv(&root().join("data/psplib/reference.csv"));
    for r in refs.iter().filter(|r| r[0].starts_with("j30")) {
        let (name, optimum) = (&r[0], r[3].parse::<f64>().unwrap());
        let file = root().join("data/psplib").join(format!("{name}.sm"));
        let out = temp_dir("milp");
        let limit = if PROVEN.contains(&name.as_str()) {
            "30"
        } else {
            "2"
        };
        let o = tandem(&[
            "solve",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--time-limit",
            limit,
        ]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let summary = read_summary(&out);
        let objective = summary["objective"].as_f64().unwrap();
        let bound = summary["lower_bound"].as_f64().unwrap();
        assert!(objective >= optimum && bound <= optimum, "{name}");
        if PROVEN.contains(&name.as_str()) {
            assert_eq!(summary["status"], "optimal", "{name}");
            assert_eq!((objective, bound), (optimum, optimum), "{name}");
        } else if summary["status"] == "optimal" {
            assert_eq!(objective, optimum, "{name}");
        }
    }
}
