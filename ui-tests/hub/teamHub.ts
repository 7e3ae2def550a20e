import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Browser, expect, type Page } from '@playwright/test';
import { freePort, type Hub, HUB_PASSWORD, startHub } from '../../server/test/support/jupyterhub';

const ROOT = path.resolve(__dirname, '../..');

/** A real JupyterHub spawning real JupyterLab, and the nbpromote service registered with it. */
export interface TeamHub {
  hub: Hub;
  serviceUrl: string;
  /** A user logs in at the Hub's login page in a browser context of their own. */
  logIn(browser: Browser, user: string): Promise<Page>;
  /** The user's home directory, where their JupyterLab opens. */
  home(user: string): string;
  stop(): Promise<void>;
}

export async function startTeamHub(): Promise<TeamHub> {
  const servicePort = await freePort();
  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  const hub = await startHub({
    singleUser: 'jupyterlab',
    env: { NBPROMOTE_SERVICE_URL: serviceUrl, NBPROMOTE_LOCAL_HUB_EXPOSE_APP: '1' }
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-hub-service-'));
  let log = '';
  const service: ChildProcess = spawn(
    process.execPath,
    [
      path.join(ROOT, 'server/bin/nbpromote.js'),
      'serve',
      '--port',
      String(servicePort),
      '--data-dir',
      dataDir
    ],
    {
      env: {
        ...process.env,
        NBPROMOTE_HUB_API_URL: hub.apiUrl,
        NBPROMOTE_HUB_API_TOKEN: hub.serviceToken,
        // Every call asks the Hub, so the browser sees at once when the Hub is gone.
        NBPROMOTE_HUB_CACHE_SECONDS: '0'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  service.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  service.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const stopService = async () => {
    if (service.exitCode === null) {
      const exited = new Promise(resolve => service.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
  };
  const stop = async () => {
    await stopService();
    await hub.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await expect
      .poll(
        async () => {
          if (service.exitCode !== null) throw new Error(`the service exited:\n${log}`);
          return (await fetch(`${serviceUrl}/api/v1/health`).catch(() => undefined))?.status;
        },
        { timeout: 30000 }
      )
      .toBe(200);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    hub,
    serviceUrl,
    home: user => path.join(hub.dir, 'home', user),
    async logIn(browser, user) {
      const page = await logIn(
        browser,
        hub.url,
        user,
        HUB_PASSWORD,
        path.join(hub.dir, 'home', user)
      );
      // This Hub's JupyterLab exposes itself, so the tests can run its commands.
      await page.waitForFunction(() => 'jupyterapp' in window);
      return page;
    },
    stop
  };
}

/**
 * `user` logs in at the Hub's login page in a browser context of their own; resolves when
 * their JupyterLab (spawned by the Hub, its home `home`) shows.
 */
export async function logIn(
  browser: Browser,
  hubUrl: string,
  user: string,
  password: string,
  home: string
): Promise<Page> {
  // JupyterLab's question about fetching news would cover the buttons the tests click.
  const settings = path.join(home, '.jupyter/lab/user-settings/@jupyterlab/apputils-extension');
  fs.mkdirSync(settings, { recursive: true });
  fs.writeFileSync(
    path.join(settings, 'notification.jupyterlab-settings'),
    JSON.stringify({ fetchNews: 'false' })
  );
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${hubUrl}/hub/login`);
  await page.getByLabel('Username').fill(user);
  await page.locator('#password_input').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The Hub spawns the user's JupyterLab, then sends the browser there.
  await page.waitForURL(new RegExp(`/user/${user}/lab`), { timeout: 120000 });
  await expect(page.locator('#jp-main-dock-panel')).toBeVisible({ timeout: 60000 });
  return page;
}

/** Run a JupyterLab command in the page, as the palette would. */
export async function command(page: Page, id: string, args: object = {}): Promise<void> {
  await page.evaluate(
    async ({ id, args }) => {
      const app = (
        window as unknown as {
          jupyterapp: { commands: { execute(id: string, args: object): Promise<unknown> } };
        }
      ).jupyterapp;
      await app.commands.execute(id, args);
    },
    { id, args }
  );
}
