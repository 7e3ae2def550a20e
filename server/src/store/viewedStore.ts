import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ViewedMark } from '../domain';

/** Reviewers' "viewed" marks on cells, per user, request, revision and cell. */
export class ViewedStore {
  constructor(private readonly _db: Kysely<Database>) {}

  /** Every mark `user` left on a request. */
  async list(requestId: number, user: string): Promise<ViewedMark[]> {
    const rows = await this._db
      .selectFrom('viewed_cells')
      .select(['cell_id', 'revision', 'created_at'])
      .where('request_id', '=', requestId)
      .where('user_name', '=', user)
      .orderBy('id')
      .execute();
    return rows.map(r => ({
      cellId: r.cell_id,
      revision: Number(r.revision),
      markedAt: r.created_at
    }));
  }

  /** Marks cells viewed in `revision`; marking again keeps the first mark. */
  async mark(
    requestId: number,
    user: string,
    revision: number,
    cellIds: readonly string[],
    at: string
  ): Promise<void> {
    const unique = [...new Set(cellIds)];
    // In chunks: SQLite binds at most 32766 values per statement.
    for (let i = 0; i < unique.length; i += 1000) {
      await this._db
        .insertInto('viewed_cells')
        .values(
          unique.slice(i, i + 1000).map(cellId => ({
            request_id: requestId,
            user_name: user,
            revision,
            cell_id: cellId,
            created_at: at
          }))
        )
        .onConflict(oc =>
          oc.columns(['request_id', 'user_name', 'revision', 'cell_id']).doNothing()
        )
        .execute();
    }
  }

  async remove(
    requestId: number,
    user: string,
    marks: readonly Pick<ViewedMark, 'cellId' | 'revision'>[]
  ): Promise<void> {
    for (const m of marks) {
      await this._db
        .deleteFrom('viewed_cells')
        .where('request_id', '=', requestId)
        .where('user_name', '=', user)
        .where('revision', '=', m.revision)
        .where('cell_id', '=', m.cellId)
        .execute();
    }
  }
}
