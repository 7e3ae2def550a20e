/** A map that keeps only its `limit` most recently used entries (an LRU cache). */
export class RecentMap<V> {
  constructor(private readonly _limit: number) {}

  get(key: string): V | undefined {
    const value = this._map.get(key);
    if (value !== undefined) {
      // Move it to the end: the newest in insertion order.
      this._map.delete(key);
      this._map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this._map.delete(key);
    this._map.set(key, value);
    while (this._map.size > this._limit) {
      this._map.delete(this._map.keys().next().value as string);
    }
  }

  delete(key: string): void {
    this._map.delete(key);
  }

  private readonly _map = new Map<string, V>();
}
