import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Migrations live in code (not files on disk) so the compiled service carries them.
 * Each is written once for both dialects; only auto-increment keys differ.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const idColumn = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    '001_promotion_requests': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('promotion_requests')
          .addColumn('id', sql.raw(idColumn), col =>
            dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement()
          )
          .addColumn('title', 'text', col => col.notNull())
          .addColumn('notebook_path', 'text', col => col.notNull())
          .addColumn('notebook_sha256', 'text', col => col.notNull())
          .addColumn('notebook', 'text', col => col.notNull())
          .addColumn('state', 'text', col => col.notNull())
          .addColumn('created_at', 'text', col => col.notNull())
          .addColumn('updated_at', 'text', col => col.notNull())
          .execute();
      }
    }
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly _dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this._dialect);
  }
}

/** Bring the schema up to date; fails loudly naming the migration that broke. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find(r => r.status === 'Error');
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Database migration failed${name}: ${(error as Error).message ?? error}`);
  }
}
