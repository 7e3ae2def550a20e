import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { Pool } from 'pg';
import { openDatabase } from '../../src/db/connect';
import { migrationProvider } from '../../src/db/migrations';
import type { Database, RevisionTable } from '../../src/db/schema';
import { Stores } from '../../src/store';
import { DATABASES, createTestDatabase, type TestDatabaseHandle } from '../support/databases';
import { notebook } from '../support/notebooks';

/** The schema as of `002_promotions`: notebook text inline in `revisions`. */
type Database002 = Omit<Database, 'notebooks' | 'revisions'> & {
  revisions: RevisionTable & { notebook: string };
};

function open002(url: string): Kysely<Database002> {
  const dialect = url.startsWith('sqlite:')
    ? new SqliteDialect({ database: new SqliteDatabase(url.slice('sqlite:'.length)) })
    : new PostgresDialect({ pool: new Pool({ connectionString: url, max: 1 }) });
  return new Kysely<Database002>({ dialect });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(DATABASES)('the 003_notebooks migration on %s', kind => {
  let handle: TestDatabaseHandle;
  beforeEach(async () => {
    handle = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await handle.cleanup();
  });

  it('moves notebook text to content-addressed rows, still readable per revision', async () => {
    const shared = JSON.stringify(notebook([{ id: 'c1', source: 'x = 1\n'.repeat(20_000) }]));
    const other = JSON.stringify(notebook([{ id: 'c1', source: 'y = 2' }]));
    const at = '2025-01-01T00:00:00.000Z';

    const old = open002(handle.url);
    try {
      const { error } = await new Migrator({
        db: old,
        provider: migrationProvider(kind)
      }).migrateTo('002_promotions');
      expect(error).toBeUndefined();
      const request = async (title: string) => {
        const row = await old
          .insertInto('promotion_requests')
          .values({
            title,
            description: '',
            notebook_path: `${title}.ipynb`,
            project: 'p',
            algorithm: title,
            environment: 'dev',
            author: 'ada',
            state: 'open',
            version: '0.1.0',
            revision: 1,
            notebook_sha256: sha256(shared),
            pending_action: null,
            pending_actor: null,
            created_at: at,
            updated_at: at
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(row.id);
      };
      const revision = (requestId: number, number: number, text: string, commit: string | null) =>
        old
          .insertInto('revisions')
          .values({
            request_id: requestId,
            number,
            notebook_sha256: sha256(text),
            notebook: text,
            commit_sha: commit,
            problems: '[]',
            cell_hashes: '{}',
            signature: '{}',
            created_at: at
          })
          .execute();
      const a = await request('a');
      const b = await request('b');
      await revision(a, 1, shared, 'a'.repeat(40));
      await revision(b, 1, shared, 'b'.repeat(40));
      await revision(b, 2, other, null);
    } finally {
      await old.destroy();
    }

    const database = await openDatabase(handle.url);
    try {
      const stores = new Stores(database.db, database.dialect);
      expect(await stores.views.revision(1)).toMatchObject({ number: 1, notebook: shared });
      expect(await stores.views.revision(2, 1)).toMatchObject({ notebook: shared });
      const notebooks = async () =>
        (await database.db.selectFrom('notebooks').select('sha256').execute())
          .map(r => r.sha256)
          .sort();
      expect(await notebooks()).toEqual([sha256(shared), sha256(other)].sort());
      const [row] = await database.db.selectFrom('revisions').selectAll().execute();
      expect(row).not.toHaveProperty('notebook');
      expect(await stores.promotions.pendingRevisions()).toEqual([
        { requestId: 2, number: 2, notebookSha256: sha256(other), state: 'open' }
      ]);

      // A resubmission of the same notebook reuses its row.
      await stores.promotions.insertRevision(1, {
        number: 2,
        notebookSha256: sha256(shared),
        notebook: shared,
        problems: [],
        cellHashes: {},
        signature: {},
        at
      });
      await stores.promotions.setRevisionCommit(1, 2, 'c'.repeat(40));
      expect(await stores.views.revision(1)).toMatchObject({ number: 2, notebook: shared });
      expect(await notebooks()).toHaveLength(2);
    } finally {
      await database.close();
    }
  });
});
