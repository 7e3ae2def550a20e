/** Verification runs in service tests: a queued row as the service writes one, a listening service. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Stores } from '../../src/store';
import type { NewVerification } from '../../src/store/verificationStore';
import type { TestApi } from './api';

/** A run of revision 1's training use case on the local executor for dev, queued by ada now. */
export function queueVerification(
  stores: Stores,
  requestId: number,
  overrides: Partial<NewVerification> = {}
): Promise<number> {
  return stores.verifications.insert({
    requestId,
    revision: 1,
    environment: 'dev',
    useCase: 'training',
    executor: 'local',
    author: 'ada',
    requestedBy: 'ada',
    queuedAt: new Date().toISOString(),
    ...overrides
  });
}

/**
 * The app listening on loopback with its verification runs started: runs report through
 * POST /runs with their runner token, so the service must be reachable. `stop` ends both.
 */
export async function runVerifications(
  api: TestApi
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer(api.app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.services.verification.start(url);
  return {
    url,
    async stop() {
      await api.services.verification.stop();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  };
}
