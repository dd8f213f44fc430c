//! Forecasts: zero-width ranges give the plan, simulated schedules pass the
//! checker with the sampled efforts, and a chain's quantiles match the
//! exact distribution of the sum of its durations.

use statrs::distribution::{Beta, ContinuousCDF};
use tandem::generate::{GeneratorParams, generate_plan};
use tandem::model::EffortRange;
use tandem::solve::forecast::{ForecastOptions, Policy, forecast, sample_scenarios};
use tandem::{Calendar, PlanOptions, Problem, ProblemBuilder, SolveOptions, read_plan, solve};

use super::util::{read_csv, read_summary, stderr, stdout, tandem, temp_dir};

fn quick() -> SolveOptions {
    SolveOptions::default()
        .with_work_limit(0.2)
        .expect("a valid work limit")
}

fn generated(tasks: usize, goals: usize, seed: u64) -> Problem {
    let params = GeneratorParams {
        tasks,
        goals,
        teams: 4,
        seed,
        ..GeneratorParams::default()
    };
    generate_plan(&params)
        .problem(&PlanOptions::default())
        .unwrap()
}

/// Every plan task's range set to zero width at its effort.
fn zero_width(mut p: Problem) -> Problem {
    let ids: Vec<_> = p.activity_ids().collect();
    for a in ids {
        let effort = p.activity(a).spec.as_ref().unwrap().alternatives[0].effort;
        p.set_effort_range(a, Some(EffortRange::new(effort, effort, effort)))
            .unwrap();
    }
    p
}

/// Every plan task with effort `e > 0` gets the range `0.8 e ..= 1.6 e`.
fn ranged(mut p: Problem) -> Problem {
    let ids: Vec<_> = p.activity_ids().collect();
    for a in ids {
        let effort = p.activity(a).spec.as_ref().unwrap().alternatives[0].effort;
        if effort > 0.0 {
            p.set_effort_range(
                a,
                Some(EffortRange::new(0.8 * effort, effort, 1.6 * effort)),
            )
            .unwrap();
        }
    }
    p
}

#[test]
fn zero_width_ranges_give_the_plans_goal_finishes() {
    let roadmap = read_plan(
        &super::util::root().join("data/roadmap"),
        &PlanOptions::default(),
    )
    .unwrap();
    let mut plans = vec![zero_width(roadmap)];
    for seed in 1..=4 {
        plans.push(zero_width(generated(150, 10, seed)));
    }
    for p in &plans {
        let plan = solve(p, &quick()).schedule;
        let f = forecast(
            p,
            &plan,
            &ForecastOptions {
                samples: 50,
                seed: 3,
            },
        );
        assert!(f.reproduces_plan);
        let finishes = plan.goal_finishes(p);
        for g in &f.goals {
            let want = finishes[g.goal.index()];
            assert_eq!((g.p10, g.p50, g.p90, g.plan), (want, want, want, want));
            assert_eq!(g.mean, f64::from(want));
            if let Some(due) = g.due {
                assert_eq!(g.on_time, Some(if want <= due { 1.0 } else { 0.0 }));
            }
        }
        assert!((f.objective_mean - f.objective_plan).abs() < 1e-6);
    }
}

/// The PERT distribution function of a three-point estimate, through an
/// independent Beta implementation (statrs).
fn pert_cdf(low: f64, likely: f64, high: f64) -> impl Fn(f64) -> f64 {
    let w = high - low;
    let beta = Beta::new(
        1.0 + 4.0 * (likely - low) / w,
        1.0 + 4.0 * (high - likely) / w,
    )
    .unwrap();
    move |x: f64| {
        if x <= low {
            0.0
        } else if x >= high {
            1.0
        } else {
            beta.cdf((x - low) / w)
        }
    }
}

