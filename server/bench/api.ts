/**
 * API benchmark (not a test). Starts the real service (`nbpromote serve`) on loopback with a
 * temporary data dir and measures:
 *   (a) read throughput and latency of GET /promotions and GET /promotions/:id (autocannon);
 *   (b) 50 concurrent submissions of a ~1 MB notebook, then 10 concurrent promotions, checking
 *       that every request, commit, branch and tag is there and no version is used twice;
 *   (c) submit latency after 1,000 and 10,000 earlier requests (history inserted directly).
 *
 *   server/bench/api.sh   (BENCH_DATABASE_URL=postgres://... for PostgreSQL)
 *   BENCH_PARTS=ab server/bench/api.sh   only (a) and (b): the history of (c) takes longest
 *   BENCH_PARTS=b server/bench/api.sh    only (b), the submissions ((a) reads what (b) made)
 *   BENCH_VERIFY_LOCAL=on server/bench/api.sh   with verification runs going (off by default)
 *   BENCH_ROUNDS=5 BENCH_ROUND_SECONDS=4 server/bench/api.sh   more, longer read rounds
 *   BENCH_SERVICE_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof'   profile the service alone
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { insertHistory, verify } from './apiRecords';

const SERVER = process.env.NBPROMOTE_SERVER_DIR ?? path.resolve(__dirname, '..');
const REPO = path.resolve(SERVER, '..');
const PARTS = process.env.BENCH_PARTS ?? 'abc';
/** Alternating read rounds per side, and each round's length in seconds. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_S = Number(process.env.BENCH_ROUND_SECONDS ?? 3);

/** Figures of a run before the read path's changes, printed beside this run's (bench/apiBefore.json). */
interface Before {
  commit: string;
  submissions: { cpuMsEach: number; p50Ratio: number; p99Ratio: number };
  reads: Record<string, { ratio: number; p99: number; referenceP99: number }>;
}
const BEFORE = JSON.parse(
  fs.readFileSync(path.join(SERVER, 'bench', 'apiBefore.json'), 'utf8')
) as Before;

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
const autocannon = require(require.resolve('autocannon', { paths: [SERVER] })) as (
  opts: Record<string, unknown>
) => Promise<AutocannonResult>;

type Json = Record<string, unknown>;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

/** The example pipeline padded with a large markdown cell to ~1 MB; `salt` makes it unique. */
function bigNotebook(salt: string): Json {
  const nb = JSON.parse(
    fs.readFileSync(path.join(REPO, 'examples', 'titanic_pipeline.ipynb'), 'utf8')
  );
  delete nb.metadata.nbpromote.version; // let the service choose versions
  const line = 'Notes on the Titanic data set, kept with the notebook for reviewers. '.repeat(4);
  nb.cells.push({
    cell_type: 'markdown',
    id: 'padding',
    metadata: {},
    source: `# Appendix ${salt}\n\n` + `${line}\n`.repeat(Math.ceil(1_000_000 / (line.length + 1)))
  });
  return nb;
}

/** Starts a server process and waits for the `listening on <url>` line it prints. */
async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
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
      reject(new Error(`${args.join(' ')} exited (${code}):\n${out}`));
    });
  });
  return { url, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One request; a prebuilt body (string or bytes) is sent as it is. */
async function request(
  base: string,
  headers: Record<string, string>,
  method: string,
  route: string,
  body?: unknown
): Promise<{ json: Json; ms: number }> {
  const sent =
    typeof body === 'string' || body === undefined
      ? body
      : body instanceof Uint8Array
        ? (body as Uint8Array<ArrayBuffer>)
        : JSON.stringify(body);
  const t = performance.now();
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: sent
  });
  const json = (res.status === 204 ? {} : await res.json()) as Json;
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return { json, ms: performance.now() - t };
}

