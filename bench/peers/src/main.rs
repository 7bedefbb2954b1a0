//! rulecard beside its peers: regorus (Rego), Cedar and json-rules-engine (Node).
//!
//! First every engine must give rulecard's answer, per (profile, rule), to "does this rule
//! pass?" on the six shipped fixtures, the rules' own examples and the generated profiles of
//! `--profiles FILE` (NDJSON from `rulecard gen`). Any disagreement aborts the run. Then each
//! engine's latency per evaluation (one profile against every rule it expresses) is timed on
//! the same profiles, two ways: in process (the input already in the engine's own value type)
//! and from text (the engine parses the facts' JSON text, then evaluates). A ratio table is
//! printed: rulecard on the same rules = 1.0, timed in the same process, in the same rounds.
//!
//! Two builds, because cedar-policy-core turns on serde_json's `preserve_order` for the whole
//! build, which changes the map type rulecard looks facts up in:
//! - without the `cedar` feature (the default): rulecard as it ships (serde_json with the
//!   features rulecard's own build has), beside regorus (interpreter and `rvm` VM) and
//!   json-rules-engine;
//! - with `--features cedar`: Cedar, beside rulecard built with `preserve_order`.
//!
//! Run through `bash bench/peers/run.sh`, which builds both, generates the profiles and
//! installs the Node side. Options: `--profiles FILE` (required), `--seconds X` per timing
//! (2; each engine runs that long per round), `--repeat R` (5 rounds; medians count), `--no-node`
//! to leave json-rules-engine out.

#[cfg(feature = "cedar")]
use cedar_policy::{Authorizer, Context, Entities, EntityUid, PolicyId, PolicySet, Request};
#[cfg(not(feature = "cedar"))]
use regorus::{languages::rego::compiler::Compiler, rvm::vm::RegoVM};
use rulecard::{Engine, Origin, Program, Verdict};
use serde_json::Value;
#[cfg(not(feature = "cedar"))]
use serde_json::json;
use std::collections::BTreeSet;
use std::hint::black_box;
#[cfg(not(feature = "cedar"))]
use std::path::Path;
use std::path::PathBuf;
#[cfg(not(feature = "cedar"))]
use std::process::Command;
use std::process::ExitCode;
#[cfg(feature = "cedar")]
use std::str::FromStr;
use std::time::{Duration, Instant};

#[cfg(not(feature = "cedar"))]
const REGO: &str = include_str!("../dsr.rego");
#[cfg(not(feature = "cedar"))]
const REGO_RULE: &str = "data.dsr.pass";
#[cfg(not(feature = "cedar"))]
const JRE_RULES: &str = include_str!("../dsr.rules.json");
#[cfg(feature = "cedar")]
const CEDAR: &str = include_str!("../dsr.cedar");

/// A profile's facts, named for messages, with the rules rulecard passes on it.
struct Case {
    name: String,
    facts: Value,
    pass: BTreeSet<String>,
}

struct Options {
    profiles: Option<PathBuf>,
    seconds: f64,
    repeat: usize,
    #[cfg_attr(feature = "cedar", allow(dead_code))]
    node: bool,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        profiles: None,
        seconds: 2.0,
        repeat: 5,
        node: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--profiles" => o.profiles = Some(value("--profiles")?.into()),
            "--seconds" => {
                o.seconds = value("--seconds")?
                    .parse()
                    .map_err(|e| format!("--seconds: {e}"))?
            }
            "--repeat" => {
                o.repeat = value("--repeat")?
                    .parse()
                    .map_err(|e| format!("--repeat: {e}"))?
            }
            "--no-node" => o.node = false,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    o.repeat = o.repeat.max(1);
    Ok(o)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What both builds share: rulecard's program, the profiles and rulecard's answers.
struct Setup {
    program: Program,
    rule_ids: Vec<String>,
    /// Fixtures, then generated profiles: checked and timed.
    timed: Vec<Case>,
    /// The rules' embedded examples: checked only.
    examples: Vec<Case>,
    /// `timed`'s facts as compact JSON text, the input of the from-text timings.
    texts: Vec<String>,
    budget: Duration,
}

impl Setup {
    fn checked(&self) -> Vec<&Case> {
        self.timed.iter().chain(&self.examples).collect()
    }

