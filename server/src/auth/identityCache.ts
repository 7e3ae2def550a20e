import { createHash } from 'node:crypto';

/**
 * Answers of an identity provider, kept by the sha256 of the credential (the credential itself
 * is never kept) for at most `ttlMs`. Bounded: when full, the oldest entry goes first.
 */
export class IdentityCache<T> {
  constructor(
    private readonly _ttlMs: number,
    private readonly _max = 10_000,
    private readonly _now: () => number = Date.now
  ) {}

  static key(...parts: string[]): string {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part, 'utf8').update('\0');
    return hash.digest('hex');
  }

  get(key: string): T | undefined {
    const hit = this._entries.get(key);
    if (!hit) return undefined;
    if (hit.until <= this._now()) {
      this._entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: T): void {
    if (this._ttlMs <= 0) return;
    this._entries.delete(key);
    while (this._entries.size >= this._max) {
      const oldest = this._entries.keys().next().value as string;
      this._entries.delete(oldest);
    }
    this._entries.set(key, { value, until: this._now() + this._ttlMs });
  }

  /** Loads under way per key, so a burst of requests with one token asks the provider once. */
  async load(key: string, fetch: () => Promise<T>): Promise<T> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const running = this._running.get(key);
    if (running) return running;
    const started = fetch()
      .then(value => {
        this.set(key, value);
        return value;
      })
      .finally(() => this._running.delete(key));
    this._running.set(key, started);
    return started;
  }

  get size(): number {
    return this._entries.size;
  }

  private readonly _entries = new Map<string, { value: T; until: number }>();
  private readonly _running = new Map<string, Promise<T>>();
}
