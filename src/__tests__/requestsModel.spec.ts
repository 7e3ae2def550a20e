import { ServiceClient } from '../client/serviceClient';
import type { PromotionSummary } from '../client/types';
import { RequestsModel } from '../requests/requestsModel';

const request = (id: number, state: PromotionSummary['state']): PromotionSummary => ({
  id,
  title: `r${id}`,
  notebookPath: 'nb.ipynb',
  notebookSha256: '0'.repeat(64),
  project: 'p',
  algorithm: 'a',
  environment: 'dev',
  author: 'ada',
  state,
  version: '1.0.0',
  revision: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z'
});

/** A fake service behind the one seam we own: answers by path. */
function fakeService(routes: Record<string, () => Response>): typeof fetch {
  return async input => {
    const url = new URL(String(input));
    const key = url.pathname.replace('/api/v1', '') + url.search;
    const route = routes[key];
    if (!route) {
      return new Response(JSON.stringify({ error: { code: 'not_found', message: key } }), {
        status: 404
      });
    }
    return route();
  };
}

const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status });

describe('RequestsModel', () => {
  it('loads identity, my requests and my reviews', async () => {
    const client = new ServiceClient({
      baseUrl: 'http://svc',
      fetch: fakeService({
        '/me': json({ name: 'ada', role: 'data-scientist' }),
        '/promotions?mine=true': json({ items: [request(1, 'open')] }),
        '/promotions?reviewable=true': json({ items: [request(2, 'open')] }),
        '/promotions?reviewed=true&state=changes_requested': json({
          items: [
            { ...request(3, 'changes_requested'), author: 'bob' },
            request(4, 'changes_requested')
          ]
        })
      })
    });
    const model = new RequestsModel(client);
    let changes = 0;
    model.changed.connect(() => changes++);
    await model.refresh();
    expect(model.identity).toEqual({ name: 'ada', role: 'data-scientist' });
    expect(model.mine.map(r => r.id)).toEqual([1]);
    expect(model.reviewable.map(r => r.id)).toEqual([2]);
    // Sent back to bob after my review; my own request sent back is under "mine".
    expect(model.waitingForAuthor.map(r => r.id)).toEqual([3]);
    expect(model.error).toBeNull();
    expect(model.loading).toBe(false);
    expect(changes).toBe(2);
    model.dispose();
  });

  it('explains a rejected token plainly', async () => {
    const client = new ServiceClient({
      baseUrl: 'http://svc',
      fetch: fakeService({
        '/me': json({ error: { code: 'unauthenticated', message: 'no token' } }, 401)
      })
    });
    const model = new RequestsModel(client);
    await model.refresh();
    expect(model.error).toMatch(/does not recognise your API token/);
    expect(model.error).toMatch(/Settings > nbpromote/);
    expect(model.mine).toEqual([]);
    model.dispose();
  });

  it('reports news only of comment reviews on my requests by someone else (the inbox tells the rest)', async () => {
    const mine = [request(1, 'approved'), request(2, 'changes_requested')];
    const event = (e: Record<string, unknown>) =>
      `event: promotion\ndata: ${JSON.stringify({ actor: 'linus', at: 'x', ...e })}\n\n`;
    const client = new ServiceClient({
      baseUrl: 'http://svc',
      fetch: fakeService({
        '/me': json({ name: 'ada', role: 'data-scientist' }),
        '/promotions?mine=true': () => new Response(JSON.stringify({ items: mine })),
        '/promotions?reviewable=true': json({ items: [] }),
        '/promotions?reviewed=true&state=changes_requested': json({ items: [] }),
        '/events': () =>
          new Response(
            event({ requestId: 1, action: 'approve', fromState: 'open', toState: 'approved' }) +
              event({ requestId: 9, action: 'approve', fromState: 'open', toState: 'approved' }) +
              event({ requestId: 1, action: 'comment', actor: 'ada', commentId: 3 }) +
              event({ requestId: 1, action: 'comment', commentId: 4 }) +
              // A review that does not move the state is still news; a revision is not.
              event({
                requestId: 2,
                action: 'request_changes',
                fromState: 'changes_requested',
                toState: 'changes_requested'
              }) +
              event({ requestId: 2, action: 'revise', actor: 'ada', toState: 'open' }) +
              event({ requestId: 9, action: 'review_comment' }) +
              event({ requestId: 2, action: 'review_comment', actor: 'ada' }) +
              event({ requestId: 1, action: 'review_comment' }) +
              event({ requestId: 1, action: 'promote', fromState: 'approved', toState: 'promoted' })
          )
      })
    });
    const model = new RequestsModel(client);
    const news: string[] = [];
    const done = new Promise<void>(resolve =>
      model.news.connect((_, n) => {
        news.push(`${n.kind}:${n.request.id}:${n.event.action}:${n.event.actor}`);
        resolve();
      })
    );
    model.start();
    await done;
    await new Promise(r => setTimeout(r, 100));
    model.dispose();
    expect(news).toEqual(['review:1:review_comment:linus']);
  });

  it('keeps the live rule status of a followed request current on every refresh', async () => {
    let approvals = 1;
    const detail = () => ({
      ...request(5, 'approved'),
      description: '',
      revisions: [],
      reviews: [],
      rules: {
        environment: 'prod',
        rulesVersion: 2,
        passed: approvals >= 2,
        wouldPassAll: approvals >= 2,
        failing: approvals >= 2 ? [] : ['two-reviews'],
        results: [
          {
            id: 'two-reviews',
            type: 'review',
            enforcement: 'active',
            result: approvals >= 2 ? 'pass' : 'fail',
            status: approvals >= 2 ? 'pass' : 'fail',
            reasons: [],
            message: approvals >= 2 ? '2 approvals' : 'needs 1 more approval from reviewers'
          }
        ]
      }
    });
    const client = new ServiceClient({
      baseUrl: 'http://svc',
      fetch: fakeService({
        '/me': json({ name: 'ada', role: 'data-scientist' }),
        '/promotions?mine=true': json({ items: [request(5, 'approved')] }),
        '/promotions?reviewable=true': json({ items: [] }),
        '/promotions?reviewed=true&state=changes_requested': json({ items: [] }),
        '/promotions/5': () => new Response(JSON.stringify(detail()))
      })
    });
    const model = new RequestsModel(client);
    expect(model.detail(5)).toBeUndefined();
    await model.follow(5);
    expect(model.detail(5)?.rules?.results[0].message).toBe('needs 1 more approval from reviewers');
    approvals = 2;
    await model.refresh();
    expect(model.detail(5)?.rules?.passed).toBe(true);
    model.unfollow(5);
    approvals = 1;
    await model.refresh();
    expect(model.detail(5)?.rules?.passed).toBe(true);

    await model.follow(404);
    expect(model.detailError(404)).toBe('Could not load request #404: /promotions/404');
    model.dispose();
  });
});