    /// rulecard's program restricted to the rules `ids` (a peer that expresses fewer).
    fn subset(&self, ids: &[String]) -> Program {
        let mut p = self.program.clone();
        p.rules.retain(|r| ids.contains(&r.id));
        p
    }
}

fn run() -> Result<(), String> {
    let opt = options()?;
    let profiles_path = opt
        .profiles
        .as_deref()
        .ok_or("--profiles FILE is required (NDJSON from `rulecard gen`)")?;
    let engine = Engine::load(Origin::Embedded).map_err(|p| format!("rulebook: {p:?}"))?;
    let program = engine.program().clone();
    let rule_ids: Vec<String> = program.rules.iter().map(|r| r.id.clone()).collect();
    let passing = |facts: &Value| -> BTreeSet<String> {
        program
            .verdicts(facts)
            .iter()
            .zip(&rule_ids)
            .filter(|((v, _), _)| *v == Verdict::Pass)
            .map(|(_, id)| id.clone())
            .collect()
    };
    let case = |name: String, facts: Value| Case {
        pass: passing(&facts),
        name,
        facts,
    };

    // The same profiles for every engine: the fixtures, then the generated ones.
    let fixtures = engine
        .load_profiles(Origin::Embedded)
        .map_err(|p| format!("fixtures: {p:?}"))?;
    let mut timed: Vec<Case> = fixtures
        .iter()
        .map(|p| case(format!("fixture {}", p.id), p.facts.clone()))
        .collect();
    let text = std::fs::read_to_string(profiles_path)
        .map_err(|e| format!("{}: {e}", profiles_path.display()))?;
    for (n, line) in text.lines().enumerate() {
        let profile: Value = serde_json::from_str(line)
            .map_err(|e| format!("{} line {}: {e}", profiles_path.display(), n + 1))?;
        timed.push(case(
            format!("generated profile on line {}", n + 1),
            profile["facts"].clone(),
        ));
    }
    // The rules' own examples reach verdicts random profiles rarely do: checked, not timed.
    let examples: Vec<Case> = program
        .rules
        .iter()
        .flat_map(|r| r.examples.iter().map(move |e| (r, e)))
        .map(|(r, e)| {
            case(
                format!("example \"{}\" of {}", e.name, r.id),
                e.facts.clone(),
            )
        })
        .collect();
    let texts: Vec<String> = timed.iter().map(|c| c.facts.to_string()).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "profiles: {} fixtures + {} generated, timed and checked; {} rule examples, checked only\n\
         facts as JSON text (the from-text input): {} bytes per profile on average",
        fixtures.len(),
        timed.len() - fixtures.len(),
        examples.len(),
        bytes / timed.len().max(1)
    );
    let setup = Setup {
        program,
        rule_ids,
        timed,
        examples,
        texts,
        budget: Duration::from_secs_f64(opt.seconds),
    };
    peers(&setup, &opt)
}

// --- Build without Cedar: rulecard as shipped, regorus, json-rules-engine ------------------

