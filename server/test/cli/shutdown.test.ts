/**
 * `nbpromote serve` on SIGTERM, as Kubernetes stops a pod: it stops accepting connections,
 * ends the event streams cleanly, lets the request under way finish, closes everything and
 * exits 0 well within the grace period; past the grace period it exits 1 whatever is left.
 */
import * as http from 'node:http';
import {
  buildService,
  demoTokens,
  startServiceProcess,
  type ServiceProcess
} from '../crash/serviceProcess';
import { createTestDatabase, DATABASES, type TestDatabaseHandle } from '../support/databases';
import { notebook } from '../support/notebooks';

interface Stream {
  response: http.IncomingMessage;
  body: () => string;
  /** Resolves 'end' when the stream ended as HTTP says it should, 'aborted' when it was cut. */
  ended: Promise<'end' | 'aborted'>;
}

function openEventStream(url: string, token: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/api/v1/events`, {
      headers: { Authorization: `Bearer ${token}` },
      agent: false
    });
    req.once('error', reject);
    req.once('response', response => {
      let body = '';
      response.setEncoding('utf8');
      const ended = new Promise<'end' | 'aborted'>(done => {
        response.once('end', () => done('end'));
        response.once('aborted', () => done('aborted'));
        response.once('error', () => done('aborted'));
      });
      response.on('data', (chunk: string) => {
        body += chunk;
        if (body.includes(': connected')) resolve({ response, body: () => body, ended });
      });
    });
  });
}

interface SlowPost {
  /** Sends the rest of the body. */
  finish(): void;
  answer: Promise<{ status: number; connection: string | undefined; body: string }>;
  failed: Promise<Error>;
}

/**
 * A POST whose body is sent in two parts: the request is under way until `finish()`. It
 * resolves once the service answered `100 Continue`, so the service surely has the request
 * (a connection it had not read from yet would count as idle).
 */
function startSlowPost(url: string, token: string, payload: string): Promise<SlowPost> {
  const bytes = Buffer.from(payload);
  const half = Math.floor(bytes.length / 2);
  const req = http.request(`${url}/api/v1/check`, {
    method: 'POST',
    agent: false,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'Content-Length': String(bytes.length),
      Expect: '100-continue'
    }
  });
  let failedWith: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>(resolve => (failedWith = resolve));
  req.on('error', error => failedWith(error));
  const answer = new Promise<{ status: number; connection: string | undefined; body: string }>(
    resolve => {
      req.once('response', res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.once('end', () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body })
        );
      });
    }
  );
  return new Promise(resolve => {
    req.once('continue', () => {
      req.write(bytes.subarray(0, half), () => {
        resolve({ finish: () => req.end(bytes.subarray(half)), answer, failed });
      });
    });
    req.flushHeaders();
  });
}

/** Whether a new connection to the service's port is accepted at all. */
function connects(url: string): Promise<boolean> {
  return new Promise(resolve => {
    const req = http.get(`${url}/api/v1/health`, { agent: false }, res => {
      res.resume();
      resolve(true);
    });
    req.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe.each(DATABASES)('nbpromote serve on %s stops gracefully', kind => {
  let db: TestDatabaseHandle;
  let service: ServiceProcess | undefined;

  beforeAll(() => buildService());
  beforeEach(async () => {
    db = await createTestDatabase(kind);
  });
  afterEach(async () => {
    if (service && service.child.exitCode === null && service.child.signalCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    service = undefined;
    await db.cleanup();
  });

  it('on SIGTERM ends event streams, finishes the request under way and exits 0', async () => {
    service = await startServiceProcess(db.dataDir, db.url);
    const { url } = service;
    const token = demoTokens(db.dataDir).ada;
    const stream = await openEventStream(url, token);
    // An idle keep-alive connection must not hold the shutdown up either.
    const keepAlive = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${url}/api/v1/health`, { agent: keepAlive }, res => {
          res.resume();
          res.once('end', () => resolve());
        })
        .once('error', reject);
    });
    const post = await startSlowPost(
      url,
      token,
      JSON.stringify({ notebook: notebook(), path: 'shutdown.ipynb' })
    );

    const signalledAt = Date.now();
    service.child.kill('SIGTERM');

    expect(await stream.ended).toBe('end');
    expect(stream.response.complete).toBe(true);
    expect(stream.body()).toContain(': the service is shutting down');
    await sleep(300);
    expect(await connects(url)).toBe(false);
    // Still waiting for the rest of the request body.
    expect(service.child.exitCode).toBeNull();

    post.finish();
    const answer = await post.answer;
    expect(answer.status).toBe(200);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual(
      expect.objectContaining({ problems: expect.any(Array) })
    );

    expect(await service.exited).toBe('0');
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(service.output()).toContain('nbpromote: SIGTERM: stopping');
    expect(service.output()).toContain('nbpromote: stopped');
    expect(service.output()).not.toContain('cut off');
    keepAlive.destroy();
  });

  it('exits 1 once the grace period is over, cutting a request that never finishes', async () => {
    service = await startServiceProcess(db.dataDir, db.url, {
      NBPROMOTE_SHUTDOWN_GRACE_MS: '1500'
    });
    const token = demoTokens(db.dataDir).ada;
    const post = await startSlowPost(service.url, token, JSON.stringify({ notebook: notebook() }));

    const signalledAt = Date.now();
    service.child.kill('SIGTERM');

    expect(await service.exited).toBe('1');
    const elapsed = Date.now() - signalledAt;
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(8000);
    expect((await post.failed).message).toMatch(/socket hang up|ECONNRESET/);
    // Cut at the drain deadline, or by the last-resort exit when closing took the rest.
    expect(service.output()).toMatch(/requests still under way were cut off|not stopped after/);
  });
});
