import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Dialect } from '../db/migrations';
import type { PromotionRequest, Review, Revision, RequestState, Verdict } from '../domain';
import { NotFoundError } from '../errors';
import {
  SUMMARY_COLUMNS,
  toReview,
  toRevision,
  toSummary,
  type PromotionDetail,
  type PromotionSummary
} from './rows';

/** A request as the domain sees it, plus what only the store knows. */
export interface RequestRecord {
  request: PromotionRequest;
  /** Database ids of `request.reviews`, index for index. */
  reviewIds: number[];
  /** The version reserved at submit time. */
  version: string;
  pendingAction: string | null;
  pendingActor: string | null;
}

export interface NewRequestRow {
  title: string;
  description: string;
  notebookPath: string;
  project: string;
  algorithm: string;
  environment: string;
  author: string;
  version: string;
  at: string;
}

export interface NewRevisionRow {
  number: number;
  notebookSha256: string;
  notebook: string;
  problems: unknown[];
  cellHashes: Record<string, string>;
  signature: unknown;
  at: string;
}

export interface ListFilter {
  author?: string;
  /** Waiting for a review by this user: open and not theirs. */
  reviewer?: string;
  state?: string;
  limit: number;
}

/**
 * The one place promotion requests, revisions, reviews and versions are read and written.
 * Bind it to a transaction (`new PromotionStore(trx, dialect)`) for multi-step writes.
 */
export class PromotionStore {
  constructor(
    private readonly _db: Kysely<Database>,
    private readonly _dialect: Dialect
  ) {}

  /** Serializes version reservation per (project, algorithm) across PostgreSQL sessions. */
  async lockVersions(project: string, algorithm: string): Promise<void> {
    if (this._dialect !== 'postgres') return; // SQLite transactions are already serial
    await sql`select pg_advisory_xact_lock(hashtext(${`${project}/${algorithm}`}))`.execute(
      this._db
    );
  }

  /** Every version ever reserved or promoted for (project, algorithm). */
  async usedVersions(project: string, algorithm: string): Promise<string[]> {
    const rows = await this._db
      .selectFrom('versions')
      .select('version')
      .where('project', '=', project)
      .where('algorithm', '=', algorithm)
      .execute();
    return rows.map(r => r.version);
  }

