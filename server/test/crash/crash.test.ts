/**
 * Crash consistency: the real service is killed with SIGKILL at points injected with
 * NBPROMOTE_CRASH_AT during submit, revise and promote, then restarted; afterwards the
 * database and the artifact repository agree, and nothing is lost or duplicated.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { openDatabase } from '../../src/db/connect';
import { Stores } from '../../src/store';
import { notebook } from '../support/notebooks';
import { createTestDatabase, DATABASES, type TestDatabaseHandle } from '../support/databases';
import {
  buildService,
  demoTokens,
  startServiceProcess,
  type ServiceProcess
} from './serviceProcess';

jest.setTimeout(120_000);

beforeAll(() => buildService(), 180_000);

describe.each(DATABASES)('crash consistency on %s', kind => {
  let handle: TestDatabaseHandle;
  let service: ServiceProcess | undefined;

  beforeEach(async () => {
    handle = await createTestDatabase(kind);
  });

  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await handle.cleanup();
  });

  const start = async (crashAt = '') => {
    service = await startServiceProcess(handle.dataDir, handle.url, {
      NBPROMOTE_CRASH_AT: crashAt
    });
    return service;
  };

  async function call(
    s: ServiceProcess,
    user: 'ada' | 'linus',
    method: string,
    route: string,
    body?: unknown
    // The answers' shapes are checked by the API tests; here only a few fields are read.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${s.url}/api/v1${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${demoTokens(handle.dataDir)[user]}`,
        'Content-Type': 'application/json'
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    return { status: res.status, body: await res.json() };
  }

  /** Sends a request the service dies during; resolves once the process is gone. */
  async function crashOn(s: ServiceProcess, route: string, body: unknown): Promise<void> {
    await expect(call(s, 'ada', 'POST', route, body)).rejects.toThrow();
    expect(await s.exited).toBe('SIGKILL');
    service = undefined;
  }

  function git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: path.join(handle.dataDir, 'artifacts.git'),
      encoding: 'utf8'
    }).trim();
  }

  /** Database rows and git refs agree: the invariant every crash must preserve. */
  async function expectConsistent(): Promise<void> {
    const database = await openDatabase(handle.url);
    try {
      const stores = new Stores(database.db, database.dialect);
      expect(await stores.promotions.pendingRevisions()).toEqual([]);
      expect(await stores.promotions.pendingPromotions()).toEqual([]);
      const requests = await database.db.selectFrom('promotion_requests').selectAll().execute();
      expect(requests.filter(r => r.state === 'pending')).toEqual([]);
      const branches = git(
        'for-each-ref',
        '--format=%(refname:short) %(objectname)',
        'refs/heads/promotions'
      )
        .split('\n')
        .filter(Boolean);
      expect(branches.map(b => b.split(' ')[0]).sort()).toEqual(
        requests.map(r => `promotions/${r.id}`).sort()
      );
      for (const r of requests) {
        const latest = await stores.views.revision(Number(r.id));
        expect(branches).toContain(`promotions/${r.id} ${latest.commitSha}`);
      }
      const tags = git('tag', '--list').split('\n').filter(Boolean).sort();
      const promoted = requests.filter(r => r.state === 'promoted');
      expect(tags).toEqual(promoted.map(r => `${r.project}/${r.algorithm}/v${r.version}`).sort());
      const versions = requests.map(r => `${r.project}/${r.algorithm}/${r.version}`);
      expect(new Set(versions).size).toBe(versions.length);
    } finally {
      await database.close();
    }
  }

  const nb = notebook();

  it.each([
    ['submit:after-row', 0],
    ['submit:after-commit', 1]
  ])('repairs a crash at %s', async (point, expected) => {
    await crashOn(await start(point as string), '/promotions', { path: 'a.ipynb', notebook: nb });
    const s = await start();
    const list = await call(s, 'ada', 'GET', '/promotions');
    expect(list.body.items).toHaveLength(expected as number);
    if (expected) expect(list.body.items[0]).toMatchObject({ state: 'open', revision: 1 });
    // The service keeps working: the next submission gets a new, unique version.
    const next = await call(s, 'ada', 'POST', '/promotions', { path: 'a.ipynb', notebook: nb });
    expect(next.status).toBe(201);
    // A rolled-back request's version stays used: versions are never handed out twice.
    expect(next.body.version).toBe('1.1.0');
    await s.stop();
    service = undefined;
    await expectConsistent();
  });

  it.each([
    ['revise:after-row', 1],
    ['revise:after-commit', 2]
  ])('repairs a crash at %s', async (point, revision) => {
    let s = await start();
    const { body } = await call(s, 'ada', 'POST', '/promotions', { path: 'a.ipynb', notebook: nb });
    await s.stop();
    s = await start(point as string);
    const changed = notebook([{ id: 'c1', source: 'answer = 41 + 1' }]);
    await crashOn(s, `/promotions/${body.id}/revisions`, { notebook: changed });
    s = await start();
    const detail = await call(s, 'ada', 'GET', `/promotions/${body.id}`);
    expect(detail.body).toMatchObject({ state: 'open', revision });
    await s.stop();
    service = undefined;
    await expectConsistent();
  });

  it.each([
    ['promote:after-intent', 'approved'],
    ['promote:after-merge', 'promoted']
  ])('repairs a crash at %s', async (point, state) => {
    let s = await start();
    const { body } = await call(s, 'ada', 'POST', '/promotions', { path: 'a.ipynb', notebook: nb });
    expect(
      (await call(s, 'linus', 'POST', `/promotions/${body.id}/reviews`, { verdict: 'approve' }))
        .status
    ).toBe(201);
    await s.stop();
    await crashOn(await start(point as string), `/promotions/${body.id}/promote`, {});
    s = await start();
    const detail = await call(s, 'ada', 'GET', `/promotions/${body.id}`);
    expect(detail.body.state).toBe(state);
    if (state === 'promoted') {
      // Repair records the rules' results the promotion passed with, as it would have.
      expect(detail.body.rulesCheck).toMatchObject({ environment: 'dev', passed: true });
      expect(detail.body.rulesCheck.evaluation.results.map((r: { id: string }) => r.id)).toEqual([
        'no-secrets'
      ]);
    }
    if (state === 'approved') {
      // Rolled back cleanly: promoting again works and uses the reserved version.
      const again = await call(s, 'ada', 'POST', `/promotions/${body.id}/promote`, {});
      expect(again.body).toMatchObject({ state: 'promoted', version: '1.0.0' });
    }
    await s.stop();
    service = undefined;
    await expectConsistent();
    expect(git('tag', '--list')).toBe('default/a/v1.0.0');
  });
});
