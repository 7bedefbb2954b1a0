//! The fact-type table: what each fact pointer holds, read from the profile schema.
//!
//! The compiler checks every rule's pointers and operators against it, Cedar-style, before
//! anything is evaluated.

use serde_json::Value;
use std::collections::BTreeMap;

/// The type of a fact, as far as operators care.
#[derive(Debug, Clone, PartialEq)]
pub enum FactType {
    /// A boolean.
    Bool,
    /// A yes-or-unknown flag (`enum: [true, null]`): true, or not known to be.
    Flag,
    /// A number (integer or float).
    Number,
    /// A string; `values` lists the allowed values when the schema has an `enum`.
    String {
        /// The schema's `enum` values, if it has one.
        values: Option<Vec<String>>,
    },
    /// A civil date (possibly partial), from the profile schema's `$defs/date`.
    Date,
    /// An array whose elements all have the given type.
    Array(Box<FactType>),
    /// An object with the given properties, by name.
    Object(BTreeMap<String, FactType>),
    /// The schema does not constrain it.
    Any,
}

impl FactType {
    /// A short name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            FactType::Bool => "boolean",
            FactType::Flag => "flag (true or unknown)",
            FactType::Number => "number",
            FactType::String { values: Some(_) } => "enumerated string",
            FactType::String { values: None } => "string",
            FactType::Date => "date",
            FactType::Array(_) => "array",
            FactType::Object(_) => "object",
            FactType::Any => "any value",
        }
    }

    /// Read the `$defs/facts` type of a profile schema.
    pub fn from_profile_schema(schema: &Value) -> FactType {
        let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
        let facts = defs.get("facts").cloned().unwrap_or(Value::Null);
        convert(&facts, &defs, 0)
    }

    /// The type at a pointer below this one, or the longest valid prefix and the names
    /// available there when it does not exist.
    pub fn resolve(&self, pointer: &str) -> Result<&FactType, Unresolved> {
        let mut here = self;
        // How much of `pointer` the walk has resolved (the error's prefix).
        let mut walked = 0;
        for token in pointer.split('/').skip(1) {
            match here {
                FactType::Object(props) => match props.get(token) {
                    Some(t) => here = t,
                    None => {
                        return Err(Unresolved {
                            prefix: pointer[..walked].to_string(),
                            token: token.to_string(),
                            available: props.keys().cloned().collect(),
                        });
                    }
                },
                FactType::Array(item) if token.parse::<usize>().is_ok() => here = item,
                FactType::Any => return Ok(here),
                _ => {
                    return Err(Unresolved {
                        prefix: pointer[..walked].to_string(),
                        token: token.to_string(),
                        available: Vec::new(),
                    });
                }
            }
            walked += 1 + token.len();
        }
        Ok(here)
    }

    /// Whether `value` is one the fact at `pointer` can take (null always can: unknown).
    /// Used to keep counterfactuals to values a profile could hold.
    pub fn admits(&self, pointer: &str, value: &Value) -> bool {
        if value.is_null() {
            return true;
        }
        match self.resolve(pointer) {
            Err(_) => false,
            Ok(t) => t.holds(value),
        }
    }

    /// Every value the fact at `pointer` can take, when there are finitely many (booleans,
    /// flags, enumerations); empty otherwise.
    pub fn values(&self, pointer: &str) -> Vec<Value> {
        match self.resolve(pointer) {
            Ok(FactType::Bool) => vec![Value::Bool(true), Value::Bool(false)],
            Ok(FactType::Flag) => vec![Value::Bool(true)],
            Ok(FactType::String { values: Some(vs) }) => {
                vs.iter().map(|v| Value::String(v.clone())).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Whether `v` is a value of this type (a list's null elements stand for unknowns).
    pub(crate) fn holds(&self, v: &Value) -> bool {
        match self {
            FactType::Bool => v.is_boolean(),
            FactType::Flag => v == &Value::Bool(true),
            FactType::Number => v.is_number(),
            FactType::Date => v
                .as_str()
                .is_some_and(|s| crate::vocab::dates::parse_partial(s).is_some()),
            FactType::String { values: Some(vs) } => {
                v.as_str().is_some_and(|s| vs.iter().any(|x| x == s))
            }
            FactType::String { values: None } => v.is_string(),
            FactType::Array(item) => v
                .as_array()
                .is_some_and(|xs| xs.iter().all(|x| x.is_null() || item.holds(x))),
            FactType::Object(_) => v.is_object(),
            FactType::Any => true,
        }
    }

    /// Every pointer to a scalar or array below this type, for "did you mean".
    pub fn all_paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_paths(String::new(), &mut out);
        out
    }

    fn collect_paths(&self, prefix: String, out: &mut Vec<String>) {
        if let FactType::Object(props) = self {
            for (k, t) in props {
                let p = format!("{prefix}/{k}");
                out.push(p.clone());
                t.collect_paths(p, out);
            }
        }
    }
}

/// The profile schema's `description` of the fact at `pointer` (a pointer into `facts`;
/// array indexes read the item schema), for labels a person reads.
pub fn describe(schema: &Value, pointer: &str) -> Option<String> {
    annotation(schema, pointer, "description")
}

/// A string annotation (`description`, `title`) of the fact at `pointer` in the profile
/// schema, read where the fact is declared or, failing that, on the definition it refers to.
fn annotation(schema: &Value, pointer: &str, key: &str) -> Option<String> {
    let defs = schema.get("$defs")?;
    let mut here = defs.get("facts")?;
    fn deref<'a>(defs: &'a Value, mut s: &'a Value) -> Option<&'a Value> {
        for _ in 0..8 {
            let Some(r) = s.get("$ref").and_then(Value::as_str) else {
                break;
            };
            if r == "#/$defs/date" {
                break;
            }
            s = defs.get(r.strip_prefix("#/$defs/")?)?;
        }
        Some(s)
    }
    for token in crate::vocab::pointer::FactPointer::new(pointer).tokens() {
        here = deref(defs, here)?;
        here = match (here.get("properties"), token.index) {
            (Some(props), _) if props.get(&token.key).is_some() => props.get(&token.key)?,
            (_, Some(_)) => here.get("items")?,
            _ => return None,
        };
    }
    let d = here.get(key).and_then(Value::as_str);
    d.or_else(|| deref(defs, here)?.get(key)?.as_str())
        .map(str::to_string)
}

/// Objects of the fact model that carry their own date (`"x-dated-by": "signed"` in the
/// profile schema), by schema path (`/five_g/high_risk_vendors/instruments/*`): the name of
/// the field that dates them. An instrument signed in 2016 is known from 2016, whatever the
/// date of the source that reports it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DatedObjects(BTreeMap<String, String>);

impl DatedObjects {
    /// Read the `x-dated-by` annotations of a profile schema's `$defs/facts`.
    pub fn from_profile_schema(schema: &Value) -> DatedObjects {
        DatedObjects(annotations(schema, "x-dated-by"))
    }

    /// The date field of the object at `schema_path` (indexes written as `*`), if it has one.
    pub fn field(&self, schema_path: &str) -> Option<&str> {
        self.0.get(schema_path).map(String::as_str)
    }

    /// Whether no object is dated.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The facts' titles (`title` in the profile schema), by schema path (indexes written as
/// `*`): what a person reads instead of a pointer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FactTitles(BTreeMap<String, String>);

/// Longest element name kept in a label, in characters.
const LABEL_NAME_MAX: usize = 40;

impl FactTitles {
    /// The title of the fact at `schema_path` (list elements written `*`), if it has one.
    pub fn title(&self, schema_path: &str) -> Option<&str> {
        self.0.get(schema_path).map(String::as_str)
    }

    /// Read the `title` annotations of a profile schema's `$defs/facts`.
    pub fn from_profile_schema(schema: &Value) -> FactTitles {
        FactTitles(annotations(schema, "title"))
    }

    /// A fact's label: its title, with the names of the list elements on its path read from
    /// `facts` (`the networks the supplier equips (Vodafone Albania / Ericsson)`); an element
    /// without a `name` is numbered from 1. `None` when the fact has no title.
    pub fn label(&self, facts: &Value, pointer: &str) -> Option<String> {
        let mut path = String::new();
        let mut names: Vec<String> = Vec::new();
        let mut here = Some(facts);
        // The tokens read in place (a label is made for every fact a report names).
        for (key, index) in crate::vocab::pointer::tokens_in_place(pointer) {
            let parent = here;
            here = here.and_then(|h| crate::vocab::pointer::step(h, &key, index));
            // An index names a list element, even when the list itself is unknown.
            match index {
                Some(i) if !matches!(parent, Some(Value::Object(_))) => {
                    path.push_str("/*");
                    names.push(
                        here.and_then(|e| e.get("name"))
                            .and_then(Value::as_str)
                            .map(|n| shorten(n, LABEL_NAME_MAX))
                            .unwrap_or_else(|| format!("no. {}", i + 1)),
                    );
                }
                _ => {
                    path.push('/');
                    path.push_str(&key);
                }
            }
        }
        let title = self.0.get(&path)?;
        Some(if names.is_empty() {
            title.clone()
        } else {
            format!("{title} ({})", names.join(" / "))
        })
    }
}

/// The fact model's extensions: facts that belong to one region or rulebook rather than to
/// every country (the Washington agreement, the Clean Network, Safe City, …). The profile
/// schema declares each extension under `x-extensions` and marks its facts `x-extension`;
/// a rulebook lists the extensions it reads, and the compiler refuses a rule reading a fact
/// of an extension its rulebook does not declare. A profile need not carry an extension's
/// facts: absent, they are unknown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extensions {
    /// Every extension the schema declares, by id, with what it is for.
    declared: BTreeMap<String, String>,
    /// The extension of each marked fact, by schema path (list elements written `*`).
    facts: BTreeMap<String, String>,
}

impl Extensions {
    /// Read the `x-extensions` declaration and the `x-extension` marks of a profile schema.
    pub fn from_profile_schema(schema: &Value) -> Extensions {
        let declared = schema
            .get("x-extensions")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        Extensions {
            declared,
            facts: annotations(schema, "x-extension"),
        }
    }

    /// The extension the fact at `schema_path` belongs to: that of the nearest marked fact
    /// on its path; `None` for the general core.
    pub fn of(&self, schema_path: &str) -> Option<&str> {
        let mut path = schema_path;
        loop {
            if let Some(ext) = self.facts.get(path) {
                return Some(ext);
            }
            path = &path[..path.rfind('/')?];
            if path.is_empty() {
                return None;
            }
        }
    }

    /// Every declared extension id, with what it is for.
    pub fn declared(&self) -> impl Iterator<Item = (&str, &str)> {
        self.declared.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether the schema declares an extension `id`.
    pub fn is_declared(&self, id: &str) -> bool {
        self.declared.contains_key(id)
    }
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.truncate(cut.trim_end().len());
        cut.push('…');
        cut
    }
}

/// Every string annotation `key` in a profile schema's `$defs/facts`, by schema path: read
/// where a fact is declared or, failing that, on the definition it refers to.
fn annotations(schema: &Value, key: &str) -> BTreeMap<String, String> {
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    let mut out = BTreeMap::new();
    if let Some(facts) = defs.get("facts") {
        collect_annotations(facts, &defs, key, String::new(), &mut out, 0);
    }
    out
}

fn collect_annotations(
    schema: &Value,
    defs: &Value,
    key: &str,
    path: String,
    out: &mut BTreeMap<String, String>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let own = schema.get(key).and_then(Value::as_str);
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => match r.strip_prefix("#/$defs/").and_then(|n| defs.get(n)) {
            Some(target) => target,
            None => return,
        },
        None => schema,
    };
    if let Some(v) = own.or_else(|| schema.get(key).and_then(Value::as_str)) {
        out.insert(path.clone(), v.to_string());
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            collect_annotations(v, defs, key, format!("{path}/{k}"), out, depth + 1);
        }
    }
    if let Some(items) = schema.get("items") {
        collect_annotations(items, defs, key, format!("{path}/*"), out, depth + 1);
    }
}

