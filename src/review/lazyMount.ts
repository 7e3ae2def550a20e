/** What a cell asks of the panel's LazyMount. */
export interface LazyCell {
  /** The cell came near the viewport: build its editors and outputs. */
  near(): void;
  /**
   * The cell went far out of sight: take its editors and outputs down. Returns false when the
   * cell keeps them (the reader picked lines or is writing in it).
   */
  far?(): boolean;
}

/**
 * One pair of IntersectionObservers per review panel. A cell's editors and outputs are built
 * when its row comes near the viewport, so a 300-cell pair paints with only a screenful built,
 * and taken down again when it goes far out of sight, so a scroll to the end leaves a few
 * screens of editors in the page, not hundreds: every CodeMirror editor listens to the panel's
 * scroll and reads its own layout on each event. Cells that come near together (a fast wheel
 * scroll brings several) are built one per frame, not all in one task: each build (a merge
 * view, rendered outputs) stays a short task and the scroll keeps moving.
 */
export class LazyMount {
  constructor(root: HTMLElement | null, margin = '400px', farMargin = '2400px') {
    const supported = typeof IntersectionObserver !== 'undefined';
    this._near = supported
      ? new IntersectionObserver(entries => this._seen(entries), {
          root,
          rootMargin: `${margin} 0px`
        })
      : null;
    this._far = supported
      ? new IntersectionObserver(entries => this._left(entries), {
          root,
          rootMargin: `${farMargin} 0px`
        })
      : null;
  }

  /**
   * Call `cell.near` when `node` comes near the viewport and, if given, `cell.far` when it goes
   * far out of sight (then `near` again when it comes back); returns a canceller.
   */
  observe(node: Element, cell: LazyCell | (() => void)): () => void {
    const callbacks = typeof cell === 'function' ? { near: cell } : cell;
    if (!this._near || !this._far) {
      callbacks.near();
      return () => undefined;
    }
    this._cells.set(node, { ...callbacks, state: 'idle' });
    this._near.observe(node);
    if (callbacks.far) {
      this._far.observe(node);
    }
    return () => {
      this._cells.delete(node);
      this._queue.delete(node);
      this._near?.unobserve(node);
      this._far?.unobserve(node);
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
    this._near?.disconnect();
    this._far?.disconnect();
    this._cells.clear();
    this._queue.clear();
    if (this._frame !== null) {
      cancelAnimationFrame(this._frame);
      this._frame = null;
    }
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _seen(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const cell = this._cells.get(entry.target);
      if (!entry.isIntersecting || !cell || cell.state !== 'idle') {
        continue;
      }
      if (!cell.far) {
        // Built once and kept: nothing more to watch.
        this._cells.delete(entry.target);
        this._near?.unobserve(entry.target);
      }
      cell.state = 'queued';
      this._queue.set(entry.target, () => {
        cell.state = 'shown';
        cell.near();
      });
    }
    this._schedule();
  }

  private _left(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const cell = this._cells.get(entry.target);
      if (entry.isIntersecting || !cell?.far) {
        continue;
      }
      if (cell.state === 'queued') {
        this._queue.delete(entry.target);
        cell.state = 'idle';
      } else if (cell.state === 'shown' && cell.far()) {
        cell.state = 'idle';
      }
    }
  }

  /**
   * Build the next queued cell once the next frame is drawn, until none is left. After the
   * frame, not in it: the page's layout is then clean, so what a build reads of it (CodeMirror
   * reads `document.fonts.ready`, which brings style and layout up to date) costs nothing, where
   * inside the frame it would lay out what the frame's other callbacks just wrote.
   */
  private _schedule(): void {
    if (this._frame !== null || this._queue.size === 0) {
      return;
    }
    this._frame = requestAnimationFrame(() => {
      this._timer = setTimeout(() => {
        this._frame = null;
        this._timer = null;
        const next = this._queue.entries().next();
        if (!next.done) {
          const [node, callback] = next.value;
          this._queue.delete(node);
          callback();
        }
        this._schedule();
      }, 0);
    });
  }

  private readonly _near: IntersectionObserver | null;
  private readonly _far: IntersectionObserver | null;
  private readonly _cells = new Map<Element, LazyCell & { state: 'idle' | 'queued' | 'shown' }>();
  /** Cells near the viewport and editors waiting to be built, in the order they asked. */
  private readonly _queue = new Map<object, () => void>();
  private _frame: number | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
}
