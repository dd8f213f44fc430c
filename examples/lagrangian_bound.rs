//! The Lagrangian (min-cut) lower bound of a plan beside tandem's other
//! bounds: an incumbent from a short solve, the LP relaxation's prices as
//! a warm start, then the subgradient ascent from zero prices and from
//! the LP's, with the best bound at steps 1, 2, 4, 8, ...
//!
//! ```text
//! cargo run --release --example lagrangian_bound -- PLAN_DIR [WORK] [STEPS] [BUCKET_DAYS] [SECONDS] [MODE] [LINKS] [REFERENCE]
//! ```
//! `WORK` is the solve's work limit (default 1), `STEPS` the iteration cap
//! (default 300), `BUCKET_DAYS` 0 to choose by size (the default),
//! `SECONDS` the ascent's time limit (default 600), `MODE` `cold`, `warm`
//! or `both` (the default), `LINKS` `links` (each mode held to its own
//! duration, the default) or `shortest` (every task at its shortest),
//! `REFERENCE` a value to report the time to within 1 % of (the exact
//! time-indexed LP of `examples/time_indexed_lp.rs`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tandem::graph::Analysis;
use tandem::solve::bounds::lagrangian::{LagrangianOptions, lagrangian};
use tandem::solve::{relax, solve};
use tandem::{PlanOptions, SolveOptions, read_plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        return Err(
            "usage: lagrangian_bound PLAN_DIR [WORK] [STEPS] [BUCKET_DAYS] [SECONDS] [MODE] [LINKS] \
             [REFERENCE]"
                .into(),
        );
    };
    let work: f64 = args.next().map_or(Ok(1.0), |s| s.parse())?;
    let steps: usize = args.next().map_or(Ok(300), |s| s.parse())?;
    let bucket_days: u32 = args.next().map_or(Ok(0), |s| s.parse())?;
    let seconds: f64 = args.next().map_or(Ok(600.0), |s| s.parse())?;
    let mode = args.next().unwrap_or_else(|| "both".to_string());
    let mode_links = args.next().is_none_or(|s| s != "shortest");
    let reference: Option<f64> = args.next().map(|s| s.parse()).transpose()?;
    let problem = read_plan(&PathBuf::from(dir), &PlanOptions::default())?;
    let analysis = Analysis::new(&problem);

    let started = Instant::now();
    let solution = solve(&problem, &SolveOptions::default().with_work_limit(work)?);
    let b = &solution.bounds;
    println!(
        "{} tasks; incumbent {:.1} (solve {:.1} s); bounds: critical path {:.1} energy {:.1} \
         sequencing {:.1} lp {:.1}; best {:.1}",
        problem.len(),
        solution.objective,
        started.elapsed().as_secs_f64(),
        b.critical_path,
        b.energy,
        b.sequencing,
        b.lp,
        b.best()
    );
    let started = Instant::now();
    let lp = relax(
        &problem,
        &analysis,
        Instant::now() + Duration::from_secs(20),
    );
    println!(
        "LP relaxation for the warm start: {:.1} in {:.1} s",
        lp.as_ref().map_or(f64::NAN, |r| r.lower_bound),
        started.elapsed().as_secs_f64()
    );
    for (name, warm) in [("cold", None), ("warm", lp.as_ref())] {
        if mode != "both" && mode != name {
            continue;
        }
        let started = Instant::now();
        let options = LagrangianOptions {
            bucket_days,
            max_iterations: steps,
            max_nodes: 0,
            mode_links,
            deadline: Instant::now() + Duration::from_secs_f64(seconds),
            stop: None,
        };
        let Some(lr) = lagrangian(&problem, &analysis, b, &solution.schedule, warm, &options)
        else {
            println!("{name}: no Lagrangian bound");
            continue;
        };
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{name}: bound {:.1} ({:+.2} % over the best bound) after {} steps in {:.1} s \
             ({:.3} s per step); buckets of {} days, {} nodes, {} arcs",
            lr.bound,
            100.0 * (lr.bound / b.best() - 1.0),
            lr.iterations,
            seconds,
            seconds / lr.iterations.max(1) as f64,
            lr.bucket_days,
            lr.nodes,
            lr.arcs
        );
        let trace: Vec<String> = lr
            .trace
            .iter()
            .map(|(i, v)| format!("{i}:{v:.1}"))
            .collect();
        println!("  best by step: {}", trace.join(" "));
        let at = |limit: f64| {
            lr.timeline
                .iter()
                .take_while(|(t, _)| *t <= limit)
                .last()
                .map_or(f64::NAN, |&(_, b)| b)
        };
        let within = lr
            .timeline
            .iter()
            .find(|(_, b)| *b >= lr.bound - 0.01 * lr.bound.abs())
            .map_or(f64::NAN, |&(t, _)| t);
        println!(
            "  best after 1 s {:.1}, 3 s {:.1}, 10 s {:.1}, 30 s {:.1}; within 1 % of the final \
             after {within:.1} s",
            at(1.0),
            at(3.0),
            at(10.0),
            at(30.0)
        );
        if let Some(reference) = reference {
            let reached = lr
                .timeline
                .iter()
                .find(|(_, b)| *b >= 0.99 * reference)
                .map_or("never".to_string(), |&(t, _)| format!("after {t:.1} s"));
            println!(
                "  {:.2} % of the reference {reference:.1}; within 1 % of it {reached}",
                100.0 * lr.bound / reference
            );
        }
    }
    Ok(())
}
