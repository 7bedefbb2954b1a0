//! Map a JSON pointer to a line and column in the file text, for diagnostics.

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineStarts::new(text).locate(text, offset)
}

/// Every JSON pointer of a document mapped to its line and column, built from the syntax
/// tree the strict parser already made (see `json::parse_indexed`).
#[derive(Debug, Clone, Default)]
pub struct Index {
    positions: std::collections::HashMap<String, (usize, usize)>,
}

impl Index {
    /// Index the document `root` parsed from `text`.
    pub fn from_ast(text: &str, root: &ast::Value<'_>) -> Index {
        let lines = LineStarts::new(text);
        let mut index = Index::default();
        index
            .positions
            .insert(String::new(), lines.locate(text, root.range().start));
        index.walk(root, String::new(), text, &lines);
        index
    }

    fn walk(&mut self, node: &ast::Value<'_>, pointer: String, text: &str, lines: &LineStarts) {
        match node {
            ast::Value::Object(obj) => {
                for p in &obj.properties {
                    let child = format!("{pointer}/{}", escape(p.name.as_str()));
                    self.positions
                        .insert(child.clone(), lines.locate(text, p.range.start));
                    self.walk(&p.value, child, text, lines);
                }
            }
            ast::Value::Array(arr) => {
                for (i, v) in arr.elements.iter().enumerate() {
                    let child = format!("{pointer}/{i}");
                    self.positions
                        .insert(child.clone(), lines.locate(text, v.range().start));
                    self.walk(v, child, text, lines);
                }
            }
            _ => {}
        }
    }

    /// The position of `pointer`, or of its deepest ancestor that exists.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }
}

/// Byte offsets where lines start, for fast offset → line:column.
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

/// Escape one JSON-pointer reference token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescape one JSON-pointer reference token (RFC 6901).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_members_and_elements() {
        let text = "{\n  \"a\": {\n    \"b\": [10, 20]\n  }\n}";
        let (_, index) = crate::load::json::parse_indexed("t.json", text).unwrap();
        assert_eq!(index.position("/a/b"), Some((3, 5)));
        assert_eq!(index.position("/a/b/1"), Some((3, 15)));
        assert_eq!(index.position("/a/missing"), Some((2, 3)));
        assert_eq!(index.position(""), Some((1, 1)));
    }

    #[test]
    fn counts_columns_in_characters() {
        assert_eq!(line_column("ab\néé x", 7), (2, 3));
        assert_eq!(line_column("abc", 99), (1, 4));
    }
}
