import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '../../server/test/support/jupyterhub';
import { logIn } from './teamHub';

const ROOT = path.resolve(__dirname, '../..');

/**
 * `npm run start:hub` itself, on free ports and a temporary data dir: it comes up, prints the
 * login URL and the logins, ada logs in with the demo password and her JupyterLab spawns with
 * nbpromote knowing her, and Ctrl-C stops everything.
 */
test('npm run start:hub starts a Hub where ada logs in, and Ctrl-C stops it all', async ({
  browser
}) => {
  test.setTimeout(300000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-start-hub-'));
  const [hubPort, servicePort, apiPort, proxyApiPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort()
  ];
  const child = spawn('bash', [path.join(ROOT, 'scripts/start-hub.sh')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NBPROMOTE_DATA_DIR: dataDir,
      NBPROMOTE_LOCAL_HUB_PORT: String(hubPort),
      NBPROMOTE_PORT: String(servicePort),
      NBPROMOTE_LOCAL_HUB_API_PORT: String(apiPort),
      NBPROMOTE_LOCAL_HUB_PROXY_API_PORT: String(proxyApiPort)
    },
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  try {
    await expect
      .poll(() => output, { timeout: 240000, message: 'start:hub says it is running' })
      .toContain('nbpromote is running behind JupyterHub');
    expect(output).toContain(`Log in at:   ${hubUrl}/hub/login`);
    expect(output).toContain('Password:    nbpromote-demo');
    expect(output).toMatch(/ada\s+data scientist/);
    expect(output).toMatch(/linus\s+reviewer/);
    expect(output).toMatch(/grace\s+admin/);

    const home = path.join(dataDir, 'hub/jupyterhub/home/ada');
    const page = await logIn(browser, hubUrl, 'ada', 'nbpromote-demo', home);
    // Her home holds the example, and nbpromote knows her from the Hub.
    expect(fs.existsSync(path.join(home, 'titanic_pipeline.ipynb'))).toBe(true);
    await page.locator('.lm-TabBar-tab[title="Promotion requests"]').click();
    await expect(page.locator('#nbpromote-requests')).toContainText(
      'Signed in as ada (data-scientist)'
    );
    await page.context().close();
  } finally {
    child.kill('SIGINT');
    await exited;
  }
  // Everything it started is gone: the Hub's proxy, the Hub and the service.
  for (const url of [
    `${hubUrl}/hub/login`,
    `http://127.0.0.1:${apiPort}/hub/api/`,
    `http://127.0.0.1:${servicePort}/api/v1/health`
  ]) {
    await expect
      .poll(async () => (await fetch(url).catch(() => undefined))?.status, { timeout: 30000 })
      .toBeUndefined();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});
