//! rulecard beside its peers: regorus (Rego), Cedar and json-rules-engine (Node).
//!
//! First every engine must give rulecard's answer, per (profile, rule), to "does this rule
//! pass?" on the six shipped fixtures, the rules' own examples and the generated profiles of
//! `--profiles FILE` (NDJSON from `rulecard gen`). Any disagreement aborts the run. Then each
//! engine's in-process latency per evaluation (one profile against every rule it expresses) is
//! timed on the same profiles, and a ratio table is printed: rulecard = 1.0.
//!
//! Run through `bash bench/peers/run.sh`, which builds this, generates the profiles and installs
//! the Node side. Options: `--profiles FILE` (required), `--seconds X` per timing (2),
//! `--repeat R` (5; the best run counts), `--no-node` to leave json-rules-engine out.
//!
//! Built without the default `cedar` feature, only rulecard is timed: cedar-policy-core turns
//! on serde_json's `preserve_order`, which changes the map type rulecard looks facts up in, so
//! this shows rulecard as it is built on its own.

#[cfg(feature = "cedar")]
use cedar_policy::{Authorizer, Context, Entities, EntityUid, PolicyId, PolicySet, Request};
use rulecard::{Engine, Origin, Program, Verdict};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
#[cfg(feature = "cedar")]
use std::str::FromStr;
use std::time::{Duration, Instant};

const REGO: &str = include_str!("../dsr.rego");
#[cfg(feature = "cedar")]
const CEDAR: &str = include_str!("../dsr.cedar");
const REGO_RULE: &str = "data.dsr.pass";

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

