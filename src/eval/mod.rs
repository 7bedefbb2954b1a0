//! Evaluation: a compiled [`crate::compile::Program`] applied to a profile, in three-valued logic.
pub mod trace;
pub mod truth;
pub mod verdict;