function ratio(ours: number, reference: number): string {
  return `${(ours / reference).toFixed(1)}x`;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-bench-'));
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ?? `sqlite:${path.join(dataDir, 'nbpromote.sqlite')}`;
  const service = await startServer(
    [path.join(SERVER, 'bin', 'nbpromote.js'), 'serve', '--port', '0', '--demo-users'],
    {
      ...process.env,
      NBPROMOTE_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      NBPROMOTE_WRITE_RATE_LIMIT: '100000',
      // Each submission would queue a verification run (a Python training process): those
      // are measured by their own benchmark; here they would only take CPU from the reads.
      NBPROMOTE_VERIFY_LOCAL: process.env.BENCH_VERIFY_LOCAL ?? 'off',
      ...(process.env.BENCH_SERVICE_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS }
        : {})
    }
  );
  const reference = await startServer([path.join(__dirname, 'referenceServer.js')], {
    ...process.env,
    NODE_PATH: path.join(SERVER, 'node_modules') + path.delimiter + path.join(REPO, 'node_modules')
  }).catch(async error => {
    await stopServer(service.child);
    throw error;
  });
  const url = service.url;
  const tokens = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-tokens.json'), 'utf8'));
  const auth = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });
  const call = (user: string, method: string, route: string, body?: unknown) =>
    request(`${url}/api/v1`, auth(user), method, route, body);
  const refCall = (method: string, route: string, body?: unknown) =>
    request(reference.url, {}, method, route, body);
  // Bodies are encoded before the clock starts: the client's own JSON and UTF-8 work must not
  // count as service latency.
  const submission = (salt: string) =>
    new Uint8Array(
      Buffer.from(JSON.stringify({ path: 'titanic_pipeline.ipynb', notebook: bigNotebook(salt) }))
    );
  const submit = (body: Uint8Array<ArrayBuffer>) => call('ada', 'POST', '/promotions', body);
  const burst = async <R extends { ms: number }>(
    send: (body: Uint8Array<ArrayBuffer>) => Promise<R>,
    tag: string
  ) => {
    const bodies = Array.from({ length: 50 }, (_, i) => submission(`${tag}${i}`));
    const t0 = performance.now();
    const results = await Promise.all(bodies.map(send));
    const lat = results.map(r => r.ms);
    return {
      results,
      size: bodies[0].length,
      wall: performance.now() - t0,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99)
    };
  };

  console.log(
    `nbpromote API benchmark: ${url}, ${databaseUrl.startsWith('sqlite') ? 'SQLite' : 'PostgreSQL'}, ${os.cpus().length} CPUs`
  );
  console.log(
    `reference: a bare Express app (JSON body parsing only, answers from memory) at ${reference.url}, same client, same bodies`
  );
  try {
    // (b) first, so (a) reads a realistic list.
    console.log(
      '\n(b) 50 concurrent submissions of a ~1 MB notebook, after one warm-up submission'
    );
    // Like the read warm-up: a service in use has its modules loaded, its code compiled and
    // its Python and git helpers started.
    const warmUp = Number((await submit(submission('warm-up'))).json.id);
    await refCall('POST', '/promotions', submission('warm-up'));
    const cpu0 = cpuMs(service.child.pid!);
    const ours = await burst(submit, 'b');
    const cpu = cpuMs(service.child.pid!) - cpu0;
    const ref = await burst(body => refCall('POST', '/promotions', body), 'r');
    console.log(
      `  notebook ${(ours.size / 1e6).toFixed(2)} MB; wall ${ms(ours.wall)}; submit p50 ${ms(ours.p50)}, p99 ${ms(ours.p99)}`
    );
    if (cpu0 >= 0) console.log(`  service CPU (all threads): ${ms(cpu / 50)} per submission`);
    console.log(
      `  reference, same 50 bodies: wall ${ms(ref.wall)}; p50 ${ms(ref.p50)}, p99 ${ms(ref.p99)}; nbpromote/reference p50 ${ratio(ours.p50, ref.p50)}, p99 ${ratio(ours.p99, ref.p99)}`
    );
    const b = BEFORE.submissions;
    console.log(
      `  before (${BEFORE.commit}): service CPU ${ms(b.cpuMsEach)} per submission; nbpromote/reference p50 ${b.p50Ratio}x, p99 ${b.p99Ratio}x`
    );
    const ids = ours.results.map(s => Number(s.json.id));
    const chosen = ids.slice(0, 10);
    for (const id of chosen)
      await call('linus', 'POST', `/promotions/${id}/reviews`, { verdict: 'approve' });
    const t1 = performance.now();
    const promoted = await Promise.all(
      chosen.map(id => call('ada', 'POST', `/promotions/${id}/promote`, {}))
    );
    const plat = promoted.map(p => p.ms);
    console.log(
      `  10 concurrent promotions: wall ${ms(performance.now() - t1)}; p50 ${ms(percentile(plat, 50))}, p99 ${ms(percentile(plat, 99))}`
    );
    const problems = await verify(dataDir, databaseUrl, [warmUp, ...ids], chosen);
    console.log(
      problems.length === 0
        ? '  verified: 51 requests (with the warm-up), 51 branches at their revision commits, 10 tags, versions unique, nothing lost or duplicated'
        : `  PROBLEMS:\n    ${problems.join('\n    ')}`
    );

    // (a) reads.
    // autocannon runs on the same machine, so on 2 CPUs it takes one of them from the service.
    // The machine's load drifts (other processes come and go): the service and the reference
    // take turns, ROUNDS times each, in alternating order, and the medians are compared.
    console.log(
      `\n(a) read throughput (autocannon on the same machine; ${ROUNDS} alternating rounds of ${ROUND_S} s each, after a 2 s warm-up; medians)`
    );
    for (const route of PARTS.includes('a') ? ['/promotions', `/promotions/${ids[0]}`] : []) {
      // The reference answers the bytes the service answered for the same route.
      const answer = await call('linus', 'GET', route);
      await refCall('PUT', `/canned?path=${encodeURIComponent(route)}`, answer.json);
      for (const connections of [10, 50]) {
        const service = { url: `${url}/api/v1${route}`, headers: auth('linus') };
        const bare = { url: `${reference.url}${route}`, headers: {} };
        for (const target of [service, bare]) {
          await autocannon({ ...target, connections, duration: 2 });
        }
        const rs: AutocannonResult[] = [];
        const fx: AutocannonResult[] = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          const order = round % 2 === 0 ? [service, bare] : [bare, service];
          for (const target of order) {
            const result = await autocannon({ ...target, connections, duration: ROUND_S });
            (target === service ? rs : fx).push(result);
          }
        }
        const med = (xs: AutocannonResult[], pick: (x: AutocannonResult) => number) =>
          percentile(xs.map(pick), 50);
        const rps = (x: AutocannonResult) => x.requests.average;
        const p99 = (x: AutocannonResult) => x.latency.p99;
        const r = { rps: med(rs, rps), p50: med(rs, x => x.latency.p50), p99: med(rs, p99) };
        const f = { rps: med(fx, rps), p50: med(fx, x => x.latency.p50), p99: med(fx, p99) };
        const non2xx = rs.reduce((n, x) => n + x.non2xx, 0);
        const errors = rs.reduce((n, x) => n + x.errors, 0);
        console.log(
          `  GET ${route.padEnd(16)} ${String(connections).padStart(2)} connections: ${r.rps.toFixed(0)} req/s; p50 ${r.p50} ms, p99 ${r.p99} ms; non-2xx ${non2xx}, errors ${errors}`
        );
        console.log(
          `      reference ${' '.repeat(16)} ${f.rps.toFixed(0)} req/s; p50 ${f.p50} ms, p99 ${f.p99} ms; nbpromote/reference throughput ${(r.rps / f.rps).toFixed(2)}, p99 ${ratio(r.p99, Math.max(f.p99, 1))}`
        );
        console.log(
          `      rounds (nbpromote/reference throughput): ${rs.map((x, i) => (rps(x) / rps(fx[i])).toFixed(2)).join(' ')}`
        );
        const b =
          BEFORE.reads[`GET ${route === '/promotions' ? route : '/promotions/:id'} ${connections}`];
        if (b) {
          console.log(
            `      before (${BEFORE.commit}) ${' '.repeat(6)} nbpromote/reference throughput ${b.ratio.toFixed(2)}; p99 ${b.p99} ms vs ${b.referenceP99} ms`
          );
        }
      }
    }

    // (c) submit latency against history.
    if (!PARTS.includes('c')) return;
    console.log('\n(c) submit latency with history (10 sequential submissions each)');
    const refTimes: number[] = [];
    for (let i = 0; i < 10; i++)
      refTimes.push((await refCall('POST', '/promotions', submission(`rc${i}`))).ms);
    const refP50 = percentile(refTimes, 50);
    console.log(`  reference, 10 sequential submissions: p50 ${ms(refP50)}`);
    let inserted = 0;
    for (const target of [1_000, 10_000]) {
      inserted += await insertHistory(databaseUrl, target - inserted, inserted);
      const times: number[] = [];
      for (let i = 0; i < 10; i++) times.push((await submit(submission(`c${target}-${i}`))).ms);
      console.log(
        `  after ${target.toLocaleString('en')} earlier requests: p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}; nbpromote/reference p50 ${ratio(percentile(times, 50), refP50)}`
      );
    }
    const list = await call('linus', 'GET', '/promotions');
    console.log(
      `  GET /promotions with ${inserted + 71} requests (first page of 200): ${ms(list.ms)}`
    );
  } finally {
    await Promise.all([stopServer(service.child), stopServer(reference.child)]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CPU time a process has used (user + system), from /proc; -1 where there is none. */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return -1;
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
