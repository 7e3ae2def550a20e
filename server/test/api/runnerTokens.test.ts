import { mintRunnerToken } from '../../src/features/verification/runnerTokens';
import type { RunnerScope } from '../../src/store';
import { ApiClient, startTestApi, type TestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';
import { queueVerification } from '../support/verifications';

/**
 * A verification run's runner token: a pipeline-runner for that one run, only while the run
 * is running under its lease.
 */
const PIPELINE = notebook(
  [
    { id: 'p1', source: 'factor = 6', tags: ['parameters'] },
    { id: 's1', source: 'answer = factor * 7', tags: ['step:train'] },
    { id: 'm1', source: "{'answer': answer}", tags: ['pipeline-metrics'] }
  ],
  { project: 'demo', algorithm: 'answer', version: '1.0.0' }
);

function report(scope: RunnerScope, overrides: Record<string, unknown> = {}) {
  return {
    project: scope.project,
    algorithm: scope.algorithm,
    version: scope.version,
    environment: scope.environment,
    runToken: scope.runToken,
    useCase: 'training',
    status: 'succeeded',
    startedAt: '2026-12-01T12:00:00Z',
    endedAt: '2026-12-01T12:00:05Z',
    parameters: { factor: 6 },
    steps: [
      {
        name: 'train',
        status: 'succeeded',
        startedAt: '2026-12-01T12:00:00Z',
        endedAt: '2026-12-01T12:00:05Z',
        outputs: {}
      }
    ],
    metrics: { answer: 42 },
    ...overrides
  };
}

describe.each(DATABASES)('run-scoped runner tokens on %s', kind => {
  let api: TestApi;
  let requestId: number;

  beforeEach(async () => {
    api = await startTestApi(kind);
    const created = await api.as('ada').post('/promotions', {
      path: 'answer.ipynb',
      notebook: PIPELINE
    });
    expect(created.status).toBe(201);
    requestId = created.body.id;
  });

  afterEach(async () => {
    await api.cleanup();
  });

  /** A verification run as the service starts one: claimed under a lease, given a token. */
  async function runningVerification(leaseMs = 60_000) {
    const store = api.services.stores.verifications;
    const id = await queueVerification(api.services.stores, requestId);
    const now = new Date();
    expect(
      await store.claim(id, 'owner', now.toISOString(), new Date(+now + leaseMs).toISOString())
    ).toBe(true);
    const scope: RunnerScope = {
      verification: id,
      project: 'demo',
      algorithm: 'answer',
      version: '1.0.0',
      environment: 'dev',
      runToken: `verify-${id}-abc`
    };
    const { token, hash } = mintRunnerToken();
    await store.setRunner(id, 'owner', hash, scope);
    return { id, scope, runner: new ApiClient(api.app, token) };
  }

  it('reports its own run, and only that: other routes, versions and runs are refused', async () => {
    const { scope, runner } = await runningVerification();
    const ok = await runner.post('/runs', report(scope));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ reportedBy: `verification-${scope.verification}` });
    expect(await api.services.stores.runs.get(scope)).toMatchObject({
      status: 'succeeded',
      metrics: { answer: 42 }
    });

    for (const [method, url] of [
      ['get', '/promotions'],
      ['get', `/promotions/${requestId}`],
      ['get', `/promotions/${requestId}/verification`],
      ['get', '/runs?project=demo&algorithm=answer'],
      ['post', `/promotions/${requestId}/verification`],
      ['get', '/verification/settings']
    ] as const) {
      const res = method === 'get' ? await runner.get(url) : await runner.post(url, {});
      expect([url, res.status]).toEqual([url, 403]);
    }
    // Another version, environment or run of the same pipeline: refused, nothing stored.
    for (const other of [
      { version: '1.0.1' },
      { environment: 'prod' },
      { runToken: 'someone-elses-run' },
      { project: 'other' }
    ]) {
      const res = await runner.post('/runs', report(scope, other));
      expect([other, res.status]).toEqual([other, 403]);
    }
    const runs = await api.as('ada').get('/runs?project=demo&algorithm=answer');
    expect(runs.body.items.map((r: { runToken: string }) => r.runToken)).toEqual([scope.runToken]);
  });

  it('stops working when its run ends, is cancelled or its lease passes', async () => {
    const ended = await runningVerification();
    await api.services.stores.verifications.finish(ended.id, 'owner', {
      status: 'passed',
      reason: null,
      at: new Date().toISOString()
    });
    expect((await ended.runner.post('/runs', report(ended.scope))).status).toBe(401);

    const cancelled = await runningVerification();
    expect((await cancelled.runner.post('/runs', report(cancelled.scope))).status).toBe(201);
    const res = await api.as('ada').post(`/promotions/${requestId}/verification/cancel`, {});
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect((await cancelled.runner.post('/runs', report(cancelled.scope))).status).toBe(401);

    const expired = await runningVerification(-1000);
    expect((await expired.runner.post('/runs', report(expired.scope))).status).toBe(401);

    // A token that was never minted, in the runner token's shape.
    const forged = new ApiClient(api.app, mintRunnerToken().token);
    expect((await forged.post('/runs', report(ended.scope))).status).toBe(401);
  });
});
