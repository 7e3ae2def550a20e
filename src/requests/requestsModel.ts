import { type ISignal, Signal } from '@lumino/signaling';
import type { ServiceClient } from '../client/serviceClient';
import type { Identity, PromotionEvent, PromotionSummary } from '../client/types';
import { errorMessage } from '../errorMessage';

/**
 * Something that happened to one of my requests that deserves a notification: a review
 * arrived (`review`), or it moved to a state I should know of (`state`).
 */
export interface RequestNews {
  kind: 'review' | 'state';
  request: PromotionSummary;
  event: PromotionEvent;
}

/** States whose arrival the author is told about. */
const NEWSWORTHY = new Set(['approved', 'changes_requested', 'promoted', 'rejected']);

/** Audit actions that are reviews (the service's verdicts). */
const REVIEWS = new Set(['approve', 'request_changes', 'review_comment']);

/** What kind of news `event` is for the author, if any. */
export function newsKind(event: PromotionEvent): RequestNews['kind'] | null {
  if (REVIEWS.has(event.action)) {
    return 'review';
  }
  if (event.toState && event.toState !== event.fromState && NEWSWORTHY.has(event.toState)) {
    return 'state';
  }
  return null;
}

/**
 * The requests panel's state: who I am, my requests, those waiting for my review. No DOM;
 * views render it through `changed`. Live: follows the service's event stream.
 */
export class RequestsModel {
  constructor(client: ServiceClient) {
    this._client = client;
    client.configured.connect(this._onConfigured, this);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Emitted when one of my requests is reviewed by someone, promoted or rejected. */
  get news(): ISignal<this, RequestNews> {
    return this._news;
  }

  get identity(): Identity | null {
    return this._identity;
  }
  get mine(): PromotionSummary[] {
    return this._mine;
  }
  get reviewable(): PromotionSummary[] {
    return this._reviewable;
  }
  /** Why the lists could not be loaded, as one sentence; null when they were. */
  get error(): string | null {
    return this._error;
  }
  get loading(): boolean {
    return this._loading;
  }
  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Reload identity and both lists. */
  async refresh(): Promise<void> {
    const generation = ++this._generation;
    this._loading = true;
    this._changed.emit();
    try {
      const [identity, mine, reviewable] = await Promise.all([
        this._client.me(),
        this._client.listPromotions({ mine: true }),
        this._client.listPromotions({ reviewable: true })
      ]);
      if (generation !== this._generation) {
        return;
      }
      this._identity = identity;
      this._mine = mine;
      this._reviewable = reviewable;
      this._error = null;
    } catch (reason) {
      if (generation !== this._generation) {
        return;
      }
      this._identity = null;
      this._mine = [];
      this._reviewable = [];
      this._error = errorMessage(reason);
    } finally {
      if (generation === this._generation) {
        this._loading = false;
        this._changed.emit();
      }
    }
  }

  /** Start following the event stream (idempotent). */
  start(): void {
    if (!this._unsubscribe && !this._disposed) {
      this._unsubscribe = this._client.subscribe(event => void this._onEvent(event));
    }
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._unsubscribe?.();
    Signal.clearData(this);
  }

  private async _onEvent(event: PromotionEvent): Promise<void> {
    await this.refresh();
    const request = this._mine.find(r => r.id === event.requestId);
    const kind = newsKind(event);
    if (request && kind && event.actor !== this._identity?.name) {
      this._news.emit({ kind, request, event });
    }
  }

  private _onConfigured(): void {
    this._unsubscribe?.();
    this._unsubscribe = undefined;
    this.start();
    void this.refresh();
  }

  private readonly _client: ServiceClient;
  private readonly _changed = new Signal<this, void>(this);
  private readonly _news = new Signal<this, RequestNews>(this);
  private _identity: Identity | null = null;
  private _mine: PromotionSummary[] = [];
  private _reviewable: PromotionSummary[] = [];
  private _error: string | null = null;
  private _loading = false;
  private _generation = 0;
  private _disposed = false;
  private _unsubscribe?: () => void;
}
