/**
 * Verification benchmark (not a test). Starts the real service (`nbpromote serve`, SQLite in a
 * temporary data dir, the local executor on) and measures, in one run on one machine:
 *   - submit to verdict: from POST /promotions of the example (examples/titanic_pipeline.ipynb,
 *     its metrics saved as a run of it shows them) to the `event: verification` that says the
 *     run ended. The first run builds the run's virtualenv (cold: a fresh cache); the others
 *     find it built (warm).
 *   - the same notebook run top to bottom with `jupyter nbconvert --execute` from the project's
 *     .venv, in the examples folder (where its `train.csv` is).
 * Prints each repetition, the medians and the ratio (target: warm verification no slower than
 * 1.5x nbconvert).
 *
 *   server/bench/verification.sh [repetitions]   (default 5)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const SERVER = process.env.NBPROMOTE_SERVER_DIR ?? path.resolve(__dirname, '..');
const REPO = path.resolve(SERVER, '..');
const EXAMPLES = path.join(REPO, 'examples');
const EXAMPLE = path.join(EXAMPLES, 'titanic_pipeline.ipynb');
const JUPYTER = path.join(REPO, '.venv', 'bin', 'jupyter');
const REPETITIONS = Math.max(1, Number(process.argv[2] ?? 5) || 5);
const ENDED = ['passed', 'failed', 'timed_out', 'cancelled', 'lost'];

type Json = Record<string, unknown>;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The example as its author saves it after running it: the metrics cell shows its values. */
function savedExample(): Json {
  const nb = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
  for (const cell of nb.cells) {
    if ((cell.metadata?.tags ?? []).includes('pipeline-metrics')) {
      cell.execution_count = 12;
      cell.outputs = [
        {
          output_type: 'execute_result',
          execution_count: 12,
          metadata: {},
          data: { 'text/plain': "{'accuracy': 0.7757847533632287, 'f1': 0.6710526315789473}" }
        }
      ];
    }
  }
  return nb;
}

/** Starts the service and waits for the `listening on <url>` line it prints. */
async function startService(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [path.join(SERVER, 'bin', 'nbpromote.js'), 'serve', '--port', '0', '--demo-users'],
    { env, stdio: ['ignore', 'pipe', 'inherit'] }
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
      reject(new Error(`nbpromote serve exited (${code}):\n${out}`));
    });
  });
  return { url, child };
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Follows GET /events; `ended(id)` resolves with the status of request `id`'s run once it ends. */
function followVerifications(url: string, token: string) {
  const waiting = new Map<number, (status: string) => void>();
  const seen = new Map<number, string>();
  let raw = '';
  const req = http.get(`${url}/api/v1/events`, {
    headers: { Authorization: `Bearer ${token}` }
  });
  const opened = new Promise<void>((resolve, reject) => {
    req.on('response', res => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        if (raw.startsWith(': connected')) resolve();
        for (let end = raw.indexOf('\n\n'); end >= 0; end = raw.indexOf('\n\n')) {
          const block = raw.slice(0, end);
          raw = raw.slice(end + 2);
          const data = /^event: verification\ndata: (.*)$/m.exec(block);
          if (!data) continue;
          const event = JSON.parse(data[1]) as { requestId: number; status: string };
          if (!ENDED.includes(event.status)) continue;
          seen.set(event.requestId, event.status);
          waiting.get(event.requestId)?.(event.status);
        }
      });
    });
    req.on('error', reject);
  });
  const ended = (id: number) =>
    new Promise<string>(resolve => {
      const done = seen.get(id);
      if (done) resolve(done);
      else waiting.set(id, resolve);
    });
  return { opened, ended, close: () => req.destroy() };
}

