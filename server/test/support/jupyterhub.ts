/**
 * A real JupyterHub (PyPI `jupyterhub`, the project's virtualenv) with its real proxy
 * (`configurable-http-proxy` from npm), a dummy password authenticator, test users in groups,
 * and nbpromote registered as an external service. Also a test service holding admin
 * scopes, to make tokens and shares the way a Hub's users would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

export const HUB_GROUPS = {
  'nbpromote-users': ['ada', 'bob'],
  'nbpromote-reviewers': ['linus'],
  'nbpromote-admins': ['grace']
} as const;

/** katherine reviews through a custom scope; eve is in no nbpromote group. */
export const HUB_USERS = ['ada', 'bob', 'linus', 'grace', 'katherine', 'eve'] as const;

export interface Hub {
  /** The Hub's REST API, as the service is configured with it. */
  apiUrl: string;
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
  /** Spawns `user`'s default server; resolves with the JUPYTERHUB_API_TOKEN it was given. */
  spawn(user: string): Promise<string>;
  stopServer(user: string): Promise<void>;
  revoke(user: string, tokenId: string): Promise<void>;
  /** `owner` shares their default server with `user`. */
  share(owner: string, user: string): Promise<void>;
  unshare(owner: string, user: string): Promise<void>;
  addToGroup(group: string, user: string): Promise<void>;
  removeFromGroup(group: string, user: string): Promise<void>;
  stop(): Promise<void>;
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

function py(value: unknown): string {
  // JSON literals are Python literals for the strings, lists and dicts written here.
  return JSON.stringify(value);
}

export async function startHub(): Promise<Hub> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-hub-'));
  const [hubPort, proxyPort, proxyApiPort] = [await freePort(), await freePort(), await freePort()];
  const serviceToken = randomBytes(24).toString('hex');
  const adminToken = randomBytes(24).toString('hex');
  const tokenDir = path.join(dir, 'server-tokens');
  fs.mkdirSync(tokenDir, { mode: 0o700 });
  const config = `
c = get_config()  # noqa
c.JupyterHub.bind_url = ${py(`http://127.0.0.1:${proxyPort}`)}
c.JupyterHub.hub_bind_url = ${py(`http://127.0.0.1:${hubPort}`)}
c.ConfigurableHTTPProxy.api_url = ${py(`http://127.0.0.1:${proxyApiPort}`)}
c.ConfigurableHTTPProxy.command = [${py(path.join(ROOT, 'node_modules/.bin/configurable-http-proxy'))}]
c.ConfigurableHTTPProxy.auth_token = ${py(randomBytes(24).toString('hex'))}
c.ConfigurableHTTPProxy.pid_file = ${py(path.join(dir, 'proxy.pid'))}
c.JupyterHub.db_url = ${py(`sqlite:///${path.join(dir, 'jupyterhub.sqlite')}`)}
c.JupyterHub.cookie_secret_file = ${py(path.join(dir, 'cookie_secret'))}
c.JupyterHub.pid_file = ${py(path.join(dir, 'hub.pid'))}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = "nbpromote-test"
c.Authenticator.allowed_users = set(${py(HUB_USERS)})
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = ${py(path.join(dir, 'home/{username}'))}
c.Spawner.cmd = [${py(path.join(path.dirname(jupyterhubBin()), 'python'))}, ${py(path.join(__dirname, 'singleUserServer.py'))}]
c.Spawner.environment = {"NBPROMOTE_TEST_TOKEN_DIR": ${py(tokenDir)}}
c.Spawner.http_timeout = 60
# As "Deploy for a team" says: each server's token reaches nbpromote, with the custom scopes
# its user holds (the Hub drops the others).
c.Spawner.server_token_scopes = [
    "users:activity!user", "access:servers!server", "access:services!service=nbpromote",
    "custom:nbpromote:promote", "custom:nbpromote:review", "custom:nbpromote:admin",
]
c.JupyterHub.load_groups = ${py(Object.fromEntries(Object.entries(HUB_GROUPS).map(([g, users]) => [g, { users }])))}
c.JupyterHub.custom_scopes = {
    "custom:nbpromote:promote": {"description": "Promote notebooks with nbpromote"},
    "custom:nbpromote:review": {"description": "Review promotion requests in nbpromote"},
    "custom:nbpromote:admin": {"description": "Administer nbpromote"},
}
# Every user's server may call nbpromote with its own token.
c.JupyterHub.extra_user_scopes = ["access:services!service=nbpromote"]
c.JupyterHub.services = [
    {"name": "nbpromote", "url": "http://127.0.0.1:9", "api_token": ${py(serviceToken)}},
    {"name": "nbpromote-test", "api_token": ${py(adminToken)}},
]
c.JupyterHub.load_roles = [
    {"name": "nbpromote", "services": ["nbpromote"],
     "scopes": ["read:users:shares", "read:users:groups", "read:users:name"]},
    {"name": "nbpromote-test", "services": ["nbpromote-test"],
     "scopes": ["admin:users", "tokens", "shares", "admin:groups", "admin:servers",
                "read:users:name", "read:groups:name", "access:servers"]},
    {"name": "nbpromote-review-by-scope", "users": ["katherine"],
     "scopes": ["custom:nbpromote:review"]},
]
`;
  fs.writeFileSync(path.join(dir, 'jupyterhub_config.py'), config);
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
    child = spawn(jupyterhubBin(), ['-f', path.join(dir, 'jupyterhub_config.py')], {
      cwd: dir,
      env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`JupyterHub exited:\n${output}`);
      try {
        const response = await fetch(`${apiUrl}/`);
        if (response.ok) break;
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

  await start();
  const hub: Hub = {
    apiUrl,
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
    start,
    async cleanup() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => output
  };
  return hub;
}
