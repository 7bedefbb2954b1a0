//! Engine benchmarks: compile the shipped rulebook, evaluate one profile (with traces and
//! counterfactuals, and verdicts only), score the shipped fixtures into a report, and batch
//! throughput on 100k synthetic profiles against its floor, parsing the same NDJSON lines.
//!
//! Run with `cargo bench --bench engine`.

use rulecard::batch::{Batch, Detail};
use rulecard::generate::Generator;
use rulecard::load::{EMBEDDED_RULES, embedded_documents};
use rulecard::score::Weights;
use rulecard::{Engine, Origin};
use std::sync::OnceLock;

/// Profiles in the batch benchmarks.
const BATCH_PROFILES: u64 = 100_000;

fn main() {
    divan::main();
}

#[divan::bench]
fn compile_rulebook() -> Engine {
    let docs = embedded_documents(&EMBEDDED_RULES, "rules").unwrap();
    Engine::from_documents(divan::black_box(&docs)).unwrap()
}

#[divan::bench(args = ["RS", "AL", "XK"])]
fn evaluate_explained(bencher: divan::Bencher, id: &str) {
    let engine = Engine::load(Origin::Embedded).unwrap();
    let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    let p = profiles.iter().find(|p| p.id == id).unwrap();
    bencher.bench(|| engine.program().evaluate(divan::black_box(&p.facts)));
}

#[divan::bench(args = ["RS", "AL", "XK"])]
fn evaluate_verdicts_only(bencher: divan::Bencher, id: &str) {
    let engine = Engine::load(Origin::Embedded).unwrap();
    let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    let p = profiles.iter().find(|p| p.id == id).unwrap();
    bencher.bench(|| engine.program().verdicts(divan::black_box(&p.facts)));
}

#[divan::bench]
fn score_all_fixtures(bencher: divan::Bencher) {
    let engine = Engine::load(Origin::Embedded).unwrap();
    let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    bencher.bench(|| {
        engine
            .report(divan::black_box(&profiles), None, None)
            .unwrap()
    });
}

/// The compiled rulebook and 100k generated profiles as NDJSON (seed 7), built once for every
/// batch benchmark.
fn batch_input() -> &'static (Engine, String) {
    static INPUT: OnceLock<(Engine, String)> = OnceLock::new();
    INPUT.get_or_init(|| {
        let engine = Engine::load(Origin::Embedded).unwrap();
        let mut generator = Generator::new(&engine.schemas().profile_json, 7);
        let mut ndjson = String::new();
        for n in 0..BATCH_PROFILES {
            ndjson.push_str(&generator.profile(n).to_string());
            ndjson.push('\n');
        }
        (engine, ndjson)
    })
}

/// Score every line, verdicts only, into a sink; panics unless every line scored.
fn run_batch(engine: &Engine, ndjson: &str) {
    let weights = Weights::new(engine.program(), None).unwrap();
    let batch = Batch {
        program: engine.program(),
        schemas: engine.schemas(),
        weights: &weights,
        detail: Detail::VerdictsOnly,
        fail_fast: false,
    };
    let summary = batch
        .run(divan::black_box(ndjson.as_bytes()), std::io::sink(), |_| {})
        .unwrap();
    assert_eq!(summary.results, BATCH_PROFILES);
}

/// `Batch::run` on 100k profiles, verdicts only, on rayon's default pool (one thread per core).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn batch_100k_verdicts(bencher: divan::Bencher) {
    let (engine, ndjson) = batch_input();
    bencher
        .counter(divan::counter::ItemsCount::new(BATCH_PROFILES))
        .counter(divan::counter::BytesCount::of_str(ndjson))
        .bench(|| run_batch(engine, ndjson));
}

/// The same batch on a pool of 1 and of 2 threads: how well scoring scales across cores.
#[divan::bench(args = [1, 2], sample_count = 5, sample_size = 1)]
fn batch_100k_verdicts_threads(bencher: divan::Bencher, threads: usize) {
    let (engine, ndjson) = batch_input();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    bencher
        .counter(divan::counter::ItemsCount::new(BATCH_PROFILES))
        .counter(divan::counter::BytesCount::of_str(ndjson))
        .bench(|| pool.install(|| run_batch(engine, ndjson)));
}

/// The floor: parse each of the same 100k lines into a `serde_json::Value`, one thread, no
/// scoring. Compare with `batch_100k_verdicts_threads(1)`.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse_only_100k(bencher: divan::Bencher) {
    let (_, ndjson) = batch_input();
    bencher
        .counter(divan::counter::ItemsCount::new(BATCH_PROFILES))
        .counter(divan::counter::BytesCount::of_str(ndjson))
        .bench(|| {
            for line in divan::black_box(ndjson.as_str()).lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                divan::black_box(v);
            }
        });
}
