//! Lagrangian bound tests: the min-cut subproblem against enumeration, the
//! bound against brute-force optima and the time-indexed LP, the lists
//! against the serial SGS and the checker.

use std::time::{Duration, Instant};

use good_lp::{Expression, ProblemVariables, Solution, SolverModel, variable};

use super::network::Buckets;
use super::relaxed::{Days, Kind};
use super::*;
use crate::model::{Calendar, Objective, ProblemBuilder};
use crate::solve::bounds::lower_bounds;
use crate::solve::lp::buckets::Grid;
use crate::solve::rules::PriorityRule;
use crate::solve::sgs::Sgs;
use crate::solve::testkit::{
    Rng, optimum, precedence_feasible, random_problem_sized, weighted_case, weighted_lead_case,
};

fn options(bucket_days: u32, max_iterations: usize) -> LagrangianOptions {
    LagrangianOptions {
        bucket_days,
        max_iterations,
        max_nodes: 0,
        mode_links: true,
        deadline: Instant::now() + Duration::from_secs(3600),
        stop: None,
    }
}

/// A feasible incumbent: the LFT rule's schedule, if the checker passes it.
fn incumbent(p: &Problem, cpm: &Analysis) -> Option<Schedule> {
    let mut sgs = Sgs::new(p);
    sgs.decode(&PriorityRule::Lft.activity_list(p, cpm), None);
    let s = sgs.schedule();
    s.check(p).is_ok().then_some(s)
}

/// The optimum of the bucketed relaxed subproblem at prices `lambda`, by
/// enumerating every start day of every job (independent of the network:
/// day costs summed day by day, link prices bucket by bucket).
fn enumerate(days: &Days, grid: &Grid, lambda: &[Vec<f64>]) -> Option<f64> {
    let bucket = |t: u32| grid.bucket_of(t) as u32;
    let price = |r: usize, t: u32| lambda[r].get(bucket(t) as usize).copied().unwrap_or(0.0);
    // the link row of each finish job: after the resources, in job order
    let mut link_row = vec![None; days.jobs.len()];
    let mut next = days.free.len();
    for (j, job) in days.jobs.iter().enumerate() {
        if let Kind::Finish { .. } = job.kind {
            link_row[j] = Some(next);
            next += 1;
        }
    }
    // the link prices of finish job `f` on the buckets from `k` on
    let linked = |f: usize, k: u32| -> f64 {
        let first = bucket(days.jobs[f].first);
        let row = &lambda[link_row[f].unwrap()];
        (0..row.len())
            .filter(|&i| first + i as u32 >= k)
            .map(|i| row[i])
            .sum()
    };
    // per job: (day, cost) options
    let options: Vec<Vec<(u32, f64)>> = days
        .jobs
        .iter()
        .enumerate()
        .map(|(j, job)| match &job.kind {
            Kind::Activity(_, runs) => (job.first..=job.last)
                .filter_map(|t| {
                    runs.iter()
                        .filter(|run| run.ok.get((t - job.origin) as usize) == Some(&true))
                        .map(|run| {
                            let used: f64 = run
                                .demands
                                .iter()
                                .map(|&(r, a)| {
                                    (t..t + run.duration)
                                        .map(|u| f64::from(a) * price(r, u))
                                        .sum::<f64>()
                                })
                                .sum();
                            let link = days
                                .finish(j)
                                .map_or(0.0, |f| linked(f, bucket(t + run.duration)));
                            used - link
                        })
                        .reduce(f64::min)
                        .map(|c| (t, c))
                })
                .collect(),
            Kind::Finish { .. } => (job.first..=job.last)
                .map(|u| (u, linked(j, bucket(u))))
                .collect(),
            Kind::Milestone {
                priority,
                due,
                weight,
            } => (job.first..=job.last)
                .map(|u| {
                    let x = grid.at(bucket(u) as usize).max(job.first);
                    let late = due.map_or(0, |d| x.saturating_sub(d));
                    (u, priority * (f64::from(x) + weight * f64::from(late)))
                })
                .collect(),
        })
        .collect();
    let size: f64 = options.iter().map(|o| o.len() as f64).product();
    if size > 2e6 {
        return None;
    }
    let mut best = f64::INFINITY;
    let mut day = vec![0u32; days.jobs.len()];
    search(days, grid, &options, 0, 0.0, &mut day, &mut best);
    Some(best)
}

