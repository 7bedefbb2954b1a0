//! Batch mode: score a stream of profiles (NDJSON, one per line) in parallel, in bounded
//! chunks, writing one result line per input line in input order.

use crate::compile::Program;
use crate::model::Profile;
use crate::score::{self, Weights};
use crate::validate::Schemas;
use crate::vocab::verdict::Verdict;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::ops::Range;

/// Lines read and scored together; memory stays flat in the input size.
pub const CHUNK_LINES: usize = 8192;
/// Lines scored together when each record is a full explained report (tens of kilobytes
/// each, against tens of bytes on the verdicts path): the records of a chunk are held until
/// it is written, so a smaller chunk keeps memory low.
pub const CHUNK_LINES_FULL: usize = 256;
/// A chunk also ends once its lines hold this many bytes, so long lines cannot make one chunk
/// hold `CHUNK_LINES` × `MAX_LINE_BYTES`. A couple of thousand generated profiles: plenty of
/// work for each thread, little memory.
pub const CHUNK_BYTES: usize = 8 << 20;
/// Longest accepted input line.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// What became of one input line.
enum Record {
    /// A result record.
    Result(String),
    /// An error record, and the error (line number, message).
    Error(String, (u64, String)),
    /// A blank line: skipped, no record.
    Blank,
}

/// What each result line carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The full explained profile report (traces, missing facts, counterfactuals).
    Full,
    /// Id, score, coverage and one verdict per rule: the fast path.
    VerdictsOnly,
}

/// Counts of a finished run: `lines` = `results` + `errors` + `blank`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Lines read up to the end (or, with `fail_fast`, up to the first bad line).
    pub lines: u64,
    /// Lines that produced a result record.
    pub results: u64,
    /// Lines that produced an error record.
    pub errors: u64,
    /// Blank lines (nothing but whitespace), skipped without a record.
    pub blank: u64,
    /// True when `fail_fast` stopped the run at the first error.
    pub stopped: bool,
    /// The first bad line: its number and what is wrong with it.
    pub first_error: Option<(u64, String)>,
}

/// A batch run's settings: the compiled rulebook and how to score and report each line.
pub struct Batch<'a> {
    /// The compiled rulebook to score each profile against.
    pub program: &'a Program,
    /// The schemas each line's profile is validated against.
    pub schemas: &'a Schemas,
    /// The weights in force (the rules' own, or a lens's).
    pub weights: &'a Weights,
    /// What each result line carries.
    pub detail: Detail,
    /// Stop at the first bad line.
    pub fail_fast: bool,
}

impl Batch<'_> {
    /// Score every line of `input`, writing result or error records to `out`; `progress` is
    /// called after each chunk with the number of lines done.
    pub fn run(
        &self,
        mut input: impl BufRead,
        mut out: impl Write,
        mut progress: impl FnMut(u64),
    ) -> std::io::Result<Summary> {
        let mut summary = Summary::default();
        let mut chunk = Chunk::new(match self.detail {
            Detail::Full => CHUNK_LINES_FULL,
            Detail::VerdictsOnly => CHUNK_LINES,
        });
        loop {
            chunk.fill(&mut input, &mut summary.lines)?;
            let Some(first) = chunk.lines.first().map(|l| l.number) else {
                break;
            };
            let records = self.score_chunk(&chunk);
            for (k, record) in records.into_iter().enumerate() {
                let (text, error) = match record {
                    Record::Blank => {
                        summary.blank += 1;
                        continue;
                    }
                    Record::Result(text) => {
                        summary.results += 1;
                        (text, None)
                    }
                    Record::Error(text, error) => {
                        summary.errors += 1;
                        (text, Some(error))
                    }
                };
                out.write_all(text.as_bytes())?;
                out.write_all(b"\n")?;
                if let Some(e) = error {
                    summary.first_error.get_or_insert(e);
                    if self.fail_fast {
                        // Lines after the bad one were not taken in.
                        summary.lines = first + k as u64;
                        summary.stopped = true;
                        out.flush()?;
                        return Ok(summary);
                    }
                }
            }
            progress(summary.lines);
        }
        out.flush()?;
        Ok(summary)
    }

    /// Score every line of `chunk`, in parallel, into its record (in order).
    fn score_chunk(&self, chunk: &Chunk) -> Vec<Record> {
        chunk
            .lines
            .par_iter()
            .map(|line| {
                let bytes = &chunk.buf[line.range.clone()];
                if line.len <= MAX_LINE_BYTES && bytes.iter().all(u8::is_ascii_whitespace) {
                    return Record::Blank;
                }
                let scored = if line.len > MAX_LINE_BYTES {
                    Err(too_long(line.len))
                } else {
                    // Lines are split as bytes, so one line that is not UTF-8 becomes an
                    // error record instead of ending the run.
                    std::str::from_utf8(bytes)
                        .map_err(|e| {
                            format!(
                                "line is not valid UTF-8 (byte {}); save the input as UTF-8",
                                e.valid_up_to()
                            )
                        })
                        .and_then(|text| self.score(line.number, text))
                };
                match scored {
                    Ok(record) => Record::Result(record),
                    Err(message) => Record::Error(
                        json!({"line": line.number, "error": message}).to_string(),
                        (line.number, message),
                    ),
                }
            })
            .collect()
    }

    /// Score line number `n` into its result record.
    fn score(&self, n: u64, line: &str) -> Result<String, String> {
        score_line(
            self.program,
            self.schemas,
            self.weights,
            self.detail,
            n,
            line,
        )
    }
}

