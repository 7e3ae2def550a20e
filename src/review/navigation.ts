import type { ReviewRow } from './rows';

/**
 * `n` / `p` in the review panel: the next or previous changed cell from where the reader is.
 * Pure: the view says which cell is current (the last one moved to, or the one in view).
 */

/** Keys of the changed cells, in the panel's order. */
export function changeKeys(rows: readonly ReviewRow[]): string[] {
  const keys: string[] = [];
  for (const row of rows) {
    if (row.kind === 'cell' && row.changed) {
      keys.push(row.key);
    }
  }
  return keys;
}

/**
 * The change after (`step` 1) or before (`step` -1) the cell `current`. From no current cell
 * (or one that is not a change) it starts at the first or last change after the cell's row.
 * Null when there is no change that way: the reader is at the end, not sent round again.
 */
export function stepChange(
  rows: readonly ReviewRow[],
  current: string | null,
  step: 1 | -1
): string | null {
  const keys = changeKeys(rows);
  if (keys.length === 0) {
    return null;
  }
  if (current === null) {
    return step === 1 ? keys[0] : null;
  }
  const at = keys.indexOf(current);
  if (at >= 0) {
    return keys[at + step] ?? null;
  }
  // The current cell is not a change (an unchanged cell in an open fold): go by row order.
  const order = rows.flatMap(r => (r.kind === 'cell' ? [r.key] : r.cells.map(c => c.key)));
  const here = order.indexOf(current);
  if (here < 0) {
    return step === 1 ? keys[0] : null;
  }
  const after = (key: string) => order.indexOf(key) > here;
  if (step === 1) {
    return keys.find(after) ?? null;
  }
  const before = keys.filter(k => !after(k) && k !== current);
  return before.length > 0 ? before[before.length - 1] : null;
}
