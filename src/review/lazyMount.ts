/**
 * One IntersectionObserver per review panel: a cell's editors and outputs are built the first
 * time its row comes near the viewport, so a 300-cell pair paints with only a screenful built.
 * Cells that come near together (a fast wheel scroll brings several) are built one per frame,
 * not all in one task: each build (a merge view, rendered outputs) stays a short task and the
 * scroll keeps moving.
 */
export class LazyMount {
  constructor(root: HTMLElement | null, margin = '400px') {
    this._observer =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver(entries => this._seen(entries), {
            root,
            rootMargin: `${margin} 0px`
          });
  }

  /** Call `onVisible` once, when `node` first comes near the viewport; returns a canceller. */
  observe(node: Element, onVisible: () => void): () => void {
    if (!this._observer) {
      onVisible();
      return () => undefined;
    }
    this._callbacks.set(node, onVisible);
    this._observer.observe(node);
    return () => {
      this._callbacks.delete(node);
      this._queue.delete(node);
      this._observer?.unobserve(node);
    };
  }

  /**
   * Run `build` in a coming frame, one build per frame with the cells coming into view (an
   * editor rebuilt for another layout waits its turn too); returns a canceller.
   */
  later(build: () => void): () => void {
    const key = {};
    this._queue.set(key, build);
    this._schedule();
    return () => {
      this._queue.delete(key);
    };
  }

  dispose(): void {
    this._observer?.disconnect();
    this._callbacks.clear();
    this._queue.clear();
    if (this._frame !== null) {
      cancelAnimationFrame(this._frame);
      this._frame = null;
    }
  }

  private _seen(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) {
        continue;
      }
      const callback = this._callbacks.get(entry.target);
      this._callbacks.delete(entry.target);
      this._observer?.unobserve(entry.target);
      if (callback) {
        this._queue.set(entry.target, callback);
      }
    }
    this._schedule();
  }

  /** Build the next queued cell in the next frame, until none is left. */
  private _schedule(): void {
    if (this._frame !== null || this._queue.size === 0) {
      return;
    }
    this._frame = requestAnimationFrame(() => {
      this._frame = null;
      const next = this._queue.entries().next();
      if (!next.done) {
        const [node, callback] = next.value;
        this._queue.delete(node);
        callback();
      }
      this._schedule();
    });
  }

  private readonly _observer: IntersectionObserver | null;
  private readonly _callbacks = new Map<Element, () => void>();
  /** Cells near the viewport and editors waiting to be built, in the order they asked. */
  private readonly _queue = new Map<object, () => void>();
  private _frame: number | null = null;
}
