//! rulecard: a policy-compliance rules engine.
//!
//! Declarative JSON rules are compiled once into a [`compile::Program`], evaluated in
//! three-valued logic against sourced profiles, scored, and rendered from one
//! [`report::Report`]. The pipeline, one module per stage:
//!
//! [`load`] → [`validate`] → [`compile`] → [`eval`] → [`score`] → [`render`]
//!
//! Modules point one way along it (`tests/it/architecture.rs` checks): the shared vocabulary —
//! verdicts, truth, traces, fact pointers, dates, operators, "did you mean" — is the leaf
//! [`vocab`]; the input model ([`model`]) and the result model ([`report`]) sit beside the
//! stages that make and read them.
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

#![warn(missing_docs)]

pub mod agenda;
pub mod authoring;
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
pub mod timeline;
pub mod validate;
pub mod vocab;
pub mod waiver;

pub use compile::{Problem, Program};
pub use engine::{Engine, Origin};
pub use report::Report;
pub use vocab::trace::Trace;
pub use vocab::truth::Truth;
pub use vocab::verdict::Verdict;
