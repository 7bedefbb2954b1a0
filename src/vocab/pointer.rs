//! Fact pointers: JSON pointers into a facts document, split into tokens once (at compile
//! time) and then looked up many times without re-parsing.

use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// A JSON pointer (RFC 6901), kept both as written and as unescaped tokens.
///
/// Two pointers are equal when their texts are; the slot is only where to find the value
/// once resolved.
#[derive(Debug, Clone)]
pub struct FactPointer {
    text: String,
    tokens: Box<[Token]>,
    /// Its place in the program's [`crate::compile::index::FactIndex`], when it reads the
    /// facts document (not an array element). Assigned by [`Program::compile`].
    ///
    /// [`Program::compile`]: crate::compile::Program::compile
    slot: Option<u32>,
}

impl PartialEq for FactPointer {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for FactPointer {}

impl std::hash::Hash for FactPointer {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// Objects up to this many keys are scanned rather than searched.
const SCAN_MAX_KEYS: usize = 16;

/// One reference token; `index` is its value when it reads as an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token {
    /// The unescaped token text, used as an object key.
    pub key: String,
    /// The token as an array index, when it is digits with no sign or leading zero.
    pub index: Option<usize>,
}

impl Token {
    /// The child of `here` this token names, as `Value::pointer` reads it.
    pub fn step<'v>(&self, here: &'v Value) -> Option<&'v Value> {
        step(here, &self.key, self.index)
    }
}

impl FactPointer {
    /// Split `text` into tokens. A text that is not a pointer (no leading `/`) has no
    /// tokens beyond the whole document, as `serde_json::Value::pointer` would treat "".
    pub fn new(text: impl Into<String>) -> FactPointer {
        let text = text.into();
        let tokens = if text.is_empty() {
            Box::default()
        } else {
            tokens_in_place(&text)
                .map(|(key, index)| Token {
                    key: key.into_owned(),
                    index,
                })
                .collect()
        };
        FactPointer {
            text,
            tokens,
            slot: None,
        }
    }

    /// The pointer as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this is a pointer at all: empty (the whole document) or starting with `/`.
    pub fn is_valid(&self) -> bool {
        self.text.is_empty() || self.text.starts_with('/')
    }

    /// The unescaped reference tokens.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Its slot in the program's fact index, if it has one.
    pub fn slot(&self) -> Option<u32> {
        self.slot
    }

    pub(crate) fn set_slot(&mut self, slot: u32) {
        self.slot = Some(slot);
    }

    /// The value at this pointer inside `root` (same answers as `Value::pointer`).
    pub fn get<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        if !self.is_valid() {
            return None;
        }
        let mut here = root;
        for t in self.tokens.iter() {
            here = t.step(here)?;
        }
        Some(here)
    }
}

impl fmt::Display for FactPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for FactPointer {
    fn from(s: &str) -> Self {
        FactPointer::new(s)
    }
}

impl From<String> for FactPointer {
    fn from(s: String) -> Self {
        FactPointer::new(s)
    }
}

/// The value at `pointer` inside `root`, the same answer as `Value::pointer`, reading the
/// pointer's tokens in place (`Value::pointer` allocates two strings per token).
pub fn lookup<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    if !pointer.starts_with('/') {
        return None;
    }
    tokens_in_place(pointer).try_fold(root, |here, (key, index)| step(here, &key, index))
}

/// The reference tokens of `pointer`, each unescaped (copied only when it holds a `~`) and
/// read as an array index where it is one: what [`FactPointer`] keeps, without keeping it.
pub fn tokens_in_place(pointer: &str) -> impl Iterator<Item = (Cow<'_, str>, Option<usize>)> {
    pointer.split('/').skip(1).map(|raw| {
        let key = match raw.contains('~') {
            true => Cow::Owned(unescape(raw)),
            false => Cow::Borrowed(raw),
        };
        let index = array_index(&key);
        (key, index)
    })
}

