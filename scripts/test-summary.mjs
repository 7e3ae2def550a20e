// Adds up every suite of the test run into one closing line, "tests: N passed, M failed".
// Its argument is a file with one line per suite that ran, `kind<TAB>exit code<TAB>report<TAB>name`:
//   check       a single check (lint, the lockfile, the tree): 1 passed or 1 failed by its exit code;
//   jest        jest's --json report;   playwright  Playwright's json reporter;
//   fuzz        the fuzzer's summary (scripts/fuzz.sh): one test per role and database run;
//   junit       a JUnit XML report (pytest --junitxml): its test suites' counts added up.
// A suite that exited non-zero counts at least one failure even when its report says none,
// and a suite without a readable report counts one: a failing suite never leaves "0 failed".
// Prints one line per suite, then the closing line, last.
import { readFileSync } from 'node:fs';

function counts(kind, report) {
  switch (kind) {
    case 'jest':
      return {
        passed: report.numPassedTests,
        failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0),
        skipped: report.numPendingTests + (report.numTodoTests ?? 0)
      };
    case 'playwright':
      return {
        passed: report.stats.expected + report.stats.flaky,
        failed: report.stats.unexpected,
        skipped: report.stats.skipped
      };
    case 'fuzz':
      return { passed: report.passed, failed: report.failed, skipped: 0 };
    case 'junit':
      return junitCounts(report);
    default:
      throw new Error(`unknown report kind ${kind}`);
  }
}

/** The counts of every <testsuite> element of a JUnit XML report. */
function junitCounts(xml) {
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites = xml.match(/<testsuite\s[^>]*>/g) ?? [];
  if (suites.length === 0) {
    throw new Error('no <testsuite> in the report');
  }
  for (const tag of suites) {
    for (const key of Object.keys(total)) {
      total[key] += Number(new RegExp(`\\s${key}="(\\d+)"`).exec(tag)?.[1] ?? 0);
    }
  }
  const failed = total.failures + total.errors;
  return { passed: total.tests - failed - total.skipped, failed, skipped: total.skipped };
}

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
for (const line of lines) {
  const [kind, exit, file, name] = line.split('\t');
  const ok = exit === '0';
  let c;
  if (kind === 'check') {
    c = { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
  } else {
    try {
      const text = readFileSync(file, 'utf8');
      c = counts(kind, kind === 'junit' ? text : JSON.parse(text));
    } catch {
      c = { passed: 0, failed: 1, skipped: 0, note: 'no report: it stopped before the end' };
    }
  }
  if (!ok && c.failed === 0) {
    c = { ...c, failed: 1, note: `exited ${exit} with no failed test in its report` };
  }
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
  const figures = `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
  console.log(`  ${c.failed ? '✗' : '✓'} ${name}: ${figures}${c.note ? ` (${c.note})` : ''}`);
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
