//! Tests of the `psplib` module.

use super::*;
use crate::graph::Analysis;

const J301_1: &str = include_str!("../../../data/psplib/j301_1.sm");
const MM: &str = include_str!("../../../data/psplib/mm10_example.mm");

fn parse(text: &str) -> Result<Problem, InputError> {
    parse_psplib(Path::new("test.sm"), text)
}

fn demands(p: &Problem, job: usize, mode: usize) -> Vec<(String, u32)> {
    p.activities()[job - 1].modes[mode]
        .demands
        .iter()
        .map(|d| (p.resource(d.resource).id.clone(), d.amount))
        .collect()
}

fn successors(p: &Problem, job: usize) -> Vec<String> {
    let mut s: Vec<String> = p
        .successors(ActivityId::from_index(job - 1))
        .iter()
        .map(|&(a, _)| p.activity(a).id.clone())
        .collect();
    s.sort_by_key(|x| x.parse::<u32>().unwrap_or(0));
    s
}

#[test]
fn reads_single_mode_fixture() {
    let p = read_psplib(Path::new("data/psplib/j301_1.sm")).unwrap();
    assert_eq!(p.len(), 32);
    assert_eq!(p.objective(), Objective::Makespan);
    assert!(p.goals().is_empty());
    let ids: Vec<&str> = p.resources().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["R1", "R2", "R3", "R4"]);
    let caps: Vec<u32> = p.resources().iter().map(|r| r.capacity.base()).collect();
    assert_eq!(caps, [12, 13, 4, 12]);
    assert!(p.resources().iter().all(|r| r.capacity.steps().len() == 1));
    assert_eq!(p.activities()[0].id, "1");
    assert_eq!(p.activities()[31].id, "32");
    assert!(p.activities().iter().all(|a| a.modes.len() == 1));
    let durations: Vec<u32> = p.activities().iter().map(|a| a.modes[0].duration).collect();
    assert_eq!(&durations[..6], &[0, 8, 4, 6, 3, 8]);
    assert_eq!(durations[31], 0);
    assert_eq!(demands(&p, 2, 0), [("R1".to_string(), 4)]);
    assert_eq!(demands(&p, 26, 0), [("R3".to_string(), 4)]);
    assert!(demands(&p, 1, 0).is_empty());
    assert_eq!(successors(&p, 1), ["2", "3", "4"]);
    assert_eq!(successors(&p, 8), ["12", "19", "27"]);
    assert!(successors(&p, 32).is_empty());
    assert_eq!(p.precedences().len(), 48);
}

#[test]
fn cpm_bound_matches_reference() {
    let reference = include_str!("../../../data/psplib/reference.csv");
    let mut checked = 0;
    for row in reference.lines().skip(1) {
        let cols: Vec<&str> = row.split(',').collect();
        let (name, cpm_lb) = (cols[0], cols[1].parse::<u32>().unwrap());
        let path = format!("data/psplib/{name}.sm");
        let p = read_psplib(Path::new(&path)).unwrap();
        assert_eq!(Analysis::new(&p).makespan_bound, cpm_lb, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 8);
    let p = parse(J301_1).unwrap();
    assert_eq!(Analysis::new(&p).makespan_bound, 38);
}

#[test]
fn reads_multi_mode_fixture() {
    let p = parse_psplib(Path::new("mm10_example.mm"), MM).unwrap();
    assert_eq!(p.len(), 10);
    let ids: Vec<&str> = p.resources().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["R1", "R2"]); // nonrenewable resources are dropped
    let modes: Vec<usize> = p.activities().iter().map(|a| a.modes.len()).collect();
    assert_eq!(modes, [1, 2, 2, 2, 2, 2, 2, 2, 2, 1]);
    let m = &p.activities()[1].modes;
    assert_eq!((m[0].duration, m[1].duration), (3, 5));
    assert_eq!(demands(&p, 2, 0), [("R1".to_string(), 4)]);
    assert_eq!(
        demands(&p, 2, 1),
        [("R1".to_string(), 2), ("R2".to_string(), 1)]
    );
    assert_eq!(successors(&p, 1), ["2", "3", "4"]);
    assert_eq!(successors(&p, 9), ["10"]);
    // CPM uses every activity's shortest mode
    assert_eq!(Analysis::new(&p).makespan_bound, 10);
}

#[test]
fn binding_nonrenewable_is_rejected_with_line() {
    // N 1 capacity of the fixture lowered below the sum of the max consumptions
    let lines: Vec<&str> = MM.lines().collect();
    let avail = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .unwrap();
    let mut fields: Vec<String> = lines[avail].split_whitespace().map(String::from).collect();
    fields[2] = "3".to_string();
    let mut text: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    text[avail] = fields.join("   ");
    let err = parse_psplib(Path::new("x.mm"), &text.join("\n")).unwrap_err();
    assert_eq!(err.issues.len(), 1);
    let issue = &err.issues[0];
    assert_eq!(issue.location.line, Some(avail as u64 + 1));
    assert_eq!(issue.location.column.as_deref(), Some("availability N 1"));
    assert!(matches!(&issue.kind, InputIssueKind::Format(m) if m.contains("nonrenewable")));
    assert!(issue.to_string().starts_with("x.mm:"));
}