#[cfg(not(feature = "cedar"))]
fn peers(s: &Setup, opt: &Options) -> Result<(), String> {
    println!(
        "build: without Cedar; serde_json has the features of rulecard's own build (no preserve_order),\n\
         so rulecard is timed as it ships"
    );
    let checked = s.checked();
    println!("\nrulecard passes per rule on the checked profiles:");
    for id in &s.rule_ids {
        let n = checked.iter().filter(|c| c.pass.contains(id)).count();
        println!("  {id:<24} {n:>5} of {}", checked.len());
    }

    // --- Peers: build, then check agreement before any timing ---------------------------
    let mut agreement: Vec<(String, usize, usize, usize)> = Vec::new();
    let rego = Rego::new()?;
    let rego_inputs: Vec<regorus::Value> = checked
        .iter()
        .map(|c| rego_input(&c.facts.to_string()))
        .collect::<Result<_, _>>()?;
    let mut e = rego.engine.clone();
    let (pairs, passes) = agree("regorus eval_rule", &s.rule_ids, &checked, |i| {
        e.set_input(rego_inputs[i].clone());
        rego_pass(&e.eval_rule(REGO_RULE.into()).map_err(|e| e.to_string())?)
    })?;
    agreement.push(("regorus eval_rule".into(), s.rule_ids.len(), pairs, passes));
    let (pairs, passes) = agree("regorus compiled", &s.rule_ids, &checked, |i| {
        rego_pass(
            &rego
                .compiled
                .eval_with_input(rego_inputs[i].clone())
                .map_err(|e| e.to_string())?,
        )
    })?;
    agreement.push(("regorus compiled".into(), s.rule_ids.len(), pairs, passes));
    let mut vm = rego.vm();
    let (pairs, passes) = agree("regorus rvm", &s.rule_ids, &checked, |i| {
        vm.set_input(rego_inputs[i].clone());
        rego_pass(&vm.execute().map_err(|e| e.to_string())?)
    })?;
    agreement.push(("regorus rvm".into(), s.rule_ids.len(), pairs, passes));

    let jre_rules: Vec<String> = serde_json::from_str::<Vec<Value>>(JRE_RULES)
        .map_err(|e| format!("dsr.rules.json: {e}"))?
        .iter()
        .filter_map(|r| r["name"].as_str().map(str::to_string))
        .collect();
    let node = if opt.node {
        let node = Node::new(s, &checked)?;
        let out = node.run(s, "check")?;
        agreement.push(("json-rules-engine".into(), out.rules, out.pairs, out.passes));
        Some(node)
    } else {
        None
    };
    print_agreement(&agreement);

    // --- Timing, round by round: every engine once per round --------------------------
    let facts: Vec<&Value> = s.timed.iter().map(|c| &c.facts).collect();
    let rego_timed: Vec<regorus::Value> = s
        .texts
        .iter()
        .map(|t| rego_input(t))
        .collect::<Result<_, _>>()?;
    let jre_program = s.subset(&jre_rules);
    let b = s.budget;
    let mut t = Timings::start();
    for round in 0..opt.repeat {
        eprintln!("timing round {} of {}", round + 1, opt.repeat);
        let p = &s.program;
        let jp = &jre_program;
        let (mut vm, mut vm_text) = (rego.vm(), rego.vm());
        let (mut e, mut e_text) = (rego.engine.clone(), rego.engine.clone());
        let mut timers = vec![
            Timer::new("rc", &facts, |f| p.verdicts(black_box(f)).len()),
            Timer::new("rc text", &s.texts, |x| from_text(p, x)),
            Timer::new("rvm", &rego_timed, move |input| {
                vm.set_input(input.clone());
                set_len(&vm.execute().expect("regorus rvm evaluates"))
            }),
            Timer::new("rvm text", &s.texts, move |x| {
                vm_text.set_input(rego_input(x).expect("regorus parses"));
                set_len(&vm_text.execute().expect("regorus rvm evaluates"))
            }),
            Timer::new("eval_rule", &rego_timed, move |input| {
                e.set_input(input.clone());
                set_len(&e.eval_rule(REGO_RULE.into()).expect("regorus evaluates"))
            }),
            Timer::new("eval_rule text", &s.texts, move |x| {
                e_text.set_input(rego_input(x).expect("regorus parses"));
                set_len(
                    &e_text
                        .eval_rule(REGO_RULE.into())
                        .expect("regorus evaluates"),
                )
            }),
            Timer::new("compiled", &rego_timed, |input| {
                set_len(
                    &rego
                        .compiled
                        .eval_with_input(input.clone())
                        .expect("regorus evaluates"),
                )
            }),
        ];
        if node.is_some() {
            timers.push(Timer::new("rc jre", &facts, |f| {
                jp.verdicts(black_box(f)).len()
            }));
            timers.push(Timer::new("rc jre text", &s.texts, |x| from_text(jp, x)));
        }
        t.round(&mut timers, b);
        if let Some(node) = &node {
            // Node times itself, in its own process, right after the Rust timers of the round.
            let out = node.run(s, "time")?;
            t.add("jre", out.ns_in_process);
            t.add("jre text", out.ns_from_text);
        }
    }

    print_header(opt, s);
    let n = s.rule_ids.len();
    let rows = [
        Row::base("rulecard Program::verdicts, as shipped", n, "rc", "rc text"),
        Row::peer(
            "regorus rvm: RegoVM::execute, VM reused",
            n,
            "rvm",
            "rvm text",
            "rc",
            "rc text",
        ),
        Row::peer(
            "regorus Engine::eval_rule",
            n,
            "eval_rule",
            "eval_rule text",
            "rc",
            "rc text",
        ),
        Row::peer(
            "regorus CompiledPolicy::eval_with_input",
            n,
            "compiled",
            "",
            "rc",
            "",
        ),
    ];
    for r in &rows {
        r.print(&t);
    }
    if node.is_some() {
        let n = jre_rules.len();
        println!();
        Row::base(
            "rulecard, json-rules-engine's rules",
            n,
            "rc jre",
            "rc jre text",
        )
        .print(&t);
        Row::peer(
            "json-rules-engine engine.run (Node)",
            n,
            "jre",
            "jre text",
            "rc jre",
            "rc jre text",
        )
        .print(&t);
    }
    println!(
        "\n  In process, inputs are converted to each engine's own value type before timing: rulecard reads a\n  \
         serde_json::Value, regorus a regorus::Value, json-rules-engine a JS object. From text, each parses the\n  \
         same JSON text in the loop: serde_json::from_str into a Value, regorus::Value::from_json_str, JSON.parse."
    );
    t.print_rounds();
    Ok(())
}

