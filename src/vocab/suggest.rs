//! "Did you mean": the one fuzzy-suggestion helper, so every message suggests alike.

/// The closest candidate to `word`, if any is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `did you mean "x"?` for the candidate closest to `word`, if one is close enough.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(word, candidates).map(|n| format!("did you mean \"{n}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_likely_typo() {
        assert_eq!(
            nearest("comitment", ["commitment", "committed"]),
            Some("commitment")
        );
        assert_eq!(nearest("xyz", ["commitment"]), None);
        assert_eq!(
            did_you_mean("camera-registry", ["camera-register", "multi-vendor"]).as_deref(),
            Some("did you mean \"camera-register\"?")
        );
    }
}