/** One submission of the example, timed to its verification's verdict. */
async function submitToVerdict(
  url: string,
  token: string,
  stream: ReturnType<typeof followVerifications>
): Promise<{ ms: number; status: string; summary: string }> {
  const body = JSON.stringify({ path: 'titanic_pipeline.ipynb', notebook: savedExample() });
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/promotions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body
  });
  const created = (await res.json()) as Json;
  if (res.status !== 201)
    throw new Error(`POST /promotions: ${res.status} ${JSON.stringify(created)}`);
  const status = await stream.ended(Number(created.id));
  const ms = performance.now() - t0;
  const view = (await (
    await fetch(`${url}/api/v1/promotions/${created.id}/verification`, {
      headers: { Authorization: `Bearer ${token}` }
    })
  ).json()) as { runs: { reason: string | null; result: { comparison?: { summary: string } } }[] };
  const run = view.runs[0];
  return { ms, status, summary: run.result?.comparison?.summary ?? run.reason ?? '' };
}

/** `jupyter nbconvert --execute` of the example, in the examples folder, timed. */
async function nbconvert(outDir: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(
    JUPYTER,
    ['nbconvert', '--to', 'notebook', '--execute', '--output-dir', outDir, EXAMPLE],
    { cwd: EXAMPLES, stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>(resolve => child.on('close', resolve));
  if (code !== 0) throw new Error(`jupyter nbconvert exited ${code}:\n${err}`);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  if (!fs.existsSync(JUPYTER)) {
    throw new Error(`${JUPYTER} is missing: run \`bash scripts/setup.sh\` first.`);
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-bench-verify-'));
  const dataDir = path.join(scratch, 'data');
  // The service keeps its run virtualenvs under the temp dir: a fresh one makes the first cold.
  const tmp = path.join(scratch, 'tmp');
  const out = path.join(scratch, 'nbconvert');
  for (const d of [dataDir, tmp, out]) fs.mkdirSync(d);
  const service = await startService({
    ...process.env,
    TMPDIR: tmp,
    NBPROMOTE_DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${path.join(dataDir, 'nbpromote.sqlite')}`,
    NBPROMOTE_VERIFY_LOCAL: 'on',
    NBPROMOTE_VERIFY_DATA_ROOT: EXAMPLES,
    NBPROMOTE_WRITE_RATE_LIMIT: '100000'
  });
  const tokens = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-tokens.json'), 'utf8'));
  const stream = followVerifications(service.url, tokens.linus);
  try {
    await stream.opened;
    console.log(
      `nbpromote verification benchmark: ${service.url}, SQLite, local executor, ` +
        `${os.cpus().length} CPUs, ${REPETITIONS} repetitions after a cold run, ` +
        `load average ${os.loadavg()[0].toFixed(1)} (others' work slows both sides alike)`
    );
    console.log('\nsubmit to verdict (POST /promotions to the run-ended event)');
    const cold = await submitToVerdict(service.url, tokens.ada, stream);
    console.log(
      `  cold (builds the run's virtualenv): ${seconds(cold.ms)}  ${cold.status}: ${cold.summary}`
    );
    const warm: number[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      const r = await submitToVerdict(service.url, tokens.ada, stream);
      if (r.status !== 'passed') throw new Error(`run ${i + 1} ${r.status}: ${r.summary}`);
      warm.push(r.ms);
      console.log(`  warm ${i + 1}: ${seconds(r.ms)}  ${r.status}: ${r.summary}`);
    }

    console.log('\njupyter nbconvert --execute, the same notebook top to bottom');
    const first = await nbconvert(out);
    console.log(`  first (not counted: disk caches): ${seconds(first)}`);
    const direct: number[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      direct.push(await nbconvert(out));
      console.log(`  ${i + 1}: ${seconds(direct[i])}`);
    }

    const v = median(warm);
    const n = median(direct);
    console.log('\nmedians');
    console.log(`  verification, warm: ${seconds(v)}   (cold: ${seconds(cold.ms)})`);
    console.log(`  nbconvert --execute: ${seconds(n)}`);
    console.log(
      `  ratio verification / nbconvert: ${(v / n).toFixed(2)}x warm, ${(cold.ms / n).toFixed(2)}x cold (target: at most 1.5x warm)`
    );
  } finally {
    stream.close();
    await stopService(service.child);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
