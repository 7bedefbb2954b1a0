#!/usr/bin/env bash
# rulecard beside regorus (Rego), Cedar and json-rules-engine (Node), in one go:
#   1. install json-rules-engine (npm ci) if it is missing, build rulecard and this harness
#      twice (release): with the `cedar` feature, and without it;
#   2. generate the profiles with `rulecard gen --count $COUNT --seed $SEED` (2000, 1);
#   3. in the build without Cedar (rulecard as it ships): check that regorus and
#      json-rules-engine say what rulecard says about "does this rule pass?" for each
#      (profile, rule), on the six fixtures, the rules' examples and the generated profiles
#      (any disagreement aborts with the profile and rule), then time rulecard, regorus
#      (rvm, eval_rule, CompiledPolicy) and json-rules-engine per evaluation, in process and
#      from text, round by round, and print the ratio table (rulecard = 1.0);
#   4. in the build with Cedar (serde_json with preserve_order, rulecard included): the same
#      for Cedar beside rulecard on Cedar's rules;
#   5. the parse floors (serde_json, sonic-rs and simd-json reading `rulecard gen --count
#      $FLOOR_COUNT` profiles (20000), one thread), the same with the profile schema check on
#      serde_json's Value and on sonic-rs's own value, then `rulecard batch` on the same file, one
#      thread, verdicts only and explained (the binary as it ships, whole process, writing to
#      a file), in MB/s.
# Extra arguments go to the harness: --seconds X (each engine's time per round, 2), --repeat R (rounds, 5;
# medians count), --no-node.
# CEDAR=0 skips step 4 (and the Cedar build); FLOORS=0 skips step 5.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${COUNT:-2000}"
seed="${SEED:-1}"
cedar="${CEDAR:-1}"
floors="${FLOORS:-1}"

for tool in cargo node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: '$tool' is needed and not on PATH" >&2; exit 1; }
done

if [ ! -d "$here/node_modules/json-rules-engine" ]; then
  echo "== installing json-rules-engine (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund)
fi

echo "== building rulecard and the harness (release; slow the first time)"
(cd "$root" && cargo build --release --bin rulecard)
# The two builds share one target directory, where each overwrites target/release/rulecard-peers:
# each is kept under its own name.
bin="${CARGO_TARGET_DIR:-$here/target}/release"
if [ "$cedar" != 0 ]; then
  cargo build --release --features cedar --manifest-path "$here/Cargo.toml"
  cp "$bin/rulecard-peers" "$bin/rulecard-peers-cedar"
fi
cargo build --release --manifest-path "$here/Cargo.toml"
cp "$bin/rulecard-peers" "$bin/rulecard-peers-as-shipped"

mkdir -p "$here/target"
profiles="$here/target/profiles.ndjson"
(cd "$root" && cargo run --quiet --release --bin rulecard -- gen --count "$count" --seed "$seed" -o "$profiles")

echo "== rulecard as it ships, beside regorus and json-rules-engine (build without Cedar): agreement, then latency"
"$bin/rulecard-peers-as-shipped" --profiles "$profiles" "$@"

if [ "$cedar" != 0 ]; then
  echo
  echo "== Cedar, beside rulecard built with serde_json's preserve_order (build with Cedar): agreement, then latency"
  "$bin/rulecard-peers-cedar" --profiles "$profiles" "$@"
fi

if [ "$floors" != 0 ]; then
  echo
  echo "== parse floors, then rulecard batch on the same profiles (one thread)"
  # More profiles than the peers use, so that rulecard's start-up (compiling its schemas and
  # rulebook, tens of ms) weighs little in its whole-process figures.
  floor_profiles="$here/target/floor-profiles.ndjson"
  (cd "$root" && cargo run --quiet --release --bin rulecard -- gen --count "${FLOOR_COUNT:-20000}" --seed "$seed" -o "$floor_profiles")
  "$bin/floors" "$floor_profiles" --schema "$root/schemas/profile.schema.json"
  rulecard="${CARGO_TARGET_DIR:-$root/target}/release/rulecard"
  bytes=$(wc -c < "$floor_profiles")
  out="$here/target/batch-out.ndjson"
  for mode in verdicts-only explained; do
    flag=$([ "$mode" = verdicts-only ] && echo --verdicts-only || true)
    runs=()
    for _ in 1 2 3 4 5; do
      start=$(date +%s%N)
      RAYON_NUM_THREADS=1 "$rulecard" batch "$floor_profiles" $flag -o "$out" 2>/dev/null
      runs+=($(( $(date +%s%N) - start )))
    done
    median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p)
    awk -v b="$bytes" -v ns="$median" -v m="$mode" \
      'BEGIN { printf "  rulecard batch, %-23s %6.0f MB/s  (whole process, median of 5 runs: %.0f ms)\n", m, b / ns * 1000, ns / 1e6 }'
  done
  rm -f "$out" "$floor_profiles"
fi
