import { NotAllowedError, NotFoundError } from '../../errors';
import type { NotificationView, Stores } from '../../store';

/** The caller's inbox: every read and write is the caller's own notifications only. */
export class NotificationService {
  constructor(private readonly _stores: Stores) {}

  /** Unread first, then newest first; with the count of unread ones. */
  async list(
    user: string,
    options: { unreadOnly: boolean; since?: number; limit: number }
  ): Promise<{ items: NotificationView[]; unread: number }> {
    const [items, unread] = await Promise.all([
      this._stores.notifications.list(user, options),
      this._stores.notifications.unreadCount(user)
    ]);
    return { items, unread };
  }

  /** Marks one of the caller's notifications read; 404 unknown, 403 someone else's. */
  async markRead(user: string, id: number): Promise<NotificationView> {
    const found = await this._stores.notifications.get(id);
    if (!found) throw new NotFoundError(`No notification ${id}.`, { notificationId: id });
    if (found.user !== user) {
      throw new NotAllowedError(`Notification ${id} belongs to another user.`, {
        notificationId: id
      });
    }
    await this._stores.notifications.markRead(id, new Date().toISOString());
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { user: _owner, ...view } = (await this._stores.notifications.get(id))!;
    return view;
  }

  /** Marks every unread notification of the caller read (up to `upTo`, an id, when given). */
  async markAllRead(user: string, upTo?: number): Promise<{ marked: number; unread: number }> {
    const marked = await this._stores.notifications.markAllRead(
      user,
      new Date().toISOString(),
      upTo
    );
    return { marked, unread: await this._stores.notifications.unreadCount(user) };
  }
}
