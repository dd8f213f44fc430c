//! The heuristic search: throughput of the serial SGS decode (the search's
//! inner loop) and of decode + forward-backward improvement, in schedules per
//! second, on a bundled j60 instance and a generated 2,000-task plan; then a
//! full one-second solve of each, and a solve of the 2,000-task plan with a
//! fixed work limit (the same decodes every run: its time is the speed of
//! the whole pipeline, the goal-order search's decodes included).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tandem::generate::{GeneratorParams, generate_plan};
use tandem::graph::Analysis;
use tandem::model::ActivityId;
use tandem::solve::{PriorityRule, Sgs};
use tandem::{PlanOptions, Problem, SolveOptions, read_psplib, solve};

fn j60() -> Problem {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/psplib/j6013_5.sm");
    read_psplib(&path).expect("bundled j60 instance")
}

fn plan(tasks: usize) -> Problem {
    let params = GeneratorParams {
        seed: 7,
        ..GeneratorParams::scaled(tasks)
    };
    generate_plan(&params)
        .problem(&PlanOptions::default())
        .expect("generated plan is valid")
}

/// Every priority rule's list: the decode cycles through them.
fn lists(p: &Problem) -> Vec<Vec<ActivityId>> {
    let cpm = Analysis::new(p);
    PriorityRule::WEIGHTED
        .iter()
        .map(|r| r.activity_list(p, &cpm))
        .collect()
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("sgs");
    for (name, p) in [("j60", j60()), ("plan2000", plan(2_000))] {
        let lists = lists(&p);
        let mut sgs = Sgs::new(&p);
        group.throughput(Throughput::Elements(1));
        let mut k = 0;
        group.bench_function(BenchmarkId::new("decode", name), |b| {
            b.iter(|| {
                k = (k + 1) % lists.len();
                black_box(sgs.decode(black_box(&lists[k]), None))
            })
        });
        group.bench_function(BenchmarkId::new("decode_justify", name), |b| {
            b.iter(|| {
                k = (k + 1) % lists.len();
                sgs.decode(black_box(&lists[k]), None);
                black_box(sgs.improve(1))
            })
        });
    }
    group.finish();
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.sample_size(10);
    let options = SolveOptions::default()
        .with_time_limit(Duration::from_secs(1))
        .with_threads(2)
        .expect("a valid thread count");
    for (name, p) in [("j60", j60()), ("plan2000", plan(2_000))] {
        // the time is the limit by design: the quality is the figure to watch
        let s = solve(&p, &options);
        println!(
            "search/solve_1s/{name}: objective {}, lower bound {}, {:?}",
            s.objective,
            s.lower_bound(),
            s.status
        );
        group.bench_with_input(BenchmarkId::new("solve_1s", name), &p, |b, p| {
            b.iter(|| solve(black_box(p), &options).objective)
        });
    }
    group.finish();
}

fn work(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.sample_size(10);
    let options = SolveOptions::default()
        .with_work_limit(0.5)
        .and_then(|o| o.with_threads(1))
        .expect("valid options");
    let p = plan(2_000);
    group.bench_with_input(BenchmarkId::new("solve_work", "plan2000"), &p, |b, p| {
        b.iter(|| solve(black_box(p), &options).objective)
    });
    group.finish();
}

criterion_group!(benches, decode, search, work);
criterion_main!(benches);