fn run() -> Result<(), String> {
    let opt = options()?;
    let profiles_path = opt
        .profiles
        .as_deref()
        .ok_or("--profiles FILE is required (NDJSON from `rulecard gen`)")?;
    let engine = Engine::load(Origin::Embedded).map_err(|p| format!("rulebook: {p:?}"))?;
    let program = engine.program();
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
    let checked: Vec<&Case> = timed.iter().chain(&examples).collect();
    println!(
        "profiles: {} fixtures + {} generated, timed and checked; {} rule examples, checked only",
        fixtures.len(),
        timed.len() - fixtures.len(),
        examples.len()
    );
    let budget = Duration::from_secs_f64(opt.seconds);
    let facts: Vec<&Value> = timed.iter().map(|c| &c.facts).collect();

    if !cfg!(feature = "cedar") {
        // rulecard alone, with serde_json as rulecard itself builds it.
        let ns = best(
            (0..opt.repeat)
                .map(|_| time_per_eval(&facts, budget, |f| program.verdicts(black_box(f)).len()))
                .collect(),
        );
        println!(
            "rulecard Program::verdicts, {} rules, serde_json without preserve_order: {ns:.0} ns per evaluation",
            rule_ids.len()
        );
        return Ok(());
    }

    println!("\nrulecard passes per rule on the checked profiles:");
    for id in &rule_ids {
        let n = checked.iter().filter(|c| c.pass.contains(id)).count();
        println!("  {id:<24} {n:>5} of {}", checked.len());
    }

    // --- Peers: build, then check agreement before any timing ---------------------------
    let mut agreement: Vec<(String, usize, usize, usize)> = Vec::new();

    let rego = Rego::new()?;
    let rego_inputs: Vec<regorus::Value> = checked
        .iter()
        .map(|c| rego_input(&c.facts))
        .collect::<Result<_, _>>()?;
    let mut rego_engine = rego.engine.clone();
    let (pairs, passes) = agree("regorus", &rule_ids, &checked, |i| {
        rego_engine.set_input(rego_inputs[i].clone());
        rego_pass(
            &rego_engine
                .eval_rule(REGO_RULE.into())
                .map_err(|e| e.to_string())?,
        )
    })?;
    agreement.push(("regorus".into(), rule_ids.len(), pairs, passes));
    let (pairs, passes) = agree("regorus (compiled)", &rule_ids, &checked, |i| {
        rego_pass(
            &rego
                .compiled
                .eval_with_input(rego_inputs[i].clone())
                .map_err(|e| e.to_string())?,
        )
    })?;
    agreement.push(("regorus (compiled)".into(), rule_ids.len(), pairs, passes));

    #[cfg(feature = "cedar")]
    let cedar = {
        let cedar = Cedar::new()?;
        let requests: Vec<Request> = checked
            .iter()
            .map(|c| cedar.request(&c.facts))
            .collect::<Result<_, _>>()?;
        let (pairs, passes) = agree("cedar", &cedar.rules, &checked, |i| {
            cedar.passing(&requests[i])
        })?;
        agreement.push(("cedar".into(), cedar.rules.len(), pairs, passes));
        cedar
    };

    let node = if opt.node {
        let out = node_peer(&rule_ids, &checked, &timed, &opt)?;
        agreement.push(("json-rules-engine".into(), out.rules, out.pairs, out.passes));
        Some(out)
    } else {
        None
    };

    println!("\nagreement with rulecard on \"does the rule pass?\" (every pair must agree):");
    for (name, rules, pairs, passes) in &agreement {
        println!(
            "  {name:<20} {rules:>2} rules: {pairs} of {pairs} (profile, rule) pairs agree ({passes} pass, {} do not)",
            pairs - passes
        );
    }

    // --- Timing -----------------------------------------------------------------------------
    let subset = |ids: &[String]| -> Program {
        let mut p = program.clone();
        p.rules.retain(|r| ids.contains(&r.id));
        p
    };
    let rego_timed: Vec<regorus::Value> = timed
        .iter()
        .map(|c| rego_input(&c.facts))
        .collect::<Result<_, _>>()?;
    #[cfg(feature = "cedar")]
    let (cedar_program, cedar_timed) = (
        subset(&cedar.rules),
        timed
            .iter()
            .map(|c| cedar.request(&c.facts))
            .collect::<Result<Vec<Request>, _>>()?,
    );

    let mut samples: [Vec<f64>; 5] = Default::default();
    for round in 0..opt.repeat {
        eprintln!("timing round {} of {}", round + 1, opt.repeat);
        samples[0].push(time_per_eval(&facts, budget, |f| {
            program.verdicts(black_box(f)).len()
        }));
        let mut e = rego.engine.clone();
        samples[1].push(time_per_eval(&rego_timed, budget, |input| {
            e.set_input(input.clone());
            set_len(&e.eval_rule(REGO_RULE.into()).expect("regorus evaluates"))
        }));
        samples[2].push(time_per_eval(&rego_timed, budget, |input| {
            set_len(
                &rego
                    .compiled
                    .eval_with_input(input.clone())
                    .expect("regorus evaluates"),
            )
        }));
        #[cfg(feature = "cedar")]
        {
            samples[3].push(time_per_eval(&facts, budget, |f| {
                cedar_program.verdicts(black_box(f)).len()
            }));
            samples[4].push(time_per_eval(&cedar_timed, budget, |r| {
                cedar.count(black_box(r))
            }));
        }
    }
    let [rc, rego_ns, rego_compiled_ns, rc_cedar, cedar_ns] = samples.map(best);

    println!(
        "\nlatency per evaluation: one profile against every rule the engine expresses, in process, \
         one thread;\nthe best of {} runs (each a mean over at least {} s) on the same {} profiles: the run least\n\
         disturbed by other work on the machine.\n\
         ratio = engine ns / rulecard ns on the same rules (above 1: rulecard is faster).\n",
        opt.repeat,
        opt.seconds,
        timed.len()
    );
    println!(
        "  {:<42} {:>5} {:>10} {:>8}",
        "engine", "rules", "mean ns", "ratio"
    );
    let row = |name: &str, rules: usize, ns: f64, base: f64| {
        println!("  {name:<42} {rules:>5} {ns:>10.0} {:>8.1}", ns / base);
    };
    row("rulecard Program::verdicts", rule_ids.len(), rc, rc);
    row("regorus Engine::eval_rule", rule_ids.len(), rego_ns, rc);
    row(
        "regorus CompiledPolicy::eval_with_input",
        rule_ids.len(),
        rego_compiled_ns,
        rc,
    );
    if let Some(n) = &node {
        row(
            "json-rules-engine engine.run (Node)",
            n.rules,
            n.ns_per_eval,
            rc,
        );
    }
    #[cfg(feature = "cedar")]
    {
        row(
            "rulecard Program::verdicts, Cedar's 7 rules",
            cedar.rules.len(),
            rc_cedar,
            rc_cedar,
        );
        row(
            "cedar Authorizer::is_authorized",
            cedar.rules.len(),
            cedar_ns,
            rc_cedar,
        );
    }
    #[cfg(not(feature = "cedar"))]
    let _ = (subset, rc_cedar, cedar_ns);
    println!(
        "\n  Inputs are converted to each engine's own value type before timing: rulecard reads a \
         serde_json::Value,\n  regorus a regorus::Value, Cedar a Request whose context is the facts, \
         json-rules-engine a JS object."
    );
    Ok(())
}

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

