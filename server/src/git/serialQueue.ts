/**
 * Runs async tasks one at a time, in order. One per repository: writes in one process never
 * interleave, so compare-and-swap retries are only needed against other processes.
 */
export class SerialQueue {
  /** Runs `task` after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this._tail.then(task);
    // The chain must survive a failed task; the caller still sees the failure.
    this._tail = result.then(
      () => undefined,
      () => undefined
    );
    return result;
  }

  private _tail: Promise<void> = Promise.resolve();
}
