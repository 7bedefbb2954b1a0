//! Renderers: turn a [`crate::report::Report`] into text, JSON, Markdown, HTML or CSV.
//!
//! Renderers only read the report; they never evaluate. The only I/O is reading an
//! override template directory for HTML. Output is deterministic: no timestamps, and
//! everything is walked in report order (or `BTreeMap` order).

pub mod agenda;
pub mod ci;
mod cite;
pub mod csv;
pub mod diff;
pub mod facts;
pub mod html;
pub mod json;
pub mod markdown;
mod matrix;
pub mod phrase;
/// Text made safe for a terminal (standard error included): control characters, escape
/// sequences and bidirectional overrides from the data are shown as `�`, never obeyed.
pub fn for_terminal(s: &str) -> String {
    text::clean(s)
}

#[cfg(test)]
mod sample;
pub mod sensitivity;
pub mod site;
pub mod sorted_json;
mod svg;
pub mod text;

pub use html::HtmlRenderer;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// An output format a report can be rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Terminal tables and prose.
    Text,
    /// The report model itself, pretty-printed.
    Json,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// One row per (profile, rule).
    Csv,
}

impl Format {
    /// Every format, in the order they are listed to users.
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Json,
        Format::Markdown,
        Format::Html,
        Format::Csv,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }

    /// The usual file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected one of: text, json, markdown, html, csv)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Accepts the names of [`Format::as_str`] and `md` for Markdown, case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            "csv" => Ok(Format::Csv),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

/// How terminal text is styled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// Emit ANSI colour codes. When false, the output contains no escape sequences at all.
    pub color: bool,
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed to parse or render. The message carries minijinja's own, which
    /// names the line.
    #[error("template {template}: {error}")]
    Template {
        /// The template file (a path, or the built-in template's name).
        template: String,
        /// minijinja's error.
        error: minijinja::Error,
    },
    /// An override template (or its directory) could not be read.
    #[error("cannot read template {}: {error}", path.display())]
    Io {
        /// The template directory or file that could not be read.
        path: PathBuf,
        /// The underlying I/O error.
        error: std::io::Error,
    },
    /// An override template is not a file the renderer will read (not a regular file, too
    /// large, not UTF-8).
    #[error("template: {message}")]
    Unreadable {
        /// The template file's path.
        origin: String,
        /// What is wrong with it.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.as_str());
        }
        assert_eq!("MD".parse::<Format>(), Ok(Format::Markdown));
        let err = "pdf".parse::<Format>().unwrap_err();
        assert!(err.to_string().contains("`pdf`"));
    }

    #[test]
    fn every_format_renders_degenerate_reports() {
        let full = sample::report();
        let mut one = full.clone();
        one.profiles.truncate(1);
        let mut none = full.clone();
        none.profiles.clear();
        let mut bare = none.clone();
        bare.rulebook.rules.clear();
        bare.rulebook.categories.clear();
        let html = HtmlRenderer::new(None).unwrap();
        for r in [&full, &one, &none, &bare] {
            let style = Style::default();
            let text = text::scorecard(r, &style);
            assert!(text.lines().all(|l| l.chars().count() <= text::WIDTH));
            assert!(json::report(r).ends_with('\n'));
            assert!(markdown::scorecard(r).starts_with("# "));
            assert_eq!(
                csv::scorecard(r).lines().count(),
                1 + r.profiles.len() * r.rulebook.rules.len()
            );
            assert!(html.render(r).unwrap().contains("</html>"));
        }
        let html = html.render(&one).unwrap();
        assert!(html.contains("for 1 country:"));
    }
}
