//! A small CSV table reader for plan files.
//!
//! It applies the general rules of FORMAT.md: UTF-8 (a leading byte-order
//! mark is skipped), a header row, columns found by name in any order,
//! unknown columns ignored, cells trimmed, an empty cell counts as absent.
//! Rows may be shorter or longer than the header (missing cells are empty);
//! rows whose cells are all empty are skipped. Line numbers are 1-based with
//! the header on line 1 and come from the csv crate's record positions, so a
//! quoted multi-line cell does not shift the lines of later rows.

use std::path::{Path, PathBuf};

use crate::error::{InputIssue, InputIssueKind, Location};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A column present in the header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Col {
    index: usize,
    /// The column name, as used in messages.
    pub(crate) name: &'static str,
}

/// One data row.
#[derive(Debug)]
pub(crate) struct Row {
    /// 1-based line on which the record starts.
    pub(crate) line: u64,
    cells: Vec<String>,
    /// Indices of cells that could not be decoded (already reported).
    bad: Vec<usize>,
}

impl Row {
    /// The trimmed text of a cell; `None` if the column is absent or the cell empty.
    pub(crate) fn get(&self, col: Option<Col>) -> Option<&str> {
        let text = self.cells.get(col?.index)?;
        (!text.is_empty()).then_some(text.as_str())
    }

    /// True if the cell could not be decoded; it was reported and reads as empty.
    pub(crate) fn is_bad(&self, col: Col) -> bool {
        self.bad.contains(&col.index)
    }
}

/// A parsed CSV file: header names and data rows.
#[derive(Debug)]
pub(crate) struct Table {
    path: PathBuf,
    header_line: u64,
    header: Vec<String>,
    /// Data rows in file order.
    pub(crate) rows: Vec<Row>,
}

impl Table {
    /// Parses a whole file. Undecodable cells and repeated header names are
    /// reported; `None` when the file has no header row (it is empty).
    pub(crate) fn parse(path: &Path, bytes: &[u8], issues: &mut Vec<InputIssue>) -> Option<Self> {
        let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut record = csv::ByteRecord::new();
        let mut table: Option<Table> = None;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    issues.push(InputIssue {
                        location: Location {
                            file: path.to_path_buf(),
                            line: e.position().map(csv::Position::line),
                            column: None,
                        },
                        kind: InputIssueKind::MalformedCsv(e.to_string()),
                    });
                    break;
                }
            }
            let line = record.position().map_or(1, csv::Position::line);
            match &mut table {
                None => table = Some(Self::from_header(path, line, &record, issues)),
                Some(t) => t.push_row(line, &record, issues),
            }
        }
        table
    }

    fn from_header(
        path: &Path,
        line: u64,
        record: &csv::ByteRecord,
        issues: &mut Vec<InputIssue>,
    ) -> Self {
        let mut header: Vec<String> = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            let name = decode(raw).unwrap_or_else(|| {
                issues.push(InputIssue {
                    location: Location {
                        file: path.to_path_buf(),
                        line: Some(line),
                        column: Some(format!("#{}", i + 1)),
                    },
                    kind: InputIssueKind::MalformedCsv("column name is not valid UTF-8".into()),
                });
                String::new()
            });
            if !name.is_empty() && header.contains(&name) {
                issues.push(InputIssue {
                    location: Location::cell(path, line, name.clone()),
                    kind: InputIssueKind::DuplicateColumn { name: name.clone() },
                });
            }
            header.push(name);
        }
        Self {
            path: path.to_path_buf(),
            header_line: line,
            header,
            rows: Vec::new(),
        }
    }

    fn push_row(&mut self, line: u64, record: &csv::ByteRecord, issues: &mut Vec<InputIssue>) {
        let mut cells = Vec::with_capacity(record.len());
        let mut bad = Vec::new();
        for (i, raw) in record.iter().enumerate() {
            let text = decode(raw).unwrap_or_else(|| {
                bad.push(i);
                let column = match self.header.get(i) {
                    Some(name) if !name.is_empty() => name.clone(),
                    _ => format!("#{}", i + 1),
                };
                issues.push(InputIssue {
                    location: Location::cell(&self.path, line, column),
                    kind: InputIssueKind::MalformedCsv("cell is not valid UTF-8".into()),
                });
                String::new()
            });
            cells.push(text);
        }
        if cells.iter().any(|c| !c.is_empty()) {
            self.rows.push(Row { line, cells, bad });
        }
    }

    /// An optional column (the first one of that name).
    pub(crate) fn column(&self, name: &'static str) -> Option<Col> {
        let index = self.header.iter().position(|h| h == name)?;
        Some(Col { index, name })
    }

    /// A required column; its absence is reported on the header line.
    pub(crate) fn require(&self, name: &'static str, issues: &mut Vec<InputIssue>) -> Option<Col> {
        let col = self.column(name);
        if col.is_none() {
            issues.push(InputIssue {
                location: Location::cell(&self.path, self.header_line, name),
                kind: InputIssueKind::MissingColumn,
            });
        }
        col
    }

    /// The location of one cell of this table.
    pub(crate) fn cell(&self, line: u64, column: &str) -> Location {
        Location::cell(&self.path, line, column)
    }
}

/// Decodes and trims one cell; `None` if it is not UTF-8.
fn decode(raw: &[u8]) -> Option<String> {
    std::str::from_utf8(raw).ok().map(|s| s.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> (Option<Table>, Vec<InputIssue>) {
        let mut issues = Vec::new();
        let t = Table::parse(Path::new("x.csv"), text, &mut issues);
        (t, issues)
    }

    #[test]
    fn header_by_name_trimmed_bom_and_ragged_rows() {
        let (t, issues) = parse(b"\xEF\xBB\xBF b , a ,c\n1, 2\n\n,,\n\"x\ny\",5,6,7\nlast,9,\n");
        assert!(issues.is_empty(), "{issues:?}");
        let t = t.unwrap();
        let a = t.column("a");
        let b = t.column("b");
        let c = t.column("c");
        assert!(t.column("d").is_none());
        let got: Vec<_> = t
            .rows
            .iter()
            .map(|r| (r.line, [r.get(b), r.get(a), r.get(c)]))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, [Some("1"), Some("2"), None]),
                (5, [Some("x\ny"), Some("5"), Some("6")]),
                (7, [Some("last"), Some("9"), None]),
            ]
        );
    }

    #[test]
    fn empty_file_has_no_table() {
        assert!(parse(b"").0.is_none());
        assert!(parse(b"\xEF\xBB\xBF").0.is_none());
        assert!(parse(b"\n\n").0.is_none());
    }

    #[test]
    fn bad_utf8_and_duplicate_columns_are_reported() {
        let (t, issues) = parse(b"a,b,a\nok,\xFF\xFE,1\n");
        assert!(t.is_some());
        let msgs: Vec<String> = issues.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].contains("x.csv:1: column `a`"), "{}", msgs[0]);
        assert!(msgs[1].contains("x.csv:2: column `b`"), "{}", msgs[1]);
        assert!(msgs[1].contains("UTF-8"), "{}", msgs[1]);
    }

    #[test]
    fn missing_required_column_is_reported_on_the_header_line() {
        let (t, _) = parse(b"a\n1\n");
        let mut issues = Vec::new();
        assert!(t.unwrap().require("b", &mut issues).is_none());
        assert_eq!(
            issues[0].to_string(),
            "x.csv:1: column `b`: required column is missing from the header"
        );
    }
}
