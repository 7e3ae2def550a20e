/**
 * The hottest reads (request lists as JSON text, details, each caller's answer), kept until the next
 * committed transaction in this process or for `ttlMs` at most, so another replica's writes
 * show within that time.
 */
import type { ListFilter, PromotionDetail, Stores } from '../store';
import { SingleFlight } from './singleFlight';

export class ReadCache {
  constructor(
    private readonly _stores: Stores,
    private readonly _ttlMs = 1_000,
    private readonly _max = 1_000
  ) {}

  /** `GET /promotions` as UTF-8 JSON, encoded once per load rather than once per answer. */
  list(filter: ListFilter): Buffer | Promise<Buffer> {
    const key = `list:${filter.author ?? ''}:${filter.reviewer ?? ''}:${filter.reviewedBy ?? ''}:${filter.state ?? ''}:${filter.limit}`;
    return this.remember(key, async () =>
      Buffer.from(JSON.stringify({ items: await this._stores.views.list(filter) }))
    );
  }

  /** The shared detail of request `id` (do not change it). */
  detail(id: number): PromotionDetail | Promise<PromotionDetail> {
    return this.remember(`detail:${id}`, () => this._stores.views.detail(id));
  }

  /**
   * `load()`'s value under `key`, kept as `list` and `detail` are: until the next write here,
   * or `ttlMs` at most. With `refreshAfterTtl`, a value whose time is up but that no write here
   * outdated is still answered while one load replaces it in the background: readers do not all
   * wait on that load each `ttlMs`, and another replica's write shows one load later.
   */
  remember<T>(
    key: string,
    load: () => Promise<T>,
    options: { refreshAfterTtl?: boolean } = {}
  ): T | Promise<T> {
    // A hit answers without a promise: on the hottest reads each await is a turn of the loop.
    const hit = this._cache.get(key);
    if (hit && hit.generation === this._stores.generation.value) {
      if (hit.until > Date.now()) return hit.value as T;
      if (options.refreshAfterTtl) {
        if (!this._refreshing.has(key)) {
          this._refreshing.add(key);
          hit.until = Infinity; // answered as it is until the refresh lands
          this._get(key, load, true)
            .catch(() => this._cache.delete(key))
            .finally(() => this._refreshing.delete(key));
        }
        return hit.value as T;
      }
    }
    return this._get(key, load);
  }

  private async _get<T>(key: string, load: () => Promise<T>, reload = false): Promise<T> {
    const generation = this._stores.generation.value;
    const now = Date.now();
    const hit = this._cache.get(key);
    if (!reload && hit && hit.generation === generation && hit.until > now) return hit.value as T;
    // Requests arriving while this generation's answer loads wait for that one load.
    const value = (await this._loads.run(`${generation}:${key}`, load)) as T;
    // A write committed while loading: the answer may be stale already, so keep nothing.
    if (this._stores.generation.value === generation) {
      if (this._cache.size >= this._max) this._cache.clear();
      this._cache.set(key, { generation, until: now + this._ttlMs, value });
    }
    return value;
  }

  private readonly _cache = new Map<
    string,
    { generation: number; until: number; value: unknown }
  >();
  private readonly _loads = new SingleFlight<unknown>();
  private readonly _refreshing = new Set<string>();
}