#[test]
fn a_chains_quantiles_match_the_exact_distribution_of_its_durations() {
    // one chain on a team of 2 that no other task wants: each goal's finish
    // is the sum of its tasks' durations ceil(X / people)
    let tasks = [
        // low, likely, high, people
        (3.0, 5.0, 12.0, 1u32),
        (8.0, 10.0, 14.0, 2),
        (1.0, 2.0, 9.0, 1),
        (4.0, 4.0, 4.0, 1),
        (2.0, 6.0, 7.0, 1),
        (10.0, 12.0, 30.0, 2),
    ];
    let mut b = ProblemBuilder::new();
    let team = b.resource("solo", Calendar::constant(2));
    let early = b.goal("early", 2.0, Some(20));
    let late = b.goal("late", 1.0, Some(45));
    let mut prev = None;
    for (k, &(low, likely, high, people)) in tasks.iter().enumerate() {
        let goal = if k < 3 { early } else { late };
        let t = b.plan_task(
            format!("T{k}"),
            Some(goal),
            &[(team, likely)],
            people,
            people,
            0,
        );
        b.effort_range(t, EffortRange::new(low, likely, high));
        if let Some(p) = prev {
            b.precedence(p, t, 0);
        }
        prev = Some(t);
    }
    let p = b.build().unwrap();
    let plan = solve(&p, &quick()).schedule;
    let n = 10_000;
    let f = forecast(
        &p,
        &plan,
        &ForecastOptions {
            samples: n,
            seed: 11,
        },
    );
    // exact: the distribution of the sum of ceil(X_i / people_i), by convolution
    let mut pmf = vec![1.0];
    for (k, &(low, likely, high, people)) in tasks.iter().enumerate() {
        let step: Vec<f64> = if high == low {
            let d = (likely / f64::from(people)).ceil() as usize;
            let mut v = vec![0.0; d + 1];
            v[d] = 1.0;
            v
        } else {
            let cdf = pert_cdf(low, likely, high);
            let top = (high / f64::from(people)).ceil() as usize;
            (0..=top)
                .map(|d| {
                    let x = d as f64 * f64::from(people);
                    cdf(x)
                        - if d == 0 {
                            0.0
                        } else {
                            cdf(x - f64::from(people))
                        }
                })
                .collect()
        };
        let mut next = vec![0.0; pmf.len() + step.len() - 1];
        for (i, a) in pmf.iter().enumerate() {
            for (j, b) in step.iter().enumerate() {
                next[i + j] += a * b;
            }
        }
        pmf = next;
        let goal = if k < 3 { 0 } else { 1 };
        if k == 2 || k == tasks.len() - 1 {
            let cdf: Vec<f64> = pmf
                .iter()
                .scan(0.0, |s, x| {
                    *s += x;
                    Some(*s)
                })
                .collect();
            let at = |d: u32| cdf.get(d as usize).copied().unwrap_or(1.0);
            let g = &f.goals[goal];
            for (p_, q) in [(0.1, g.p10), (0.5, g.p50), (0.9, g.p90)] {
                // within four standard errors of the share at the quantile
                let err = 4.0 * (p_ * (1.0 - p_) / n as f64).sqrt();
                assert!(at(q) >= p_ - err, "goal {goal} p{p_}: F({q}) = {}", at(q));
                assert!(
                    q == 0 || at(q - 1) <= p_ + err,
                    "goal {goal} p{p_}: F({}) = {}",
                    q - 1,
                    at(q - 1)
                );
            }
            let mean: f64 = pmf.iter().enumerate().map(|(d, x)| d as f64 * x).sum();
            let var: f64 = pmf
                .iter()
                .enumerate()
                .map(|(d, x)| (d as f64 - mean).powi(2) * x)
                .sum();
            assert!(
                (g.mean - mean).abs() <= 4.0 * (var / n as f64).sqrt(),
                "goal {goal}: mean {} against {mean}",
                g.mean
            );
            let due = g.due.unwrap();
            let on_time = at(due);
            let err = 4.0 * (on_time * (1.0 - on_time) / n as f64).sqrt() + 1e-9;
            assert!((g.on_time.unwrap() - on_time).abs() <= err);
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_forecast_on_any_thread_count() {
    let p = ranged(generated(120, 8, 5));
    let plan = solve(&p, &quick()).schedule;
    let options = ForecastOptions {
        samples: 300,
        seed: 9,
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| forecast(&p, &plan, &options));
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
        .install(|| forecast(&p, &plan, &options));
    assert_eq!(one, two);
    let other = forecast(
        &p,
        &plan,
        &ForecastOptions {
            samples: 300,
            seed: 10,
        },
    );
    assert_ne!(one.objective_mean, other.objective_mean);
    // the scenarios a forecast draws are the training scenarios of that seed
    let s = sample_scenarios(&p, 3, 9);
    assert!((0..3).any(|k| s.factors(k).iter().any(|&f| f != 1.0)));
    let policy = Policy::of(&p, &plan);
    let sim = policy.simulate(&p, s.factors(0));
    assert!(sim.check(&p.with_scaled_efforts(s.factors(0))).is_ok());
}

/// Runs `tandem` with `line` split on whitespace (the test folders have
/// no spaces).
fn run(line: &str) -> std::process::Output {
    let args: Vec<&str> = line.split_whitespace().collect();
    tandem(&args)
}

/// [`run`], asserting exit 0.
fn ok(line: &str) -> std::process::Output {
    let o = run(line);
    assert_eq!(o.status.code(), Some(0), "{line}: {}", stderr(&o));
    o
}

fn roadmap() -> String {
    super::util::root()
        .join("data/roadmap")
        .display()
        .to_string()
}

/// `tandem plan` on the bundled roadmap (which has ranges) forecasts by
/// default; `--samples 0` turns it off; `tandem forecast` of the written
/// schedule with the same seed and samples gives the same forecast.csv.
#[test]
fn plan_forecasts_by_default_and_forecast_reproduces_it() {
    let dir = temp_dir("forecast-cli");
    let (roadmap, out) = (roadmap(), dir.join("out"));
    let dated = "--start 2027-01-04";
    let o = ok(&format!(
        "plan {roadmap} --out {} --work-limit 0.2 {dated}",
        out.display()
    ));
    assert!(
        stdout(&o).contains("forecast:     1000 scenarios"),
        "{}",
        stdout(&o)
    );
    let (header, rows) = read_csv(&out.join("forecast.csv"));
    let want = "goal due p10 p50 p90 mean on_time plan due_date p10_date p50_date p90_date";
    assert_eq!(header.join(" "), want);
    let (_, goals) = read_csv(&out.join("goals.csv"));
    assert_eq!(rows.len(), goals.len());
    for (r, g) in rows.iter().zip(&goals) {
        assert_eq!(r[0], g[0]);
        // the plan's finish, and P10 <= P50 <= P90
        assert_eq!(r[7], g[3]);
        let q: Vec<u32> = r[2..5].iter().map(|x| x.parse().unwrap()).collect();
        assert!(q[0] <= q[1] && q[1] <= q[2], "{r:?}");
        if !r[1].is_empty() {
            let on_time: f64 = r[6].parse().unwrap();
            assert!((0.0..=1.0).contains(&on_time));
        }
    }
    let summary = read_summary(&out);
    let f = &summary["forecast"];
    assert_eq!(f["samples"], 1000);
    assert_eq!(f["goals"].as_array().unwrap().len(), goals.len());
    assert!(f["objective_mean"].as_f64().unwrap() >= f["objective_plan"].as_f64().unwrap());
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("Will the goals be on time?"));

    // the same forecast from the written schedule
    let again = dir.join("again");
    let schedule = out.join("schedule.csv");
    ok(&format!(
        "forecast {roadmap} --schedule {} {dated} --out {}",
        schedule.display(),
        again.display()
    ));
    assert_eq!(
        std::fs::read(out.join("forecast.csv")).unwrap(),
        std::fs::read(again.join("forecast.csv")).unwrap()
    );
    assert_eq!(read_summary(&again)["forecast"], *f);

    // --samples 0: no forecast
    let off = dir.join("off");
    ok(&format!(
        "plan {roadmap} --out {} --work-limit 0.2 --samples 0",
        off.display()
    ));
    assert!(!off.join("forecast.csv").exists());
    assert!(read_summary(&off).get("forecast").is_none());
}

#[test]
fn the_expected_objective_plans_through_the_cli() {
    let out = temp_dir("forecast-expected").join("out");
    ok(&format!(
        "plan {} --out {} --work-limit 0.2 --objective expected --training-samples 30 --samples 200",
        roadmap(),
        out.display()
    ));
    assert_eq!(read_summary(&out)["forecast"]["samples"], 200);
}

#[test]
fn bad_forecast_requests_exit_2_and_write_nothing() {
    let dir = temp_dir("forecast-bad");
    let (roadmap, out) = (roadmap(), dir.join("out"));
    let o = run(&format!(
        "plan {roadmap} --out {} --samples 5000000",
        out.display()
    ));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--samples"), "{}", stderr(&o));
    assert!(!out.exists());
    // a schedule that is not one of this plan
    let other = dir.join("other.csv");
    std::fs::write(
        &other,
        "task,goal,team,people,start,finish\nnope,g,backend,1,0,1\n",
    )
    .unwrap();
    let line = format!(
        "forecast {roadmap} --schedule {} --out {}",
        other.display(),
        out.display()
    );
    let o = run(&line);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no row for task"), "{}", stderr(&o));
    assert!(!out.exists());
    let o = run(&format!("{line} --samples 0"));
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}

/// A re-plan's schedule, forecast with its progress and today, gives the
/// re-plan's own forecast.
#[test]
fn a_replans_schedule_is_forecast_with_its_progress() {
    let dir = temp_dir("forecast-replan");
    let (roadmap, base) = (roadmap(), dir.join("base"));
    ok(&format!(
        "plan {roadmap} --out {} --work-limit 0.2 --samples 0",
        base.display()
    ));
    let (_, rows) = read_csv(&base.join("schedule.csv"));
    let done: Vec<&str> = rows
        .iter()
        .filter(|r| r[5].parse::<u32>().unwrap() <= 6)
        .map(|r| r[0].as_str())
        .collect();
    assert!(!done.is_empty());
    let progress = dir.join("progress.csv");
    let mut text = String::from("task,status,start,team,people\n");
    for t in &done {
        text.push_str(&format!("{t},done,,,\n"));
    }
    std::fs::write(&progress, text).unwrap();
    let (re, fc) = (dir.join("re"), dir.join("fc"));
    let progress = format!("--progress {} --today 8", progress.display());
    let schedule = base.join("schedule.csv");
    ok(&format!(
        "replan {roadmap} --baseline {} {progress} --out {} --work-limit 0.2",
        schedule.display(),
        re.display()
    ));
    let schedule = re.join("schedule.csv");
    ok(&format!(
        "forecast {roadmap} --schedule {} {progress} --out {}",
        schedule.display(),
        fc.display()
    ));
    assert_eq!(
        std::fs::read(re.join("forecast.csv")).unwrap(),
        std::fs::read(fc.join("forecast.csv")).unwrap()
    );
}
