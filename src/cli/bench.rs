//! `tandem bench`: every instance of a folder, one CSV row each, a summary
//! against reference values.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressStyle};
use tandem::graph::Analysis;
use tandem::output::write_atomic;
use tandem::{PlanOptions, Problem, Status, read_plan, read_psplib, solve};

use super::args::{BenchArgs, BenchCommand, MergeArgs};
use super::failure::Failure;
use super::options::search_options;
use super::paths::{Output, PLAN_INPUTS, check_outputs};

/// Reference values of one instance.
#[derive(Clone, Copy, Debug)]
struct Reference {
    cpm_lb: f64,
    best_ub: f64,
    /// Empty in the file when no lower bound is known.
    best_lb: Option<f64>,
}

/// One instance's result.
struct Row {
    instance: String,
    objective: f64,
    lower_bound: f64,
    status: Status,
    seconds: f64,
    cpm: f64,
    reference: Option<Reference>,
}

/// An instance to run: a PSPLIB file or a plan folder.
enum Instance {
    Psplib(PathBuf),
    Plan(PathBuf),
}

impl Instance {
    fn name(&self) -> String {
        let p = match self {
            Instance::Psplib(p) | Instance::Plan(p) => p,
        };
        let stem = if matches!(self, Instance::Psplib(_)) {
            p.file_stem()
        } else {
            p.file_name()
        };
        stem.map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    }

    fn read(&self) -> Result<Problem, tandem::InputError> {
        match self {
            Instance::Psplib(p) => read_psplib(p),
            Instance::Plan(p) => read_plan(p, &PlanOptions::default()),
        }
    }
}

