//! Unknown ids suggest the valid ids they may mean: a typo (`backnd`), a
//! display name (`Design & QA`) or another case (`Backend`), in the CLI's
//! message and typed in the library's errors.

use std::path::{Path, PathBuf};

use tandem::error::{InputIssue, InputIssueKind};
use tandem::{PlanOptions, Session, SessionError, SolveOptions, read_plan, read_progress};

use super::util::{root, stderr, tandem, temp_dir};

/// The bundled roadmap copied to a temporary folder, with `edit` applied to
/// the text of each of its files.
fn roadmap_with(tag: &str, edit: impl Fn(&str, String) -> String) -> PathBuf {
    let dir = temp_dir(tag);
    for file in ["teams.csv", "calendar.csv", "goals.csv", "tasks.csv"] {
        let text = std::fs::read_to_string(root().join("data/roadmap").join(file)).unwrap();
        std::fs::write(dir.join(file), edit(file, text)).unwrap();
    }
    dir
}

/// `tasks.csv` with its `line` (1-based) changed by `f`.
fn edit_line(text: String, line: usize, f: impl Fn(&str) -> String) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[line - 1] = f(&lines[line - 1]);
    lines.join("\n") + "\n"
}

fn plan_fails(dir: &Path) -> String {
    let o = tandem(&[
        "plan",
        dir.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!dir.join("out").exists(), "{err}");
    err
}

#[test]
fn a_misspelt_team_suggests_the_team() {
    let dir = roadmap_with("backnd", |file, text| match file {
        // AUTH-01,auth-revamp,...,3,backend,1,1,,
        "tasks.csv" => edit_line(text, 2, |l| l.replace(",backend,", ",backnd,")),
        _ => text,
    });
    let err = plan_fails(&dir);
    assert!(
        err.contains(
            "tasks.csv:2: column `teams`: unknown team `backnd`; did you mean `backend`? \
             (valid teams: backend, data, design, frontend, mobile, platform)"
        ),
        "{err}"
    );
}

#[test]
fn a_team_display_name_or_other_case_suggests_the_id() {
    let dir = roadmap_with("display", |file, text| match file {
        // teams.csv: `backend,Backend,5` and `design,Design & QA,4`
        "tasks.csv" => {
            let text = edit_line(text, 2, |l| l.replace(",backend,", ",Backend,"));
            // AUTH-03,auth-revamp,Design login and MFA screens,5,design,1,2,AUTH-01,
            edit_line(text, 4, |l| l.replace(",design,", ",Design & QA,"))
        }
        _ => text,
    });
    let err = plan_fails(&dir);
    // both at once, each at its line and column
    assert!(err.contains("2 problems in the input"), "{err}");
    assert!(
        err.contains(
            "tasks.csv:2: column `teams`: unknown team `Backend`; did you mean `backend`?"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "tasks.csv:4: column `teams`: unknown team `Design & QA`; did you mean `design`?"
        ),
        "{err}"
    );
}

/// The suggestions of the only issue of `issues`, which must be about an
/// unknown `what`.
fn suggested(issues: &[InputIssue], what: &str) -> (Vec<String>, Vec<String>) {
    match issues {
        [
            InputIssue {
                kind:
                    InputIssueKind::UnknownId {
                        what: w,
                        suggestions,
                        known,
                        ..
                    },
                ..
            },
        ] if *w == what => (suggestions.clone(), known.clone()),
        other => panic!("expected one unknown {what}: {other:?}"),
    }
}

#[test]
fn unknown_goals_and_tasks_carry_typed_suggestions() {
    let options = PlanOptions::default();
    // a goal by its display name, in another case
    let dir = roadmap_with("goal", |file, text| match file {
        "tasks.csv" => edit_line(text, 77, |l| {
            l.replace(",mobile-app,", ",mobile approvals app,")
        }),
        _ => text,
    });
    let err = read_plan(&dir, &options).unwrap_err();
    let (close, known) = suggested(&err.issues, "goal");
    assert_eq!(close, ["mobile-app"]);
    assert!(known.is_empty(), "14 goals are too many to list: {known:?}");
    assert_eq!(err.issues[0].location.line, Some(77));
    assert_eq!(err.issues[0].location.column.as_deref(), Some("goal"));

    // a goal dependency with a typo
    let dir = roadmap_with("goal-dep", |file, text| match file {
        "goals.csv" => text.replace("120,api-v2", "120,api-2"),
        _ => text,
    });
    let err = read_plan(&dir, &options).unwrap_err();
    assert_eq!(suggested(&err.issues, "goal").0, ["api-v2"]);

    // a task dependency with a typo: MOB-03 depends on `MOB-02;SSO-04`
    let dir = roadmap_with("task-dep", |file, text| match file {
        "tasks.csv" => text.replace("MOB-02;SSO-04", "MOB-02;SSO04"),
        _ => text,
    });
    let err = read_plan(&dir, &options).unwrap_err();
    assert_eq!(suggested(&err.issues, "task").0, ["SSO-04"]);
    assert!(
        err.to_string()
            .contains("unknown task `SSO04`; did you mean `SSO-04`?")
    );

    // progress.csv: a task by its display name, a team with a typo
    let plan = read_plan(&root().join("data/roadmap"), &options).unwrap();
    let progress = temp_dir("progress").join("progress.csv");
    std::fs::write(
        &progress,
        "task,status,start,team,people\nset up react native project and ci,done,,,\nMOB-05,started,0,mobil,1\n",
    )
    .unwrap();
    let err = read_progress(&progress, &plan, 3).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("unknown task `set up react native project and ci`; did you mean `MOB-02`?"),
        "{text}"
    );
    assert!(
        text.contains("unknown team `mobil`; did you mean `mobile`?"),
        "{text}"
    );
    assert_eq!(suggested(&err.issues[1..], "team").0, ["mobile"]);

    // a session's edits
    let mut session = Session::new(plan, SolveOptions::default());
    let err = session.set_goal_priority("Mobile-App", 9.0).unwrap_err();
    assert_eq!(
        err,
        SessionError::Unknown {
            what: "goal",
            id: "Mobile-App".into(),
            suggestions: vec!["mobile-app".into()],
            known: Vec::new(),
        }
    );
    assert_eq!(
        err.to_string(),
        "unknown goal `Mobile-App`; did you mean `mobile-app`?"
    );
    let err = session.set_task_effort("MOB-5", "mobile", 3.0).unwrap_err();
    assert!(
        matches!(&err, SessionError::Unknown { what: "task", suggestions, .. } if suggestions[0] == "MOB-05"),
        "{err:?}"
    );
    let err = session
        .set_task_effort("MOB-05", "Backend", 3.0)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown team `Backend`; did you mean `backend`? \
         (valid teams: backend, data, design, frontend, mobile, platform)"
    );
}
