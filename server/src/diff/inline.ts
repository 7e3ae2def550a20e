import type { InlineRange } from './types';
import { matchSequences } from './sequence';
import { SpanIds } from './spanIds';
import { tokenEnd } from './words';

export interface LineRanges {
  base: InlineRange[];
  head: InlineRange[];
  coarse: boolean;
}

/** Longest changed middle searched token by token; longer ones are marked whole. */
const MAX_MIDDLE = 2000;

/**
 * Token ids and starts of one side, kept between calls: changed ranges are found for every
 * changed line pair, and their arrays were most of what that allocated. Never re-entered.
 */
class TokenRow {
  ids = new Int32Array(MAX_MIDDLE);
  /** One more entry than there are tokens: the end of the last. */
  starts = new Int32Array(MAX_MIDDLE + 1);
  n = 0;

  fill(s: string, from: number, to: number, names: SpanIds): void {
    let n = 0;
    for (let i = from; i < to; n++) {
      const end = tokenEnd(s, i, to);
      this.ids[n] = names.id(s, i, end);
      this.starts[n] = i;
      i = end;
    }
    this.starts[n] = to;
    this.n = n;
  }
}

const rowA = new TokenRow();
const rowB = new TokenRow();
const names = new SpanIds(2 * MAX_MIDDLE);

function push(list: InlineRange[], s: number, e: number): void {
  if (e <= s) {
    return;
  }
  const last = list[list.length - 1];
  // Ranges one or two characters apart read better as one.
  if (last && s - last.end <= 2) {
    last.end = e;
  } else {
    list.push({ start: s, end: e });
  }
}

/** Everything between the common ends, changed as one range on each side. */
function whole(pre: number, aEnd: number, bEnd: number, coarse: boolean): LineRanges {
  return {
    base: aEnd > pre ? [{ start: pre, end: aEnd }] : [],
    head: bEnd > pre ? [{ start: pre, end: bEnd }] : [],
    coarse
  };
}

/** Changed character ranges of two lines: trimmed common ends, then a capped token diff. */
export function inlineRanges(a: string, b: string, maxLineChars: number): LineRanges {
  let pre = 0;
  const min = Math.min(a.length, b.length);
  while (pre < min && a.charCodeAt(pre) === b.charCodeAt(pre)) {
    pre++;
  }
  let suf = 0;
  while (suf < min - pre && a.charCodeAt(a.length - 1 - suf) === b.charCodeAt(b.length - 1 - suf)) {
    suf++;
  }
  const aEnd = a.length - suf;
  const bEnd = b.length - suf;
  if (aEnd - pre === 0 || bEnd - pre === 0) {
    return whole(pre, aEnd, bEnd, false);
  }
  if (a.length > maxLineChars || b.length > maxLineChars) {
    return whole(pre, aEnd, bEnd, true);
  }
  if (aEnd - pre > MAX_MIDDLE || bEnd - pre > MAX_MIDDLE) {
    return whole(pre, aEnd, bEnd, false);
  }
  // Words, runs of spaces and single symbols: a fraction of the characters to search, and
  // a changed number or name is marked whole.
  names.clear();
  rowA.fill(a, pre, aEnd, names);
  rowB.fill(b, pre, bEnd, names);
  if (rowA.n === 1 && rowB.n === 1) {
    // One token each, and they differ (the ends were trimmed): nothing inside to match.
    return whole(pre, aEnd, bEnd, false);
  }
  const m = matchSequences(rowA.ids.subarray(0, rowA.n), rowB.ids.subarray(0, rowB.n), 200);
  if (!m.exact) {
    return whole(pre, aEnd, bEnd, false);
  }
  const base: InlineRange[] = [];
  const head: InlineRange[] = [];
  let pa = 0;
  let pb = 0;
  for (const blk of m.blocks) {
    push(base, rowA.starts[pa], rowA.starts[blk.a]);
    push(head, rowB.starts[pb], rowB.starts[blk.b]);
    pa = blk.a + blk.n;
    pb = blk.b + blk.n;
  }
  push(base, rowA.starts[pa], rowA.starts[rowA.n]);
  push(head, rowB.starts[pb], rowB.starts[rowB.n]);
  // Copies of exact length: a pushed-to array keeps room for 16, and these are kept in the
  // diff, one pair per changed line.
  return { base: base.slice(), head: head.slice(), coarse: false };
}

function width(r: InlineRange[]): number {
  let w = 0;
  for (let i = 0; i < r.length; i++) {
    w += r[i].end - r[i].start;
  }
  return w;
}

/** Ranges help only when the lines are alike: two unrelated lines are simply replaced. */
export function worthMarking(a: string, b: string, ir: LineRanges): boolean {
  const total = a.length + b.length;
  return total === 0 || (total - width(ir.base) - width(ir.head)) / total >= 0.4;
}
