import { ServiceClient } from '../client/serviceClient';
import type { Notification, PromotionEvent } from '../client/types';

const promotion = (requestId: number, id: number) =>
  `id: ${id}\nevent: promotion\ndata: ${JSON.stringify({ requestId, action: 'comment', actor: 'linus', at: 'x' })}\n\n`;
const notification = (id: number) =>
  `event: notification\ndata: ${JSON.stringify({ id, kind: 'mentioned', requestId: 1 })}\n\n`;

/** A service whose event stream answers `bodies` in turn, then stays open and silent. */
function streamingService(bodies: string[]) {
  const opened: { lastEventId: string | null; token: string | null }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    if (!String(input).endsWith('/api/v1/events')) {
      throw new Error(`unexpected ${String(input)}`);
    }
    opened.push({
      lastEventId: headers['Last-Event-ID'] ?? null,
      token: headers['X-Nbpromote-Token'] ?? null
    });
    const body = bodies.shift();
    if (body !== undefined) {
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }
    // Open and silent until aborted (a body whose reads wait for the abort).
    const silent = new Promise<never>((_, reject) =>
      init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))
    );
    silent.catch(() => undefined);
    return { ok: true, body: { getReader: () => ({ read: () => silent }) } } as unknown as Response;
  };
  return { fetch, opened };
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  expect(done()).toBe(true);
};

describe('the page’s one event stream', () => {
  it('serves every panel from one connection, each hearing what it asked for', async () => {
    const service = streamingService([promotion(1, 7) + notification(3) + promotion(2, 8)]);
    const client = new ServiceClient({ baseUrl: 'http://svc', fetch: service.fetch, retryMs: 5 });
    const requests: number[] = [];
    const catalog: number[] = [];
    const inbox: number[] = [];
    const stops = [
      client.subscribe((e: PromotionEvent) => requests.push(e.requestId)),
      client.subscribe((e: PromotionEvent) => catalog.push(e.requestId)),
      client.subscribeNotifications((n: Notification) => inbox.push(n.id))
    ];
    await until(() => service.opened.length === 2);
    expect(requests).toEqual([1, 2]);
    expect(catalog).toEqual([1, 2]);
    expect(inbox).toEqual([3]);
    // The first stream ended: the second started from the last id seen.
    expect(service.opened.map(o => o.lastEventId)).toEqual([null, '8']);
    stops.forEach(stop => stop());
    await new Promise(resolve => setTimeout(resolve, 30));
    expect(service.opened).toHaveLength(2);
  });

  it('opens only while someone listens, and starts over when the settings change', async () => {
    const service = streamingService([promotion(1, 4)]);
    const client = new ServiceClient({ baseUrl: 'http://svc', fetch: service.fetch, retryMs: 5 });
    let opened = 0;
    client.streamOpened.connect(() => opened++);
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(service.opened).toHaveLength(0);

    const seen: number[] = [];
    const stop = client.subscribe(e => seen.push(e.requestId));
    await until(() => opened === 2);
    expect(service.opened).toHaveLength(2);
    client.configure({ token: 'secret' });
    await until(() => service.opened.length === 3);
    // A new user on the same service: no last id carried over.
    expect(service.opened[2]).toEqual({ lastEventId: null, token: 'secret' });
    stop();
    const late = client.subscribe(() => undefined);
    await until(() => service.opened.length === 4);
    late();
    expect(seen).toEqual([1]);
  });
});
