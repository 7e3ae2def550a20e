/**
 * nbpromote behind a real JupyterHub: the spec starts the Hub (its proxy, a password login,
 * users in groups, real JupyterLab servers spawned as local processes) and the service
 * registered with it, and drives Debian's Chromium (browsers cannot be downloaded here) as
 * people who log in. Plain Playwright: Galata's fixtures assume a JupyterLab without a Hub.
 */
module.exports = {
  testDir: '.',
  testMatch: '*.spec.ts',
  // The whole suite: a Hub, six JupyterLabs spawned one after another, one Hub restart.
  globalTimeout: 10 * 60 * 1000,
  timeout: 3 * 60 * 1000,
  expect: { timeout: 20000 },
  retries: 0,
  workers: 1,
  outputDir: '../test-results/hub',
  reporter: [
    [process.env.CI ? 'list' : 'line'],
    // The full test run adds this report's counts into its closing line.
    ...(process.env.NBPROMOTE_TEST_REPORT
      ? [['json', { outputFile: process.env.NBPROMOTE_TEST_REPORT }]]
      : [])
  ],
  use: {
    video: 'off',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  }
};