/// Mean nanoseconds per call of `eval` over `inputs`: one warm-up pass, then whole passes
/// until `budget` has elapsed.
fn time_per_eval<T>(inputs: &[T], budget: Duration, mut eval: impl FnMut(&T) -> usize) -> f64 {
    let mut sink = 0usize;
    for i in inputs {
        sink = sink.wrapping_add(eval(i));
    }
    let start = Instant::now();
    let mut evals = 0u64;
    loop {
        for i in inputs {
            sink = sink.wrapping_add(eval(i));
        }
        evals += inputs.len() as u64;
        if start.elapsed() >= budget {
            break;
        }
    }
    black_box(sink);
    start.elapsed().as_nanos() as f64 / evals as f64
}

/// The lowest of several runs' means: the run least disturbed by other work on the machine.
fn best(xs: Vec<f64>) -> f64 {
    xs.into_iter().fold(f64::INFINITY, f64::min)
}

// --- regorus -----------------------------------------------------------------------------

struct Rego {
    engine: regorus::Engine,
    compiled: regorus::CompiledPolicy,
}

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
        Ok(Rego { engine, compiled })
    }
}

fn rego_input(facts: &Value) -> Result<regorus::Value, String> {
    regorus::Value::from_json_str(&facts.to_string()).map_err(|e| e.to_string())
}

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

struct NodeResult {
    rules: usize,
    pairs: usize,
    passes: usize,
    ns_per_eval: f64,
}

fn node_peer(
    rule_ids: &[String],
    checked: &[&Case],
    timed: &[Case],
    opt: &Options,
) -> Result<NodeResult, String> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir: PathBuf = here.join("target");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let cases_path = dir.join("peers-cases.json");
    let cases = json!({
        "rules": rule_ids,
        "check": checked.iter().map(|c| json!({"name": c.name, "facts": c.facts, "pass": c.pass})).collect::<Vec<_>>(),
        "time": timed.iter().map(|c| &c.facts).collect::<Vec<_>>(),
    });
    std::fs::write(&cases_path, cases.to_string()).map_err(|e| e.to_string())?;
    let mut runs = Vec::new();
    for round in 0..opt.repeat {
        eprintln!("json-rules-engine round {} of {}", round + 1, opt.repeat);
        let out = Command::new("node")
            .arg(here.join("jre.mjs"))
            .arg(&cases_path)
            .arg(opt.seconds.to_string())
            .stderr(std::process::Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run node: {e}"))?;
        if !out.status.success() {
            return Err("json-rules-engine disagreed with rulecard or failed (above)".into());
        }
        let v: Value = serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("json-rules-engine output: {e}"))?;
        runs.push(v);
    }
    let num = |v: &Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    let first = &runs[0];
    Ok(NodeResult {
        rules: first["rules"].as_array().map_or(0, Vec::len),
        pairs: num(first, "pairs") as usize,
        passes: num(first, "passes") as usize,
        ns_per_eval: best(runs.iter().map(|v| num(v, "ns_per_eval")).collect()),
    })
}