/// Runs the benchmark (or `tandem bench merge`).
pub fn bench(args: BenchArgs) -> Result<(), Failure> {
    if let Some(BenchCommand::Merge(m)) = args.merge {
        return merge(m);
    }
    let (Some(dir), Some(out_path)) = (args.dir.as_deref(), args.out.as_deref()) else {
        return Err(Failure::Usage(anyhow!("bench needs DIR and --out")));
    };
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    let options = search_options(&args.search)?;
    let mut instances = list_instances(dir).map_err(Failure::Usage)?;
    if let Some(n) = args.limit {
        instances.truncate(n);
    }
    if instances.is_empty() {
        return Err(Failure::Usage(anyhow!(
            "{}: no PSPLIB files (.sm, .mm) or plan folders found",
            dir.display()
        )));
    }
    // a shard: every N-th instance in name order, from the I-th (an empty
    // shard writes a results file without rows)
    if let Some((i, n)) = shard {
        instances = instances
            .into_iter()
            .enumerate()
            .filter(|(k, _)| k % n == i)
            .map(|(_, inst)| inst)
            .collect();
    }
    let reference_path = args.reference.clone().or_else(|| {
        let p = dir.join("reference.csv");
        p.exists().then_some(p)
    });
    let mut inputs: Vec<PathBuf> = reference_path.iter().cloned().collect();
    for inst in &instances {
        match inst {
            Instance::Psplib(p) => inputs.push(p.clone()),
            Instance::Plan(p) => inputs.extend(PLAN_INPUTS.iter().map(|f| p.join(f))),
        }
    }
    let out = Output::File {
        flag: "--out",
        path: out_path,
    };
    check_outputs(&[out], &inputs)?;
    let references = match &reference_path {
        Some(p) => read_reference(p).map_err(Failure::Usage)?,
        None => BTreeMap::new(),
    };
    // read everything first: a bad instance stops the run before any solving
    let mut problems = Vec::with_capacity(instances.len());
    let mut issues = Vec::new();
    for inst in &instances {
        match inst.read() {
            Ok(p) => problems.push((inst.name(), p)),
            Err(e) => issues.extend(e.issues),
        }
    }
    if !issues.is_empty() {
        return Err(Failure::Input(tandem::InputError { issues }));
    }

    let bar = if !args.search.quiet && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(problems.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} [{elapsed} < {eta}]")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let started = Instant::now();
    let mut rows = Vec::with_capacity(problems.len());
    for (name, problem) in &problems {
        if let Some(bar) = &bar {
            bar.set_message(name.clone());
        }
        let solution = solve(problem, &options);
        let report = solution.schedule.check(problem).map_err(|e| {
            Failure::Infeasible(anyhow!("{name}: the schedule failed the checker: {e}"))
        })?;
        if (report.objective - solution.objective).abs() > 1e-6 * solution.objective.abs().max(1.0)
        {
            return Err(Failure::Infeasible(anyhow!(
                "{name}: objective mismatch {} vs checker {}",
                solution.objective,
                report.objective
            )));
        }
        rows.push(Row {
            instance: name.clone(),
            objective: solution.objective,
            lower_bound: solution.lower_bound(),
            status: solution.status,
            seconds: solution.seconds,
            cpm: f64::from(Analysis::new(problem).makespan_bound),
            reference: references.get(name).copied(),
        });
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let wall = started.elapsed().as_secs_f64();
    write_atomic(out_path, results_csv(&rows).as_bytes())
        .with_context(|| format!("writing {}", out_path.display()))
        .map_err(Failure::Output)?;
    if !args.search.quiet {
        let n = rows.len().max(1) as f64;
        let timing = format!("in {wall:.1} s ({:.2} s each)", wall / n);
        out!("{}", summary(&rows, &timing, out_path));
    }
    Ok(())
}

/// `--shard I/N`: `(I, N)` with `N >= 1` and `I < N`.
fn parse_shard(text: &str) -> Result<(usize, usize), Failure> {
    let bad = || {
        Failure::Usage(anyhow!(
            "--shard `{text}`: expected I/N with whole numbers, N at least 1 and I from 0 to N-1 (e.g. 0/4)"
        ))
    };
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n) = (
        i.trim().parse::<usize>().map_err(|_| bad())?,
        n.trim().parse::<usize>().map_err(|_| bad())?,
    );
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

/// `tandem bench merge`: the shards' rows in name order, with the summary
/// of the whole run (its time: the sum of the instances' solve times).
fn merge(args: MergeArgs) -> Result<(), Failure> {
    let out = Output::File {
        flag: "--out",
        path: &args.out,
    };
    check_outputs(&[out], &args.parts)?;
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut problems = Vec::new();
    for part in &args.parts {
        match read_results(part) {
            Ok(part_rows) => {
                for row in part_rows {
                    if let Some(first) = seen.get(&row.instance) {
                        problems.push(format!(
                            "{}: instance `{}` is also in {}: a shard given twice, or shards of different runs",
                            part.display(),
                            row.instance,
                            first.display()
                        ));
                        continue;
                    }
                    seen.insert(row.instance.clone(), part.clone());
                    rows.push(row);
                }
            }
            Err(e) => problems.push(format!("{e:#}")),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Usage(anyhow!("{}", problems.join("\n"))));
    }
    rows.sort_by_cached_key(|r| natural_key(&r.instance));
    write_atomic(&args.out, results_csv(&rows).as_bytes())
        .with_context(|| format!("writing {}", args.out.display()))
        .map_err(Failure::Output)?;
    if !args.quiet {
        let solving: f64 = rows.iter().map(|r| r.seconds).sum();
        let timing = format!("from {} parts, {solving:.1} s of solving", args.parts.len());
        out!("{}", summary(&rows, &timing, &args.out));
    }
    Ok(())
}

/// Cell `c` of `record` (line `line` of the CSV file `path`) as a number.
fn number(
    path: &Path,
    header: &csv::StringRecord,
    record: &csv::StringRecord,
    line: usize,
    c: usize,
) -> anyhow::Result<f64> {
    let v = record.get(c).unwrap_or("");
    v.parse::<f64>().map_err(|_| {
        anyhow!(
            "{}:{line}: column `{}`: `{v}` is not a number",
            path.display(),
            header.get(c).unwrap_or("")
        )
    })
}

/// The rows of a results CSV written by `tandem bench`.
fn read_results(path: &Path) -> anyhow::Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let header = reader
        .headers()
        .with_context(|| format!("{}: no header", path.display()))?
        .clone();
    let col = |name: &str| header.iter().position(|h| h == name);
    let need = |name: &str| {
        col(name).ok_or_else(|| {
            anyhow!(
                "{}: missing column `{name}` (not a results file of `tandem bench`)",
                path.display()
            )
        })
    };
    let (ci, co, cl, cs, cd, cc) = (
        need("instance")?,
        need("objective")?,
        need("lower_bound")?,
        need("status")?,
        need("seconds")?,
        need("cpm")?,
    );
    let reference = match (col("cpm_lb"), col("best_ub"), col("best_lb")) {
        (Some(a), Some(b), Some(c)) => Some((a, b, c)),
        _ => None,
    };
    let mut rows = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let line = k + 2;
        let record = record.with_context(|| format!("{}:{line}", path.display()))?;
        let cell = |c: usize| record.get(c).unwrap_or("");
        let num = |c: usize| number(path, &header, &record, line, c);
        let status = match cell(cs) {
            "optimal" => Status::Optimal,
            "feasible" => Status::Feasible,
            other => {
                return Err(anyhow!(
                    "{}:{line}: column `status`: `{other}` is not `optimal` or `feasible`",
                    path.display()
                ));
            }
        };
        let reference = match reference {
            Some((a, b, c)) if !cell(a).is_empty() => Some(Reference {
                cpm_lb: num(a)?,
                best_ub: num(b)?,
                best_lb: if cell(c).is_empty() {
                    None
                } else {
                    Some(num(c)?)
                },
            }),
            _ => None,
        };
        rows.push(Row {
            instance: cell(ci).to_string(),
            objective: num(co)?,
            lower_bound: num(cl)?,
            status,
            seconds: num(cd)?,
            cpm: num(cc)?,
            reference,
        });
    }
    Ok(rows)
}

