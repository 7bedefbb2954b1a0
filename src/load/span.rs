//! Map a JSON pointer to a line and column in the file text, for diagnostics.

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineStarts::new(text).locate(text, offset)
}

/// Every JSON pointer of a document mapped to where it starts, built from the syntax tree
/// the strict parser already made (see `json::parse_indexed`). Offsets are kept in bytes and
/// turned into a line and a column only for the pointers a diagnostic reports, so a long
/// single-line (minified) file costs no more than the same data pretty-printed.
#[derive(Debug, Clone, Default)]
pub struct Index {
    offsets: std::collections::HashMap<String, usize>,
    lines: LineStarts,
}

impl Index {
    /// Index the document `root` parsed from `text`.
    pub fn from_ast(text: &str, root: &ast::Value<'_>) -> Index {
        let mut index = Index {
            offsets: std::collections::HashMap::new(),
            lines: LineStarts::new(text),
        };
        index.offsets.insert(String::new(), root.range().start);
        index.walk(root, String::new());
        index
    }

    fn walk(&mut self, node: &ast::Value<'_>, pointer: String) {
        match node {
            ast::Value::Object(obj) => {
                for p in &obj.properties {
                    let child = format!("{pointer}/{}", escape(p.name.as_str()));
                    self.offsets.insert(child.clone(), p.range.start);
                    self.walk(&p.value, child);
                }
            }
            ast::Value::Array(arr) => {
                for (i, v) in arr.elements.iter().enumerate() {
                    let child = format!("{pointer}/{i}");
                    self.offsets.insert(child.clone(), v.range().start);
                    self.walk(v, child);
                }
            }
            _ => {}
        }
    }

    /// The line and column in `text` (the text indexed) of `pointer`, or of its deepest
    /// ancestor that exists.
    pub fn position(&self, text: &str, pointer: &str) -> Option<(usize, usize)> {
        self.offset(pointer)
            .map(|offset| self.lines.locate(text, offset))
    }

    /// The byte offset where `pointer`, or its deepest ancestor that exists, starts.
    pub fn offset(&self, pointer: &str) -> Option<usize> {
        let mut p = pointer;
        loop {
            if let Some(&offset) = self.offsets.get(p) {
                return Some(offset);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }
}

/// Byte offsets where lines start, for fast offset → line:column.
#[derive(Debug, Clone, Default)]
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> LineStarts {
        LineStarts(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&s| s <= offset).max(1);
        let start = self.0[line - 1];
        (
            line,
            text[start..offset.min(text.len())].chars().count() + 1,
        )
    }
}

pub use crate::vocab::pointer::{escape, unescape};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_members_and_elements() {
        let text = "{\n  \"a\": {\n    \"b\": [10, 20]\n  }\n}";
        let (_, index) = crate::load::json::parse_indexed("t.json", text).unwrap();
        assert_eq!(index.position(text, "/a/b"), Some((3, 5)));
        assert_eq!(index.position(text, "/a/b/1"), Some((3, 15)));
        assert_eq!(index.position(text, "/a/missing"), Some((2, 3)));
        assert_eq!(index.position(text, ""), Some((1, 1)));
    }

    #[test]
    fn counts_columns_in_characters() {
        assert_eq!(line_column("ab\néé x", 7), (2, 3));
        assert_eq!(line_column("abc", 99), (1, 4));
    }
}
