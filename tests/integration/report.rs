//! `report.html` and `schedule.mmd`: structure (tags balanced, entities
//! well-formed, no network), the numbers shown against `summary.json` and
//! `goals.csv`, and the Mermaid export against Mermaid's gantt grammar.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::util::{read_csv, read_summary, root, stderr, stdout, tandem, temp_dir};

/// Runs `tandem ARGS` and asserts success.
fn run(args: &[&str]) -> std::process::Output {
    let o = tandem(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    o
}

fn plan(dir: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "plan",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--work-limit",
        "1",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

// ---------------------------------------------------------------- HTML

/// Elements HTML allows without a closing tag; the report writes them
/// self-closed (`<meta .../>`).
const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];

/// One start tag: name and attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: BTreeMap<String, String>,
}

/// Checks that the page is well-formed XML-ish HTML (every element closed
/// in order, void elements self-closed, attributes quoted, `&` only in
/// entities, no `<` in text) and returns every start tag with the text that
/// follows it up to the next tag.
fn parse_html(html: &str) -> Result<Vec<(Tag, String)>, String> {
    let body = html
        .strip_prefix("<!DOCTYPE html>")
        .ok_or("no <!DOCTYPE html>")?;
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    let mut rest = body;
    let mut seen_root = false;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        check_text(text)?;
        if let Some((_, t)) = tags.last_mut() {
            let t: &mut String = t;
            t.push_str(text);
        }
        if lt == rest.len() {
            break;
        }
        rest = &rest[lt..];
        let gt = rest.find('>').ok_or("unterminated tag")?;
        let inner = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = inner.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("</{name}> closes nothing"))?;
            if open != name {
                return Err(format!("</{name}> closes <{open}>"));
            }
            continue;
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let (name, attrs) = parse_tag(inner)?;
        if stack.is_empty() {
            if seen_root || name != "html" {
                return Err(format!("<{name}> outside <html>"));
            }
            seen_root = true;
        }
        if VOID.contains(&name.as_str()) && !self_closing {
            return Err(format!("void <{name}> not self-closed"));
        }
        if !self_closing {
            stack.push(name.clone());
        }
        tags.push((Tag { name, attrs }, String::new()));
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> never closed"));
    }
    if !seen_root {
        return Err("no <html>".into());
    }
    Ok(tags)
}

fn check_text(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let end = rest.find(';').ok_or("`&` without `;`")?;
        let entity = &rest[..end];
        let ok = matches!(entity, "amp" | "lt" | "gt" | "quot")
            || entity
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(format!("bad entity &{entity};"));
        }
    }
    Ok(())
}

/// `name attr="value" ...` of a start tag.
fn parse_tag(inner: &str) -> Result<(String, BTreeMap<String, String>), String> {
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("bad tag name in <{inner}>"));
    }
    let mut attrs = BTreeMap::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or(format!("attribute without value in <{inner}>"))?;
        let key = rest[..eq].trim();
        let after = &rest[eq + 1..];
        let value = after
            .strip_prefix('"')
            .ok_or(format!("unquoted attribute {key} in <{name}>"))?;
        let close = value.find('"').ok_or("unterminated attribute")?;
        let v = &value[..close];
        if v.contains('<') {
            return Err(format!("`<` in attribute {key}"));
        }
        check_text(v)?;
        if attrs.insert(key.to_string(), unescape(v)).is_some() {
            return Err(format!("duplicate attribute {key} in <{name}>"));
        }
        rest = value[close + 1..].trim_start();
    }
    Ok((name.to_string(), attrs))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text right after the element with `id` (its first text node).
fn text_of(tags: &[(Tag, String)], id: &str) -> String {
    let (_, text) = tags
        .iter()
        .find(|(t, _)| t.attrs.get("id").is_some_and(|v| v == id))
        .unwrap_or_else(|| panic!("no element with id {id}"));
    unescape(text)
}

fn attr<'t>(tags: &'t [(Tag, String)], id: &str, key: &str) -> &'t str {
    tags.iter()
        .find(|(t, _)| t.attrs.get("id").is_some_and(|v| v == id))
        .and_then(|(t, _)| t.attrs.get(key))
        .unwrap_or_else(|| panic!("no {key} on #{id}"))
}