/// The child of `here` that a token names: the member `key` of an object, the element
/// `index` of an array.
pub fn step<'v>(here: &'v Value, key: &str, index: Option<usize>) -> Option<&'v Value> {
    match here {
        // Small objects (facts objects have a dozen keys) are scanned comparing lengths
        // first: the length is stored beside each key, so most keys are rejected without
        // reading their bytes, which are often not in cache.
        Value::Object(map) if map.len() <= SCAN_MAX_KEYS => map
            .iter()
            .find(|(k, _)| k.len() == key.len() && *k == key)
            .map(|(_, v)| v),
        Value::Object(map) => map.get(key),
        Value::Array(items) => items.get(index?),
        _ => None,
    }
}

/// An array index as `serde_json` reads one: digits, no sign, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// Set the value at `pointer`, creating missing objects on the way; `None` through a
/// missing array element or a scalar. Tokens and array indices read as [`FactPointer::get`]
/// reads them.
pub fn set(root: &mut Value, pointer: &str, value: Value) -> Option<()> {
    set_at(root, &FactPointer::new(pointer), value)
}

/// [`set`] at a pointer already split into tokens.
fn set_at(root: &mut Value, pointer: &FactPointer, value: Value) -> Option<()> {
    let (last, path) = pointer.tokens().split_last()?;
    let mut here = root;
    for t in path {
        if here.is_null() {
            *here = Value::Object(Default::default());
        }
        here = match here {
            Value::Object(map) => map.entry(t.key.clone()).or_insert(Value::Null),
            Value::Array(items) => items.get_mut(t.index?)?,
            _ => return None,
        };
    }
    if here.is_null() {
        *here = Value::Object(Default::default());
    }
    match here {
        Value::Object(map) => {
            map.insert(last.key.clone(), value);
        }
        Value::Array(items) => *items.get_mut(last.index?)? = value,
        _ => return None,
    }
    Some(())
}

/// What [`set_undoable`] changed, to put back with [`undo`]: the one entry at which the
/// write first changed the document, and what that entry held.
#[derive(Debug)]
pub struct Undo {
    pointer: FactPointer,
    /// How many tokens lead to the container of the changed entry (`None`: the root itself).
    depth: Option<usize>,
    /// What the entry held (`None`: the key was absent).
    old: Option<Value>,
}

/// As [`set`], remembering what it changed so that [`undo`] restores the document exactly:
/// a write into a large document costs a copy of the one entry it replaces, not of the
/// document. On `None` the document is left as it was.
pub fn set_undoable(root: &mut Value, pointer: &str, value: Value) -> Option<Undo> {
    let fp = FactPointer::new(pointer);
    let tokens = fp.tokens();
    if tokens.is_empty() {
        return None;
    }
    // The first entry on the path that the write creates or replaces: a missing key, a
    // null turned into an object, or the leaf itself.
    let mut here: &Value = root;
    let mut depth = None;
    if !here.is_null() {
        depth = Some(tokens.len() - 1);
        for (i, t) in tokens[..tokens.len() - 1].iter().enumerate() {
            match t.step(here) {
                Some(next) if !next.is_null() => here = next,
                _ => {
                    depth = Some(i);
                    break;
                }
            }
        }
    }
    let old = match depth {
        None => Some(root.clone()),
        Some(d) => {
            let mut parent: &Value = root;
            for t in &tokens[..d] {
                parent = t.step(parent)?;
            }
            tokens[d].step(parent).cloned()
        }
    };
    let written = set_at(root, &fp, value);
    let undo = Undo {
        pointer: fp,
        depth,
        old,
    };
    match written {
        Some(()) => Some(undo),
        None => {
            crate::vocab::pointer::undo(root, undo);
            None
        }
    }
}

