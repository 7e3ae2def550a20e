// Adds up every suite of the test run into one closing line, "tests: N passed, M failed".
// Its argument is a file with one line per suite that ran, `kind<TAB>exit code<TAB>report<TAB>name`:
//   check       a single check (lint, the lockfile, the tree): 1 passed or 1 failed by its exit code;
//   jest        jest's --json report;   playwright  Playwright's json reporter;
//   fuzz        the fuzzer's summary (scripts/fuzz.sh): one test per role and database run.
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
    default:
      throw new Error(`unknown report kind ${kind}`);
  }
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
      c = counts(kind, JSON.parse(readFileSync(file, 'utf8')));
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
