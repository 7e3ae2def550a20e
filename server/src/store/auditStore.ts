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

  async append(events: readonly AuditRecord[]): Promise<void> {
    for (const e of events) {
      await this._db
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
        .execute();
    }
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
