//! Compact JSON with every object's keys in sorted order, written straight from a value: the
//! bytes serde_json writes for the value's `serde_json::Value`, without building that tree.
//!
//! The batch records have always been written through a `Value` (whose objects are sorted
//! maps); building and freeing that tree cost about a third of an explained batch. Here each
//! object is written once its members are: a member's value is serialized into its own buffer,
//! the members are sorted by key, and the object is written into its parent's buffer. Scalars
//! and strings are written by serde_json itself, so numbers and escapes are its own.

use serde::ser::{self, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Why a value could not be written (a map key that is not a string or an integer, or what a
/// value's own `Serialize` reports).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error(e.to_string())
    }
}

/// Append `value` to `out` as compact JSON, every object's keys sorted (a later duplicate key
/// replacing an earlier one, as in a `serde_json::Map`).
pub fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(Writer { out })
}

/// `value` as compact JSON with sorted keys.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    write(&mut out, value)?;
    Ok(out)
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn scalar<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, v)?;
        Ok(())
    }
}

/// Append `s` as a JSON string, escaped as serde_json escapes it. Most strings (keys, fact
/// pointers, verdicts) need no escape at all and are copied between quotes as they are;
/// serde_json escapes only control characters, `"` and `\`.
fn string(out: &mut Vec<u8>, s: &str) -> Result<(), Error> {
    // Without an early exit the scan compiles to vector instructions; strings are short.
    let escapes = s
        .bytes()
        .fold(false, |e, b| e | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if escapes {
        serde_json::to_writer(&mut *out, s)?;
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
    Ok(())
}

/// Open an enum variant's object, `{"variant":`, whose only member is the variant's value
/// (an object, an array or a newtype's value); the caller closes it.
fn open_variant(out: &mut Vec<u8>, variant: &str) -> Result<(), Error> {
    out.push(b'{');
    string(out, variant)?;
    out.push(b':');
    Ok(())
}

thread_local! {
    /// The bytes of the object being finished: one buffer per thread, reused (objects finish
    /// one at a time, innermost first).
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// An object's members, sorted when the object ends. Members are written one after another
/// into the output itself, each remembered by its key and byte range; at the end the object's
/// bytes are copied aside once (into a buffer the thread reuses) and put back in key order. So
/// a nested value is copied twice per object around it, and no member needs its own buffer.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    /// Where the object's members begin in `out`.
    start: usize,
    /// Each member's key and the range of its value in `out`.
    members: Vec<(Cow<'static, str>, usize, usize)>,
    /// For a map: the key waiting for its value.
    key: Option<String>,
    /// For an enum variant with fields: the variant's name, the object's only key.
    variant: Option<&'static str>,
}

impl<'a> Object<'a> {
    fn new(out: &'a mut Vec<u8>, len: Option<usize>, variant: Option<&'static str>) -> Self {
        let start = out.len();
        Object {
            out,
            start,
            members: Vec::with_capacity(len.unwrap_or(8)),
            key: None,
            variant,
        }
    }

    fn member<T: Serialize + ?Sized>(
        &mut self,
        key: Cow<'static, str>,
        value: &T,
    ) -> Result<(), Error> {
        let from = self.out.len();
        write(self.out, value)?;
        self.members.push((key, from, self.out.len()));
        Ok(())
    }

    fn finish(mut self) -> Result<(), Error> {
        // Stable, so of two equal keys the later stays last: keep that one, as a map would.
        // Keys mostly differ in their first byte: compared first, it spares a memcmp call.
        self.members.sort_by(|a, b| {
            let first = |k: &str| k.as_bytes().first().copied();
            first(&a.0).cmp(&first(&b.0)).then_with(|| a.0.cmp(&b.0))
        });
        SCRATCH.with(|scratch| {
            let mut region = scratch.borrow_mut();
            region.clear();
            region.extend_from_slice(&self.out[self.start..]);
            self.out.truncate(self.start);
            self.write_sorted(&region)
        })
    }

    /// Write the object into `out`, its members in key order, their values read from `region`
    /// (the object's bytes as they were written, from `start` on).
    fn write_sorted(&mut self, region: &[u8]) -> Result<(), Error> {
        let out = &mut *self.out;
        out.reserve(region.len() + 16 * self.members.len() + 2);
        if let Some(v) = self.variant {
            open_variant(out, v)?;
        }
        out.push(b'{');
        let mut first = true;
        let n = self.members.len();
        for (i, (key, from, to)) in self.members.iter().enumerate() {
            if i + 1 < n && self.members[i + 1].0 == *key {
                continue;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            string(out, key)?;
            out.push(b':');
            out.extend_from_slice(&region[from - self.start..to - self.start]);
        }
        out.push(b'}');
        if self.variant.is_some() {
            out.push(b'}');
        }
        Ok(())
    }
}

/// An array, written as its elements come.
struct Array<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    variant: bool,
}

impl<'a> Array<'a> {
    fn new(out: &'a mut Vec<u8>, variant: Option<&'static str>) -> Result<Self, Error> {
        if let Some(v) = variant {
            open_variant(out, v)?;
        }
        out.push(b'[');
        Ok(Array {
            out,
            first: true,
            variant: variant.is_some(),
        })
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        write(self.out, value)
    }

    fn finish(self) -> Result<(), Error> {
        self.out.push(b']');
        if self.variant {
            self.out.push(b'}');
        }
        Ok(())
    }
}

/// A map key as a `serde_json::Map` holds it: a string, or an integer, bool or char written as
/// one.
fn key_string<T: Serialize + ?Sized>(key: &T) -> Result<String, Error> {
    match serde_json::to_value(key)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        other => Err(Error(format!("a map key must be a string, not {other}"))),
    }
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        // A `Value` holds only what fits 64 bits.
        match (i64::try_from(v), u64::try_from(v)) {
            (Ok(i), _) => self.scalar(&i),
            (_, Ok(u)) => self.scalar(&u),
            _ => Err(Error("number out of range".into())),
        }
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        match u64::try_from(v) {
            Ok(u) => self.scalar(&u),
            Err(_) => Err(Error("number out of range".into())),
        }
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // A `Value` widens an f32 to f64 before it is written.
        self.scalar(&f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        string(self.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // As a `Value`: an array of numbers.
        self.scalar(&v.iter().collect::<Vec<_>>())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.scalar(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        open_variant(self.out, variant)?;
        write(self.out, value)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Array<'a>, Error> {
        Array::new(self.out, None)
    }
    fn serialize_tuple(self, _: usize) -> Result<Array<'a>, Error> {
        Array::new(self.out, None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Array<'a>, Error> {
        Array::new(self.out, None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Array<'a>, Error> {
        Array::new(self.out, Some(variant))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, len, None))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, Some(len), None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, Some(len), Some(variant)))
    }
}

/// The array traits, which differ only in the name of the element method.
macro_rules! array_impl {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for Array<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    };
}

