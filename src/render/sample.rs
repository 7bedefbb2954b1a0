//! A small but complete sample report for the renderers' tests.
//!
//! Two profiles, three rules, all five verdicts, every trace node kind, counterfactuals,
//! evidence, and text that needs escaping (`|`, `<`, `&`, a `javascript:` URL).

use crate::report::*;
use crate::vocab::trace::{Trace, TracePart};
use crate::vocab::truth::Truth;
use crate::vocab::verdict::Verdict;
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn leaf(fact: &str, op: &str, expected: Option<Value>, observed: Value, truth: Truth) -> Trace {
    Trace::Leaf {
        fact: fact.into(),
        op: op.to_string().into(),
        expected,
        observed,
        truth,
    }
}

fn part(name: &str, node: Trace) -> TracePart {
    TracePart {
        part: name.into(),
        truth: node.truth(),
        node,
    }
}

fn count(over: &str, elements: Option<usize>, truth: Truth) -> Trace {
    Trace::Quantifier {
        quantifier: "count".into(),
        over: over.into(),
        op: Some("ge".into()),
        value: Some(2),
        elements,
        truth,
        children: vec![],
    }
}

fn quantifier(q: &str, elements: Option<usize>, truth: Truth, children: Vec<Trace>) -> Trace {
    Trace::Quantifier {
        quantifier: q.into(),
        over: "/telecom/operators".into(),
        op: None,
        value: None,
        elements,
        truth,
        children,
    }
}

fn reference(title: &str) -> Reference {
    Reference {
        title: title.into(),
        ..Default::default()
    }
}

fn counts(pass: usize, partial: usize, fail: usize, na: usize, id: usize) -> Counts {
    Counts {
        waived: 0,
        pass,
        partial,
        fail,
        not_applicable: na,
        insufficient_data: id,
    }
}

fn evidence(fact: &str, cited_at: &str, sources: &[&str]) -> Evidence {
    Evidence {
        fact: fact.into(),
        cited_at: cited_at.into(),
        sources: sources.iter().map(|s| s.to_string()).collect(),
        section: None,
        note: None,
        basis: Default::default(),
    }
}

struct Rule {
    id: &'static str,
    title: &'static str,
    category: &'static str,
    weight: f64,
    source: &'static str,
}

const RULES: [Rule; 3] = [
    Rule {
        id: "high-risk-vendors",
        title: "Restrict high-risk vendors",
        category: "network",
        weight: 3.0,
        source: "eu-5g-toolbox:SM03",
    },
    Rule {
        id: "vendor-diversity",
        title: "Multi-vendor strategy | diversity",
        category: "network",
        weight: 2.0,
        source: "eu-5g-toolbox:TM02",
    },
    Rule {
        id: "clean-network",
        title: "Joined the <Clean> Network",
        category: "governance",
        weight: 1.0,
        source: "clean-network",
    },
];

fn verdict(rule: usize, verdict: Verdict, score: Option<f64>, explanation: &str) -> VerdictReport {
    let r = &RULES[rule];
    VerdictReport {
        rule: r.id.into(),
        title: r.title.into(),
        category: r.category.into(),
        weight: r.weight,
        verdict,
        score,
        explanation: explanation.into(),
        trace: vec![],
        missing: vec![],
        counterfactuals: vec![],
        would_not_apply_if: vec![],
        search_stopped: false,
        sources: vec![r.source.into()],
        evidence: vec![],
        evidence_date: None,
        stale: false,
        waiver: None,
    }
}

