import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Admin settings (key/value), e.g. the artifact repository's remote URL. */
export class SettingsStore {
  constructor(private readonly _db: Kysely<Database>) {}

  async get(key: string): Promise<string | null> {
    const row = await this._db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  /** Sets `key`, or removes it when `value` is null. */
  async set(key: string, value: string | null, by: string, now = new Date()): Promise<void> {
    await this._db.deleteFrom('settings').where('key', '=', key).execute();
    if (value === null) return;
    await this._db
      .insertInto('settings')
      .values({ key, value, updated_at: now.toISOString(), updated_by: by })
      .execute();
  }
}
