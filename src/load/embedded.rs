//! The shipped rulebook and fixtures, compiled into the binary as the defaults.

use super::{Document, LoadError};
use include_dir::{Dir, include_dir};

/// The `rules/` folder as shipped.
pub static EMBEDDED_RULES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");
/// The `fixtures/` folder as shipped.
pub static EMBEDDED_FIXTURES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fixtures");

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
