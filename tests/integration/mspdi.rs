//! Microsoft Project XML through the CLI: import, plan, export, round trip,
//! refusals.

use std::path::{Path, PathBuf};

use super::util::{read_csv, root, snapshot, stderr, stdout, tandem, temp_dir};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/mspdi").join(name)
}

fn ok(args: &[&str]) -> String {
    let o = tandem(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn text(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn an_imported_folder_plans_exactly_like_the_file() {
    let dir = temp_dir("mspdi-import");
    let plan = dir.join("plan");
    let small = fixture("tandem/small.xml");
    let said = ok(&[
        "import",
        small.to_str().unwrap(),
        "--out",
        plan.to_str().unwrap(),
    ]);
    assert!(
        said.contains("imported") && said.contains("7 tasks in 3 goals"),
        "{said}"
    );
    for f in [
        "project.csv",
        "workdays.csv",
        "teams.csv",
        "calendar.csv",
        "goals.csv",
        "tasks.csv",
        "progress.csv",
    ] {
        assert!(plan.join(f).is_file(), "{f} missing");
    }
    let (a, b) = (dir.join("a"), dir.join("b"));
    let work = ["--work-limit", "0.3", "-q"];
    ok(&[
        &["plan", plan.to_str().unwrap(), "--out", a.to_str().unwrap()][..],
        &work,
    ]
    .concat());
    let said = ok(&[&[
        "plan",
        small.to_str().unwrap(),
        "--out",
        b.to_str().unwrap(),
        "--work-limit",
        "0.3",
    ][..]]
    .concat());
    assert!(said.contains("file's dates: objective"), "{said}");
    // one pipeline: the same schedule either way (the folder's progress.csv
    // is read like the file's own progress)
    assert_eq!(text(&a.join("schedule.csv")), text(&b.join("schedule.csv")));
    assert!(b.join("schedule.xml").is_file());
}

#[test]
fn schedule_xml_round_trips_everything_but_the_dates() {
    let dir = temp_dir("mspdi-round");
    let small = fixture("tandem/small.xml");
    let out = dir.join("out");
    ok(&[
        "plan",
        small.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--work-limit",
        "0.3",
        "-q",
    ]);
    let (first, second) = (dir.join("first"), dir.join("second"));
    ok(&[
        "import",
        small.to_str().unwrap(),
        "--out",
        first.to_str().unwrap(),
    ]);
    ok(&[
        "import",
        out.join("schedule.xml").to_str().unwrap(),
        "--out",
        second.to_str().unwrap(),
    ]);
    for f in [
        "project.csv",
        "workdays.csv",
        "teams.csv",
        "calendar.csv",
        "goals.csv",
    ] {
        assert_eq!(text(&first.join(f)), text(&second.join(f)), "{f}");
    }
    // tasks: the same but for the release (tandem's starts are written as
    // "start no earlier than" constraints)
    let without_release = |p: &Path| {
        let (h, rows) = read_csv(p);
        let r = h.iter().position(|c| c == "release").unwrap();
        rows.into_iter()
            .map(|mut row| {
                row.remove(r);
                row
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        without_release(&first.join("tasks.csv")),
        without_release(&second.join("tasks.csv"))
    );
    // and the exported dates are tandem's
    let (h, rows) = read_csv(&out.join("schedule.csv"));
    let (t, s) = (
        h.iter().position(|c| c == "task").unwrap(),
        h.iter().position(|c| c == "start_date").unwrap(),
    );
    let xml = text(&out.join("schedule.xml"));
    for row in rows {
        let uid = row[t].trim_start_matches('T');
        let at = xml.find(&format!("<UID>{uid}</UID>")).unwrap();
        let start = &xml[at..].split("<Start>").nth(1).unwrap()[..10];
        if row[t] != "T2" {
            // T2 is done: it keeps the file's dates
            assert_eq!(start, row[s], "task {}", row[t]);
        }
    }
}

#[test]
fn bad_files_are_refused_and_nothing_is_written() {
    let dir = temp_dir("mspdi-bad");
    let head = r#"<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
<StartDate>2027-01-04T08:00:00</StartDate>
"#;
    let cases = [
        (
            "truncated.xml",
            format!("{head}<Tasks><Task><UID>1</UID>"),
            vec!["truncated.xml:", "malformed XML"],
        ),
        (
            "namespace.xml",
            "<Project xmlns=\"urn:other\"><Tasks/></Project>".to_string(),
            vec![
                "namespace.xml:1",
                "not a Microsoft Project XML (MSPDI) file",
                "urn:other",
            ],
        ),
        (
            "missing.xml",
            format!(
                "{head}<Tasks>\n<Task><UID>3</UID><Name>Build</Name><OutlineLevel>1</OutlineLevel>\n<PredecessorLink><PredecessorUID>99</PredecessorUID><Type>1</Type></PredecessorLink></Task>\n</Tasks></Project>"
            ),
            vec![
                "missing.xml:6",
                "task UID 3 (\"Build\")",
                "task UID 99, which the file does not have",
            ],
        ),
        (
            "units.xml",
            format!(
                "{head}<Resources>\n<Resource><UID>1</UID><Name>Dev</Name><Type>1</Type><MaxUnits>-2</MaxUnits></Resource>\n</Resources></Project>"
            ),
            vec!["units.xml:5", "resource UID 1 (\"Dev\")", "<MaxUnits> `-2`"],
        ),
        (
            "cycle.xml",
            format!(
                "{head}<Tasks>\n<Task><UID>1</UID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration><PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink></Task>\n<Task><UID>2</UID><Name>B</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration><PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>\n</Tasks></Project>"
            ),
            vec!["cycle.xml:", "task UID", "T1", "T2", "cycle"],
        ),
    ];
    for (name, body, messages) in cases {
        let file = dir.join(name);
        std::fs::write(&file, body).unwrap();
        for command in ["plan", "import"] {
            let out = dir.join(format!("out-{command}-{name}"));
            std::fs::create_dir_all(&out).unwrap();
            std::fs::write(out.join("schedule.csv"), "previous run\n").unwrap();
            let before = snapshot(&out);
            let o = tandem(&[
                command,
                file.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ]);
            assert_eq!(o.status.code(), Some(2), "{command} {name}: {}", stderr(&o));
            let err = stderr(&o);
            for m in &messages {
                assert!(err.contains(m), "{command} {name}: `{m}` not in\n{err}");
            }
            assert_eq!(snapshot(&out), before, "{command} {name} wrote something");
        }
    }
}
