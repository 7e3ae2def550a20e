import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { LocalExecutor, type LocalRunSpec } from '../../src/features/verification/localExecutor';
import { viewOfJson } from '../../src/rules';
import { notebookMetrics as metricsIn } from '../../src/rules/notebookMetrics';
import { compareMetrics } from '../../src/verification';
import { FIXTURES, PYTHON, cli, notebook, python, tmpDir, writeNotebook } from '../engine/support';

/**
 * The local executor runs real bundles with the real Python: the titanic example reproduces
 * its notebook, and faults and escape attempts each end the run in a clear state.
 */
const ML = path.join(FIXTURES, 'ml');
let dir: string;
let venvCache: string;
const executor = new LocalExecutor();

beforeAll(() => {
  dir = tmpDir('nbpromote-verify-test-');
  venvCache = path.join(dir, 'venvs');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function bundleOf(nbFile: string, name: string): Promise<string> {
  const out = path.join(dir, name);
  const r = await cli('convert', nbFile, '--out', out);
  if (r.code !== 0) throw new Error(r.stderr);
  return out;
}

function spec(bundleDir: string, extra: Partial<LocalRunSpec> = {}): LocalRunSpec {
  return {
    bundleDir,
    useCase: 'training',
    environment: 'dev',
    runToken: `verify-${Math.random().toString(36).slice(2, 10)}`,
    timeoutMs: 120_000,
    memoryBytes: 4 * 1024 ** 3,
    basePython: PYTHON,
    venvCache,
    ...extra
  };
}

/** A notebook of steps given as [step, source] pairs, with an optional metric. */
async function stepsBundle(name: string, steps: [string, string][], metadata = {}) {
  const nb = notebook(
    [
      ...steps.map(([step, src]): [string[], string] => [[`step:${step}`], src]),
      [['pipeline-metrics'], "{'n': n}"]
    ],
    { nbpromote: { project: 'verify', algorithm: name, version: '1.0.0', ...metadata } }
  );
  return bundleOf(writeNotebook(dir, `${name}.ipynb`, nb), name);
}

describe('the titanic example', () => {
  let bundle: string;
  let saved: Record<string, unknown>;
  beforeAll(async () => {
    bundle = await bundleOf(path.join(ML, 'titanic_pipeline.ipynb'), 'titanic');
    // The notebook as its author saved it: executed top to bottom, outputs kept.
    const executed = path.join(dir, 'titanic-executed.ipynb');
    const script = `
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': sys.argv[2]}}).execute()
nbformat.write(nb, sys.argv[3])
`;
    const r = python(['-c', script, path.join(ML, 'titanic_pipeline.ipynb'), ML, executed]);
    if (r.code !== 0) throw new Error(r.stderr);
    saved = JSON.parse(fs.readFileSync(executed, 'utf8'));
  });

  const notebookMetrics = (nb: Record<string, unknown>) => metricsIn(viewOfJson(nb, 0));

  it('reproduces the saved metrics exactly, step by step', async () => {
    const seen: string[] = [];
    const run = executor.start(
      spec(bundle, { parameters: { data_path: path.join(ML, 'train.csv') } }),
      p => seen.push(`${p.step} ${p.index}/${p.total}`)
    );
    const result = await run.done;
    expect(result.reason).toBeNull();
    expect(result.status).toBe('succeeded');
    expect(result.isolation).toMatch(/^landlock abi \d+$/);
    // Shared memory is out of reach: joblib is told to run serially instead of warning so.
    expect(result.log).not.toContain('joblib will operate in serial mode');
    expect(seen).toEqual([
      'extract 1/5',
      'preprocess 2/5',
      'train 3/5',
      'predict 4/5',
      'evaluate 5/5'
    ]);
    expect(result.steps.map(s => [s.name, s.status])).toEqual(
      ['extract', 'preprocess', 'train', 'predict', 'evaluate'].map(s => [s, 'succeeded'])
    );
    const c = compareMetrics(notebookMetrics(saved), result.metrics);
    expect(c.metrics.map(m => m.name)).toEqual(['accuracy', 'f1']);
    expect(c.passed).toBe(true);
    expect(c.metrics.every(m => m.status === 'equal')).toBe(true);
    expect(c.summary).toMatch(/^accuracy (0\.\d+) = \1; f1 (0\.\d+) = \2$/);

    // The same run against a notebook whose saved accuracy was edited by hand.
    const accuracy = c.metrics[0].notebook!;
    const tampered = JSON.parse(JSON.stringify(saved).split(String(accuracy)).join('0.78'));
    const t = compareMetrics(notebookMetrics(tampered), result.metrics);
    expect(t.passed).toBe(false);
    expect(t.summary).toContain(`accuracy: notebook 0.78, run ${accuracy}`);
  });
});

describe('faults end the run in a clear state', () => {
  it('a step that raises fails the run naming the step, with its traceback in the log', async () => {
    const bundle = await stepsBundle('raises', [
      ['extract', 'n = 1'],
      ['train', "raise ValueError('no rows to train on')"]
    ]);
    const r = await executor.start(spec(bundle)).done;
    expect(r.status).toBe('failed');
    expect(r.failedStep).toBe('train');
    expect(r.reason).toBe("step 'train' failed: ValueError: no rows to train on");
    expect(r.log).toContain('Traceback (most recent call last)');
    expect(r.steps.map(s => [s.name, s.status])).toEqual([
      ['extract', 'succeeded'],
      ['train', 'failed']
    ]);
  });

  it('a run past its timeout is stopped', async () => {
    const bundle = await stepsBundle('slow', [['train', 'import time\ntime.sleep(60)\nn = 1']]);
    const started = Date.now();
    const r = await executor.start(spec(bundle, { timeoutMs: 3000 })).done;
    expect(r.status).toBe('timed_out');
    expect(r.reason).toBe('Stopped after 3 s during step train.');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a runner killed from outside ends failed, saying so', async () => {
    const bundle = await stepsBundle('killed', [['train', 'import time\ntime.sleep(60)\nn = 1']]);
    let running: () => void = () => undefined;
    const reached = new Promise<void>(resolve => (running = resolve));
    const run = executor.start(spec(bundle), p => p.step === 'train' && running());
    await reached;
    process.kill(await run.pid, 'SIGKILL');
    const r = await run.done;
    expect(r.status).toBe('failed');
    expect(r.reason).toBe('The runner was killed (SIGKILL) during step train.');
  });

  it('a cancelled run ends cancelled', async () => {
    const bundle = await stepsBundle('cancelled', [
      ['train', 'import time\ntime.sleep(60)\nn = 1']
    ]);
    let running: () => void = () => undefined;
    const reached = new Promise<void>(resolve => (running = resolve));
    const run = executor.start(spec(bundle), () => running());
    await reached;
    run.cancel();
    expect((await run.done).status).toBe('cancelled');
  });

  it('requirements pip cannot install fail the run with pip\u2019s message', async () => {
    const bundle = await stepsBundle('badreqs', [['train', 'n = 1']], {
      requirements: ['nbpromote-no-such-package-here==0.0.1']
    });
    const r = await executor.start(spec(bundle)).done;
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/^requirements: .*nbpromote-no-such-package-here/);
    expect(r.log).toContain('nbpromote-no-such-package-here');
  });
});

describe('what a run cannot reach', () => {
  it('refuses the data dir, the service environment, writes outside its root and the admin API', async () => {
    const dataDir = path.join(dir, 'service-data');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'nbpromote.db'), 'the service database');
    const outside = path.join(dir, 'outside.txt');
    const connections: net.Socket[] = [];
    const admin = net.createServer(s => connections.push(s));
    await new Promise<void>(resolve => admin.listen(0, '127.0.0.1', resolve));
    const port = (admin.address() as net.AddressInfo).port;
    process.env.NBPROMOTE_TEST_SERVICE_SECRET = 'service-secret-value';
    try {
      const attempt = (label: string, code: string) =>
        `try:\n    ${code}\n    print('${label}: reached')\nexcept Exception as e:\n    print('${label}: refused', type(e).__name__)`;
      const bundle = await stepsBundle('escape', [
        [
          'train',
          [
            'import os, socket',
            attempt(
              'data dir',
              `open(${JSON.stringify(path.join(dataDir, 'nbpromote.db'))}).read()`
            ),
            attempt('write outside', `open(${JSON.stringify(outside)}, 'w').write('x')`),
            attempt('write own root', "open('inside.txt', 'w').write('x')"),
            attempt('admin api', `socket.create_connection(('127.0.0.1', ${port}), timeout=5)`),
            "print('env:', sorted(k for k in os.environ if 'SECRET' in k or 'DATABASE' in k or 'TOKEN' in k or k.startswith('NBPROMOTE_')))",
            'n = 1'
          ].join('\n')
        ]
      ]);
      process.env.DATABASE_URL = 'postgres://service:pw@db/nbpromote';
      const r = await executor.start(spec(bundle)).done;
      expect(r.status).toBe('succeeded');
      expect(r.log).toContain('data dir: refused PermissionError');
      expect(r.log).toContain('write outside: refused PermissionError');
      expect(r.log).toContain('write own root: reached');
      expect(r.log).toContain('admin api: refused PermissionError');
      expect(r.log).toContain('env: []');
      expect(fs.existsSync(outside)).toBe(false);
      expect(connections).toHaveLength(0);
    } finally {
      delete process.env.NBPROMOTE_TEST_SERVICE_SECRET;
      delete process.env.DATABASE_URL;
      admin.close();
    }
  });
});
