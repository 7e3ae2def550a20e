import type { CellDiff, NotebookDiff } from '../client/reviewDiff';
import type { ViewedCells } from '../client/types';
import { hasChanges } from './rows';

/**
 * The reader's "viewed" marks, as GitHub has for files: per cell of the head revision. The
 * service already unviews a cell that changed since it was marked; this only reads its answer.
 */

/** The cell ids marked viewed in the answer (empty when there is none). */
export function viewedIds(viewed: ViewedCells | null): ReadonlySet<string> {
  return new Set((viewed?.cells ?? []).map(c => c.cellId));
}

/** The id a cell is marked by: its id in the head revision; none for a removed cell. */
export function markableId(cell: CellDiff): string | null {
  return cell.status === 'removed' ? null : (cell.headId ?? null);
}

/** "N of M changed cells viewed": the changed cells of the head that can carry a mark. */
export function viewedProgress(
  diff: NotebookDiff,
  ids: ReadonlySet<string>
): { viewed: number; total: number } {
  let viewed = 0;
  let total = 0;
  for (const cell of diff.cells) {
    const id = markableId(cell);
    if (id === null || !hasChanges(cell)) {
      continue;
    }
    total += 1;
    if (ids.has(id)) {
      viewed += 1;
    }
  }
  return { viewed, total };
}

/** The marks with `cellId` marked or cleared, as the reader expects before the service answers. */
export function withMark(viewed: ViewedCells, cellId: string, marked: boolean): ViewedCells {
  const cells = viewed.cells.filter(c => c.cellId !== cellId);
  if (marked) {
    cells.push({ cellId, revision: viewed.revision, markedAt: new Date().toISOString() });
  }
  return { ...viewed, cells };
}
