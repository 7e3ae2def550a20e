/**
 * One load per key at a time: callers asking for a key while its load runs share that load's
 * answer (or failure). When a cached answer expires under load, the reads then cost one
 * database query instead of one per waiting request, which kept the tail latency of hot
 * reads at the mercy of the connection pool.
 */
export class SingleFlight<T> {
  run(key: string, load: () => Promise<T>): Promise<T> {
    const running = this._running.get(key);
    if (running) return running;
    const started = load().finally(() => this._running.delete(key));
    this._running.set(key, started);
    return started;
  }

  /** Loads under way (tests, metrics). */
  get size(): number {
    return this._running.size;
  }

  private readonly _running = new Map<string, Promise<T>>();
}
