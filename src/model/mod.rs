//! The typed model of input files: rulebooks and profiles, as written (before compilation).

pub mod profile;
pub mod rulebook;
pub mod shared;

pub use profile::Profile;
pub use rulebook::{Header, RuleDef, RulebookFile};
