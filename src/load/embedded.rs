//! The shipped rulebook and fixtures, compiled into the binary as the defaults.

use super::{Document, LoadError};
use include_dir::{Dir, include_dir};

/// The `rules/` folder as shipped.
pub static EMBEDDED_RULES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");
/// The `fixtures/` folder as shipped.
pub static EMBEDDED_FIXTURES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fixtures");

/// The shipped rulebooks: the top-level `rules/` folder (the default) and each of its
/// subfolders, by the id their `rulebook.json` declares; the default first, then by id.
pub fn shipped_rulebooks() -> Vec<(String, &'static Dir<'static>)> {
    let id = |dir: &'static Dir<'static>| -> Option<String> {
        let file = dir
            .files()
            .find(|f| f.path().file_name().is_some_and(|n| n == "rulebook.json"))?;
        let value: serde_json::Value = serde_json::from_str(file.contents_utf8()?).ok()?;
        value["rulebook"]["id"].as_str().map(str::to_string)
    };
    let mut out: Vec<(String, &'static Dir<'static>)> = Vec::new();
    if let Some(default) = id(&EMBEDDED_RULES) {
        out.push((default, &EMBEDDED_RULES));
    }
    let mut others: Vec<(String, &'static Dir<'static>)> = EMBEDDED_RULES
        .dirs()
        .filter_map(|d| id(d).map(|i| (i, d)))
        .collect();
    others.sort_by(|a, b| a.0.cmp(&b.0));
    out.extend(others);
    out
}

/// The documents of the shipped rulebook `id`, with the folder they come from.
pub fn shipped_rulebook(id: &str) -> Result<Vec<Document>, LoadError> {
    let shipped = shipped_rulebooks();
    match shipped.iter().find(|(i, _)| i == id) {
        // Paths inside the embedded folder already name the subfolder.
        Some((_, dir)) => documents(dir, "rules"),
        None => Err(LoadError::UnknownRulebook {
            id: id.to_string(),
            known: shipped.into_iter().map(|(i, _)| i).collect(),
        }),
    }
}

/// The shipped fixtures: the top-level ones and those of each folder in `sets`, sorted by
/// name within each; a set that does not exist adds nothing.
pub fn shipped_fixtures(sets: &[String]) -> Result<Vec<Document>, LoadError> {
    let mut docs = documents(&EMBEDDED_FIXTURES, "fixtures")?;
    for set in sets {
        if let Some(dir) = EMBEDDED_FIXTURES.get_dir(set.as_str()) {
            docs.extend(documents(dir, "fixtures")?);
        }
    }
    Ok(docs)
}

/// Parse every `*.json` file of an embedded folder, sorted by name; `prefix` names the folder.
pub fn documents(dir: &Dir<'static>, prefix: &str) -> Result<Vec<Document>, LoadError> {
    let mut files: Vec<_> = dir
        .files()
        .filter(|f| f.path().extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort_by_key(|f| f.path());
    files
        .into_iter()
        .map(|f| {
            let name = format!("{prefix}/{}", f.path().display());
            let text = f.contents_utf8().ok_or_else(|| LoadError::NotUtf8 {
                path: name.clone(),
                offset: 0,
            })?;
            Document::parse(name, text)
        })
        .collect()
}
