/**
 * One IntersectionObserver per review panel: a cell's editors and outputs are built the first
 * time its row comes near the viewport, so a 300-cell pair paints with only a screenful built.
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
      this._observer?.unobserve(node);
    };
  }

  dispose(): void {
    this._observer?.disconnect();
    this._callbacks.clear();
  }

  private _seen(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) {
        continue;
      }
      const callback = this._callbacks.get(entry.target);
      this._callbacks.delete(entry.target);
      this._observer?.unobserve(entry.target);
      callback?.();
    }
  }

  private readonly _observer: IntersectionObserver | null;
  private readonly _callbacks = new Map<Element, () => void>();
}
