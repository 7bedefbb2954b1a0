//! Floors: how fast each JSON parser reads the generated profiles, one line at a time, on one
//! thread: serde_json into its `Value` (the floor rulecard's batch is measured against),
//! sonic-rs and simd-json into the same `serde_json::Value`, sonic-rs into its own value, and
//! serde_json checking syntax only (`IgnoredAny`). With `--schema`, the same lines are also
//! parsed and checked against the profile schema, once on serde_json's `Value` and once on
//! sonic-rs's value in place (`sonic.rs`); the two must agree on every line, or the program
//! stops. Everything is timed interleaved, round by round, so what else the machine does
//! falls on all of them alike.
//!
//! Usage: floors FILE.ndjson [--schema PROFILE_SCHEMA] [--repeat R] (rounds, 5). Everything
//! runs under mimalloc, the allocator of rulecard's binary.

mod sonic;

use std::time::{Duration, Instant};

use serde_json::Value;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Parse = fn(&str) -> Result<(), String>;

/// serde_json reading a line into `T`.
fn serde_json_into<T: serde::de::DeserializeOwned>(line: &str) -> Result<(), String> {
    let v: T = serde_json::from_str(line).map_err(|e| e.to_string())?;
    std::hint::black_box(v);
    Ok(())
}

/// sonic-rs reading a line into `T`.
fn sonic_into<T: serde::de::DeserializeOwned>(line: &str) -> Result<(), String> {
    let v: T = sonic_rs::from_str(line).map_err(|e| e.to_string())?;
    std::hint::black_box(v);
    Ok(())
}

/// simd-json reading a line into a `serde_json::Value`: it parses in place, so it needs its
/// own mutable copy of the line.
fn simd_json_into_serde_json_value(line: &str) -> Result<(), String> {
    let mut bytes = line.as_bytes().to_vec();
    let v: serde_json::Value =
        simd_json::serde::from_slice(&mut bytes).map_err(|e| e.to_string())?;
    std::hint::black_box(v);
    Ok(())
}

const PARSERS: &[(&str, Parse)] = &[
    (
        "serde_json -> serde_json::Value",
        serde_json_into::<serde_json::Value>,
    ),
    (
        "sonic-rs -> serde_json::Value",
        sonic_into::<serde_json::Value>,
    ),
    (
        "simd-json -> serde_json::Value",
        simd_json_into_serde_json_value,
    ),
    ("sonic-rs -> sonic_rs::Value", sonic_into::<sonic_rs::Value>),
    (
        "serde_json, syntax only (IgnoredAny)",
        serde_json_into::<serde::de::IgnoredAny>,
    ),
];

/// The median and the extremes of `times` as MB/s over `bytes`.
fn rates(bytes: usize, times: &[Duration]) -> (f64, f64, f64) {
    let rate = |d: Duration| bytes as f64 / d.as_secs_f64() / 1e6;
    let mut t = times.to_vec();
    t.sort();
    (rate(t[t.len() / 2]), rate(t[t.len() - 1]), rate(t[0]))
}

/// Time each of `runs` once per round, `repeat` rounds, interleaved.
fn rounds(
    repeat: usize,
    runs: &[&dyn Fn() -> Result<(), String>],
) -> Result<Vec<Vec<Duration>>, String> {
    let mut times = vec![Vec::new(); runs.len()];
    for _ in 0..repeat {
        for (i, run) in runs.iter().enumerate() {
            let start = Instant::now();
            run()?;
            times[i].push(start.elapsed());
        }
    }
    Ok(times)
}

fn main() -> Result<(), String> {
    let usage = "usage: floors FILE.ndjson [--schema PROFILE_SCHEMA] [--repeat R]";
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or(usage)?;
    let mut repeat = 5usize;
    let mut schema_path = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|r| r.parse().ok())
                    .filter(|&r| r > 0)
                    .ok_or("--repeat takes a positive number")?;
            }
            "--schema" => schema_path = Some(args.next().ok_or(usage)?),
            other => return Err(format!("unknown argument {other}; {usage}")),
        }
    }
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"));
    let text = read(&path)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();

    // Every parser must read every line, or its time means nothing.
    for (name, parse) in PARSERS {
        for (i, l) in lines.iter().enumerate() {
            parse(l).map_err(|e| format!("{name} cannot read line {}: {e}", i + 1))?;
        }
    }
    let runs: Vec<Box<dyn Fn() -> Result<(), String>>> = PARSERS
        .iter()
        .map(|&(_, parse)| -> Box<dyn Fn() -> Result<(), String>> {
            let lines = &lines;
            Box::new(move || lines.iter().try_for_each(|l| parse(l)))
        })
        .collect();
    let refs: Vec<&dyn Fn() -> Result<(), String>> = runs.iter().map(|r| r.as_ref()).collect();
    let times = rounds(repeat, &refs)?;
    println!(
        "{} lines, {:.1} MB; median of {repeat} rounds, one thread (lowest-highest)",
        lines.len(),
        bytes as f64 / 1e6
    );
    for ((name, _), t) in PARSERS.iter().zip(&times) {
        let (median, low, high) = rates(bytes, t);
        println!("  {name:<40} {median:>6.0} MB/s  ({low:.0}-{high:.0})");
    }

    let Some(schema_path) = schema_path else {
        return Ok(());
    };
    let schema: Value = serde_json::from_str(&read(&schema_path)?).map_err(|e| e.to_string())?;
    let on_serde = jsonschema::validator_for(&schema).map_err(|e| e.to_string())?;
    let on_sonic = jsonschema::options_for::<sonic::Sonic>()
        .build(&schema)
        .map_err(|e| e.to_string())?;
    // Both documents must give the same answer on every line.
    let mut valid = 0;
    for (i, l) in lines.iter().enumerate() {
        let a: Value = serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
        let b: sonic_rs::Value =
            sonic_rs::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
        let (va, vb) = (on_serde.is_valid(&a), on_sonic.is_valid(&b));
        if va != vb {
            return Err(format!(
                "line {}: valid on serde_json's Value: {va}, on sonic-rs's value: {vb}",
                i + 1
            ));
        }
        valid += usize::from(va);
    }
    let serde_run = || -> Result<(), String> {
        for l in &lines {
            let v: Value = serde_json::from_str(l).map_err(|e| e.to_string())?;
            std::hint::black_box(on_serde.is_valid(&v));
        }
        Ok(())
    };
    let sonic_run = || -> Result<(), String> {
        for l in &lines {
            let v: sonic_rs::Value = sonic_rs::from_str(l).map_err(|e| e.to_string())?;
            std::hint::black_box(on_sonic.is_valid(&v));
        }
        Ok(())
    };
    let times = rounds(repeat, &[&serde_run, &sonic_run])?;
    println!(
        "{valid} of {} lines valid; parse + schema check + drop, median of {repeat} rounds",
        lines.len()
    );
    for (name, t) in [
        ("serde_json::Value, jsonschema (SerdeJson)", &times[0]),
        ("sonic_rs::Value, jsonschema (options_for)", &times[1]),
    ] {
        let (median, low, high) = rates(bytes, t);
        println!("  {name:<40} {median:>6.0} MB/s  ({low:.0}-{high:.0})");
    }
    Ok(())
}
