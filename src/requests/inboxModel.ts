import { type ISignal, Signal } from '@lumino/signaling';
import type { Notification, NotificationList, PromotionEvent } from '../client/types';
import { LiveModel } from '../live/liveModel';

/**
 * My inbox: the notifications the service kept for me (what happened while I was away too),
 * unread first, kept current from the page's event stream. `arrived` fires once per unread
 * notification this page has not announced yet: those found on load and each that arrives
 * live. No DOM.
 */
export class InboxModel extends LiveModel<NotificationList> {
  /** An unread notification to announce (each once per page). */
  get arrived(): ISignal<this, Notification> {
    return this._arrived;
  }

  get items(): readonly Notification[] {
    return this._items;
  }

  get unread(): number {
    return this._unread;
  }

  /** Follow the stream: new notifications, and a reload whenever it reopens (missed ones). */
  start(): void {
    super.start();
    if (!this._stopNotifications && !this.isDisposed) {
      this._stopNotifications = this.client.subscribeNotifications(n => this._add(n));
      this.client.streamOpened.connect(this._onOpened, this);
    }
  }

  dispose(): void {
    this._stopNotifications?.();
    this.client.streamOpened.disconnect(this._onOpened, this);
    super.dispose();
  }

  async markRead(id: number): Promise<void> {
    const read = await this.client.markNotificationRead(id);
    const before = this._items.find(n => n.id === id);
    this._items = this._items.map(n => (n.id === id ? read : n));
    if (before && !before.read) {
      this._unread = Math.max(0, this._unread - 1);
    }
    this.emitChanged();
  }

  /** Mark read everything shown (up to the newest I have), not what arrives meanwhile. */
  async markAllRead(): Promise<void> {
    const newest = this._items.reduce((max, n) => Math.max(max, n.id), 0);
    if (newest === 0) {
      return;
    }
    const marked = await this.client.markAllNotificationsRead(newest);
    this._items = this._items.map(n => (n.id <= newest && !n.read ? { ...n, read: true } : n));
    this._unread = marked.unread;
    this.emitChanged();
  }

  protected load(): Promise<NotificationList> {
    return this.client.notifications();
  }

  protected loaded(list: NotificationList): void {
    this._items = [...list.items];
    this._unread = list.unread;
    for (const n of list.items) {
      this._announce(n);
    }
  }

  protected failed(): void {
    this._items = [];
    this._unread = 0;
  }

  protected onEvent(_event: PromotionEvent): void {
    // Request events reach the requests list; notifications come on their own.
  }

  private _onOpened(): void {
    // Anything that arrived while the stream was down is in the inbox: load it.
    if (this._opened++ > 0) {
      void this.refresh();
    }
  }

  private _add(n: Notification): void {
    if (this._items.some(item => item.id === n.id)) {
      return;
    }
    this._items = [n, ...this._items];
    if (!n.read) {
      this._unread += 1;
    }
    this._announce(n);
    this.emitChanged();
  }

  private _announce(n: Notification): void {
    if (!n.read && !this._announced.has(n.id)) {
      this._announced.add(n.id);
      this._arrived.emit(n);
    }
  }

  private readonly _arrived = new Signal<this, Notification>(this);
  private readonly _announced = new Set<number>();
  private _items: Notification[] = [];
  private _unread = 0;
  private _opened = 0;
  private _stopNotifications?: () => void;
}
