/**
 * Which pending work (a submission, a revision, a promotion written to the database but not
 * yet finished in git) a live process is still doing. On PostgreSQL each service process
 * holds a session advisory lock per item on one connection of its own: when the process
 * dies, PostgreSQL ends the session and the locks go with it. So crash repair, on any
 * replica and at any time, finishes or undoes only what a dead process left, never work
 * another replica is in the middle of. SQLite is one process: the leases are in memory.
 */
import { Client } from 'pg';
import { ConflictError } from '../errors';

export type LeaseKind = 'submit' | 'revise' | 'promote' | 'rules';

/** The first key of each kind's advisory locks ("nbp" and a number): the second is the id. */
const KINDS: Record<LeaseKind, number> = {
  submit: 0x6e627001,
  revise: 0x6e627002,
  promote: 0x6e627003,
  rules: 0x6e627004
};

export interface WorkLeases {
  /** Whether other processes see these leases (PostgreSQL). */
  readonly shared: boolean;
  /** Marks the work as under way here until `release`; waits while a repair has claimed it. */
  hold(kind: LeaseKind, id: number): Promise<void>;
  /** Ends what `hold` or a successful `claim` took; nothing when it was not taken. */
  release(kind: LeaseKind, id: number): Promise<void>;
  /** Takes work nobody is doing (its process is gone): true when taken; release it after. */
  claim(kind: LeaseKind, id: number): Promise<boolean>;
  close(): Promise<void>;
}

/** One process's leases, in memory: enough for SQLite, and the in-process half of PostgreSQL's. */
export class LocalLeases implements WorkLeases {
  readonly shared: boolean = false;

  async hold(kind: LeaseKind, id: number): Promise<void> {
    const deadline = Date.now() + HOLD_WAIT_MS;
    while (!(await this.claim(kind, id))) {
      if (Date.now() > deadline) {
        throw new ConflictError(
          `Request ${id} is being repaired; try again.`,
          { requestId: id },
          'repair_in_progress'
        );
      }
      await new Promise(resolve => setTimeout(resolve, 25));
    }
  }

  async release(kind: LeaseKind, id: number): Promise<void> {
    this._held.delete(`${kind}:${id}`);
  }

  async claim(kind: LeaseKind, id: number): Promise<boolean> {
    const key = `${kind}:${id}`;
    if (this._held.has(key)) return false;
    this._held.add(key);
    return true;
  }

  async close(): Promise<void> {
    this._held.clear();
  }

  protected readonly _held = new Set<string>();
}

/**
 * PostgreSQL session locks on a connection of the process's own. Session locks are
 * re-entrant within a session, so the in-memory set keeps this process's own work apart.
 * A lost connection (a database restart) is opened again on next use; the locks it held
 * are gone with it, as they would be for a dead process.
 */
export class PgLeases extends LocalLeases {
  override readonly shared = true;

  constructor(
    private readonly _url: string,
    private readonly _log: (msg: string) => void = console.error
  ) {
    super();
  }

  async start(): Promise<void> {
    await this._session();
  }

  override async release(kind: LeaseKind, id: number): Promise<void> {
    if (!this._held.has(`${kind}:${id}`)) return;
    await super.release(kind, id);
    const client = await this._session().catch(() => null);
    // No connection: the session and its lock are gone already.
    await client?.query('select pg_advisory_unlock($1, $2)', [KINDS[kind], id]).catch(() => null);
  }

  override async claim(kind: LeaseKind, id: number): Promise<boolean> {
    if (!(await super.claim(kind, id))) return false;
    try {
      const client = await this._session();
      const { rows } = await client.query<{ taken: boolean }>(
        'select pg_try_advisory_lock($1, $2) as taken',
        [KINDS[kind], id]
      );
      if (rows[0]?.taken) return true;
    } catch (error) {
      await super.release(kind, id);
      throw error;
    }
    await super.release(kind, id);
    return false;
  }

  override async close(): Promise<void> {
    await super.close();
    this._closed = true;
    const client = await this._client?.catch(() => null);
    this._client = null;
    await client?.end().catch(() => undefined);
  }

  private _session(): Promise<Client> {
    if (this._closed) return Promise.reject(new Error('The work leases are closed.'));
    if (this._client) return this._client;
    // Named, so an operator can tell the sessions holding replicas' work apart.
    const client = new Client({
      connectionString: this._url,
      application_name: 'nbpromote-leases'
    });
    const session = client.connect().then(() => client);
    const forget = () => {
      if (this._client === session) this._client = null;
    };
    client.on('error', error => {
      this._log(`nbpromote: the work-lease connection failed: ${error.message}`);
      forget();
    });
    client.on('end', forget);
    session.catch(forget);
    this._client = session;
    return session;
  }

  private _client: Promise<Client> | null = null;
  private _closed = false;
}

/** How long `hold` waits for a repair of the same item to end (repairs take milliseconds). */
const HOLD_WAIT_MS = 30_000;
