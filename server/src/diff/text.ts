import type { Coarse, DiffLine, Hunk, TextDiff } from './types';
import { DiffContext, outOfTime, tooLarge } from './context';
import { Lines } from './lines';
import { SpanIds } from './spanIds';
import { Block, Interner, matchSequences, type Matching } from './sequence';
import { inlineRanges, worthMarking, type LineRanges } from './inline';

export const UNCHANGED: TextDiff = Object.freeze({ changed: false, hunks: [] }) as TextDiff;

export function normalizeWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** nbformat multiline strings are a string or a list of strings. */
export function joinText(v: unknown): string {
  if (typeof v === 'string') {
    return v;
  }
  if (Array.isArray(v)) {
    return v.join('');
  }
  return '';
}

interface Region {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

function regionsOf(blocks: Block[], na: number, nb: number): Region[] {
  const out: Region[] = [];
  let pa = 0;
  let pb = 0;
  for (const blk of [...blocks, { a: na, b: nb, n: 0 }]) {
    if (blk.a > pa || blk.b > pb) {
      out.push({ a0: pa, a1: blk.a, b0: pb, b1: blk.b });
    }
    pa = blk.a + blk.n;
    pb = blk.b + blk.n;
  }
  return out;
}

const KEPT_LINE_IDS = 1 << 16;
let lineIds = new SpanIds();

/**
 * Equal lines of two texts. The common first and last lines are compared in place and
 * only the lines between them are interned and matched: the same blocks as matching every
 * line, without a string per line of a large, mostly unchanged output.
 */
function matchLines(la: Lines, lb: Lines, ws: boolean, maxEdits: number): Matching {
  const na = la.length;
  const nb = lb.length;
  let pre = 0;
  let suf = 0;
  if (!ws) {
    while (pre < na && pre < nb && la.same(pre, lb, pre)) {
      pre++;
    }
    while (suf < na - pre && suf < nb - pre && la.same(na - 1 - suf, lb, nb - 1 - suf)) {
      suf++;
    }
  }
  const ka = new Int32Array(na - pre - suf);
  const kb = new Int32Array(nb - pre - suf);
  if (ws) {
    const ids = new Interner();
    for (let i = 0; i < ka.length; i++) {
      ka[i] = ids.id(normalizeWhitespace(la.line(pre + i)));
    }
    for (let j = 0; j < kb.length; j++) {
      kb[j] = ids.id(normalizeWhitespace(lb.line(pre + j)));
    }
  } else {
    // Ids for this diff alone, read in place: no line is copied out to be interned.
    lineIds.clear();
    for (let i = 0; i < ka.length; i++) {
      ka[i] = la.id(pre + i, lineIds);
    }
    for (let j = 0; j < kb.length; j++) {
      kb[j] = lb.id(pre + j, lineIds);
    }
    lineIds.clear();
    if (lineIds.capacity > KEPT_LINE_IDS) {
      // A large diff's table is not held on to.
      lineIds = new SpanIds();
    }
  }
  const m = matchSequences(ka, kb, maxEdits);
  const blocks: Block[] = pre > 0 ? [{ a: 0, b: 0, n: pre }] : [];
  for (const blk of m.blocks) {
    blocks.push({ a: blk.a + pre, b: blk.b + pre, n: blk.n });
  }
  if (suf > 0) {
    const last = blocks[blocks.length - 1];
    if (last && last.a + last.n === na - suf && last.b + last.n === nb - suf) {
      last.n += suf;
    } else {
      blocks.push({ a: na - suf, b: nb - suf, n: suf });
    }
  }
  return { blocks, exact: m.exact };
}

/** Line diff of two texts, with hunks, context lines and changed ranges inside lines. */
export function diffText(base: string, head: string, ctx: DiffContext, what: string): TextDiff {
  if (base === head) {
    return UNCHANGED;
  }
  const ws = ctx.opts.ignoreWhitespace;
  if (ws && normalizeWhitespace(base) === normalizeWhitespace(head)) {
    return UNCHANGED;
  }
  const size = Math.max(base.length, head.length);
  if (size > ctx.limits.maxTextChars) {
    return { changed: true, hunks: [], coarse: tooLarge(what, size) };
  }
  if (ctx.outOfTime()) {
    return { changed: true, hunks: [], coarse: outOfTime(what) };
  }
  const la = new Lines(base);
  const lb = new Lines(head);
  const m = matchLines(la, lb, ws, ctx.limits.maxEdits);
  let coarse: Coarse | undefined = m.exact
    ? undefined
    : {
        reason: 'time_budget',
        message: `${what}: some regions were too different to align line by line; shown as replaced`
      };
  const regions = regionsOf(m.blocks, la.length, lb.length);
  const blank = (l: Lines, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      if (l.line(i).trim() !== '') {
        return false;
      }
    }
    return true;
  };
  const blankOnly = (r: Region) => ws && blank(la, r.a0, r.a1) && blank(lb, r.b0, r.b1);
  const real = regions.filter(r => !blankOnly(r));
  if (real.length === 0) {
    return UNCHANGED;
  }
  const c = Math.max(0, ctx.opts.context);
  const hunks: Hunk[] = [];
  let group: Region[] = [];
  const flush = () => {
    if (group.length === 0 || group.every(blankOnly)) {
      group = [];
      return;
    }
    const first = group[0];
    const last = group[group.length - 1];
    const pre = Math.min(c, first.a0, first.b0);
    const post = Math.min(c, la.length - last.a1, lb.length - last.b1);
    const lines: DiffLine[] = [];
    const context = (ai: number, bi: number, n: number) => {
      for (let k = 0; k < n; k++) {
        lines.push({
          kind: 'context',
          text: lb.display(bi + k),
          baseLine: ai + k,
          headLine: bi + k
        });
      }
    };
    context(first.a0 - pre, first.b0 - pre, pre);
    group.forEach((r, gi) => {
      if (gi > 0) {
        const p = group[gi - 1];
        context(p.a1, p.b1, r.a0 - p.a1);
      }
      const nr = r.a1 - r.a0;
      const na = r.b1 - r.b0;
      const removed: string[] = [];
      const added: string[] = [];
      for (let i = r.a0; i < r.a1; i++) {
        removed.push(la.display(i));
      }
      for (let j = r.b0; j < r.b1; j++) {
        added.push(lb.display(j));
      }
      // Ranges first, so each line is made with all its fields: one added afterwards
      // would need a second, out-of-object store on every marked line.
      const marks: (LineRanges | undefined)[] = [];
      const pairs = Math.min(nr, na);
      if (pairs <= 64) {
        for (let k = 0; k < pairs; k++) {
          const ir = inlineRanges(removed[k], added[k], ctx.limits.maxLineChars);
          if (!worthMarking(removed[k], added[k], ir)) {
            marks.push(undefined);
            continue;
          }
          marks.push(ir);
          if (ir.coarse && !coarse) {
            coarse = {
              reason: 'line_too_long',
              message: `${what}: a line longer than ${ctx.limits.maxLineChars} characters is marked as one change`
            };
          }
        }
      }
      for (let k = 0; k < nr; k++) {
        const m = marks[k];
        lines.push(
          m
            ? { kind: 'removed', text: removed[k], baseLine: r.a0 + k, inline: m.base }
            : { kind: 'removed', text: removed[k], baseLine: r.a0 + k }
        );
      }
      for (let k = 0; k < na; k++) {
        const m = marks[k];
        lines.push(
          m
            ? { kind: 'added', text: added[k], headLine: r.b0 + k, inline: m.head }
            : { kind: 'added', text: added[k], headLine: r.b0 + k }
        );
      }
    });
    context(last.a1, last.b1, post);
    const a0 = first.a0 - pre;
    const b0 = first.b0 - pre;
    hunks.push({
      base: { start: a0, count: last.a1 + post - a0 },
      head: { start: b0, count: last.b1 + post - b0 },
      lines
    });
    group = [];
  };
  for (const r of regions) {
    const prev = group[group.length - 1];
    if (prev && r.a0 - prev.a1 > 2 * c) {
      flush();
    }
    group.push(r);
  }
  flush();
  return coarse ? { changed: true, hunks, coarse } : { changed: true, hunks };
}

/** A text that exists on one side only: one hunk of added (or removed) lines. */
export function oneSided(
  text: string,
  side: 'added' | 'removed',
  ctx: DiffContext,
  what: string
): TextDiff {
  if (text === '') {
    return UNCHANGED;
  }
  if (text.length > ctx.limits.maxTextChars) {
    return { changed: true, hunks: [], coarse: tooLarge(what, text.length) };
  }
  const lines = new Lines(text);
  const count = lines.length;
  const out: DiffLine[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      side === 'added'
        ? { kind: 'added', text: lines.display(i), headLine: i }
        : { kind: 'removed', text: lines.display(i), baseLine: i }
    );
  }
  return {
    changed: true,
    hunks: [
      {
        base: { start: 0, count: side === 'removed' ? count : 0 },
        head: { start: 0, count: side === 'added' ? count : 0 },
        lines: out
      }
    ]
  };
}
