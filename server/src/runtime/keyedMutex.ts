import { SerialQueue } from '../git/serialQueue';

/** One serial queue per key (a request id): writes to one request never interleave in-process. */
export class KeyedMutex {
  run<T>(key: string | number, task: () => Promise<T>): Promise<T> {
    let entry = this._queues.get(key);
    if (!entry) {
      entry = { queue: new SerialQueue(), users: 0 };
      this._queues.set(key, entry);
    }
    entry.users += 1;
    const held = entry;
    return held.queue.run(task).finally(() => {
      held.users -= 1;
      if (held.users === 0) this._queues.delete(key);
    });
  }

  private readonly _queues = new Map<string | number, { queue: SerialQueue; users: number }>();
}
