//! rulecard: a policy-compliance rules engine.
//!
//! Declarative JSON rules are compiled once into a [`compile::Program`], evaluated in
//! three-valued logic against sourced profiles, scored, and rendered from one
//! [`report::Report`]. The pipeline, one module per stage:
//!
//! [`load`] → [`validate`] → [`compile`] → [`eval`] → [`score`] → [`render`]
//!
//! [`Engine`] wraps the stages for embedding:
//!
//! ```
//! use rulecard::{Engine, Origin};
//! let engine = Engine::load(Origin::Embedded).expect("the shipped rulebook compiles");
//! let profiles = engine.load_profiles(Origin::Embedded).expect("the shipped fixtures load");
//! let report = engine.report(&profiles, None, None).expect("no lens, no date");
//! assert_eq!(report.profiles.len(), profiles.len());
//! ```

pub mod agenda;
pub mod batch;
pub mod compile;
pub mod coverage;
pub mod diff;
pub mod engine;
pub mod eval;
pub mod generate;
pub mod history;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod score;
pub mod sources;
pub mod validate;
pub mod waiver;

pub use compile::{Problem, Program};
pub use engine::{Engine, Origin};
pub use eval::trace::Trace;
pub use eval::truth::Truth;
pub use eval::verdict::Verdict;
pub use report::Report;