fn search(
    days: &Days,
    grid: &Grid,
    options: &[Vec<(u32, f64)>],
    j: usize,
    cost: f64,
    day: &mut [u32],
    best: &mut f64,
) {
    if j == options.len() {
        *best = best.min(cost);
        return;
    }
    let bucket = |t: i64| {
        if t < 0 {
            -1
        } else {
            grid.bucket_of(t as u32) as i64
        }
    };
    for &(t, c) in &options[j] {
        // every edge into j comes from an earlier job: from the first day
        // of the bucket of its day
        let ok = days.edges.iter().filter(|e| e.to == j).all(|e| {
            let from = i64::from(grid.at(bucket(i64::from(day[e.from])) as usize));
            bucket(i64::from(t)) >= bucket(from + e.days)
        });
        if ok {
            day[j] = t;
            search(days, grid, options, j + 1, cost + c, day, best);
        }
    }
}

/// The relaxed problem has a finish job.
fn has_links(days: &Days) -> bool {
    (0..days.jobs.len()).any(|j| days.finish(j).is_some())
}

/// A small random plan (3 resources, 3 goals, 2 modes) with what the
/// relaxed problem needs, or `None` when one of the steps has nothing.
fn small_case(rng: &mut Rng) -> Option<(Problem, Analysis, Schedule, LowerBounds)> {
    let p = random_problem_sized(rng, 3, 3, 2)?;
    let cpm = Analysis::new(&p);
    let inc = incumbent(&p, &cpm)?;
    let bounds = lower_bounds(&p, &cpm);
    Some((p, cpm, inc, bounds))
}

#[test]
fn subproblem_equals_enumeration() {
    let mut rng = Rng(0x1a6_0001);
    let (mut compared, mut linked) = (0, 0);
    for case in 0..200 {
        let Some((p, cpm, inc, bounds)) = small_case(&mut rng) else {
            continue;
        };
        let Some(days) = Days::new(&p, &cpm, &bounds, &inc, case % 4 != 0) else {
            continue;
        };
        let grids = [
            Grid::new(days.end, 1, 0.0),
            Grid::new(days.end, 2, 0.0),
            Grid::new(days.end, 3, 0.0),
            Grid::fine_until(days.end, 1, days.busy / 2, 0.5),
        ];
        for (delta, grid) in grids.into_iter().enumerate() {
            let buckets = Buckets::new(&days, grid.clone()).unwrap();
            let lambda: Vec<Vec<f64>> = buckets
                .free
                .iter()
                .map(|f| f.iter().map(|_| f64::from(rng.below(5)) / 4.0).collect())
                .collect();
            let Some(best) = enumerate(&days, &grid, &lambda) else {
                continue;
            };
            let priced: f64 = lambda
                .iter()
                .zip(&buckets.free)
                .map(|(l, f)| l.iter().zip(f).map(|(l, f)| l * f).sum::<f64>())
                .sum();
            let eval = buckets
                .evaluate(&lambda, Instant::now() + Duration::from_secs(3600))
                .unwrap();
            // a step past its deadline gives up rather than overrun it
            assert!(buckets.evaluate(&lambda, Instant::now()).is_none());
            let exact = best - priced;
            assert!(
                eval.bound <= exact + 1e-9 && eval.bound >= exact - 1e-6 * (1.0 + exact.abs()),
                "case {case}, grid {delta}: min cut {} vs enumeration {exact}",
                eval.bound
            );
            compared += 1;
            linked += usize::from(has_links(&days));
        }
    }
    assert!(compared >= 150, "only {compared} subproblems compared");
    assert!(linked >= 50, "only {linked} with finish jobs");
}

