import { type ISignal, Signal } from '@lumino/signaling';
import type { ReviewDiff } from './reviewDiff';
import { SharedEventStream } from './sharedEventStream';
import { ServiceError, ServiceUnreachableError, type ServiceErrorBody } from './serviceErrors';
import type {
  Bump,
  Catalog,
  CatalogEntry,
  CheckResult,
  Comment,
  CommentList,
  CreateComment,
  CreatePromotion,
  CreateReview,
  Environment,
  Identity,
  PreviewResult,
  Notification,
  NotificationList,
  NotificationsMarked,
  PromotionDetail,
  PromotionEvent,
  PromotionSummary,
  PromoteOptions,
  RequestState,
  RulesDiff,
  RulesDocument,
  RulesDryRun,
  RulesVersion,
  RulesVersionList,
  RulesVersionSummary,
  VerificationRun,
  Verification,
  VerificationEvent,
  ViewedCells
} from './types';

/**
 * The one HTTP seam between the extension and the nbpromote service: every request goes
 * through `request()` to the Jupyter server's nbpromote extension (same origin, which forwards
 * it to the service), keeps the service's JSON error body and turns a network failure into a
 * ServiceUnreachableError with a message a data scientist can act on.
 */

export { ServiceError, ServiceUnreachableError, type ServiceErrorBody } from './serviceErrors';

export type {
  Bump,
  Catalog,
  CatalogEntry,
  CheckResult,
  Comment,
  CreateComment,
  CreateReview,
  Permissions,
  ViewedCells,
  CreatePromotion,
  Environment,
  Identity,
  Notification,
  NotificationKind,
  NotificationList,
  PreviewResult,
  Problem,
  PromotionDetail,
  PromotionEvent,
  PromotionSummary,
  RequestState,
  Role,
  RuleCheck,
  RuleEvaluation,
  RuleResult,
  RulesDiff,
  RulesDocument,
  RulesDryRun,
  RulesVersion,
  RulesVersionSummary,
  RulesWarning,
  Verification,
  VerificationEvent,
  VerificationRun,
  VerificationStatus,
  MetricComparison
} from './types';

export type Health = { status: string; service: string; version: string };

export namespace ServiceClient {
  export interface IOptions {
    /** Where `/api/v1/...` is served: the Jupyter server's `<base_url>nbpromote`. */
    baseUrl: string;
    /** A token for a service outside any JupyterHub (the Settings Editor's); usually empty. */
    token?: string;
    /**
     * The plugin passes JupyterLab's ServerConnection (XSRF, the server's own auth); tests
     * inject their own; defaults to the browser's fetch.
     */
    fetch?: typeof fetch;
    /** Pause before the event stream reconnects (default 5 s). */
    retryMs?: number;
  }
}

export class ServiceClient {
  constructor(options: ServiceClient.IOptions) {
    this._baseUrl = options.baseUrl.replace(/\/+$/, '');
    this._token = options.token ?? '';
    this._fetch = options.fetch ?? ((...args) => fetch(...args));
    this._events = new SharedEventStream({
      retryMs: options.retryMs,
      connect: (lastEventId, signal) => {
        const headers = this._headers(false);
        headers['Accept'] = 'text/event-stream';
        if (lastEventId !== null) {
          headers['Last-Event-ID'] = lastEventId;
        }
        return this._fetch(`${this._baseUrl}/api/v1/events`, { headers, signal });
      }
    });
  }

  get baseUrl(): string {
    return this._baseUrl;
  }

  /** Emitted when the settings change the token. */
  get configured(): ISignal<this, void> {
    return this._configured;
  }

  /** Use another token (the settings changed): the service may see someone else now. */
  configure(options: { token?: string }): void {
    const token = options.token ?? '';
    if (token !== this._token) {
      this._token = token;
      this._events.restart();
      this._configured.emit();
    }
  }

  health(): Promise<Health> {
    return this.request<Health>('GET', '/health');
  }

  /** Who the configured token belongs to. */
  me(): Promise<Identity> {
    return this.request<Identity>('GET', '/me');
  }

  /** Analyse a notebook (steps, data flow, problems) without storing anything. */
  check(notebook: unknown, path: string): Promise<CheckResult> {
    return this.request<CheckResult>('POST', '/check', { notebook, path });
  }

  /** What promoting would produce: bundle files, version, diff against the environment. */
  preview(options: {
    notebook: unknown;
    path: string;
    environment: Environment;
    bump?: Bump;
  }): Promise<PreviewResult> {
    return this.request<PreviewResult>('POST', '/preview', options);
  }

  createPromotion(body: CreatePromotion): Promise<PromotionSummary> {
    return this.request<PromotionSummary>('POST', '/promotions', body);
  }

