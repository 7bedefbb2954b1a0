// json-rules-engine side of the peer comparison: check agreement with rulecard, then time
// `engine.run(facts)` in a warm loop, twice: on JS objects parsed beforehand (in process), and
// with `JSON.parse` of the facts' text in the loop (from text). Prints one JSON line of
// results on stdout.
//
// Usage: node jre.mjs CASES.json [MIN_SECONDS] [check|time|both]
// CASES.json: {"rules": [ids], "check": [{"name", "facts", "pass": [ids]}], "text": [facts as JSON text]}
// where `pass` is the set of rules whose rulecard verdict is `pass`. `check` only checks
// agreement, `time` only times, `both` (the default) does both.

import { readFileSync } from 'node:fs';
import { Engine } from 'json-rules-engine';
import { JSONPath } from 'jsonpath-plus';

const here = new URL('.', import.meta.url);
const rules = JSON.parse(readFileSync(new URL('dsr.rules.json', here), 'utf8'));
const [casesPath, minSecondsArg, modeArg] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesPath, 'utf8'));
const minSeconds = Number(minSecondsArg ?? 2);
const mode = modeArg ?? 'both';

// Every path yields the array of its matches (empty when the path is missing), so a leaf
// `fact eq v` reads "the matches contain v", and a quantifier is a JSONPath filter whose
// matches are tested for emptiness.
const engine = new Engine(rules, {
  allowUndefinedFacts: true,
  pathResolver: (value, path) => JSONPath({ path, json: value, wrap: true }),
});

const expressed = new Set(rules.map((r) => r.name));
for (const id of expressed) {
  if (!cases.rules.includes(id)) {
    console.error(`json-rules-engine: rule "${id}" is not in the rulebook`);
    process.exit(1);
  }
}

async function passing(facts) {
  const { events } = await engine.run({ facts });
  return new Set(events.map((e) => e.type));
}

// Agreement first: every (profile, rule) pair the peer expresses.
let pairs = 0;
let passes = 0;
if (mode !== 'time') {
  for (const c of cases.check) {
    const got = await passing(c.facts);
    const want = new Set(c.pass.filter((id) => expressed.has(id)));
    for (const id of expressed) {
      if (got.has(id) !== want.has(id)) {
        console.error(
          `DISAGREEMENT: json-rules-engine says rule "${id}" ${got.has(id) ? 'passes' : 'does not pass'} ` +
            `on ${c.name}, rulecard says it ${want.has(id) ? 'passes' : 'does not pass'}\n` +
            `facts: ${JSON.stringify(c.facts)}`,
        );
        process.exit(1);
      }
      pairs += 1;
      if (want.has(id)) passes += 1;
    }
  }
}

// Mean ns per call of `evaluate` over `inputs`: one warm-up pass, then whole passes until
// MIN_SECONDS have passed.
async function timePerEval(inputs, evaluate) {
  let sink = 0;
  for (const x of inputs) sink += await evaluate(x);
  let evals = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  do {
    for (const x of inputs) sink += await evaluate(x);
    evals += inputs.length;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < BigInt(Math.round(minSeconds * 1e9)));
  return { ns: Number(elapsed) / evals, sink };
}

let inProcess = null;
let fromText = null;
if (mode !== 'check') {
  const texts = cases.text;
  const objects = texts.map((t) => JSON.parse(t));
  const run = async (facts) => (await engine.run({ facts })).events.length;
  inProcess = await timePerEval(objects, run);
  fromText = await timePerEval(texts, (t) => run(JSON.parse(t)));
}

console.log(
  JSON.stringify({
    engine: 'json-rules-engine',
    rules: [...expressed],
    pairs,
    passes,
    ns_in_process: inProcess?.ns ?? null,
    ns_from_text: fromText?.ns ?? null,
    sink: (inProcess?.sink ?? 0) + (fromText?.sink ?? 0),
  }),
);
