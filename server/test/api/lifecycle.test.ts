import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { parseTrailers } from '../../src/git';
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

describe.each(DATABASES)('promotion lifecycle on %s', kind => {
  const { api, ada, linus, grace } = useTestApi(kind);

  function git(...args: string[]): string {
    return execFileSync('git', args, { cwd: api.services.repo.dir, encoding: 'utf8' }).trim();
  }

  async function submit(nb = notebook(), extra: Record<string, unknown> = {}) {
    const res = await ada.post('/promotions', {
      path: 'work/Answer Notebook.ipynb',
      notebook: nb,
      ...extra
    });
    expect(res.status).toBe(201);
    return res.body as {
      id: number;
      version: string;
      state: string;
      project: string;
      algorithm: string;
    };
  }

  it('requires a token everywhere but health and the OpenAPI document', async () => {
    expect((await api.as(null).get('/health')).status).toBe(200);
    const doc = await api.as(null).get('/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect((await api.as(null).get('/promotions')).status).toBe(401);
    const bad = await request(api.app)
      .get('/api/v1/me')
      .set('Authorization', 'Bearer nbp_not-a-token');
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('unauthenticated');
    expect((await ada.get('/me')).body).toEqual({ name: 'ada', role: 'data-scientist' });
    expect((await grace.get('/me')).body).toEqual({ name: 'grace', role: 'admin' });
    expect(api.tokens.ada).toMatch(/^nbp_[A-Za-z0-9_-]{43}$/);
  });

  it('opens, reviews, revises and promotes a request, in git and in the database', async () => {
    const created = await submit();
    expect(created).toMatchObject({
      state: 'open',
      version: '1.0.0',
      project: 'default',
      algorithm: 'answer-notebook',
      title: 'Answer Notebook.ipynb',
      environment: 'dev',
      revision: 1
    });
    const id = created.id;
    expect(git('rev-parse', '--verify', `refs/heads/promotions/${id}`)).toMatch(/^[0-9a-f]{40}$/);

    // Nobody approves their own request; a data scientist approves nothing.
    const own = await ada.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    expect(own.status).toBe(403);
    const bobs = await api.as('bob').post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    expect(bobs.status).toBe(403);

    const changes = await linus.post(`/promotions/${id}/reviews`, {
      verdict: 'request_changes',
      body: 'Name the step.'
    });
    expect(changes.status).toBe(201);
    expect(changes.body.state).toBe('changes_requested');

    // Promoting from changes_requested is refused with the current state, and audited.
    const early = await ada.post(`/promotions/${id}/promote`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.details.state).toBe('changes_requested');

    const comment = await linus.post(`/promotions/${id}/comments`, {
      revision: 1,
      cellId: 'c1',
      lineStart: 1,
      lineEnd: 1,
      body: 'Why 42?'
    });
    expect(comment.status).toBe(201);
    const reply = await ada.post(`/promotions/${id}/comments`, {
      revision: 1,
      cellId: 'c1',
      body: 'Deep Thought said so.',
      parentId: comment.body.id
    });
    expect(reply.body.parentId).toBe(comment.body.id);

    const revised = await ada.post(`/promotions/${id}/revisions`, {
      notebook: notebook([{ id: 'c1', source: 'answer = 7 * 6' }])
    });
    expect(revised.status).toBe(201);
    expect(revised.body).toMatchObject({ state: 'open', revision: 2, version: '1.0.0' });
    expect(revised.body.revisions.map((r: { number: number }) => r.number)).toEqual([1, 2]);

    const comments = await linus.get(`/promotions/${id}/comments`);
    expect(comments.body.items.map((c: { outdated: boolean }) => c.outdated)).toEqual([true, true]);
    const resolved = await ada.patch(`/promotions/${id}/comments/${comment.body.id}`, {
      resolved: true
    });
    expect(resolved.body).toMatchObject({ resolved: true });

    // An approval of the old revision is a replay: refused.
    const stale = await linus.post(`/promotions/${id}/reviews`, {
      verdict: 'approve',
      revision: 1
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');

    const approved = await linus.post(`/promotions/${id}/reviews`, {
      verdict: 'approve',
      revision: 2
    });
    expect(approved.body.state).toBe('approved');

    // A new revision dismisses the approval.
    const third = await ada.post(`/promotions/${id}/revisions`, {
      notebook: notebook([{ id: 'c1', source: 'answer = 42' }])
    });
    expect(third.body.state).toBe('open');
    expect(
      third.body.reviews.find((r: { verdict: string }) => r.verdict === 'approve').dismissed
    ).toBe(true);
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' });

    const promoted = await ada.post(`/promotions/${id}/promote`, {});
    expect(promoted.status).toBe(200);
    expect(promoted.body.state).toBe('promoted');

    const again = await ada.post(`/promotions/${id}/promote`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.details.state).toBe('promoted');

    // Git: env branch holds the bundle, the version is tagged, trailers name the reviewers.
    const tag = 'default/answer-notebook/v1.0.0';
    expect(git('tag', '--list', 'default/*')).toBe(tag);
    const files = git('ls-tree', '-r', '--name-only', 'refs/heads/env/dev');
    expect(files).toContain('default/answer-notebook/pipeline.json');
    const message = git('log', '-1', '--format=%B', 'refs/heads/env/dev');
    expect(parseTrailers(message)).toMatchObject({
      'Request-Id': String(id),
      'Reviewed-by': 'linus',
      'Approved-by': 'linus'
    });
    const manifest = JSON.parse(git('show', `${tag}:default/answer-notebook/pipeline.json`));
    expect(manifest.version).toBe('1.0.0');
    expect(manifest.steps.map((s: { name: string }) => s.name)).toEqual(['main']);

    const catalog = await ada.get('/catalog');
    expect(catalog.body.items).toEqual([
      expect.objectContaining({
        project: 'default',
        algorithm: 'answer-notebook',
        environments: { dev: expect.objectContaining({ version: '1.0.0', requestId: id }) }
      })
    ]);

    // Audit: every action, applied or refused.
    const audit = await grace.get(`/audit?requestId=${id}`);
    const actions = audit.body.items
      .map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`)
      .reverse();
    expect(actions).toEqual([
      'create:applied',
      'approve:refused',
      'approve:refused',
      'request_changes:applied',
      'promote:refused',
      'comment:applied',
      'comment:applied',
      'revise:applied',
      'resolve_comment:applied',
      'approve:refused',
      'approve:applied',
      'revise:applied',
      'approve:applied',
      // The rules' results are recorded with the promotion, in its transaction.
      'rules_check:applied',
      'promote:applied',
      'promote:refused'
    ]);
    const refused = audit.body.items.find((e: { action: string }) => e.action === 'promote');
    expect(refused).toMatchObject({ fromState: 'promoted', toState: 'promoted' });
    // Others see only the events of their own requests.
    expect((await linus.get('/audit')).body.items).toEqual([]);
    expect((await ada.get('/audit')).body.items.length).toBe(audit.body.items.length);

    // The next submission of the same pipeline gets the next patch version, as preview said.
    const preview = await ada.post('/preview', {
      notebook: notebook([{ id: 'c1', source: 'answer = 43' }]),
      path: 'work/Answer Notebook.ipynb',
      environment: 'dev'
    });
    expect(preview.body).toMatchObject({
      version: '1.0.1',
      currentVersion: '1.0.0',
      diff: { added: [], removed: [] }
    });
    expect(preview.body.diff.changed).toContain('pipeline.json');
    const next = await submit(notebook([{ id: 'c1', source: 'answer = 43' }]));
    expect(next.version).toBe('1.0.1');
  });

  it('lists mine and reviewable, serves notebooks and bundle files', async () => {
    const nb = notebook();
    const { id } = await submit(nb);
    const bobs = await api.as('bob').post('/promotions', {
      path: 'b.ipynb',
      notebook: notebook([{ id: 'x', source: 'x = 1' }]),
      environment: 'stage',
      title: 'Bob'
    });
    expect(bobs.body).toMatchObject({ environment: 'stage', algorithm: 'b', title: 'Bob' });
    expect(
      (await ada.get('/promotions?mine=true')).body.items.map((p: { id: number }) => p.id)
    ).toEqual([id]);
    expect((await linus.get('/promotions?reviewable=true')).body.items).toHaveLength(2);
    expect((await linus.get('/promotions?state=promoted')).body.items).toHaveLength(0);
    expect((await linus.get('/promotions?state=bogus')).status).toBe(400);

    expect((await ada.get(`/promotions/${id}/notebook`)).body).toEqual(nb);
    expect((await ada.get(`/promotions/${id}/notebook?revision=2`)).status).toBe(404);

    const files = await linus.get(`/promotions/${id}/revisions/1/files`);
    expect(files.body.files).toEqual(
      expect.arrayContaining(['pipeline.json', 'README.md', 'answer_notebook/step_main.py'])
    );
    const file = await linus.get(
      `/promotions/${id}/revisions/1/files/answer_notebook/step_main.py`
    );
    expect(file.body.path).toBe('answer_notebook/step_main.py');
    expect(file.body.content).toContain('answer = 6 * 7');
    for (const bad of ['..%2F..%2Fx', '%2E%2E/%2E%2E/HEAD', '-u', '--upload-pack=x']) {
      const res = await linus.get(`/promotions/${id}/revisions/1/files/${bad}`);
      expect([400, 404]).toContain(res.status);
      expect(res.body.error.code).toBe('invalid_input');
    }
    expect((await linus.get(`/promotions/${id}/revisions/9/files`)).status).toBe(404);
  });

  it('checks a notebook without storing anything', async () => {
    const res = await ada.post('/check', {
      notebook: notebook([
        { id: 'a', source: 'x = 1', tags: ['step:extract'] },
        { id: 'b', source: 'y = x + 1', tags: ['step:train'] }
      ]),
      path: 'p.ipynb'
    });
    expect(res.status).toBe(200);
    expect(res.body.steps.map((s: { name: string }) => s.name)).toEqual(['extract', 'train']);
    expect(res.body.steps[1]).toMatchObject({ dependsOn: ['extract'], inputs: { x: 'extract' } });
    expect((await api.services.stores.views.counts()).requests).toBe(0);
  });

  it('lets only admins change settings, and pushes to the configured remote', async () => {
    expect((await linus.get('/settings')).status).toBe(403);
    expect((await grace.get('/settings')).body).toEqual({ remoteUrl: null, imageRegistry: null });
    for (const bad of [
      'ext::sh -c evil',
      '--upload-pack=evil',
      'http://example.com/x.git',
      'git@host:x'
    ]) {
      const res = await grace.put('/settings', { remoteUrl: bad });
      expect(res.status).toBe(400);
    }
    const remote = path.join(api.handle.dataDir, 'remote.git');
    // A remote that does not answer would stop every write: refused, nothing saved or audited.
    const audited = (await grace.get('/audit')).body.items.length;
    const absent = await grace.put('/settings', { remoteUrl: `file://${remote}` });
    expect(absent.status).toBe(400);
    expect(absent.body.error.message).toMatch(
      /remote cannot be reached \(ls-remote\): .*The settings were not changed\./
    );
    expect(absent.body.error.details).toEqual({ field: 'remoteUrl' });
    expect((await grace.get('/settings')).body.remoteUrl).toBeNull();
    expect((await grace.get('/audit')).body.items.length).toBe(audited);
    execFileSync('git', ['init', '--bare', '--quiet', remote]);
    const set = await grace.put('/settings', { remoteUrl: `file://${remote}` });
    expect(set.body).toEqual({ remoteUrl: `file://${remote}`, imageRegistry: null });

    const { id } = await submit();
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    await ada.post(`/promotions/${id}/promote`, {});
    const tags = execFileSync('git', ['tag', '--list'], { cwd: remote, encoding: 'utf8' });
    expect(tags.trim()).toBe('default/answer-notebook/v1.0.0');
    expect(fs.existsSync(path.join(remote, 'refs'))).toBe(true);
  });

  it('withdraws and rejects, by the right people only', async () => {
    const a = await submit();
    expect((await linus.post(`/promotions/${a.id}/withdraw`, {})).status).toBe(403);
    const w = await ada.post(`/promotions/${a.id}/withdraw`, { reason: 'not yet' });
    expect(w.body.state).toBe('withdrawn');
    const b = await submit();
    expect((await ada.post(`/promotions/${b.id}/reject`, {})).status).toBe(403);
    expect((await linus.post(`/promotions/${b.id}/reject`, {})).body.state).toBe('rejected');
    const late = await linus.post(`/promotions/${b.id}/reviews`, { verdict: 'approve' });
    expect(late.status).toBe(409);
    expect(late.body.error.details.state).toBe('rejected');
    // Versions reserved by requests that ended are never handed out again.
    expect(b.version).toBe('1.1.0');
    expect((await submit()).version).toBe('1.2.0');
  });
});
