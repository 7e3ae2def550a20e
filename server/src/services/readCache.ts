/**
 * Serialized answers of the hottest reads (request lists and details), kept until the next
 * committed transaction in this process or for `ttlMs` at most, so another replica's writes
 * show within that time.
 */
import type { ListFilter, Stores } from '../store';
import { SingleFlight } from './singleFlight';

export class ReadCache {
  constructor(
    private readonly _stores: Stores,
    private readonly _ttlMs = 1_000,
    private readonly _max = 1_000
  ) {}

  /** `GET /promotions` as JSON text. */
  list(filter: ListFilter): Promise<string> {
    const key = `list:${filter.author ?? ''}:${filter.reviewer ?? ''}:${filter.state ?? ''}:${filter.limit}`;
    return this._get(key, async () =>
      JSON.stringify({ items: await this._stores.views.list(filter) })
    );
  }

  /** `GET /promotions/:id` as JSON text. */
  detail(id: number): Promise<string> {
    return this._get(`detail:${id}`, async () =>
      JSON.stringify(await this._stores.views.detail(id))
    );
  }

  private async _get(key: string, load: () => Promise<string>): Promise<string> {
    const generation = this._stores.generation.value;
    const now = Date.now();
    const hit = this._cache.get(key);
    if (hit && hit.generation === generation && hit.until > now) return hit.json;
    // Requests arriving while this generation's answer loads wait for that one load.
    const json = await this._loads.run(`${generation}:${key}`, load);
    // A write committed while loading: the answer may be stale already, so keep nothing.
    if (this._stores.generation.value === generation) {
      if (this._cache.size >= this._max) this._cache.clear();
      this._cache.set(key, { generation, until: now + this._ttlMs, json });
    }
    return json;
  }

  private readonly _cache = new Map<string, { generation: number; until: number; json: string }>();
  private readonly _loads = new SingleFlight<string>();
}