/// Checks the report in `out` against `summary.json` and `goals.csv`.
fn check_report(out: &Path) -> Vec<(Tag, String)> {
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let tags = parse_html(&html).unwrap_or_else(|e| panic!("report.html: {e}"));
    // self-contained: no script, no external resource
    assert!(
        !tags
            .iter()
            .any(|(t, _)| t.name == "script" || t.name == "link" || t.name == "img")
    );
    assert!(
        !html
            .replace("http://www.w3.org/2000/svg", "")
            .contains("http")
    );
    assert!(!html.contains("url(") && !html.contains("@import"));
    // the four views, three of them charts
    for id in ["summary", "goals", "gantt", "load"] {
        assert!(
            tags.iter()
                .any(|(t, _)| t.name == "section" && t.attrs.get("id").is_some_and(|v| v == id)),
            "no section {id}"
        );
    }
    assert_eq!(tags.iter().filter(|(t, _)| t.name == "svg").count(), 3);

    let summary = read_summary(out);
    for (id, key) in [("objective", "objective"), ("lower-bound", "lower_bound")] {
        let exact: f64 = attr(&tags, id, "data-value").parse().unwrap();
        let want = summary[key].as_f64().unwrap();
        assert_eq!(exact, want, "{id}");
        let shown: f64 = text_of(&tags, id).parse().unwrap();
        assert!(
            (shown - want).abs() <= 0.05 + 1e-9 * want.abs(),
            "{id}: {shown} vs {want}"
        );
    }
    let gap = summary["gap"].as_f64().unwrap();
    assert_eq!(text_of(&tags, "gap"), format!("{:.1}%", 100.0 * gap));
    assert_eq!(
        text_of(&tags, "status"),
        summary["status"].as_str().unwrap()
    );
    assert_eq!(text_of(&tags, "makespan"), summary["makespan"].to_string());
    let late = summary["late_goals"].as_u64().unwrap();
    assert_eq!(
        text_of(&tags, "late-goals"),
        format!("{late} of {}", summary["goals"])
    );

    // every goal of goals.csv, with its finish, due and late days
    let (header, rows) = read_csv(&out.join("goals.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let goal_rows: Vec<&(Tag, String)> = tags
        .iter()
        .filter(|(t, _)| t.name == "g" && t.attrs.get("class").is_some_and(|c| c == "goal"))
        .collect();
    assert_eq!(goal_rows.len(), rows.len());
    for r in &rows {
        let g = &r[col("goal")];
        let pos = goal_rows
            .iter()
            .position(|(t, _)| t.attrs["data-goal"] == *g)
            .unwrap_or_else(|| panic!("goal {g} not in the timeline"));
        let t = &goal_rows[pos].0;
        assert_eq!(t.attrs["data-finish"], r[col("finish")], "{g} finish");
        assert_eq!(t.attrs["data-due"], r[col("due")], "{g} due");
        assert_eq!(t.attrs["data-late"], r[col("late_days")], "{g} late");
        // the visible flag: "+N d late" inside this goal's row
        let start = tags.iter().position(|(x, _)| std::ptr::eq(x, t)).unwrap();
        let row_text: String = tags[start + 1..]
            .iter()
            .take_while(|(x, _)| ["title", "text", "rect", "line"].contains(&x.name.as_str()))
            .map(|(_, s)| s.as_str())
            .collect();
        let late: u32 = r[col("late_days")].parse().unwrap();
        if late > 0 {
            assert!(
                row_text.contains(&format!("+{late} d late")),
                "{g}: {row_text}"
            );
        } else {
            assert!(!row_text.contains("late"), "{g}: {row_text}");
        }
    }
    tags
}

#[test]
fn example_plan_report_shows_the_numbers_of_summary_json_and_goals_csv() {
    let out = temp_dir("report");
    let o = plan(&root().join("data/roadmap"), &out, &[]);
    assert!(stdout(&o).contains("report.html"), "{}", stdout(&o));
    let tags = check_report(&out);
    // without a start date the axis counts days
    assert!(tags.iter().any(|(t, s)| t.name == "text" && s == "0"));
    // every task has a bar (or a diamond) in the Gantt chart
    let (_, schedule) = read_csv(&out.join("schedule.csv"));
    let drawn: BTreeSet<&str> = tags
        .iter()
        .filter_map(|(t, _)| t.attrs.get("data-task").map(String::as_str))
        .collect();
    assert_eq!(drawn.len(), schedule.len());
    // the measured what-ifs of the top bottlenecks, as sentences beside their price
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let what_if = html
        .split("<div id=\"what-if\">")
        .nth(1)
        .expect("a what-if section");
    let what_if = &what_if[..what_if.find("</div>").unwrap()];
    assert!(
        what_if.contains("<li>One more person in <strong>backend</strong> on days "),
        "{what_if}"
    );
    assert!(what_if.contains("LP price of this person ~"), "{what_if}");
    // no today line unless --today is given
    assert!(
        !tags
            .iter()
            .any(|(t, _)| t.attrs.get("class").is_some_and(|c| c == "today"))
    );
}

#[test]
fn dated_report_with_today_line() {
    let out = temp_dir("report-dates");
    plan(
        &root().join("data/roadmap"),
        &out,
        &["--start", "2027-01-04", "--today", "5"],
    );
    let tags = check_report(&out);
    // the axis counts dates (the tick under the today label is left out)
    let dates = tags
        .iter()
        .filter(|(t, s)| t.name == "text" && s.parse::<tandem::Date>().is_ok())
        .count();
    assert!(dates >= 10, "{dates} date labels");
    let todays = tags
        .iter()
        .filter(|(t, _)| t.attrs.get("class").is_some_and(|c| c == "today"))
        .count();
    assert_eq!(todays, 3, "a today line in each chart");
    // the goal table shows goals.csv's finish dates
    let (header, rows) = read_csv(&out.join("goals.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for r in &rows {
        let cell = format!("{} ({})", r[col("finish")], r[col("finish_date")]);
        assert!(html.contains(&cell), "{cell}");
    }
}

#[test]
fn hostile_names_are_escaped_and_mermaid_stays_valid() {
    let dir = temp_dir("report-hostile");
    let w = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    w(
        "teams.csv",
        "team,capacity,name\nback&end,2,\"<b>Back</b> \"\"end\"\"\"\n",
    );
    w(
        "goals.csv",
        "goal,priority,due,name\ng<1>,3,2,\"<script>alert('x')</script>\"\n",
    );
    w(
        "tasks.csv",
        "task,goal,effort,teams,depends_on,name\nsection,g<1>,4,back&end,,\"title: a #b; 50% & <i>c</i>\"\nt2,g<1>,0,back&end,section,\"2027-01-04 click me\"\n",
    );
    let out = dir.join("out");
    plan(&dir, &out, &[]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script") && !html.contains("<b>") && !html.contains("<i>"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    check_report(&out);
    let mmd = std::fs::read_to_string(out.join("schedule.mmd")).unwrap();
    let chart = check_mermaid(&mmd).unwrap_or_else(|e| panic!("{e}\n{mmd}"));
    assert_eq!(chart.tasks.len(), 2);
    assert_eq!(chart.sections, ["back&end"]);
}

#[test]
fn json_flag_prints_summary_json() {
    let out = temp_dir("report-json");
    let o = plan(
        &root().join("tests/fixtures/plans/small"),
        &out,
        &["--json"],
    );
    let file = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert_eq!(stdout(&o), file);
    let bad = tandem(&["plan", "x", "--out", "y", "--json", "--quiet"]);
    assert_eq!(bad.status.code(), Some(2), "--json and --quiet conflict");
}

#[test]
fn psplib_solve_writes_a_report_too() {
    let out = temp_dir("report-psplib");
    let file = root().join("data/psplib/j301_1.sm");
    run(&[
        "solve",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--work-limit",
        "0.5",
        "--json",
    ]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let tags = parse_html(&html).unwrap();
    let summary = read_summary(&out);
    assert_eq!(text_of(&tags, "makespan"), summary["makespan"].to_string());
    let objective: f64 = attr(&tags, "objective", "data-value").parse().unwrap();
    assert_eq!(objective, summary["objective"].as_f64().unwrap());
}

#[test]
fn help_has_an_example_for_every_command() {
    for cmd in ["plan", "solve", "replan", "diff", "bench", "generate"] {
        let o = run(&[cmd, "--help"]);
        assert!(stdout(&o).contains("Example"), "{cmd} --help");
        assert!(
            stdout(&o).contains(&format!("tandem {cmd} ")),
            "{cmd} --help"
        );
    }
}

// ------------------------------------------------------------- Mermaid

/// A gantt chart as Mermaid's grammar reads it.
#[derive(Debug, Default)]
struct Chart {
    date_format: String,
    sections: Vec<String>,
    /// (section, name, tags, id, start, end)
    tasks: Vec<(usize, String, Vec<String>, String, String, String)>,
}

/// Keywords the gantt lexer (`gantt.jison`, case-insensitive) matches at
/// the start of a token before it would read a task name.
const KEYWORDS: [&str; 19] = [
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "title",
    "accdescription",
    "acctitle",
    "accdescr",
    "section",
    "click",
    "href",
    "call",
    "%",
];

/// Reads a Mermaid gantt chart with the rules of Mermaid's grammar:
/// a `gantt` line, then statements one per line; a task line is a name
/// without `:` `#` `;` that does not start with a keyword or a date,
/// then `:` and data without `#` `;`: `[tags,] [id,] start, end`, start
/// and end in the `dateFormat` (end may be a duration like `3d`).
fn check_mermaid(text: &str) -> Result<Chart, String> {
    let mut chart = Chart::default();
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("%%"));
    if lines.next() != Some("gantt") {
        return Err("the first statement must be `gantt`".into());
    }
    let mut ids = BTreeSet::new();
    for line in lines {
        let lower = line.to_lowercase();
        let word = lower.split_whitespace().next().unwrap_or("");
        let rest = line[word.len()..].trim();
        match word {
            "title" | "axisformat" | "excludes" | "todaymarker" | "tickinterval" => {
                if rest.is_empty() || rest.contains(['#', ';']) {
                    return Err(format!("bad statement `{line}`"));
                }
            }
            "dateformat" => chart.date_format = rest.to_string(),
            "section" => {
                if rest.is_empty() || rest.contains([':', '#', ';']) {
                    return Err(format!("bad section `{line}`"));
                }
                chart.sections.push(rest.to_string());
            }
            _ => {
                let (name, data) = line
                    .split_once(':')
                    .ok_or(format!("not a statement: `{line}`"))?;
                let lname = name.trim().to_lowercase();
                if name.trim().is_empty()
                    || name.contains(['#', ';'])
                    || KEYWORDS.iter().any(|k| lname.starts_with(k))
                    || lname.chars().take(4).all(|c| c.is_ascii_digit())
                {
                    return Err(format!("bad task name in `{line}`"));
                }
                if data.contains(['#', ';', ':']) {
                    return Err(format!("bad task data in `{line}`"));
                }
                if chart.sections.is_empty() {
                    return Err(format!("task before any section: `{line}`"));
                }
                let mut parts: Vec<String> =
                    data.split(',').map(|s| s.trim().to_string()).collect();
                let mut tags = Vec::new();
                while parts
                    .first()
                    .is_some_and(|p| ["active", "done", "crit", "milestone"].contains(&p.as_str()))
                {
                    tags.push(parts.remove(0));
                }
                let [id, start, end] = <[String; 3]>::try_from(parts)
                    .map_err(|p| format!("expected id, start, end in `{line}`: {p:?}"))?;
                if !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    return Err(format!("bad id `{id}`"));
                }
                if !ids.insert(id.clone()) {
                    return Err(format!("duplicate id `{id}`"));
                }
                let date = |s: &str| -> Result<(), String> {
                    let ok = match chart.date_format.as_str() {
                        "YYYY-MM-DD" => s.parse::<tandem::Date>().is_ok(),
                        "x" => s.parse::<u64>().is_ok(),
                        f => return Err(format!("unexpected dateFormat {f}")),
                    };
                    if ok {
                        Ok(())
                    } else {
                        Err(format!("`{s}` is not a {} date", chart.date_format))
                    }
                };
                date(&start)?;
                date(&end)?;
                if end < start && chart.date_format == "YYYY-MM-DD"
                    || chart.date_format == "x"
                        && end.parse::<u64>().unwrap_or(0) < start.parse::<u64>().unwrap_or(0)
                {
                    return Err(format!("ends before it starts: `{line}`"));
                }
                chart.tasks.push((
                    chart.sections.len() - 1,
                    name.trim().to_string(),
                    tags,
                    id,
                    start,
                    end,
                ));
            }
        }
    }
    if chart.date_format.is_empty() {
        return Err("no dateFormat".into());
    }
    Ok(chart)
}

#[test]
fn mermaid_export_parses_and_matches_the_schedule() {
    let out = temp_dir("mermaid");
    plan(&root().join("data/roadmap"), &out, &[]);
    let mmd = std::fs::read_to_string(out.join("schedule.mmd")).unwrap();
    let chart = check_mermaid(&mmd).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chart.date_format, "x");
    let (header, rows) = read_csv(&out.join("schedule.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    assert_eq!(chart.tasks.len(), rows.len());
    let (_, teams) = read_csv(&root().join("data/roadmap/teams.csv"));
    for r in &rows {
        let task = &r[col("task")];
        let found: Vec<_> = chart
            .tasks
            .iter()
            .filter(|t| t.1 == *task || t.1.starts_with(&format!("{task} ")))
            .collect();
        assert_eq!(found.len(), 1, "{task}");
        let (section, _, tags, _, start, end) = found[0];
        assert_eq!(*start, r[col("start")], "{task}");
        assert_eq!(*end, r[col("finish")], "{task}");
        assert_eq!(chart.sections[*section], r[col("team")], "{task}");
        assert_eq!(
            tags.contains(&"milestone".to_string()),
            start == end,
            "{task}"
        );
        assert!(teams.iter().any(|t| t[0] == chart.sections[*section]));
    }
    let summary = read_summary(&out);
    let critical: BTreeSet<&str> = summary["critical_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let crit: BTreeSet<&str> = chart
        .tasks
        .iter()
        .filter(|t| t.2.contains(&"crit".to_string()))
        .map(|t| t.1.split(' ').next().unwrap())
        .collect();
    assert_eq!(crit, critical);
}

#[test]
fn dated_mermaid_export_by_goal() {
    let out = temp_dir("mermaid-dates");
    plan(
        &root().join("data/roadmap"),
        &out,
        &["--start", "2027-01-04", "--mermaid-sections", "goal"],
    );
    let mmd = std::fs::read_to_string(out.join("schedule.mmd")).unwrap();
    let chart = check_mermaid(&mmd).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chart.date_format, "YYYY-MM-DD");
    assert!(mmd.contains("\n    excludes weekends\n"));
    let (header, rows) = read_csv(&out.join("schedule.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (_, goals) = read_csv(&out.join("goals.csv"));
    assert_eq!(chart.sections.len(), goals.len());
    for r in &rows {
        let task = &r[col("task")];
        let t = chart
            .tasks
            .iter()
            .find(|t| t.1 == *task || t.1.starts_with(&format!("{task} ")))
            .unwrap();
        assert_eq!(t.4, r[col("start_date")], "{task}");
        assert_eq!(chart.sections[t.0], r[col("goal")], "{task}");
        // ends at the midnight after the last working day: never after finish_date
        assert!(t.5 <= r[col("finish_date")], "{task}");
    }
}

#[test]
fn the_checkers_reject_what_mermaid_and_browsers_would_choke_on() {
    let ok = "gantt\n    dateFormat x\n    section a\n    task one :crit, t1, 0, 3\n";
    assert!(check_mermaid(ok).is_ok());
    for bad in [
        "dateFormat x\nsection a\nx :t1, 0, 1\n", // no gantt
        "gantt\ndateFormat x\nsection a\nclick here :t1, 0, 1\n", // keyword as a name
        "gantt\ndateFormat x\nsection a\nx #2 :t1, 0, 1\n", // comment char
        "gantt\ndateFormat x\nsection a\nx :t1, 0, 1; y\n", // statement separator
        "gantt\ndateFormat x\nsection a: b\nx :t1, 0, 1\n", // colon in a section
        "gantt\ndateFormat x\nsection a\nx :t1, 0, 1\ny :t1, 1, 2\n", // duplicate id
        "gantt\ndateFormat YYYY-MM-DD\nsection a\nx :t1, 0, 1\n", // not a date
        "gantt\ndateFormat x\nx :t1, 0, 1\n",     // no section
    ] {
        assert!(check_mermaid(bad).is_err(), "{bad}");
    }
    let ok = "<!DOCTYPE html><html><body><p class=\"a\">x &amp; y</p><br/></body></html>";
    assert!(parse_html(ok).is_ok());
    for bad in [
        "<!DOCTYPE html><html><body><g><rect></g></body></html>",
        "<!DOCTYPE html><html><body><p>a < b</p></body></html>",
        "<!DOCTYPE html><html><body><p>R&D</p></body></html>",
        "<!DOCTYPE html><html><body><p class=a>x</p></body></html>",
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head></html>",
        "<!DOCTYPE html><html><body></body>",
    ] {
        assert!(parse_html(bad).is_err(), "{bad}");
    }
}

#[test]
fn replan_writes_the_report_with_a_today_line() {
    let base = temp_dir("report-base");
    plan(&root().join("data/roadmap"), &base, &[]);
    let out = temp_dir("report-replan");
    run(&[
        "replan",
        root().join("data/roadmap").to_str().unwrap(),
        "--baseline",
        base.to_str().unwrap(),
        "--today",
        "10",
        "--work-limit",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let tags = check_report(&out);
    assert!(
        tags.iter()
            .any(|(t, _)| t.attrs.get("class").is_some_and(|c| c == "today"))
    );
    let mmd = std::fs::read_to_string(out.join("schedule.mmd")).unwrap();
    check_mermaid(&mmd).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.join("diff.csv").is_file());
}
