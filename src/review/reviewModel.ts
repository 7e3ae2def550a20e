import { type ISignal, Signal } from '@lumino/signaling';
import type { ReviewDiff } from '../client/reviewDiff';
import type { ServiceClient } from '../client/serviceClient';
import type {
  Identity,
  PromotionDetail,
  PromotionEvent,
  ReviewComment,
  Verdict,
  ViewedCells
} from '../client/types';
import { errorMessage } from '../errorMessage';
import { type BaseChoice, clampPair, defaultBase, type Pair } from './pair';
import { buildRows, type ReviewRow } from './rows';
import { groupThreads, placeThreads, type ThreadPlacement } from './threads';
import { viewedIds, viewedProgress, withMark } from './viewed';

/** A notebook as the service returns it (nbformat 4 JSON). */
export type NotebookJSON = {
  cells?: { source?: string | string[]; outputs?: unknown[]; attachments?: unknown }[];
  metadata?: Record<string, unknown>;
};

/**
 * The state of one review panel: the request, the pair compared, its diff and both notebooks
 * (for full sources, rendered markdown and outputs), the threads, the folds the reader opened.
 * No DOM: views render it on `changed`. Follows the service's events for its request.
 */
export class ReviewModel {
  constructor(options: { client: ServiceClient; id: number; pair?: Partial<Pair> }) {
    this.client = options.client;
    this.id = options.id;
    this._wanted = options.pair ?? {};
    // Signed in as someone else (the token changed): their permissions and last review differ.
    this.client.configured.connect(() => void this.load(), this);
  }

  readonly client: ServiceClient;
  readonly id: number;

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  get me(): Identity | null {
    return this._me;
  }
  get detail(): PromotionDetail | null {
    return this._detail;
  }
  get pair(): Pair | null {
    return this._pair;
  }
  get diff(): ReviewDiff | null {
    return this._diff;
  }
  get baseNotebook(): NotebookJSON | null {
    return this._base;
  }
  get headNotebook(): NotebookJSON | null {
    return this._head;
  }
  get error(): string | null {
    return this._error;
  }
  get loading(): boolean {
    return this._loading;
  }
  /** A revision newer than the head shown exists; the banner offers to show it. */
  get newRevision(): number | null {
    return this._newRevision;
  }
  get rows(): ReviewRow[] {
    return this._rows;
  }
  get threads(): ThreadPlacement<ReviewComment>[] {
    return this._threads;
  }
  get comments(): readonly ReviewComment[] {
    return this._comments;
  }
  /**
   * The cell ids the reader marked viewed in the head revision; null when the marks could
   * not be read (the panel then offers no checkbox rather than wrong ones).
   */
  get viewed(): ReadonlySet<string> | null {
    return this._viewed ? viewedIds(this._viewed) : null;
  }
  /** "N of M changed cells viewed", or null without marks. */
  get viewedProgress(): { viewed: number; total: number } | null {
    const ids = this.viewed;
    return ids && this._diff ? viewedProgress(this._diff.notebook, ids) : null;
  }
  /** The revision the reader last reviewed, for "since my last review". */
  get lastReviewed(): number | null {
    return this._detail?.lastReviewedRevision ?? null;
  }

  /**
   * Load everything for the wanted pair: by default the latest head, since the reader's last
   * review if they reviewed an earlier revision, else against production.
   */
  async load(): Promise<void> {
    const generation = ++this._generation;
    this._loading = true;
    this._changed.emit();
    try {
      const [me, detail] = await Promise.all([this.client.me(), this.client.getPromotion(this.id)]);
      const wantedHead = this._wanted.head ?? detail.revision;
      const pair = clampPair(
        {
          base: this._wanted.base ?? defaultBase(detail.lastReviewedRevision, wantedHead),
          head: wantedHead
        },
        detail.revision,
        detail.lastReviewedRevision
      );
      const [diff, comments, viewed] = await Promise.all([
        this.client.getReviewDiff(this.id, pair),
        this.client.listComments(this.id),
        // Marks are a convenience: without them the diff is still worth showing.
        this.client.viewed(this.id, pair.head).catch(() => null)
      ]);
      const [base, head] = await Promise.all([
        this._baseNotebook(detail, diff),
        this._headOf(pair)
      ]);
      if (generation !== this._generation) {
        return;
      }
      this._me = me;
      this._detail = detail;
      this._pair = pair;
      this._diff = diff;
      this._base = base;
      this._head = head;
      this._comments = comments;
      this._viewed = viewed;
      this._error = null;
      // The view stays on this pair (a reload or another sign-in keeps it); a newer
      // revision than the head shown is offered by the banner instead.
      this._wanted = pair;
      this._newRevision = detail.revision > pair.head ? detail.revision : null;
      this._place();
    } catch (reason) {
      if (generation === this._generation) {
        this._error = errorMessage(reason);
      }
    } finally {
      if (generation === this._generation) {
        this._loading = false;
        this._changed.emit();
      }
    }
  }

  /** Compare another pair. */
  setPair(pair: { base?: BaseChoice; head?: number }): Promise<void> {
    this._wanted = { ...(this._pair ?? this._wanted), ...pair };
    this._expanded.clear();
    return this.load();
  }

  /** Open (or close again) a fold of unchanged cells. */
  toggleFold(key: string): void {
    if (this._expanded.has(key)) {
      this._expanded.delete(key);
    } else {
      this._expanded.add(key);
    }
    this._place();
    this._changed.emit();
  }

  /** Open the fold that holds a cell, so a link or a thread can scroll to it. */
  reveal(cellKey: string): void {
    const fold = this._rows.find(r => r.kind === 'fold' && r.cells.some(c => c.key === cellKey));
    if (fold) {
      this.toggleFold(fold.key);
    }
  }

