//! Property tests of the evaluation logic: Kleene laws, monotonicity in unknown facts,
//! agreement of the traced and fast paths, determinism, and counterfactual soundness.

use proptest::prelude::*;
use rulecard::Truth;
use rulecard::Verdict;
use rulecard::compile::expr::{Expr, Leaf, Op, Operand, Quant, Quantifier};
use rulecard::compile::{Partial, Rule};
use rulecard::eval::counterfactual::{MAX_CHANGES, MAX_JUDGEMENTS, MAX_STEPS, Unconstrained};
use rulecard::eval::{evaluate_rule, logic};
use rulecard::load::Location;
use rulecard::model::rulebook::ExplainDef;
use rulecard::report::{Change, Recommendation};
use serde_json::{Value, json};

const KEYS: [&str; 4] = ["a", "b", "c", "d"];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (0i64..4).prop_map(|n| json!(n)),
        prop::sample::select(vec!["x", "y", "z"]).prop_map(|s| json!(s)),
    ]
}

fn facts() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(scalar(), 4),
        prop::option::of(prop::collection::vec(scalar(), 0..4)),
    )
        .prop_map(|(vals, xs)| {
            let mut m = serde_json::Map::new();
            for (k, v) in KEYS.iter().zip(vals) {
                if !v.is_null() {
                    m.insert(k.to_string(), v);
                }
            }
            if let Some(xs) = xs {
                m.insert(
                    "xs".into(),
                    Value::Array(xs.into_iter().map(|v| json!({"v": v})).collect()),
                );
            }
            Value::Object(m)
        })
}

fn leaf_on(fact: String) -> impl Strategy<Value = Expr> {
    let f = fact.clone();
    prop_oneof![
        scalar()
            .prop_filter("non-null", |v| !v.is_null())
            .prop_map(move |v| Expr::Leaf(Leaf {
                fact: f.clone().into(),
                op: Op::Eq,
                value: Some(v.clone()),
                operand: Operand::Value(v)
            })),
        (
            0i64..4,
            prop::sample::select(vec![Op::Lt, Op::Ge, Op::Gt, Op::Le])
        )
            .prop_map({
                let f = fact.clone();
                move |(n, op)| {
                    Expr::Leaf(Leaf {
                        fact: f.clone().into(),
                        op,
                        value: Some(json!(n)),
                        operand: Operand::Number(n as f64),
                    })
                }
            }),
        prop::collection::vec(scalar().prop_filter("non-null", |v| !v.is_null()), 1..3).prop_map({
            let f = fact.clone();
            move |vs| {
                Expr::Leaf(Leaf {
                    fact: f.clone().into(),
                    op: Op::In,
                    value: Some(Value::Array(vs.clone())),
                    operand: Operand::List(vs),
                })
            }
        }),
    ]
}

/// A leaf on any of the scalar facts.
fn any_leaf() -> impl Strategy<Value = Expr> {
    prop::sample::select(KEYS.to_vec()).prop_flat_map(|k| leaf_on(format!("/{k}")))
}

/// A quantifier over `/xs` with a leaf on each element's `/v`; `count` bounds below `max`.
fn quant(max: u64) -> impl Strategy<Value = Expr> {
    (
        prop::sample::select(vec![
            Quantifier::Some,
            Quantifier::Every,
            Quantifier::None,
            Quantifier::Count,
        ]),
        leaf_on("/v".into()),
        0u64..max,
    )
        .prop_map(|(q, cond, n)| {
            Expr::Quant(Box::new(Quant {
                quantifier: q,
                over: "/xs".into(),
                condition: Some(cond),
                bound: (q == Quantifier::Count).then_some((Op::Ge, n)),
            }))
        })
}

fn expr() -> impl Strategy<Value = Expr> {
    prop_oneof![3 => any_leaf(), 1 => quant(3)].prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(Expr::All),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Expr::Any),
            inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
            prop::collection::vec(inner, 1..4).prop_flat_map(|v| {
                let n = v.len();
                (1..=n).prop_map(move |k| Expr::AtLeast(k, v.clone()))
            }),
        ]
    })
}

fn rule(check: Expr, applies_if: Option<Expr>, partial: Option<Expr>) -> Rule {
    Rule {
        id: "r".into(),
        title: "r".into(),
        category: "c".into(),
        weight: 1.0,
        recommendation: Recommendation {
            text: "t".into(),
            section: "s".into(),
        },
        applies_if,
        check,
        partial: partial
            .into_iter()
            .map(|when| Partial {
                when,
                credit: 0.5,
                explain: "p".into(),
            })
            .collect(),
        explain: ExplainDef {
            pass: "p".into(),
            fail: "f".into(),
            not_applicable: None,
            insufficient_data: None,
        },
        sources: vec![],
        research: None,
        definition: rulecard::report::RuleDefinition {
            applies_if: None,
            check: serde_json::Value::Null,
            partial: Vec::new(),
        },
        examples: vec![],
        location: Location::file("test"),
    }
}