/// A chunk of input lines: their bytes back to back in one buffer, each line a range of it.
struct Chunk {
    buf: Vec<u8>,
    lines: Vec<Line>,
    /// The most lines a chunk holds.
    max_lines: usize,
}

impl Chunk {
    /// An empty chunk for up to `max_lines` lines. The buffer is allocated once, at the most a
    /// chunk can hold: grown by doubling, it would touch (and have the kernel zero) about
    /// twice the memory it ends up using.
    fn new(max_lines: usize) -> Chunk {
        Chunk {
            buf: Vec::with_capacity(CHUNK_BYTES + MAX_LINE_BYTES + 1),
            lines: Vec::with_capacity(max_lines),
            max_lines,
        }
    }

    /// Read the next chunk of `input` in place of this one: up to its `max_lines` lines,
    /// fewer once they hold [`CHUNK_BYTES`], numbered on from `read_up_to` (which ends at the
    /// last line read). Empty at the end of the input.
    fn fill(&mut self, input: &mut impl BufRead, read_up_to: &mut u64) -> std::io::Result<()> {
        self.buf.clear();
        self.lines.clear();
        while self.lines.len() < self.max_lines && self.buf.len() < CHUNK_BYTES {
            let Some(line) = read_line(input, &mut self.buf, *read_up_to + 1)? else {
                break;
            };
            *read_up_to = line.number;
            self.lines.push(line);
        }
        Ok(())
    }
}

/// One input line: its number and where its bytes are in the chunk buffer.
#[derive(Debug, Clone)]
struct Line {
    number: u64,
    range: Range<usize>,
    /// The line's length in bytes; over [`MAX_LINE_BYTES`], its bytes were not kept.
    len: usize,
}

/// Append the next line of `input` (without its `\n` or `\r\n`) to `buf` as line `number`;
/// `None` at the end. A line longer than [`MAX_LINE_BYTES`] is measured but not kept, so one
/// huge line cannot exhaust memory.
fn read_line(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    number: u64,
) -> std::io::Result<Option<Line>> {
    let start = buf.len();
    // Room for the limit and a `\r`.
    let keep_at_most = MAX_LINE_BYTES + 1;
    let (mut len, mut any, mut last) = (0usize, false, None);
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            break;
        }
        any = true;
        let newline = memchr::memchr(b'\n', available);
        let part = &available[..newline.unwrap_or(available.len())];
        len += part.len();
        last = part.last().copied().or(last);
        if len <= keep_at_most {
            buf.extend_from_slice(part);
        } else {
            buf.truncate(start);
        }
        let used = part.len() + usize::from(newline.is_some());
        input.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if last == Some(b'\r') {
        len -= 1;
        if buf.len() > start {
            buf.pop();
        }
    }
    Ok(Some(Line {
        number,
        range: start..buf.len(),
        len,
    }))
}

fn too_long(len: usize) -> String {
    format!("line is {len} bytes, over the {MAX_LINE_BYTES}-byte limit")
}

