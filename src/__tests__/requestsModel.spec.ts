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
        '/promotions?reviewable=true': json({ items: [request(2, 'open')] })
      })
    });
    const model = new RequestsModel(client);
    let changes = 0;
    model.changed.connect(() => changes++);
    await model.refresh();
    expect(model.identity).toEqual({ name: 'ada', role: 'data-scientist' });
    expect(model.mine.map(r => r.id)).toEqual([1]);
    expect(model.reviewable.map(r => r.id)).toEqual([2]);
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

  it('reports news only for my requests, reviewed or moved by someone else', async () => {
    const mine = [request(1, 'approved'), request(2, 'changes_requested')];
    const event = (e: Record<string, unknown>) =>
      `event: promotion\ndata: ${JSON.stringify({ actor: 'linus', at: 'x', ...e })}\n\n`;
    const client = new ServiceClient({
      baseUrl: 'http://svc',
      fetch: fakeService({
        '/me': json({ name: 'ada', role: 'data-scientist' }),
        '/promotions?mine=true': () => new Response(JSON.stringify({ items: mine })),
        '/promotions?reviewable=true': json({ items: [] }),
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
              event({ requestId: 1, action: 'promote', fromState: 'approved', toState: 'promoted' })
          )
      })
    });
    const model = new RequestsModel(client);
    const news: string[] = [];
    const done = new Promise<void>(resolve =>
      model.news.connect((_, n) => {
        news.push(`${n.kind}:${n.request.id}:${n.event.action}:${n.event.actor}`);
        if (news.length === 3) {
          resolve();
        }
      })
    );
    model.start();
    await done;
    await new Promise(r => setTimeout(r, 50));
    model.dispose();
    expect(news).toEqual([
      'review:1:approve:linus',
      'review:2:request_changes:linus',
      'state:1:promote:linus'
    ]);
  });
});
