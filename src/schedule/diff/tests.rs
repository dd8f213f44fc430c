//! Unit tests of the schedule diff.

use super::*;

#[test]
fn diff_lists_added_removed_and_moved_tasks() {
    let row = |task: &str, goal: &str, team: &str, start: u32| ScheduleRow {
        task: task.into(),
        goal: goal.into(),
        crew: Crew::single(team, 1),
        start,
        finish: start + 1,
    };
    let old = vec![
        row("a", "g", "x", 0),
        row("b", "g", "x", 1),
        row("gone", "h", "x", 3),
    ];
    let new = vec![
        row("a", "g", "y", 0),
        row("b", "g", "x", 1),
        row("n,ew", "k", "x", 2),
    ];
    let d = Diff::between(&old, &new);
    assert_eq!(
        d.to_csv(),
        "task,old_team,new_team,old_start,new_start,shift,goal,old_people,new_people\na,x,y,0,0,0,g,1,1\ngone,x,,3,,,h,1,\n\"n,ew\",,x,,2,,k,,1\n"
    );
    let s = d.summary();
    assert!(
        s.contains("3 tasks changed (2 moved, 1 changed team)"),
        "{s}"
    );
    assert!(s.contains("goals: 0 earlier, 0 later, 1 unchanged"), "{s}");
    assert!(s.contains("h: removed (finished on day 4)"), "{s}");
    assert!(s.contains("k: new, finishes on day 3"), "{s}");
}

#[test]
fn shifts_are_explained_by_priority_changes_and_shared_teams() {
    use crate::model::{Calendar, ProblemBuilder};
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g1 = b.goal("g1", 5.0, None);
    let g2 = b.goal("g2", 2.0, None);
    b.plan_task("x", Some(g1), &[(t, 2.0)], 1, 1, 0);
    b.plan_task("y", Some(g2), &[(t, 2.0)], 1, 1, 0);
    let p = b.build().unwrap();
    let row = |task: &str, goal: &str, start: u32| ScheduleRow {
        task: task.into(),
        goal: goal.into(),
        crew: Crew::single("t", 1),
        start,
        finish: start + 2,
    };
    let old = [row("y", "g2", 0), row("x", "g1", 2)];
    let new = [row("x", "g1", 0), row("y", "g2", 2)];
    let mut d = Diff::between(&old, &new);
    let before: BTreeMap<String, f64> = [("g1".to_string(), 1.0), ("g2".to_string(), 2.0)].into();
    d.explain(&p, &before);
    let cause = |g: &str| d.goals.iter().find(|s| s.goal == g).unwrap().cause.clone();
    assert_eq!(cause("g1").as_deref(), Some("its priority changed 1 -> 5"));
    assert_eq!(
        cause("g2").as_deref(),
        Some("behind `g1` (priority 5), which now finishes earlier on a team they share")
    );
    assert!(
        d.summary()
            .contains("g1: day 4 -> 2 (2 days earlier; its priority changed 1 -> 5)")
    );
    // unknown old priorities: the earlier goal made room, nothing more
    let mut d = Diff::between(&old, &new);
    d.explain(&p, &BTreeMap::new());
    let cause = |g: &str| d.goals.iter().find(|s| s.goal == g).unwrap().cause.clone();
    assert_eq!(
        cause("g1").as_deref(),
        Some("room made by `g2`, which now finishes later")
    );
}

#[test]
fn crews_on_several_teams_are_compared_as_sets_and_written_joined() {
    let row = |task: &str, crew: &[(&str, u32)], start: u32| ScheduleRow {
        task: task.into(),
        goal: "g".into(),
        crew: Crew(crew.iter().map(|&(t, k)| (t.to_string(), k)).collect()),
        start,
        finish: start + 2,
    };
    let old = vec![
        row("a", &[("back", 2), ("qa", 1)], 0),
        row("b", &[("back", 2), ("qa", 1)], 0),
        row("c", &[("web", 1)], 0),
    ];
    let new = vec![
        // the same teams in another order (and another crew): not a change
        row("a", &[("qa", 2), ("back", 2)], 0),
        row("b", &[("back", 2)], 3),
        row("c", &[("web", 1), ("qa", 1)], 0),
    ];
    let d = Diff::between(&old, &new);
    assert_eq!(
        d.to_csv(),
        "task,old_team,new_team,old_start,new_start,shift,goal,old_people,new_people\n\
         b,back+qa,back,0,3,3,g,2+1,2\n\
         c,web,web+qa,0,0,0,g,1,1+1\n"
    );
    assert!(
        d.summary()
            .contains("2 tasks changed (1 moved, 2 changed team)")
    );
    assert!(
        d.task_lines(5).contains("c (g): day 0, web -> web+qa"),
        "{}",
        d.task_lines(5)
    );
}

#[test]
fn goals_share_a_team_through_any_team_of_a_crew() {
    use crate::model::{Calendar, ProblemBuilder};
    let mut b = ProblemBuilder::new();
    let t = b.resource("t", Calendar::constant(1));
    let g1 = b.goal("g1", 5.0, None);
    let g2 = b.goal("g2", 2.0, None);
    b.plan_task("x", Some(g1), &[(t, 2.0)], 1, 1, 0);
    b.plan_task("y", Some(g2), &[(t, 2.0)], 1, 1, 0);
    let p = b.build().unwrap();
    let row = |task: &str, goal: &str, crew: Crew, start: u32| ScheduleRow {
        task: task.into(),
        goal: goal.into(),
        crew,
        start,
        finish: start + 2,
    };
    let both = Crew(vec![("u".into(), 1), ("t".into(), 1)]);
    let old = [
        row("y", "g2", Crew::single("t", 1), 0),
        row("x", "g1", both.clone(), 2),
    ];
    let new = [
        row("x", "g1", both, 0),
        row("y", "g2", Crew::single("t", 1), 2),
    ];
    let mut d = Diff::between(&old, &new);
    d.explain(&p, &BTreeMap::new());
    let cause = |g: &str| d.goals.iter().find(|s| s.goal == g).unwrap().cause.clone();
    assert_eq!(
        cause("g2").as_deref(),
        Some("behind `g1` (priority 5), which now finishes earlier on a team they share")
    );
}
