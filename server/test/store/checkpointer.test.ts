import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect';
import { Checkpointer } from '../../src/db/checkpointer';

/** Polls `check` until it holds or `ms` pass. */
async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  return check();
}

describe('SQLite checkpoints beside the service', () => {
  let dir: string;
  let handle: DatabaseHandle | null = null;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-ckpt-'));
  });
  afterEach(async () => {
    await handle?.close();
    handle = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file without the service connection doing it', async () => {
    const file = path.join(dir, 'db.sqlite');
    handle = await openDatabase(`sqlite:${file}`);
    const { rows } = await sql<{
      wal_autocheckpoint: number;
    }>`PRAGMA wal_autocheckpoint`.execute(handle.db);
    expect(rows[0].wal_autocheckpoint).toBe(0);

    const before = fs.statSync(file).size;
    const text = 'x'.repeat(1_000_000);
    for (let i = 0; i < 8; i++) {
      await handle.db
        .insertInto('notebooks')
        .values({ sha256: String(i).padStart(64, '0'), text: text + i })
        .execute();
    }
    // 8 MB committed to the WAL; only a checkpoint moves it into the database file.
    expect(await eventually(() => fs.statSync(file).size >= before + 8_000_000)).toBe(true);
    const stored = await handle.db
      .selectFrom('notebooks')
      .select(eb => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(8);
  });

  it('reports a worker that cannot open the database, so automatic checkpoints come back', async () => {
    const failures: string[] = [];
    const checkpointer = new Checkpointer(path.join(dir, 'missing', 'db.sqlite'), {
      onFailure: reason => failures.push(reason)
    });
    expect(await eventually(() => failures.length > 0)).toBe(true);
    expect(failures[0]).toMatch(/directory|open|exist/i);
    await checkpointer.close();
    expect(failures).toHaveLength(1);
  });
});
