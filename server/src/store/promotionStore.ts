import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Dialect } from '../db/migrations';
import type { PromotionRequest, Review, Revision, RequestState, Verdict } from '../domain';
import { NotFoundError } from '../errors';

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
  /** The notebook as JSON text; stored once per `notebookSha256`. */
  notebook: string;
  problems: unknown[];
  cellHashes: Record<string, string>;
  signature: unknown;
  at: string;
}

/**
 * The one place promotion requests, revisions, reviews and versions are written, and loaded
 * for a state change. Reads for the API are in promotionViews.ts. Bind it to a transaction
 * (`new PromotionStore(trx, dialect)`) for multi-step writes.
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

  /** A revision row without its commit (pending until git has it), and its notebook text. */
  async insertRevision(requestId: number, row: NewRevisionRow): Promise<void> {
    // Content-addressed: a resubmission of the same notebook reuses the row already there.
    await this._db
      .insertInto('notebooks')
      .values({ sha256: row.notebookSha256, text: row.notebook })
      .onConflict(oc => oc.column('sha256').doNothing())
      .execute();
    await this._db
      .insertInto('revisions')
      .values({
        request_id: requestId,
        number: row.number,
        notebook_sha256: row.notebookSha256,
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

  /**
   * Rolls back a revision. Its `notebooks` row stays: it may be shared with other revisions,
   * and an unreferenced one is harmless (content-addressed, reused on resubmission).
   */
  async deleteRevision(requestId: number, number: number): Promise<void> {
    await this._db
      .deleteFrom('revisions')
      .where('request_id', '=', requestId)
      .where('number', '=', number)
      .execute();
  }

  /**
   * Removes a request that never got a commit (crash repair); its version stays used, and its
   * notebook rows stay, as in `deleteRevision`.
   */
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
  async pendingPromotions(): Promise<{ id: number; actor: string; evaluation: unknown }[]> {
    const rows = await this._db
      .selectFrom('promotion_requests')
      .select(['id', 'pending_actor', 'pending_evaluation'])
      .where('pending_action', '=', 'promote')
      .execute();
    return rows.map(r => ({
      id: Number(r.id),
      actor: r.pending_actor ?? 'nbpromote',
      evaluation:
        r.pending_evaluation === null ? null : (JSON.parse(r.pending_evaluation) as unknown)
    }));
  }

  /** Marks an action in progress (null to clear); a promotion keeps the rules' results it passed. */
  async setPending(
    id: number,
    action: string | null,
    actor: string | null,
    evaluation?: unknown
  ): Promise<void> {
    await this._db
      .updateTable('promotion_requests')
      .set({
        pending_action: action,
        pending_actor: actor,
        pending_evaluation: evaluation === undefined ? null : JSON.stringify(evaluation)
      })
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
}

export function missing(id: number): NotFoundError {
  return new NotFoundError(`Promotion request ${id} does not exist.`, { id });
}
