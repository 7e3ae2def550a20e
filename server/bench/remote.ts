/**
 * Shared-remote benchmark (not a test): what pushing every write to the artifact repository's
 * remote costs. Two real services run side by side on SQLite, one with a file:// remote (a
 * bare repository on the same disk, so this is git's own cost, not a network's) and one
 * without; submissions and promotions alternate between them, one at a time, and the
 * medians are printed with their ratio.
 *
 *   server/bench/remote.sh [ROUNDS]   (default 20)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SERVER = process.env.NBPROMOTE_SERVER_DIR ?? path.resolve(__dirname, '..');
const REPO = path.resolve(SERVER, '..');

type Json = Record<string, unknown>;

interface Service {
  url: string;
  child: ChildProcess;
  tokens: Record<string, string>;
}

async function start(dataDir: string, env: Record<string, string>): Promise<Service> {
  const child = spawn(
    process.execPath,
    [path.join(SERVER, 'bin', 'nbpromote.js'), 'serve', '--port', '0', '--demo-users'],
    {
      env: {
        ...process.env,
        NBPROMOTE_DATA_DIR: dataDir,
        DATABASE_URL: `sqlite:${path.join(dataDir, 'nbpromote.sqlite')}`,
        NBPROMOTE_WRITE_RATE_LIMIT: '100000',
        ...env
      },
      stdio: ['ignore', 'pipe', 'inherit']
    }
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      }
    }, 20);
    child.once('exit', code => {
      clearInterval(timer);
      reject(new Error(`the service exited (${code}):\n${out}`));
    });
  });
  const tokens = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-tokens.json'), 'utf8'));
  return { url, child, tokens };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function call(
  s: Service,
  user: string,
  method: string,
  route: string,
  body?: unknown
): Promise<{ json: Json; ms: number }> {
  const t = performance.now();
  const res = await fetch(`${s.url}/api/v1${route}`, {
    method,
    headers: { Authorization: `Bearer ${s.tokens[user]}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const json = (await res.json()) as Json;
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return { json, ms: performance.now() - t };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 20);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-bench-remote-'));
  const remote = path.join(root, 'artifacts.git');
  execFileSync('git', ['init', '--bare', '--quiet', remote]);
  const notebook = JSON.parse(
    fs.readFileSync(path.join(REPO, 'examples', 'titanic_pipeline.ipynb'), 'utf8')
  );
  delete notebook.metadata.nbpromote.version; // let the service choose versions
  const services = {
    local: await start(path.join(root, 'local'), {}),
    remote: await start(path.join(root, 'remote'), { NBPROMOTE_GIT_REMOTE_URL: `file://${remote}` })
  };
  const times = {
    local: { submit: [] as number[], promote: [] as number[] },
    remote: { submit: [] as number[], promote: [] as number[] }
  };
  try {
    // One warm-up round each (Python workers, the remote's first join), not counted.
    for (let n = -1; n < rounds; n++) {
      // Alternating which goes first keeps drift (disk caches, other load) out of the ratio.
      const order = n % 2 ? (['local', 'remote'] as const) : (['remote', 'local'] as const);
      for (const kind of order) {
        const s = services[kind];
        const sub = await call(s, 'ada', 'POST', '/promotions', {
          path: 'titanic_pipeline.ipynb',
          notebook
        });
        const id = sub.json.id as number;
        await call(s, 'linus', 'POST', `/promotions/${id}/reviews`, { verdict: 'approve' });
        const pro = await call(s, 'ada', 'POST', `/promotions/${id}/promote`, {});
        if (n < 0) continue;
        times[kind].submit.push(sub.ms);
        times[kind].promote.push(pro.ms);
      }
    }
  } finally {
    await Promise.all(Object.values(services).map(s => stop(s.child)));
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`shared remote cost, ${rounds} rounds, medians (file:// remote on the same disk)`);
  for (const op of ['submit', 'promote'] as const) {
    const without = median(times.local[op]);
    const withRemote = median(times.remote[op]);
    console.log(
      `  ${op.padEnd(8)} without remote ${without.toFixed(1)} ms   with remote ${withRemote.toFixed(1)} ms   ratio ${(withRemote / without).toFixed(2)}x   (+${(withRemote - without).toFixed(1)} ms)`
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
