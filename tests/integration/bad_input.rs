//! Bad input through the CLI: every case in tests/fixtures/plans/README.md
//! exits with code 2, prints each expected message (file:line, column,
//! value or ids), and leaves `--out` untouched.

use std::path::PathBuf;

use super::util::{root, snapshot, stderr, tandem, temp_dir};

/// `(folder, expected messages (each a list of substrings))` from the README.
fn cases() -> Vec<(String, Vec<Vec<String>>)> {
    let readme = std::fs::read_to_string(root().join("tests/fixtures/plans/README.md"))
        .expect("fixtures README");
    let block = readme
        .split("```text")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("text block");
    let mut cases: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for line in block.lines() {
        if let Some(msg) = line.trim_start().strip_prefix("- ") {
            let parts = msg.split(" | ").map(|p| p.trim().to_string()).collect();
            cases.last_mut().expect("case before message").1.push(parts);
        } else if !line.trim().is_empty() {
            cases.push((line.trim().to_string(), Vec::new()));
        }
    }
    cases
}

#[test]
fn every_bad_fixture_fails_cleanly_with_its_messages() {
    let cases = cases();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    for (folder, messages) in cases {
        let dir: PathBuf = root().join("tests/fixtures/plans").join(&folder);
        // an existing output folder with a file in it must stay exactly as it was
        let out = temp_dir("bad");
        std::fs::write(out.join("schedule.csv"), "previous run\n").unwrap();
        let before = snapshot(&out);
        let mut args = vec![
            "plan".to_string(),
            dir.to_string_lossy().into_owned(),
            "--out".to_string(),
            out.to_string_lossy().into_owned(),
        ];
        if folder == "bad_date_before_start" {
            args.extend(["--start".to_string(), "2027-01-04".to_string()]);
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = tandem(&argv);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{folder}: {err}");
        for parts in &messages {
            for p in parts {
                assert!(
                    err.contains(p.as_str()),
                    "{folder}: missing `{p}` in:\n{err}"
                );
            }
        }
        assert_eq!(snapshot(&out), before, "{folder}: --out was modified");

        // a missing output folder is not created
        let fresh = out.join("new");
        let argv: Vec<&str> = args
            .iter()
            .map(|a| {
                if *a == out.to_string_lossy() {
                    fresh.to_str().unwrap()
                } else {
                    a.as_str()
                }
            })
            .collect();
        let o = tandem(&argv);
        assert_eq!(o.status.code(), Some(2), "{folder}");
        assert!(!fresh.exists(), "{folder}: created {}", fresh.display());
    }
}

#[test]
fn bad_psplib_file_fails_cleanly() {
    let dir = temp_dir("badsm");
    let good = std::fs::read_to_string(root().join("data/psplib/j301_1.sm")).unwrap();
    let bad = good.replacen("  2      1     8       4", "  2      1     x       4", 1);
    assert_ne!(good, bad);
    let file = dir.join("broken.sm");
    std::fs::write(&file, bad).unwrap();
    let out = dir.join("out");
    let o = tandem(&[
        "solve",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("broken.sm:"), "{err}");
    assert!(err.contains('x'), "{err}");
    assert!(!out.exists());
}

/// Each problem comes with its line of the file and a caret under the cell;
/// no colour codes when stderr is not a terminal.
#[test]
fn problems_show_the_offending_line() {
    let dir = root().join("tests/fixtures/plans/bad_many");
    let out = temp_dir("excerpt");
    let o = tandem(&[
        "plan",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("   3 | T2,core,3,infra,,,T1,"), "{err}");
    assert!(err.contains("^^^^^ line 3, column 11"), "{err}");
    assert!(
        err.contains("   3 | platform,-1\n     |          ^^ line 3, column 10"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "{err}");
}
