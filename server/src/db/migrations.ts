import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Migrations live in code (not files on disk) so the compiled service carries them.
 * Each is written once for both dialects; only auto-increment keys differ.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const idColumn = dialect === 'postgres' ? 'serial' : 'integer';
  const id = <T extends string>(table: CreateTableBuilder<T, never>) =>
    table.addColumn('id', sql.raw(idColumn), (col: ColumnDefinitionBuilder) =>
      dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement()
    );
  return {
    '001_users': {
      async up(db: Kysely<unknown>) {
        await id(db.schema.createTable('users'))
          .addColumn('name', 'text', col => col.notNull().unique())
          .addColumn('role', 'text', col => col.notNull())
          .addColumn('created_at', 'text', col => col.notNull())
          .execute();
        await id(db.schema.createTable('api_tokens'))
          .addColumn('user_id', 'integer', col =>
            col.notNull().references('users.id').onDelete('cascade')
          )
          .addColumn('token_hash', 'text', col => col.notNull().unique())
          .addColumn('created_at', 'text', col => col.notNull())
          .execute();
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', col => col.primaryKey())
          .addColumn('value', 'text', col => col.notNull())
          .addColumn('updated_at', 'text', col => col.notNull())
          .addColumn('updated_by', 'text', col => col.notNull())
          .execute();
      }
    },
    '002_promotions': {
      async up(db: Kysely<unknown>) {
        await id(db.schema.createTable('promotion_requests'))
          .addColumn('title', 'text', col => col.notNull())
          .addColumn('description', 'text', col => col.notNull())
          .addColumn('notebook_path', 'text', col => col.notNull())
          .addColumn('project', 'text', col => col.notNull())
          .addColumn('algorithm', 'text', col => col.notNull())
          .addColumn('environment', 'text', col => col.notNull())
          .addColumn('author', 'text', col => col.notNull())
          .addColumn('state', 'text', col => col.notNull())
          .addColumn('version', 'text', col => col.notNull())
          .addColumn('revision', 'integer', col => col.notNull())
          .addColumn('notebook_sha256', 'text', col => col.notNull())
          .addColumn('pending_action', 'text')
          .addColumn('pending_actor', 'text')
          .addColumn('created_at', 'text', col => col.notNull())
          .addColumn('updated_at', 'text', col => col.notNull())
          .execute();
        await db.schema
          .createIndex('promotion_requests_state')
          .on('promotion_requests')
          .columns(['state', 'id'])
          .execute();
        await db.schema
          .createIndex('promotion_requests_author')
          .on('promotion_requests')
          .columns(['author', 'id'])
          .execute();
        const requestRef = (col: ColumnDefinitionBuilder) =>
          col.notNull().references('promotion_requests.id').onDelete('cascade');

        await id(db.schema.createTable('revisions'))
          .addColumn('request_id', 'integer', requestRef)
          .addColumn('number', 'integer', col => col.notNull())
          .addColumn('notebook_sha256', 'text', col => col.notNull())
          .addColumn('notebook', 'text', col => col.notNull())
          .addColumn('commit_sha', 'text')
          .addColumn('problems', 'text', col => col.notNull())
          .addColumn('cell_hashes', 'text', col => col.notNull())
          .addColumn('signature', 'text', col => col.notNull())
          .addColumn('created_at', 'text', col => col.notNull())
          .addUniqueConstraint('revisions_request_number', ['request_id', 'number'])
          .execute();

        await id(db.schema.createTable('reviews'))
          .addColumn('request_id', 'integer', requestRef)
          .addColumn('reviewer', 'text', col => col.notNull())
          .addColumn('verdict', 'text', col => col.notNull())
          .addColumn('body', 'text')
          .addColumn('revision', 'integer', col => col.notNull())
          .addColumn('dismissed', 'integer', col => col.notNull())
          .addColumn('created_at', 'text', col => col.notNull())
          .execute();
        await db.schema.createIndex('reviews_request').on('reviews').column('request_id').execute();

        await id(db.schema.createTable('comments'))
          .addColumn('request_id', 'integer', requestRef)
          .addColumn('revision', 'integer', col => col.notNull())
          .addColumn('cell_id', 'text', col => col.notNull())
          .addColumn('line_start', 'integer')
          .addColumn('line_end', 'integer')
          .addColumn('parent_id', 'integer')
          .addColumn('author', 'text', col => col.notNull())
          .addColumn('body', 'text', col => col.notNull())
          .addColumn('resolved', 'integer', col => col.notNull())
          .addColumn('created_at', 'text', col => col.notNull())
          .execute();
        await db.schema
          .createIndex('comments_request')
          .on('comments')
          .column('request_id')
          .execute();

        // Audit events outlive nothing: no cascade, a request is never deleted once visible.
        await id(db.schema.createTable('audit_events'))
          .addColumn('request_id', 'integer')
          .addColumn('actor', 'text', col => col.notNull())
          .addColumn('action', 'text', col => col.notNull())
          .addColumn('at', 'text', col => col.notNull())
          .addColumn('from_state', 'text')
          .addColumn('to_state', 'text')
          .addColumn('outcome', 'text', col => col.notNull())
          .addColumn('details', 'text', col => col.notNull())
          .execute();
        await db.schema
          .createIndex('audit_events_request')
          .on('audit_events')
          .columns(['request_id', 'id'])
          .execute();

        await id(db.schema.createTable('versions'))
          .addColumn('project', 'text', col => col.notNull())
          .addColumn('algorithm', 'text', col => col.notNull())
          .addColumn('version', 'text', col => col.notNull())
          .addColumn('request_id', 'integer', col => col.notNull())
          .addColumn('state', 'text', col => col.notNull())
          .addColumn('environment', 'text', col => col.notNull())
          .addColumn('commit_sha', 'text')
          .addColumn('created_at', 'text', col => col.notNull())
          .addColumn('promoted_at', 'text')
          .addUniqueConstraint('versions_unique', ['project', 'algorithm', 'version'])
          .execute();
        await db.schema
          .createIndex('versions_request')
          .on('versions')
          .column('request_id')
          .execute();
      }
    },
    '003_notebooks': {
      // Notebook text (often ~1 MB) moves out of `revisions`: in SQLite it sat before the
      // small columns, so every revision read walked its overflow pages. Content-addressed,
      // so identical resubmissions share one row.
      async up(db: Kysely<unknown>) {
        // Kysely runs migrations in a transaction only on PostgreSQL; a copy half done when
        // the process dies must not leave SQLite unable to migrate again.
        await (db.isTransaction ? moveNotebooks(db) : db.transaction().execute(moveNotebooks));
      }
    },
    '004_rules': {
      async up(db: Kysely<unknown>) {
        await id(db.schema.createTable('rules_versions'))
          .addColumn('number', 'integer', col => col.notNull().unique())
          .addColumn('document', 'text', col => col.notNull())
          .addColumn('sha256', 'text', col => col.notNull())
          .addColumn('author', 'text', col => col.notNull())
          .addColumn('message', 'text', col => col.notNull())
          .addColumn('created_at', 'text', col => col.notNull())
          .addColumn('commit_sha', 'text')
          .execute();
        await id(db.schema.createTable('rule_checks'))
          .addColumn('request_id', 'integer', col =>
            col.notNull().references('promotion_requests.id').onDelete('cascade')
          )
          .addColumn('revision', 'integer', col => col.notNull())
          .addColumn('environment', 'text', col => col.notNull())
          .addColumn('rules_version', 'integer', col => col.notNull())
          .addColumn('passed', 'integer', col => col.notNull())
          .addColumn('evaluation', 'text', col => col.notNull())
          .addColumn('bypass_by', 'text')
          .addColumn('bypass_reason', 'text')
          .addColumn('created_at', 'text', col => col.notNull())
          .execute();
        await db.schema
          .createIndex('rule_checks_request')
          .on('rule_checks')
          .columns(['request_id', 'id'])
          .execute();
      }
    },
    '005_viewed_cells': {
      // One row per (request, user, revision, cell) marked viewed; reads take all of a
      // user's marks on a request at once.
      async up(db: Kysely<unknown>) {
        await id(db.schema.createTable('viewed_cells'))
          .addColumn('request_id', 'integer', col =>
            col.notNull().references('promotion_requests.id').onDelete('cascade')
          )
          .addColumn('user_name', 'text', col => col.notNull())
          .addColumn('revision', 'integer', col => col.notNull())
          .addColumn('cell_id', 'text', col => col.notNull())
          .addColumn('created_at', 'text', col => col.notNull())
          .addUniqueConstraint('viewed_cells_unique', [
            'request_id',
            'user_name',
            'revision',
            'cell_id'
          ])
          .execute();
      }
    },
    '006_runs': {
      async up(db: Kysely<unknown>) {
        await id(db.schema.createTable('runs'))
          .addColumn('project', 'text', col => col.notNull())
          .addColumn('algorithm', 'text', col => col.notNull())
          .addColumn('version', 'text', col => col.notNull())
          .addColumn('environment', 'text', col => col.notNull())
          .addColumn('run_token', 'text', col => col.notNull())
          .addColumn('use_case', 'text', col => col.notNull())
          .addColumn('status', 'text', col => col.notNull())
          .addColumn('started_at', 'text', col => col.notNull())
          .addColumn('ended_at', 'text')
          .addColumn('commit_sha', 'text')
          .addColumn('record', 'text', col => col.notNull())
          .addColumn('metrics', 'text', col => col.notNull())
          .addColumn('reported_by', 'text', col => col.notNull())
          .addColumn('reported_at', 'text', col => col.notNull())
          .addUniqueConstraint('runs_unique', [
            'project',
            'algorithm',
            'environment',
            'version',
            'run_token'
          ])
          .execute();
        // The catalog and the rules read the newest runs of a pipeline in an environment.
        await db.schema
          .createIndex('runs_latest')
          .on('runs')
          .columns(['project', 'algorithm', 'environment', 'started_at'])
          .execute();
      }
    },
    '007_pending_evaluation': {
      // The rules' results a promotion passed with, kept with its intent: crash repair then
      // records them as the promotion would have.
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('promotion_requests')
          .addColumn('pending_evaluation', 'text')
          .execute();
      }
    },
    '008_notifications': {
      // Each user's inbox: what happened to them, kept until read, so nobody has to be
      // online to hear of it. Read by user, unread first then newest.
      async up(db: Kysely<unknown>) {
        await id(db.schema.createTable('notifications'))
          .addColumn('user_name', 'text', col => col.notNull())
          .addColumn('kind', 'text', col => col.notNull())
          .addColumn('request_id', 'integer', col =>
            col.notNull().references('promotion_requests.id').onDelete('cascade')
          )
          .addColumn('actor', 'text', col => col.notNull())
          .addColumn('revision', 'integer')
          .addColumn('comment_id', 'integer')
          .addColumn('excerpt', 'text', col => col.notNull())
          .addColumn('created_at', 'text', col => col.notNull())
          .addColumn('read_at', 'text')
          .execute();
        await db.schema
          .createIndex('notifications_user')
          .on('notifications')
          .columns(['user_name', 'id'])
          .execute();
      }
    },
    '009_verification_runs': {
      // Verification runs of a request's revisions. `lease_until` is renewed while the
      // executor reports; a run whose lease passed ends "lost" instead of running forever.
      async up(db: Kysely<unknown>) {
        await id(db.schema.createTable('verification_runs'))
          .addColumn('request_id', 'integer', col => col.notNull())
          .addColumn('revision', 'integer', col => col.notNull())
          .addColumn('environment', 'text', col => col.notNull())
          .addColumn('use_case', 'text', col => col.notNull())
          .addColumn('executor', 'text', col => col.notNull())
          .addColumn('author', 'text', col => col.notNull())
          .addColumn('requested_by', 'text', col => col.notNull())
          .addColumn('status', 'text', col => col.notNull())
          .addColumn('reason', 'text')
          .addColumn('step', 'text')
          .addColumn('step_index', 'integer')
          .addColumn('step_total', 'integer')
          .addColumn('queued_at', 'text', col => col.notNull())
          .addColumn('started_at', 'text')
          .addColumn('ended_at', 'text')
          .addColumn('lease_owner', 'text')
          .addColumn('lease_until', 'text')
          .addColumn('result', 'text')
          .addColumn('log', 'text')
          .execute();
        await db.schema
          .createIndex('verification_runs_request')
          .on('verification_runs')
          .columns(['request_id', 'revision'])
          .execute();
        await db.schema
          .createIndex('verification_runs_status')
          .on('verification_runs')
          .columns(['status', 'queued_at'])
          .execute();
      }
    },
    '010_runner_tokens': {
      // A run-scoped runner token per verification run: only its hash is kept, with what it
      // may report (the bundle version and run token), so a leaked token reports nothing else.
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('verification_runs')
          .addColumn('runner_token_hash', 'text')
          .execute();
        await db.schema.alterTable('verification_runs').addColumn('runner_scope', 'text').execute();
        await db.schema
          .createIndex('verification_runs_runner_token')
          .on('verification_runs')
          .column('runner_token_hash')
          .execute();
      }
    }
  };
}

async function moveNotebooks(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notebooks')
    .addColumn('sha256', 'text', col => col.primaryKey())
    .addColumn('text', 'text', col => col.notNull())
    .execute();
  // `where true` keeps SQLite from reading `on conflict` as a join constraint.
  await sql`
    insert into notebooks (sha256, text)
    select distinct notebook_sha256, notebook from revisions where true
    on conflict (sha256) do nothing
  `.execute(db);
  await db.schema.alterTable('revisions').dropColumn('notebook').execute();
  // Pending rows are few and short-lived; crash repair finds them without a scan.
  await db.schema
    .createIndex('revisions_pending')
    .on('revisions')
    .column('id')
    .where(sql.ref('commit_sha'), 'is', null)
    .execute();
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly _dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this._dialect);
  }
}

/** The in-code migrations, for tests that build a database at an earlier migration. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return new InCodeProvider(dialect);
}

/** Bring the schema up to date; fails loudly naming the migration that broke. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find(r => r.status === 'Error');
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Database migration failed${name}: ${(error as Error).message ?? error}`);
  }
}