/// rulecard from text: parse the facts into a `serde_json::Value`, then the verdicts.
fn from_text(program: &Program, text: &str) -> usize {
    let facts: Value = serde_json::from_str(black_box(text)).expect("facts parse");
    program.verdicts(&facts).len()
}

// --- Build with Cedar: Cedar beside rulecard built with preserve_order -----------------

#[cfg(feature = "cedar")]
fn peers(s: &Setup, opt: &Options) -> Result<(), String> {
    println!(
        "build: with Cedar; cedar-policy-core turns on serde_json's preserve_order for the whole build,\n\
         rulecard included (its facts are IndexMaps here, BTreeMaps as it ships)"
    );
    let checked = s.checked();
    let cedar = Cedar::new()?;
    let requests: Vec<Request> = checked
        .iter()
        .map(|c| cedar.request(&c.facts))
        .collect::<Result<_, _>>()?;
    let (pairs, passes) = agree("cedar", &cedar.rules, &checked, |i| {
        cedar.passing(&requests[i])
    })?;
    // From text too: the context parsed from the facts' (null-free) JSON text.
    let cedar_texts: Vec<String> = checked
        .iter()
        .map(|c| cedar_value(&c.facts).to_string())
        .collect();
    agree("cedar from text", &cedar.rules, &checked, |i| {
        cedar.passing(&cedar.request_from_text(&cedar_texts[i])?)
    })?;
    print_agreement(&[("cedar".into(), cedar.rules.len(), pairs, passes)]);

    let facts: Vec<&Value> = s.timed.iter().map(|c| &c.facts).collect();
    let cedar_timed: Vec<Request> = s
        .timed
        .iter()
        .map(|c| cedar.request(&c.facts))
        .collect::<Result<_, _>>()?;
    let cedar_texts: Vec<String> = s
        .timed
        .iter()
        .map(|c| cedar_value(&c.facts).to_string())
        .collect();
    let bytes: usize = cedar_texts.iter().map(String::len).sum();
    println!(
        "Cedar's text (the facts without nulls or fractional numbers): {} bytes per profile on average",
        bytes / cedar_texts.len().max(1)
    );
    let cp = s.subset(&cedar.rules);
    let b = s.budget;
    let mut t = Timings::start();
    for round in 0..opt.repeat {
        eprintln!("timing round {} of {}", round + 1, opt.repeat);
        let p = &s.program;
        let mut timers = vec![
            Timer::new("rc cedar", &facts, |f| cp.verdicts(black_box(f)).len()),
            Timer::new("rc cedar text", &s.texts, |x| from_text(&cp, x)),
            Timer::new("cedar", &cedar_timed, |r| cedar.count(black_box(r))),
            Timer::new("cedar text", &cedar_texts, |x| {
                cedar.count(&cedar.request_from_text(black_box(x)).expect("cedar parses"))
            }),
            Timer::new("rc", &facts, |f| p.verdicts(black_box(f)).len()),
            Timer::new("rc text", &s.texts, |x| from_text(p, x)),
        ];
        t.round(&mut timers, b);
    }

    print_header(opt, s);
    let n = cedar.rules.len();
    Row::base(
        "rulecard (preserve_order), Cedar's rules",
        n,
        "rc cedar",
        "rc cedar text",
    )
    .print(&t);
    Row::peer(
        "cedar Authorizer::is_authorized",
        n,
        "cedar",
        "cedar text",
        "rc cedar",
        "rc cedar text",
    )
    .print(&t);
    println!();
    Row::base(
        "rulecard (preserve_order), all rules",
        s.rule_ids.len(),
        "rc",
        "rc text",
    )
    .print(&t);
    println!(
        "\n  In process, Cedar takes a prebuilt Request whose context is the facts; from text, it parses the\n  \
         context with Context::from_json_str, builds the Request and authorizes. rulecard parses the full\n  \
         facts text with serde_json::from_str. The last row is for comparison across builds only (absolute\n  \
         ns, another process): rulecard as it ships is timed in the build without Cedar."
    );
    t.print_rounds();
    Ok(())
}

