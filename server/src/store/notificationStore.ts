import type { Kysely, Selectable } from 'kysely';
import type { Database, NotificationTable } from '../db/schema';
import type { NotificationDraft, NotificationKind, NotificationView } from '../domain';

export type { NotificationView };

/** A notification with whom it is for. */
export type StoredNotification = NotificationView & { user: string };

type Row = Selectable<NotificationTable> & { title: string };

function toView(row: Row): NotificationView {
  const view: NotificationView = {
    id: Number(row.id),
    kind: row.kind as NotificationKind,
    requestId: Number(row.request_id),
    title: row.title,
    actor: row.actor,
    excerpt: row.excerpt,
    createdAt: row.created_at,
    read: row.read_at !== null
  };
  if (row.revision !== null) view.revision = Number(row.revision);
  if (row.comment_id !== null) view.commentId = Number(row.comment_id);
  if (row.read_at !== null) view.readAt = row.read_at;
  return view;
}

/** Each user's notifications; every read and write is scoped to one user. */
export class NotificationStore {
  constructor(private readonly _db: Kysely<Database>) {}

  async insert(drafts: readonly NotificationDraft[]): Promise<StoredNotification[]> {
    const ids: number[] = [];
    for (const d of drafts) {
      const row = await this._db
        .insertInto('notifications')
        .values({
          user_name: d.user,
          kind: d.kind,
          request_id: d.requestId,
          actor: d.actor,
          revision: d.revision,
          comment_id: d.commentId,
          excerpt: d.excerpt,
          created_at: d.at,
          read_at: null
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(Number(row.id));
    }
    if (ids.length === 0) return [];
    const rows = await this._select().where('notifications.id', 'in', ids).execute();
    const byId = new Map(rows.map(r => [Number(r.id), { ...toView(r), user: r.user_name }]));
    return ids.map(id => byId.get(id)!);
  }

  /** `user`'s notifications, unread first, then newest first; `since`: only newer ids. */
  async list(
    user: string,
    options: { unreadOnly: boolean; since?: number; limit: number }
  ): Promise<NotificationView[]> {
    let q = this._select().where('notifications.user_name', '=', user);
    if (options.unreadOnly) q = q.where('notifications.read_at', 'is', null);
    if (options.since !== undefined) q = q.where('notifications.id', '>', options.since);
    const rows = await q
      .orderBy(eb => eb.case().when('notifications.read_at', 'is', null).then(0).else(1).end())
      .orderBy('notifications.id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(toView);
  }

  async unreadCount(user: string): Promise<number> {
    const row = await this._db
      .selectFrom('notifications')
      .select(eb => eb.fn.countAll<number | string>().as('n'))
      .where('user_name', '=', user)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** One notification whoever it belongs to (the caller checks), or undefined. */
  async get(id: number): Promise<StoredNotification | undefined> {
    const row = await this._select().where('notifications.id', '=', id).executeTakeFirst();
    return row && { ...toView(row), user: row.user_name };
  }

  /** Marks one read (kept as first read). */
  async markRead(id: number, at: string): Promise<void> {
    await this._db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .execute();
  }

  /** Marks every unread notification of `user` read, up to `upTo` when given; how many. */
  async markAllRead(user: string, at: string, upTo?: number): Promise<number> {
    let q = this._db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('user_name', '=', user)
      .where('read_at', 'is', null);
    if (upTo !== undefined) q = q.where('id', '<=', upTo);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  private _select() {
    return this._db
      .selectFrom('notifications')
      .innerJoin('promotion_requests', 'promotion_requests.id', 'notifications.request_id')
      .select([
        'notifications.id',
        'notifications.user_name',
        'notifications.kind',
        'notifications.request_id',
        'notifications.actor',
        'notifications.revision',
        'notifications.comment_id',
        'notifications.excerpt',
        'notifications.created_at',
        'notifications.read_at',
        'promotion_requests.title'
      ]);
  }
}
