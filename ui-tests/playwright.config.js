/**
 * Galata runs a real JupyterLab with the built extension and a real nbpromote service,
 * each on its own test port, in Debian's Chromium (browsers cannot be downloaded here).
 */
const os = require('node:os');
const path = require('node:path');
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const LAB_PORT = process.env.NBPROMOTE_TEST_LAB_PORT || '18888';
const SERVICE_PORT = process.env.NBPROMOTE_TEST_SERVICE_PORT || '18765';
const ROOT = path.resolve(__dirname, '..');
// Fixed (not per process): the test workers read the demo users' tokens from it.
const DATA_DIR =
  process.env.NBPROMOTE_TEST_DATA_DIR || path.join(os.tmpdir(), 'nbpromote-ui-tests');
process.env.NBPROMOTE_TEST_DATA_DIR = DATA_DIR;
process.env.NBPROMOTE_TEST_SERVICE_URL = `http://127.0.0.1:${SERVICE_PORT}`;

module.exports = {
  ...baseConfig,
  // hub/ is the suite behind a real JupyterHub, with its own config.
  testIgnore: 'hub/**',
  timeout: 90000,
  retries: 0,
  workers: 1,
  reporter: [
    [process.env.CI ? 'list' : 'line'],
    ['html', { open: 'never' }],
    // The full test run adds this report's counts into its closing line.
    ...(process.env.NBPROMOTE_TEST_REPORT
      ? [['json', { outputFile: process.env.NBPROMOTE_TEST_REPORT }]]
      : [])
  ],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${LAB_PORT}`,
    // Video needs Playwright's downloaded ffmpeg, which this machine cannot fetch.
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
  },
  webServer: [
    {
      command:
        `rm -rf ${DATA_DIR} && node ${ROOT}/server/bin/nbpromote.js serve --demo-users --port ${SERVICE_PORT} ` +
        `--data-dir ${DATA_DIR}`,
      url: `http://127.0.0.1:${SERVICE_PORT}/api/v1/health`,
      // Verification runs read the example's data for dev (its data_path is train.csv); they
      // are off until the spec about them turns them on, so other specs start no runs.
      env: {
        ...process.env,
        NBPROMOTE_VERIFY_DATA_ROOT: path.join(ROOT, 'examples'),
        NBPROMOTE_VERIFY_LOCAL: 'off'
      },
      timeout: 60000,
      reuseExistingServer: false
    },
    {
      command: `${ROOT}/.venv/bin/jupyter lab --config jupyter_server_test_config.py`,
      url: `http://localhost:${LAB_PORT}/lab`,
      // The server extension forwards the extension's calls to the test service.
      env: {
        ...process.env,
        NBPROMOTE_TEST_LAB_PORT: LAB_PORT,
        NBPROMOTE_SERVICE_URL: process.env.NBPROMOTE_TEST_SERVICE_URL
      },
      timeout: 120000,
      reuseExistingServer: false
    }
  ]
};