/// Bound, lists and decoded schedules of one problem against its optimum.
fn check_case(p: &Problem, opt: f64, bucket_days: u32) -> Option<f64> {
    let cpm = Analysis::new(p);
    let inc = incumbent(p, &cpm)?;
    let bounds = lower_bounds(p, &cpm);
    let lr = lagrangian_bound(p, &cpm, &bounds, &inc, None, &options(bucket_days, 40))?;
    assert!(
        lr.bound <= opt + 1e-9,
        "bound {} > optimum {opt} (buckets of {bucket_days})\n{p:#?}",
        lr.bound
    );
    assert!(!lr.lists.is_empty());
    for list in &lr.lists {
        assert!(precedence_feasible(p, list));
        let mut sgs = Sgs::new(p);
        sgs.decode(list, None);
        assert!(sgs.schedule().check(p).is_ok());
    }
    Some(lr.bound - bounds.best())
}

#[test]
fn never_above_the_optimum() {
    let mut rng = Rng(0x1a6_0002);
    let (mut checked, mut tighter) = (0, 0);
    for case in 0..160 {
        let found = if case % 2 == 0 {
            weighted_case(&mut rng, 2, 4, 3)
        } else {
            weighted_lead_case(&mut rng, 2, 4, 3)
        };
        let Some((mut p, _, opt)) = found else {
            continue;
        };
        let delta = 1 + case % 3;
        if let Some(gain) = check_case(&p, opt, delta) {
            checked += 1;
            tighter += usize::from(gain > 1e-6);
        }
        p.set_objective(Objective::Makespan).unwrap();
        let makespan = |f: &[u32]| f64::from(f.iter().copied().max().unwrap_or(0));
        if let Some(opt) = optimum(&p, &makespan) {
            check_case(&p, opt, delta);
        }
    }
    assert!(checked >= 100, "only {checked} cases");
    assert!(tighter > 0, "never beat the other bounds");
}

/// The time-indexed LP of the relaxed problem on days (the same windows,
/// runs and precedences, capacity per day, disaggregated precedence rows,
/// and each finish job's link: finished by `t` in its mode when `C_j <=
/// t`), by microlp. With finish jobs for every multi-duration activity
/// this is the multi-mode time-indexed LP on these windows.
fn relaxed_lp(days: &Days) -> f64 {
    let mut vars = ProblemVariables::new();
    // x[j]: (day, run, variable) for activities; (day, variable) for milestones
    let mut x: Vec<Vec<(u32, usize, good_lp::Variable)>> = Vec::new();
    let mut objective = Expression::from(0.0);
    for job in &days.jobs {
        let mut row = Vec::new();
        for t in job.first..=job.last {
            match &job.kind {
                Kind::Activity(_, runs) => {
                    for (r, run) in runs.iter().enumerate() {
                        if run.ok.get((t - job.origin) as usize) == Some(&true) {
                            row.push((t, r, vars.add(variable().min(0.0).max(1.0))));
                        }
                    }
                }
                Kind::Finish { .. } => {
                    row.push((t, 0, vars.add(variable().min(0.0).max(1.0))));
                }
                Kind::Milestone {
                    priority,
                    due,
                    weight,
                } => {
                    let v = vars.add(variable().min(0.0).max(1.0));
                    let late = due.map_or(0, |d| t.saturating_sub(d));
                    objective += *priority * (f64::from(t) + weight * f64::from(late)) * v;
                    row.push((t, 0, v));
                }
            }
        }
        x.push(row);
    }
    let mut model = vars.minimise(objective).using(good_lp::microlp);
    for row in &x {
        let one: Expression = row.iter().map(|&(_, _, v)| v).sum();
        model = model.with(one.eq(1.0));
    }
    let started_by = |j: usize, t: i64| -> Expression {
        x[j].iter()
            .filter(|&&(s, _, _)| i64::from(s) <= t)
            .map(|&(_, _, v)| v)
            .sum()
    };
    for e in &days.edges {
        for t in days.jobs[e.to].first..=days.jobs[e.to].last {
            let lhs = started_by(e.to, i64::from(t));
            let rhs = started_by(e.from, i64::from(t) - e.days);
            model = model.with(lhs.leq(rhs));
        }
    }
    for (j, job) in days.jobs.iter().enumerate() {
        let Kind::Finish { start } = job.kind else {
            continue;
        };
        let Kind::Activity(_, runs) = &days.jobs[start].kind else {
            unreachable!("a finish job follows an activity")
        };
        for t in job.first..=job.last {
            let by = started_by(j, i64::from(t));
            let done: Expression = x[start]
                .iter()
                .filter(|&&(s, run, _)| s + runs[run].duration <= t)
                .map(|&(_, _, v)| v)
                .sum();
            model = model.with(by.leq(done));
        }
    }
    for (r, free) in days.free.iter().enumerate() {
        for (tau, &cap) in free.iter().enumerate() {
            let mut used = Expression::from(0.0);
            for (job, row) in days.jobs.iter().zip(&x) {
                let Kind::Activity(_, runs) = &job.kind else {
                    continue;
                };
                for &(s, run, v) in row {
                    let run = &runs[run];
                    let running = (s as usize) <= tau && tau < (s + run.duration) as usize;
                    for &(rr, a) in &run.demands {
                        if rr == r && running {
                            used += f64::from(a) * v;
                        }
                    }
                }
            }
            model = model.with(used.leq(cap as f64));
        }
    }
    let solution = model.solve().expect("the relaxed LP has the incumbent");
    days.jobs
        .iter()
        .zip(&x)
        .filter_map(|(job, row)| match &job.kind {
            Kind::Milestone {
                priority,
                due,
                weight,
            } => Some(
                row.iter()
                    .map(|&(t, _, v)| {
                        let late = due.map_or(0, |d| t.saturating_sub(d));
                        priority * (f64::from(t) + weight * f64::from(late)) * solution.value(v)
                    })
                    .sum::<f64>(),
            ),
            Kind::Activity(..) | Kind::Finish { .. } => None,
        })
        .sum()
}

