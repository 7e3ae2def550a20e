/**
 * A real Apache Airflow for the tests: `airflow standalone` from the project's .venv-airflow3
 * (Airflow 3: simple_auth_manager user from the configuration, JWTs) or .venv-airflow
 * (Airflow 2.10: the admin standalone creates, basic auth on its API), both from
 * scripts/airflow.sh, in a temporary AIRFLOW_HOME with SQLite and its API on a free port.
 * Stopping it ends its whole process group and removes the home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface AirflowStandalone {
  url: string;
  username: string;
  password: string;
  /** Bundles placed here are parsed by the dag-processor (as git-sync would place them). */
  dagsFolder: string;
  home: string;
  /** The last lines of its output, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type AirflowMajor = 3 | 2;

function airflowBin(major: AirflowMajor): string {
  const [variable, venv] =
    major === 3
      ? ['NBPROMOTE_AIRFLOW3_PYTHON', '.venv-airflow3']
      : ['NBPROMOTE_AIRFLOW_PYTHON', '.venv-airflow'];
  const python = process.env[variable] || path.resolve(__dirname, '../../..', venv, 'bin/python');
  const bin = path.join(path.dirname(python), 'airflow');
  if (!fs.existsSync(bin)) {
    throw new Error(`No Airflow ${major} at ${bin}: run \`bash scripts/airflow.sh\` first.`);
  }
  return bin;
}

async function signsIn(
  major: AirflowMajor,
  url: string,
  username: string,
  password: string
): Promise<boolean> {
  try {
    const res =
      major === 3
        ? await fetch(`${url}/auth/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username, password }),
            signal: AbortSignal.timeout(10_000)
          })
        : await fetch(`${url}/api/v1/dags?limit=1`, {
            headers: {
              Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
            },
            signal: AbortSignal.timeout(10_000)
          });
    return res.status === 200 || res.status === 201;
  } catch {
    return false;
  }
}

/** The settings that differ between the majors: where the API listens, who signs in. */
function majorSettings(
  major: AirflowMajor,
  home: string,
  url: string,
  apiPort: number
): { env: Record<string, string>; username: string; password: () => string | null } {
  if (major === 2) {
    // Standalone creates "admin" and writes its password once the database is ready.
    const file = path.join(home, 'standalone_admin_password.txt');
    return {
      env: {
        AIRFLOW__WEBSERVER__WEB_SERVER_PORT: String(apiPort),
        AIRFLOW__WEBSERVER__WEB_SERVER_HOST: '127.0.0.1',
        AIRFLOW__WEBSERVER__WORKERS: '1',
        AIRFLOW__API__AUTH_BACKENDS: 'airflow.api.auth.backend.basic_auth',
        AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL: '3'
      },
      username: 'admin',
      password: () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null)
    };
  }
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const passwords = path.join(home, 'passwords.json');
  fs.writeFileSync(passwords, JSON.stringify({ nbpromote: password }), { mode: 0o600 });
  return {
    env: {
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: 'nbpromote:admin',
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: passwords,
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `${url}/execution/`,
      AIRFLOW__API__PORT: String(apiPort),
      AIRFLOW__API__HOST: '127.0.0.1',
      AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: '3'
    },
    username: 'nbpromote',
    password: () => password
  };
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts Airflow and waits (generously: a loaded machine) until its API signs users in. */
export async function startAirflow(
  env: Record<string, string>,
  major: AirflowMajor = 3,
  readyMs = 300_000
): Promise<AirflowStandalone> {
  const bin = airflowBin(major);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-airflow-'));
  const dagsFolder = path.join(home, 'dags');
  fs.mkdirSync(dagsFolder);
  const [apiPort, logPort, triggerPort] = [await freePort(), await freePort(), await freePort()];
  const url = `http://127.0.0.1:${apiPort}`;
  const settings = majorSettings(major, home, url, apiPort);
  let output = '';
  const child = spawn(bin, ['standalone'], {
    cwd: home,
    detached: true, // its own process group: stop() ends every process it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `${path.dirname(bin)}:/usr/local/bin:/usr/bin:/bin`,
      HOME: home,
      LANG: 'C.UTF-8',
      AIRFLOW_HOME: home,
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
      AIRFLOW__CORE__DAGS_FOLDER: dagsFolder,
      AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT: String(logPort),
      AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT: String(triggerPort),
      // New bundles are found within seconds, and only triggered runs run (no cron runs).
      AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL: '5',
      AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE: 'False',
      AIRFLOW__CORE__PARALLELISM: '2',
      ...settings.env,
      ...env
    }
  });
  const take = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const stop = async () => {
    const group = child.pid;
    if (group !== undefined) {
      try {
        process.kill(-group, 'SIGTERM');
      } catch {
        // already gone
      }
      if (!(await exited(child, 30_000))) {
        try {
          process.kill(-group, 'SIGKILL');
        } catch {
          // already gone
        }
        await exited(child, 10_000);
      }
      // Whatever of the group outlived its leader.
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // none left
      }
    }
    fs.rmSync(home, { recursive: true, force: true });
  };
  const until = Date.now() + readyMs;
  const { username } = settings;
  let password = settings.password();
  while (password === null || !(await signsIn(major, url, username, password))) {
    if (child.exitCode !== null || Date.now() > until) {
      const tail = output.split('\n').slice(-40).join('\n');
      await stop();
      throw new Error(`Airflow did not start within ${readyMs / 1000} s:\n${tail}`);
    }
    await new Promise(r => setTimeout(r, 1000));
    password = settings.password();
  }
  return { url, username, password, dagsFolder, home, output: () => output, stop };
}
