//! What the profile schema check costs on two documents: serde_json's `Value` (what rulecard
//! validates today) and sonic-rs's own value, validated in place through `jsonschema`'s
//! custom-representation traits (`jsonschema::options_for`). Each line is parsed, checked
//! and dropped; the two answers must agree on every line, or the program stops.
//!
//! Usage: validate-floors PROFILE_SCHEMA FILE.ndjson [--repeat R] (rounds, 5). One thread,
//! mimalloc, both documents timed interleaved round by round.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber, Node, NodeIdentity, Object};
use serde_json::Value;
use sonic_rs::{JsonContainerTrait, JsonNumberTrait, JsonValueTrait};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// sonic-rs's value as a `jsonschema` instance representation.
struct Sonic;

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

struct SonicNumber(sonic_rs::Number);

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

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: validate-floors PROFILE_SCHEMA FILE.ndjson [--repeat R]";
    let schema_path = args.next().ok_or(usage)?;
    let path = args.next().ok_or(usage)?;
    let mut repeat = 5usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|r| r.parse().ok())
                    .filter(|&r| r > 0)
                    .ok_or("--repeat takes a positive number")?;
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
    let schema: Value = serde_json::from_str(&read(&schema_path)?).map_err(|e| e.to_string())?;
    let serde_validator = jsonschema::validator_for(&schema).map_err(|e| e.to_string())?;
    let sonic_validator = jsonschema::options_for::<Sonic>()
        .build(&schema)
        .map_err(|e| e.to_string())?;
    let text = read(&path)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();

    // Both documents must give the same answer on every line.
    let mut valid = 0;
    for (i, l) in lines.iter().enumerate() {
        let a: Value = serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
        let b: sonic_rs::Value =
            sonic_rs::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
        let (va, vb) = (serde_validator.is_valid(&a), sonic_validator.is_valid(&b));
        if va != vb {
            return Err(format!(
                "line {}: serde_json says valid={va}, sonic-rs valid={vb}",
                i + 1
            ));
        }
        valid += usize::from(va);
    }

    let serde_run = || -> Duration {
        let start = Instant::now();
        for l in &lines {
            let v: Value = serde_json::from_str(l).expect("checked above");
            std::hint::black_box(serde_validator.is_valid(&v));
        }
        start.elapsed()
    };
    let sonic_run = || -> Duration {
        let start = Instant::now();
        for l in &lines {
            let v: sonic_rs::Value = sonic_rs::from_str(l).expect("checked above");
            std::hint::black_box(sonic_validator.is_valid(&v));
        }
        start.elapsed()
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..repeat {
        a.push(serde_run());
        b.push(sonic_run());
    }
    a.sort();
    b.sort();
    let rate = |d: Duration| bytes as f64 / d.as_secs_f64() / 1e6;
    println!(
        "{} lines ({valid} valid), {:.1} MB; parse + schema check + drop, median of {repeat} rounds, one thread",
        lines.len(),
        bytes as f64 / 1e6
    );
    println!(
        "  serde_json::Value, jsonschema (SerdeJson)   {:>6.0} MB/s",
        rate(a[a.len() / 2])
    );
    println!(
        "  sonic_rs::Value, jsonschema (options_for)  {:>6.0} MB/s",
        rate(b[b.len() / 2])
    );
    Ok(())
}