/// Never above the LP of the relaxed problem (multi-mode plans too).
#[test]
fn never_above_the_time_indexed_lp() {
    let mut rng = Rng(0x1a6_0003);
    let (mut compared, mut linked) = (0, 0);
    for _ in 0..60 {
        let Some((p, cpm, inc, bounds)) = small_case(&mut rng) else {
            continue;
        };
        let Some(days) = Days::new(&p, &cpm, &bounds, &inc, true) else {
            continue;
        };
        let lp = relaxed_lp(&days);
        let lr = lagrangian_bound(&p, &cpm, &bounds, &inc, None, &options(1, 60)).unwrap();
        let allowed = if days.integral {
            (lp - 1e-6).ceil()
        } else {
            lp
        };
        assert!(lr.bound <= allowed + 1e-6, "{} > LP {lp}", lr.bound);
        compared += 1;
        linked += usize::from(has_links(&days));
    }
    assert!(compared >= 30, "only {compared} compared");
    assert!(linked >= 10, "only {linked} with finish jobs");
}

/// A weighted plan of one team of two, three goals and five tasks, each
/// `task(rng) = (effort, least people, most people)`, a task depending on
/// an earlier one with `chance` percent.
fn team_plan(
    rng: &mut Rng,
    due_from: u32,
    chance: u32,
    mut task: impl FnMut(&mut Rng) -> (f64, u32, u32),
) -> Problem {
    let mut b = ProblemBuilder::new();
    let team = b.resource("team", Calendar::constant(2));
    let goals: Vec<_> = (0..3)
        .map(|g| {
            b.goal(
                format!("g{g}"),
                f64::from(1 + rng.below(3)),
                Some(due_from + rng.below(4)),
            )
        })
        .collect();
    let mut tasks = Vec::new();
    for k in 0..5 {
        let goal = goals[rng.below(3) as usize];
        let (effort, least, most) = task(rng);
        tasks.push(b.plan_task(
            format!("t{k}"),
            Some(goal),
            &[(team, effort)],
            least,
            most,
            0,
        ));
        if k > 0 && rng.chance(chance) {
            b.precedence(tasks[rng.below(k) as usize], tasks[k as usize], 0);
        }
    }
    b.objective(Objective::Weighted {
        lateness_weight: 2.0,
    });
    b.build().unwrap()
}

