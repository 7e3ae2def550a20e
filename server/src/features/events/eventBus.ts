import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AuditRecord } from '../../store/auditStore';
import type { StoredNotification } from '../../store/notificationStore';
import { EVENT_ACTIONS, type PromotionEvent, type VerificationEvent } from './contract';

export type { PromotionEvent, VerificationEvent };

const STREAMED: ReadonlySet<string> = new Set(EVENT_ACTIONS);
const streamed = (action: string): action is PromotionEvent['action'] => STREAMED.has(action);

/** Where events travel between the processes that share one database (db/notifications.ts). */
export interface EventChannel {
  /** The largest message the channel carries, in UTF-8 bytes. */
  readonly maxPayloadBytes: number;
  send(payload: string): Promise<void>;
}

/**
 * Fan-out of applied request events to Server-Sent Events listeners: this process's events at
 * once, and, through an attached channel, those of the other replicas sharing the database.
 */
export class EventBus {
  constructor(private readonly _origin: string = randomUUID()) {
    this._emitter.setMaxListeners(0);
  }

  /**
   * Publishes the applied events of a committed transaction; each record's `id` (its audit
   * event's) becomes the event's id on the stream.
   */
  publish(records: readonly (AuditRecord & { id?: number })[]): void {
    const events = records.flatMap(toEvent);
    for (const { event, id } of events) this._emitter.emit('promotion', event, id);
    if (this._channel && events.length > 0) {
      const wire = events.map(({ event, id }) => (id === undefined ? event : { ...event, id }));
      this._send(this._channel, 'events', wire);
    }
  }

  /** Sends committed notifications to their users' streams (here and on other replicas). */
  notify(notifications: readonly StoredNotification[]): void {
    for (const n of notifications) this._emitter.emit('notification', n);
    if (this._channel && notifications.length > 0) {
      this._send(this._channel, 'notifications', notifications);
    }
  }

  /** Sends a verification run's change to every stream (here and on other replicas). */
  publishVerification(event: VerificationEvent): void {
    this._emitter.emit('verification', event);
    if (this._channel) this._send(this._channel, 'verifications', [event]);
  }

  /** Calls `listener` with each verification run's change until the returned function is called. */
  subscribeVerifications(listener: (event: VerificationEvent) => void): () => void {
    this._emitter.on('verification', listener);
    return () => this._emitter.off('verification', listener);
  }

  /** Calls `listener` with each new notification of `user` until the returned function is called. */
  subscribeNotifications(
    user: string,
    listener: (notification: Omit<StoredNotification, 'user'>) => void
  ): () => void {
    const forUser = ({ user: to, ...notification }: StoredNotification) => {
      if (to === user) listener(notification);
    };
    this._emitter.on('notification', forUser);
    return () => this._emitter.off('notification', forUser);
  }

  /**
   * Calls `listener` for every event, with its id when it has one (the audit event's), until
   * the returned function is called.
   */
  subscribe(listener: (event: PromotionEvent, id?: number) => void): () => void {
    this._emitter.on('promotion', listener);
    return () => this._emitter.off('promotion', listener);
  }

  /** Shares events with other processes through `channel`; `log` hears failed sends. */
  attach(channel: EventChannel, log?: (msg: string) => void): void {
    this._channel = channel;
    this._log = log;
  }

  /** A message from the channel: another process's events (our own come back too: skipped). */
  receive(payload: string): void {
    let message: {
      origin?: unknown;
      events?: unknown;
      notifications?: unknown;
      verifications?: unknown;
    };
    try {
      message = JSON.parse(payload) as typeof message;
    } catch {
      return;
    }
    if (message.origin === this._origin) return;
    const events = Array.isArray(message.events) ? message.events : [];
    for (const wire of events as (PromotionEvent & { id?: unknown })[]) {
      if (typeof wire?.requestId === 'number' && typeof wire.action === 'string') {
        const { id, ...event } = wire;
        this._emitter.emit('promotion', event, typeof id === 'number' ? id : undefined);
      }
    }
    const notifications = Array.isArray(message.notifications) ? message.notifications : [];
    for (const n of notifications as StoredNotification[]) {
      if (typeof n?.id === 'number' && typeof n.user === 'string') {
        this._emitter.emit('notification', n);
      }
    }
    const verifications = Array.isArray(message.verifications) ? message.verifications : [];
    for (const v of verifications as VerificationEvent[]) {
      if (typeof v?.requestId === 'number' && typeof v.runId === 'number') {
        this._emitter.emit('verification', v);
      }
    }
  }

  private _send(
    channel: EventChannel,
    key: 'events' | 'notifications' | 'verifications',
    items: readonly unknown[]
  ): void {
    const whole = JSON.stringify({ origin: this._origin, [key]: items });
    const messages =
      Buffer.byteLength(whole) <= channel.maxPayloadBytes
        ? [whole]
        : items.map(e => JSON.stringify({ origin: this._origin, [key]: [e] }));
    for (const message of messages) {
      channel.send(message).catch((error: Error) => {
        this._log?.(`nbpromote: could not share an event with other replicas: ${error.message}`);
      });
    }
  }

  private readonly _emitter = new EventEmitter();
  private _channel: EventChannel | null = null;
  private _log?: (msg: string) => void;
}

/** The stream's event of an applied request change, with its id when stored. */
export function toEvent(
  e: AuditRecord & { id?: number }
): { event: PromotionEvent; id?: number }[] {
  // Rule checks are audited with the request but are no change of it: the stream skips them.
  if (e.outcome !== 'applied' || e.requestId === null || !streamed(e.action)) return [];
  const event: PromotionEvent = {
    requestId: Number(e.requestId),
    action: e.action,
    actor: e.actor,
    at: e.at
  };
  if (e.fromState) event.fromState = e.fromState;
  if (e.toState) event.toState = e.toState;
  const d = e.details ?? {};
  for (const key of ['revision', 'commentId', 'parentId'] as const) {
    if (typeof d[key] === 'number') event[key] = d[key];
  }
  if (typeof d.cellId === 'string') event.cellId = d.cellId;
  if (typeof d.resolved === 'boolean') event.resolved = d.resolved;
  return [{ event, ...(e.id === undefined ? {} : { id: e.id }) }];
}
