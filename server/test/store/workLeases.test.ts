/**
 * Work leases: what one service process is doing cannot be claimed by another until that
 * process's session ends (a crash), and never by itself.
 */
import { Client } from 'pg';
import { LocalLeases, PgLeases } from '../../src/db/workLeases';
import { createTestDatabase, type TestDatabaseHandle } from '../support/databases';

describe('work leases on postgres', () => {
  let handle: TestDatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase('postgres');
  });
  afterAll(() => handle.cleanup());

  async function open(): Promise<PgLeases> {
    const leases = new PgLeases(handle.url, () => undefined);
    await leases.start();
    return leases;
  }

  it('leaves live work alone and hands over what a gone process left', async () => {
    const [live, other] = [await open(), await open()];
    await live.hold('promote', 7);
    expect(await other.claim('promote', 7)).toBe(false);
    // The same process's own repair does not take it either (session locks are re-entrant).
    expect(await live.claim('promote', 7)).toBe(false);
    // Another kind or id is free.
    expect(await other.claim('submit', 7)).toBe(true);
    await other.release('submit', 7);

    await live.close(); // the process is gone: PostgreSQL ends its session and its locks
    expect(await other.claim('promote', 7)).toBe(true);
    // Claimed by a repair: a new hold on it waits until the repair releases it.
    const third = await open();
    let held = false;
    const holding = third.hold('promote', 7).then(() => (held = true));
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(held).toBe(false);
    await other.release('promote', 7);
    await holding;
    expect(held).toBe(true);
    await Promise.all([other.close(), third.close()]);
  });

  it('opens a lost connection again; the locks went with it', async () => {
    const [live, other] = [await open(), await open()];
    await live.hold('revise', 4);
    const admin = new Client({ connectionString: handle.url });
    await admin.connect();
    try {
      // The database ends every lease session (a restart, as the service sees it).
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = 'nbpromote-leases' and datname = current_database()`
      );
    } finally {
      await admin.end();
    }
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(await other.claim('revise', 4)).toBe(true);
    await other.release('revise', 4);
    expect(await live.claim('submit', 11)).toBe(true);
    expect(await other.claim('submit', 11)).toBe(false);
    await Promise.all([live.close(), other.close()]);
  });
});

describe('work leases in one process', () => {
  it('are claimed once until released', async () => {
    const leases = new LocalLeases();
    await leases.hold('revise', 3);
    expect(await leases.claim('revise', 3)).toBe(false);
    await leases.release('revise', 3);
    expect(await leases.claim('revise', 3)).toBe(true);
  });
});
