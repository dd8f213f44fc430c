//! `tandem solve` on the PSPLIB fixtures in data/psplib.

use super::util::{read_csv, read_summary, root, stderr, tandem, temp_dir};
use tandem::schedule::Assignment;
use tandem::{Schedule, read_psplib};

#[test]
fn solves_every_fixture_validly() {
    let (_, refs) = read_csv(&root().join("data/psplib/reference.csv"));
    assert!(!refs.is_empty());
    for r in refs {
        let (name, cpm_lb, best_ub, best_lb) = (
            &r[0],
            r[1].parse::<f64>().unwrap(),
            r[2].parse::<f64>().unwrap(),
            r[3].parse::<f64>().unwrap(),
        );
        // j30 runs on a deterministic work limit, not a clock: whether the
        // optimum is reached cannot depend on how loaded the machine is (one
        // unit reaches every bundled j30 optimum)
        let j30 = name.starts_with("j30");
        let file = root().join("data/psplib").join(format!("{name}.sm"));
        let out = temp_dir("sm");
        let o = tandem(&[
            "solve",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            if j30 { "--work-limit" } else { "--time-limit" },
            "1",
        ]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let summary = read_summary(&out);
        let makespan = summary["objective"].as_f64().unwrap();
        assert_eq!(makespan, summary["makespan"].as_f64().unwrap());
        assert!(
            makespan >= best_lb,
            "{name}: {makespan} below the proven bound {best_lb}"
        );
        let lb = summary["lower_bound"].as_f64().unwrap();
        assert!(lb >= cpm_lb && lb <= makespan, "{name}: bound {lb}");
        // the known optimum (or the best known upper bound when it is not
        // proven) caps every valid lower bound
        assert!(
            lb <= best_ub,
            "{name}: lower bound {lb} above the best known makespan {best_ub}"
        );
        if best_lb == best_ub {
            // lower_bound <= known optimum <= makespan
            assert!(
                lb <= best_lb && best_lb <= makespan,
                "{name}: {lb} {best_lb} {makespan}"
            );
            if j30 {
                assert_eq!(
                    makespan, best_lb,
                    "{name}: j30 optimum {best_lb} not reached"
                );
            }
        }
        if summary["status"] == "optimal" {
            assert_eq!(lb, makespan, "{name}: optimal but bound {lb} < {makespan}");
            assert!(
                best_lb <= makespan && makespan <= best_ub,
                "{name}: {makespan}"
            );
        }

        // rebuild the schedule from the CSV and run the library checker on it
        let problem = read_psplib(&file).unwrap();
        let (header, rows) = read_csv(&out.join("schedule.csv"));
        assert_eq!(header, ["task", "mode", "start", "finish"]);
        let mut assignments = vec![Assignment { start: 0, mode: 0 }; problem.len()];
        for row in &rows {
            let job: usize = row[0].parse().unwrap();
            assignments[job - 1] = Assignment {
                start: row[2].parse().unwrap(),
                mode: row[1].parse::<usize>().unwrap() - 1,
            };
        }
        assert_eq!(rows.len(), problem.len());
        let report = Schedule::new(assignments).check(&problem).unwrap();
        assert_eq!(f64::from(report.makespan), makespan);
    }
}

#[test]
fn bench_runs_the_folder_and_reads_the_reference() {
    let out = temp_dir("bench").join("results.csv");
    let dir = root().join("data/psplib");
    let o = tandem(&[
        "bench",
        dir.to_str().unwrap(),
        "--time-limit",
        "0.2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(text.contains("avg dev from best"), "{text}");
    let (header, rows) = read_csv(&out);
    assert_eq!(
        header,
        [
            "instance",
            "objective",
            "lower_bound",
            "status",
            "seconds",
            "cpm_lb",
            "best_ub",
            "best_lb",
            "cpm"
        ]
    );
    let files = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            let p = e.as_ref().unwrap().path();
            matches!(p.extension().and_then(|x| x.to_str()), Some("sm" | "mm"))
        })
        .count();
    assert_eq!(rows.len(), files);
    for r in &rows {
        let (obj, lb) = (r[1].parse::<f64>().unwrap(), r[2].parse::<f64>().unwrap());
        assert!(lb <= obj, "{r:?}");
        if r[3] == "optimal" {
            assert_eq!(lb, obj, "{r:?}");
        }
        if !r[7].is_empty() {
            assert!(obj >= r[7].parse::<f64>().unwrap(), "{r:?}");
        }
    }
}

/// `--shard I/N` runs and `tandem bench merge` give the unsharded run's
/// results (all but the solve times), with a work limit: the same seeds,
/// the same schedules.
#[test]
fn sharded_bench_runs_merge_into_the_unsharded_results() {
    let dir = temp_dir("bench-shards");
    let psplib = root().join("data/psplib");
    let psplib = psplib.to_str().unwrap();
    let run = |args: &[&str]| {
        let o = tandem(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    };
    let all = dir.join("all.csv");
    let limit = ["--work-limit", "0.05", "--seed", "3"];
    let with = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        v.extend(limit.iter().map(|s| s.to_string()));
        v
    };
    let args = with(&["bench", psplib, "--out", all.to_str().unwrap(), "-q"]);
    run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let mut parts = Vec::new();
    for i in 0..4 {
        let part = dir.join(format!("part{i}.csv"));
        let shard = format!("{i}/4");
        let args = with(&[
            "bench",
            psplib,
            "--shard",
            &shard,
            "--out",
            part.to_str().unwrap(),
            "-q",
        ]);
        run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        parts.push(part);
    }
    let merged = dir.join("merged.csv");
    let mut args = vec!["bench", "merge"];
    // in any order
    for p in parts.iter().rev() {
        args.push(p.to_str().unwrap());
    }
    args.extend(["--out", merged.to_str().unwrap()]);
    run(&args);
    let without_seconds = |path: &std::path::Path| {
        let (header, rows) = read_csv(path);
        let s = header.iter().position(|h| h == "seconds").unwrap();
        let keep = |r: &Vec<String>| -> Vec<String> {
            r.iter()
                .enumerate()
                .filter(|&(k, _)| k != s)
                .map(|(_, x)| x.clone())
                .collect()
        };
        (keep(&header), rows.iter().map(keep).collect::<Vec<_>>())
    };
    let (a, b) = (without_seconds(&all), without_seconds(&merged));
    assert_eq!(a, b);
    assert_eq!(a.1.len(), 9);
    // the same part twice is refused, nothing written
    let twice = dir.join("twice.csv");
    let p0 = parts[0].to_str().unwrap();
    let o = tandem(&["bench", "merge", p0, p0, "--out", twice.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is also in"), "{}", stderr(&o));
    assert!(!twice.exists());
    // a shard out of range
    let o = tandem(&[
        "bench",
        psplib,
        "--shard",
        "4/4",
        "--out",
        twice.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--shard"), "{}", stderr(&o));
}
