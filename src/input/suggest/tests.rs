use super::*;

fn teams() -> Suggester<'static> {
    Suggester::new([
        ("backend", Some("Backend")),
        ("frontend", Some("Frontend")),
        ("platform", Some("Platform & Infrastructure")),
        ("design", Some("Design & QA")),
        ("web", None),
    ])
}

#[test]
fn a_typo_suggests_the_close_id() {
    assert_eq!(teams().suggest("backnd").close, ["backend"]);
    assert_eq!(teams().suggest("wbe").close, ["web"]);
    assert_eq!(teams().suggest("Frontnd").close, ["frontend"]);
}

#[test]
fn a_display_name_or_another_case_suggests_the_id() {
    let s = teams();
    assert_eq!(s.suggest("Backend").close, ["backend"]);
    assert_eq!(s.suggest("BACKEND").close, ["backend"]);
    assert_eq!(s.suggest("platform & infrastructure").close, ["platform"]);
    assert_eq!(s.suggest("Platfrom & Infrastructure").close, ["platform"]);
}

#[test]
fn nothing_close_suggests_nothing_but_few_ids_are_all_listed() {
    let s = teams().suggest("qa-team");
    assert!(s.close.is_empty());
    assert_eq!(
        s.known,
        ["backend", "design", "frontend", "platform", "web"]
    );
}

#[test]
fn many_ids_are_not_listed_and_ties_keep_the_input_order() {
    let ids: Vec<String> = (1..=20).map(|i| format!("T{i:02}")).collect();
    let s = Suggester::new(ids.iter().map(|i| (i.as_str(), None)));
    let got = s.suggest("T1");
    assert!(got.known.is_empty());
    // one edit in three characters is close
    assert_eq!(got.close, ["T01", "T10", "T11"]);
    assert!(s.suggest("X9").close.is_empty());
    assert_eq!(s.suggest("T021").close, ["T01", "T02"]);
    // one edit from T01..T09 and T12, T13...: at most three, closest first
    let got = s.suggest("T0x");
    assert_eq!(got.close, ["T01", "T02", "T03"]);
}

#[test]
fn short_or_empty_ids_and_no_candidates_are_handled() {
    assert_eq!(teams().suggest("").close, Vec::<String>::new());
    assert_eq!(teams().suggest("x").close, Vec::<String>::new());
    let none = Suggester::new(std::iter::empty());
    assert_eq!(none.suggest("backend"), Suggestions::default());
}

#[test]
fn the_work_budget_bounds_hostile_inputs() {
    let ids: Vec<String> = (0..20_000).map(|i| format!("task-{i:06}")).collect();
    let s = Suggester::new(ids.iter().map(|i| (i.as_str(), None)));
    for i in 0..200 {
        // every lookup is close to thousands of ids; the budget runs out
        let _ = s.suggest(&format!("task-{i:05}x"));
    }
    assert!(s.suggest("task-000001").close.is_empty());
    let long = "x".repeat(10_000);
    assert!(teams().suggest(&long).close.is_empty());
}
