import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface VersionRow {
  project: string;
  algorithm: string;
  version: string;
  requestId: number;
  state: string;
  environment: string;
  commitSha: string | null;
  createdAt: string;
  promotedAt: string | null;
  /** The request that promoted it. */
  title: string;
  author: string;
  /** Its standing approvals, oldest first. */
  approvals: { reviewer: string; revision: number; at: string }[];
}

/** Read side of the versions table: what is promoted where. */
export class CatalogStore {
  constructor(private readonly _db: Kysely<Database>) {}

  /** Every promoted version with its request and approvals, oldest promotion first. */
  async promoted(): Promise<VersionRow[]> {
    const rows = await this._db
      .selectFrom('versions')
      .innerJoin('promotion_requests', 'promotion_requests.id', 'versions.request_id')
      .selectAll('versions')
      .select(['promotion_requests.title', 'promotion_requests.author'])
      .where('versions.state', '=', 'promoted')
      .orderBy('versions.promoted_at')
      .orderBy('versions.id')
      .execute();
    const approvals = new Map<number, VersionRow['approvals']>();
    if (rows.length > 0) {
      // A promoted request never changes again, so its standing approvals are final.
      const reviews = await this._db
        .selectFrom('reviews')
        .innerJoin('versions', 'versions.request_id', 'reviews.request_id')
        .select([
          'reviews.request_id',
          'reviews.reviewer',
          'reviews.revision',
          'reviews.created_at'
        ])
        .where('versions.state', '=', 'promoted')
        .where('reviews.verdict', '=', 'approve')
        .where('reviews.dismissed', '=', 0)
        .orderBy('reviews.id')
        .execute();
      for (const r of reviews) {
        const id = Number(r.request_id);
        const list = approvals.get(id) ?? [];
        list.push({ reviewer: r.reviewer, revision: Number(r.revision), at: r.created_at });
        approvals.set(id, list);
      }
    }
    return rows.map(r => ({
      project: r.project,
      algorithm: r.algorithm,
      version: r.version,
      requestId: Number(r.request_id),
      state: r.state,
      environment: r.environment,
      commitSha: r.commit_sha,
      createdAt: r.created_at,
      promotedAt: r.promoted_at,
      title: r.title,
      author: r.author,
      approvals: approvals.get(Number(r.request_id)) ?? []
    }));
  }

  /** The latest version promoted to `environment` for (project, algorithm), with its request. */
  async current(
    project: string,
    algorithm: string,
    environment: string
  ): Promise<{ version: string; requestId: number } | null> {
    const row = await this._db
      .selectFrom('versions')
      .select(['version', 'request_id'])
      .where('project', '=', project)
      .where('algorithm', '=', algorithm)
      .where('environment', '=', environment)
      .where('state', '=', 'promoted')
      .orderBy('promoted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { version: row.version, requestId: Number(row.request_id) } : null;
  }
}
