#!/usr/bin/env bash
# rulecard beside regorus (Rego), Cedar and json-rules-engine (Node), in one go:
#   1. install json-rules-engine (npm ci) if it is missing, build rulecard and this harness (release);
#   2. generate the profiles with `rulecard gen --count $COUNT --seed $SEED` (2000, 1);
#   3. check that every engine says what rulecard says about "does this rule pass?" for each
#      (profile, rule), on the six fixtures, the rules' examples and the generated profiles:
#      any disagreement aborts with the profile and rule;
#   4. time each engine per evaluation, in process, and print the ratio table (rulecard = 1.0);
#   5. time rulecard once more in a build without Cedar (see Cargo.toml, feature `cedar`).
# Extra arguments go to the harness: --seconds X (per timing, 2), --repeat R (5, the best counts), --no-node.
# PLAIN=0 skips step 5.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${COUNT:-2000}"
seed="${SEED:-1}"

for tool in cargo node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: '$tool' is needed and not on PATH" >&2; exit 1; }
done

if [ ! -d "$here/node_modules/json-rules-engine" ]; then
  echo "== installing json-rules-engine (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund)
fi

echo "== building rulecard and the harness (release; slow the first time)"
(cd "$root" && cargo build --release --bin rulecard)
cargo build --release --manifest-path "$here/Cargo.toml"

mkdir -p "$here/target"
profiles="$here/target/profiles.ndjson"
(cd "$root" && cargo run --quiet --release --bin rulecard -- gen --count "$count" --seed "$seed" -o "$profiles")

echo "== agreement, then latency"
cargo run --quiet --release --manifest-path "$here/Cargo.toml" -- --profiles "$profiles" "$@"

if [ "${PLAIN:-1}" != 0 ]; then
  echo
  echo "== rulecard alone, built without Cedar (serde_json without preserve_order)"
  cargo run --quiet --release --no-default-features --manifest-path "$here/Cargo.toml" -- --profiles "$profiles" "$@"
fi
