//! Parse floors: how fast each JSON parser reads the generated profiles, one line at a time,
//! on one thread: serde_json into its `Value` (the floor rulecard's batch is measured
//! against), sonic-rs and simd-json into the same `serde_json::Value`, sonic-rs into its own
//! value, and serde_json checking syntax only (`IgnoredAny`). Parsers are timed interleaved,
//! round by round, so what else the machine does falls on all of them alike.
//!
//! Usage: parse-floors FILE.ndjson [--repeat R] (rounds, 5). Every parser runs under
//! mimalloc, the allocator of rulecard's binary.

use std::time::{Duration, Instant};

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

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: parse-floors FILE.ndjson [--repeat R]")?;
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
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    // Every parser must read every line, or its time means nothing.
    for (name, parse) in PARSERS {
        for (i, l) in lines.iter().enumerate() {
            parse(l).map_err(|e| format!("{name} cannot read line {}: {e}", i + 1))?;
        }
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); PARSERS.len()];
    for _ in 0..repeat {
        for (i, (_, parse)) in PARSERS.iter().enumerate() {
            let start = Instant::now();
            for l in &lines {
                parse(l)?;
            }
            times[i].push(start.elapsed());
        }
    }
    println!(
        "{} lines, {:.1} MB; median of {repeat} rounds, one thread (lowest-highest)",
        lines.len(),
        bytes as f64 / 1e6
    );
    let rate = |d: Duration| bytes as f64 / d.as_secs_f64() / 1e6;
    for (i, (name, _)) in PARSERS.iter().enumerate() {
        let mut t = times[i].clone();
        t.sort();
        println!(
            "  {name:<40} {:>6.0} MB/s  ({:.0}-{:.0})",
            rate(t[t.len() / 2]),
            rate(t[t.len() - 1]),
            rate(t[0])
        );
    }
    Ok(())
}
