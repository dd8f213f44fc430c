//! Scale (issue 19, point 3): the time to the first valid schedule of a
//! generated portfolio of 10,000, 30,000 and 100,000 tasks (a solve with a
//! time limit of 0 returns the first schedule it has: bounds cut short, one
//! priority-rule decode, the checker-ready schedule). Peak memory is
//! measured outside criterion, with `/usr/bin/time -v tandem plan`.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use tandem::generate::{GeneratorParams, generate_plan};
use tandem::{PlanOptions, Problem, SolveOptions, solve};

/// A generated portfolio: `tasks` tasks, `goals` goals, `teams` teams, seed 1.
fn portfolio(tasks: usize, goals: usize, teams: usize) -> Problem {
    let params = GeneratorParams {
        tasks,
        goals,
        teams,
        seed: 1,
        ..GeneratorParams::default()
    };
    generate_plan(&params)
        .problem(&PlanOptions::default())
        .expect("generated plan is valid")
}

fn first_schedule(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_schedule");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    let options = SolveOptions::default().with_time_limit(Duration::ZERO);
    for (name, tasks, goals, teams) in [
        ("tasks10k", 10_000, 600, 40),
        ("tasks30k", 30_000, 2_000, 100),
        ("tasks100k", 100_000, 6_000, 200),
    ] {
        let p = portfolio(tasks, goals, teams);
        group.bench_function(name, |b| b.iter(|| solve(&p, &options)));
    }
    group.finish();
}

criterion_group!(benches, first_schedule);
criterion_main!(benches);
