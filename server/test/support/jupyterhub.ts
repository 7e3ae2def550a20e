/**
 * A real JupyterHub (PyPI `jupyterhub`, the project's virtualenv) with its real proxy
 * (`configurable-http-proxy` from npm), configured as `npm run start:hub` configures it
 * (`scripts/hub/jupyterhub_config.py`: a dummy password authenticator, users in groups, nbpromote
 * registered as an external service). Also a test service holding admin scopes, to make tokens
 * and shares the way a Hub's users would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
/** The Hub's configuration, shared with `npm run start:hub`. */
const HUB_CONFIG = path.join(ROOT, 'scripts/hub/jupyterhub_config.py');

/** The password every Hub user logs in with (the Hub's dummy authenticator). */
export const HUB_PASSWORD = 'nbpromote-test';

export interface HubOptions {
  /**
   * What the Hub spawns for a user: a stand-in that only hands its token over (default), or
   * real JupyterLab with the nbpromote extensions as the project installs them.
   */
  singleUser?: 'stand-in' | 'jupyterlab';
  /** More settings for `scripts/hub/jupyterhub_config.py` (e.g. NBPROMOTE_SERVICE_URL). */
  env?: Record<string, string>;
}

export interface Hub {
  /** The Hub's REST API, as the service is configured with it. */
  apiUrl: string;
  /** Where a browser reaches the Hub (its proxy): `${url}/hub/login`. */
  url: string;
  /** The Hub's state; users' homes are `${dir}/home/<name>`. */
  dir: string;
  /** nbpromote's own Hub API token (the external service's `api_token`). */
  serviceToken: string;
  /** A token of `user` with `scopes`, as a single-user server holds one. */
  token(user: string, scopes: string[], expiresIn?: number): Promise<{ id: string; token: string }>;
  /**
   * The token a single-user server of `user` holds: JupyterHub's default server scopes, access
   * to nbpromote, and `custom` ones the user holds (as `Spawner.server_token_scopes` gives).
   */
  serverToken(
    user: string,
    options?: { expiresIn?: number; custom?: string[] }
  ): Promise<{ id: string; token: string }>;
  /**
   * Spawns `user`'s default server; resolves with the JUPYTERHUB_API_TOKEN it was given (the
   * stand-in's; empty for JupyterLab, which keeps its own).
   */
  spawn(user: string): Promise<string>;
  stopServer(user: string): Promise<void>;
  revoke(user: string, tokenId: string): Promise<void>;
  /** `owner` shares their default server with `user`. */
  share(owner: string, user: string): Promise<void>;
  unshare(owner: string, user: string): Promise<void>;
  addToGroup(group: string, user: string): Promise<void>;
  removeFromGroup(group: string, user: string): Promise<void>;
  stop(): Promise<void>;
  /** The Hub process dies at once (SIGKILL); its proxy and the users' servers keep running. */
  crash(): Promise<void>;
  start(): Promise<void>;
  cleanup(): Promise<void>;
  /** The Hub's log, for a failing test's message. */
  log(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function jupyterhubBin(): string {
  const bin = process.env.NBPROMOTE_TEST_JUPYTERHUB ?? path.join(ROOT, '.venv/bin/jupyterhub');
  if (!fs.existsSync(bin)) {
    throw new Error(`No JupyterHub at ${bin}: run \`bash scripts/setup.sh\` (it installs it).`);
  }
  return bin;
}

export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-hub-'));
  const [hubPort, proxyPort, proxyApiPort] = [await freePort(), await freePort(), await freePort()];
  const serviceToken = randomBytes(24).toString('hex');
  const adminToken = randomBytes(24).toString('hex');
  const tokenDir = path.join(dir, 'server-tokens');
  fs.mkdirSync(tokenDir, { mode: 0o700 });
  const env: Record<string, string> = {
    NBPROMOTE_LOCAL_HUB_DIR: dir,
    NBPROMOTE_LOCAL_HUB_PORT: String(proxyPort),
    NBPROMOTE_LOCAL_HUB_API_PORT: String(hubPort),
    NBPROMOTE_LOCAL_HUB_PROXY_API_PORT: String(proxyApiPort),
    NBPROMOTE_LOCAL_HUB_PASSWORD: HUB_PASSWORD,
    NBPROMOTE_LOCAL_HUB_SERVICE_TOKEN: serviceToken,
    NBPROMOTE_LOCAL_HUB_ADMIN_TOKEN: adminToken,
    ...(options.singleUser === 'jupyterlab'
      ? { NBPROMOTE_LOCAL_HUB_SINGLEUSER: 'jupyterlab' }
      : {
          NBPROMOTE_LOCAL_HUB_SINGLEUSER: path.join(__dirname, 'singleUserServer.py'),
          NBPROMOTE_TEST_TOKEN_DIR: tokenDir
        }),
    ...options.env
  };
  const apiUrl = `http://127.0.0.1:${hubPort}/hub/api`;
  let child: ChildProcess | undefined;
  let output = '';

  const admin = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${apiUrl}${route}`, {
      method,
      headers: { Authorization: `token ${adminToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (!response.ok) {
      throw new Error(`Hub ${method} ${route}: ${response.status} ${await response.text()}`);
    }
    const text = await response.text();
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };

  const start = async (): Promise<void> => {
    child = spawn(jupyterhubBin(), ['-f', HUB_CONFIG], {
      cwd: dir,
      env: {
        ...process.env,
        ...env,
        PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`JupyterHub exited:\n${output}`);
      try {
        // Up when both the Hub's API and, through its proxy, its login page answer.
        const response = await fetch(`${apiUrl}/`);
        if (response.ok && (await fetch(`http://127.0.0.1:${proxyPort}/hub/login`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() - started > 60_000) throw new Error(`JupyterHub did not start:\n${output}`);
      await new Promise(r => setTimeout(r, 200));
    }
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise(resolve => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    // A Hub that stops abruptly leaves its proxy running (as after a crash): end it too.
    const pidFile = path.join(dir, 'proxy.pid');
    if (fs.existsSync(pidFile)) {
      try {
        process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGTERM');
      } catch {
        // already gone
      }
      fs.rmSync(pidFile, { force: true });
    }
  };

  const crash = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise(resolve => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  const hub: Hub = {
    apiUrl,
    url: `http://127.0.0.1:${proxyPort}`,
    dir,
    serviceToken,
    async token(user, scopes, expiresIn) {
      const model = (await admin('POST', `/users/${user}/tokens`, {
        scopes,
        expires_in: expiresIn,
        note: 'nbpromote test'
      })) as { id: string; token: string };
      return { id: model.id, token: model.token };
    },
    serverToken(user, options = {}) {
      return hub.token(
        user,
        [
          'users:activity!user',
          `access:servers!server=${user}/`,
          'access:services!service=nbpromote',
          ...(options.custom ?? [])
        ],
        options.expiresIn
      );
    },
    async spawn(user) {
      const tokenFile = path.join(tokenDir, user);
      fs.rmSync(tokenFile, { force: true });
      await admin('POST', `/users/${user}/server`, {});
      for (const started = Date.now(); Date.now() - started < 60_000;) {
        const model = (await admin('GET', `/users/${user}`)) as {
          servers?: Record<string, { ready: boolean }>;
        };
        if (model.servers?.['']?.ready && options.singleUser === 'jupyterlab') return '';
        if (model.servers?.['']?.ready && fs.existsSync(tokenFile)) {
          return fs.readFileSync(tokenFile, 'utf8');
        }
        await new Promise(r => setTimeout(r, 200));
      }
      throw new Error(`${user}'s server did not start:\n${output}`);
    },
    async stopServer(user) {
      await admin('DELETE', `/users/${user}/server`);
      for (const started = Date.now(); Date.now() - started < 30_000;) {
        const model = (await admin('GET', `/users/${user}`)) as {
          servers?: Record<string, unknown>;
        };
        if (!model.servers?.['']) return;
        await new Promise(r => setTimeout(r, 200));
      }
    },
    async revoke(user, tokenId) {
      await admin('DELETE', `/users/${user}/tokens/${tokenId}`);
    },
    async share(owner, user) {
      await admin('POST', `/shares/${owner}/`, { user });
    },
    async unshare(owner, user) {
      await admin('PATCH', `/shares/${owner}/`, { user });
    },
    async addToGroup(group, user) {
      await admin('POST', `/groups/${group}/users`, { users: [user] });
    },
    async removeFromGroup(group, user) {
      await admin('DELETE', `/groups/${group}/users`, { users: [user] });
    },
    stop,
    crash,
    start,
    async cleanup() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => output
  };
  return hub;
}
