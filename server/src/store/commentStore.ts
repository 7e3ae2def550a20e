import type { Kysely, Selectable } from 'kysely';
import type { CommentTable, Database } from '../db/schema';
import type { Comment, NewComment } from '../domain';
import { NotFoundError } from '../errors';

function toComment(row: Selectable<CommentTable>): Comment {
  const c: Comment = {
    id: Number(row.id),
    revision: Number(row.revision),
    cellId: row.cell_id,
    author: row.author,
    body: row.body,
    resolved: Number(row.resolved) === 1,
    outdated: false,
    createdAt: row.created_at
  };
  if (row.line_start !== null && row.line_end !== null) {
    c.lines = { start: Number(row.line_start), end: Number(row.line_end) };
  }
  if (row.parent_id !== null) c.parentId = Number(row.parent_id);
  return c;
}

/** Review comments of a request. */
export class CommentStore {
  constructor(private readonly _db: Kysely<Database>) {}

  async list(requestId: number): Promise<Comment[]> {
    const rows = await this._db
      .selectFrom('comments')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('id')
      .execute();
    return rows.map(toComment);
  }

  async get(requestId: number, id: number): Promise<Comment> {
    const row = await this._db
      .selectFrom('comments')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`Comment ${id} does not exist on request ${requestId}.`);
    return toComment(row);
  }

  async insert(requestId: number, c: NewComment): Promise<Comment> {
    const row = await this._db
      .insertInto('comments')
      .values({
        request_id: requestId,
        revision: c.revision,
        cell_id: c.cellId,
        line_start: c.lines?.start ?? null,
        line_end: c.lines?.end ?? null,
        parent_id: c.parentId === undefined ? null : Number(c.parentId),
        author: c.author,
        body: c.body,
        resolved: c.resolved ? 1 : 0,
        created_at: c.createdAt
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toComment(row);
  }

  async setResolved(id: number, resolved: boolean): Promise<void> {
    await this._db
      .updateTable('comments')
      .set({ resolved: resolved ? 1 : 0 })
      .where('id', '=', id)
      .execute();
  }
}
