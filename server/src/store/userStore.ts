import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Role } from '../domain';
import { ConflictError, NotFoundError } from '../errors';

export interface User {
  id: number;
  name: string;
  role: Role;
}

/** Users and their API tokens (stored as sha256 hashes only). */
export class UserStore {
  constructor(private readonly _db: Kysely<Database>) {}

  async create(name: string, role: Role, now = new Date()): Promise<User> {
    if (await this.find(name)) {
      throw new ConflictError(`User ${name} already exists.`, { name }, 'user_exists');
    }
    const row = await this._db
      .insertInto('users')
      .values({ name, role, created_at: now.toISOString() })
      .returning(['id', 'name', 'role'])
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), name: row.name, role: row.role as Role };
  }

  async find(name: string): Promise<User | undefined> {
    const row = await this._db
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('name', '=', name)
      .executeTakeFirst();
    return row && { id: Number(row.id), name: row.name, role: row.role as Role };
  }

  /** Which of `names` are users. */
  async existing(names: readonly string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await this._db
      .selectFrom('users')
      .select('name')
      .where('name', 'in', [...names])
      .execute();
    return new Set(rows.map(r => r.name));
  }

  async get(name: string): Promise<User> {
    const user = await this.find(name);
    if (!user) throw new NotFoundError(`No user named ${name}.`, { name });
    return user;
  }

  /** An identity provider's user, as it says now: created on first use, its role kept current. */
  async ensure(name: string, role: Role): Promise<User> {
    let user = await this.find(name);
    if (!user) {
      try {
        return await this.create(name, role);
      } catch (error) {
        // Two first requests of one user at once: the other one created it.
        user = await this.find(name);
        if (!user) throw error;
      }
    }
    if (user.role === role) return user;
    await this._db.updateTable('users').set({ role }).where('id', '=', user.id).execute();
    return { ...user, role };
  }

  async addToken(userId: number, tokenHash: string, now = new Date()): Promise<void> {
    await this._db
      .insertInto('api_tokens')
      .values({ user_id: userId, token_hash: tokenHash, created_at: now.toISOString() })
      .execute();
  }

  async hasToken(userId: number, tokenHash: string): Promise<boolean> {
    const row = await this._db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', userId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The user a token hash belongs to, if any. */
  async byTokenHash(tokenHash: string): Promise<User | undefined> {
    const row = await this._db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['users.id', 'users.name', 'users.role'])
      .where('api_tokens.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && { id: Number(row.id), name: row.name, role: row.role as Role };
  }
}
