import { startTestApi, type TestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';
import { queueVerification, runVerifications } from '../support/verifications';

/**
 * Verification runs through the real service: submitted revisions run with the real Python
 * in the local executor and are compared with the notebook's saved metrics.
 */
function pipeline(saved: string, train = 'answer = factor * 7') {
  const nb = notebook(
    [
      { id: 'p1', source: 'factor = 6', tags: ['parameters'] },
      { id: 's1', source: train, tags: ['step:train'] },
      { id: 's2', source: 'score = answer / 42\nrows = answer', tags: ['step:evaluate'] },
      { id: 'm1', source: "{'score': score, 'rows': rows}", tags: ['pipeline-metrics'] }
    ],
    { project: 'demo', algorithm: 'answer', version: '1.0.0' }
  );
  const cells = nb.cells as Record<string, unknown>[];
  cells[3].outputs = [
    {
      output_type: 'execute_result',
      execution_count: 4,
      metadata: {},
      data: { 'text/plain': saved }
    }
  ];
  return nb;
}

async function settle(api: TestApi, id: number, user: 'ada' | 'linus' = 'ada') {
  for (let i = 0; i < 600; i++) {
    const res = await api.as(user).get(`/promotions/${id}/verification`);
    expect(res.status).toBe(200);
    const run = res.body.runs[0];
    if (run && !['queued', 'running'].includes(run.status)) return res.body;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('the verification never ended');
}

describe.each(DATABASES)('verification runs on %s', kind => {
  let api: TestApi;
  let running: { stop(): Promise<void> };

  beforeEach(async () => {
    api = await startTestApi(kind);
    running = await runVerifications(api);
  });

  afterEach(async () => {
    await running.stop();
    await api.cleanup();
  });

  it('a submitted revision reproduces its notebook; a hand-edited one fails naming the metric', async () => {
    const created = await api.as('ada').post('/promotions', {
      path: 'answer.ipynb',
      notebook: pipeline("{'score': 1.0, 'rows': 42}")
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const first = await settle(api, id, 'linus');
    expect(first.enabled).toBe(true);
    expect(first.runs).toHaveLength(1);
    const run = first.runs[0];
    expect(run).toMatchObject({ revision: 1, status: 'passed', reason: null, stale: false });
    expect(run.result.comparison.summary).toBe('score 1 = 1; rows 42 = 42');
    expect(run.result.steps.map((s: { name: string }) => s.name)).toEqual(['train', 'evaluate']);
    // The run reported itself with its runner token: its record is the result.
    const records = await api.as('ada').get('/runs?project=demo&algorithm=answer');
    expect(records.body.items).toHaveLength(1);
    expect(records.body.items[0]).toMatchObject({
      status: 'succeeded',
      metrics: { score: 1, rows: 42 },
      reportedBy: `verification-${run.id}`
    });

    // A new revision whose saved value was edited by hand: its own run fails, the first is stale.
    const revised = await api
      .as('ada')
      .post(`/promotions/${id}/revisions`, { notebook: pipeline("{'score': 1.0, 'rows': 41}") });
    expect(revised.status).toBe(201);
    let after = await settle(api, id);
    for (let i = 0; i < 100 && after.runs.length < 2; i++) {
      await new Promise(r => setTimeout(r, 100));
      after = await settle(api, id);
    }
    expect(
      after.runs.map((r: { revision: number; status: string; stale: boolean }) => [
        r.revision,
        r.status,
        r.stale
      ])
    ).toEqual([
      [2, 'failed', false],
      [1, 'passed', true]
    ]);
    expect(after.runs[0].reason).toBe(
      'Does not reproduce the notebook: rows: notebook 41, run 42 (difference 1, tolerance exact)'
    );
  });

  it('a step that raises fails with its log; Run again and Cancel are for the author, reviewers and admins', async () => {
    const created = await api.as('ada').post('/promotions', {
      path: 'answer.ipynb',
      notebook: pipeline(
        "{'score': 1.0, 'rows': 42}",
        "raise RuntimeError('the data moved')\nanswer = factor * 7"
      )
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const ended = await settle(api, id);
    expect(ended.runs[0]).toMatchObject({
      status: 'failed',
      reason: "step 'train' failed: RuntimeError: the data moved"
    });
    expect(ended.runs[0].result.failedStep).toBe('train');
    expect(ended.runs[0].log).toContain('RuntimeError: the data moved');

    expect((await api.as('bob').post(`/promotions/${id}/verification`, {})).status).toBe(403);
    const again = await api.as('linus').post(`/promotions/${id}/verification`, {});
    expect(again.status).toBe(201);
    expect(again.body.requestedBy).toBe('linus');
    const twice = await api.as('ada').post(`/promotions/${id}/verification`, {});
    expect([201, 409]).toContain(twice.status);
    if (twice.status === 409) {
      const cancelled = await api.as('grace').post(`/promotions/${id}/verification/cancel`, {});
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
    }
    expect((await api.as('bob').post(`/promotions/${id}/verification/cancel`, {})).status).toBe(
      403
    );
  });

  it('a run whose executor stops reporting ends lost after its lease, never running forever', async () => {
    const created = await api.as('ada').post('/promotions', {
      path: 'answer.ipynb',
      notebook: pipeline("{'score': 1.0, 'rows': 42}")
    });
    const id = created.body.id;
    await settle(api, id);
    // What a service that died mid-run leaves: a running row whose lease nobody renews.
    const store = api.services.stores.verifications;
    const rowId = await queueVerification(api.services.stores, id);
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(await store.claim(rowId, 'a-service-that-died', past, past)).toBe(true);
    await api.services.verification.sweep();
    const row = await store.get(rowId);
    expect(row).toMatchObject({ status: 'lost' });
    expect(row!.reason).toContain('lease expired');
  });

  it('only admins change the settings; switched off, nothing runs', async () => {
    expect((await api.as('ada').get('/verification/settings')).status).toBe(403);
    const off = await api.as('grace').put('/verification/settings', { localEnabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ localEnabled: false, concurrency: 1, warning: null });
    const created = await api.as('ada').post('/promotions', {
      path: 'answer.ipynb',
      notebook: pipeline("{'score': 1.0, 'rows': 42}")
    });
    await new Promise(r => setTimeout(r, 300));
    const view = await api.as('ada').get(`/promotions/${created.body.id}/verification`);
    expect(view.body).toMatchObject({ enabled: false, runs: [] });
    expect(
      (await api.as('ada').post(`/promotions/${created.body.id}/verification`, {})).status
    ).toBe(409);
    expect((await api.as('grace').put('/verification/settings', { concurrency: 0 })).status).toBe(
      400
    );
  });

  it('an admin sets Airflow per environment: the password stays in an environment variable, audited', async () => {
    const airflow = {
      url: 'http://airflow.example.com:8080',
      username: 'nbpromote',
      passwordEnv: 'NBPROMOTE_AIRFLOW_PASSWORD'
    };
    const set = await api
      .as('grace')
      .put('/verification/settings', { environments: { prod: { executor: 'airflow', airflow } } });
    expect(set.status).toBe(200);
    expect(set.body.environments).toEqual({ prod: { executor: 'airflow', airflow } });
    expect((await api.as('grace').get('/verification/settings')).body.environments.prod).toEqual({
      executor: 'airflow',
      airflow
    });
    // Secrets themselves are not settings; an airflow executor without its Airflow is refused.
    for (const bad of [
      { prod: { executor: 'airflow', airflow: { ...airflow, password: 'hunter2' } } },
      { prod: { executor: 'airflow', airflow: { ...airflow, passwordEnv: 'lower-case' } } },
      { stage: { executor: 'airflow' } }
    ]) {
      const res = await api.as('grace').put('/verification/settings', { environments: bad });
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    const audit = await api.services.stores.audit.list({ limit: 10 });
    expect(JSON.stringify(audit)).toContain('NBPROMOTE_AIRFLOW_PASSWORD');
  });

  it("a dev request runs on dev's executor: with Airflow set there, the run is an airflow run", async () => {
    // An Airflow nobody answers: the run ends failed with the reason, never stuck running.
    process.env.NBPROMOTE_TEST_UNREACHABLE_PW = 'x';
    await api.as('grace').put('/verification/settings', {
      environments: {
        dev: {
          executor: 'airflow',
          airflow: {
            url: 'http://127.0.0.1:9',
            username: 'nbpromote',
            passwordEnv: 'NBPROMOTE_TEST_UNREACHABLE_PW'
          }
        }
      }
    });
    const created = await api.as('ada').post('/promotions', {
      path: 'answer.ipynb',
      notebook: pipeline("{'score': 1.0, 'rows': 42}")
    });
    const ended = await settle(api, created.body.id);
    expect(ended.runs[0]).toMatchObject({ executor: 'airflow', status: 'failed' });
    expect(ended.runs[0].reason).toContain('Airflow at http://127.0.0.1:9 is unreachable');
    delete process.env.NBPROMOTE_TEST_UNREACHABLE_PW;
  });
});
