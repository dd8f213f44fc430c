use std::path::Path;

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mspdi")
        .join(name)
}

fn table(import: &Import, file: &str) -> String {
    import
        .files()
        .into_iter()
        .find(|(n, _)| *n == file)
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap_or_default()
}

#[test]
fn small_file_becomes_the_plan_tables() {
    let import = import(&fixture("tandem/small.xml"), &MspdiOptions::default()).unwrap();
    assert_eq!(
        table(&import, "project.csv"),
        "start,weekdays,name\n2027-01-04,mon|tue|wed|thu|fri,Small release\n"
    );
    assert_eq!(
        table(&import, "workdays.csv"),
        "from,to,working,name\n2027-01-08,2027-01-08,no,Company day\n"
    );
    assert_eq!(
        table(&import, "teams.csv"),
        "team,capacity,name\nDevelopers,2,Developers\nGrace,1,Grace\nOps pool,2,Ops pool\nunassigned,2,tasks without resources (uses no real team)\n"
    );
    // Ada's vacation: the developers are one short
    assert_eq!(
        table(&import, "calendar.csv"),
        "team,from,to,capacity\nDevelopers,2027-01-11,2027-01-12,1\n"
    );
    assert_eq!(
        table(&import, "goals.csv"),
        "goal,priority,due,depends_on,name\nG1,800,2027-01-29,,Backend\nG5,500,,G1,Client\nG9,200,,,Ops runbook\n"
    );
    assert_eq!(
        table(&import, "tasks.csv"),
        "task,goal,effort,teams,depends_on,release,name\n\
         T2,G1,2,Developers*1,,,API design\n\
         T3,G1,10,Developers*2,T2+1,,API build\n\
         T4,G1,4,Developers*1+Grace*1,T3,,API review\n\
         T6,G5,3,Developers*1,,2027-01-18,Client build\n\
         T7,G5,3,unassigned*1,T6,,Vendor sign-off\n\
         T8,G5,0,unassigned*1,T7,,Release\n\
         T9,G9,4,Ops pool*2,,,Ops runbook\n"
    );
    assert_eq!(
        table(&import, "progress.csv"),
        "task,status,start,team,people\nT2,done,,,\nT9,started,2027-01-04,Ops pool,2\n"
    );
    assert!(
        import.notes.iter().any(|n| n.contains("material")),
        "{:?}",
        import.notes
    );
}

#[test]
fn groups_can_be_split() {
    let options = MspdiOptions {
        group_teams: false,
        ..MspdiOptions::default()
    };
    let import = import(&fixture("tandem/small.xml"), &options).unwrap();
    let teams = table(&import, "teams.csv");
    assert!(teams.contains("Ada,1,Ada\nLinus,1,Linus\n"), "{teams}");
    assert!(table(&import, "tasks.csv").contains("T3,G1,10,Ada*1+Linus*1,T2+1,,API build"));
}

fn errors(xml: &str) -> String {
    let err = import_bytes(
        Path::new("bad.xml"),
        xml.as_bytes(),
        &MspdiOptions::default(),
    )
    .unwrap_err();
    err.to_string()
}

const HEAD: &str = r#"<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project"><StartDate>2027-01-04T08:00:00</StartDate>"#;

#[test]
fn bad_files_are_refused_with_their_place() {
    let truncated = format!("{HEAD}<Tasks><Task><UID>1</UID>");
    let e = errors(&truncated);
    assert!(
        e.contains("bad.xml:1") && e.contains("malformed XML"),
        "{e}"
    );

    let e = errors(r#"<Project xmlns="http://example.com/other"/>"#);
    assert!(
        e.contains("not a Microsoft Project XML (MSPDI) file"),
        "{e}"
    );
    assert!(e.contains("http://example.com/other"), "{e}");

    let missing = format!(
        "{HEAD}\n<Tasks>\n<Task><UID>1</UID><Name>A</Name><OutlineLevel>1</OutlineLevel>\n<PredecessorLink><PredecessorUID>42</PredecessorUID><Type>1</Type></PredecessorLink></Task></Tasks></Project>"
    );
    let e = errors(&missing);
    assert!(
        e.contains("bad.xml:4") && e.contains("task UID 1 (\"A\")") && e.contains("task UID 42"),
        "{e}"
    );

    let negative = format!(
        "{HEAD}\n<Resources>\n<Resource><UID>1</UID><Name>R</Name><Type>1</Type><MaxUnits>-1</MaxUnits></Resource></Resources></Project>"
    );
    let e = errors(&negative);
    assert!(
        e.contains("bad.xml:3") && e.contains("resource UID 1 (\"R\")") && e.contains("`-1`"),
        "{e}"
    );

    // every problem at once: a bad work value, an elapsed lag, an unknown
    // resource
    let many = format!(
        "{HEAD}\n<Tasks>\n<Task><UID>1</UID><OutlineLevel>1</OutlineLevel><Work>80h</Work></Task>\n<Task><UID>2</UID><OutlineLevel>1</OutlineLevel>\n<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>3</Type><LinkLag>4800</LinkLag><LagFormat>8</LagFormat></PredecessorLink></Task></Tasks>\n<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>9</ResourceUID></Assignment></Assignments></Project>"
    );
    let e = errors(&many);
    assert!(e.contains("<Work> `80h`"), "{e}");
    assert!(
        e.contains("start-to-start link from task UID 1 has an elapsed lag"),
        "{e}"
    );
    assert!(e.contains("<ResourceUID> 9 is not a resource"), "{e}");
}

#[test]
fn the_unassigned_team_has_room_for_every_task_without_resources() {
    // an inactive task is planned like the others, so it counts too
    let xml = format!(
        "{HEAD}<Tasks>\n<Task><UID>1</UID><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration></Task>\n<Task><UID>2</UID><OutlineLevel>1</OutlineLevel><Active>0</Active><Duration>PT8H0M0S</Duration></Task>\n</Tasks></Project>"
    );
    let import =
        import_bytes(Path::new("a.xml"), xml.as_bytes(), &MspdiOptions::default()).unwrap();
    assert!(
        table(&import, "teams.csv").contains("unassigned,2,"),
        "{}",
        table(&import, "teams.csv")
    );
}