/// The lean result record: field names in sorted order, as every other record has them.
#[derive(Serialize)]
struct Lean<'a> {
    coverage: f64,
    id: &'a str,
    line: u64,
    score: Option<f64>,
    verdicts: BTreeMap<&'a str, &'static str>,
}

/// Score one NDJSON line (line number `n`) into its result record; the error message names
/// what is wrong.
pub fn score_line(
    program: &Program,
    schemas: &Schemas,
    weights: &Weights,
    detail: Detail,
    n: u64,
    line: &str,
) -> Result<String, String> {
    if line.len() > MAX_LINE_BYTES {
        return Err(too_long(line.len()));
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
    // The same contract as a profile file: cited, sourced, quoted, one story.
    if let Some(p) = crate::compile::profile::profile_problems(&profile, schemas, &program.facts)
        .into_iter()
        .next()
    {
        let hint = p.hint.map(|h| format!(" ({h})")).unwrap_or_default();
        return Err(format!(
            "not a valid profile: at {}: {}{hint}",
            p.at, p.message
        ));
    }
    match detail {
        Detail::VerdictsOnly => {
            let verdicts = program.verdicts(&profile.facts);
            let (score, coverage) = score::quick(weights, &verdicts);
            let lean = Lean {
                coverage,
                id: &profile.id,
                line: n,
                score,
                verdicts: program
                    .rules
                    .iter()
                    .zip(&verdicts)
                    .map(|(r, (v, _))| (r.id.as_str(), Verdict::as_str(*v)))
                    .collect(),
            };
            serde_json::to_string(&lean).map_err(|e| e.to_string())
        }
        Detail::Full => {
            let outcomes = program.evaluate(&profile.facts);
            let report =
                score::profile_report(program, weights, &profile, &profile.as_of, outcomes);
            // The report with its input line number, every object's keys sorted (the bytes
            // a `serde_json::Value` of it would give), written without building that tree.
            #[derive(serde::Serialize)]
            struct Record<'a> {
                #[serde(flatten)]
                report: &'a crate::report::ProfileReport,
                line: u64,
            }
            // A record is about ten times its input line: one allocation of about that size
            // rather than a string doubled a dozen times.
            let mut out = Vec::with_capacity(line.len().saturating_mul(12).min(1 << 22));
            crate::render::sorted_json::write(
                &mut out,
                &Record {
                    report: &report,
                    line: n,
                },
            )
            .map_err(|e| e.to_string())?;
            String::from_utf8(out).map_err(|e| e.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    /// Every line of `input` as (kept text, length), read through a tiny buffer so that lines
    /// span several reads.
    fn lines_of(input: &[u8]) -> Vec<(String, usize)> {
        let mut reader = BufReader::with_capacity(3, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(line) = read_line(&mut reader, &mut buf, out.len() as u64 + 1).unwrap() {
            let text = String::from_utf8(buf[line.range.clone()].to_vec()).unwrap();
            out.push((text, line.len));
        }
        out
    }

    #[test]
    fn lines_end_at_lf_or_crlf_and_the_last_needs_neither() {
        let got = lines_of(b"ab\r\n\n\r\ncd\nlast");
        let want = [("ab", 2), ("", 0), ("", 0), ("cd", 2), ("last", 4)];
        let want: Vec<(String, usize)> = want.iter().map(|(s, n)| (s.to_string(), *n)).collect();
        assert_eq!(got, want);
        assert!(lines_of(b"").is_empty());
        assert_eq!(lines_of(b"\n"), vec![(String::new(), 0)]);
    }

    #[test]
    fn a_line_over_the_limit_is_measured_not_kept() {
        let mut input = vec![b'x'; MAX_LINE_BYTES];
        input.extend_from_slice(b"\r\n");
        input.extend(std::iter::repeat_n(b'y', MAX_LINE_BYTES + 5));
        input.extend_from_slice(b"\r\nok");
        let got = lines_of(&input);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].1, MAX_LINE_BYTES, "at the limit: kept, \\r dropped");
        assert_eq!(got[0].0.len(), MAX_LINE_BYTES);
        assert_eq!(
            got[1],
            (String::new(), MAX_LINE_BYTES + 5),
            "over: length only"
        );
        assert_eq!(got[2], ("ok".to_string(), 2));
    }
}