fn rulebook() -> RulebookInfo {
    let mut categories = BTreeMap::new();
    categories.insert(
        "network".to_string(),
        CategoryInfo {
            title: "Network security".into(),
            description: "Who builds and runs the network.".into(),
        },
    );
    categories.insert(
        "governance".to_string(),
        CategoryInfo {
            title: "Governance & alliances".into(),
            description: "Commitments made abroad.".into(),
        },
    );
    let mut references = BTreeMap::new();
    references.insert(
        "eu-5g-toolbox:SM03".to_string(),
        Reference {
            publisher: Some("NIS Cooperation Group".into()),
            date: Some("2020-01".into()),
            section: Some("SM03".into()),
            url: Some("https://example.org/toolbox".into()),
            ..reference("EU 5G Toolbox: restrictions on high-risk suppliers")
        },
    );
    references.insert(
        "eu-5g-toolbox:TM02".to_string(),
        Reference {
            publisher: Some("NIS Cooperation Group".into()),
            date: Some("2020-01".into()),
            section: Some("TM02".into()),
            url: Some("https://example.org/toolbox".into()),
            ..reference("EU 5G Toolbox: multi-vendor strategy")
        },
    );
    references.insert(
        "clean-network".to_string(),
        Reference {
            publisher: Some("U.S. Department of State".into()),
            date: Some("2020-08".into()),
            url: Some("https://example.org/clean".into()),
            ..reference("The Clean Network")
        },
    );
    RulebookInfo {
        id: "dsr-5g".into(),
        version: "1.2.0".into(),
        title: "Digital sovereignty & 5G security".into(),
        source: Reference {
            author: Some("A. Author".into()),
            date: Some("2023".into()),
            ..reference("Digital sovereignty report")
        },
        lens: None,
        categories,
        rules: RULES
            .iter()
            .map(|r| RuleInfo {
                id: r.id.into(),
                title: r.title.into(),
                category: r.category.into(),
                weight: r.weight,
                recommendation: Recommendation {
                    text: format!("Recommendation for {}.", r.id),
                    section: "4".into(),
                },
                sources: vec![r.source.into()],
                definition: None,
            })
            .collect(),
        references,
        grades: vec![
            Grade {
                min: 0.8,
                label: "A".into(),
                description: None,
            },
            Grade {
                min: 0.5,
                label: "B".into(),
                description: None,
            },
            Grade {
                min: 0.0,
                label: "C".into(),
                description: None,
            },
        ],
        grade_min_coverage: 0.5,
        stale_after_years: Some(3),
    }
}