/// On single-mode plans at daily buckets the subproblem is integral, so
/// the ascent converges to the LP value: 60 steps reach 99.9 % of it
/// (the subgradient steps alone needed 300 for 99 %).
#[test]
fn reaches_the_time_indexed_lp_on_single_mode_plans() {
    for seed in 0..4u64 {
        let mut rng = Rng(0x1a6_0004 + seed);
        let p = team_plan(&mut rng, 3, 30, |rng| {
            let days = 1 + rng.below(3);
            let people = 1 + rng.below(2);
            (f64::from(days * people), people, people)
        });
        assert!(p.activities().iter().all(|a| a.modes.len() == 1));
        let cpm = Analysis::new(&p);
        let inc = incumbent(&p, &cpm).unwrap();
        let bounds = lower_bounds(&p, &cpm);
        let days = Days::new(&p, &cpm, &bounds, &inc, true).unwrap();
        let lp = relaxed_lp(&days);
        let lr = lagrangian_bound(&p, &cpm, &bounds, &inc, None, &options(1, 60)).unwrap();
        assert!(
            lr.bound >= 0.999 * lp && lr.bound <= lp.ceil() + 1e-6,
            "seed {seed}: {} vs LP {lp}",
            lr.bound
        );
    }
}

/// On multi-mode plans (crews of one or two: durations that differ) the
/// finish jobs' links make the bound reach the multi-mode time-indexed
/// LP, which is above the LP of the relaxation that counts every task at
/// its shortest duration: 95 % of it in 300 steps, and the
/// shortest-duration LP passed on every plan whose LP is above it.
#[test]
fn reaches_the_multi_mode_time_indexed_lp() {
    let mut above = 0;
    for seed in 0..4u64 {
        let mut rng = Rng(0x1a6_0006 + seed);
        let p = team_plan(&mut rng, 2, 40, |rng| {
            (f64::from(2 + 2 * rng.below(2)), 1, 2)
        });
        let cpm = Analysis::new(&p);
        let inc = incumbent(&p, &cpm).unwrap();
        let bounds = lower_bounds(&p, &cpm);
        let linked = Days::new(&p, &cpm, &bounds, &inc, true).unwrap();
        assert!(has_links(&linked));
        let lp = relaxed_lp(&linked);
        let shortest = relaxed_lp(&Days::new(&p, &cpm, &bounds, &inc, false).unwrap());
        let lr = lagrangian_bound(&p, &cpm, &bounds, &inc, None, &options(1, 300)).unwrap();
        assert!(
            lr.bound >= 0.95 * lp && lr.bound <= lp.ceil() + 1e-6,
            "seed {seed}: {} vs LP {lp}",
            lr.bound
        );
        if lp > shortest.ceil() + 1e-6 {
            assert!(
                lr.bound > shortest,
                "seed {seed}: {} vs {shortest}",
                lr.bound
            );
            above += 1;
        }
        println!(
            "seed {seed}: bound {} LP {lp} shortest-duration LP {shortest}",
            lr.bound
        );
    }
    assert!(above >= 2, "the links raised the LP on {above} plans");
}

#[test]
fn same_inputs_same_result_and_none_when_empty() {
    let mut rng = Rng(0x1a6_0005);
    let mut p = None;
    while p.is_none() {
        p = random_problem_sized(&mut rng, 5, 2, 2);
    }
    let p = p.unwrap();
    let cpm = Analysis::new(&p);
    if let Some(inc) = incumbent(&p, &cpm) {
        let bounds = lower_bounds(&p, &cpm);
        let a = lagrangian_bound(&p, &cpm, &bounds, &inc, None, &options(0, 20));
        let b = lagrangian_bound(&p, &cpm, &bounds, &inc, None, &options(0, 20));
        assert_eq!(a.map(|x| (x.bound, x.lists)), b.map(|x| (x.bound, x.lists)));
    }
    let empty = ProblemBuilder::new().build().unwrap();
    let cpm = Analysis::new(&empty);
    let none = Schedule::new(Vec::new());
    let bounds = lower_bounds(&empty, &cpm);
    assert!(lagrangian_bound(&empty, &cpm, &bounds, &none, None, &options(0, 5)).is_none());
}

