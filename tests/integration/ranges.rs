//! Ranged estimates (`effort_low`, `effort_high` in tasks.csv, FORMAT.md
//! additions v4) through the CLI: bad ranges are input errors reported all
//! at once, and `tandem generate` writes ranges unless `--no-ranges`.

use std::path::Path;

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
