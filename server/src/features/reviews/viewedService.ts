import { assertMarkable, marksToClear, viewedIn, type Actor, type ViewedMark } from '../../domain';
import { InputError, NotFoundError } from '../../errors';
import type { Stores } from '../../store';

/** GET/PUT/DELETE /promotions/:id/viewed: the caller's viewed cells in one revision. */
export interface ViewedCells {
  revision: number;
  cells: ViewedMark[];
}

/** Each reviewer's own "viewed" marks; a cell changed in a later revision is unviewed there. */
export class ViewedService {
  constructor(
    private readonly _stores: Stores,
    private readonly _now: () => Date = () => new Date()
  ) {}

  /** The cells `actor` viewed as of `revision` (default: the latest). */
  async list(actor: Actor, requestId: number, revision?: number): Promise<ViewedCells> {
    const hashes = await this._hashes(requestId);
    const at = this._revision(requestId, hashes, revision);
    const marks = await this._stores.viewed.list(requestId, actor.id);
    return { revision: at, cells: viewedIn(marks, at, hashes) };
  }

  async mark(
    actor: Actor,
    requestId: number,
    input: { revision: number; cellIds: string[] }
  ): Promise<ViewedCells> {
    const hashes = await this._hashes(requestId);
    assertMarkable(input.revision, input.cellIds, hashes);
    const at = this._now().toISOString();
    await this._stores.viewed.mark(requestId, actor.id, input.revision, input.cellIds, at);
    return this.list(actor, requestId, input.revision);
  }

  /** Clears the marks that make `cellId` viewed in `revision` (default: the latest). */
  async unmark(
    actor: Actor,
    requestId: number,
    cellId: string,
    revision?: number
  ): Promise<ViewedCells> {
    const hashes = await this._hashes(requestId);
    const at = this._revision(requestId, hashes, revision);
    await this._stores.transaction(async tx => {
      const marks = await tx.viewed.list(requestId, actor.id);
      await tx.viewed.remove(requestId, actor.id, marksToClear(marks, cellId, at, hashes));
    });
    return this.list(actor, requestId, at);
  }

  private async _hashes(requestId: number) {
    await this._stores.views.summary(requestId); // 404 for unknown requests
    return this._stores.views.cellHashes(requestId);
  }

  private _revision(
    requestId: number,
    hashes: ReadonlyMap<number, unknown>,
    revision: number | undefined
  ): number {
    if (revision === undefined) {
      const latest = Math.max(0, ...hashes.keys());
      if (latest === 0) throw new InputError(`Request ${requestId} has no revision yet.`);
      return latest;
    }
    if (!hashes.has(revision)) {
      throw new NotFoundError(`Promotion request ${requestId} has no revision ${revision}.`, {
        id: requestId,
        revision
      });
    }
    return revision;
  }
}
