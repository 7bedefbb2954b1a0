//! Strict JSON parsing: serde_json for the value, plus a duplicate-key check.

use super::span::Index;
use super::{LoadError, Location};
use jsonc_parser::ast;
use serde_json::Value;

/// Parse `text` as strict JSON (RFC 8259): no comments, no trailing commas, no byte-order
/// mark, and no object with the same key twice (which serde_json would silently collapse).
pub fn parse_strict(name: &str, text: &str) -> Result<Value, LoadError> {
    parse_indexed(name, text).map(|(value, _)| value)
}

/// [`parse_strict`], and the line:column of every pointer, from the one syntax tree that also
/// finds duplicate keys.
pub(crate) fn parse_indexed(name: &str, text: &str) -> Result<(Value, Index), LoadError> {
    let syntax = |line, column, pointer: &str, message: String| LoadError::Syntax {
        location: Location {
            file: name.to_string(),
            pointer: pointer.to_string(),
            line: Some(line),
            column: Some(column),
            snippet: snippet_at(text, line, column).map(Box::new),
        },
        message,
    };
    if text.starts_with('\u{feff}') {
        return Err(syntax(
            1,
            1,
            "",
            "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM".into(),
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let raw = e.to_string();
        let hint = if raw.contains("trailing comma") {
            "; remove the comma after the last element"
        } else if raw.contains("number out of range") {
            "; a number must fit a 64-bit float (at most about 1.8e308): write a smaller one"
        } else if raw.contains("recursion limit exceeded") {
            "; values nest more than 128 levels deep here: flatten the document"
        } else if e.is_eof() {
            "; the file ends early: is it truncated?"
        } else {
            ""
        };
        syntax(
            e.line().max(1),
            e.column().max(1),
            "",
            format!("{}{hint}", strip_position(&raw)),
        )
    })?;
    let Ok(parsed) = jsonc_parser::parse_to_ast(text, &Default::default(), &strict_options())
    else {
        return Ok((value, Index::default()));
    };
    let Some(root) = parsed.value else {
        return Ok((value, Index::default()));
    };
    if let Some((pointer, key, offset)) = first_duplicate(&root, String::new()) {
        let (line, column) = super::span::line_column(text, offset);
        return Err(syntax(
            line,
            column,
            &pointer,
            format!(
                "duplicate key \"{key}\" in one object; keep one of them (a JSON reader would silently drop the other)"
            ),
        ));
    }
    Ok((value, Index::from_ast(text, &root)))
}

/// jsonc-parser options for plain JSON: every extension off.
pub(crate) fn strict_options() -> jsonc_parser::ParseOptions {
    jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The first duplicated key, depth first: (pointer of the object, key, byte offset of the repeat).
fn first_duplicate(value: &ast::Value<'_>, pointer: String) -> Option<(String, String, usize)> {
    use jsonc_parser::common::Ranged;
    match value {
        ast::Value::Object(obj) => {
            let mut seen = std::collections::HashSet::new();
            for prop in &obj.properties {
                let key = prop.name.as_str();
                if !seen.insert(key) {
                    return Some((pointer, key.to_string(), prop.range.start));
                }
            }
            obj.properties.iter().find_map(|p| {
                first_duplicate(
                    &p.value,
                    format!("{pointer}/{}", super::span::escape(p.name.as_str())),
                )
            })
        }
        ast::Value::Array(arr) => arr
            .elements
            .iter()
            .enumerate()
            .find_map(|(i, v)| first_duplicate(v, format!("{pointer}/{i}"))),
        other => {
            let _ = other.range();
            None
        }
    }
}

/// The snippet for a 1-based line and column (in characters) of `text`.
fn snippet_at(text: &str, line: usize, column: usize) -> Option<super::Snippet> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let offset = start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i);
    super::Snippet::at(text, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_strict("t.json", text).unwrap_err().to_string()
    }

    #[test]
    fn rejects_duplicate_keys_with_location() {
        let e = err("{\n  \"a\": 1,\n  \"a\": 2\n}");
        assert!(e.contains("t.json:3:3"), "{e}");
        assert!(e.contains("duplicate key \"a\""), "{e}");
    }

    #[test]
    fn rejects_trailing_comma_bom_and_truncation() {
        assert!(err("[1,]").contains("trailing comma"));
        assert!(err("\u{feff}{}").contains("byte-order mark"));
        assert!(err("{\"a\": [1, 2").contains("truncated"));
    }

    #[test]
    fn says_what_to_do_about_huge_numbers_and_deep_nesting() {
        assert!(err("{\"a\": 1e400}").contains("write a smaller one"));
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(err(&deep).contains("flatten the document"));
    }

    #[test]
    fn accepts_plain_json() {
        assert_eq!(
            parse_strict("t", "{\"a\": [1, {\"b\": null}]}").unwrap()["a"][0],
            1
        );
    }
}
