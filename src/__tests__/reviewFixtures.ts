import type { CellDiff, CellStatus, NotebookDiff } from '../client/reviewDiff';

/** A cell of a notebook diff with only what a test names; the rest unchanged. */
export function cell(status: CellStatus, id: string, extra: Partial<CellDiff> = {}): CellDiff {
  return {
    status,
    cellType: 'code',
    baseId: status === 'added' ? undefined : id,
    headId: status === 'removed' ? undefined : id,
    edited: false,
    source: { changed: status !== 'unchanged' && status !== 'moved', hunks: [] },
    outputs: [],
    metadata: [],
    attachments: [],
    coarse: [],
    ...extra
  };
}

export function notebookDiff(cells: CellDiff[]): NotebookDiff {
  const counts = { unchanged: 0, added: 0, removed: 0, modified: 0, moved: 0 };
  for (const c of cells) {
    counts[c.status]++;
  }
  return {
    identical: cells.every(c => c.status === 'unchanged'),
    cells,
    metadata: [],
    counts,
    coarse: [],
    options: {}
  };
}