fn replace_line(text: &str, line: usize, new: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { new } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(prefix))
        .unwrap()
        + 1
}

#[test]
fn successor_out_of_range_and_bad_number() {
    let l = line_of(J301_1, "PRECEDENCE RELATIONS") + 3; // job 2
    let text = replace_line(J301_1, l, "   2        1          3           6  11  99");
    let err = parse(&text).unwrap_err();
    assert_eq!(err.issues.len(), 1);
    assert_eq!(
        err.issues[0].location,
        Location::cell("test.sm", l as u64, "successors")
    );
    assert!(
        matches!(&err.issues[0].kind, InputIssueKind::OutOfRange { value, .. } if value == "99")
    );

    let text = replace_line(J301_1, l, "   2        1          3           6  1x  15");
    let err = parse(&text).unwrap_err();
    assert!(
        matches!(&err.issues[0].kind, InputIssueKind::BadNumber { value, .. } if value == "1x")
    );
    assert_eq!(err.issues[0].location.column.as_deref(), Some("successors"));
}

#[test]
fn demand_above_availability() {
    let l = line_of(J301_1, "REQUESTS/DURATIONS") + 4; // job 2
    let text = replace_line(J301_1, l, "  2      1     8       4   14    0    0");
    let err = parse(&text).unwrap_err();
    assert_eq!(err.issues.len(), 1);
    assert_eq!(
        err.issues[0].location,
        Location::cell("test.sm", l as u64, "R 2")
    );
    assert!(err.issues[0].to_string().contains("availability 13"));
}

#[test]
fn cycle_is_reported_with_job_ids() {
    // job 32 (the sink) made to precede job 2
    let l = line_of(J301_1, "PRECEDENCE RELATIONS") + 33;
    let text = replace_line(J301_1, l, "  32        1          1           2");
    let err = parse(&text).unwrap_err();
    assert_eq!(err.issues.len(), 1);
    let InputIssueKind::DependencyCycle { ids } = &err.issues[0].kind else {
        panic!("expected a cycle, got {err}");
    };
    assert!(ids.contains(&"2".to_string()) && ids.contains(&"32".to_string()));
    assert_eq!(err.issues[0].location.column.as_deref(), Some("successors"));
    assert!(err.issues[0].location.line.is_some());
}

#[test]
fn unreadable_file() {
    let err = read_psplib(Path::new("data/psplib/no_such_file.sm")).unwrap_err();
    assert!(matches!(err.issues[0].kind, InputIssueKind::Unreadable(_)));
}

/// Tiny deterministic generator for the garbling test.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[test]
fn garbage_never_panics() {
    let lines: Vec<&str> = J301_1.lines().collect();
    let last_data = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .unwrap();
    // truncated after every line: an error unless the capacities were read
    for cut in 0..lines.len() {
        let text = lines[..cut].join("\n");
        let result = parse(&text);
        if cut <= last_data {
            let err = result
                .err()
                .unwrap_or_else(|| panic!("cut at {cut} accepted"));
            assert!(!err.issues.is_empty());
            assert!(
                err.issues
                    .iter()
                    .all(|i| i.location.file == Path::new("test.sm"))
            );
        }
    }
    // truncated mid-line
    for cut in (0..J301_1.len()).step_by(7) {
        let _ = parse(&J301_1[..cut]);
    }
    // a line deleted, duplicated or replaced by junk
    for i in 0..lines.len() {
        let mut v = lines.clone();
        v.remove(i);
        let _ = parse(&v.join("\n"));
        let mut v = lines.clone();
        v.insert(i, lines[i]);
        let _ = parse(&v.join("\n"));
        for junk in [
            "",
            "x",
            "-1 -2 -3",
            "4294967295 99999999999 1",
            "  1 1 1 1 1 1 1 1 1 1 1",
        ] {
            let mut v = lines.clone();
            v[i] = junk;
            let _ = parse(&v.join("\n"));
        }
    }
    // random byte-level damage
    let mut state = 7u64;
    let alphabet = b"0123456789 \n*:-xR";
    for _ in 0..400 {
        let mut bytes = J301_1.as_bytes().to_vec();
        for _ in 0..1 + splitmix(&mut state) % 6 {
            let pos = (splitmix(&mut state) % bytes.len() as u64) as usize;
            let c = alphabet[(splitmix(&mut state) % alphabet.len() as u64) as usize];
            bytes[pos] = c;
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = parse(&text) {
            assert!(!e.issues.is_empty());
        }
    }
}

#[test]
fn invalid_utf8_is_reported_on_its_lines() {
    // regression (issue 14 D): the error had no line number
    let mut bytes = J301_1.as_bytes().to_vec();
    bytes.splice(0..0, b"ok\n\xffbad\nfine\nab\xc3(\n".iter().copied());
    let err = utf8(Path::new("x.sm"), &bytes).unwrap_err();
    let msgs: Vec<String> = err.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        [
            "x.sm:2: not valid UTF-8: byte 0xFF at byte 1 of the line",
            "x.sm:4: not valid UTF-8: byte 0xC3 at byte 3 of the line"
        ]
    );
    assert_eq!(utf8(Path::new("x.sm"), J301_1.as_bytes()).unwrap(), J301_1);
}