/// A pointer that does not exist in the fact schema.
#[derive(Debug, Clone)]
pub struct Unresolved {
    /// The longest prefix of the pointer that does resolve (empty for the root).
    pub prefix: String,
    /// The first token that does not resolve below `prefix`.
    pub token: String,
    /// The property names available at `prefix` (empty when it is not an object).
    pub available: Vec<String>,
}

fn convert(schema: &Value, defs: &Value, depth: usize) -> FactType {
    if depth > 64 {
        return FactType::Any;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        if r == "#/$defs/date" {
            return FactType::Date;
        }
        let target = r.strip_prefix("#/$defs/").and_then(|name| defs.get(name));
        return target.map_or(FactType::Any, |t| convert(t, defs, depth + 1));
    }
    // `anyOf`/`oneOf` stand for the type only where the schema gives none itself: beside
    // `type` and `properties` they only constrain (a deadline needs a date or a period).
    let typed = schema.get("type").is_some() || schema.get("properties").is_some();
    for key in ["anyOf", "oneOf"] {
        if typed {
            break;
        }
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            let non_null: Vec<&Value> = alts
                .iter()
                .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if let Some(first) = non_null.first() {
                return convert(first, defs, depth + 1);
            }
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let strings: Vec<String> = values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        if values.iter().any(Value::is_boolean) && strings.is_empty() {
            let only_true = values
                .iter()
                .all(|v| v.is_null() || v == &Value::Bool(true));
            return if only_true {
                FactType::Flag
            } else {
                FactType::Bool
            };
        }
        if values.iter().any(Value::is_number) && strings.is_empty() {
            return FactType::Number;
        }
        return FactType::String {
            values: Some(strings),
        };
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let main = types.iter().copied().find(|t| *t != "null");
    match main {
        Some("boolean") => FactType::Bool,
        Some("number") | Some("integer") => FactType::Number,
        Some("string") => {
            if schema.get("format").and_then(Value::as_str) == Some("date") {
                FactType::Date
            } else {
                FactType::String { values: None }
            }
        }
        Some("array") => FactType::Array(Box::new(
            schema
                .get("items")
                .map_or(FactType::Any, |i| convert(i, defs, depth + 1)),
        )),
        Some("object") => match schema.get("properties").and_then(Value::as_object) {
            Some(props) => FactType::Object(
                props
                    .iter()
                    .map(|(k, v)| (k.clone(), convert(v, defs, depth + 1)))
                    .collect(),
            ),
            None => FactType::Any,
        },
        _ => FactType::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_fact_belongs_to_the_extension_marked_nearest_on_its_path() {
        let schema = json!({
            "x-extensions": {"region": "facts of one region"},
            "$defs": {"facts": {"type": "object", "properties": {
                "core": {"type": "object", "properties": {"a": {"type": "boolean"}}},
                "deal": {"type": "object", "x-extension": "region", "properties": {
                    "signed": {"type": "boolean"},
                    "parties": {"type": "array", "items": {"type": "object", "properties": {
                        "name": {"type": "string"}}}}}}
            }}}
        });
        let ext = Extensions::from_profile_schema(&schema);
        assert!(ext.is_declared("region"));
        assert!(!ext.is_declared("other"));
        assert_eq!(ext.of("/deal"), Some("region"));
        assert_eq!(ext.of("/deal/signed"), Some("region"));
        assert_eq!(ext.of("/deal/parties/*/name"), Some("region"));
        assert_eq!(ext.of("/core/a"), None);
        assert_eq!(ext.of("/core"), None);
        assert_eq!(ext.of(""), None);
    }

    #[test]
    fn reads_nested_types_refs_and_enums() {
        let schema = json!({"$defs": {
            "date": {"type": "string"},
            "facts": {"type": "object", "properties": {
                "a": {"type": ["boolean", "null"]},
                "d": {"anyOf": [{"$ref": "#/$defs/date"}, {"type": "null"}]},
                "e": {"enum": ["x", "y", null]},
                "xs": {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}}
            }}
        }});
        let t = FactType::from_profile_schema(&schema);
        assert_eq!(t.resolve("/a").unwrap(), &FactType::Bool);
        assert_eq!(t.resolve("/d").unwrap(), &FactType::Date);
        assert_eq!(t.resolve("/xs/0/n").unwrap(), &FactType::Number);
        assert!(
            matches!(t.resolve("/e").unwrap(), FactType::String { values: Some(v) } if v.len() == 2)
        );
        let e = t.resolve("/b").unwrap_err();
        assert_eq!(e.available, vec!["a", "d", "e", "xs"]);
    }

    #[test]
    fn finds_dated_objects_through_items_and_refs() {
        let schema = json!({"$defs": {
            "thing": {"x-dated-by": "signed", "type": "object", "properties": {"signed": {"type": "string"}}},
            "facts": {"type": "object", "properties": {
                "c": {"x-dated-by": "date", "type": "object", "properties": {"date": {}}},
                "xs": {"type": "array", "items": {"$ref": "#/$defs/thing"}}
            }}
        }});
        let d = DatedObjects::from_profile_schema(&schema);
        assert_eq!(d.field("/c"), Some("date"));
        assert_eq!(d.field("/xs/*"), Some("signed"));
        assert_eq!(d.field("/xs"), None);
    }

    #[test]
    fn describes_facts_through_items_and_refs() {
        let schema = json!({"$defs": {
            "thing": {"description": "A thing.", "type": "object", "properties": {"n": {"description": "Its number.", "type": "integer"}}},
            "facts": {"type": "object", "properties": {
                "a": {"description": "The a.", "type": ["boolean", "null"]},
                "xs": {"type": "array", "items": {"$ref": "#/$defs/thing"}}
            }}
        }});
        assert_eq!(describe(&schema, "/a").as_deref(), Some("The a."));
        assert_eq!(describe(&schema, "/xs/3").as_deref(), Some("A thing."));
        assert_eq!(describe(&schema, "/xs/3/n").as_deref(), Some("Its number."));
        assert_eq!(describe(&schema, "/nope"), None);
    }

    #[test]
    fn labels_name_the_elements_on_the_path() {
        let schema = json!({"$defs": {
            "thing": {"title": "thing", "type": "object", "properties": {
                "name": {"type": "string"},
                "n": {"title": "its number", "type": "integer"}
            }},
            "facts": {"type": "object", "properties": {
                "a": {"title": "the a", "type": ["boolean", "null"]},
                "b": {"type": ["boolean", "null"]},
                "xs": {"title": "the things", "type": "array", "items": {"$ref": "#/$defs/thing"}}
            }}
        }});
        let long = "A very long name that goes on and on beyond any reasonable width";
        let facts = json!({"xs": [{"name": "First"}, {"n": 2}, {"name": long}]});
        let titles = FactTitles::from_profile_schema(&schema);
        let label = |facts: &Value, p: &str| titles.label(facts, p);
        assert_eq!(label(&facts, "/a").as_deref(), Some("the a"));
        assert_eq!(label(&facts, "/b"), None, "no title, no label");
        assert_eq!(label(&facts, "/xs").as_deref(), Some("the things"));
        assert_eq!(
            label(&facts, "/xs/0/n").as_deref(),
            Some("its number (First)")
        );
        assert_eq!(
            label(&facts, "/xs/1/n").as_deref(),
            Some("its number (no. 2)")
        );
        assert_eq!(label(&facts, "/xs/1").as_deref(), Some("thing (no. 2)"));
        let cut = label(&facts, "/xs/2/n").unwrap();
        assert!(cut.ends_with("…)") && cut.chars().count() < 60, "{cut}");
        // An element beyond the list still gets a label, numbered.
        assert_eq!(
            label(&facts, "/xs/7/n").as_deref(),
            Some("its number (no. 8)")
        );
        assert_eq!(
            label(&json!({}), "/xs/0/n").as_deref(),
            Some("its number (no. 1)")
        );
    }
}
