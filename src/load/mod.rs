//! Loading: read rule and profile files (from disk or the embedded defaults) into JSON documents.
//!
//! JSON is parsed strictly (no comments, no trailing commas, no duplicate keys), and each
//! document keeps its text so that later stages can point at a line and column.

mod embedded;
mod json;
pub mod span;

pub use embedded::{
    EMBEDDED_FIXTURES, EMBEDDED_RULES, documents as embedded_documents, shipped_fixtures,
    shipped_rulebook, shipped_rulebooks,
};
pub use json::parse_strict;

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A parsed JSON file with its name and text.
#[derive(Debug, Clone)]
pub struct Document {
    /// How the file is named in diagnostics (a path as given, or `rules/x.json` when embedded).
    pub name: String,
    /// The file's text as read, kept for line and column lookups.
    pub text: String,
    /// The parsed JSON.
    pub value: Value,
    /// Line and column of every pointer.
    positions: span::Index,
}

impl Document {
    /// Parse `text` strictly as the document `name`.
    pub fn parse(name: impl Into<String>, text: impl Into<String>) -> Result<Document, LoadError> {
        let name = name.into();
        let text = text.into();
        let (value, positions) = json::parse_indexed(&name, &text)?;
        Ok(Document {
            name,
            text,
            value,
            positions,
        })
    }

    /// Line and column (1-based) of the value at `pointer`, when it can be found.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        self.positions.position(&self.text, pointer)
    }

    /// The byte offset in `text` where `pointer` (or its deepest existing ancestor) starts.
    pub fn offset(&self, pointer: &str) -> Option<usize> {
        self.positions.offset(pointer)
    }
}

/// Where an input problem is: file, JSON pointer, and line:column when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The document's name, as in [`Document::name`].
    pub file: String,
    /// A JSON pointer into the document; empty for the whole file.
    pub pointer: String,
    /// 1-based line of the value at `pointer`, when found.
    pub line: Option<usize>,
    /// 1-based column of the value at `pointer`, when found.
    pub column: Option<usize>,
    /// The source line the location points into, for a diagnostic to show and underline.
    pub snippet: Option<Box<Snippet>>,
}

/// A source line and the span on it a diagnostic underlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The line as shown: tabs as spaces, and a window of at most [`SNIPPET_WIDTH`]
    /// characters around the span when the line is longer (a minified file).
    pub text: String,
    /// 1-based column of the span's start within `text`, in characters.
    pub column: usize,
    /// The span's width in characters (at least 1): the key or the value pointed at.
    pub width: usize,
}

/// The widest source line a snippet shows, in characters.
pub const SNIPPET_WIDTH: usize = 100;

impl Snippet {
    /// The line of `text` holding byte `offset`, with the JSON token that starts there
    /// (a string, a number, a literal) as the span.
    pub fn at(text: &str, offset: usize) -> Option<Snippet> {
        let offset = offset.min(text.len());
        if !text.is_char_boundary(offset) {
            return None;
        }
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = &text[start..end];
        let before: Vec<char> = text[start..offset].chars().collect();
        let rest = &text[offset..end];
        let token = token_width(rest).max(1);
        let chars: Vec<char> = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let col = before.len();
        // A window around the span when the line is too wide to show.
        let (from, prefix) = if chars.len() > SNIPPET_WIDTH && col > SNIPPET_WIDTH / 3 {
            (col - SNIPPET_WIDTH / 3, "…")
        } else {
            (0, "")
        };
        let to = (from + SNIPPET_WIDTH).min(chars.len());
        let mut shown: String = prefix.to_string();
        shown.extend(&chars[from..to]);
        if to < chars.len() {
            shown.push('…');
        }
        let column = col - from + prefix.chars().count() + 1;
        let width = token.min(to.saturating_sub(col)).max(1);
        Some(Snippet {
            text: shown,
            column,
            width,
        })
    }
}

/// How many characters the JSON token at the start of `rest` spans: a string with its
/// quotes, or a number or literal up to the next delimiter.
fn token_width(rest: &str) -> usize {
    let mut chars = rest.chars();
    match chars.next() {
        Some('"') => {
            let mut n = 1;
            let mut escaped = false;
            for c in chars {
                n += 1;
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return n,
                    _ => escaped = false,
                }
            }
            n
        }
        Some('{') | Some('[') => 1,
        Some(_) => rest
            .chars()
            .take_while(|c| !matches!(c, ',' | '}' | ']' | ':' | ' ' | '\t' | '\r' | '\n'))
            .count(),
        None => 0,
    }
}

impl Location {
    /// The location of `pointer` inside `doc`, with line, column and snippet looked up.
    pub fn at(doc: &Document, pointer: &str) -> Location {
        let (line, column) = doc.position(pointer).unzip();
        let snippet = doc
            .offset(pointer)
            .and_then(|offset| Snippet::at(&doc.text, offset))
            .map(Box::new);
        Location {
            file: doc.name.clone(),
            pointer: pointer.to_string(),
            line,
            column,
            snippet,
        }
    }

