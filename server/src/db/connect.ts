import * as fs from 'node:fs';
import * as path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import { Checkpointer } from './checkpointer';
import { PgNotifications, type NotificationChannel } from './notifications';
import { type Dialect, migrateToLatest } from './migrations';
import { LocalLeases, PgLeases, type WorkLeases } from './workLeases';
import type { Database } from './schema';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /**
   * Messages on `channel` between the processes sharing this database: PostgreSQL's
   * LISTEN/NOTIFY; null for SQLite, which one process serves.
   */
  notifications(
    channel: string,
    onMessage: (payload: string) => void,
    log?: (msg: string) => void
  ): Promise<NotificationChannel | null>;
  /** This process's leases on pending work (see workLeases.ts); close them before the database. */
  leases(log?: (msg: string) => void): Promise<WorkLeases>;
  close(): Promise<void>;
}

/**
 * better-sqlite3 with prepared statements kept by SQL text: Kysely prepares on every query,
 * and preparing costs more than running a small read.
 */
function cachedStatements(sqlite: SqliteDatabase.Database, max = 500) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SqliteDatabase.Statement {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= max) statements.clear();
        statement = sqlite.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    }
  };
}

/**
 * Open the database named by `url` (`sqlite:<file>`, `sqlite::memory:`, or `postgres://...`)
 * and migrate it. SQLite is the embedded zero-config default.
 */
export async function openDatabase(url: string): Promise<DatabaseHandle> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  let checkpointer: Checkpointer | null = null;
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    dialect = 'postgres';
    const pool = new Pool({ connectionString: url, max: 10 });
    // An idle client the server ends (a restart, an admin's terminate) is dropped from the pool
    // and reopened on the next query; without a listener its error would end the process.
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else if (url.startsWith('sqlite:')) {
    dialect = 'sqlite';
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    }
    const sqlite = new SqliteDatabase(file);
    // WAL lets readers proceed while a write commits; busy_timeout rides out short locks.
    sqlite.pragma('journal_mode = WAL');
    // NORMAL: commits survive any crash of the service (the crash tests kill it mid-write);
    // only an OS crash or power cut may undo the last ones, as with git's own defaults,
    // and crash repair reconciles either side. FULL would stall every request on an fsync.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    if (file !== ':memory:') {
      // Checkpoints run beside the service (checkpointer.ts); if that worker fails, SQLite's
      // own automatic checkpoints take over again. A WAL reset trims the file to 64 MB.
      sqlite.pragma('journal_size_limit = 67108864');
      sqlite.pragma('wal_autocheckpoint = 0');
      checkpointer = new Checkpointer(path.resolve(file), {
        onFailure: () => {
          if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
        }
      });
    }
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: cachedStatements(sqlite) })
    });
  } else {
    throw new Error(
      `Unsupported database URL "${url.replace(/\/\/[^@]*@/, '//***@')}": ` +
        'use sqlite:<file> or postgres://user:password@host/db.'
    );
  }
  try {
    await migrateToLatest(db as Kysely<unknown>, dialect);
  } catch (error) {
    await checkpointer?.close();
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect,
    notifications: async (channel, onMessage, log) => {
      if (dialect !== 'postgres') return null;
      const notifications = new PgNotifications({ url, channel, onMessage, log });
      await notifications.start();
      return notifications;
    },
    leases: async log => {
      if (dialect !== 'postgres') return new LocalLeases();
      const leases = new PgLeases(url, log);
      await leases.start();
      return leases;
    },
    close: async () => {
      await checkpointer?.close();
      await db.destroy();
    }
  };
}
