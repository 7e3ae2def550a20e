/** The request events a reconnecting stream missed, read back from the audit trail. */
import type { Stores } from '../../store';
import { toEvent, type PromotionEvent } from './eventBus';

export class EventReplay {
  constructor(private readonly _stores: Stores) {}

  /** Applied request events after audit id `lastId`, oldest first, at most `limit` records. */
  async since(lastId: number, limit: number): Promise<{ event: PromotionEvent; id?: number }[]> {
    return (await this._stores.audit.appliedSince(lastId, limit)).flatMap(toEvent);
  }
}
