//! JSON output: the report model itself, pretty-printed (the `report.schema.json` contract).

use crate::report::Report;

/// The report as pretty-printed JSON with a trailing newline.
pub fn report(report: &Report) -> String {
    pretty(report)
}

/// Any of the crate's output models as pretty-printed JSON with a trailing newline: the one
/// way every JSON output is written.
pub fn pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // The output models have only string map keys and plain values (non-finite floats
    // become null), so serialising them cannot fail.
    let mut out = serde_json::to_string_pretty(value).expect("an output model always serialises");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn round_trips_with_a_trailing_newline() {
        let r = sample::report();
        let out = report(&r);
        assert!(out.ends_with("}\n"));
        let back: Report = serde_json::from_str(&out).unwrap();
        assert_eq!(back, r);
        assert!(out.contains("\"verdict\": \"insufficient-data\""));
    }
}
