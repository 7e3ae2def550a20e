import type { Kysely, Selectable } from 'kysely';
import type { Database, RulesVersionTable } from '../db/schema';
import { NotFoundError } from '../errors';

export interface RulesVersionRow {
  number: number;
  document: unknown;
  sha256: string;
  author: string;
  message: string;
  createdAt: string;
  commitSha: string | null;
}

export interface RuleCheckRow {
  requestId: number;
  revision: number;
  environment: string;
  rulesVersion: number;
  passed: boolean;
  evaluation: unknown;
  bypassBy: string | null;
  bypassReason: string | null;
  createdAt: string;
}

function toVersion(r: Selectable<RulesVersionTable>): RulesVersionRow {
  return {
    number: Number(r.number),
    document: JSON.parse(r.document) as unknown,
    sha256: r.sha256,
    author: r.author,
    message: r.message,
    createdAt: r.created_at,
    commitSha: r.commit_sha
  };
}

/** Rules versions (append only) and the rules' results recorded on each promotion. */
export class RulesStore {
  constructor(private readonly _db: Kysely<Database>) {}

  async latest(): Promise<RulesVersionRow | null> {
    const row = await this._db
      .selectFrom('rules_versions')
      .selectAll()
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  async get(number: number): Promise<RulesVersionRow> {
    const row = await this._db
      .selectFrom('rules_versions')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`There is no rules version ${number}.`, { version: number });
    return toVersion(row);
  }

  /** Newest first, without the documents. */
  async list(limit: number): Promise<Omit<RulesVersionRow, 'document'>[]> {
    const rows = await this._db
      .selectFrom('rules_versions')
      .select(['number', 'sha256', 'author', 'message', 'created_at', 'commit_sha'])
      .orderBy('number', 'desc')
      .limit(limit)
      .execute();
    return rows.map(r => ({
      number: Number(r.number),
      sha256: r.sha256,
      author: r.author,
      message: r.message,
      createdAt: r.created_at,
      commitSha: r.commit_sha
    }));
  }

  /** Inserts version `number`; the unique number makes a concurrent save of the same one fail. */
  async insert(
    row: Omit<RulesVersionRow, 'commitSha' | 'document'> & { document: string }
  ): Promise<void> {
    await this._db
      .insertInto('rules_versions')
      .values({
        number: row.number,
        document: row.document,
        sha256: row.sha256,
        author: row.author,
        message: row.message,
        created_at: row.createdAt,
        commit_sha: null
      })
      .execute();
  }

  async setCommit(number: number, commitSha: string): Promise<void> {
    await this._db
      .updateTable('rules_versions')
      .set({ commit_sha: commitSha })
      .where('number', '=', number)
      .execute();
  }

  /** Versions not yet committed to git, oldest first. */
  async uncommitted(): Promise<RulesVersionRow[]> {
    const rows = await this._db
      .selectFrom('rules_versions')
      .selectAll()
      .where('commit_sha', 'is', null)
      .orderBy('number')
      .execute();
    return rows.map(toVersion);
  }

  async recordCheck(row: RuleCheckRow): Promise<void> {
    await this._db
      .insertInto('rule_checks')
      .values({
        request_id: row.requestId,
        revision: row.revision,
        environment: row.environment,
        rules_version: row.rulesVersion,
        passed: row.passed ? 1 : 0,
        evaluation: JSON.stringify(row.evaluation),
        bypass_by: row.bypassBy,
        bypass_reason: row.bypassReason,
        created_at: row.createdAt
      })
      .execute();
  }

  /** The latest recorded check of a request, or null. */
  async lastCheck(requestId: number): Promise<RuleCheckRow | null> {
    const r = await this._db
      .selectFrom('rule_checks')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!r) return null;
    return {
      requestId: Number(r.request_id),
      revision: Number(r.revision),
      environment: r.environment,
      rulesVersion: Number(r.rules_version),
      passed: Number(r.passed) === 1,
      evaluation: JSON.parse(r.evaluation) as unknown,
      bypassBy: r.bypass_by,
      bypassReason: r.bypass_reason,
      createdAt: r.created_at
    };
  }

  /**
   * Notebooks of the requests promoted to `environment` for (project, algorithm), newest
   * first: what "the same bundle content was promoted there" is checked against.
   */
  async promotedNotebooks(
    project: string,
    algorithm: string,
    environment: string,
    limit = 20
  ): Promise<{ requestId: number; version: string; notebook: string; sha256: string }[]> {
    const rows = await this._db
      .selectFrom('versions')
      .innerJoin('promotion_requests', 'promotion_requests.id', 'versions.request_id')
      .innerJoin('notebooks', 'notebooks.sha256', 'promotion_requests.notebook_sha256')
      .select(['versions.request_id', 'versions.version', 'notebooks.text', 'notebooks.sha256'])
      .where('versions.project', '=', project)
      .where('versions.algorithm', '=', algorithm)
      .where('versions.environment', '=', environment)
      .where('versions.state', '=', 'promoted')
      .orderBy('versions.promoted_at', 'desc')
      .orderBy('versions.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(r => ({
      requestId: Number(r.request_id),
      version: r.version,
      notebook: r.text,
      sha256: r.sha256
    }));
  }

  /** A submitted notebook's text by its sha256, or null. */
  async notebookText(sha256: string): Promise<string | null> {
    const row = await this._db
      .selectFrom('notebooks')
      .select('text')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row?.text ?? null;
  }

  /** Every user's name and role (few: people, not requests). */
  async users(): Promise<{ name: string; role: string }[]> {
    return this._db.selectFrom('users').select(['name', 'role']).orderBy('name').execute();
  }

  /** Unresolved top-level comment threads of a request. */
  async unresolvedThreads(requestId: number): Promise<number> {
    const row = await this._db
      .selectFrom('comments')
      .select(eb => eb.fn.countAll<number | string>().as('n'))
      .where('request_id', '=', requestId)
      .where('parent_id', 'is', null)
      .where('resolved', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
