//! sonic-rs's own value as a `jsonschema` instance representation, through the crate's
//! custom-representation traits (`jsonschema::json`), so the profile schema can check it in
//! place.

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber, Node, NodeIdentity, Object};
use serde_json::Value;
use sonic_rs::{JsonContainerTrait, JsonNumberTrait, JsonValueTrait};

/// sonic-rs's value as a `jsonschema` instance representation.
pub struct Sonic;

impl Json for Sonic {
    type Node<'a> = &'a sonic_rs::Value;
    type PreparedKey = String;
    type StringBuffer = sonic_rs::Value;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(
        buffer: &mut sonic_rs::Value,
        string: &str,
        f: impl FnOnce(&sonic_rs::Value) -> T,
    ) -> T {
        *buffer = sonic_rs::Value::from(string);
        f(buffer)
    }
}

/// A sonic-rs number as `jsonschema` reads one.
pub struct SonicNumber(sonic_rs::Number);

impl JsonNumber for SonicNumber {
    fn as_u64(&self) -> Option<u64> {
        self.0.as_u64()
    }
    fn as_i64(&self) -> Option<i64> {
        self.0.as_i64()
    }
    fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }
    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(serde_json::from_str(&self.0.to_string()).expect("a sonic-rs number is JSON"))
    }
}

impl<'a> Node<'a, Sonic> for &'a sonic_rs::Value {
    type Object = &'a sonic_rs::Object;
    type Array = &'a sonic_rs::Array;
    type Number = SonicNumber;

    fn as_object(&self) -> Option<&'a sonic_rs::Object> {
        <sonic_rs::Value as JsonContainerTrait>::as_object(self)
    }
    fn as_array(&self) -> Option<&'a sonic_rs::Array> {
        <sonic_rs::Value as JsonContainerTrait>::as_array(self)
    }
    fn as_string(&self) -> Option<Cow<'a, str>> {
        <sonic_rs::Value as JsonValueTrait>::as_str(self).map(Cow::Borrowed)
    }
    fn as_number(&self) -> Option<SonicNumber> {
        <sonic_rs::Value as JsonValueTrait>::as_number(self).map(SonicNumber)
    }
    fn as_boolean(&self) -> Option<bool> {
        <sonic_rs::Value as JsonValueTrait>::as_bool(self)
    }
    fn is_null(&self) -> bool {
        <sonic_rs::Value as JsonValueTrait>::is_null(self)
    }
    fn json_type(&self) -> JsonType {
        use sonic_rs::JsonType as S;
        match <sonic_rs::Value as JsonValueTrait>::get_type(self) {
            S::Null => JsonType::Null,
            S::Boolean => JsonType::Boolean,
            S::Number => JsonType::Number,
            S::String => JsonType::String,
            S::Array => JsonType::Array,
            S::Object => JsonType::Object,
        }
    }
    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(
            serde_json::from_str(&sonic_rs::to_string(*self).expect("writable")).expect("JSON"),
        )
    }
    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(
            std::ptr::from_ref::<sonic_rs::Value>(*self) as usize,
        ))
    }
}

impl<'a> Object<'a, Sonic> for &'a sonic_rs::Object {
    type Node = &'a sonic_rs::Value;
    type MemberName = &'a str;
    type MembersIter = sonic_rs::value::object::Iter<'a>;

    fn len(&self) -> usize {
        sonic_rs::Object::len(self)
    }
    fn get(&self, key: &String) -> Option<&'a sonic_rs::Value> {
        sonic_rs::Object::get(self, key)
    }
    fn members(&self) -> Self::MembersIter {
        sonic_rs::Object::iter(self)
    }
}

impl<'a> Array<'a, Sonic> for &'a sonic_rs::Array {
    type Node = &'a sonic_rs::Value;
    type ElementsIter = std::slice::Iter<'a, sonic_rs::Value>;

    fn len(&self) -> usize {
        <[sonic_rs::Value]>::len(self)
    }
    fn elements(&self) -> Self::ElementsIter {
        self.iter()
    }
}
