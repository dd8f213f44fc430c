//! A small CSV table reader for plan files.
//!
//! It applies the general rules of FORMAT.md: UTF-8 (a leading byte-order
//! mark is skipped), a header row, columns found by name in any order,
//! unknown columns ignored, cells trimmed, an empty cell counts as absent.
//! Rows may be shorter or longer than the header (missing cells are empty);
//! rows whose cells are all empty are skipped. Line numbers are 1-based with
//! the header on line 1 and come from the byte offsets of the csv crate's
//! record positions (its own line count lags one line behind after a CRLF
//! terminator), so a quoted multi-line cell does not shift the lines of later
//! rows and LF, CRLF and CR files number their lines alike.

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

/// Line numbers of byte offsets, counted forward as the reader advances.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Bytes before `offset` hold `line - 1` line breaks.
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of the first byte at or after `byte` that is not a
    /// line terminator (`\r`, `\n`): a record's position can point at the
    /// `\n` of the previous record's CRLF. A line ends at `\n`, at `\r\n`
    /// and at a lone `\r`. Offsets must not decrease between calls.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut at = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while matches!(self.bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        while self.offset < at {
            let b = self.bytes[self.offset];
            let lf_next = self.bytes.get(self.offset + 1) == Some(&b'\n');
            if b == b'\n' || (b == b'\r' && !lf_next) {
                self.line += 1;
            }
            self.offset += 1;
        }
        self.line
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
        let mut lines = Lines::new(bytes);
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    issues.push(InputIssue {
                        location: Location {
                            file: path.to_path_buf(),
                            line: e.position().map(|p| lines.line_at(p.byte())),
                            column: None,
                        },
                        kind: InputIssueKind::MalformedCsv(e.to_string()),
                    });
                    break;
                }
            }
            let line = record.position().map_or(1, |p| lines.line_at(p.byte()));
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

    /// The location of a whole row of this table.
    pub(crate) fn line(&self, line: u64) -> Location {
        Location::file(&self.path).with_line(line)
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
    fn lines_are_the_same_with_lf_crlf_and_cr_terminators() {
        let lf = "a,b\n1,2\n\n\"x\ny\",3\n4,5\n";
        for text in [
            lf.to_string(),
            lf.replace('\n', "\r\n"),
            lf.replace('\n', "\r"),
        ] {
            let (t, issues) = parse(text.as_bytes());
            assert!(issues.is_empty(), "{issues:?}");
            let t = t.unwrap();
            let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
            // the quoted cell spans lines 4-5, so the last row is on line 6
            assert_eq!(lines, vec![2, 4, 6], "{text:?}");
            assert_eq!(t.header_line, 1);
        }
        // a malformed record after CRLF lines is placed on its own line
        let (_, issues) = parse(b"a,b\r\n1,2\r\n\xff\xfe,3\r\n");
        assert!(!issues.is_empty());
        assert!(
            issues.iter().all(|i| i.location.line == Some(3)),
            "{issues:?}"
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