fn germany() -> ProfileReport {
    use Truth::*;
    let mut hrv = verdict(
        0,
        Verdict::Pass,
        Some(1.0),
        "Germany restricts high-risk vendors by law.",
    );
    hrv.trace = vec![
        part(
            "applies_if",
            leaf(
                "/five_g/deployed",
                "eq",
                Some(json!(true)),
                json!(true),
                True,
            ),
        ),
        part(
            "check",
            Trace::Any {
                truth: True,
                children: vec![
                    leaf(
                        "/five_g/high_risk_vendor_policy",
                        "in",
                        Some(json!(["ban", "restriction"])),
                        json!("restriction"),
                        True,
                    ),
                    Trace::AtLeast {
                        n: 2,
                        truth: Unknown,
                        children: vec![
                            leaf("/five_g/law_in_force", "exists", None, Value::Null, False),
                            leaf(
                                "/five_g/review_date",
                                "before",
                                Some(json!("2022-01-01")),
                                json!("2021-05"),
                                True,
                            ),
                            leaf(
                                "/five_g/screening",
                                "eq",
                                Some(json!(true)),
                                Value::Null,
                                Unknown,
                            ),
                        ],
                    },
                ],
            },
        ),
    ];
    hrv.evidence = vec![Evidence {
        section: Some("4.2".into()),
        note: Some("Read from the 2021 IT Security Act".into()),
        basis: crate::report::Basis::Inferred,
        ..evidence(
            "/five_g/high_risk_vendor_policy",
            "/five_g",
            &["paper", "fn23"],
        )
    }];

    let mut div = verdict(
        1,
        Verdict::Partial,
        Some(0.5),
        "One operator runs a single-vendor radio network.",
    );
    div.trace = vec![
        part(
            "check",
            quantifier(
                "every",
                Some(2),
                False,
                vec![
                    count("/telecom/operators/0/vendors", Some(3), True),
                    count("/telecom/operators/1/vendors", Some(1), False),
                ],
            ),
        ),
        part(
            "partial/1",
            quantifier(
                "some",
                Some(2),
                True,
                vec![
                    count("/telecom/operators/0/vendors", Some(3), True),
                    count("/telecom/operators/1/vendors", Some(1), False),
                ],
            ),
        ),
    ];
    div.counterfactuals = vec![Counterfactual {
        changes: vec![Change {
            fact: "/telecom/operators/1/vendors".into(),
            op: "count_ge".into(),
            value: Some(json!(2)),
            observed: json!(["huawei"]),
        }],
        assuming: vec![],
    }];
    div.evidence = vec![evidence("/telecom/operators", "/telecom", &["fn7"])];

    let mut clean = verdict(
        2,
        Verdict::Fail,
        Some(0.0),
        "Germany did not join the Clean Network.",
    );
    clean.trace = vec![
        part(
            "check",
            Trace::All {
                truth: False,
                children: vec![
                    leaf(
                        "/clean_network/joined",
                        "eq",
                        Some(json!(true)),
                        json!(false),
                        False,
                    ),
                    Trace::Not {
                        truth: True,
                        child: Box::new(leaf(
                            "/clean_network/withdrawn",
                            "eq",
                            Some(json!(true)),
                            json!(false),
                            False,
                        )),
                    },
                ],
            },
        ),
        part(
            "partial/1",
            leaf(
                "/clean_network/observer",
                "eq",
                Some(json!(true)),
                json!(false),
                False,
            ),
        ),
    ];
    // Its search stopped at the budget: every renderer says so.
    clean.search_stopped = true;
    clean.counterfactuals = vec![
        Counterfactual {
            changes: vec![Change {
                fact: "/clean_network/joined".into(),
                op: "eq".into(),
                value: Some(json!(true)),
                observed: json!(false),
            }],
            assuming: vec![],
        },
        Counterfactual {
            changes: vec![
                Change {
                    fact: "/clean_network/observer".into(),
                    op: "eq".into(),
                    value: Some(json!(true)),
                    observed: json!(false),
                },
                Change {
                    fact: "/five_g/high_risk_vendor_policy".into(),
                    op: "in".into(),
                    value: Some(json!(["ban"])),
                    observed: json!("restriction"),
                },
            ],
            assuming: vec![],
        },
    ];
    clean.evidence = vec![evidence(
        "/clean_network/joined",
        "/clean_network/joined",
        &["paper"],
    )];

    let mut categories = BTreeMap::new();
    categories.insert(
        "network".to_string(),
        CategoryScore {
            score: Some(0.8),
            coverage: 1.0,
            weight: 5.0,
            counts: counts(1, 1, 0, 0, 0),
        },
    );
    categories.insert(
        "governance".to_string(),
        CategoryScore {
            score: Some(0.0),
            coverage: 1.0,
            weight: 1.0,
            counts: counts(0, 0, 1, 0, 0),
        },
    );
    let mut sources = BTreeMap::new();
    sources.insert(
        "paper".to_string(),
        Reference {
            author: Some("A. Author".into()),
            publisher: Some("Think Tank".into()),
            date: Some("2023".into()),
            url: Some("https://example.org/paper.pdf".into()),
            ..reference("Digital sovereignty report")
        },
    );
    sources.insert(
        "fn23".to_string(),
        Reference {
            footnote: Some(23),
            publisher: Some("Bundestag".into()),
            date: Some("2021-05".into()),
            url: Some("https://example.org/itsig".into()),
            ..reference("IT-Sicherheitsgesetz 2.0")
        },
    );
    sources.insert(
        "fn7".to_string(),
        Reference {
            footnote: Some(7),
            note: Some("Compiled by the authors".into()),
            ..reference("Operator filings")
        },
    );
    ProfileReport {
        id: "DE".into(),
        name: "Germany".into(),
        as_of: "2024-06-01".into(),
        score: Some(4.0 / 6.0),
        coverage: 1.0,
        grade: Some("B".into()),
        grade_withheld: None,
        outside_evidence: None,
        counts: counts(1, 1, 1, 0, 0),
        categories,
        verdicts: vec![hrv, div, clean],
        sources,
        labels: BTreeMap::new(),
        timeline: None,
    }
}