  /**
   * Mark a cell of the head revision viewed (folding it) or not viewed again. The checkbox
   * follows at once; the service's answer then replaces the guess, or a refusal undoes it.
   */
  async setViewed(cellId: string, viewed: boolean): Promise<void> {
    if (!this._pair || !this._viewed) {
      return;
    }
    const revision = this._pair.head;
    const before = this._viewed;
    this._viewed = withMark(before, cellId, viewed);
    this._changed.emit();
    try {
      const answer = viewed
        ? await this.client.markViewed(this.id, revision, [cellId])
        : await this.client.unmarkViewed(this.id, cellId, revision);
      // A later pair may have loaded meanwhile; its marks are its own.
      if (this._pair?.head === answer.revision) {
        this._viewed = answer;
      }
    } catch (reason) {
      if (this._viewed?.revision === before.revision) {
        this._viewed = before;
      }
      throw reason;
    } finally {
      this._changed.emit();
    }
  }

  async comment(input: {
    cellId: string;
    revision: number;
    lines?: { start: number; end: number };
    body: string;
  }): Promise<void> {
    await this.client.createComment(this.id, {
      revision: input.revision,
      cellId: input.cellId,
      body: input.body,
      ...(input.lines ? { lineStart: input.lines.start, lineEnd: input.lines.end } : {})
    });
    await this.refreshComments();
  }

  async reply(root: ReviewComment, body: string): Promise<void> {
    await this.client.createComment(this.id, {
      revision: root.revision,
      cellId: root.cellId,
      parentId: root.id,
      body
    });
    await this.refreshComments();
  }

  async resolve(root: ReviewComment, resolved: boolean): Promise<void> {
    await this.client.resolveComment(this.id, root.id, resolved);
    await this.refreshComments();
  }

  async review(verdict: Verdict, body: string): Promise<void> {
    const detail = await this.client.createReview(this.id, {
      verdict,
      ...(body.trim() ? { body: body.trim() } : {}),
      ...(this._pair ? { revision: this._pair.head } : {})
    });
    this._detail = { ...this._detail, ...detail };
    this._changed.emit();
  }

  /** Merge the approved request into its environment (the author's last step). */
  async promote(): Promise<PromotionDetail> {
    const detail = await this.client.promote(this.id);
    this._detail = { ...this._detail, ...detail };
    this._changed.emit();
    // What the environment runs changed: "production" now means this request's revision.
    await this.load();
    return detail;
  }

  async refreshComments(): Promise<void> {
    this._comments = await this.client.listComments(this.id);
    this._place();
    this._changed.emit();
  }

  /** Something happened to a request: if ours, take in new states, comments and revisions. */
  async onEvent(event: PromotionEvent): Promise<void> {
    if (event.requestId !== this.id || !this._detail || !this._pair) {
      return;
    }
    const [detail, comments] = await Promise.all([
      this.client.getPromotion(this.id),
      this.client.listComments(this.id)
    ]);
    const promotedNow = detail.state === 'promoted' && this._detail.state !== 'promoted';
    this._detail = detail;
    this._comments = comments;
    this._newRevision = detail.revision > this._pair.head ? detail.revision : null;
    this._place();
    this._changed.emit();
    if (promotedNow && this._pair.base === 'production') {
      // Promoted elsewhere: what "production" is changed under the diff shown.
      await this.load();
    }
  }

  /** Show the newest revision (the banner's button). */
  showLatest(): Promise<void> {
    return this.setPair({ head: this._detail?.revision ?? this._pair?.head });
  }

  private _place(): void {
    if (!this._diff || !this._pair) {
      return;
    }
    const pair = {
      base: this._diff.base.revision,
      head: this._diff.head.revision ?? this._pair.head
    };
    this._threads = placeThreads(groupThreads(this._comments), this._diff.notebook, pair);
    const pinned = new Set(this._threads.flatMap(t => (t.cellKey ? [t.cellKey] : [])));
    this._rows = buildRows(this._diff.notebook, { expanded: this._expanded, pinned });
  }

  private _headOf(pair: Pair): Promise<NotebookJSON> {
    return this.client.getNotebook(this.id, pair.head);
  }

  /**
   * The base notebook: a revision of this request, or what the environment runs now (the
   * notebook of the request that promoted it, found in the catalog). Null when there is none
   * or it cannot be read; the panel then shows the base side from the diff alone.
   */
  private async _baseNotebook(
    detail: PromotionDetail,
    diff: ReviewDiff
  ): Promise<NotebookJSON | null> {
    try {
      if (diff.base.revision !== undefined) {
        return await this.client.getNotebook(this.id, diff.base.revision);
      }
      if (diff.base.notebookSha256 === null) {
        return null;
      }
      const entry = (await this.client.catalog()).find(
        e => e.project === detail.project && e.algorithm === detail.algorithm
      );
      const current = entry?.environments[detail.environment];
      return current ? await this.client.getNotebook(current.requestId) : null;
    } catch {
      return null;
    }
  }

  private _wanted: Partial<Pair>;
  private _generation = 0;
  private _me: Identity | null = null;
  private _detail: PromotionDetail | null = null;
  private _pair: Pair | null = null;
  private _diff: ReviewDiff | null = null;
  private _base: NotebookJSON | null = null;
  private _head: NotebookJSON | null = null;
  private _comments: ReviewComment[] = [];
  private _viewed: ViewedCells | null = null;
  private _threads: ThreadPlacement<ReviewComment>[] = [];
  private _rows: ReviewRow[] = [];
  private _error: string | null = null;
  private _loading = false;
  private _newRevision: number | null = null;
  private readonly _expanded = new Set<string>();
  private readonly _changed = new Signal<this, void>(this);
}
