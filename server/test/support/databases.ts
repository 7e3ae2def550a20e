import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/** The databases every store and API suite runs against (backstage's `eachSupportedId`). */
export const DATABASES = ['sqlite', 'postgres'] as const;
export type TestDatabase = (typeof DATABASES)[number];

export interface TestDatabaseHandle {
  url: string;
  dataDir: string;
  /** Drop the database and delete the data dir. */
  cleanup(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.NBPROMOTE_TEST_POSTGRES_URL;
  if (!url) {
    throw new Error(
      'NBPROMOTE_TEST_POSTGRES_URL is not set. `npm test` starts PostgreSQL and sets it; ' +
        'to run jest by hand, run `bash scripts/postgres.sh` and export what it prints.'
    );
  }
  return url;
}

/** A fresh, empty database of the given kind, plus a temp data dir. */
export async function createTestDatabase(kind: TestDatabase): Promise<TestDatabaseHandle> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-test-'));
  if (kind === 'sqlite') {
    return {
      url: `sqlite:${path.join(dataDir, 'nbpromote.sqlite')}`,
      dataDir,
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true })
    };
  }
  const admin = adminUrl();
  const name = `nbpromote_t_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    cleanup: async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      try {
        // A background worker (autovacuum) may hold the database for a moment.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (error) {
            if (attempt >= 10) throw error;
            await new Promise(resolve => setTimeout(resolve, 300));
          }
        }
      } finally {
        await c.end();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  };
}
