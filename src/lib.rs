//! rulecard: a policy-compliance rules engine.
//!
//! Declarative JSON rules are compiled once into a [`compile::Program`], evaluated in
//! three-valued logic against sourced profiles, scored, and rendered from one [`report::Report`].
//!
//! The pipeline, one module per stage: [`load`] → [`validate`] → [`compile`] → [`eval`] →
//! [`score`] → [`render`].

pub mod eval;
pub mod render;
pub mod report;
