import { EventEmitter } from 'node:events';
import type { AuditRecord } from '../store/auditStore';

/** What `GET /events` streams (src/client/types.ts PromotionEvent). */
export interface PromotionEvent {
  requestId: number;
  action: string;
  actor: string;
  fromState?: string;
  toState?: string;
  at: string;
}

/** In-process fan-out of applied request events to Server-Sent Events listeners. */
export class EventBus {
  constructor() {
    this._emitter.setMaxListeners(0);
  }

  /** Publishes the applied events of a committed transaction. */
  publish(events: readonly AuditRecord[]): void {
    for (const e of events) {
      if (e.outcome !== 'applied' || e.requestId === null) continue;
      const event: PromotionEvent = {
        requestId: Number(e.requestId),
        action: e.action,
        actor: e.actor,
        at: e.at
      };
      if (e.fromState) event.fromState = e.fromState;
      if (e.toState) event.toState = e.toState;
      this._emitter.emit('promotion', event);
    }
  }

  /** Calls `listener` for every event until the returned function is called. */
  subscribe(listener: (event: PromotionEvent) => void): () => void {
    this._emitter.on('promotion', listener);
    return () => this._emitter.off('promotion', listener);
  }

  private readonly _emitter = new EventEmitter();
}
