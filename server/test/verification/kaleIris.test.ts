/**
 * Kale's iris example, as Kale publishes it, executed for real, submitted and verified by the
 * local executor: its bare-number metrics are read by the names its cell prints. Without a
 * seed its run draws other random numbers, so a difference must come with the seed hint; with
 * `random_state` set (what the hint asks for) the bundle reproduces the notebook exactly.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEED_HINT } from '../../src/verification/seedHint';
import { startTestApi, type TestApi } from '../support/api';
import { runVerifications } from '../support/verifications';

const VENV_PYTHON = path.resolve(__dirname, '../../../.venv/bin/python');
const IRIS = path.join(__dirname, '../fixtures/kale/iris.ipynb');

type Json = Record<string, unknown>;

/** The notebook run top to bottom in a real kernel, as a data scientist saves it. */
function executed(nb: Json, dir: string, name: string): Json {
  const file = path.join(dir, `${name}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(nb));
  execFileSync(
    VENV_PYTHON,
    ['-m', 'nbconvert', '--to', 'notebook', '--execute', '--inplace', file],
    { cwd: dir, stdio: 'pipe', timeout: 180_000 }
  );
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

/** Kale's notebook with what nbpromote needs to know where it goes. */
function forPromotion(nb: Json, algorithm: string): Json {
  const metadata = nb.metadata as Json;
  return { ...nb, metadata: { ...metadata, nbpromote: { project: 'kale', algorithm } } };
}

/** Seeds the split and the forest, the two random draws of the example. */
function seeded(nb: Json): Json {
  const cells = (nb.cells as Json[]).map(c => {
    const source = (c.source as string[]).join('');
    const next = source
      .replace('test_size=.2)', 'test_size=.2, random_state=0)')
      .replace('max_depth=int(MAX_DEPTH))', 'max_depth=int(MAX_DEPTH), random_state=0)');
    return { ...c, source: next };
  });
  return { ...nb, cells };
}

async function verdict(api: TestApi, id: number) {
  for (let i = 0; i < 3000; i++) {
    const res = await api.as('linus').get(`/promotions/${id}/verification`);
    const run = res.body.runs[0];
    if (run && !['queued', 'running'].includes(run.status)) return run;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('the verification never ended');
}

describe("Kale's iris example, verified by the local executor", () => {
  let api: TestApi;
  let running: { stop(): Promise<void> };
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-iris-'));
    api = await startTestApi('sqlite');
    running = await runVerifications(api);
  });

  afterAll(async () => {
    await running.stop();
    await api.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const kale = JSON.parse(fs.readFileSync(IRIS, 'utf8')) as Json;
  const names = ['precision', 'recall', 'f1', 'accuracy'];

  it('unseeded: its four metrics are compared, and a difference carries the seed hint', async () => {
    const nb = executed(forPromotion(kale, 'iris'), dir, 'iris');
    const created = await api.as('ada').post('/promotions', { path: 'iris.ipynb', notebook: nb });
    expect(created.status).toBe(201);
    const run = await verdict(api, created.body.id);
    expect(run.result.steps.map((s: { name: string }) => s.name)).toEqual([
      'load_transform_data',
      'train_model',
      'evaluate_model'
    ]);
    const compared = run.result.comparison.metrics.map((m: { name: string }) => m.name);
    expect(compared.sort()).toEqual([...names].sort());
    // Another draw may or may not give the same scores on 30 test flowers; both are honest.
    expect(['passed', 'failed']).toContain(run.status);
    if (run.status === 'failed') {
      expect(run.result.comparison.seedHint).toBe(SEED_HINT);
      expect(run.reason).toMatch(/^Does not reproduce the notebook: /);
    } else {
      expect(run.result.comparison.seedHint ?? null).toBeNull();
    }
  }, 600_000);

  it('seeded as the hint asks: the bundle reproduces the notebook exactly', async () => {
    const nb = executed(forPromotion(seeded(kale), 'iris-seeded'), dir, 'iris-seeded');
    const created = await api
      .as('ada')
      .post('/promotions', { path: 'iris-seeded.ipynb', notebook: nb });
    expect(created.status).toBe(201);
    const run = await verdict(api, created.body.id);
    expect(run.status).toBe('passed');
    expect(run.reason).toBeNull();
    const metrics = run.result.comparison.metrics as { name: string; within: boolean }[];
    expect(metrics.map(m => m.name).sort()).toEqual([...names].sort());
    expect(metrics.every(m => m.within)).toBe(true);
  }, 600_000);
});
