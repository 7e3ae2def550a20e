import { ServiceClient } from '../client/serviceClient';
import type { PromotionDetail } from '../client/types';
import { ReviewModel } from '../review/reviewModel';
import { cell, notebookDiff } from './reviewFixtures';

/** A fake service behind the one seam we own: answers by method and path, records bodies. */
function fakeService(routes: Record<string, (body: unknown) => unknown>) {
  const calls: { key: string; body: unknown }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    const key = `${init?.method ?? 'GET'} ${url.pathname.replace('/api/v1', '')}${url.search}`;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ key, body });
    const route = routes[key];
    if (!route) {
      return new Response(JSON.stringify({ error: { code: 'not_found', message: key } }), {
        status: 404
      });
    }
    return new Response(JSON.stringify(route(body)));
  };
  return { fetch, calls };
}

function detail(revision: number, lastReviewedRevision: number | null = null): PromotionDetail {
  return {
    id: 7,
    title: 'Churn',
    notebookPath: 'churn.ipynb',
    notebookSha256: '0'.repeat(64),
    project: 'p',
    algorithm: 'churn',
    environment: 'dev',
    author: 'ada',
    state: 'open',
    version: '1.1.0',
    revision,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    description: '',
    revisions: [],
    reviews: [],
    permissions: {} as PromotionDetail['permissions'],
    lastReviewedRevision
  };
}

const diff = (base: number | undefined, head: number) => ({
  base: { label: base ? `revision ${base}` : 'dev 1.0.0', notebookSha256: 'b', revision: base },
  head: { label: `revision ${head}`, notebookSha256: 'h', revision: head },
  pipeline: {
    identical: true,
    steps: [],
    edges: { added: [], removed: [] },
    parameters: [],
    metrics: { added: [], removed: [] },
    requirements: [],
    settings: [],
    files: [],
    outputsOnly: false
  },
  notebook: notebookDiff([cell('unchanged', 'load'), cell('modified', 'train')])
});

const nb = (text: string) => ({ cells: [{ source: 'load()' }, { source: text }] });

