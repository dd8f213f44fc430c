//! Compare tandem's search with OR-Tools CP-SAT on a plan
//! (`scripts/cpsat/README.md`).
//!
//! ```text
//! cargo run --release --example cpsat_export -- PLAN_DIR SECONDS > plan.json
//! python3 scripts/cpsat/cpsat.py plan.json 30 hint plan.sol
//! cargo run --release --example cpsat_export -- --check PLAN_DIR plan.sol
//! ```
//! The first form solves the plan with tandem (`SECONDS`, 2 threads) and
//! prints the model (activities with their modes, precedences, goals,
//! capacity steps) with tandem's schedule as JSON; the script's model
//! starts from that schedule with `hint`. The `--check` form reads a
//! solution (`start mode` per line, in activity order) and checks it with
//! tandem's independent checker, printing its objective.

use std::fmt::Write as _;
use std::path::PathBuf;

use tandem::model::{ActivityId, GoalId};
use tandem::schedule::{Assignment, Schedule};
use tandem::solve::solve;
use tandem::{Objective, PlanOptions, SolveOptions, read_plan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, dir, sol] if flag == "--check" => check(dir, sol),
        [dir, secs] => export(dir, secs.parse()?),
        _ => Err("usage: cpsat_export PLAN_DIR SECONDS | --check PLAN_DIR SOLUTION".into()),
    }
}

fn export(dir: &str, secs: f64) -> Result<(), Box<dyn std::error::Error>> {
    let problem = read_plan(&PathBuf::from(dir), &PlanOptions::default())?;
    let w = match problem.objective() {
        Objective::Weighted { lateness_weight } => lateness_weight,
        Objective::Makespan => return Err("the export is for weighted plans".into()),
    };
    let options = SolveOptions::default()
        .with_time_limit_secs(secs)?
        .with_threads(2)?;
    let s = solve(&problem, &options);
    let mut out = format!(
        "{{\"w\":{w},\"objective\":{},\"bound\":{},\"resources\":[",
        s.objective,
        s.bounds.best()
    );
    for (i, r) in problem.resources().iter().enumerate() {
        let steps: Vec<String> = r
            .capacity
            .steps()
            .iter()
            .map(|(from, cap)| format!("[{from},{cap}]"))
            .collect();
        let sep = if i > 0 { "," } else { "" };
        write!(
            out,
            "{sep}{{\"max\":{},\"steps\":[{}]}}",
            r.capacity.max(),
            steps.join(",")
        )?;
    }
    out.push_str("],\"activities\":[");
    for (j, a) in problem.activities().iter().enumerate() {
        let modes: Vec<String> = a
            .modes
            .iter()
            .map(|m| {
                let d: Vec<String> = m
                    .demands
                    .iter()
                    .map(|d| format!("[{},{}]", d.resource.index(), d.amount))
                    .collect();
                format!("{{\"d\":{},\"dem\":[{}]}}", m.duration, d.join(","))
            })
            .collect();
        let pin = a
            .pin
            .map_or("null".to_string(), |p| format!("[{},{}]", p.start, p.mode));
        let at = s.schedule.get(ActivityId::from_index(j));
        let sep = if j > 0 { "," } else { "" };
        write!(
            out,
            "{sep}{{\"release\":{},\"pin\":{pin},\"modes\":[{}],\"start\":{},\"mode\":{}}}",
            a.release,
            modes.join(","),
            at.start,
            at.mode
        )?;
    }
    let edges: Vec<String> = problem
        .precedences()
        .iter()
        .map(|p| format!("[{},{},{}]", p.from.index(), p.to.index(), p.lag))
        .collect();
    write!(out, "],\"edges\":[{}],\"goals\":[", edges.join(","))?;
    for (g, goal) in problem.goals().iter().enumerate() {
        let members: Vec<String> = problem
            .goal_members(GoalId::from_index(g))
            .iter()
            .map(|a| a.index().to_string())
            .collect();
        let due = goal.due.map_or("null".to_string(), |d| d.to_string());
        let sep = if g > 0 { "," } else { "" };
        write!(
            out,
            "{sep}{{\"p\":{},\"due\":{due},\"lb\":{},\"members\":[{}]}}",
            goal.priority,
            s.bounds.goal_finish[g],
            members.join(",")
        )?;
    }
    out.push_str("]}");
    println!("{out}");
    Ok(())
}

fn check(dir: &str, sol: &str) -> Result<(), Box<dyn std::error::Error>> {
    let problem = read_plan(&PathBuf::from(dir), &PlanOptions::default())?;
    let mut assignments = Vec::new();
    for line in std::fs::read_to_string(sol)?.lines() {
        let mut parts = line.split_whitespace();
        let (Some(start), Some(mode)) = (parts.next(), parts.next()) else {
            return Err(format!("bad line {line:?}").into());
        };
        assignments.push(Assignment {
            start: start.parse()?,
            mode: mode.parse()?,
        });
    }
    if assignments.len() != problem.len() {
        return Err(format!("{} lines for {} tasks", assignments.len(), problem.len()).into());
    }
    match Schedule::new(assignments).check(&problem) {
        Ok(report) => println!("valid: objective {}", report.objective),
        Err(failure) => println!("INVALID: {:?}", failure.violations),
    }
    Ok(())
}
