//! The fact index: every fact pointer the rules read from the facts document, as a prefix
//! tree, so that one evaluation looks each object key up once however many leaves share it.
//!
//! Pointers inside a quantifier's `where` read array elements, not the document, and are not
//! indexed. Each indexed pointer carries its slot; during one evaluation
//! [`crate::eval::scope::Resolved`] looks a slot up the first time a leaf reads it, through
//! its parent's slot, and remembers it.

use super::Rule;
use super::expr::Expr;
use crate::vocab::pointer::{FactPointer, Token};
use std::collections::BTreeMap;

/// The distinct pointer prefixes the rules read, each a step from its parent.
#[derive(Debug, Clone, Default)]
pub struct FactIndex {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone)]
struct Node {
    /// `None` for a child of the document itself; parents always come first.
    parent: Option<u32>,
    token: Token,
}

impl FactIndex {
    /// Index every document-level pointer of `rules`, writing each one's slot into it.
    pub fn build(rules: &mut [Rule]) -> FactIndex {
        let mut builder = Builder::default();
        for rule in rules {
            let parts = rule
                .applies_if
                .iter_mut()
                .chain(std::iter::once(&mut rule.check))
                .chain(rule.partial.iter_mut().map(|p| &mut p.when));
            for expr in parts {
                builder.visit(expr);
            }
        }
        FactIndex {
            nodes: builder.nodes,
        }
    }

    /// How many prefixes are indexed.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether no prefix is indexed.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The parent slot (`None`: the document) and the step from it, of slot `slot`.
    pub fn node(&self, slot: u32) -> Option<(Option<u32>, &Token)> {
        let node = self.nodes.get(usize::try_from(slot).ok()?)?;
        Some((node.parent, &node.token))
    }
}

/// Deepest pointer that is indexed; deeper ones (which no shipped fact type has) are walked
/// token by token, so resolving a slot never recurses further than this.
pub const MAX_INDEXED_DEPTH: usize = 16;

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    /// (parent slot, token) → slot.
    seen: BTreeMap<(Option<u32>, Token), u32>,
}

impl Builder {
    fn visit(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Leaf(leaf) => self.slot(&mut leaf.fact),
            Expr::All(items) | Expr::Any(items) | Expr::AtLeast(_, items) => {
                items.iter_mut().for_each(|e| self.visit(e));
            }
            Expr::Not(inner) => self.visit(inner),
            // The array is read from the document; its `where` reads elements.
            Expr::Quant(q) => self.slot(&mut q.over),
        }
    }

    fn slot(&mut self, pointer: &mut FactPointer) {
        let depth = pointer.tokens().len();
        if !pointer.is_valid() || depth == 0 || depth > MAX_INDEXED_DEPTH {
            return;
        }
        let mut parent: Option<u32> = None;
        for token in pointer.tokens() {
            let key = (parent, token.clone());
            let next = match self.seen.get(&key) {
                Some(slot) => *slot,
                None => {
                    // Past u32::MAX prefixes the pointer is simply looked up unindexed.
                    let Ok(slot) = u32::try_from(self.nodes.len()) else {
                        return;
                    };
                    self.nodes.push(Node {
                        parent,
                        token: token.clone(),
                    });
                    self.seen.insert(key, slot);
                    slot
                }
            };
            parent = Some(next);
        }
        if let Some(slot) = parent {
            pointer.set_slot(slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::rule;
    use crate::eval::scope::{Resolved, Scope};
    use crate::{Engine, Origin};

    fn pointers(expr: &Expr, in_where: bool, out: &mut Vec<(FactPointer, bool)>) {
        match expr {
            Expr::Leaf(leaf) => out.push((leaf.fact.clone(), in_where)),
            Expr::All(items) | Expr::Any(items) | Expr::AtLeast(_, items) => {
                items.iter().for_each(|e| pointers(e, in_where, out));
            }
            Expr::Not(inner) => pointers(inner, in_where, out),
            Expr::Quant(q) => {
                out.push((q.over.clone(), in_where));
                if let Some(c) = &q.condition {
                    pointers(c, true, out);
                }
            }
        }
    }

    #[test]
    fn document_pointers_are_indexed_once_per_prefix_and_elements_are_not() {
        let engine = Engine::load(Origin::Embedded).unwrap();
        let program = &engine.program();
        let mut all = Vec::new();
        for r in &program.rules {
            for e in r.applies_if.iter().chain([&r.check]) {
                pointers(e, false, &mut all);
            }
            for p in &r.partial {
                pointers(&p.when, false, &mut all);
            }
        }
        let mut slots = BTreeMap::new();
        for (p, in_where) in &all {
            assert_eq!(p.slot().is_some(), !in_where, "{p}");
            if let Some(s) = p.slot() {
                // One slot per pointer text, and one text per slot.
                assert_eq!(*slots.entry(p.as_str().to_string()).or_insert(s), s, "{p}");
            }
        }
        let distinct: std::collections::BTreeSet<u32> = slots.values().copied().collect();
        assert_eq!(distinct.len(), slots.len());
        // Shared prefixes are stored once: fewer nodes than tokens over distinct pointers.
        let tokens: usize = slots.keys().map(|p| p.matches('/').count()).sum();
        assert!(
            program.index.len() < tokens,
            "{} < {tokens}",
            program.index.len()
        );
    }

    #[test]
    fn indexed_reads_give_the_same_verdicts_as_plain_reads() {
        let engine = Engine::load(Origin::Embedded).unwrap();
        let profiles = engine.load_profiles(Origin::Embedded).unwrap();
        let program = &engine.program();
        let subjects = profiles.iter().map(|p| &p.facts).chain(
            program
                .rules
                .iter()
                .flat_map(|r| r.examples.iter().map(|e| &e.facts)),
        );
        for facts in subjects {
            let resolved = Resolved::new(&program.index, facts);
            for r in &program.rules {
                assert_eq!(
                    rule::verdict_in(r, Scope::facts(&resolved)),
                    rule::verdict(r, facts),
                    "{} on {facts}",
                    r.id
                );
            }
        }
    }
}
