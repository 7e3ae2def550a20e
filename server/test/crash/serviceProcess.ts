/** The real service as a child process (`node bin/nbpromote.js serve`), for crash tests. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SERVER = path.resolve(__dirname, '..', '..');

/** Compiles the service into server/lib once per test file (what `npm run build` does). */
export function buildService(): void {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: SERVER,
      stdio: 'inherit'
    }
  );
}

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the signal or exit code once the process is gone. */
  exited: Promise<string>;
  stop(): Promise<string>;
}

/** Starts the service on a free port and resolves once it listens. */
export async function startServiceProcess(
  dataDir: string,
  databaseUrl: string,
  env: Record<string, string> = {}
): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    [path.join(SERVER, 'bin', 'nbpromote.js'), 'serve', '--port', '0', '--demo-users'],
    {
      cwd: SERVER,
      env: {
        ...process.env,
        NBPROMOTE_DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        NBPROMOTE_CRASH_AT: '',
        // A killed service would leave verification runs' processes behind: none start here.
        NBPROMOTE_VERIFY_LOCAL: 'off',
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<string>(resolve =>
    // 'close', not 'exit': by then the child's last output has arrived too.
    child.once('close', (code, signal) => resolve(signal ?? String(code)))
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 20);
    void exited.then(code => {
      clearInterval(timer);
      reject(new Error(`service exited (${code}) before listening:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    }
  };
}

/** The demo tokens the service wrote to `<dataDir>/demo-tokens.json`. */
export function demoTokens(dataDir: string): Record<'ada' | 'linus' | 'grace', string> {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-tokens.json'), 'utf8'));
}
