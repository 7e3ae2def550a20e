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
}

/** Read side of the versions table: what is promoted where. */
export class CatalogStore {
  constructor(private readonly _db: Kysely<Database>) {}

  /** Every promoted version, oldest promotion first. */
  async promoted(): Promise<VersionRow[]> {
    const rows = await this._db
      .selectFrom('versions')
      .selectAll()
      .where('state', '=', 'promoted')
      .orderBy('promoted_at')
      .orderBy('id')
      .execute();
    return rows.map(r => ({
      project: r.project,
      algorithm: r.algorithm,
      version: r.version,
      requestId: Number(r.request_id),
      state: r.state,
      environment: r.environment,
      commitSha: r.commit_sha,
      createdAt: r.created_at,
      promotedAt: r.promoted_at
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
