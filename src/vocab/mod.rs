//! The shared vocabulary of the pipeline: verdicts, three-valued truth, traces, fact
//! pointers, civil dates, counterfactual changes and "did you mean". A leaf module: it
//! depends on no other module of the crate, and every stage may use it.

pub mod change;
pub mod dates;
pub mod op;
pub mod pointer;
pub mod suggest;
pub mod trace;
pub mod truth;
pub mod verdict;