  /**
   * Requests, newest first; `mine` = authored by me, `reviewable` = waiting for my review,
   * `reviewed` = ones I reviewed; `state` = only in that state.
   */
  async listPromotions(
    filter: { mine?: boolean; reviewable?: boolean; reviewed?: boolean; state?: RequestState } = {}
  ): Promise<PromotionSummary[]> {
    const query = new URLSearchParams();
    for (const flag of ['mine', 'reviewable', 'reviewed'] as const) {
      if (filter[flag]) {
        query.set(flag, 'true');
      }
    }
    if (filter.state) {
      query.set('state', filter.state);
    }
    const qs = query.toString();
    const res = await this.request<{ items: PromotionSummary[] }>(
      'GET',
      `/promotions${qs ? `?${qs}` : ''}`
    );
    return res.items;
  }

  /** The request's verification runs, newest first, and whether runs are switched on. */
  verification(id: number): Promise<Verification> {
    return this.request<Verification>('GET', `/promotions/${id}/verification`);
  }

  /** *Run again*: a new verification run of the latest revision. */
  runVerification(id: number): Promise<VerificationRun> {
    return this.request<VerificationRun>('POST', `/promotions/${id}/verification`, {});
  }

  cancelVerification(id: number): Promise<VerificationRun> {
    return this.request<VerificationRun>('POST', `/promotions/${id}/verification/cancel`, {});
  }

  getPromotion(id: number): Promise<PromotionDetail> {
    return this.request<PromotionDetail>('GET', `/promotions/${id}`);
  }

  /** Submit the current notebook as a new revision of an existing request. */
  addRevision(id: number, notebook: unknown): Promise<PromotionDetail> {
    return this.request<PromotionDetail>('POST', `/promotions/${id}/revisions`, { notebook });
  }

  /** The notebook of one revision (the latest when none is given), as submitted. */
  getNotebook(id: number, revision?: number): Promise<Record<string, unknown>> {
    const qs = revision === undefined ? '' : `?revision=${revision}`;
    return this.request<Record<string, unknown>>('GET', `/promotions/${id}/notebook${qs}`);
  }

  /**
   * The review diff of a request: `base` is a revision number, `production` or
   * `last-reviewed`; `head` a revision number (the latest when absent).
   */
  getReviewDiff(id: number, pair: { base: string | number; head?: number }): Promise<ReviewDiff> {
    const query = new URLSearchParams({ base: String(pair.base) });
    if (pair.head !== undefined) {
      query.set('head', String(pair.head));
    }
    return this.request<ReviewDiff>('GET', `/promotions/${id}/diff?${query.toString()}`);
  }

  withdraw(id: number): Promise<PromotionDetail> {
    return this.request<PromotionDetail>('POST', `/promotions/${id}/withdraw`, {});
  }

  /** Approve, request changes or comment, with a summary message. */
  createReview(id: number, body: CreateReview): Promise<PromotionDetail> {
    return this.request<PromotionDetail>('POST', `/promotions/${id}/reviews`, body);
  }

  reject(id: number, reason?: string): Promise<PromotionDetail> {
    const body = reason === undefined ? {} : { reason };
    return this.request<PromotionDetail>('POST', `/promotions/${id}/reject`, body);
  }

  /** Every comment of a request, oldest first, each marked outdated when its cell changed. */
  async listComments(id: number): Promise<Comment[]> {
    return (await this.request<CommentList>('GET', `/promotions/${id}/comments`)).items;
  }

  /** A comment on a cell (and lines) of a revision, or a reply with `parentId`. */
  createComment(id: number, body: CreateComment): Promise<Comment> {
    return this.request<Comment>('POST', `/promotions/${id}/comments`, body);
  }

  /** Resolve (true) or reopen (false) a thread, given its first comment. */
  resolveComment(id: number, commentId: number, resolved: boolean): Promise<Comment> {
    return this.request<Comment>('PATCH', `/promotions/${id}/comments/${commentId}`, {
      resolved
    });
  }

  /** The cells I marked viewed, as of `revision` (default: the latest). */
  viewed(id: number, revision?: number): Promise<ViewedCells> {
    const qs = revision === undefined ? '' : `?revision=${revision}`;
    return this.request<ViewedCells>('GET', `/promotions/${id}/viewed${qs}`);
  }

  markViewed(id: number, revision: number, cellIds: string[]): Promise<ViewedCells> {
    return this.request<ViewedCells>('PUT', `/promotions/${id}/viewed`, { revision, cellIds });
  }

  unmarkViewed(id: number, cellId: string, revision?: number): Promise<ViewedCells> {
    const qs = revision === undefined ? '' : `?revision=${revision}`;
    const cell = encodeURIComponent(cellId);
    return this.request<ViewedCells>('DELETE', `/promotions/${id}/viewed/${cell}${qs}`);
  }

  /** My notifications, unread first then newest; `since`: only those with a higher id. */
  notifications(options: { since?: number } = {}): Promise<NotificationList> {
    const qs = options.since === undefined ? '' : `?since=${options.since}`;
    return this.request<NotificationList>('GET', `/notifications${qs}`);
  }

