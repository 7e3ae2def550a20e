/**
 * At most `limit` notebook submissions (analysis, bundle, commit) are worked on at once; the
 * others wait in arrival order. Under a burst, sharing the CPU among every request makes all
 * of them finish late; taking them a few at a time finishes the early ones early for the
 * same total work, and bounds the memory notebooks in progress hold.
 */
export class Admission {
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be >= 1');
  }

  /** Runs `task` once fewer than `limit` tasks are running and every earlier arrival started. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this._running < this.limit) this._running += 1;
    else await new Promise<void>(resolve => this._waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next arrival, so a newcomer cannot jump the line.
      const next = this._waiting.shift();
      if (next) next();
      else this._running -= 1;
    }
  }

  /** Tasks waiting for a slot (diagnostics). */
  get waiting(): number {
    return this._waiting.length;
  }

  private _running = 0;
  private readonly _waiting: (() => void)[] = [];
}
