import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

const UI_TESTS = path.resolve(__dirname, '..');
const JUPYTER = path.resolve(UI_TESTS, '..', '.venv', 'bin', 'jupyter');

/** A JupyterLab of its own, started for one spec with another server-side configuration. */
export interface SecondLab {
  baseURL: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Start JupyterLab with the test configuration and the given environment; resolves when up. */
export async function startSecondLab(env: Record<string, string>): Promise<SecondLab> {
  const port = await freePort();
  const child: ChildProcess = spawn(JUPYTER, ['lab', '--config', 'jupyter_server_test_config.py'], {
    cwd: UI_TESTS,
    env: { ...process.env, ...env, NBPROMOTE_TEST_LAB_PORT: String(port) },
    stdio: 'ignore'
  });
  const baseURL = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  for (let waited = 0; waited < 90000; waited += 500) {
    if (child.exitCode !== null) {
      break;
    }
    try {
      if ((await fetch(`${baseURL}/lab`)).ok) {
        return { baseURL, stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`JupyterLab did not start on port ${port}`);
}
