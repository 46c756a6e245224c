// Compares a conformance-suite run with the baseline of expected failures.
//
//   node compare.mjs <results-dir> <suite-log> <expected-failures.txt>
//
// <results-dir> is the suite's --output-dir (one server-<scenario>-<timestamp>/checks.json per scenario), <suite-log>
// its stdout (for the list of scenarios it ran and its summary line). A scenario fails when any of its checks is a
// FAILURE, or when it left no checks at all (it crashed). WARNING checks are printed but do not fail a scenario.
// Prints one line per scenario, the suite's own summary line, then
//   conformance: N passed, N failed, N expected failures
// where "failed" counts only failures NOT in the baseline. Exit 1 when there is one; a baselined scenario that passes
// is a warning only.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [resultsDir, suiteLog, baselinePath] = process.argv.slice(2);
if (!resultsDir || !suiteLog || !baselinePath) {
  console.error('usage: compare.mjs <results-dir> <suite-log> <expected-failures.txt>');
  process.exit(2);
}

// Baseline: `<scenario>  # reason`, blank lines and # comments ignored.
const baseline = new Map();
for (const [i, raw] of readFileSync(baselinePath, 'utf8').split('\n').entries()) {
  const line = raw.trim();
  if (!line || line.startsWith('#')) continue;
  const m = /^(\S+)\s*(?:#\s*(.*))?$/.exec(line);
  if (!m) {
    console.error(`${baselinePath}:${i + 1}: not "<scenario>  # reason": ${raw}`);
    process.exit(2);
  }
  if (!m[2]) console.error(`warning: ${baselinePath}:${i + 1}: ${m[1]} has no reason`);
  baseline.set(m[1], m[2] ?? '');
}

const log = readFileSync(suiteLog, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const ran = [...log.matchAll(/^=== Running scenario: (\S+) ===$/gm)].map((m) => m[1]);
// The full-suite run ends with "Total: N passed, N failed"; a single scenario with "Passed: a/b, N failed, N warnings".
const summaryLine = [...log.matchAll(/^(?:Total: \d+ passed, \d+ failed|Passed: .*)$/gm)].map((m) => m[0]).pop();

const checksByScenario = new Map();
if (existsSync(resultsDir)) {
  for (const dir of readdirSync(resultsDir)) {
    const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/.exec(dir);
    const file = join(resultsDir, dir, 'checks.json');
    if (m && existsSync(file)) checksByScenario.set(m[1], JSON.parse(readFileSync(file, 'utf8')));
  }
}
const scenarios = ran.length > 0 ? ran : [...checksByScenario.keys()];
if (scenarios.length === 0) {
  console.error('conformance: the suite ran no scenario; see its log: ' + suiteLog);
  console.log('conformance: 0 passed, 1 failed, 0 expected failures');
  process.exit(1);
}

const passed = [];
const unexpected = [];
const expected = [];
const stale = [];
for (const scenario of scenarios) {
  const checks = checksByScenario.get(scenario) ?? [];
  const failures = checks.filter((c) => c.status === 'FAILURE');
  const warnings = checks.filter((c) => c.status === 'WARNING');
  const ok = checks.length > 0 && failures.length === 0;
  const inBaseline = baseline.has(scenario);
  let tag;
  if (ok && !inBaseline) { tag = 'PASS '; passed.push(scenario); }
  else if (ok && inBaseline) { tag = 'PASS?'; passed.push(scenario); stale.push(scenario); }
  else if (!ok && inBaseline) { tag = 'XFAIL'; expected.push(scenario); }
  else { tag = 'FAIL '; unexpected.push(scenario); }
  const note = !ok && inBaseline ? `  # ${baseline.get(scenario)}` : '';
  console.log(`${tag} ${scenario}${note}`);
  const show = (c) => `        ${c.status} ${c.id}: ${c.errorMessage ?? ''}`.trimEnd();
  if (!ok && !inBaseline) {
    if (checks.length === 0) console.log('        no checks recorded (the scenario crashed; see the suite log)');
    for (const c of failures) {
      console.log(show(c));
      if (c.details) console.log(`          details: ${JSON.stringify(c.details).slice(0, 2000)}`);
    }
  }
  for (const c of warnings) console.log(show(c));
}

for (const name of baseline.keys())
  if (scenarios.length > 1 && !scenarios.includes(name)) console.log(`warning: baseline entry ${name} was not run by the suite (renamed or removed?)`);
for (const name of stale)
  console.log(`warning: ${name} is in the baseline but passed: remove it from ${baselinePath}`);
if (unexpected.length > 0)
  console.log(`error: ${unexpected.length} scenario(s) failed that are not in the baseline: ${unexpected.join(', ')}`);

console.log(`suite summary (checks): ${summaryLine ?? '(no summary line in the suite output)'}`);
console.log(`conformance: ${passed.length} passed, ${unexpected.length} failed, ${expected.length} expected failures`);
process.exit(unexpected.length > 0 ? 1 : 0);
