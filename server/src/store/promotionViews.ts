import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { NotFoundError } from '../errors';
import { missing } from './promotionStore';
import {
  SUMMARY_COLUMNS,
  toReview,
  toRevision,
  toSummary,
  type PromotionDetail,
  type PromotionSummary
} from './rows';

export interface ListFilter {
  author?: string;
  /** Waiting for a review by this user: open and not theirs. */
  reviewer?: string;
  /** Reviewed (any verdict, standing or dismissed) by this user. */
  reviewedBy?: string;
  state?: string;
  limit: number;
}

/** Read side of promotion requests: what the API lists and shows. Pending rows never show. */
export class PromotionViews {
  constructor(private readonly _db: Kysely<Database>) {}

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
    if (filter.reviewedBy !== undefined) {
      const reviewer = filter.reviewedBy;
      q = q.where('id', 'in', eb =>
        eb.selectFrom('reviews').select('request_id').where('reviewer', '=', reviewer)
      );
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
  ): Promise<{
    number: number;
    notebook: string;
    sha256: string;
    commitSha: string;
    signature: unknown;
  }> {
    const row = await this._db
      .selectFrom('revisions')
      .innerJoin('promotion_requests', 'promotion_requests.id', 'revisions.request_id')
      .innerJoin('notebooks', 'notebooks.sha256', 'revisions.notebook_sha256')
      .select([
        'revisions.number',
        'notebooks.text as notebook',
        'revisions.notebook_sha256 as sha256',
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
      sha256: row.sha256,
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