describe('ReviewModel', () => {
  it('compares the latest revision with production, reading production from the catalog', async () => {
    const { fetch, calls } = fakeService({
      'GET /me': () => ({ name: 'linus', role: 'reviewer' }),
      'GET /promotions/7': () => detail(2),
      'GET /promotions/7/diff?base=production&head=2': () => diff(undefined, 2),
      'GET /promotions/7/comments': () => ({ items: [] }),
      'GET /catalog': () => ({
        items: [
          {
            project: 'p',
            algorithm: 'churn',
            environments: { dev: { version: '1.0.0', requestId: 3, promotedAt: 'x' } },
            history: []
          }
        ]
      }),
      'GET /promotions/3/notebook': () => nb('old'),
      'GET /promotions/7/notebook?revision=2': () => nb('new')
    });
    const model = new ReviewModel({
      client: new ServiceClient({ baseUrl: 'http://s', fetch }),
      id: 7
    });
    await model.load();
    expect(model.error).toBeNull();
    expect(model.pair).toEqual({ base: 'production', head: 2 });
    expect(model.baseNotebook).toEqual(nb('old'));
    expect(model.headNotebook).toEqual(nb('new'));
    expect(model.rows.map(r => r.kind)).toEqual(['fold', 'cell']);
    expect(model.newRevision).toBeNull();
    expect(model.lastReviewed).toBeNull();
    expect(calls.map(c => c.key)).toContain('GET /promotions/3/notebook');
  });

  it('opens since the last review for a reader who reviewed an earlier revision', async () => {
    const { fetch } = fakeService({
      'GET /me': () => ({ name: 'linus', role: 'reviewer' }),
      'GET /promotions/7': () => detail(2, 1),
      'GET /promotions/7/diff?base=last-reviewed&head=2': () => diff(1, 2),
      'GET /promotions/7/diff?base=production&head=2': () => diff(undefined, 2),
      'GET /catalog': () => ({ items: [] }),
      'GET /promotions/7/comments': () => ({ items: [] }),
      'GET /promotions/7/notebook?revision=1': () => nb('v1'),
      'GET /promotions/7/notebook?revision=2': () => nb('v2')
    });
    const model = new ReviewModel({
      client: new ServiceClient({ baseUrl: 'http://s', fetch }),
      id: 7
    });
    await model.load();
    expect(model.error).toBeNull();
    expect(model.pair).toEqual({ base: 'last-reviewed', head: 2 });
    expect(model.baseNotebook).toEqual(nb('v1'));
    // Asked for explicitly, production is kept.
    await model.setPair({ base: 'production' });
    expect(model.pair).toEqual({ base: 'production', head: 2 });
  });

  it('offers a newer revision instead of moving the reader, and shows it when asked', async () => {
    let latest = 1;
    const { fetch } = fakeService({
      'GET /me': () => ({ name: 'linus', role: 'reviewer' }),
      'GET /promotions/7': () => detail(latest),
      'GET /promotions/7/diff?base=production&head=1': () => diff(undefined, 1),
      'GET /promotions/7/diff?base=1&head=2': () => diff(1, 2),
      'GET /promotions/7/comments': () => ({ items: [] }),
      'GET /catalog': () => ({ items: [] }),
      'GET /promotions/7/notebook?revision=1': () => nb('v1'),
      'GET /promotions/7/notebook?revision=2': () => nb('v2')
    });
    const model = new ReviewModel({
      client: new ServiceClient({ baseUrl: 'http://s', fetch }),
      id: 7
    });
    await model.load();
    expect(model.baseNotebook).toBeNull();
    latest = 2;
    await model.onEvent({ requestId: 7, action: 'revise', actor: 'ada', at: 'x', revision: 2 });
    expect(model.newRevision).toBe(2);
    expect(model.pair).toEqual({ base: 'production', head: 1 });
    // An event for another request changes nothing.
    await model.onEvent({ requestId: 8, action: 'revise', actor: 'ada', at: 'x' });
    expect(model.newRevision).toBe(2);
    await model.setPair({ base: 1, head: 2 });
    expect(model.pair).toEqual({ base: 1, head: 2 });
    expect(model.newRevision).toBeNull();
    expect(model.baseNotebook).toEqual(nb('v1'));
  });

  it('sends line comments with 1-based lines on the revision they are written on', async () => {
    const { fetch, calls } = fakeService({
      'GET /me': () => ({ name: 'linus', role: 'reviewer' }),
      'GET /promotions/7': () => detail(2),
      'GET /promotions/7/diff?base=production&head=2': () => diff(undefined, 2),
      'GET /promotions/7/comments': () => ({ items: [] }),
      'GET /catalog': () => ({ items: [] }),
      'GET /promotions/7/notebook?revision=2': () => nb('new'),
      'POST /promotions/7/comments': body => ({ id: 1, ...(body as object) })
    });
    const model = new ReviewModel({
      client: new ServiceClient({ baseUrl: 'http://s', fetch }),
      id: 7
    });
    await model.load();
    await model.comment({
      cellId: 'train',
      revision: 2,
      lines: { start: 2, end: 3 },
      body: 'Why?'
    });
    expect(calls.find(c => c.key === 'POST /promotions/7/comments')?.body).toEqual({
      revision: 2,
      cellId: 'train',
      body: 'Why?',
      lineStart: 2,
      lineEnd: 3
    });
  });

  it('reads the marks of the head revision, marks and unmarks cells there', async () => {
    let marks: { cellId: string; revision: number; markedAt: string }[] = [];
    const answer = () => ({ revision: 2, cells: marks });
    const { fetch, calls } = fakeService({
      'GET /me': () => ({ name: 'linus', role: 'reviewer' }),
      'GET /promotions/7': () => detail(2),
      'GET /promotions/7/diff?base=production&head=2': () => diff(undefined, 2),
      'GET /promotions/7/comments': () => ({ items: [] }),
      'GET /catalog': () => ({ items: [] }),
      'GET /promotions/7/notebook?revision=2': () => nb('new'),
      'GET /promotions/7/viewed?revision=2': answer,
      'PUT /promotions/7/viewed': body => {
        const { cellIds } = body as { cellIds: string[] };
        marks = cellIds.map(cellId => ({ cellId, revision: 2, markedAt: 'x' }));
        return answer();
      },
      'DELETE /promotions/7/viewed/train?revision=2': () => {
        marks = [];
        return answer();
      }
    });
    const model = new ReviewModel({
      client: new ServiceClient({ baseUrl: 'http://s', fetch }),
      id: 7
    });
    await model.load();
    expect(model.viewedProgress).toEqual({ viewed: 0, total: 1 });
    await model.setViewed('train', true);
    expect(calls.find(c => c.key === 'PUT /promotions/7/viewed')?.body).toEqual({
      revision: 2,
      cellIds: ['train']
    });
    expect([...(model.viewed ?? [])]).toEqual(['train']);
    expect(model.viewedProgress).toEqual({ viewed: 1, total: 1 });
    await model.setViewed('train', false);
    expect(model.viewedProgress).toEqual({ viewed: 0, total: 1 });
  });

  it('still shows the diff when the marks cannot be read, with no checkbox state', async () => {
    const { fetch } = fakeService({
      'GET /me': () => ({ name: 'linus', role: 'reviewer' }),
      'GET /promotions/7': () => detail(2),
      'GET /promotions/7/diff?base=production&head=2': () => diff(undefined, 2),
      'GET /promotions/7/comments': () => ({ items: [] }),
      'GET /catalog': () => ({ items: [] }),
      'GET /promotions/7/notebook?revision=2': () => nb('new')
    });
    const model = new ReviewModel({
      client: new ServiceClient({ baseUrl: 'http://s', fetch }),
      id: 7
    });
    await model.load();
    expect(model.error).toBeNull();
    expect(model.rows.map(r => r.kind)).toEqual(['fold', 'cell']);
    expect(model.viewed).toBeNull();
    expect(model.viewedProgress).toBeNull();
  });

  it('shows a mark at once and takes it back when the service refuses it', async () => {
    const { fetch } = fakeService({
      'GET /me': () => ({ name: 'linus', role: 'reviewer' }),
      'GET /promotions/7': () => detail(2),
      'GET /promotions/7/diff?base=production&head=2': () => diff(undefined, 2),
      'GET /promotions/7/comments': () => ({ items: [] }),
      'GET /catalog': () => ({ items: [] }),
      'GET /promotions/7/notebook?revision=2': () => nb('new'),
      'GET /promotions/7/viewed?revision=2': () => ({ revision: 2, cells: [] })
    });
    const model = new ReviewModel({
      client: new ServiceClient({ baseUrl: 'http://s', fetch }),
      id: 7
    });
    await model.load();
    const pending = model.setViewed('train', true);
    expect(model.viewed?.has('train')).toBe(true);
    await expect(pending).rejects.toThrow();
    expect(model.viewed?.has('train')).toBe(false);
    expect(model.viewedProgress).toEqual({ viewed: 0, total: 1 });
  });
});
