import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AuditEvent } from '../domain';

/** A domain event, or a service-wide one (settings) that belongs to no request. */
export type AuditRecord = Omit<AuditEvent, 'requestId' | 'action'> & {
  requestId: AuditEvent['requestId'] | null;
  action: string;
};
import { toAuditEvent, type AuditEventView } from './rows';

/** Audit events: appended, never changed. */
export class AuditStore {
  constructor(private readonly _db: Kysely<Database>) {}

  /** Appends `events`; answers them with the ids they were stored under (event ids). */
  async append(events: readonly AuditRecord[]): Promise<(AuditRecord & { id: number })[]> {
    const stored: (AuditRecord & { id: number })[] = [];
    for (const e of events) {
      const row = await this._db
        .insertInto('audit_events')
        .values({
          request_id: e.requestId === null ? null : Number(e.requestId),
          actor: e.actor,
          action: e.action,
          at: e.at,
          from_state: e.fromState,
          to_state: e.toState,
          outcome: e.outcome,
          details: JSON.stringify(e.details ?? {})
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      stored.push({ ...e, id: Number(row.id) });
    }
    return stored;
  }

  /** Applied request events with an id above `afterId`, oldest first (what a stream missed). */
  async appliedSince(afterId: number, limit: number): Promise<(AuditRecord & { id: number })[]> {
    const rows = await this._db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '>', afterId)
      .where('outcome', '=', 'applied')
      .where('request_id', 'is not', null)
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    // Stored as appended: the view's strings are the record's states and outcome.
    return rows.map(row => toAuditEvent(row) as AuditRecord & { id: number });
  }

  /** Newest first; `requestIds` restricts to those requests (null: all). */
  async list(options: {
    requestId?: number;
    requestIds?: number[] | null;
    limit: number;
  }): Promise<AuditEventView[]> {
    let q = this._db.selectFrom('audit_events').selectAll();
    if (options.requestId !== undefined) q = q.where('request_id', '=', options.requestId);
    if (options.requestIds) {
      if (options.requestIds.length === 0) return [];
      q = q.where('request_id', 'in', options.requestIds);
    }
    const rows = await q.orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map(toAuditEvent);
  }

  async count(): Promise<number> {
    const row = await this._db
      .selectFrom('audit_events')
      .select(eb => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