  markNotificationRead(id: number): Promise<Notification> {
    return this.request<Notification>('POST', `/notifications/${id}/read`);
  }

  /** Mark all my notifications read, up to `upTo` (the newest id I have seen) when given. */
  markAllNotificationsRead(upTo?: number): Promise<NotificationsMarked> {
    return this.request<NotificationsMarked>(
      'POST',
      '/notifications/read',
      upTo === undefined ? {} : { upTo }
    );
  }

  /** Every project/algorithm: its version in each environment, who approved it, history. */
  async catalog(): Promise<CatalogEntry[]> {
    return (await this.request<Catalog>('GET', '/catalog')).items;
  }

  /**
   * Promote an approved request into its environment. The service refuses with 409 and the
   * failing rules when an active rule fails; an admin may pass them with a written reason.
   */
  promote(id: number, options: PromoteOptions = {}): Promise<PromotionDetail> {
    return this.request<PromotionDetail>('POST', `/promotions/${id}/promote`, options);
  }

  /** The rules in force now (the newest version). */
  getRules(): Promise<RulesVersion> {
    return this.request<RulesVersion>('GET', '/rules');
  }

  /** Save a new rules version (admins only); 400 names the JSON path of what is invalid. */
  saveRules(document: RulesDocument, message: string, baseVersion?: number): Promise<RulesVersion> {
    return this.request<RulesVersion>('PUT', '/rules', {
      document,
      message,
      ...(baseVersion !== undefined ? { baseVersion } : {})
    });
  }

  /** Every saved rules version, newest first. */
  async listRulesVersions(): Promise<RulesVersionSummary[]> {
    const res = await this.request<RulesVersionList>('GET', '/rules/versions');
    return res.items;
  }

  getRulesVersion(version: number): Promise<RulesVersion> {
    return this.request<RulesVersion>('GET', `/rules/versions/${version}`);
  }

  /** What changed from one rules version to another. */
  diffRules(from: number, to: number): Promise<RulesDiff> {
    return this.request<RulesDiff>('GET', `/rules/diff?from=${from}&to=${to}`);
  }

  /** Try a candidate rules document on request #N, for one environment; nothing is stored. */
  dryRunRules(options: {
    document: RulesDocument;
    requestId: number;
    environment?: Environment;
  }): Promise<RulesDryRun> {
    return this.request<RulesDryRun>('POST', '/rules/dry-run', options);
  }

  /**
   * Follow the service's promotion events (Server-Sent Events over fetch, so the token travels
   * in a header) until the returned function is called. Every subscriber shares the page's one
   * stream.
   */
  subscribe(onEvent: (event: PromotionEvent) => void): () => void {
    return this._listen('promotion', onEvent);
  }

  /** The caller's own notifications as they are created, over the same stream. */
  subscribeNotifications(onNotification: (notification: Notification) => void): () => void {
    return this._listen('notification', onNotification);
  }

  /** Verification runs' changes (queued, started, each step, ended), over the same stream. */
  subscribeVerifications(onEvent: (event: VerificationEvent) => void): () => void {
    return this._listen('verification', onEvent);
  }

  /** Emitted each time the event stream (re)opens: what happened meanwhile was not heard. */
  get streamOpened(): ISignal<SharedEventStream, void> {
    return this._events.opened;
  }

  private _listen<T>(event: string, listener: (value: T) => void): () => void {
    return this._events.listen(message => {
      if (message.event !== event) {
        return;
      }
      let value: T;
      try {
        value = JSON.parse(message.data) as T;
      } catch {
        return; // A malformed event is skipped; the next one may be fine.
      }
      listener(value);
    });
  }

  /** Send one request to `/api/v1<path>` and decode the JSON answer or error. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers = this._headers(body !== undefined);
    let response: Response;
    try {
      response = await this._fetch(`${this._baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body)
      });
    } catch {
      throw new ServiceUnreachableError(this._baseUrl);
    }
    const text = await response.text();
    let data: unknown = undefined;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      // A proxy or another program answered with something that is not our JSON.
    }
    if (!response.ok) {
      const err = (data as ServiceErrorBody | undefined)?.error;
      throw new ServiceError(
        response.status,
        err?.code ?? 'http_error',
        err?.message ?? `The service answered ${response.status} ${response.statusText}.`,
        err?.details
      );
    }
    return data as T;
  }

  private _headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (json) {
      headers['Content-Type'] = 'application/json';
    }
    // Not Authorization: that header is the Jupyter server's own. The server extension
    // forwards this one as the service's bearer token.
    if (this._token) {
      headers['X-Nbpromote-Token'] = this._token;
    }
    return headers;
  }

  private readonly _baseUrl: string;
  private _token: string;
  private readonly _configured = new Signal<this, void>(this);
  private readonly _fetch: typeof fetch;
  private readonly _events: SharedEventStream;
}