/// Put back what [`set_undoable`] changed. Undo several writes newest first.
pub fn undo(root: &mut Value, u: Undo) {
    let Some(depth) = u.depth else {
        *root = u.old.unwrap_or(Value::Null);
        return;
    };
    let tokens = u.pointer.tokens();
    let mut parent = root;
    for t in &tokens[..depth] {
        parent = match parent {
            Value::Object(map) => match map.get_mut(&t.key) {
                Some(v) => v,
                None => return,
            },
            Value::Array(items) => match t.index.and_then(|i| items.get_mut(i)) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
    let t = &tokens[depth];
    match (parent, u.old) {
        (Value::Object(map), Some(old)) => {
            map.insert(t.key.clone(), old);
        }
        (Value::Object(map), None) => {
            map.remove(&t.key);
        }
        (Value::Array(items), old) => {
            if let Some(slot) = t.index.and_then(|i| items.get_mut(i)) {
                *slot = old.unwrap_or(Value::Null);
            }
        }
        _ => {}
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

/// Whether `ptr` is `of` or lies below it.
pub fn within(ptr: &str, of: &str) -> bool {
    ptr == of
        || ptr
            .strip_prefix(of)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Every non-null scalar and every empty array below `value`, by pointer.
pub fn each_leaf(value: &Value, at: &mut String, f: &mut impl FnMut(&str)) {
    each_leaf_except(value, at, &mut |_| false, f)
}

/// Every non-null scalar and every empty array below `value`, by pointer, except those in
/// the subtrees `skip` names: it is asked at every pointer below `value` before that one is
/// entered.
pub fn each_leaf_except(
    value: &Value,
    at: &mut String,
    skip: &mut impl FnMut(&str) -> bool,
    f: &mut impl FnMut(&str),
) {
    let len = at.len();
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                at.push('/');
                push_escaped(at, k);
                if !skip(at) {
                    each_leaf_except(v, at, skip, f);
                }
                at.truncate(len);
            }
        }
        Value::Array(items) if items.is_empty() => f(at),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                use std::fmt::Write;
                // Writing a number into a String cannot fail.
                let _ = write!(at, "/{i}");
                if !skip(at) {
                    each_leaf_except(v, at, skip, f);
                }
                at.truncate(len);
            }
        }
        _ => f(at),
    }
}

/// Append `token` to `at`, escaped as a JSON-pointer reference token (RFC 6901); most
/// tokens need no escape and are copied as they are.
pub fn push_escaped(at: &mut String, token: &str) {
    if token.contains(['~', '/']) {
        at.push_str(&escape(token));
    } else {
        at.push_str(token);
    }
}

/// Remove the list elements named by `pointers` from `facts`: the highest index first, so
/// the other pointers into the same list keep their meaning.
pub fn remove_elements(facts: &mut Value, pointers: &[String]) {
    let mut ps: Vec<FactPointer> = pointers
        .iter()
        .map(|p| FactPointer::new(p.as_str()))
        .collect();
    ps.sort_by(|a, b| {
        let index = |p: &FactPointer| p.tokens().last().and_then(|t| t.index);
        (b.tokens().len(), index(b)).cmp(&(a.tokens().len(), index(a)))
    });
    ps.dedup_by(|a, b| a.as_str() == b.as_str());
    'each: for p in ps {
        let Some((last, path)) = p.tokens().split_last() else {
            continue;
        };
        let mut here = &mut *facts;
        for t in path {
            let next = match here {
                Value::Object(map) => map.get_mut(&t.key),
                Value::Array(items) => t.index.and_then(|i| items.get_mut(i)),
                _ => None,
            };
            match next {
                Some(v) => here = v,
                None => continue 'each,
            }
        }
        if let (Value::Array(items), Some(i)) = (here, last.index)
            && i < items.len()
        {
            items.remove(i);
        }
    }
}

