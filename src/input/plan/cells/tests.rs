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
    assert_eq!(day("2027-01-11", Some(&wd)).unwrap(), 5);
    assert_eq!(day("2027-01-09", Some(&wd)).unwrap(), 5); // Saturday -> Monday
    assert!(matches!(
        day("2027-01-11", None),
        Err(InputIssueKind::DateWithoutStart { .. })
    ));
    assert!(matches!(
        day("2026-12-31", Some(&wd)),
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
        day("2027-02-30", Some(&wd)),
        Err(InputIssueKind::BadDay { .. })
    ));
}

fn part(id: &str, crew: Option<u32>, written: &str) -> TeamPart {
    TeamPart {
        id: id.into(),
        crew,
        written: written.into(),
    }
}

#[test]
fn team_lists() {
    let (t, i) = team_list("backend:10 | platform|");
    assert!(i.is_empty());
    assert_eq!(
        t,
        vec![
            TeamRef {
                teams: vec![part("backend", None, "backend")],
                effort: Some(10.0),
                text: "backend:10".into(),
            },
            TeamRef {
                teams: vec![part("platform", None, "platform")],
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
    let (d, i) = task_deps("T1+x;+3;T2+--1;T3+;T4:1;T5+1+2;T6+-;T7+- 2;T8+2-1");
    assert!(d.is_empty());
    assert_eq!(i.len(), 9);
    assert!(i[0].to_string().contains("`T1+x`"), "{}", i[0]);
}

#[test]
fn task_dependency_leads() {
    // `+` then a signed integer: a lead; `T7-2` stays an id
    let (d, i) = task_deps("T7+-2; T8 + -0 ;T7-2;T9+-2097152");
    assert!(i.is_empty(), "{i:?}");
    let got: Vec<(&str, i32)> = d.iter().map(|d| (d.id.as_str(), d.lag)).collect();
    assert_eq!(
        got,
        [("T7", -2), ("T8", 0), ("T7-2", 0), ("T9", -2_097_152)]
    );
    // below -MAX_HORIZON, or beyond what a day count holds: out of range
    let (d, i) = task_deps("T1+-2097153;T2+-99999999999999999999999;T3+4294967296");
    assert!(d.is_empty());
    let text: Vec<String> = i.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 3, "{text:?}");
    assert!(
        text[0].starts_with(
            "`T1+-2097153` is out of range: a lead (a negative lag) must be at least -2097152 days"
        ),
        "{}",
        text[0]
    );
    assert!(
        text[1].contains("`T2+-99999999999999999999999` is out of range"),
        "{}",
        text[1]
    );
    assert!(
        text[2].contains("`T3+4294967296` is out of range: a lag must be at most 2097152 days"),
        "{}",
        text[2]
    );
}

#[test]
fn goal_dependency_lists() {
    let (d, i) = goal_deps("a; b ;");
    assert_eq!(d, vec!["a".to_string(), "b".to_string()]);
    assert!(i.is_empty());
    let (_, i) = goal_deps("a|b");
    assert_eq!(i.len(), 1);
}

#[test]
fn alternatives_on_several_teams_with_fixed_crews() {
    let (t, i) = team_list("backend*2+qa*1:12 | platform|backend*2");
    assert!(i.is_empty(), "{i:?}");
    assert_eq!(
        t,
        vec![
            TeamRef {
                teams: vec![
                    part("backend", Some(2), "backend*2"),
                    part("qa", Some(1), "qa*1")
                ],
                effort: Some(12.0),
                text: "backend*2+qa*1:12".into(),
            },
            TeamRef {
                teams: vec![part("platform", None, "platform")],
                effort: None,
                text: "platform".into(),
            },
            TeamRef {
                teams: vec![part("backend", Some(2), "backend*2")],
                effort: None,
                text: "backend*2".into(),
            },
        ]
    );
    // spaces around `+` and `*`; a team twice in different alternatives,
    // with different fixed crews, is fine
    let (t, i) = team_list("a + b * 3 | a|a*1|a*2 + b");
    assert!(i.is_empty(), "{i:?}");
    assert_eq!(t[0].teams[1], part("b", Some(3), "b * 3"));
    assert_eq!(t.len(), 4);
}

#[test]
fn malformed_alternatives_are_reported_one_by_one() {
    let (t, i) = team_list("a+a|b*0|+c|d+|e*-1|f+g|g+f:3|h*2+k|k+h*2|ok");
    let kept: Vec<&str> = t.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(kept, ["f+g", "h*2+k", "ok"]);
    assert_eq!(i.len(), 7, "{i:?}");
    assert_eq!(
        i[0].to_string(),
        "team `a` appears more than once in `a+a`: an alternative needs each of its teams once"
    );
    assert!(
        matches!(&i[1], InputIssueKind::OutOfRange { value, rule } if value == "b*0" && rule.contains(">= 1")),
        "{}",
        i[1]
    );
    assert!(matches!(&i[2], InputIssueKind::BadSyntax { value, .. } if value == "+c"));
    assert!(matches!(&i[3], InputIssueKind::BadSyntax { value, .. } if value == "d+"));
    assert!(matches!(&i[4], InputIssueKind::OutOfRange { value, .. } if value == "e*-1"));
    // the same teams with the same fixed crews, in another order
    assert!(matches!(&i[5], InputIssueKind::RepeatedId { id, .. } if id == "g+f"));
    assert!(matches!(&i[6], InputIssueKind::RepeatedId { id, .. } if id == "k+h*2"));
    assert!(i[2].to_string().contains("`backend*2+qa:12`"), "{}", i[2]);
    // a `*` without a whole number after it is part of the id
    let (t, i) = team_list("a*x|b*2.0|c*5000000000");
    assert_eq!(t[0].teams[0], part("a*x", None, "a*x"));
    assert_eq!(t[1].teams[0], part("b", Some(2), "b*2.0"));
    assert!(
        matches!(&i[..], [InputIssueKind::OutOfRange { value, .. }] if value == "c*5000000000")
    );
}

#[test]
fn effort_range_cells() {
    assert_eq!(effort_low("7.5", Some(10.0)).unwrap(), 7.5);
    assert_eq!(effort_low("10", Some(10.0)).unwrap(), 10.0);
    assert_eq!(effort_high("25", Some(10.0)).unwrap(), 25.0);
    assert_eq!(effort_high("10", Some(10.0)).unwrap(), 10.0);
    // an unknown effort (reported elsewhere) checks only the cell
    assert_eq!(effort_low("12", None).unwrap(), 12.0);
    assert_eq!(effort_high("1", None).unwrap(), 1.0);
    // a milestone's zero-width range is fine
    assert_eq!(effort_low("0", Some(0.0)).unwrap(), 0.0);
    assert_eq!(effort_high("0", Some(0.0)).unwrap(), 0.0);
    let err = |r: Result<f64, InputIssueKind>| r.unwrap_err().to_string();
    assert_eq!(err(effort_low("ten", Some(1.0))), "`ten` is not a number");
    assert_eq!(err(effort_high("inf", Some(1.0))), "`inf` is not a number");
    assert_eq!(
        err(effort_low("-0.5", Some(1.0))),
        "`-0.5` is out of range: effort_low must be >= 0"
    );
    assert_eq!(
        err(effort_high("5e9", None)),
        "`5e9` is out of range: effort_high must be at most 4294967295 person-days"
    );
    assert_eq!(
        err(effort_low("11", Some(10.0))),
        "`11` is out of range: low above most likely: effort_low must be at most effort (10)"
    );
    assert_eq!(
        err(effort_high("9", Some(10.0))),
        "`9` is out of range: high below most likely: effort_high must be at least effort (10)"
    );
    for e in [
        err(effort_low("1", Some(0.0))),
        err(effort_high("2", Some(0.0))),
    ] {
        assert!(
            e.contains("a milestone (effort 0) cannot have a range of non-zero width"),
            "{e}"
        );
    }
    // the effort column keeps its messages
    assert_eq!(
        err(effort("-1")),
        "`-1` is out of range: effort must be >= 0"
    );
}
