import { type ISignal, Signal } from '@lumino/signaling';
import type { Identity, PromotionDetail, PromotionEvent, PromotionSummary } from '../client/types';
import { errorMessage } from '../errorMessage';
import { LiveModel } from '../live/liveModel';

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

/** Actions the service keeps a notification of for the author (the inbox announces them). */
const IN_INBOX = new Set(['approve', 'request_changes', 'promote', 'reject']);

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

type Lists = [Identity, PromotionSummary[], PromotionSummary[], PromotionSummary[]];

/**
 * The requests panel's state: who I am, my requests, those waiting for my review, and those
 * I sent back to their author (changes requested after my review: waiting for the author,
 * not for me, until a new revision puts them back in my queue). No DOM; views render it
 * through `changed`. Live: follows the service's event stream.
 */
export class RequestsModel extends LiveModel<Lists> {
  /**
   * Emitted when one of my requests is reviewed with comments by someone (the rest reaches me
   * through my inbox).
   */
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
  /** Requests in changes requested that I reviewed: waiting for their author. */
  get waitingForAuthor(): PromotionSummary[] {
    return this._waitingForAuthor;
  }

  /** The detail of a request shown expanded (with its live rule status), once loaded. */
  detail(id: number): PromotionDetail | undefined {
    return this._details.get(id);
  }

  /** Why a request's detail could not be loaded, if it could not. */
  detailError(id: number): string | undefined {
    return this._detailErrors.get(id);
  }

  /** Load one request's detail and keep it current on every later refresh. */
  async follow(id: number): Promise<void> {
    this._followed.add(id);
    await this._loadDetail(id);
    this.emitChanged();
  }

  /** Stop keeping a request's detail current. */
  unfollow(id: number): void {
    this._followed.delete(id);
  }

  /** Identity and the lists. */
  protected load(): Promise<Lists> {
    return Promise.all([
      this.client.me(),
      this.client.listPromotions({ mine: true }),
      this.client.listPromotions({ reviewable: true }),
      this.client.listPromotions({ reviewed: true, state: 'changes_requested' })
    ]);
  }
  protected async loaded([identity, mine, reviewable, reviewed]: Lists): Promise<void> {
    this._identity = identity;
    this._mine = mine;
    this._reviewable = reviewable;
    // My own requests are under "My requests" already.
    this._waitingForAuthor = reviewed.filter(r => r.author !== identity.name);
    // The rule status changes with every review: reload what is shown expanded.
    await Promise.all([...this._followed].map(id => this._loadDetail(id)));
  }
  protected failed(): void {
    this._identity = null;
    this._mine = [];
    this._reviewable = [];
    this._waitingForAuthor = [];
  }

  protected async onEvent(event: PromotionEvent): Promise<void> {
    await this.refresh();
    const request = this._mine.find(r => r.id === event.requestId);
    const kind = newsKind(event);
    // What the inbox announces (kept by the service, even while I was away) is not news here.
    if (request && kind && event.actor !== this._identity?.name && !IN_INBOX.has(event.action)) {
      this._news.emit({ kind, request, event });
    }
  }

  private async _loadDetail(id: number): Promise<void> {
    try {
      this._details.set(id, await this.client.getPromotion(id));
      this._detailErrors.delete(id);
    } catch (reason) {
      this._detailErrors.set(id, errorMessage(reason, `Could not load request #${id}`));
    }
  }

  private readonly _news = new Signal<this, RequestNews>(this);
  private _identity: Identity | null = null;
  private _mine: PromotionSummary[] = [];
  private _reviewable: PromotionSummary[] = [];
  private _waitingForAuthor: PromotionSummary[] = [];
  private readonly _details = new Map<number, PromotionDetail>();
  private readonly _detailErrors = new Map<number, string>();
  private readonly _followed = new Set<number>();
}
