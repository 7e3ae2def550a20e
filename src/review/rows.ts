import type { CellDiff, NotebookDiff } from '../client/reviewDiff';

/**
 * The review panel's list: one row per cell worth reading, and one fold row per run of
 * unchanged cells ("12 unchanged cells", opened on a click). Pure data; views render it.
 */

/** One cell of the diff with where it stands in the diff's cell list. */
export interface CellRow {
  kind: 'cell';
  key: string;
  /** Index in `NotebookDiff.cells`. */
  position: number;
  cell: CellDiff;
  /** False for an unchanged cell shown because its fold is open or it is pinned. */
  changed: boolean;
}

/** A run of unchanged cells shown as one line. */
export interface FoldRow {
  kind: 'fold';
  /** Stable while the diff stays the same: built from the run's first cell. */
  key: string;
  cells: CellRow[];
}

export type ReviewRow = CellRow | FoldRow;

export interface BuildRowsOptions {
  /** Keys of the folds the reader opened. */
  expanded?: ReadonlySet<string>;
  /** Cell keys always shown (a cell with a thread, the cell a link jumped to). */
  pinned?: ReadonlySet<string>;
  /** Shortest run of unchanged cells that folds (default 1: a reviewer reads changes only). */
  minFold?: number;
}

/**
 * A key for a cell that survives reloads of the same pair: its id on the side it lives on,
 * with the position as a fallback for notebooks older than nbformat 4.5 (no cell ids).
 */
export function cellKey(cell: CellDiff, position: number): string {
  if (cell.status === 'removed') {
    return cell.baseId ? `base:${cell.baseId}` : `pos:${position}`;
  }
  const id = cell.headId ?? cell.baseId;
  return id ? `cell:${id}` : `pos:${position}`;
}

/** Whether a cell differs in anything a reviewer reads: source, outputs, metadata, tags. */
export function hasChanges(cell: CellDiff): boolean {
  if (cell.status !== 'unchanged') {
    return true;
  }
  return (
    cell.source.changed ||
    cell.outputs.some(o => o.op !== 'unchanged') ||
    cell.metadata.length > 0 ||
    cell.attachments.length > 0 ||
    (cell.tags !== undefined && cell.tags.added.length + cell.tags.removed.length > 0)
  );
}

/** Rows for a notebook diff: changed cells open, runs of unchanged cells folded. */
export function buildRows(diff: NotebookDiff, options: BuildRowsOptions = {}): ReviewRow[] {
  const expanded = options.expanded ?? new Set<string>();
  const pinned = options.pinned ?? new Set<string>();
  const minFold = Math.max(1, options.minFold ?? 1);
  const rows: ReviewRow[] = [];
  let run: CellRow[] = [];

  const flush = () => {
    if (run.length === 0) {
      return;
    }
    const key = `fold:${run[0].key}`;
    if (run.length < minFold || expanded.has(key)) {
      rows.push(...run);
    } else {
      rows.push({ kind: 'fold', key, cells: run });
    }
    run = [];
  };

  diff.cells.forEach((cell, position) => {
    const key = cellKey(cell, position);
    const changed = hasChanges(cell);
    const row: CellRow = { kind: 'cell', key, position, cell, changed };
    if (changed || pinned.has(key)) {
      flush();
      rows.push(row);
    } else {
      run.push(row);
    }
  });
  flush();
  return rows;
}

/** The row that shows a cell: the cell's own row, or the fold that holds it. */
export function rowOfCell(rows: readonly ReviewRow[], key: string): ReviewRow | undefined {
  return rows.find(r => (r.kind === 'cell' ? r.key === key : r.cells.some(c => c.key === key)));
}

/** The key of the cell whose id (on either side) is `cellId`, head side first. */
export function keyOfCellId(diff: NotebookDiff, cellId: string): string | undefined {
  let position = diff.cells.findIndex(c => c.headId === cellId && c.status !== 'removed');
  if (position < 0) {
    position = diff.cells.findIndex(c => c.baseId === cellId);
  }
  return position < 0 ? undefined : cellKey(diff.cells[position], position);
}

/** The cell's step, with its rename when the step changed between base and head. */
export function stepLabel(cell: CellDiff): string | null {
  const { baseStep, headStep } = cell;
  if (cell.status === 'removed') {
    return baseStep ?? null;
  }
  if (cell.status === 'added' || baseStep === headStep || baseStep === undefined) {
    return headStep ?? null;
  }
  return headStep === undefined ? `${baseStep} → (none)` : `${baseStep} → ${headStep}`;
}
