import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

describe.each(DATABASES)('notifications on %s', kind => {
  const { api, ada, bob, linus, grace } = useTestApi(kind);

  async function submit(title = 'Forecast'): Promise<number> {
    const res = await ada.post('/promotions', { path: 'n.ipynb', notebook: notebook(), title });
    expect(res.status).toBe(201);
    return res.body.id as number;
  }

  const inbox = async (client: typeof ada, query = '') => {
    const res = await client.get(`/notifications${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: Record<string, unknown>[]; unread: number };
  };

  it('tells the author of each review, promotion and rejection by someone else', async () => {
    const id = await submit();
    const changes = await linus.post(`/promotions/${id}/reviews`, {
      verdict: 'request_changes',
      body: 'Name the step.\nAnd pin pandas.'
    });
    expect(changes.status).toBe(201);
    let mine = await inbox(ada);
    expect(mine.unread).toBe(1);
    expect(mine.items).toEqual([
      expect.objectContaining({
        kind: 'changes_requested',
        requestId: id,
        title: 'Forecast',
        actor: 'linus',
        revision: 1,
        excerpt: 'Name the step. And pin pandas.',
        read: false
      })
    ]);
    // Nobody else hears of it: not the reviewer who acted, not another data scientist.
    expect((await inbox(linus)).items).toEqual([]);
    expect((await inbox(bob)).items).toEqual([]);

    await ada.post(`/promotions/${id}/revisions`, { notebook: notebook() });
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    await grace.post(`/promotions/${id}/promote`, {});
    mine = await inbox(ada);
    expect(mine.items.map(n => [n.kind, n.actor])).toEqual([
      ['promoted', 'grace'],
      ['approved', 'linus'],
      ['changes_requested', 'linus']
    ]);
    expect(mine.unread).toBe(3);

    // Her own promotion of her own request tells her nothing; a rejection by linus does.
    const second = await submit('Second');
    await ada.post(`/promotions/${second}/promote`, {});
    const third = await submit('Third');
    await linus.post(`/promotions/${third}/reject`, { reason: 'Duplicate of #1.' });
    mine = await inbox(ada);
    expect(mine.items[0]).toMatchObject({
      kind: 'rejected',
      requestId: third,
      excerpt: 'Duplicate of #1.'
    });
    expect(mine.items.filter(n => n.requestId === second)).toEqual([]);
  });

  it('tells each user @named in a comment or summary, once, and not the one writing', async () => {
    const id = await submit();
    const comment = await linus.post(`/promotions/${id}/comments`, {
      revision: 1,
      cellId: 'c1',
      body: '@bob, could you check this? cc @grace. (mail: linus@example.com, @linus, @nobody)'
    });
    expect(comment.status).toBe(201);
    for (const client of [bob, grace]) {
      expect((await inbox(client)).items).toEqual([
        expect.objectContaining({
          kind: 'mentioned',
          actor: 'linus',
          requestId: id,
          commentId: comment.body.id,
          revision: 1
        })
      ]);
    }
    expect((await inbox(linus)).items).toEqual([]);
    expect((await inbox(ada)).items).toEqual([]);

    // The author named in changes requested hears of it once, as changes requested.
    await linus.post(`/promotions/${id}/reviews`, {
      verdict: 'request_changes',
      body: '@ada see the comments; @bob too.'
    });
    expect((await inbox(ada)).items.map(n => n.kind)).toEqual(['changes_requested']);
    expect((await inbox(bob)).items.map(n => n.kind)).toEqual(['mentioned', 'mentioned']);
  });

  it('keeps read state per notification, lists unread first and what arrived since', async () => {
    const id = await submit();
    for (const body of ['one', 'two', 'three']) {
      await linus.post(`/promotions/${id}/comments`, {
        revision: 1,
        cellId: 'c1',
        body: `@ada ${body}`
      });
    }
    const all = await inbox(ada);
    expect(all.items.map(n => n.excerpt)).toEqual(['@ada three', '@ada two', '@ada one']);
    const [three, two, one] = all.items.map(n => n.id as number);

    const read = await ada.post(`/notifications/${three}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: three, read: true });
    expect(typeof read.body.readAt).toBe('string');
    // Unread first, then newest first.
    const after = await inbox(ada);
    expect(after.unread).toBe(2);
    expect(after.items.map(n => n.id)).toEqual([two, one, three]);
    expect((await inbox(ada, '?unread=true')).items.map(n => n.id)).toEqual([two, one]);
    expect((await inbox(ada, `?since=${one}`)).items.map(n => n.id)).toEqual([two, three]);
    expect((await inbox(ada, '?limit=1')).items.map(n => n.id)).toEqual([two]);

    // Read again: stays read, at the time first read.
    const again = await ada.post(`/notifications/${three}/read`);
    expect(again.body.readAt).toBe(read.body.readAt);

    const upTo = await ada.post('/notifications/read', { upTo: one });
    expect(upTo.body).toEqual({ marked: 1, unread: 1 });
    const rest = await ada.post('/notifications/read');
    expect(rest.body).toEqual({ marked: 1, unread: 0 });
    expect((await inbox(ada)).unread).toBe(0);
  });

  it('lets nobody read or mark anyone else’s notifications', async () => {
    const id = await submit();
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'request_changes', body: 'No.' });
    const [notification] = (await inbox(ada)).items;

    expect((await api.as(null).get('/notifications')).status).toBe(401);
    expect((await api.as(null).post(`/notifications/${notification.id}/read`)).status).toBe(401);
    const foreign = await bob.post(`/notifications/${notification.id}/read`);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('forbidden');
    // Marking all read marks only one's own.
    expect((await bob.post('/notifications/read')).body).toEqual({ marked: 0, unread: 0 });
    expect((await inbox(ada)).items[0].read).toBe(false);
    expect((await ada.post('/notifications/2147483647/read')).status).toBe(404);
    expect((await ada.post('/notifications/0/read')).status).toBe(400);
    expect((await ada.get('/notifications?since=x')).status).toBe(400);
    expect((await ada.get('/notifications?unread=yes')).status).toBe(400);
    expect((await ada.post('/notifications/read', { upTo: 'all' })).status).toBe(400);
    expect((await ada.post('/notifications/read', { everything: true })).status).toBe(400);
  });

  it('makes none for a refused action', async () => {
    const id = await submit();
    // ada may not approve her own request, nor linus withdraw it.
    expect((await ada.post(`/promotions/${id}/reviews`, { verdict: 'approve' })).status).toBe(403);
    await linus.post(`/promotions/${id}/withdraw`, {});
    expect((await inbox(ada)).items).toEqual([]);
    expect(await api.services.stores.db.selectFrom('notifications').selectAll().execute()).toEqual(
      []
    );
  });

  it('sends a new notification over the event stream of its user only', async () => {
    const server = api.app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const streams: { user: string; raw: string; req: http.ClientRequest }[] = [];
    try {
      const opened = (['ada', 'bob'] as const).map(
        user =>
          new Promise<void>((resolve, reject) => {
            const entry = { user, raw: '', req: undefined as unknown as http.ClientRequest };
            entry.req = http.get(
              `${url}/api/v1/events`,
              { headers: { Authorization: `Bearer ${api.tokens[user]}` } },
              res => {
                res.setEncoding('utf8');
                res.on('data', (chunk: string) => {
                  entry.raw += chunk;
                  resolve();
                });
              }
            );
            entry.req.on('error', reject);
            streams.push(entry);
          })
      );
      await Promise.all(opened);
      const id = await submit();
      await linus.post(`/promotions/${id}/reviews`, { verdict: 'request_changes', body: 'Hm.' });
      const adaStream = streams.find(s => s.user === 'ada')!;
      for (let i = 0; i < 100 && !adaStream.raw.includes('event: notification'); i++) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      const m = /event: notification\ndata: (.*)\n\n/.exec(adaStream.raw);
      expect(m).not.toBeNull();
      expect(JSON.parse(m![1])).toMatchObject({
        kind: 'changes_requested',
        requestId: id,
        excerpt: 'Hm.',
        read: false
      });
      expect(JSON.parse(m![1]).user).toBeUndefined();
      // bob's stream saw the request events, never ada's notification.
      const bobStream = streams.find(s => s.user === 'bob')!;
      expect(bobStream.raw).toContain('event: promotion');
      expect(bobStream.raw).not.toContain('event: notification');
    } finally {
      for (const s of streams) s.req.destroy();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });
});