// --- Agreement, timing and the table ---------------------------------------------------

/// Check that `peer(i)` gives rulecard's pass set on `cases[i]` for every rule in `rules`.
/// Returns the number of (profile, rule) pairs compared and how many of them pass.
fn agree(
    name: &str,
    rules: &[String],
    cases: &[&Case],
    mut peer: impl FnMut(usize) -> Result<BTreeSet<String>, String>,
) -> Result<(usize, usize), String> {
    let (mut pairs, mut passes) = (0, 0);
    for (i, c) in cases.iter().enumerate() {
        let got = peer(i).map_err(|e| format!("{name} failed on {}: {e}", c.name))?;
        for id in rules {
            let (theirs, ours) = (got.contains(id), c.pass.contains(id));
            if theirs != ours {
                let says = |b: bool| if b { "passes" } else { "does not pass" };
                return Err(format!(
                    "DISAGREEMENT: {name} says rule \"{id}\" {} on {}, rulecard says it {}\nfacts: {}",
                    says(theirs),
                    c.name,
                    says(ours),
                    c.facts
                ));
            }
            pairs += 1;
            passes += usize::from(ours);
        }
        if let Some(extra) = got.iter().find(|id| !rules.contains(id)) {
            return Err(format!("{name} passed an unknown rule \"{extra}\""));
        }
    }
    Ok((pairs, passes))
}

fn print_agreement(rows: &[(String, usize, usize, usize)]) {
    println!("\nagreement with rulecard on \"does the rule pass?\" (every pair must agree):");
    for (name, rules, pairs, passes) in rows {
        println!(
            "  {name:<20} {rules:>2} rules: {pairs} of {pairs} (profile, rule) pairs agree ({passes} pass, {} do not)",
            pairs - passes
        );
    }
}

/// One timing: a whole pass of one engine over its inputs.
struct Timer<'a> {
    key: &'static str,
    evals_per_pass: usize,
    pass: Box<dyn FnMut() -> usize + 'a>,
}

impl<'a> Timer<'a> {
    fn new<T>(key: &'static str, inputs: &'a [T], mut eval: impl FnMut(&T) -> usize + 'a) -> Self {
        Timer {
            key,
            evals_per_pass: inputs.len(),
            pass: Box::new(move || {
                inputs
                    .iter()
                    .fold(0usize, |sink, i| sink.wrapping_add(eval(i)))
            }),
        }
    }
}

/// How long one timer runs before the next takes over.
const SLICE: Duration = Duration::from_millis(50);