    /// A whole file, no pointer.
    pub fn file(name: &str) -> Location {
        Location {
            file: name.to_string(),
            pointer: String::new(),
            line: None,
            column: None,
            snippet: None,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, ":{l}:{c}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " at {}", self.pointer)?;
        }
        Ok(())
    }
}

/// Why a file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No rulebook of that id ships with the binary.
    #[error("no shipped rulebook \"{id}\"; the shipped rulebooks are: {}", known.join(", "))]
    UnknownRulebook {
        /// The id asked for.
        id: String,
        /// The ids that ship.
        known: Vec<String>,
    },
    /// An I/O error other than the file being missing.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Nothing exists at the path.
    #[error("{path}: not found; check the path (it is read relative to the current directory)")]
    NotFound {
        /// The path as given.
        path: String,
    },
    /// A directory where a JSON file was expected.
    #[error(
        "{path}: is a directory, but a JSON file was expected; rename it or move it out of the folder"
    )]
    IsDirectory {
        /// The path as given.
        path: String,
    },
    /// A device, FIFO, socket or other non-regular file, refused before it is read.
    #[error(
        "{path}: is {kind}, not a regular file; only regular files are read (remove it, or point to the file itself)"
    )]
    NotRegularFile {
        /// The path as given.
        path: String,
        /// What kind of file it is, in words (e.g. "a socket").
        kind: &'static str,
    },
    /// A file where a folder of JSON files was expected.
    #[error("{path}: is not a directory; pass a folder of .json files")]
    NotDirectory {
        /// The path as given.
        path: String,
    },
    /// A file over the size limit, refused before it is read.
    #[error("{path}: {size} bytes is over the {limit}-byte limit for one file; split it")]
    TooLarge {
        /// The path as given.
        path: String,
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes (normally [`MAX_FILE_BYTES`]).
        limit: u64,
    },
    /// A file that grew past the size limit while it was being read.
    #[error(
        "{path}: more than {limit} bytes (it grew while being read), over the limit for one file"
    )]
    GrewTooLarge {
        /// The path as given.
        path: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// A folder with no `.json` files.
    #[error("{path}: no .json files in this folder; add one or point to another folder")]
    EmptyDirectory {
        /// The folder's path as given.
        path: String,
    },
    /// A file that is not valid UTF-8.
    #[error("{path}: not valid UTF-8 (byte {offset}); save the file as UTF-8")]
    NotUtf8 {
        /// The path as given.
        path: String,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// Text that is not strict JSON.
    #[error("{location}: invalid JSON: {message}")]
    Syntax {
        /// Where in the file the JSON is invalid.
        location: Location,
        /// The parser's message.
        message: String,
    },
}

impl LoadError {
    /// The location the error points at, when it has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            LoadError::Syntax { location, .. } => Some(location),
            _ => None,
        }
    }
}

/// Read one JSON file from disk.
pub fn read_file(path: &Path) -> Result<Document, LoadError> {
    let shown = path.display().to_string();
    let bytes = read_capped(path, MAX_FILE_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        path: shown.clone(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    Document::parse(shown, text)
}

/// The bytes of the regular file at `path` (a symlink is followed), read through a hard cap
/// of `limit` bytes: a device (`/dev/zero`), a FIFO or a socket is refused before it is read,
/// and a file that grows past the cap while it is read is refused too, never held whole.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| io_error(&shown, e))?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory { path: shown });
    }
    if !meta.is_file() {
        return Err(LoadError::NotRegularFile {
            path: shown,
            kind: file_kind(&meta),
        });
    }
    if meta.len() > limit {
        return Err(LoadError::TooLarge {
            path: shown,
            size: meta.len(),
            limit,
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Never block on open: a path swapped for a FIFO after the check above fails below.
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, 0o4000);
    let file = options.open(path).map_err(|e| io_error(&shown, e))?;
    let meta = file.metadata().map_err(|e| io_error(&shown, e))?;
    if !meta.is_file() {
        return Err(LoadError::NotRegularFile {
            path: shown,
            kind: file_kind(&meta),
        });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&shown, e))?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::GrewTooLarge { path: shown, limit });
    }
    Ok(bytes)
}

/// What kind of file a non-regular file is, in words.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Read every `*.json` file of a folder, sorted by file name.
pub fn read_dir(dir: &Path) -> Result<Vec<Document>, LoadError> {
    let shown = dir.display().to_string();
    let meta = std::fs::metadata(dir).map_err(|e| io_error(&shown, e))?;
    if !meta.is_dir() {
        return Err(LoadError::NotDirectory { path: shown });
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io_error(&shown, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(LoadError::EmptyDirectory { path: shown });
    }
    paths.iter().map(|p| read_file(p)).collect()
}

/// Read either one file or every JSON file of a folder.
pub fn read_path(path: &Path) -> Result<Vec<Document>, LoadError> {
    if path.is_dir() {
        read_dir(path)
    } else {
        read_file(path).map(|d| vec![d])
    }
}

fn io_error(path: &str, e: std::io::Error) -> LoadError {
    if e.kind() == std::io::ErrorKind::NotFound {
        LoadError::NotFound {
            path: path.to_string(),
        }
    } else {
        LoadError::Io {
            path: path.to_string(),
            source: e,
        }
    }
}
