//! Where a condition is evaluated: the facts document, whose indexed facts are looked up once
//! and remembered, or one array element inside a quantifier.

use super::pointer::FactPointer;
use crate::compile::index::FactIndex;
use serde_json::Value;
use std::cell::Cell;

/// The facts document of one evaluation and the indexed facts read from it so far.
pub struct Resolved<'v> {
    index: &'v FactIndex,
    facts: &'v Value,
    /// By slot: `None` until first read, then the value found (or `Some(None)`: missing).
    cells: Vec<Cell<Option<Option<&'v Value>>>>,
}

impl<'v> Resolved<'v> {
    /// Nothing read yet: one empty cell per slot of `index`, for the facts document `facts`.
    pub fn new(index: &'v FactIndex, facts: &'v Value) -> Resolved<'v> {
        Resolved {
            index,
            facts,
            cells: vec![Cell::new(None); index.len()],
        }
    }

    /// The value at slot `slot` (inner `None`: missing), looked up through its parent the
    /// first time; outer `None` if the index has no such slot. The depth of the recursion is
    /// that of the pointer, at most `MAX_INDEXED_DEPTH`.
    fn get(&self, slot: u32) -> Option<Option<&'v Value>> {
        let cell = self.cells.get(usize::try_from(slot).ok()?)?;
        if let Some(known) = cell.get() {
            return Some(known);
        }
        let (parent, token) = self.index.node(slot)?;
        let here = match parent {
            None => Some(self.facts),
            Some(p) => self.get(p)?,
        };
        let found = here.and_then(|v| token.step(v));
        cell.set(Some(found));
        Some(found)
    }
}

/// A value facts are read from.
#[derive(Clone, Copy)]
pub struct Scope<'a, 'v> {
    value: &'v Value,
    /// Present when `value` is the facts document of `resolved`.
    resolved: Option<&'a Resolved<'v>>,
}

impl<'a, 'v> Scope<'a, 'v> {
    /// The facts document of `resolved`: indexed pointers are read from their slots.
    pub fn facts(resolved: &'a Resolved<'v>) -> Scope<'a, 'v> {
        Scope {
            value: resolved.facts,
            resolved: Some(resolved),
        }
    }

    /// A value read pointer by pointer (an array element, or facts without an index).
    pub fn plain(value: &'v Value) -> Scope<'a, 'v> {
        Scope {
            value,
            resolved: None,
        }
    }

    /// The value at `pointer`: from its slot when it has one in this scope's index, else by
    /// walking its tokens.
    pub fn get(&self, pointer: &FactPointer) -> Option<&'v Value> {
        let indexed = match (self.resolved, pointer.slot()) {
            (Some(r), Some(slot)) => r.get(slot),
            _ => None,
        };
        indexed.unwrap_or_else(|| pointer.get(self.value))
    }
}
