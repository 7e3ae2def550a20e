import type { CellInfo } from './cellInfo';

function commonSorted(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i] < b[j]) {
      i++;
    } else {
      j++;
    }
  }
  return n;
}

/**
 * How alike two cells' sources are, 0..1: the larger of the share of lines and the share
 * of words and symbols they have in common (both linear, from sorted ids). Below
 * `threshold` the exact figure does not matter, which lets the length bound answer first.
 */
export function similarity(x: CellInfo, y: CellInfo, threshold: number): number {
  if (x.type !== y.type) {
    return 0;
  }
  const a = x.norm;
  const b = y.norm;
  if (a === b) {
    return 1;
  }
  if (a.trim() === '' || b.trim() === '') {
    return 0;
  }
  // Very short sources differ in a word at most: nbdime also counts them as alike.
  if (a.length <= 10 && b.length <= 10) {
    return threshold;
  }
  const la = x.lines.length;
  const lb = y.lines.length;
  const lineScore = la + lb > 0 ? (2 * commonSorted(x.lines, y.lines)) / (la + lb) : 0;
  const ta = x.tokens.length;
  const tb = y.tokens.length;
  // Word counts bound the word score: skip the merge when it cannot matter.
  const upper = ta + tb === 0 ? 0 : (2 * Math.min(ta, tb)) / (ta + tb);
  if (upper < threshold || upper <= lineScore) {
    return lineScore;
  }
  const tokenScore = (2 * commonSorted(x.tokens, y.tokens)) / (ta + tb);
  return Math.max(lineScore, tokenScore);
}
