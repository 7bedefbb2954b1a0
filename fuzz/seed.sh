#!/usr/bin/env bash
# Seed the fuzz corpora from the shipped data (the corpora are not committed):
#   rulebook    every rules/*.json file
#   evaluate    the `facts` object of every fixture, plus every rule example's facts
#   batch_line  `rulecard gen` lines, and every fixture as one NDJSON line
# Usage: fuzz/seed.sh   (from anywhere; needs cargo and python3), then, on stable Rust:
#   cargo install cargo-fuzz
#   cargo fuzz run -s none -O <target> -- -max_total_time=600 -dict=fuzz/rulecard.dict
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=fuzz/corpus
mkdir -p "$corpus/rulebook" "$corpus/evaluate" "$corpus/batch_line"

cp rules/*.json "$corpus/rulebook/"

python3 - "$corpus" <<'PY'
import glob, json, os, sys

corpus = sys.argv[1]

def put(target, name, value):
    with open(os.path.join(corpus, target, name), "w", encoding="utf-8") as f:
        f.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

for path in sorted(glob.glob("fixtures/*.json")):
    stem = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        profile = json.load(f)
    put("evaluate", f"fixture-{stem}", profile["facts"])
    put("batch_line", f"fixture-{stem}", profile)

for path in sorted(glob.glob("rules/*.json")):
    stem = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for rule in doc.get("rules", []):
        for i, example in enumerate(rule.get("examples", [])):
            put("evaluate", f"example-{rule['id']}-{i}", example["facts"])
PY

cargo run --quiet -- gen --count 24 --seed 1 | split -l 1 -d -a 2 - "$corpus/batch_line/gen-"

for t in rulebook evaluate batch_line; do
  echo "$t: $(find "$corpus/$t" -type f | wc -l) seeds"
done
