/**
 * "Viewed" marks: a reviewer marks a cell of a revision as viewed; the mark still counts in
 * another revision only while the cell's source is the same in every revision in between.
 * A cell that changes later is unviewed again, as review tools do for changed files.
 */
import { InputError } from '../errors';
import type { CellHashes } from './comments';

export interface ViewedMark {
  cellId: string;
  /** The revision the cell was marked viewed in. */
  revision: number;
  markedAt: string;
}

/** The pattern of nbformat 4.5 cell ids (and of generated ones). */
export const CELL_ID_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Whether `cellId` has the same source in every known revision from `a` to `b`. */
export function unchangedBetween(
  cellId: string,
  a: number,
  b: number,
  hashesByRevision: ReadonlyMap<number, CellHashes>
): boolean {
  const [from, to] = a <= b ? [a, b] : [b, a];
  let hash: string | undefined;
  for (const [revision, hashes] of hashesByRevision) {
    if (revision < from || revision > to) continue;
    const h = hashes.get(cellId);
    if (h === undefined || (hash !== undefined && h !== hash)) return false;
    hash = h;
  }
  return hash !== undefined;
}

/** The marks that count in `revision`: per cell, the latest such mark, in cell-id order. */
export function viewedIn(
  marks: readonly ViewedMark[],
  revision: number,
  hashesByRevision: ReadonlyMap<number, CellHashes>
): ViewedMark[] {
  const byCell = new Map<string, ViewedMark>();
  for (const m of marks) {
    if (!unchangedBetween(m.cellId, m.revision, revision, hashesByRevision)) continue;
    const kept = byCell.get(m.cellId);
    if (!kept || m.revision > kept.revision) byCell.set(m.cellId, m);
  }
  return [...byCell.values()].sort((x, y) => x.cellId.localeCompare(y.cellId));
}

/** Refuses marks on a revision the request lacks or on cells that revision does not have. */
export function assertMarkable(
  revision: number,
  cellIds: readonly string[],
  hashesByRevision: ReadonlyMap<number, CellHashes>
): void {
  const hashes = hashesByRevision.get(revision);
  if (!hashes) {
    throw new InputError(`Revision ${revision} does not exist on this request.`, {
      field: 'revision'
    });
  }
  cellIds.forEach((cellId, i) => {
    if (!hashes.has(cellId)) {
      throw new InputError(`Cell ${cellId} is not in revision ${revision}.`, {
        field: `cellIds/${i}`,
        cellId,
        revision
      });
    }
  });
}

/** The marks to delete so that `cellId` no longer counts as viewed in `revision`. */
export function marksToClear(
  marks: readonly ViewedMark[],
  cellId: string,
  revision: number,
  hashesByRevision: ReadonlyMap<number, CellHashes>
): ViewedMark[] {
  return marks.filter(
    m => m.cellId === cellId && unchangedBetween(cellId, m.revision, revision, hashesByRevision)
  );
}
