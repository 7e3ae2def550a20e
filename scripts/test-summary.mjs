// Adds up what the test runners wrote (jest's and Playwright's JSON reports) and prints one
// closing line, "tests: N passed, M failed", so a reader (or CI) sees how many tests ran in
// total. A suite whose report is missing counts as one failed test: it crashed before the end.
//   node scripts/test-summary.mjs jest:ext.json jest:server.json playwright:ui.json
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const arg of process.argv.slice(2)) {
  const [kind, file] = arg.split(/:(.*)/s);
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.error(`no test report from ${file}`);
    failed += 1;
    continue;
  }
  if (kind === 'jest') {
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } else if (kind === 'playwright') {
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
  } else {
    throw new Error(`unknown report kind ${kind}`);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
