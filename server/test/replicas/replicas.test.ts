/**
 * Interchangeable replicas: real service processes, each with its own data dir, on one
 * PostgreSQL database and one shared bare git remote, behind a round-robin client. A request
 * submitted through one is reviewed, diffed and promoted through others; promotes race on
 * different replicas; one replica is SIGKILLed mid-promote and the others finish its work
 * (they sweep for work whose process is gone, every half second here; each sweep during the
 * concurrent writes would undo live work if it could not tell it apart). Afterwards nothing is lost, no
 * version is used twice, and every read answers the same whichever replica gives it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDatabase } from '../../src/db/connect';
import { notebook } from '../support/notebooks';
import { createTestDatabase, type TestDatabaseHandle } from '../support/databases';
import {
  buildService,
  demoTokens,
  startServiceProcess,
  type ServiceProcess
} from '../crash/serviceProcess';

jest.setTimeout(120_000);

type User = 'ada' | 'linus' | 'grace';
// The answers' shapes are checked by the API tests; here they are compared whole.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any };

describe('replicas sharing PostgreSQL and a git remote', () => {
  let handle: TestDatabaseHandle;
  let root: string;
  let remote: string;
  const replicas: ServiceProcess[] = [];
  const others: ServiceProcess[] = [];
  let tokens: Record<User, string>;
  let turn = 0;

  beforeAll(async () => {
    buildService();
    handle = await createTestDatabase('postgres');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-replicas-'));
    remote = path.join(root, 'artifacts.git');
    execFileSync('git', ['init', '--bare', '--quiet', remote]);
    // One after another: the first start creates the demo users the others reuse.
    for (let n = 0; n < 3; n++) replicas.push(await start(`replica-${n}`));
    tokens = demoTokens(path.join(root, 'replica-0'));
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...replicas, ...others].map(r => r.stop()));
    await handle?.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  });

  function start(name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    return startServiceProcess(path.join(root, name), handle.url, {
      NBPROMOTE_GIT_REMOTE_URL: `file://${remote}`,
      NBPROMOTE_REPAIR_INTERVAL_MS: '500',
      ...env
    });
  }

  async function call(
    s: ServiceProcess,
    user: User,
    method: string,
    route: string,
    body?: unknown
  ): Promise<Answer> {
    const res = await fetch(`${s.url}/api/v1${route}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[user]}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** The round-robin load balancer: each call goes to the next replica. */
  function next(): ServiceProcess {
    return replicas[turn++ % replicas.length];
  }

  const rr = (user: User, method: string, route: string, body?: unknown) =>
    call(next(), user, method, route, body);

  function remoteGit(...args: string[]): string {
    return execFileSync('git', args, { cwd: remote, encoding: 'utf8' }).trim();
  }

  const submit = (name: string, source = 'answer = 6 * 7') =>
    rr('ada', 'POST', '/promotions', {
      path: `${name}.ipynb`,
      notebook: notebook([{ id: 'c1', source }])
    });

  /** The same GET through every replica: one answer. */
  async function sameEverywhere(user: User, route: string): Promise<Answer> {
    const answers = await Promise.all(replicas.map(r => call(r, user, 'GET', route)));
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    return answers[0];
  }

  it('serves the whole loop through any replica', async () => {
    // Submitted on one replica each; two for one algorithm: the database picks the versions.
    const submitted = await Promise.all([
      submit('churn'),
      submit('churn', 'answer = 7 * 6'),
      submit('fraud'),
      submit('ltv')
    ]);
    for (const s of submitted) expect(s.status).toBe(201);
    const churn = submitted.slice(0, 2).map(s => s.body.version);
    expect(churn.sort()).toEqual(['1.0.0', '1.1.0']);
    const ids: number[] = submitted.map(s => s.body.id);

    // A revision through another replica, then diff and review through the others.
    const revised = await rr('ada', 'POST', `/promotions/${ids[2]}/revisions`, {
      notebook: notebook([{ id: 'c1', source: 'answer = 40 + 2' }])
    });
    expect(revised.status).toBe(201);
    expect(revised.body.revision).toBe(2);
    for (const id of ids) {
      const diff = await rr('linus', 'GET', `/promotions/${id}/diff`);
      expect(diff.status).toBe(200);
      const files = await rr('linus', 'GET', `/promotions/${id}/revisions/1/files`);
      expect(files.status).toBe(200);
      expect(files.body.files).toEqual(expect.arrayContaining(['pipeline.json']));
      expect(
        (await rr('linus', 'POST', `/promotions/${id}/reviews`, { verdict: 'approve' })).status
      ).toBe(201);
    }
    const between = await rr('linus', 'GET', `/promotions/${ids[2]}/diff?base=1&head=2`);
    expect(between.status).toBe(200);
    expect(JSON.stringify(between.body)).toContain('40 + 2');

    // Four promotes at once, each through a different replica, all into env/dev.
    const promoted = await Promise.all(
      ids.map(id => rr('ada', 'POST', `/promotions/${id}/promote`, {}))
    );
    for (const p of promoted) {
      expect(p.status).toBe(200);
      expect(p.body.state).toBe('promoted');
    }

    // A replica dies between pushing the merge and recording it.
    const doomed = await start('doomed', { NBPROMOTE_CRASH_AT: 'promote:after-merge' });
    others.push(doomed);
    const late = await submit('late');
    expect(late.status).toBe(201);
    const lateId: number = late.body.id;
    expect(
      (await rr('linus', 'POST', `/promotions/${lateId}/reviews`, { verdict: 'approve' })).status
    ).toBe(201);
    await expect(
      call(doomed, 'ada', 'POST', `/promotions/${lateId}/promote`, {})
    ).rejects.toThrow();
    expect(await doomed.exited).toBe('SIGKILL');
    // Another promote is refused cleanly: in progress, or already finished by a sweep.
    const refused = await rr('ada', 'POST', `/promotions/${lateId}/promote`, {});
    expect(refused.status).toBe(409);
    expect(['promotion_in_progress', 'conflict']).toContain(refused.body.error.code);
    // A live replica finishes the dead one's promotion from the remote and the database.
    const deadline = Date.now() + 20_000;
    while ((await rr('ada', 'GET', `/promotions/${lateId}`)).body.state !== 'promoted') {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    const finisher = replicas.filter(r =>
      r.output().includes(`repair: completed request ${lateId} promotion to dev`)
    );
    expect(finisher).toHaveLength(1);

    // Another dies after recording its intent, before git: a live replica undoes the intent,
    // and the promote goes through another replica, with the version the request reserved.
    const doomed2 = await start('doomed-2', { NBPROMOTE_CRASH_AT: 'promote:after-intent' });
    others.push(doomed2);
    const early = await submit('early');
    const earlyId: number = early.body.id;
    expect(
      (await rr('linus', 'POST', `/promotions/${earlyId}/reviews`, { verdict: 'approve' })).status
    ).toBe(201);
    await expect(
      call(doomed2, 'ada', 'POST', `/promotions/${earlyId}/promote`, {})
    ).rejects.toThrow();
    expect(await doomed2.exited).toBe('SIGKILL');
    for (;;) {
      const again = await rr('ada', 'POST', `/promotions/${earlyId}/promote`, {});
      if (again.status === 200) {
        expect(again.body).toMatchObject({ state: 'promoted', version: early.body.version });
        break;
      }
      expect(again.body.error.code).toBe('promotion_in_progress');
      expect(Date.now()).toBeLessThan(deadline + 20_000);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(replicas.some(r => r.output().includes(`repair: rolled back request ${earlyId}`))).toBe(
      true
    );

    // A replacement with an empty data dir joins and answers like the others.
    const replacement = await start('replacement');
    others.push(replacement);
    replicas.push(replacement);

    // Nothing lost, nothing twice: the database and the shared remote agree.
    const database = await openDatabase(handle.url);
    try {
      const rows = await database.db.selectFrom('promotion_requests').selectAll().execute();
      expect(rows).toHaveLength(6);
      expect(rows.every(r => r.state === 'promoted' && r.pending_action === null)).toBe(true);
      const versions = rows.map(r => `${r.project}/${r.algorithm}/v${r.version}`).sort();
      expect(new Set(versions).size).toBe(6);
      expect(remoteGit('tag', '--list').split('\n').sort()).toEqual(versions);
      for (const v of versions) {
        // Every promotion's merge is on env/dev: no concurrent promote overwrote another.
        execFileSync('git', ['merge-base', '--is-ancestor', `refs/tags/${v}^{commit}`, 'env/dev'], {
          cwd: remote
        });
      }
      const revisions = await database.db.selectFrom('revisions').selectAll().execute();
      for (const r of revisions) {
        expect(r.commit_sha).toMatch(/^[0-9a-f]{40}$/);
        expect(remoteGit('cat-file', '-t', r.commit_sha!)).toBe('commit');
      }
      for (const r of rows) {
        const latest = Math.max(...revisions.filter(x => x.request_id === r.id).map(x => x.number));
        const sha = revisions.find(x => x.request_id === r.id && x.number === latest)!.commit_sha;
        expect(remoteGit('rev-parse', `refs/heads/promotions/${r.id}`)).toBe(sha);
      }
    } finally {
      await database.close();
    }

    // Every read, whichever replica answers it.
    await sameEverywhere('ada', '/promotions?state=promoted');
    await sameEverywhere('grace', '/catalog');
    for (const id of [...ids, lateId, earlyId]) {
      expect((await sameEverywhere('linus', `/promotions/${id}`)).body.state).toBe('promoted');
      expect((await sameEverywhere('linus', `/promotions/${id}/diff`)).status).toBe(200);
      await sameEverywhere('linus', `/promotions/${id}/revisions/1/files/pipeline.json`);
    }
    await sameEverywhere('linus', `/promotions/${ids[2]}/diff?base=1&head=2`);
  });
});
