/**
 * Bad input gets a clear 4xx and writes nothing: row counts and git refs are compared before
 * and after every attempt. Refused state changes leave exactly one audit event.
 */
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

describe.each(DATABASES)('bad input on %s', kind => {
  const { api, ada, linus } = useTestApi(kind);

  async function snapshot() {
    const counts = await api.services.stores.views.counts();
    const refs = (await api.services.repo.listRefs()).map(r => `${r.ref} ${r.sha}`).sort();
    return { counts, refs, audit: await api.services.stores.audit.count() };
  }

  async function expectNothingWritten(
    attempt: () => Promise<{ status: number; body: { error?: { code: string } } }>,
    status: number,
    code?: string
  ) {
    const before = await snapshot();
    const res = await attempt();
    expect(res.status).toBe(status);
    if (code) expect(res.body.error?.code).toBe(code);
    expect(await snapshot()).toEqual(before);
    return res;
  }

  const submit = (body: Record<string, unknown>) => () => ada.post('/promotions', body);

  it('refuses dangerous names, paths and versions before anything is stored', async () => {
    const cases: [Record<string, unknown>, number, string?][] = [
      [{ path: '../../x.ipynb', notebook: notebook() }, 400, 'invalid_input'],
      [{ path: '--upload-pack=evil.ipynb', notebook: notebook() }, 400, 'invalid_input'],
      [{ path: '-u', notebook: notebook() }, 400, 'invalid_input'],
      [{ path: '/etc/passwd', notebook: notebook() }, 400, 'invalid_input'],
      [{ path: 'a.ipynb', notebook: notebook(undefined, { project: '--upload-pack=x' }) }, 400],
      [{ path: 'a.ipynb', notebook: notebook(undefined, { algorithm: '-u' }) }, 400],
      [{ path: 'a.ipynb', notebook: notebook(undefined, { project: '../../x' }) }, 400],
      [{ path: 'a.ipynb', notebook: notebook(undefined, { version: '1.0' }) }, 400],
      [{ path: 'a.ipynb', notebook: notebook(undefined, { version: 'v1.0.0; rm -rf' }) }, 400],
      [{ path: 'a.ipynb', notebook: notebook(), environment: 'qa' }, 400, 'invalid_input'],
      [{ path: 'a.ipynb', notebook: notebook(), bump: 'huge' }, 400, 'invalid_input'],
      [{ path: 'a.ipynb', notebook: notebook(), title: '   ' }, 400, 'invalid_input'],
      [{ path: 'a.ipynb', notebook: 'not a notebook' }, 400, 'invalid_input'],
      [{ path: 'a.ipynb', notebook: { nbformat: 3, cells: [] } }, 400, 'unsupported_nbformat']
    ];
    for (const [body, status, code] of cases) {
      const res = await expectNothingWritten(submit(body), status, code);
      expect(res.body.error).toBeDefined();
    }
  });

  it('refuses a notebook with blocking problems, listing them', async () => {
    const broken = notebook([{ id: 'bad', source: 'def f(:\n  pass' }]);
    const res = await expectNothingWritten(
      submit({ path: 'a.ipynb', notebook: broken }),
      400,
      'blocking_problems'
    );
    expect(res.body.error!).toMatchObject({
      details: {
        problems: [
          expect.objectContaining({ severity: 'error', code: 'syntax_error', cellId: 'bad' })
        ]
      }
    });
  });

  it('honours a metadata version while it is new, then bumps past it', async () => {
    const nb = notebook(undefined, { version: '2.0.0' });
    const first = await ada.post('/promotions', { path: 'a.ipynb', notebook: nb });
    expect(first.body.version).toBe('2.0.0');
    // The same metadata again: 2.0.0 is taken, so the next version is chosen instead.
    const again = await ada.post('/promotions', { path: 'a.ipynb', notebook: nb });
    expect(again.body.version).toBe('2.1.0');
    const lower = await ada.post('/promotions', {
      path: 'a.ipynb',
      notebook: notebook(undefined, { version: '1.5.0' }),
      bump: 'patch'
    });
    expect(lower.body.version).toBe('2.1.1');
    const major = await ada.post('/promotions', { path: 'a.ipynb', notebook: nb, bump: 'major' });
    expect(major.body.version).toBe('3.0.0');
    const jump = await ada.post('/promotions', {
      path: 'a.ipynb',
      notebook: notebook(undefined, { version: '7.0.0' })
    });
    expect(jump.body.version).toBe('7.0.0');
  });

  it('refuses malformed reviews, comments and ids without touching state', async () => {
    const { body } = await ada.post('/promotions', { path: 'a.ipynb', notebook: notebook() });
    const id = body.id as number;
    const bad: [() => Promise<{ status: number; body: { error?: { code: string } } }>, number][] = [
      [() => linus.post(`/promotions/${id}/reviews`, { verdict: 'lgtm' }), 400],
      [() => linus.post(`/promotions/${id}/reviews`, { verdict: 'approve', extra: 1 }), 400],
      [() => linus.post(`/promotions/${id}/reviews`, { verdict: 'approve', revision: 0 }), 400],
      [
        () => linus.post(`/promotions/${id}/comments`, { revision: 1, cellId: '../x', body: 'x' }),
        400
      ],
      [
        () => linus.post(`/promotions/${id}/comments`, { revision: 9, cellId: 'c1', body: 'x' }),
        400
      ],
      [
        () =>
          linus.post(`/promotions/${id}/comments`, {
            revision: 1,
            cellId: 'c1',
            lineStart: 5,
            lineEnd: 2,
            body: 'x'
          }),
        400
      ],
      [
        () => linus.post(`/promotions/${id}/comments`, { revision: 1, cellId: 'c1', body: '' }),
        400
      ],
      [() => linus.patch(`/promotions/${id}/comments/1`, { resolved: 'yes' }), 400],
      [() => linus.patch(`/promotions/${id}/comments/99`, { resolved: true }), 404],
      [() => linus.post('/promotions/-1/reviews', { verdict: 'approve' }), 400],
      [() => linus.post('/promotions/999/reviews', { verdict: 'approve' }), 404],
      [() => ada.post(`/promotions/${id}/revisions`, { notebook: { nbformat: 4 } }), 400],
      [() => ada.post(`/promotions/${id}/promote`, { force: true }), 400]
    ];
    for (const [attempt, status] of bad) await expectNothingWritten(attempt, status);
  });

  it('records exactly one audit event for each refused state change, and changes nothing else', async () => {
    const { body } = await ada.post('/promotions', {
      path: 'a.ipynb',
      notebook: notebook(),
      environment: 'stage'
    });
    const id = body.id as number;
    const refusals: [
      () => Promise<{ status: number; body: { error?: { code: string } } }>,
      number
    ][] = [
      [() => ada.post(`/promotions/${id}/promote`, {}), 409],
      [() => ada.post(`/promotions/${id}/reviews`, { verdict: 'approve' }), 403],
      [() => linus.post(`/promotions/${id}/withdraw`, {}), 403],
      [() => linus.post(`/promotions/${id}/revisions`, { notebook: notebook() }), 403]
    ];
    for (const [attempt, status] of refusals) {
      const before = await snapshot();
      const res = await attempt();
      expect(res.status).toBe(status);
      const after = await snapshot();
      expect({ ...after, audit: after.audit - 1 }).toEqual(before);
      const [event] = (await api.as('grace').get(`/audit?requestId=${id}&limit=1`)).body.items;
      expect(event).toMatchObject({ outcome: 'refused', fromState: 'open', toState: 'open' });
    }
    expect((await ada.get(`/promotions/${id}`)).body.state).toBe('open');
  });

  it('refuses an approval replayed after a new revision', async () => {
    const { body } = await ada.post('/promotions', { path: 'a.ipynb', notebook: notebook() });
    const id = body.id as number;
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve', revision: 1 });
    await ada.post(`/promotions/${id}/revisions`, {
      notebook: notebook([{ id: 'c1', source: 'answer = 41 + 1' }])
    });
    const before = await snapshot();
    const replay = await linus.post(`/promotions/${id}/reviews`, {
      verdict: 'approve',
      revision: 1
    });
    expect(replay.status).toBe(409);
    expect(replay.body.error).toMatchObject({
      code: 'stale_revision',
      details: { state: 'open', latestRevision: 2 }
    });
    const after = await snapshot();
    expect(after.counts).toEqual(before.counts);
    expect(after.refs).toEqual(before.refs);
    expect(after.audit).toBe(before.audit + 1);
    const detail = (await ada.get(`/promotions/${id}`)).body;
    expect(detail.state).toBe('open');
    expect(detail.reviews).toEqual([
      expect.objectContaining({ verdict: 'approve', dismissed: true })
    ]);
  });
});
