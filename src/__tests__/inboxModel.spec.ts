import { ServiceClient } from '../client/serviceClient';
import type { Notification } from '../client/types';
import { InboxModel } from '../requests/inboxModel';

const note = (id: number, read = false): Notification => ({
  id,
  kind: 'changes_requested',
  requestId: 1,
  title: 'Forecast',
  actor: 'linus',
  revision: 1,
  excerpt: 'Name the step.',
  createdAt: '2026-01-01T00:00:00Z',
  read,
  ...(read ? { readAt: '2026-01-02T00:00:00Z' } : {})
});

/** A fake inbox service: a list, read marks and an event stream sending `live` once. */
function inboxService(items: Notification[], live: Notification[] = []) {
  const calls: string[] = [];
  let streamed = false;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    const path = url.pathname.replace('/api/v1', '') + url.search;
    calls.push(`${init?.method ?? 'GET'} ${path}${init?.body ? ` ${String(init.body)}` : ''}`);
    if (path === '/events') {
      const body = streamed
        ? ''
        : live.map(n => `event: notification\ndata: ${JSON.stringify(n)}\n\n`).join('');
      streamed = true;
      return new Response(body);
    }
    if (path === '/notifications') {
      const unread = items.filter(n => !n.read).length;
      return new Response(JSON.stringify({ items, unread }));
    }
    const one = /^\/notifications\/(\d+)\/read$/.exec(path);
    if (one) {
      const id = Number(one[1]);
      items = items.map(n => (n.id === id ? note(id, true) : n));
      return new Response(JSON.stringify(note(id, true)));
    }
    if (path === '/notifications/read') {
      const upTo = JSON.parse(String(init?.body)).upTo as number;
      items = items.map(n => (n.id <= upTo ? note(n.id, true) : n));
      return new Response(JSON.stringify({ marked: 1, unread: items.filter(n => !n.read).length }));
    }
    return new Response('{}', { status: 404 });
  };
  return { fetch, calls };
}

describe('InboxModel', () => {
  it('announces each unread notification once: those kept while away, then live ones', async () => {
    const service = inboxService([note(2), note(1, true)], [note(5), note(2)]);
    const client = new ServiceClient({ baseUrl: 'http://svc', fetch: service.fetch, retryMs: 5 });
    const model = new InboxModel(client);
    const announced: number[] = [];
    model.arrived.connect((_, n) => announced.push(n.id));
    await model.refresh();
    expect(model.items.map(n => n.id)).toEqual([2, 1]);
    expect(model.unread).toBe(1);
    expect(announced).toEqual([2]);

    model.start();
    for (let i = 0; i < 100 && announced.length < 2; i++) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    // The live one goes first; one already listed is not added or announced again.
    expect(model.items.map(n => n.id)).toEqual([5, 2, 1]);
    expect(model.unread).toBe(2);
    await model.refresh();
    expect(announced).toEqual([2, 5]);
    model.dispose();
  });

  it('marks one read, then all it has shown', async () => {
    const service = inboxService([note(3), note(2), note(1, true)]);
    const client = new ServiceClient({ baseUrl: 'http://svc', fetch: service.fetch });
    const model = new InboxModel(client);
    await model.refresh();
    await model.markRead(2);
    expect(model.items.find(n => n.id === 2)?.read).toBe(true);
    expect(model.unread).toBe(1);
    await model.markAllRead();
    expect(service.calls).toContain('POST /notifications/read {"upTo":3}');
    expect(model.items.every(n => n.read)).toBe(true);
    expect(model.unread).toBe(0);
    model.dispose();
  });
});