/// Measurement, not a check: one min cut by ours and by petgraph's
/// `dinics` on a plan's subproblem at the LP relaxation's prices.
/// `LR_PLAN=/tmp/p300-16 cargo test --release --lib measure_cut -- --ignored --nocapture`
#[test]
#[ignore]
fn measure_cut_speed() {
    let Ok(dir) = std::env::var("LR_PLAN") else {
        return;
    };
    let p = crate::input::read_plan(
        std::path::Path::new(&dir),
        &crate::input::PlanOptions::default(),
    )
    .unwrap();
    let cpm = Analysis::new(&p);
    let options = crate::solve::SolveOptions::default()
        .with_work_limit(1.0)
        .unwrap();
    let solution = crate::solve::solve(&p, &options);
    let bounds = &solution.bounds;
    let days = Days::new(&p, &cpm, bounds, &solution.schedule, true).unwrap();
    let delta: u32 = std::env::var("LR_DAYS").map_or(1, |s| s.parse().unwrap());
    let buckets = Buckets::new(&days, Grid::new(days.end, delta, 0.0)).unwrap();
    let lp = crate::solve::relax(&p, &cpm, Instant::now() + Duration::from_secs(30));
    let warm = lp.as_ref().and_then(|r| r.prices.as_ref());
    let lambda = warm_prices(&buckets, warm.map(|(g, x)| (g, &x[..])));
    let (ours, theirs, a, b) = buckets.time_cuts(&lambda).unwrap();
    let (nodes, arcs) = buckets.size();
    println!("{nodes} nodes, {arcs} arcs: ours {ours:.3} s, petgraph {theirs:.3} s ({a} = {b})");
    assert_eq!(a, b);
}

/// The bundle method alone, on random concave piecewise-linear functions
/// `min_i a_i + g_i λ` over `λ >= 0`: it reaches their maximum, which an
/// LP (microlp) computes independently.
#[test]
fn bundle_reaches_the_maximum_of_a_piecewise_linear_function() {
    use super::bundle::{Bundle, Next};
    let mut rng = Rng(0x1a6_0007);
    for case in 0..20 {
        let dims = 2 + rng.below(7) as usize;
        let mut cuts: Vec<(f64, Vec<f64>)> = (0..3 + rng.below(20))
            .map(|_| {
                let a = f64::from(rng.below(100));
                let g = (0..dims).map(|_| f64::from(rng.below(11)) - 5.0).collect();
                (a, g)
            })
            .collect();
        cuts.push((50.0, vec![-1.0; dims])); // bounded above
        let value = |l: &[f64]| {
            cuts.iter()
                .map(|(a, g)| (a + g.iter().zip(l).map(|(g, l)| g * l).sum::<f64>(), g))
                .min_by(|x, y| x.0.total_cmp(&y.0))
                .map(|(v, g)| (v, g.clone()))
                .unwrap()
        };
        // the maximum by LP
        let mut vars = ProblemVariables::new();
        let v = vars.add(variable());
        let l: Vec<_> = (0..dims).map(|_| vars.add(variable().min(0.0))).collect();
        let mut lp = vars.maximise(v).using(good_lp::microlp);
        for (a, g) in &cuts {
            let rhs: Expression = g.iter().zip(&l).map(|(&g, &l)| g * l).sum::<Expression>() + *a;
            lp = lp.with(Expression::from(v) << rhs);
        }
        let best = lp.solve().unwrap().value(v);
        // the bundle from zero prices
        let deadline = Instant::now() + Duration::from_secs(3600);
        let mut lambda = vec![0.0; dims];
        let (f, g) = value(&lambda);
        let mut found = f;
        let mut bundle = Bundle::new(lambda.clone(), f, g);
        let mut next = bundle.propose(deadline);
        for _ in 0..100 {
            let Next::Prices(p) = next else { break };
            lambda = p;
            assert!(lambda.iter().all(|&x| x >= 0.0));
            let (f, g) = value(&lambda);
            found = found.max(f);
            next = bundle.step(lambda.clone(), f, g, deadline);
        }
        assert_ne!(next, Next::Failed, "case {case}");
        assert!(
            found <= best + 1e-6,
            "case {case}: {found} above the maximum {best}"
        );
        assert!(
            found >= best - 1e-4 * best.abs().max(1.0),
            "case {case}: {found} short of the maximum {best}"
        );
        assert!((bundle.value() - found).abs() <= 1e-9 * found.abs().max(1.0));
    }
}
