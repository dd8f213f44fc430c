//! Forecasts: scenarios per second of the plan run as a policy, on rayon's
//! threads (all cores): 1,000 scenarios of a generated 2,000-task plan and
//! 10,000 scenarios of the bundled example roadmap (issue 18's targets:
//! each under 1 s on 2 cores).

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use tandem::generate::{GeneratorParams, generate_plan};
use tandem::model::EffortRange;
use tandem::solve::forecast::{ForecastOptions, forecast, has_ranges};
use tandem::{PlanOptions, Problem, Schedule, SolveOptions, read_plan, solve};

fn generated(tasks: usize) -> Problem {
    let params = GeneratorParams {
        seed: 7,
        ..GeneratorParams::scaled(tasks)
    };
    let p = generate_plan(&params)
        .problem(&PlanOptions::default())
        .expect("generated plan is valid");
    with_ranges(p)
}

/// Ranges `0.8 e ..= 1.8 e` on every task when the plan has none.
fn with_ranges(mut p: Problem) -> Problem {
    if has_ranges(&p) {
        return p;
    }
    let ids: Vec<_> = p.activity_ids().collect();
    for a in ids {
        let effort = p
            .activity(a)
            .spec
            .as_ref()
            .map_or(0.0, |s| s.alternatives[0].effort);
        if effort > 0.0 {
            let range = EffortRange::new(0.8 * effort, effort, 1.8 * effort);
            p.set_effort_range(a, Some(range)).expect("a valid range");
        }
    }
    p
}

fn planned(p: &Problem) -> Schedule {
    let options = SolveOptions::default()
        .with_work_limit(0.5)
        .expect("a valid work limit");
    solve(p, &options).schedule
}

fn scenarios(c: &mut Criterion) {
    let roadmap = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/roadmap");
    let roadmap =
        with_ranges(read_plan(&roadmap, &PlanOptions::default()).expect("bundled roadmap"));
    let plan2000 = generated(2_000);
    let mut group = c.benchmark_group("forecast");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for (name, p, samples) in [
        ("plan2000_x1000", &plan2000, 1_000),
        ("roadmap_x10000", &roadmap, 10_000),
    ] {
        let schedule = planned(p);
        let options = ForecastOptions { samples, seed: 1 };
        group.bench_function(name, |b| b.iter(|| forecast(p, &schedule, &options)));
    }
    group.finish();
}

criterion_group!(benches, scenarios);
criterion_main!(benches);
