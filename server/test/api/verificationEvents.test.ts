import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { RESPONSES } from '../../src/features/events/contract';
import type { VerificationEvent } from '../../src/features/events/eventBus';
import { startTestApi, type TestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';
import { queueVerification } from '../support/verifications';

/**
 * Every change of a verification run reaches the event stream: queued, started, each step,
 * ended (passed, cancelled, lost), with the request and run it is about and nothing more.
 */

/** Two steps that each take a moment, so each step is its own change. */
function pipeline() {
  const nb = notebook(
    [
      { id: 'p1', source: 'factor = 6', tags: ['parameters'] },
      {
        id: 's1',
        source: 'import time\ntime.sleep(0.4)\nanswer = factor * 7',
        tags: ['step:train']
      },
      { id: 's2', source: 'time.sleep(0.4)\nscore = answer / 42', tags: ['step:evaluate'] },
      { id: 'm1', source: "{'score': score}", tags: ['pipeline-metrics'] }
    ],
    { project: 'demo', algorithm: 'answer', version: '1.0.0' }
  );
  (nb.cells as Record<string, unknown>[])[3].outputs = [
    {
      output_type: 'execute_result',
      execution_count: 4,
      metadata: {},
      data: { 'text/plain': "{'score': 1.0}" }
    }
  ];
  return nb;
}

/** Collects the `verification` events of one GET /events stream. */
function collect(url: string, token: string) {
  const events: VerificationEvent[] = [];
  const blocks: string[] = [];
  let raw = '';
  let req: http.ClientRequest | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    req = http.get(`${url}/api/v1/events`, { headers: { Authorization: `Bearer ${token}` } });
    req.on('response', res => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        if (raw.startsWith(': connected')) resolve();
        for (let end = raw.indexOf('\n\n'); end >= 0; end = raw.indexOf('\n\n')) {
          const block = raw.slice(0, end);
          raw = raw.slice(end + 2);
          const data = /^event: verification\ndata: (.*)$/m.exec(block);
          if (data) {
            blocks.push(block);
            events.push(JSON.parse(data[1]) as VerificationEvent);
          }
        }
      });
    });
    req.on('error', reject);
  });
  return { events, blocks, opened, close: () => req?.destroy() };
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

const ENDED = ['passed', 'failed', 'timed_out', 'cancelled', 'lost'];
const validate = addFormats(new Ajv({ strict: false })).compile(RESPONSES.VerificationEvent);

/** "queued", "running", "running 1/2": one word per event, in the order they arrived. */
const states = (events: readonly VerificationEvent[]) =>
  events.map(e => (e.step ? `${e.status} ${e.step.index}/${e.step.total}` : e.status));

describe.each(DATABASES)('verification events on %s', kind => {
  let api: TestApi;
  let server: http.Server;
  let url: string;

  beforeEach(async () => {
    api = await startTestApi(kind);
    server = api.app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await api.services.verification.stop();
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
    await api.cleanup();
  });

  it('streams each state change of a run: queued, started, step k of n, ended', async () => {
    // Runs report through POST /runs with their runner token, to this listening service.
    api.services.verification.start(url);
    const stream = collect(url, api.tokens.linus);
    await stream.opened;
    const created = await api.as('ada').post('/promotions', {
      path: 'answer.ipynb',
      notebook: pipeline()
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    await until(() => stream.events.some(e => ENDED.includes(e.status)), 120_000);
    stream.close();

    expect(states(stream.events)).toEqual([
      'queued',
      'running',
      'running 1/2',
      'running 2/2',
      'passed'
    ]);
    const view = await api.as('linus').get(`/promotions/${id}/verification`);
    const run = view.body.runs[0];
    for (const event of stream.events) {
      expect(validate(event)).toBe(true);
      expect(event).toMatchObject({ requestId: id, runId: run.id, revision: 1 });
    }
    // No id: a reconnecting stream's Last-Event-ID stays the request events' own.
    for (const block of stream.blocks) expect(block).not.toMatch(/^id:/m);
    // What the stream carries is what the run's route shows anyone who asks.
    expect(run).toMatchObject({ status: 'passed' });
    expect(JSON.stringify(stream.events)).not.toContain('ada');
  }, 180_000);

  it('streams a cancelled queued run, and a run lost when its lease expired', async () => {
    // Not started: the queued row stays queued until cancelled.
    const stream = collect(url, api.tokens.bob);
    await stream.opened;
    const created = await api.as('ada').post('/promotions', {
      path: 'answer.ipynb',
      notebook: pipeline()
    });
    const id = created.body.id as number;
    const store = api.services.stores.verifications;
    const queued = await queueVerification(api.services.stores, id);
    const cancelled = await api.as('linus').post(`/promotions/${id}/verification/cancel`, {});
    expect(cancelled.status).toBe(200);
    await until(() => stream.events.length >= 1, 5000);
    expect(stream.events).toEqual([
      expect.objectContaining({ requestId: id, runId: queued, status: 'cancelled' })
    ]);

    // What a service that died mid-run leaves: a running row whose lease nobody renews.
    const held = await queueVerification(api.services.stores, id);
    const past = new Date(Date.now() - 60_000).toISOString();
    expect(await store.claim(held, 'a-service-that-died', past, past)).toBe(true);
    await api.services.verification.sweep();
    await until(() => stream.events.length >= 2, 5000);
    stream.close();
    expect(stream.events[1]).toMatchObject({ requestId: id, runId: held, status: 'lost' });
    for (const event of stream.events) expect(validate(event)).toBe(true);
  });
});
