//! Unit tests of the cell parsers.

use super::*;

#[test]
fn ids() {
    assert_eq!(id("api-v2 x").unwrap(), "api-v2 x");
    for bad in ["a;b", "a|b", "a:b", "a+b"] {
        assert!(
            matches!(id(bad), Err(InputIssueKind::BadId { .. })),
            "{bad}"
        );
    }
}

#[test]
fn numbers() {
    assert_eq!(effort("2.5").unwrap(), 2.5);
    assert_eq!(effort("0").unwrap(), 0.0);
    assert!(matches!(
        effort("-1"),
        Err(InputIssueKind::OutOfRange { .. })
    ));
    assert!(matches!(
        effort("NaN"),
        Err(InputIssueKind::BadNumber { .. })
    ));
    assert!(matches!(
        effort("inf"),
        Err(InputIssueKind::BadNumber { .. })
    ));
    assert!(matches!(
        effort("ten"),
        Err(InputIssueKind::BadNumber { .. })
    ));
    assert!(matches!(
        priority("0"),
        Err(InputIssueKind::OutOfRange { .. })
    ));
    assert_eq!(priority("0.5").unwrap(), 0.5);
    // regression (issue 14 B): 1e308 made the objective NaN
    assert_eq!(priority("1e9").unwrap(), 1e9);
    let err = priority("1e308").unwrap_err().to_string();
    assert!(
        err.contains("`1e308`") && err.contains("at most 1e9"),
        "{err}"
    );
}

#[test]
fn integers() {
    assert_eq!(integer("3", 0, "capacity").unwrap(), 3);
    assert_eq!(integer("3.0", 0, "capacity").unwrap(), 3);
    assert_eq!(integer("0", 0, "capacity").unwrap(), 0);
    assert!(matches!(
        integer("0", 1, "min_people"),
        Err(InputIssueKind::OutOfRange { .. })
    ));
    assert!(matches!(
        integer("-2", 0, "capacity"),
        Err(InputIssueKind::OutOfRange { .. })
    ));
    assert!(matches!(
        integer("2.5", 0, "capacity"),
        Err(InputIssueKind::BadNumber { .. })
    ));
    assert!(matches!(
        integer("99999999999", 0, "capacity"),
        Err(InputIssueKind::OutOfRange { .. })
    ));
}

#[test]
fn days() {
    let wd = WorkDays::new("2027-01-04".parse().unwrap());
    assert_eq!(day("7", None).unwrap(), 7);
    assert_eq!(day("2027-01-11", Some(wd)).unwrap(), 5);
    assert_eq!(day("2027-01-09", Some(wd)).unwrap(), 5); // Saturday -> Monday
    assert!(matches!(
        day("2027-01-11", None),
        Err(InputIssueKind::DateWithoutStart { .. })
    ));
    assert!(matches!(
        day("2026-12-31", Some(wd)),
        Err(InputIssueKind::DateBeforeStart { .. })
    ));
    assert!(matches!(
        day("-1", None),
        Err(InputIssueKind::OutOfRange { .. })
    ));
    // regression (issue 14 D): the message gave u32::MAX as the limit
    let err = day("-3", None).unwrap_err().to_string();
    assert!(err.contains("up to 2097152"), "{err}");
    assert!(matches!(
        day("2097153", None),
        Err(InputIssueKind::OutOfRange { .. })
    ));
    assert_eq!(day("2097152", None).unwrap(), 2_097_152);
    assert_eq!(last_day("4294967295", None).unwrap(), u32::MAX - 1);
    assert_eq!(last_day("99999999999", None).unwrap(), u32::MAX - 1);
    assert_eq!(last_day("12", None).unwrap(), 12);
    assert!(matches!(
        last_day("-1", None),
        Err(InputIssueKind::OutOfRange { .. })
    ));
    assert!(matches!(
        day("soon", None),
        Err(InputIssueKind::BadDay { .. })
    ));
    assert!(matches!(
        day("2027-02-30", Some(wd)),
        Err(InputIssueKind::BadDay { .. })
    ));
}

#[test]
fn team_lists() {
    let (t, i) = team_list("backend:10 | platform|");
    assert!(i.is_empty());
    assert_eq!(
        t,
        vec![
            TeamRef {
                teams: vec![("backend".into(), None)],
                effort: Some(10.0),
                text: "backend:10".into(),
            },
            TeamRef {
                teams: vec![("platform".into(), None)],
                effort: None,
                text: "platform".into(),
            },
        ]
    );
    let (t, i) = team_list("a:|b:x|c;d|a|a|e:-1");
    assert_eq!(t.len(), 1);
    assert_eq!(i.len(), 5, "{i:?}");
    assert!(matches!(&i[3], InputIssueKind::RepeatedId { id, .. } if id == "a"));
}

#[test]
fn task_dependency_lists() {
    let (d, i) = task_deps("T1; T7+3;");
    assert!(i.is_empty());
    assert_eq!(
        d,
        vec![
            TaskDep {
                id: "T1".into(),
                lag: 0
            },
            TaskDep {
                id: "T7".into(),
                lag: 3
            }
        ]
    );
    let (d, i) = task_deps("T1+x;+3;T2+-1;T3+;T4:1;T5+1+2");
    assert!(d.is_empty());
    assert_eq!(i.len(), 6);
    assert!(i[0].to_string().contains("`T1+x`"), "{}", i[0]);
}

#[test]
fn goal_dependency_lists() {
    let (d, i) = goal_deps("a; b ;");
    assert_eq!(d, vec!["a".to_string(), "b".to_string()]);
    assert!(i.is_empty());
    let (_, i) = goal_deps("a|b");
    assert_eq!(i.len(), 1);
}
