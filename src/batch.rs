//! Batch mode: score a stream of profiles (NDJSON, one per line) in parallel, in bounded
//! chunks, writing one result line per input line in input order.

use crate::compile::Program;
use crate::eval::verdict::Verdict;
use crate::model::Profile;
use crate::score::{self, Weights};
use crate::validate::Schemas;
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::io::{BufRead, Write};

/// Lines read and scored together; memory stays flat in the input size.
pub const CHUNK_LINES: usize = 8192;
/// Longest accepted input line.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// One output record: whether it is a result, its JSON line, and the error if it is not.
type Record = (bool, String, Option<(u64, String)>);

/// What each result line carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The full explained profile report (traces, missing facts, counterfactuals).
    Full,
    /// Id, score, coverage and one verdict per rule: the fast path.
    VerdictsOnly,
}

/// Counts of a finished run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub lines: u64,
    pub results: u64,
    pub errors: u64,
    /// True when `fail_fast` stopped the run at the first error.
    pub stopped: bool,
    /// The first bad line: its number and what is wrong with it.
    pub first_error: Option<(u64, String)>,
}

/// A batch run's settings: the compiled rulebook and how to score and report each line.
pub struct Batch<'a> {
    pub program: &'a Program,
    pub schemas: &'a Schemas,
    pub weights: &'a Weights,
    pub detail: Detail,
    /// Stop at the first bad line.
    pub fail_fast: bool,
}

impl Batch<'_> {
    /// Score every line of `input`, writing result or error records to `out`; `progress` is
    /// called after each chunk with the number of lines done.
    pub fn run(
        &self,
        input: impl BufRead,
        mut out: impl Write,
        mut progress: impl FnMut(u64),
    ) -> std::io::Result<Summary> {
        let mut summary = Summary::default();
        // Lines are split as bytes, so one line that is not UTF-8 becomes an error record
        // instead of ending the run.
        let mut lines = input.split(b'\n');
        loop {
            let mut chunk: Vec<(u64, Vec<u8>)> = Vec::with_capacity(CHUNK_LINES);
            for line in lines.by_ref() {
                summary.lines += 1;
                let mut bytes = line?;
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
                chunk.push((summary.lines, bytes));
                if chunk.len() == CHUNK_LINES {
                    break;
                }
            }
            if chunk.is_empty() {
                break;
            }
            let records: Vec<Record> = chunk
                .par_iter()
                .map(|(n, bytes)| {
                    let scored = std::str::from_utf8(bytes)
                        .map_err(|e| {
                            format!(
                                "line is not valid UTF-8 (byte {}); save the input as UTF-8",
                                e.valid_up_to()
                            )
                        })
                        .and_then(|line| {
                            score_line(self.program, self.schemas, self.weights, self.detail, line)
                        });
                    match scored {
                        Ok(v) => (true, with_line(*n, v), None),
                        Err(message) => (
                            false,
                            json!({"line": n, "error": message}).to_string(),
                            Some((*n, message)),
                        ),
                    }
                })
                .collect();
            for (ok, record, error) in records {
                if ok {
                    summary.results += 1;
                } else {
                    summary.errors += 1;
                }
                if summary.first_error.is_none() {
                    summary.first_error = error;
                }
                out.write_all(record.as_bytes())?;
                out.write_all(b"\n")?;
                if !ok && self.fail_fast {
                    summary.stopped = true;
                    out.flush()?;
                    return Ok(summary);
                }
            }
            progress(summary.lines);
        }
        out.flush()?;
        Ok(summary)
    }
}

fn with_line(n: u64, mut v: Value) -> String {
    if let Value::Object(map) = &mut v {
        map.insert("line".into(), json!(n));
    }
    v.to_string()
}

/// Score one NDJSON line; the error message names what is wrong.
pub fn score_line(
    program: &Program,
    schemas: &Schemas,
    weights: &Weights,
    detail: Detail,
    line: &str,
) -> Result<Value, String> {
    if line.len() > MAX_LINE_BYTES {
        return Err(format!(
            "line is {} bytes, over the {MAX_LINE_BYTES}-byte limit",
            line.len()
        ));
    }
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    if let Some(first) = schemas.profile_errors(&value).into_iter().next() {
        return Err(format!("not a valid profile: {first}"));
    }
    // Move the facts tree out before deserializing the envelope, so it is not rebuilt.
    let mut value = value;
    let facts = value
        .as_object_mut()
        .and_then(|m| m.insert("facts".into(), Value::Null))
        .unwrap_or(Value::Null);
    let mut profile: Profile =
        serde_json::from_value(value).map_err(|e| format!("not a valid profile: {e}"))?;
    profile.facts = facts;
    Ok(match detail {
        Detail::VerdictsOnly => {
            let verdicts = program.verdicts(&profile.facts);
            let (score, coverage) = score::quick(weights, &verdicts);
            let map: Map<String, Value> = program
                .rules
                .iter()
                .zip(&verdicts)
                .map(|(r, (v, _))| (r.id.clone(), Value::String(Verdict::as_str(*v).into())))
                .collect();
            json!({"id": profile.id, "score": score, "coverage": coverage, "verdicts": map})
        }
        Detail::Full => {
            let outcomes = program.evaluate(&profile.facts);
            let report =
                score::profile_report(program, weights, &profile, &profile.as_of, outcomes);
            serde_json::to_value(report).map_err(|e| e.to_string())?
        }
    })
}
