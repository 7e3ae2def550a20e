import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect';
import { PgNotifications } from '../../src/db/notifications';
import { createApp } from '../../src/http/app';
import { createServices, shareEvents, type Services } from '../../src/features';
import type { PromotionEvent, VerificationEvent } from '../../src/features/events/eventBus';
import { startTestApi, type TestApi } from '../support/api';
import { createTestDatabase, type TestDatabaseHandle } from '../support/databases';
import { notebook } from '../support/notebooks';
import { queueVerification } from '../support/verifications';

/** Listens on an ephemeral port; resolves with the base URL and what closes it. */
async function serve(app: http.RequestListener) {
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

/** Collects the `promotion` and `verification` events of one GET /events stream. */
function collect(url: string, token: string) {
  const events: PromotionEvent[] = [];
  const verifications: VerificationEvent[] = [];
  let raw = '';
  const opened = new Promise<void>((resolve, reject) => {
    const req = http.get(`${url}/api/v1/events`, { headers: { Authorization: `Bearer ${token}` } });
    req.on('response', res => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        if (raw.startsWith(': connected')) resolve();
        for (let end = raw.indexOf('\n\n'); end >= 0; end = raw.indexOf('\n\n')) {
          const block = raw.slice(0, end);
          raw = raw.slice(end + 2);
          const data = /^event: promotion\ndata: (.*)$/m.exec(block);
          if (data) events.push(JSON.parse(data[1]) as PromotionEvent);
          const run = /^event: verification\ndata: (.*)$/m.exec(block);
          if (run) verifications.push(JSON.parse(run[1]) as VerificationEvent);
        }
      });
    });
    req.on('error', reject);
  });
  return { events, verifications, opened };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('request events across replicas on postgres', () => {
  let a: TestApi;
  let databaseB: DatabaseHandle;
  let servicesB: Services;
  let stopB: () => Promise<void>;
  beforeEach(async () => {
    a = await startTestApi('postgres');
    // A second replica: its own connections, services and app over the same database.
    databaseB = await openDatabase(a.handle.url);
    servicesB = createServices({ database: databaseB, dataDir: a.handle.dataDir });
    stopB = await shareEvents(servicesB, databaseB);
  });
  afterEach(async () => {
    await stopB();
    await servicesB.analysisPool.close();
    await servicesB.repo.close();
    await databaseB.close();
    await a.cleanup();
  });

  it("streams a change made through one replica to the other's listeners, once on each", async () => {
    const appB = createApp({
      config: { allowedOrigins: [], maxBodyBytes: 2_000_000 },
      services: servicesB,
      version: '0.0.0-test'
    });
    const [serverA, serverB] = [await serve(a.app), await serve(appB)];
    try {
      const onA = collect(serverA.url, a.tokens.linus);
      const onB = collect(serverB.url, a.tokens.linus);
      await Promise.all([onA.opened, onB.opened]);
      const created = await a
        .as('ada')
        .post('/promotions', { path: 'a.ipynb', notebook: notebook() });
      expect(created.status).toBe(201);
      await until(() => onB.events.length > 0 && onA.events.length > 0);
      // Our own notification comes back to us too: it must not be streamed twice.
      await new Promise(resolve => setTimeout(resolve, 300));
      for (const events of [onA.events, onB.events]) {
        expect(events).toEqual([
          expect.objectContaining({
            requestId: created.body.id,
            action: 'create',
            actor: 'ada',
            toState: 'open'
          })
        ]);
      }

      // A verification run cancelled through A: B's listeners hear it too, once.
      const runId = await queueVerification(a.services.stores, created.body.id);
      const cancelled = await a
        .as('linus')
        .post(`/promotions/${created.body.id}/verification/cancel`, {});
      expect(cancelled.status).toBe(200);
      await until(() => onB.verifications.length > 0 && onA.verifications.length > 0);
      await new Promise(resolve => setTimeout(resolve, 300));
      for (const heard of [onA.verifications, onB.verifications]) {
        expect(heard).toEqual([
          expect.objectContaining({ requestId: created.body.id, runId, status: 'cancelled' })
        ]);
      }
    } finally {
      await Promise.all([serverA.close(), serverB.close()]);
    }
  });
});

describe('PostgreSQL notifications', () => {
  let handle: TestDatabaseHandle;
  beforeEach(async () => {
    handle = await createTestDatabase('postgres');
  });
  afterEach(async () => {
    await handle.cleanup();
  });

  it('listen again after their connection is cut', async () => {
    const heard: string[] = [];
    const logged: string[] = [];
    const listener = new PgNotifications({
      url: handle.url,
      channel: 'nbpromote_test',
      onMessage: payload => heard.push(payload),
      log: m => logged.push(m),
      retryMs: 50
    });
    const sender = new PgNotifications({
      url: handle.url,
      channel: 'nbpromote_test',
      onMessage: () => undefined
    });
    await Promise.all([listener.start(), sender.start()]);
    try {
      await sender.send('first');
      await until(() => heard.includes('first'));

      const admin = new Client({ connectionString: handle.url });
      await admin.connect();
      const cut = await admin.query(
        `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
          WHERE datname = current_database() AND query = 'LISTEN nbpromote_test'`
      );
      await admin.end();
      expect(cut.rows).toHaveLength(1);
      await until(() => logged.some(m => /reconnecting/.test(m)));

      // Sent until heard: the listener is back once one arrives.
      await until(() => {
        void sender.send('second').catch(() => undefined);
        return heard.includes('second');
      });
    } finally {
      await Promise.all([listener.close(), sender.close()]);
    }
  });

  it('refuse a payload NOTIFY would refuse, and channel names that are not identifiers', async () => {
    expect(
      () =>
        new PgNotifications({
          url: handle.url,
          channel: 'x; DROP TABLE y',
          onMessage: () => undefined
        })
    ).toThrow(/channel name/);
    const sender = new PgNotifications({
      url: handle.url,
      channel: 'nbpromote_test',
      onMessage: () => undefined
    });
    await sender.start();
    try {
      await expect(sender.send('é'.repeat(4000))).rejects.toThrow(/7999 bytes/);
    } finally {
      await sender.close();
    }
  });
});