/// A value from the generator's pool that satisfies every reported change on one fact.
fn satisfying(changes: &[&Change]) -> Option<Value> {
    let pool: Vec<Value> = vec![
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(2),
        json!(3),
        json!(-1),
        json!(4),
        json!("x"),
        json!("y"),
        json!("z"),
        json!("w"),
    ];
    let num = |v: &Value| v.as_f64();
    let same = |a: &Value, b: &Value| match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    };
    let meets = |c: &Change, v: &Value| {
        let e = c.value.clone().unwrap_or(Value::Null);
        match c.op.as_str() {
            "eq" => same(v, &e),
            "ne" => !same(v, &e),
            "in" => e.as_array().is_some_and(|a| a.iter().any(|x| same(v, x))),
            "not_in" => e.as_array().is_some_and(|a| !a.iter().any(|x| same(v, x))),
            "lt" => num(v).zip(num(&e)).is_some_and(|(a, b)| a < b),
            "le" => num(v).zip(num(&e)).is_some_and(|(a, b)| a <= b),
            "gt" => num(v).zip(num(&e)).is_some_and(|(a, b)| a > b),
            "ge" => num(v).zip(num(&e)).is_some_and(|(a, b)| a >= b),
            _ => false,
        }
    };
    pool.into_iter()
        .find(|v| changes.iter().all(|c| meets(c, v)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn de_morgan_and_double_negation(a in expr(), b in expr(), f in facts()) {
        let t = |e: &Expr| logic::truth(e, &f);
        let not = |e: Expr| Expr::Not(Box::new(e));
        prop_assert_eq!(t(&not(Expr::All(vec![a.clone(), b.clone()]))), t(&Expr::Any(vec![not(a.clone()), not(b.clone())])));
        prop_assert_eq!(t(&not(Expr::Any(vec![a.clone(), b.clone()]))), t(&Expr::All(vec![not(a.clone()), not(b.clone())])));
        prop_assert_eq!(t(&not(not(a.clone()))), t(&a));
    }

    #[test]
    fn traced_and_fast_paths_agree_and_are_deterministic(e in expr(), f in facts()) {
        let traced = logic::eval(&e, &f, "");
        prop_assert_eq!(traced.truth(), logic::truth(&e, &f));
        prop_assert_eq!(&traced, &logic::eval(&e, &f, ""));
    }

    /// Learning an unknown fact can decide an Unknown, but never flips a decided truth:
    /// Unknown never became pass or fail without a decided fact.
    #[test]
    fn unknown_facts_are_monotone(e in expr(), f in facts(), key in prop::sample::select(KEYS.to_vec()), v in scalar().prop_filter("known", |v| !v.is_null())) {
        let mut f = f;
        if let Some(m) = f.as_object_mut() {
            m.remove(key);
        }
        let before = logic::truth(&e, &f);
        let mut learned = f.clone();
        learned[key] = v;
        let after = logic::truth(&e, &learned);
        if before != Truth::Unknown {
            prop_assert_eq!(before, after);
        }
    }

    #[test]
    fn all_unknown_facts_give_insufficient_data(e in expr()) {
        let r = rule(e, None, None);
        let verdict = evaluate_rule(&r, &json!({}), &Unconstrained).verdict;
        // With no facts at all every leaf is unknown; only an empty-array quantifier could decide.
        prop_assert!(verdict == Verdict::InsufficientData || verdict == Verdict::Pass || verdict == Verdict::Fail);
        if verdict != Verdict::InsufficientData {
            prop_assert_ne!(logic::truth(&r.check, &json!({})), Truth::Unknown);
        }
    }

    /// Applying any reported counterfactual to the profile makes the rule pass.
    #[test]
    fn counterfactuals_are_sound(check in expr(), applies in prop::option::of(expr()), partial in prop::option::of(expr()), f in facts()) {
        let r = rule(check, applies, partial);
        let out = evaluate_rule(&r, &f, &Unconstrained);
        // A way to pass, with what it assumes of applicability, passes; a way not to apply
        // makes the rule not apply.
        let ways = out
            .counterfactuals
            .iter()
            .map(|w| (w.changes.iter().chain(&w.assuming).collect::<Vec<&Change>>(), Verdict::Pass))
            .chain(out.not_applicable_if.iter().map(|c| (c.iter().collect(), Verdict::NotApplicable)));
        for (cf, want) in ways {
            prop_assert!(!cf.is_empty());
            let mut facts: Vec<&str> = cf.iter().map(|c| c.fact.as_str()).collect();
            facts.sort_unstable();
            facts.dedup();
            prop_assert!(facts.len() <= MAX_CHANGES, "{} facts changed: {:?}", facts.len(), cf);
            let mut changed = f.clone();
            let mut ok = true;
            for c in &cf {
                let same: Vec<&Change> = cf.iter().copied().filter(|x| x.fact == c.fact).collect();
                match satisfying(&same) {
                    Some(v) => { rulecard::eval::pointer::set(&mut changed, &c.fact, v); }
                    None => ok = false,
                }
            }
            if ok {
                prop_assert_eq!(evaluate_rule(&r, &changed, &Unconstrained).verdict, want, "counterfactual {:?} on {}", cf, f);
            }
        }
        if out.verdict == Verdict::Pass || out.verdict == Verdict::NotApplicable {
            prop_assert!(out.counterfactuals.is_empty());
        }
    }
}

/// Wide conditions: `at_least k of n`, `all`/`any` of many, quantifiers over long lists, and
/// one level of nesting of those, so the search meets the shapes that made it exponential.
fn wide_expr() -> impl Strategy<Value = Expr> {
    let wide = prop::collection::vec(any_leaf(), 1..60).prop_flat_map(|leaves| {
        let n = leaves.len();
        prop_oneof![
            (1..=n).prop_map({
                let l = leaves.clone();
                move |k| Expr::AtLeast(k, l.clone())
            }),
            Just(Expr::All(leaves.clone())),
            Just(Expr::Any(leaves.clone())),
        ]
    });
    let base = prop_oneof![wide, quant(40)];
    prop::collection::vec(base, 1..8).prop_flat_map(|parts| {
        let n = parts.len();
        prop_oneof![
            Just(Expr::All(parts.clone())),
            Just(Expr::Any(parts.clone())),
            (1..=n).prop_map(move |k| Expr::AtLeast(k, parts.clone())),
        ]
    })
}

/// Facts with a long list (up to 300 elements) for the quantifiers.
fn long_facts() -> impl Strategy<Value = Value> {
    (facts(), prop::collection::vec(scalar(), 0..300)).prop_map(|(mut f, xs)| {
        f["xs"] = Value::Array(xs.into_iter().map(|v| json!({"v": v})).collect());
        f
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// However wide the conditions and long the lists (within the documented limits), one
    /// verdict's counterfactual search re-judges at most MAX_JUDGEMENTS candidates and takes
    /// at most MAX_STEPS steps, counted, not timed.
    #[test]
    fn the_counterfactual_search_is_bounded(check in wide_expr(), applies in prop::option::of(wide_expr()), f in long_facts()) {
        let r = rule(check, applies, None);
        let out = evaluate_rule(&r, &f, &Unconstrained);
        prop_assert!(out.search.judgements <= MAX_JUDGEMENTS, "{} re-judgements", out.search.judgements);
        prop_assert!(out.search.steps <= MAX_STEPS, "{} steps", out.search.steps);
        // A search that spent its whole budget says it stopped.
        if out.search.steps == MAX_STEPS {
            prop_assert!(out.search.stopped);
        }
    }
}

/// A set a fact must fall in says everything a "none of" on the same fact would: the
/// counterfactual names the set once, not both ("kind one of [law, regulation]", not also
/// "kind none of [mou]").
#[test]
fn a_counterfactual_does_not_repeat_what_a_set_implies() {
    let list = |xs: &[&str]| {
        let vs: Vec<Value> = xs.iter().map(|x| json!(x)).collect();
        (Some(Value::Array(vs.clone())), Operand::List(vs))
    };
    let (binding, binding_op) = list(&["law", "regulation"]);
    let (political, political_op) = list(&["mou", "declaration"]);
    let check = Expr::All(vec![
        Expr::Leaf(Leaf {
            fact: "/kind".into(),
            op: Op::In,
            value: binding,
            operand: binding_op,
        }),
        Expr::Leaf(Leaf {
            fact: "/kind".into(),
            op: Op::NotIn,
            value: political,
            operand: political_op,
        }),
    ]);
    let out = evaluate_rule(
        &rule(check, None, None),
        &json!({"kind": "mou"}),
        &Unconstrained,
    );
    assert_eq!(out.verdict, Verdict::Fail);
    let way = &out.counterfactuals[0];
    assert_eq!(way.changes.len(), 1, "{:?}", way.changes);
    assert_eq!(way.changes[0].op, "in");
}
