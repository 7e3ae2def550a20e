import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { NotFoundError } from '../errors';
import type { Database, PromotionRequestTable } from '../db/schema';

/** A promotion request as the API presents it (the notebook body is fetched separately). */
export interface PromotionSummary {
  id: number;
  title: string;
  notebookPath: string;
  notebookSha256: string;
  state: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewPromotion {
  title: string;
  notebookPath: string;
  notebook: Record<string, unknown>;
}

function toSummary(row: Omit<Selectable<PromotionRequestTable>, 'notebook'>): PromotionSummary {
  return {
    id: Number(row.id),
    title: row.title,
    notebookPath: row.notebook_path,
    notebookSha256: row.notebook_sha256,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  };
}

const SUMMARY_COLUMNS = [
  'id',
  'title',
  'notebook_path',
  'notebook_sha256',
  'state',
  'created_at',
  'updated_at'
] as const;

/** The one place promotion requests are read from and written to the database. */
export class PromotionStore {
  constructor(private readonly _db: Kysely<Database>) {}

  async create(input: NewPromotion, now = new Date()): Promise<PromotionSummary> {
    const text = JSON.stringify(input.notebook);
    const at = now.toISOString();
    const row = await this._db
      .insertInto('promotion_requests')
      .values({
        title: input.title,
        notebook_path: input.notebookPath,
        notebook_sha256: createHash('sha256').update(text).digest('hex'),
        notebook: text,
        state: 'open',
        created_at: at,
        updated_at: at
      })
      .returning(SUMMARY_COLUMNS)
      .executeTakeFirstOrThrow();
    return toSummary(row);
  }

  async list(): Promise<PromotionSummary[]> {
    const rows = await this._db
      .selectFrom('promotion_requests')
      .select(SUMMARY_COLUMNS)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toSummary);
  }

  /** The notebook exactly as it was submitted. */
  async notebook(id: number): Promise<Record<string, unknown>> {
    const row = await this._db
      .selectFrom('promotion_requests')
      .select('notebook')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) {
      throw new NotFoundError(`Promotion request ${id} does not exist.`, { id });
    }
    return JSON.parse(row.notebook) as Record<string, unknown>;
  }

  async get(id: number): Promise<PromotionSummary> {
    const row = await this._db
      .selectFrom('promotion_requests')
      .select(SUMMARY_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) {
      throw new NotFoundError(`Promotion request ${id} does not exist.`, { id });
    }
    return toSummary(row);
  }
}