fn france() -> ProfileReport {
    use Truth::*;
    let mut hrv = verdict(
        0,
        Verdict::NotApplicable,
        None,
        "No 5G network is deployed yet.",
    );
    hrv.trace = vec![
        part(
            "applies_if",
            leaf(
                "/five_g/deployed",
                "eq",
                Some(json!(true)),
                json!(false),
                False,
            ),
        ),
        part(
            "check",
            leaf(
                "/five_g/high_risk_vendor_policy",
                "in",
                Some(json!(["ban", "restriction"])),
                Value::Null,
                Unknown,
            ),
        ),
    ];

    let mut div = verdict(
        1,
        Verdict::InsufficientData,
        None,
        "The operators' vendors are not known.",
    );
    div.trace = vec![
        part("check", quantifier("every", None, Unknown, vec![])),
        part("partial/1", quantifier("some", None, Unknown, vec![])),
    ];
    div.missing = vec!["/telecom/operators".into()];

    let mut clean = verdict(
        2,
        Verdict::Pass,
        Some(1.0),
        "France joined the Clean Network & stayed.",
    );
    clean.trace = vec![part(
        "check",
        Trace::All {
            truth: True,
            children: vec![
                leaf(
                    "/clean_network/joined",
                    "eq",
                    Some(json!(true)),
                    json!(true),
                    True,
                ),
                Trace::Not {
                    truth: True,
                    child: Box::new(leaf(
                        "/clean_network/withdrawn",
                        "eq",
                        Some(json!(true)),
                        json!(false),
                        False,
                    )),
                },
            ],
        },
    )];
    clean.evidence = vec![Evidence {
        section: Some("5.1".into()),
        note: Some("Announced in a <b>press</b> release".into()),
        ..evidence("/clean_network/joined", "/clean_network/joined", &["fn12"])
    }];

    let mut categories = BTreeMap::new();
    categories.insert(
        "network".to_string(),
        CategoryScore {
            score: None,
            coverage: 0.0,
            weight: 2.0,
            counts: counts(0, 0, 0, 1, 1),
        },
    );
    categories.insert(
        "governance".to_string(),
        CategoryScore {
            score: Some(1.0),
            coverage: 1.0,
            weight: 1.0,
            counts: counts(1, 0, 0, 0, 0),
        },
    );
    let mut sources = BTreeMap::new();
    sources.insert(
        "fn12".to_string(),
        Reference {
            footnote: Some(12),
            publisher: Some("Élysée".into()),
            date: Some("2020-10-07".into()),
            url: Some("javascript:alert(1)".into()),
            ..reference("Press release")
        },
    );
    ProfileReport {
        id: "FR".into(),
        name: "France | Métropole & <DOM>".into(),
        as_of: "2024-06-01".into(),
        score: Some(1.0),
        coverage: 1.0 / 3.0,
        grade: Some("A".into()),
        grade_withheld: None,
        outside_evidence: None,
        counts: counts(1, 0, 0, 1, 1),
        categories,
        verdicts: vec![hrv, div, clean],
        sources,
        // A label carrying markup, so every renderer shows it escaped.
        labels: BTreeMap::from([(
            "/telecom/operators".to_string(),
            "the operators <b>named</b> | *all*".to_string(),
        )]),
        timeline: None,
    }
}

/// The sample report: Germany (pass, partial, fail) and France (n/a, insufficient, pass).
pub(crate) fn report() -> Report {
    Report {
        rulebook: rulebook(),
        as_of: None,
        only_sources: None,
        profiles: vec![germany(), france()],
    }
}