fn list_instances(dir: &Path) -> anyhow::Result<Vec<Instance>> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read folder {}", dir.display()))?;
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && path.join("tasks.csv").exists() {
            found.push(Instance::Plan(path));
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("sm") | Some("mm")
        ) && is_instance(&path)
        {
            found.push(Instance::Psplib(path));
        }
    }
    found.sort_by_key(|i| natural_key(&i.name()));
    Ok(found)
}

/// PSPLIB folders also hold result files with the same extension
/// (`j30opt.sm`, `j60hrs.sm`); instances have a precedence section.
fn is_instance(path: &Path) -> bool {
    std::fs::read_to_string(path).map_or(true, |text| text.contains("PRECEDENCE RELATIONS"))
}

/// Sorts `j301_10` after `j301_9`: digit runs compare as numbers.
fn natural_key(s: &str) -> Vec<(u8, u64, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        let mut run = String::new();
        let digits = c.is_ascii_digit();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() != digits {
                break;
            }
            run.push(d);
            chars.next();
        }
        if digits {
            out.push((1, run.parse().unwrap_or(u64::MAX), run));
        } else {
            out.push((0, 0, run));
        }
    }
    out
}

fn read_reference(path: &Path) -> anyhow::Result<BTreeMap<String, Reference>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let header = reader.headers()?.clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| anyhow!("{}: missing column `{name}`", path.display()))
    };
    let (ci, cc, cu, cl) = (
        col("instance")?,
        col("cpm_lb")?,
        col("best_ub")?,
        col("best_lb")?,
    );
    let mut out = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: line {}", path.display(), i + 2))?;
        let num = |c: usize| number(path, &header, &record, i + 2, c);
        out.insert(
            record.get(ci).unwrap_or("").to_string(),
            Reference {
                cpm_lb: num(cc)?,
                best_ub: num(cu)?,
                best_lb: match record.get(cl).unwrap_or("") {
                    "" => None,
                    _ => Some(num(cl)?),
                },
            },
        );
    }
    Ok(out)
}

fn results_csv(rows: &[Row]) -> String {
    let with_ref = rows.iter().any(|r| r.reference.is_some());
    let mut s = String::from("instance,objective,lower_bound,status,seconds");
    if with_ref {
        s.push_str(",cpm_lb,best_ub,best_lb");
    }
    s.push_str(",cpm\n");
    for r in rows {
        let _ = write!(
            s,
            "{},{},{},{},{:.3}",
            r.instance,
            r.objective,
            r.lower_bound,
            r.status.as_str(),
            r.seconds
        );
        if with_ref {
            match r.reference {
                Some(x) => {
                    let lb = x.best_lb.map_or(String::new(), |v| v.to_string());
                    let _ = write!(s, ",{},{},{lb}", x.cpm_lb, x.best_ub);
                }
                None => s.push_str(",,,"),
            }
        }
        let _ = writeln!(s, ",{}", r.cpm);
    }
    s
}

fn summary(rows: &[Row], timing: &str, out: &Path) -> String {
    let n = rows.len().max(1) as f64;
    let mut s = String::new();
    let optimal = rows.iter().filter(|r| r.status == Status::Optimal).count();
    let _ = writeln!(s, "instances:           {} {timing}", rows.len());
    let dev_cpm: f64 = rows
        .iter()
        .map(|r| {
            let cpm = r.reference.map_or(r.cpm, |x| x.cpm_lb);
            if cpm > 0.0 {
                (r.objective - cpm) / cpm
            } else {
                0.0
            }
        })
        .sum::<f64>()
        / n;
    let _ = writeln!(
        s,
        "avg dev from CPM:    {:.2}%  (PSPLIB makespan vs critical path)",
        100.0 * dev_cpm
    );
    let _ = writeln!(s, "proven optimal:      {optimal}");
    let with_ref: Vec<(&Row, Reference)> = rows
        .iter()
        .filter_map(|r| r.reference.map(|x| (r, x)))
        .collect();
    if !with_ref.is_empty() {
        let m = with_ref.len() as f64;
        let dev_best = with_ref
            .iter()
            .map(|(r, x)| (r.objective - x.best_ub) / x.best_ub)
            .sum::<f64>()
            / m;
        let at_best = with_ref
            .iter()
            .filter(|(r, x)| r.objective <= x.best_ub + 1e-9)
            .count();
        let at_opt = with_ref
            .iter()
            .filter(|(r, x)| {
                x.best_lb.is_some_and(|lb| lb >= x.best_ub) && r.objective <= x.best_ub + 1e-9
            })
            .count();
        let _ = writeln!(
            s,
            "avg dev from best:   {:.3}%  ({} of {} at the best known, {at_opt} at a proven optimum)",
            100.0 * dev_best,
            at_best,
            with_ref.len()
        );
    }
    let _ = writeln!(s, "wrote:               {}", out.display());
    s
}