/// A fact pointer's schema path: every list index written `*`
/// (`/telecom/operators/2/vendors/0` → `/telecom/operators/*/vendors/*`).
pub fn schema_path(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|t| {
            if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                t
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {

    #[test]
    fn leaves_are_named_by_escaped_pointers_and_skipped_subtrees_are_not_entered() {
        use serde_json::json;
        let doc = json!({
            "a/b": {"c~d": 1, "e": null},
            "list": [true, [], {"x": "y"}],
            "cited": {"deep": {"er": 2}},
            "empty": []
        });
        let (mut leaves, mut asked) = (Vec::new(), Vec::new());
        super::each_leaf_except(
            &doc,
            &mut String::new(),
            &mut |p| {
                asked.push(p.to_owned());
                p == "/cited"
            },
            &mut |p| leaves.push(p.to_owned()),
        );
        assert_eq!(
            leaves,
            ["/a~1b/c~0d", "/empty", "/list/0", "/list/1", "/list/2/x"]
        );
        assert!(!asked.iter().any(|p| p.starts_with("/cited/")));
        assert!(asked.contains(&"/a~1b/e".to_owned()));
        let mut all = Vec::new();
        super::each_leaf(&doc, &mut String::new(), &mut |p| all.push(p.to_owned()));
        assert_eq!(all.len(), leaves.len() + 1);
        assert!(all.contains(&"/cited/deep/er".to_owned()));
    }

    #[test]
    fn an_undoable_write_is_undone_exactly() {
        use serde_json::json;
        let doc = json!({
            "a": { "b": 1, "c": [ { "d": null }, 2 ] },
            "n": null,
            "s": "text"
        });
        for (pointer, value) in [
            ("/a/b", json!(5)),
            ("/a/new", json!(true)),
            ("/a/c/0/d", json!("x")),
            ("/a/c/0/d/deep", json!(1)),
            ("/n/x/y", json!(1)),
            ("/missing/x", json!([1])),
            ("/a/c/1", json!({"k": 1})),
            ("/a/c/9/x", json!(1)),
            ("/s/x", json!(1)),
        ] {
            let mut work = doc.clone();
            let mut expected = doc.clone();
            let wrote = set(&mut expected, pointer, value.clone()).is_some();
            match set_undoable(&mut work, pointer, value) {
                Some(u) => {
                    assert!(wrote, "{pointer}");
                    assert_eq!(work, expected, "{pointer}: written as set writes");
                    undo(&mut work, u);
                }
                None => assert!(!wrote, "{pointer}"),
            }
            assert_eq!(work, doc, "{pointer}: restored");
        }
        let mut null = Value::Null;
        let u = set_undoable(&mut null, "/a/b", json!(1)).unwrap();
        assert_eq!(null, json!({"a": {"b": 1}}));
        undo(&mut null, u);
        assert_eq!(null, Value::Null);
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn looks_up_like_serde_json() {
        let doc = json!({"a": {"b/c": [10, {"~x": 2}], "01": 1}, "": 3});
        for p in [
            "",
            "/a",
            "/a/b~1c",
            "/a/b~1c/0",
            "/a/b~1c/1/~0x",
            "/a/01",
            "/",
            "/a/b~1c/01",
            "/a/b~1c/+1",
            "/nope",
            "a",
        ] {
            assert_eq!(FactPointer::new(p).get(&doc), doc.pointer(p), "{p}");
            assert_eq!(lookup(&doc, p), doc.pointer(p), "{p}");
        }
    }

    #[test]
    fn scanned_and_searched_objects_agree() {
        // Keys of equal length, in objects below and above the scan threshold.
        for n in [3, SCAN_MAX_KEYS, SCAN_MAX_KEYS + 1, 40] {
            let doc: Value = (0..n).map(|i| (format!("k{i:02}"), json!(i))).collect();
            for i in 0..n + 2 {
                let p = format!("/k{i:02}");
                assert_eq!(
                    FactPointer::new(&p).get(&doc),
                    doc.pointer(&p),
                    "{p} of {n}"
                );
                assert_eq!(lookup(&doc, &p), doc.pointer(&p), "{p} of {n}");
            }
        }
    }

    #[test]
    fn sets_creating_objects() {
        let mut doc = json!({});
        set(&mut doc, "/a/b", json!(1)).unwrap();
        assert_eq!(doc, json!({"a": {"b": 1}}));
        assert!(set(&mut json!({"a": []}), "/a/0/b", json!(1)).is_none());
        // Written where it is then read: the same tokens, unescaped the same way.
        let mut doc = json!({"a": [0, 0]});
        set(&mut doc, "/a/1", json!("x")).unwrap();
        set(&mut doc, "/b~1c/~0d", json!(2)).unwrap();
        for p in ["/a/1", "/b~1c/~0d"] {
            assert!(
                FactPointer::new(p).get(&doc).is_some_and(|v| !v.is_null()),
                "{p}"
            );
        }
    }
}
