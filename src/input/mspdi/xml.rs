//! The elements of an MSPDI file that the import reads, with the line each
//! value came from (roxmltree keeps positions), as text: values are parsed
//! in `map.rs`, where a bad one is reported with its element and UID.

use crate::error::{InputIssue, InputIssueKind, Location};
use std::path::Path;

/// The namespace of Microsoft Project's XML interchange format.
pub(crate) const NAMESPACE: &str = "http://schemas.microsoft.com/project";

/// One element: its 1-based line, its text (trimmed; empty when it has
/// child elements) and its child elements by local name, in document order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Element {
    pub(crate) line: u64,
    pub(crate) text: String,
    pub(crate) children: Vec<(String, Element)>,
}

impl Element {
    /// The first child `name` with a text, when there is one.
    pub(crate) fn get(&self, name: &str) -> Option<&Element> {
        self.children
            .iter()
            .find(|(n, e)| n == name && !e.text.is_empty())
            .map(|(_, e)| e)
    }

    /// The text of [`Element::get`].
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.get(name).map(|f| f.text.as_str())
    }

    /// Every child element `name`.
    pub(crate) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, e)| e)
    }

    /// The first child element `name`.
    pub(crate) fn one<'a>(&'a self, name: &'a str) -> Option<&'a Element> {
        self.all(name).next()
    }

    /// `<name><item>..</item>..</name>`: the items of a list element.
    pub(crate) fn list<'a>(&'a self, name: &'a str, item: &'a str) -> Vec<&'a Element> {
        self.all(name).flat_map(|l| l.all(item)).collect()
    }
}

/// Parses `bytes` as an MSPDI document: the `<Project>` root in the MSPDI
/// namespace, as an [`Element`] tree. Malformed XML and other roots are
/// reported with their line.
pub(crate) fn parse(path: &Path, bytes: &[u8]) -> Result<Element, Box<InputIssue>> {
    let issue = |line: Option<u64>, message: String| {
        Box::new(InputIssue {
            location: Location {
                file: path.to_path_buf(),
                line,
                column: None,
            },
            kind: InputIssueKind::Format(message),
        })
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        issue(
            Some(line),
            "not valid UTF-8 (MSPDI files are UTF-8 XML)".into(),
        )
    })?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        issue(Some(u64::from(pos.row)), format!("malformed XML: {e}"))
    })?;
    let root = doc.root_element();
    // line of a byte offset: binary search over the newlines (roxmltree's
    // text_pos_at scans from the start, quadratic over a large file)
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line =
        |n: roxmltree::Node<'_, '_>| newlines.partition_point(|&i| i < n.range().start) as u64 + 1;
    if root.tag_name().name() != "Project" || root.tag_name().namespace() != Some(NAMESPACE) {
        let found = match root.tag_name().namespace() {
            Some(ns) => format!("<{}> in namespace `{ns}`", root.tag_name().name()),
            None => format!("<{}> without a namespace", root.tag_name().name()),
        };
        return Err(issue(
            Some(line(root)),
            format!(
                "not a Microsoft Project XML (MSPDI) file: the root element is {found}, expected <Project xmlns=\"{NAMESPACE}\">"
            ),
        ));
    }
    fn build(n: roxmltree::Node<'_, '_>, line: &dyn Fn(roxmltree::Node<'_, '_>) -> u64) -> Element {
        let mut e = Element {
            line: line(n),
            ..Element::default()
        };
        for c in n.children().filter(|c| c.is_element()) {
            let mut child = build(c, line);
            if child.children.is_empty() {
                child.text = c.text().unwrap_or("").trim().to_string();
            }
            e.children.push((c.tag_name().name().to_string(), child));
        }
        e
    }
    Ok(build(root, &line))
}
