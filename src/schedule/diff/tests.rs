//! Unit tests of the schedule diff.

use super::*;

#[test]
fn diff_lists_added_removed_and_moved_tasks() {
    let row = |task: &str, goal: &str, team: &str, start: u32| ScheduleRow {
        task: task.into(),
        goal: goal.into(),
        team: team.into(),
        people: 1,
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
