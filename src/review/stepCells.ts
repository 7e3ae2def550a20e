import type { NotebookDiff } from '../client/reviewDiff';

/**
 * The code cells of pipeline step `step` in the compared head notebook, in order, by id: where
 * a link from a verification run's step lands. Empty when the comparison does not show the
 * step (another revision, or a step the head no longer has).
 */
export function stepCellIds(diff: NotebookDiff, step: string): string[] {
  return diff.cells.flatMap(cell =>
    cell.status !== 'removed' &&
    cell.cellType === 'code' &&
    cell.headStep === step &&
    cell.headId !== undefined
      ? [cell.headId]
      : []
  );
}
