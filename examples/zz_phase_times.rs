// scratch (not committed): times read, solve, check, render and write of a plan
use std::time::{Duration, Instant};
use tandem::*;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(&args[1]);
    let limit: f64 = args[2].parse().unwrap();
    let t = Instant::now();
    let p = read_plan(dir, &PlanOptions::default()).unwrap();
    let read = t.elapsed();
    let t = Instant::now();
    let s = solve_replan(
        &p,
        &SolveOptions::default().with_time_limit(Duration::from_secs_f64(limit)),
        &WarmStart::default(),
        None,
    );
    let solve = t.elapsed();
    let t = Instant::now();
    s.schedule.check(&p).unwrap();
    let check = t.elapsed();
    let t = Instant::now();
    let html = report_html(&p, &s, &ReportOptions::default()).unwrap();
    let mmd = mermaid_gantt(&p, &s.schedule, &MermaidOptions::default()).unwrap();
    let render = t.elapsed();
    let t = Instant::now();
    write_plan_outputs_with(
        std::path::Path::new("/tmp/zz_out"),
        &p,
        &s,
        vec![
            ("report.html", html.into_bytes()),
            ("schedule.mmd", mmd.into_bytes()),
        ],
    )
    .unwrap();
    let write = t.elapsed();
    println!(
        "read {:.3} solve {:.3} check {:.3} render {:.3} write {:.3}",
        read.as_secs_f64(),
        solve.as_secs_f64(),
        check.as_secs_f64(),
        render.as_secs_f64(),
        write.as_secs_f64()
    );
}
