//! Renderers: turn a [`crate::report::Report`] into text, JSON, Markdown, HTML or CSV.
//! Renderers only read the report; they never evaluate.
