//! Ranged estimates (`effort_low`, `effort_high` in tasks.csv, FORMAT.md
//! additions v4) through the CLI: bad ranges are input errors reported all
//! at once, and `tandem generate` writes ranges unless `--no-ranges`.

use std::path::Path;

use tandem::{PlanOptions, read_plan};

use super::util::{stderr, tandem, temp_dir};

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A plan whose tasks.csv has every kind of bad range (and one unrelated
/// problem, which is reported with them).
fn write_bad_plan(dir: &Path) {
    std::fs::write(dir.join("teams.csv"), "team,capacity\nbackend,3\n").unwrap();
    std::fs::write(dir.join("goals.csv"), "goal,priority\ncore,1\n").unwrap();
    std::fs::write(
        dir.join("tasks.csv"),
        "task,goal,effort,teams,effort_low,effort_high\n\
         ok,core,10,backend,8,20\n\
         word,core,10,backend,eight,\n\
         neg,core,10,backend,-2,12\n\
         inf,core,10,backend,,inf\n\
         low,core,10,backend,11,14\n\
         high,core,10,backend,8,9\n\
         ms,core,0,backend,,5\n\
         other,core,-3,backend,,\n",
    )
    .unwrap();
}

#[test]
fn bad_ranges_exit_2_with_every_message_and_write_nothing() {
    let dir = temp_dir("ranges-bad");
    write_bad_plan(&dir);
    let out = dir.join("out");
    let o = tandem(&["plan", s(&dir), "--out", s(&out), "--work-limit", "0.2"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for want in [
        "tasks.csv:3: column `effort_low`: `eight` is not a number",
        "tasks.csv:4: column `effort_low`: `-2` is out of range: effort_low must be >= 0",
        "tasks.csv:5: column `effort_high`: `inf` is not a number",
        "tasks.csv:6: column `effort_low`: `11` is out of range: low above most likely: effort_low must be at most effort (10)",
        "tasks.csv:7: column `effort_high`: `9` is out of range: high below most likely: effort_high must be at least effort (10)",
        "tasks.csv:8: column `effort_high`: `5` is out of range: a milestone (effort 0) cannot have a range of non-zero width: its effort cannot be scaled",
        "tasks.csv:9: column `effort`: `-3` is out of range: effort must be >= 0",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
    assert!(!err.contains("tasks.csv:2:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out.exists(), "created {}", out.display());
}

#[test]
fn generated_plans_read_back_with_ranges_unless_no_ranges() {
    let dir = temp_dir("ranges-generate");
    let (with, without) = (dir.join("with"), dir.join("without"));
    for (out, extra) in [(&with, None), (&without, Some("--no-ranges"))] {
        let mut args = vec!["generate", "--tasks", "120", "--seed", "5", "--out", s(out)];
        args.extend(extra);
        let o = tandem(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    for f in ["teams.csv", "calendar.csv", "goals.csv"] {
        let read = |d: &Path| std::fs::read(d.join(f)).unwrap();
        assert_eq!(read(&with), read(&without), "{f}");
    }
    let options = PlanOptions::default();
    let p = read_plan(&with, &options).expect("generated plan reads back");
    let q = read_plan(&without, &options).expect("generated plan reads back");
    assert_eq!(p.len(), 120);
    assert_eq!(p.len(), q.len());
    let mut ranged = 0;
    for (a, b) in p.activities().iter().zip(q.activities()) {
        let (sa, sb) = (a.spec.as_ref().unwrap(), b.spec.as_ref().unwrap());
        // otherwise identical
        assert_eq!(a.id, b.id);
        assert_eq!(a.modes, b.modes, "{}", a.id);
        assert_eq!(sa.alternatives, sb.alternatives, "{}", a.id);
        assert_eq!(sb.range, None, "{}", b.id);
        let effort = sa.alternatives[0].effort;
        match sa.range {
            Some(r) => {
                ranged += 1;
                assert!(r.low <= r.likely && r.likely <= r.high, "{}: {r:?}", a.id);
                assert!(r.likely > 0.0, "{}: {r:?}", a.id);
            }
            None => assert_eq!(effort, 0.0, "{}: a task without a range", a.id),
        }
    }
    assert!(ranged > 100, "{ranged}");
    assert_eq!(p.precedences(), q.precedences());
}
