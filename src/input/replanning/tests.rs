//! Unit tests of the re-planning readers.

use super::*;
use crate::model::{ActivityId, Demand, ResourceId};

#[test]
fn schedule_rows_file_is_validated() {
    let dir = std::env::temp_dir().join(format!("tandem-replan-rows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("schedule.csv");
    std::fs::write(
        &path,
        "task,team,start,people\na,x,1,2\na,x,2,1\nb,x,soon,1\n",
    )
    .unwrap();
    let err = read_schedule_rows(&path).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(":3: column `task`: duplicate task id `a`"),
        "{text}"
    );
    assert!(
        text.contains(":4: column `start`: `soon` is not an integer >= 0"),
        "{text}"
    );
    std::fs::write(&path, "task,start\na,1\n").unwrap();
    let err = read_schedule_rows(&path).unwrap_err();
    assert!(
        err.to_string()
            .contains("column `team`: required column is missing")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `rel` needs `backend*2+qa` (crew 1..=2 on qa) or `platform`; `ms` is a
/// milestone on `backend+qa`.
fn multi_team_plan() -> Problem {
    use crate::model::{Alternative, Calendar, ProblemBuilder};
    let mut b = ProblemBuilder::new();
    let backend = b.resource("backend", Calendar::constant(3));
    let qa = b.resource("qa", Calendar::constant(2));
    let platform = b.resource("platform", Calendar::constant(2));
    let both = Alternative::new(vec![(backend, Some(2)), (qa, None)], 12.0);
    b.plan_task_alternatives("rel", None, &[both, (platform, 8.0).into()], 1, 2, 0);
    let ms = Alternative::new(vec![(backend, None), (qa, None)], 0.0);
    b.plan_task_alternatives("ms", None, &[ms], 1, 1, 0);
    b.build().unwrap()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-replan-multi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn started_tasks_on_several_teams_are_read_and_checked() {
    let p = multi_team_plan();
    let (backend, qa) = (ResourceId(0), ResourceId(1));
    let demand = |resource, amount| Demand { resource, amount };
    // the teams in any order, the people in the same order as `team`
    let path = temp_file(
        "progress-ok.csv",
        "task,status,start,team,people\nrel,started,1,qa + backend,2+2\nms,started,0,backend+qa,0+0\n",
    );
    let progress = read_progress(&path, &p, 3).unwrap();
    assert_eq!(
        progress.get(ActivityId(0)),
        Some(&TaskProgress::Started {
            start: 1,
            crew: vec![demand(qa, 2), demand(backend, 2)]
        })
    );
    let path = temp_file(
        "progress-bad.csv",
        "task,status,start,team,people\n\
         rel,started,0,backend+qa,2\n\
         rel2,started,0,backend+,2\n\
         ms,started,0,backend+qa,1+0\n",
    );
    let err = read_progress(&path, &p, 3).unwrap_err();
    assert_eq!(err.issues.len(), 4, "{err}");
    let text = err.to_string();
    for expected in [
        ":2: column `people`: `2` is out of range: `team` names 2 teams: give one crew per team",
        ":3: column `task`: unknown task `rel2`",
        ":3: column `team`: `backend+` is malformed: expected a team id, or team ids joined by `+`",
        ":4: column `people`: `1+0` is out of range: task `ms` is a milestone: it takes 0 people",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let rows = [
        (
            "backend+qa,1+1",
            "task `rel` takes exactly 2 of team `backend`",
        ),
        ("backend+qa,2+3", "task `rel` takes 1 to 2 people"),
        ("backend+qaa,2+1", "unknown team `qaa`; did you mean `qa`?"),
        (
            "backend+backend,2+1",
            "team `backend` is listed more than once",
        ),
        (
            "backend+platform,2+1",
            "team `backend+platform` is not eligible for task `rel` (eligible: backend+qa, platform)",
        ),
        ("qa,1", "team `qa` is not eligible"),
        ("backend+qa,2+x", "`2+x` is not integers >= 0 joined by `+`"),
    ];
    // an ineligible team is reported with a malformed crew
    let path = temp_file(
        "progress-both.csv",
        "task,status,start,team,people\nrel,started,0,backend+platform,2+x\n",
    );
    let err = read_progress(&path, &p, 3).unwrap_err();
    let columns: Vec<_> = err
        .issues
        .iter()
        .map(|i| i.location.column.as_deref())
        .collect();
    assert_eq!(columns, [Some("people"), Some("team")], "{err}");
    for (cells, expected) in rows {
        let path = temp_file(
            "progress-row.csv",
            &format!("task,status,start,team,people\nrel,started,0,{cells}\n"),
        );
        let text = read_progress(&path, &p, 3).unwrap_err().to_string();
        assert!(text.contains(expected), "{cells}: {expected}\n{text}");
    }
}

#[test]
fn schedule_rows_on_several_teams() {
    let path = temp_file(
        "schedule.csv",
        "task,goal,team,people,start,finish\n\
         rel,g,backend+qa,2+1,0,4\n\
         ms,g,backend+qa,,4,4\n\
         one,g,web,3,4,6\n",
    );
    let rows = read_schedule_rows(&path).unwrap();
    let crews: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.crew.team(), r.crew.people()))
        .collect();
    assert_eq!(
        crews,
        [
            ("backend+qa".into(), "2+1".into()),
            ("backend+qa".into(), "0+0".into()),
            ("web".into(), "3".into())
        ]
    );
    assert_eq!(rows[0].crew.0[1], ("qa".to_string(), 1));
    let path = temp_file(
        "schedule-bad.csv",
        "task,team,start,people\nrel,backend+qa,0,2\none,web,1,1+1\n",
    );
    let text = read_schedule_rows(&path).unwrap_err().to_string();
    assert!(
        text.contains(":2: column `people`: `2` is out of range: `team` names 2 teams"),
        "{text}"
    );
    assert!(
        text.contains(":3: column `people`: `1+1` is out of range: `team` names 1 team:"),
        "{text}"
    );
}
