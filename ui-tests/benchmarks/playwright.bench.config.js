/**
 * The review benchmark: the browser-test setup (real JupyterLab, real service) with only the
 * `*.bench.ts` scripts, which the normal test run does not pick up.
 * Run: `npx playwright test --config benchmarks/playwright.bench.config.js` (from ui-tests/).
 */
const path = require('node:path');
const base = require('../playwright.config.js');

module.exports = {
  ...base,
  testDir: __dirname,
  testMatch: '*.bench.ts',
  timeout: 600000,
  reporter: [['list']],
  // A trace snapshots the page's DOM after every action, in the page's own thread: its work
  // would be counted among the long tasks the benchmarks measure.
  use: { ...base.use, trace: 'off' },
  // The servers start from ui-tests/, where their configuration lives.
  webServer: base.webServer.map(server => ({ ...server, cwd: path.resolve(__dirname, '..') }))
};
