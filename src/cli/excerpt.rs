//! Input errors as a person reads them: each problem with the line of the
//! file it is about and a caret under the offending cell, coloured when
//! stderr is a terminal (and `NO_COLOR` is not set).
//!
//! ```text
//! error: 1 problem in the input:
//!   plan/tasks.csv:4: column `effort`: `abc` is not a number
//!      |
//!    4 | T003,G01,Harden secrets,abc,platform,1,3,T002,
//!      |                         ^^^ line 4, column 25
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use tandem::InputError;
use tandem::error::InputIssue;

const RED: &str = "\x1b[1;31m";
const BLUE: &str = "\x1b[1;34m";
const RESET: &str = "\x1b[0m";

/// Longest source line shown in full; longer ones are cut around the cell.
const MAX_SHOWN: usize = 120;

/// The whole message for stderr.
pub fn render(error: &InputError, colour: bool) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let n = error.issues.len();
    let mut out = format!(
        "{}: {n} problem{} in the input:",
        paint(RED, "error"),
        if n == 1 { "" } else { "s" }
    );
    let mut files = Files::default();
    for issue in &error.issues {
        out.push_str(&format!("\n  {issue}"));
        if let Some(shown) = excerpt(issue, &mut files) {
            let gutter = " ".repeat(shown.line.to_string().len());
            out.push_str(&format!("\n   {gutter} {}", paint(BLUE, "|")));
            out.push_str(&format!(
                "\n   {} {} {}",
                paint(BLUE, &shown.line.to_string()),
                paint(BLUE, "|"),
                shown.text
            ));
            if let Some((at, width, column)) = shown.caret {
                out.push_str(&format!(
                    "\n   {gutter} {} {}{} line {}, column {column}",
                    paint(BLUE, "|"),
                    " ".repeat(at),
                    paint(RED, &"^".repeat(width.max(1))),
                    shown.line
                ));
            }
        }
    }
    out
}

/// One source line to show, and where its caret goes: `(offset in the
/// shown text, width, 1-based column in the file line)`.
struct Shown {
    line: u64,
    text: String,
    caret: Option<(usize, usize, usize)>,
}

/// The files' lines, read once each.
#[derive(Default)]
struct Files(BTreeMap<PathBuf, Option<Vec<String>>>);

impl Files {
    fn lines(&mut self, file: &PathBuf) -> Option<&[String]> {
        self.0
            .entry(file.clone())
            .or_insert_with(|| {
                let bytes = std::fs::read(file).ok()?;
                let text = String::from_utf8_lossy(&bytes);
                Some(text.lines().map(str::to_string).collect())
            })
            .as_deref()
    }
}

fn excerpt(issue: &InputIssue, files: &mut Files) -> Option<Shown> {
    let at = &issue.location;
    let line = at.line?;
    let lines = files.lines(&at.file)?;
    let source = lines.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let is_csv = at.file.extension().is_some_and(|e| e == "csv");
    // the cell: the column named in the header (line 1) of a CSV file
    let cell = at.column.as_deref().filter(|_| is_csv).and_then(|name| {
        let header = split_fields(lines.first()?);
        let index = header
            .iter()
            .position(|&(s, e)| lines[0][s..e].trim().trim_matches('"') == name)?;
        split_fields(source).get(index).copied()
    });
    let (text, caret) = match cell {
        Some((start, end)) => {
            // cut long lines around the cell, on char boundaries
            let from = if source.len() > MAX_SHOWN {
                floor_char(source, start.saturating_sub(MAX_SHOWN / 3))
            } else {
                0
            };
            let to = ceil_char(source, (from + MAX_SHOWN).max(end).min(source.len()));
            let mut text = String::new();
            let mut offset = 0;
            if from > 0 {
                text.push('…');
                offset = 1;
            }
            text.push_str(&source[from..to]);
            if to < source.len() {
                text.push('…');
            }
            let at = offset + source[from..start].chars().count();
            let width = source[start..end].chars().count();
            let column = source[..start].chars().count() + 1;
            (text, Some((at, width, column)))
        }
        None => {
            let to = ceil_char(source, source.len().min(MAX_SHOWN));
            let mut text = source[..to].to_string();
            if to < source.len() {
                text.push('…');
            }
            (text, None)
        }
    };
    Some(Shown { line, text, caret })
}

/// Byte ranges of the comma-separated fields of a CSV line (quotes keep
/// commas inside a field).
fn split_fields(line: &str) -> Vec<(usize, usize)> {
    let mut fields = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                fields.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    fields.push((start, line.len()));
    fields
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem::error::{InputIssueKind, Location};

    fn error_in(file: &std::path::Path, line: u64, column: &str) -> InputError {
        InputError {
            issues: vec![InputIssue {
                location: Location::cell(file, line, column),
                kind: InputIssueKind::MissingFile,
            }],
        }
    }

    #[test]
    fn the_caret_sits_under_the_cell() {
        let dir = std::env::temp_dir().join(format!("tandem-excerpt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("tasks.csv");
        std::fs::write(&file, "task,\"name, long\",effort\nT1,\"a, b\",abc\n").unwrap();
        let text = render(&error_in(&file, 2, "effort"), false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "error: 1 problem in the input:");
        assert_eq!(lines[3], "   2 | T1,\"a, b\",abc");
        assert_eq!(lines[4], "     |           ^^^ line 2, column 11");
        // colour only when asked
        assert!(!text.contains('\x1b'));
        assert!(render(&error_in(&file, 2, "effort"), true).contains(RED));
        // an unknown column or line: the issue alone, never a panic
        assert_eq!(
            render(&error_in(&file, 9, "effort"), false).lines().count(),
            2
        );
        let text = render(&error_in(&file, 2, "nope"), false);
        assert!(text.contains("   2 | T1") && !text.contains('^'));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn long_lines_are_cut_around_the_cell() {
        let dir = std::env::temp_dir().join(format!("tandem-excerpt-long-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("tasks.csv");
        let name = "é".repeat(300);
        std::fs::write(&file, format!("task,name,effort\nT1,{name},x\n")).unwrap();
        let text = render(&error_in(&file, 2, "effort"), false);
        let shown = text.lines().nth(3).unwrap();
        assert!(shown.chars().count() < MAX_SHOWN + 20, "{shown}");
        assert!(text.contains("^ line 2, column 305"), "{text}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
