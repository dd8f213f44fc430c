//! The pipeline on generated plans of 1k and 10k tasks: parse + validate,
//! graph analysis, the first schedule, and all of it together.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tandem::generate::{GeneratorParams, generate_plan};
use tandem::graph::Analysis;
use tandem::{PlanOptions, SolveOptions, read_plan, solve};

fn plan_dir(tasks: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-bench-{}-{tasks}", std::process::id()));
    let params = GeneratorParams {
        seed: 42,
        ..GeneratorParams::scaled(tasks)
    };
    generate_plan(&params)
        .write_to(&dir)
        .expect("write generated plan");
    dir
}

fn first_schedule() -> SolveOptions {
    SolveOptions::default().with_time_limit(Duration::ZERO)
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    for tasks in [1_000usize, 10_000] {
        let dir = plan_dir(tasks);
        let options = PlanOptions::default();
        let problem = read_plan(&dir, &options).expect("generated plan is valid");
        group.bench_with_input(BenchmarkId::new("parse_validate", tasks), &dir, |b, dir| {
            b.iter(|| read_plan(black_box(dir), &options).expect("valid"))
        });
        group.bench_with_input(BenchmarkId::new("graph", tasks), &problem, |b, p| {
            b.iter(|| Analysis::new(black_box(p)))
        });
        group.bench_with_input(
            BenchmarkId::new("first_schedule", tasks),
            &problem,
            |b, p| b.iter(|| solve(black_box(p), &first_schedule())),
        );
        group.bench_with_input(BenchmarkId::new("end_to_end", tasks), &dir, |b, dir| {
            b.iter(|| {
                let p = read_plan(black_box(dir), &options).expect("valid");
                solve(&p, &first_schedule())
            })
        });
        let _ = std::fs::remove_dir_all(&dir);
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
