import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { addUser, createToken } from '../../src/features';
import { ApiClient, startTestApi, type TestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';
import { PYTHON, python } from '../engine/support';

/** A tiny pipeline: one step computing a metric, so a real run takes a second. */
const PIPELINE = notebook(
  [
    { id: 'p1', source: 'factor = 6', tags: ['parameters'] },
    { id: 's1', source: 'answer = factor * 7', tags: ['step:train'] },
    { id: 's2', source: 'score = answer / 42', tags: ['step:evaluate'] },
    { id: 'm1', source: "{'score': score}", tags: ['pipeline-metrics'] }
  ],
  { project: 'demo', algorithm: 'answer', version: '1.0.0' }
);

function report(overrides: Record<string, unknown> = {}) {
  return {
    project: 'demo',
    algorithm: 'answer',
    version: '1.0.0',
    environment: 'dev',
    runToken: '20261201T120000000000Z-abc123',
    useCase: 'training',
    status: 'running',
    startedAt: '2026-12-01T12:00:00Z',
    parameters: { factor: 6 },
    steps: [{ name: 'train', status: 'running', startedAt: '2026-12-01T12:00:00Z', outputs: {} }],
    metrics: {},
    ...overrides
  };
}

describe.each(DATABASES)('run records on %s', kind => {
  let api: TestApi;
  let runner: ApiClient;
  let runnerToken: string;
  let requestId: number;

  beforeEach(async () => {
    api = await startTestApi(kind);
    await addUser(api.services.stores, 'airflow', 'pipeline-runner');
    runnerToken = await createToken(api.services.stores, 'airflow');
    runner = new ApiClient(api.app, runnerToken);
    const created = await api.as('ada').post('/promotions', {
      path: 'answer.ipynb',
      notebook: PIPELINE
    });
    expect(created.status).toBe(201);
    requestId = created.body.id;
    expect(created.body.version).toBe('1.0.0');
    await api.as('linus').post(`/promotions/${requestId}/reviews`, { verdict: 'approve' });
    expect((await api.as('ada').post(`/promotions/${requestId}/promote`, {})).status).toBe(200);
  });

  afterEach(async () => {
    await api.cleanup();
  });

  async function catalogEntry() {
    const res = await api.as('ada').get('/catalog');
    expect(res.status).toBe(200);
    return res.body.items.find((i: { project: string }) => i.project === 'demo');
  }

  it('a runner reports a run, reports it again when it ends, and the catalog shows the last runs', async () => {
    const first = await runner.post('/runs', report());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'running', reportedBy: 'airflow', endedAt: null });
    const done = await runner.post(
      '/runs',
      report({
        status: 'succeeded',
        endedAt: '2026-12-01T12:05:00Z',
        steps: [
          {
            name: 'train',
            status: 'succeeded',
            startedAt: '2026-12-01T12:00:00Z',
            endedAt: '2026-12-01T12:05:00Z',
            outputs: { answer: 'cloudpickle' }
          }
        ],
        metrics: { score: 1 }
      })
    );
    expect(done.status).toBe(201);
    const later = await runner.post(
      '/runs',
      report({
        runToken: 'later-run',
        useCase: 'evaluation',
        status: 'failed',
        startedAt: '2026-12-02T08:00:00Z',
        endedAt: '2026-12-02T08:01:00Z'
      })
    );
    expect(later.status).toBe(201);

    const entry = await catalogEntry();
    expect(entry.environments.dev.lastRuns).toEqual([
      {
        runToken: 'later-run',
        useCase: 'evaluation',
        status: 'failed',
        startedAt: '2026-12-02T08:00:00Z',
        endedAt: '2026-12-02T08:01:00Z',
        metrics: {}
      },
      {
        runToken: '20261201T120000000000Z-abc123',
        useCase: 'training',
        status: 'succeeded',
        startedAt: '2026-12-01T12:00:00Z',
        endedAt: '2026-12-01T12:05:00Z',
        metrics: { score: 1 }
      }
    ]);
    expect(entry.history[0].lastRuns).toHaveLength(2);

    const listed = await api.as('linus').get('/runs?project=demo&algorithm=answer&environment=dev');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: { runToken: string }) => r.runToken)).toEqual([
      'later-run',
      '20261201T120000000000Z-abc123'
    ]);
    expect(listed.body.items[1].steps[0].outputs).toEqual({ answer: 'cloudpickle' });
  });

  it('the latest successful evaluation run gives its metrics to whoever asks the store', async () => {
    const runs = api.services.stores.runs;
    expect(await runs.latestEvaluationMetrics('demo', 'answer', 'dev')).toBeNull();
    for (const [token, startedAt, status, score] of [
      ['eval-1', '2026-12-01T10:00:00Z', 'succeeded', 0.8],
      ['eval-2', '2026-12-01T11:00:00Z', 'succeeded', 0.9],
      ['eval-3', '2026-12-01T12:00:00Z', 'failed', 0.1]
    ] as const) {
      const res = await runner.post(
        '/runs',
        report({ runToken: token, useCase: 'evaluation', status, startedAt, metrics: { score } })
      );
      expect(res.status).toBe(201);
    }
    expect(await runs.latestEvaluationMetrics('demo', 'answer', 'dev')).toEqual({
      version: '1.0.0',
      runToken: 'eval-2',
      metrics: { score: 0.9 }
    });
    expect(await runs.latestEvaluationMetrics('demo', 'answer', 'prod')).toBeNull();
  });

  it('refuses reports from other roles, for unknown versions and malformed ones; nothing stored', async () => {
    for (const who of ['ada', 'linus', 'grace'] as const) {
      const res = await api.as(who).post('/runs', report());
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('Only pipeline-runner tokens report runs.');
    }
    const unknown = await runner.post('/runs', report({ version: '9.9.9' }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No version 9.9.9 of demo/answer is known here.');
    const cases: [Record<string, unknown>, string][] = [
      [{ runToken: '../etc' }, '/runToken'],
      [{ environment: 'qa' }, '/environment'],
      [{ startedAt: 'yesterday' }, '/startedAt'],
      [{ startedAt: '2026-13-45T99:00:00Z' }, '/startedAt'],
      [{ metrics: { score: { nested: 1 } } }, '/metrics/score'],
      [{ steps: [{ name: 'train', status: 'done', outputs: {} }] }, '/steps/0/status'],
      [
        { steps: [{ name: 'train', status: 'running', outputs: { x: 'pickle' } }] },
        '/steps/0/outputs/x'
      ]
    ];
    for (const [change, at] of cases) {
      const res = await runner.post('/runs', report(change));
      expect({ change, status: res.status, path: res.body.error.details.path }).toEqual({
        change,
        status: 400,
        path: at
      });
    }
    const twice = await runner.post(
      '/runs',
      report({
        steps: [
          { name: 'train', status: 'running', outputs: {} },
          { name: 'train', status: 'running', outputs: {} }
        ]
      })
    );
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe('steps: step "train" is listed twice');
    const backwards = await runner.post('/runs', report({ endedAt: '2026-12-01T11:00:00Z' }));
    expect(backwards.status).toBe(400);
    expect((await catalogEntry()).environments.dev.lastRuns).toEqual([]);
    const listed = await api.as('ada').get('/runs?project=demo&algorithm=answer');
    expect(listed.body.items).toEqual([]);
  });

  it('preview names the parameter values runs in the chosen environment use', async () => {
    const nb = JSON.parse(JSON.stringify(PIPELINE)) as { metadata: { nbpromote: object } };
    nb.metadata.nbpromote = {
      ...nb.metadata.nbpromote,
      environments: { prod: { parameters: { factor: 9 } } }
    };
    const values = async (environment: string) => {
      const res = await api
        .as('ada')
        .post('/preview', { path: 'answer.ipynb', notebook: nb, environment });
      expect(res.status).toBe(200);
      return res.body.runParameters as unknown;
    };
    expect(await values('prod')).toEqual([{ name: 'factor', value: 9, from: 'environment' }]);
    expect(await values('dev')).toEqual([{ name: 'factor', value: 6, from: 'default' }]);
  });

  it("the admin's image registry names the bundle's image, and the notebook's when unset", async () => {
    const preview = async () => {
      const res = await api.as('ada').post('/preview', {
        path: 'answer.ipynb',
        notebook: PIPELINE,
        environment: 'dev'
      });
      expect(res.status).toBe(200);
      return JSON.parse(res.body.files['pipeline.json']).image as string;
    };
    expect(await preview()).toBe('localhost:5000/demo-answer:1.0.1');
    const set = await api.as('grace').put('/settings', {
      remoteUrl: null,
      imageRegistry: 'registry.example.com/ml'
    });
    expect(set.body).toEqual({ remoteUrl: null, imageRegistry: 'registry.example.com/ml' });
    expect(await preview()).toBe('registry.example.com/ml/demo-answer:1.0.1');
    const bad = await api.as('grace').put('/settings', {
      remoteUrl: null,
      imageRegistry: 'Registry Example'
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.path).toBe('/imageRegistry');
    await api.as('grace').put('/settings', { remoteUrl: null, imageRegistry: null });
    expect(await preview()).toBe('localhost:5000/demo-answer:1.0.1');
  });

  it('a runner token does nothing but report runs', async () => {
    for (const url of [
      '/me',
      '/catalog',
      '/promotions',
      `/promotions/${requestId}`,
      '/runs?project=demo&algorithm=answer'
    ]) {
      const res = await runner.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
      expect(res.body.error.message).toBe(
        'A pipeline-runner token may only report runs (POST /runs).'
      );
    }
    const review = await runner.post(`/promotions/${requestId}/reviews`, { verdict: 'approve' });
    expect(review.status).toBe(403);
    const bad = await api.as('ada').get('/runs?project=demo');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('"" is not a valid algorithm.');
  });

  it('the promoted bundle runs from the artifact repository and reports to the service', async () => {
    const ada = api.as('ada');
    const files = await ada.get(`/promotions/${requestId}/revisions/1/files`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-runs-'));
    const server = api.app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    try {
      for (const f of files.body.files as string[]) {
        const file = await ada.get(`/promotions/${requestId}/revisions/1/files/${f}`);
        fs.mkdirSync(path.dirname(path.join(dir, 'bundle', f)), { recursive: true });
        fs.writeFileSync(path.join(dir, 'bundle', f), file.body.content);
      }
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const args = ['-m', 'demo_answer', 'run', '--root', path.join(dir, 'runs')];
      const env = { PYTHONPATH: path.join(dir, 'bundle'), NBPROMOTE_RUNNER_TOKEN: runnerToken };
      const result = await runAsync(args, env, url);
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(/warning|Traceback/);
      const token = /run (\S+) succeeded/.exec(result.stdout)![1];
      const entry = await catalogEntry();
      expect(entry.environments.dev.lastRuns).toEqual([
        expect.objectContaining({
          runToken: token,
          useCase: 'training',
          status: 'succeeded',
          metrics: { score: 1 }
        })
      ]);
      const shown = python(['-m', 'demo_answer', 'runs', '--root', path.join(dir, 'runs'), token], {
        env
      });
      expect(JSON.parse(shown.stdout)).toMatchObject({
        token,
        status: 'succeeded',
        metrics: { score: 1 }
      });
      // A runner without a token says so before running anything.
      const tokenless = await runAsync(
        args,
        { PYTHONPATH: env.PYTHONPATH, NBPROMOTE_RUNNER_TOKEN: '' },
        url
      );
      expect(tokenless.stderr).toMatch(
        /--report-to needs the service token in \$NBPROMOTE_RUNNER_TOKEN/
      );
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);
});

/** The runner in a child process, while this process's service answers its report. */
function runAsync(args: string[], env: Record<string, string>, url: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
    execFile(
      PYTHON,
      [...args, '--report-to', url],
      { env: { ...process.env, ...env }, timeout: 90000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      }
    );
  });
}
