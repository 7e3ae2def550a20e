import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

interface Received {
  id?: number;
  data: { requestId: number; action: string };
}

/** Opens GET /events (from `lastEventId` when given) and collects its promotion events. */
function openStream(url: string, token: string, lastEventId?: number) {
  const received: Received[] = [];
  let raw = '';
  let opened!: () => void;
  const ready = new Promise<void>(resolve => (opened = resolve));
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
  const req = http.get(`${url}/api/v1/events`, { headers }, res => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      raw += chunk;
      opened();
      let end: number;
      while ((end = raw.indexOf('\n\n')) >= 0) {
        const block = raw.slice(0, end);
        raw = raw.slice(end + 2);
        if (!block.includes('event: promotion')) continue;
        const id = /^id: (\d+)$/m.exec(block)?.[1];
        const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]) as Received['data'];
        received.push({ ...(id ? { id: Number(id) } : {}), data });
      }
    });
  });
  return { received, ready, close: () => req.destroy() };
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise(r => setTimeout(r, 20));
  expect(done()).toBe(true);
};

describe.each(DATABASES)('event ids and replay on %s', kind => {
  const { api, ada, linus } = useTestApi(kind);

  it('numbers events and sends a reconnecting client what it missed, then live ones', async () => {
    const server = api.app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const streams: { close(): void }[] = [];
    try {
      const first = openStream(url, api.tokens.linus);
      streams.push(first);
      await first.ready;
      const id = (await ada.post('/promotions', { path: 'r.ipynb', notebook: notebook() })).body
        .id as number;
      await until(() => first.received.length === 1);
      const [created] = first.received;
      expect(created.data).toMatchObject({ requestId: id, action: 'create' });
      expect(created.id).toEqual(expect.any(Number));
      first.close();

      // Missed while away: a comment and a review.
      await linus.post(`/promotions/${id}/comments`, { revision: 1, cellId: 'c1', body: 'Hm.' });
      await linus.post(`/promotions/${id}/reviews`, { verdict: 'request_changes' });

      const again = openStream(url, api.tokens.linus, created.id);
      streams.push(again);
      await until(() => again.received.length === 2);
      expect(again.received.map(r => r.data.action)).toEqual(['comment', 'request_changes']);
      const ids = again.received.map(r => r.id!);
      expect(ids[0]).toBeGreaterThan(created.id!);
      expect(ids[1]).toBeGreaterThan(ids[0]);

      await ada.post(`/promotions/${id}/revisions`, { notebook: notebook() });
      await until(() => again.received.length === 3);
      expect(again.received[2].data.action).toBe('revise');
      expect(again.received[2].id).toBeGreaterThan(ids[1]);

      // A fresh client, or one sending something that is not an id, gets only live events.
      const fresh = openStream(url, api.tokens.ada, undefined);
      const odd = http.get(`${url}/api/v1/events`, {
        headers: { Authorization: `Bearer ${api.tokens.ada}`, 'Last-Event-ID': 'abc' }
      });
      streams.push(fresh, { close: () => odd.destroy() });
      await fresh.ready;
      await new Promise(r => setTimeout(r, 100));
      expect(fresh.received).toEqual([]);
    } finally {
      for (const s of streams) s.close();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });
});