  /** Inserts a request in state `pending` with its reserved version; returns its id. */
  async insertRequest(row: NewRequestRow): Promise<number> {
    const inserted = await this._db
      .insertInto('promotion_requests')
      .values({
        title: row.title,
        description: row.description,
        notebook_path: row.notebookPath,
        project: row.project,
        algorithm: row.algorithm,
        environment: row.environment,
        author: row.author,
        state: 'pending',
        version: row.version,
        revision: 0,
        notebook_sha256: '',
        pending_action: null,
        pending_actor: null,
        created_at: row.at,
        updated_at: row.at
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await this._db
      .insertInto('versions')
      .values({
        project: row.project,
        algorithm: row.algorithm,
        version: row.version,
        request_id: id,
        state: 'reserved',
        environment: row.environment,
        commit_sha: null,
        created_at: row.at,
        promoted_at: null
      })
      .execute();
    return id;
  }

  /** A revision row without its commit (pending until git has it). */
  async insertRevision(requestId: number, row: NewRevisionRow): Promise<void> {
    await this._db
      .insertInto('revisions')
      .values({
        request_id: requestId,
        number: row.number,
        notebook_sha256: row.notebookSha256,
        notebook: row.notebook,
        commit_sha: null,
        problems: JSON.stringify(row.problems),
        cell_hashes: JSON.stringify(row.cellHashes),
        signature: JSON.stringify(row.signature),
        created_at: row.at
      })
      .execute();
  }

  async setRevisionCommit(requestId: number, number: number, commitSha: string): Promise<void> {
    await this._db
      .updateTable('revisions')
      .set({ commit_sha: commitSha })
      .where('request_id', '=', requestId)
      .where('number', '=', number)
      .execute();
  }

  async deleteRevision(requestId: number, number: number): Promise<void> {
    await this._db
      .deleteFrom('revisions')
      .where('request_id', '=', requestId)
      .where('number', '=', number)
      .execute();
  }

  /** Removes a request that never got a commit (crash repair); its version stays used. */
  async deletePendingRequest(id: number): Promise<void> {
    await this._db.deleteFrom('revisions').where('request_id', '=', id).execute();
    await this._db
      .deleteFrom('promotion_requests')
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .execute();
  }

  /** Revisions written but not yet committed, oldest first (crash repair). */
  async pendingRevisions(): Promise<
    { requestId: number; number: number; notebookSha256: string; state: string }[]
  > {
    const rows = await this._db
      .selectFrom('revisions')
      .innerJoin('promotion_requests', 'promotion_requests.id', 'revisions.request_id')
      .select([
        'revisions.request_id',
        'revisions.number',
        'revisions.notebook_sha256',
        'promotion_requests.state'
      ])
      .where('revisions.commit_sha', 'is', null)
      .orderBy('revisions.id')
      .execute();
    return rows.map(r => ({
      requestId: Number(r.request_id),
      number: Number(r.number),
      notebookSha256: r.notebook_sha256,
      state: r.state
    }));
  }

  /** Requests with a promotion under way (crash repair). */
  async pendingPromotions(): Promise<{ id: number; actor: string }[]> {
    const rows = await this._db
      .selectFrom('promotion_requests')
      .select(['id', 'pending_actor'])
      .where('pending_action', '=', 'promote')
      .execute();
    return rows.map(r => ({ id: Number(r.id), actor: r.pending_actor ?? 'nbpromote' }));
  }

  async setPending(id: number, action: string | null, actor: string | null): Promise<void> {
    await this._db
      .updateTable('promotion_requests')
      .set({ pending_action: action, pending_actor: actor })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Loads a request for a state change; on PostgreSQL the row stays locked until the
   * transaction ends. `pending` requests are invisible unless asked for.
   */
  async load(id: number, options: { includePending?: boolean } = {}): Promise<RequestRecord> {
    const row = await this._db
      .selectFrom('promotion_requests')
      .selectAll()
      .where('id', '=', id)
      .$if(this._dialect === 'postgres', q => q.forUpdate())
      .executeTakeFirst();
    if (!row || (row.state === 'pending' && !options.includePending)) throw missing(id);
    const revisions = await this._db
      .selectFrom('revisions')
      .select(['number', 'notebook_sha256', 'commit_sha', 'created_at', 'problems'])
      .where('request_id', '=', id)
      .where('commit_sha', 'is not', null)
      .orderBy('number')
      .execute();
    const reviews = await this._db
      .selectFrom('reviews')
      .selectAll()
      .where('request_id', '=', id)
      .orderBy('id')
      .execute();
    const request: PromotionRequest = {
      id,
      title: row.title,
      description: row.description,
      notebookPath: row.notebook_path,
      project: row.project,
      algorithm: row.algorithm,
      environment: row.environment as PromotionRequest['environment'],
      author: row.author,
      state: row.state as RequestState,
      version: row.state === 'promoted' ? row.version : null,
      revisions: revisions.map((r): Revision => ({
        number: Number(r.number),
        notebookSha256: r.notebook_sha256,
        commitSha: r.commit_sha ?? '',
        validation: { passed: true, errors: 0, warnings: 0 },
        createdAt: r.created_at
      })),
      reviews: reviews.map((r): Review => {
        const review: Review = {
          reviewer: r.reviewer,
          verdict: r.verdict as Verdict,
          revision: Number(r.revision),
          at: r.created_at,
          dismissed: Number(r.dismissed) === 1
        };
        if (r.body !== null) review.body = r.body;
        return review;
      }),
      createdAt: row.created_at,
      updatedAt: row.updated_at
    };
    return {
      request,
      reviewIds: reviews.map(r => Number(r.id)),
      version: row.version,
      pendingAction: row.pending_action,
      pendingActor: row.pending_actor
    };
  }

  /** Saves what `transition` changed: state, latest revision, new and dismissed reviews. */
  async saveRequest(before: RequestRecord, next: PromotionRequest): Promise<void> {
    const latest = next.revisions[next.revisions.length - 1];
    await this._db
      .updateTable('promotion_requests')
      .set({
        state: next.state,
        updated_at: next.updatedAt,
        revision: latest?.number ?? 0,
        notebook_sha256: latest?.notebookSha256 ?? ''
      })
      .where('id', '=', Number(next.id))
      .execute();
    const known = before.reviewIds.length;
    const dismissedIds = next.reviews
      .slice(0, known)
      .map((r, i) =>
        r.dismissed && !before.request.reviews[i].dismissed ? before.reviewIds[i] : 0
      )
      .filter(rid => rid !== 0);
    if (dismissedIds.length > 0) {
      await this._db
        .updateTable('reviews')
        .set({ dismissed: 1 })
        .where('id', 'in', dismissedIds)
        .execute();
    }
    for (const r of next.reviews.slice(known)) {
      await this._db
        .insertInto('reviews')
        .values({
          request_id: Number(next.id),
          reviewer: r.reviewer,
          verdict: r.verdict,
          body: r.body ?? null,
          revision: r.revision,
          dismissed: r.dismissed ? 1 : 0,
          created_at: r.at
        })
        .execute();
    }
  }

  async markVersionPromoted(requestId: number, commitSha: string, at: string): Promise<void> {
    await this._db
      .updateTable('versions')
      .set({ state: 'promoted', commit_sha: commitSha, promoted_at: at })
      .where('request_id', '=', requestId)
      .execute();
  }

  /** Requests newest first; pending ones never show. */
  async list(filter: ListFilter): Promise<PromotionSummary[]> {
    let q = this._db
      .selectFrom('promotion_requests')
      .select(SUMMARY_COLUMNS)
      .where('state', '!=', 'pending');
    if (filter.author !== undefined) q = q.where('author', '=', filter.author);
    if (filter.reviewer !== undefined) {
      q = q.where('state', '=', 'open').where('author', '!=', filter.reviewer);
    }
    if (filter.state !== undefined) q = q.where('state', '=', filter.state);
    const rows = await q.orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map(toSummary);
  }

  async summary(id: number): Promise<PromotionSummary> {
    const row = await this._db
      .selectFrom('promotion_requests')
      .select(SUMMARY_COLUMNS)
      .where('id', '=', id)
      .where('state', '!=', 'pending')
      .executeTakeFirst();
    if (!row) throw missing(id);
    return toSummary(row);
  }

  async detail(id: number): Promise<PromotionDetail> {
    const row = await this._db
      .selectFrom('promotion_requests')
      .select([...SUMMARY_COLUMNS, 'description'])
      .where('id', '=', id)
      .where('state', '!=', 'pending')
      .executeTakeFirst();
    if (!row) throw missing(id);
    const [revisions, reviews] = await Promise.all([
      this._db
        .selectFrom('revisions')
        .select(['number', 'notebook_sha256', 'commit_sha', 'created_at', 'problems'])
        .where('request_id', '=', id)
        .where('commit_sha', 'is not', null)
        .orderBy('number')
        .execute(),
      this._db
        .selectFrom('reviews')
        .selectAll()
        .where('request_id', '=', id)
        .orderBy('id')
        .execute()
    ]);
    return {
      ...toSummary(row),
      description: row.description,
      revisions: revisions.map(toRevision),
      reviews: reviews.map(toReview)
    };
  }

  /** One committed revision's notebook text, commit and cell hashes; latest when `number` is absent. */
  async revision(
    id: number,
    number?: number
  ): Promise<{ number: number; notebook: string; commitSha: string; signature: unknown }> {
    const row = await this._db
      .selectFrom('revisions')
      .innerJoin('promotion_requests', 'promotion_requests.id', 'revisions.request_id')
      .select([
        'revisions.number',
        'revisions.notebook',
        'revisions.commit_sha',
        'revisions.signature'
      ])
      .where('revisions.request_id', '=', id)
      .where('promotion_requests.state', '!=', 'pending')
      .where('revisions.commit_sha', 'is not', null)
      .$if(number !== undefined, q => q.where('revisions.number', '=', number!))
      .orderBy('revisions.number', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) {
      throw new NotFoundError(
        number === undefined
          ? `Promotion request ${id} does not exist.`
          : `Promotion request ${id} has no revision ${number}.`,
        { id, revision: number ?? null }
      );
    }
    return {
      number: Number(row.number),
      notebook: row.notebook,
      commitSha: row.commit_sha!,
      signature: JSON.parse(row.signature) as unknown
    };
  }

  /** Cell hashes of every committed revision of a request, for outdated comments. */
  async cellHashes(id: number): Promise<Map<number, Map<string, string>>> {
    const rows = await this._db
      .selectFrom('revisions')
      .select(['number', 'cell_hashes'])
      .where('request_id', '=', id)
      .where('commit_sha', 'is not', null)
      .execute();
    return new Map(
      rows.map(r => [
        Number(r.number),
        new Map(Object.entries(JSON.parse(r.cell_hashes) as Record<string, string>))
      ])
    );
  }

  /** Ids of requests authored by `author` (audit visibility). */
  async idsByAuthor(author: string): Promise<number[]> {
    const rows = await this._db
      .selectFrom('promotion_requests')
      .select('id')
      .where('author', '=', author)
      .execute();
    return rows.map(r => Number(r.id));
  }

  /** Counts for tests and the benchmark's consistency check. */
  async counts(): Promise<{ requests: number; revisions: number; versions: number }> {
    const count = async (table: 'promotion_requests' | 'revisions' | 'versions') => {
      const row = await this._db
        .selectFrom(table)
        .select(eb => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return {
      requests: await count('promotion_requests'),
      revisions: await count('revisions'),
      versions: await count('versions')
    };
  }
}

function missing(id: number): NotFoundError {
  return new NotFoundError(`Promotion request ${id} does not exist.`, { id });
}