/// Time `timers` interleaved: after one warm-up pass each, they take turns, each running whole
/// passes for at least `SLICE`, until every one has run for `budget`. Whatever else the machine
/// does meanwhile falls on all of them alike. Mean ns per evaluation, in the order of `timers`.
fn time_interleaved(timers: &mut [Timer<'_>], budget: Duration) -> Vec<f64> {
    let mut sink = 0usize;
    for t in timers.iter_mut() {
        sink = sink.wrapping_add((t.pass)());
    }
    let mut spent = vec![Duration::ZERO; timers.len()];
    let mut evals = vec![0u64; timers.len()];
    while spent.iter().any(|s| *s < budget) {
        for (i, t) in timers.iter_mut().enumerate() {
            let start = Instant::now();
            loop {
                sink = sink.wrapping_add((t.pass)());
                evals[i] += t.evals_per_pass as u64;
                if start.elapsed() >= SLICE {
                    break;
                }
            }
            spent[i] += start.elapsed();
        }
    }
    black_box(sink);
    spent
        .iter()
        .zip(&evals)
        .map(|(s, n)| s.as_nanos() as f64 / *n as f64)
        .collect()
}

/// Every timing's mean per round, by key, in the order first timed.
#[derive(Default)]
struct Timings {
    rounds: Vec<(&'static str, Vec<f64>)>,
    /// The machine's load average when timing began (Linux), for the record.
    load_before: Option<String>,
}

/// The 1, 5 and 15 minute load averages, where /proc/loadavg exists.
fn loadavg() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

impl Timings {
    /// No rounds yet; the load average noted as timing begins.
    fn start() -> Timings {
        Timings {
            load_before: loadavg(),
            ..Timings::default()
        }
    }

    fn add(&mut self, key: &'static str, ns: f64) {
        match self.rounds.iter_mut().find(|(k, _)| *k == key) {
            Some((_, xs)) => xs.push(ns),
            None => self.rounds.push((key, vec![ns])),
        }
    }

    /// One round: `timers` timed interleaved, each for `budget`.
    fn round(&mut self, timers: &mut [Timer<'_>], budget: Duration) {
        let ns = time_interleaved(timers, budget);
        for (t, ns) in timers.iter().zip(ns) {
            self.add(t.key, ns);
        }
    }

    fn get(&self, key: &str) -> Option<&Vec<f64>> {
        self.rounds
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, xs)| xs)
    }

    /// Every timing's per-round means, for the record.
    fn print_rounds(&self) {
        if let (Some(before), Some(after)) = (&self.load_before, loadavg()) {
            println!(
                "\n  load average (1, 5, 15 min) when timing began: {before}; when it ended: {after}"
            );
        }
        println!("\n  per-round means, ns (in the order timed within a round):");
        for (key, xs) in &self.rounds {
            let xs: Vec<String> = xs.iter().map(|x| format!("{x:.0}")).collect();
            println!("    {key:<16} {}", xs.join(" "));
        }
    }

    /// The median of the rounds' means.
    fn median(&self, key: &str) -> Option<f64> {
        self.get(key).map(|xs| median(xs.clone()))
    }

    /// The rounds' own ratios `key / base` (both timed in the same round, interleaved): their
    /// median, lowest and highest.
    fn ratios(&self, key: &str, base: &str) -> Option<(f64, f64, f64)> {
        let (xs, bs) = (self.get(key)?, self.get(base)?);
        let rs: Vec<f64> = xs.iter().zip(bs).map(|(x, b)| x / b).collect();
        Some((
            median(rs.clone()),
            rs.iter().copied().fold(f64::INFINITY, f64::min),
            rs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        ))
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

/// One line of the table: an engine's in-process and from-text timings, with the rulecard
/// rows they are divided by.
struct Row {
    name: &'static str,
    rules: usize,
    keys: [&'static str; 2],
    bases: [&'static str; 2],
}

impl Row {
    fn base(name: &'static str, rules: usize, key: &'static str, text: &'static str) -> Row {
        Row {
            name,
            rules,
            keys: [key, text],
            bases: [key, text],
        }
    }

    fn peer(
        name: &'static str,
        rules: usize,
        key: &'static str,
        text: &'static str,
        base: &'static str,
        base_text: &'static str,
    ) -> Row {
        Row {
            name,
            rules,
            keys: [key, text],
            bases: [base, base_text],
        }
    }

    fn print(&self, t: &Timings) {
        let cell = |key: &str, base: &str| match (t.median(key), t.ratios(key, base)) {
            (Some(ns), Some((ratio, lo, hi))) => {
                format!("{ns:>9.0} {ratio:>6.1} {:>11}", format!("{lo:.1}-{hi:.1}"))
            }
            _ => format!("{:>9} {:>6} {:>11}", "-", "-", "-"),
        };
        println!(
            "  {:<42} {:>5} {}   {}",
            self.name,
            self.rules,
            cell(self.keys[0], self.bases[0]),
            cell(self.keys[1], self.bases[1])
        );
    }
}

fn print_header(opt: &Options, s: &Setup) {
    println!(
        "\nlatency per evaluation: one profile against every rule the engine expresses, one thread, in the\n\
         same process as the rulecard row it is divided by. {} rounds; in each, the engines are timed\n\
         interleaved (turns of at least {} ms, whole passes over the same {} profiles) until each has run\n\
         {} s, so what else the machine does falls on all of them alike (json-rules-engine, in Node, right\n\
         after the others). ns: the median of the rounds' means. ratio = engine ns / rulecard ns on the same\n\
         rules, in the same round (above 1: rulecard is faster): the median of the rounds' ratios, and the\n\
         lowest and highest.\n",
        opt.repeat,
        SLICE.as_millis(),
        s.timed.len(),
        opt.seconds,
    );
    println!(
        "  {:<42} {:>5}   {:<26}   {:<26}",
        "", "", "------- in process -------", "------- from text --------"
    );
    println!(
        "  {:<42} {:>5} {:>9} {:>6} {:>11}   {:>9} {:>6} {:>11}",
        "engine", "rules", "ns", "ratio", "per round", "ns", "ratio", "per round"
    );
}

// --- regorus -----------------------------------------------------------------------------

#[cfg(not(feature = "cedar"))]
struct Rego {
    engine: regorus::Engine,
    compiled: regorus::CompiledPolicy,
    program: std::sync::Arc<regorus::rvm::program::Program>,
}

#[cfg(not(feature = "cedar"))]
impl Rego {
    fn new() -> Result<Rego, String> {
        let mut engine = regorus::Engine::new();
        engine
            .add_policy("dsr.rego".into(), REGO.into())
            .map_err(|e| format!("dsr.rego: {e}"))?;
        let compiled = engine
            .clone()
            .compile_with_entrypoint(&REGO_RULE.into())
            .map_err(|e| format!("dsr.rego: {e}"))?;
        let program = Compiler::compile_from_policy(&compiled, &[REGO_RULE])
            .map_err(|e| format!("dsr.rego for rvm: {e}"))?;
        Ok(Rego {
            engine,
            compiled,
            program,
        })
    }

    /// A VM with the program loaded, configured as regorus's own hot benchmarks
    /// (`regular_no_limits`): run to completion, no timer, no instruction limit.
    fn vm(&self) -> RegoVM {
        let mut vm = RegoVM::new();
        vm.load_program(self.program.clone());
        vm.set_execution_timer_config(None);
        vm.set_max_instructions(usize::MAX);
        vm
    }
}

#[cfg(not(feature = "cedar"))]
fn rego_input(text: &str) -> Result<regorus::Value, String> {
    regorus::Value::from_json_str(text).map_err(|e| e.to_string())
}

#[cfg(not(feature = "cedar"))]
fn rego_pass(v: &regorus::Value) -> Result<BTreeSet<String>, String> {
    if *v == regorus::Value::Undefined {
        return Ok(BTreeSet::new());
    }
    let set = v
        .as_set()
        .map_err(|e| format!("{REGO_RULE} is not a set: {e}"))?;
    set.iter()
        .map(|id| {
            id.as_string()
                .map(|s| s.to_string())
                .map_err(|e| e.to_string())
        })
        .collect()
}

#[cfg(not(feature = "cedar"))]
fn set_len(v: &regorus::Value) -> usize {
    v.as_set().map_or(0, |s| s.len())
}

// --- Cedar -------------------------------------------------------------------------------

#[cfg(feature = "cedar")]
struct Cedar {
    policies: PolicySet,
    /// The rule ids the policies encode, in policy order.
    rules: Vec<String>,
    principal: EntityUid,
    action: EntityUid,
    resource: EntityUid,
    entities: Entities,
    authorizer: Authorizer,
}

#[cfg(feature = "cedar")]
impl Cedar {
    fn new() -> Result<Cedar, String> {
        let parsed = PolicySet::from_str(CEDAR).map_err(|e| format!("dsr.cedar: {e}"))?;
        let mut policies = PolicySet::new();
        let mut rules = Vec::new();
        for p in parsed.policies() {
            let id = p
                .annotation("id")
                .ok_or("dsr.cedar: every policy needs an @id(\"rule-id\")")?
                .to_string();
            policies
                .add(p.new_id(PolicyId::new(&id)))
                .map_err(|e| e.to_string())?;
            rules.push(id);
        }
        let uid = |s: &str| EntityUid::from_str(s).map_err(|e| e.to_string());
        Ok(Cedar {
            policies,
            rules,
            principal: uid(r#"Subject::"profile""#)?,
            action: uid(r#"Action::"score""#)?,
            resource: uid(r#"Rulebook::"dsr-western-balkans""#)?,
            entities: Entities::empty(),
            authorizer: Authorizer::new(),
        })
    }

    /// A request whose context is the facts, unknown (null) facts left out.
    fn request(&self, facts: &Value) -> Result<Request, String> {
        let context = Context::from_json_value(cedar_value(facts), None)
            .map_err(|e| format!("cedar context: {e}"))?;
        self.request_with(context)
    }

    /// A request whose context Cedar parses from JSON text (see [`cedar_value`]).
    fn request_from_text(&self, text: &str) -> Result<Request, String> {
        let context =
            Context::from_json_str(text, None).map_err(|e| format!("cedar context: {e}"))?;
        self.request_with(context)
    }

    fn request_with(&self, context: Context) -> Result<Request, String> {
        Request::new(
            self.principal.clone(),
            self.action.clone(),
            self.resource.clone(),
            context,
            None,
        )
        .map_err(|e| e.to_string())
    }

    fn passing(&self, request: &Request) -> Result<BTreeSet<String>, String> {
        let response = self
            .authorizer
            .is_authorized(request, &self.policies, &self.entities);
        if let Some(e) = response.diagnostics().errors().next() {
            return Err(format!("cedar evaluation error: {e}"));
        }
        Ok(response
            .diagnostics()
            .reason()
            .map(|id| id.to_string())
            .collect())
    }

    fn count(&self, request: &Request) -> usize {
        self.authorizer
            .is_authorized(request, &self.policies, &self.entities)
            .diagnostics()
            .reason()
            .count()
    }
}

/// JSON Cedar accepts: no nulls (an unknown fact is an absent attribute), and numbers only as
/// 64-bit integers (no rule reads a fractional number; those are left out too).
#[cfg(feature = "cedar")]
fn cedar_value(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| keep(v))
                .map(|(k, v)| (k.clone(), cedar_value(v)))
                .collect::<serde_json::Map<_, _>>(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().filter(|v| keep(v)).map(cedar_value).collect())
        }
        other => other.clone(),
    }
}

#[cfg(feature = "cedar")]
fn keep(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Number(n) => n.is_i64(),
        _ => true,
    }
}

// --- json-rules-engine (Node) ------------------------------------------------------------

#[cfg(not(feature = "cedar"))]
struct NodeResult {
    rules: usize,
    pairs: usize,
    passes: usize,
    ns_in_process: f64,
    ns_from_text: f64,
}

/// The Node side: the cases written once, then `node jre.mjs` run per round.
#[cfg(not(feature = "cedar"))]
struct Node {
    cases_path: PathBuf,
}

#[cfg(not(feature = "cedar"))]
impl Node {
    fn new(s: &Setup, checked: &[&Case]) -> Result<Node, String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let cases_path = dir.join("peers-cases.json");
        let cases = json!({
            "rules": s.rule_ids,
            "check": checked.iter().map(|c| json!({"name": c.name, "facts": c.facts, "pass": c.pass})).collect::<Vec<_>>(),
            "text": s.texts,
        });
        std::fs::write(&cases_path, cases.to_string()).map_err(|e| e.to_string())?;
        Ok(Node { cases_path })
    }

    /// `mode`: "check" (agreement only) or "time" (timings only).
    fn run(&self, s: &Setup, mode: &str) -> Result<NodeResult, String> {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = Command::new("node")
            .arg(here.join("jre.mjs"))
            .arg(&self.cases_path)
            .arg(s.budget.as_secs_f64().to_string())
            .arg(mode)
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run node: {e}"))?;
        if !out.status.success() {
            return Err("json-rules-engine disagreed with rulecard or failed (above)".into());
        }
        let v: Value = serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("json-rules-engine output: {e}"))?;
        let num = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
        Ok(NodeResult {
            rules: v["rules"].as_array().map_or(0, Vec::len),
            pairs: num("pairs") as usize,
            passes: num("passes") as usize,
            ns_in_process: num("ns_in_process"),
            ns_from_text: num("ns_from_text"),
        })
    }
}
