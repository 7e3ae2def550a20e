import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESPONSES } from '../../src/features/events/contract';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startTestApi, type TestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

/** Opens GET /events and resolves with the first `event: promotion` payload. */
function firstEvent(
  url: string,
  token: string,
  onOpen: () => void
): Promise<{ status: number; data: unknown; raw: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${url}/api/v1/events`,
      { headers: { Authorization: `Bearer ${token}` } },
      res => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          raw += chunk;
          if (raw.startsWith(': connected') && !raw.includes('event:')) onOpen();
          const m = /event: promotion\ndata: (.*)\n\n/.exec(raw);
          if (m) {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, data: JSON.parse(m[1]), raw });
          }
        });
      }
    );
    req.on('error', reject);
  });
}

describe.each(DATABASES)('events and rate limits on %s', kind => {
  let api: TestApi;
  afterEach(async () => {
    await api.cleanup();
  });

  it('streams a PromotionEvent for every state change, with heartbeats', async () => {
    api = await startTestApi(kind, { heartbeatMs: 50 });
    const server = api.app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const denied = await fetch(`${url}/api/v1/events`);
      expect(denied.status).toBe(401);
      let opened = false;
      const event = await firstEvent(url, api.tokens.linus, () => {
        if (opened) return;
        opened = true;
        void api.as('ada').post('/promotions', { path: 'a.ipynb', notebook: notebook() });
      });
      expect(event.status).toBe(200);
      expect(event.data).toMatchObject({ action: 'create', actor: 'ada', toState: 'open' });
      expect(event.raw).toContain(': heartbeat');
      const validate = addFormats(new Ajv({ strict: false })).compile(RESPONSES.PromotionEvent);
      expect(validate(event.data)).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('limits write requests per user, not reads', async () => {
    api = await startTestApi(kind, { writeRateLimit: 2, writeRateWindowMs: 60_000 });
    const ada = api.as('ada');
    const body = { path: 'a.ipynb', notebook: { nbformat: 4 } };
    expect((await ada.post('/promotions', body)).status).toBe(400);
    expect((await ada.post('/promotions', body)).status).toBe(400);
    const limited = await ada.post('/promotions', body);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers['ratelimit-policy']).toBeDefined();
    expect((await ada.get('/promotions')).status).toBe(200);
    // Another user has their own budget.
    expect((await api.as('bob').post('/promotions', body)).status).toBe(400);
  });
});