array_impl!(SerializeSeq, serialize_element);
array_impl!(SerializeTuple, serialize_element);
array_impl!(SerializeTupleStruct, serialize_field);
array_impl!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key_string(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value without its key".into()))?;
        self.member(Cow::Owned(key), value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// The struct traits: a field is a member under its name.
macro_rules! struct_impl {
    ($trait:ident) => {
        impl ser::$trait for Object<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.member(Cow::Borrowed(key), value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    };
}

struct_impl!(SerializeStruct);
struct_impl!(SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::json;
    use std::collections::{BTreeMap, HashMap};

    /// What the batch wrote before: the value's `Value`, written compactly.
    fn through_value<T: Serialize>(v: &T) -> Vec<u8> {
        serde_json::to_vec(&serde_json::to_value(v).unwrap()).unwrap()
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        New(f64),
        Pair(u8, &'static str),
        Named { zeta: i32, alpha: Option<bool> },
    }

    #[derive(Serialize)]
    struct Inner {
        z: Vec<Shape>,
        a: f32,
        m: HashMap<String, u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        gone: Option<u8>,
    }

    #[derive(Serialize)]
    struct Outer {
        zulu: &'static str,
        #[serde(flatten)]
        inner: Inner,
        alpha: (i64, char),
        nan: f64,
        big: u128,
        bytes: serde_json::Value,
        ints: BTreeMap<i32, String>,
    }

    #[test]
    fn writes_what_a_value_would() {
        let v = Outer {
            zulu: "quote \" backslash \\ newline \n tab \t ünïcode \u{1}",
            inner: Inner {
                z: vec![
                    Shape::Unit,
                    Shape::New(0.1),
                    Shape::Pair(7, "x"),
                    Shape::Named {
                        zeta: -3,
                        alpha: None,
                    },
                ],
                a: 0.1,
                m: [
                    ("b".to_string(), 2),
                    ("a".to_string(), 1),
                    ("c".to_string(), 3),
                ]
                .into_iter()
                .collect(),
                gone: None,
            },
            alpha: (i64::MIN, '€'),
            nan: f64::NAN,
            big: u128::from(u64::MAX),
            bytes: json!({"y": [1, 2.5, null], "x": {"d": true, "c": "s"}}),
            ints: [(10, "ten".to_string()), (9, "nine".to_string())]
                .into_iter()
                .collect(),
        };
        let got = to_vec(&v).unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(through_value(&v)).unwrap()
        );
    }

    #[test]
    fn reports_are_written_as_their_values_would_be() {
        let report = crate::render::sample::report();
        assert_eq!(to_vec(&report).unwrap(), through_value(&report));
        for p in &report.profiles {
            assert_eq!(to_vec(p).unwrap(), through_value(p));
        }
        // And every shipped profile's explained report, as the batch writes it.
        let engine = crate::Engine::load(crate::Origin::Embedded).unwrap();
        let profiles = engine.load_profiles(crate::Origin::Embedded).unwrap();
        let full = engine.report(&profiles, None, None).unwrap();
        for p in &full.profiles {
            assert_eq!(to_vec(p).unwrap(), through_value(p), "{}", p.id);
        }
    }

    #[test]
    fn a_later_duplicate_key_wins_as_in_a_map() {
        #[derive(Serialize)]
        struct Twice {
            a: u8,
            #[serde(flatten)]
            rest: BTreeMap<String, u8>,
        }
        let v = Twice {
            a: 1,
            rest: [("a".to_string(), 2), ("b".to_string(), 3)]
                .into_iter()
                .collect(),
        };
        assert_eq!(to_vec(&v).unwrap(), through_value(&v));
        assert_eq!(to_vec(&v).unwrap(), br#"{"a":2,"b":3}"#.to_vec());
    }

    proptest::proptest! {
        /// Strings written without serde_json (most of them) are the bytes serde_json
        /// writes, as values and as keys: control characters, quotes, backslashes, DEL and
        /// non-ASCII included.
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(
            s in "(\\PC|[\\x00-\\x1f\"\\\\\\x7f])*"
        ) {
            let map: BTreeMap<String, String> = [(s.clone(), s.clone())].into_iter().collect();
            proptest::prop_assert_eq!(to_vec(&s).unwrap(), serde_json::to_vec(&s).unwrap());
            proptest::prop_assert_eq!(to_vec(&map).unwrap(), through_value(&map));
        }
    }

    /// A JSON tree whose objects keep their members in the order given (duplicates too), so
    /// the writer has to sort them.
    #[derive(Debug, Clone)]
    enum Node {
        Null,
        Num(i64),
        Str(String),
        Arr(Vec<Node>),
        Obj(Vec<(String, Node)>),
        /// A newtype variant (`{"name": value}`) around a node.
        Tagged(Box<Node>),
    }

    impl Serialize for Node {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Node::Null => s.serialize_unit(),
                Node::Num(n) => s.serialize_i64(*n),
                Node::Str(v) => s.serialize_str(v),
                Node::Arr(items) => s.collect_seq(items),
                Node::Obj(members) => s.collect_map(members.iter().map(|(k, v)| (k, v))),
                Node::Tagged(inner) => s.serialize_newtype_variant("Node", 0, "tagged", inner),
            }
        }
    }

    fn node() -> impl proptest::strategy::Strategy<Value = Node> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Node::Null),
            any::<i64>().prop_map(Node::Num),
            "[a-c\"]{0,3}".prop_map(Node::Str),
        ];
        leaf.prop_recursive(5, 48, 5, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Node::Arr),
                proptest::collection::vec(("[a-d]{0,2}", inner.clone()), 0..5).prop_map(Node::Obj),
                inner.prop_map(|n| Node::Tagged(Box::new(n))),
            ]
        })
    }

    proptest::proptest! {
        /// Any tree, objects nested in arrays nested in objects, empty ones and duplicate
        /// keys included, is written as its `Value` would be.
        #[test]
        fn any_tree_is_written_as_its_value_would_be(tree in node()) {
            proptest::prop_assert_eq!(
                String::from_utf8(to_vec(&tree).unwrap()).unwrap(),
                String::from_utf8(through_value(&tree)).unwrap()
            );
        }
    }

    #[test]
    fn a_key_that_is_not_a_string_is_an_error_not_a_panic() {
        let mut m: BTreeMap<Vec<u8>, u8> = BTreeMap::new();
        m.insert(vec![1], 1);
        assert!(to_vec(&m).is_err());
    }
}
