import type { Coarse, DiffLine, Hunk, InlineRange, TextDiff } from './types';
import { DiffContext, outOfTime, tooLarge } from './context';
import { Block, charCodes, matchSequences } from './sequence';

export const UNCHANGED: TextDiff = Object.freeze({ changed: false, hunks: [] }) as TextDiff;

/** Lines of a text, each with its line break (so a missing final newline is a change). */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      if (start < text.length) {
        out.push(text.slice(start));
      }
      return out;
    }
    out.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
}

function display(line: string): string {
  return line.endsWith('\n') ? line.slice(0, line.endsWith('\r\n') ? -2 : -1) : line;
}

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

/** Changed character ranges of two lines: trimmed common ends, then a capped char diff. */
export function inlineRanges(
  a: string,
  b: string,
  maxLineChars: number
): { base: InlineRange[]; head: InlineRange[]; coarse: boolean } {
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
  const whole = () => ({
    base: aEnd > pre ? [{ start: pre, end: aEnd }] : [],
    head: bEnd > pre ? [{ start: pre, end: bEnd }] : []
  });
  if (aEnd - pre === 0 || bEnd - pre === 0) {
    return { ...whole(), coarse: false };
  }
  if (a.length > maxLineChars || b.length > maxLineChars) {
    return { ...whole(), coarse: true };
  }
  if (aEnd - pre > 2000 || bEnd - pre > 2000) {
    return { ...whole(), coarse: false };
  }
  const m = matchSequences(charCodes(a.slice(pre, aEnd)), charCodes(b.slice(pre, bEnd)), 300);
  if (!m.exact) {
    return { ...whole(), coarse: false };
  }
  const base: InlineRange[] = [];
  const head: InlineRange[] = [];
  let pa = 0;
  let pb = 0;
  const push = (list: InlineRange[], s: number, e: number) => {
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
  };
  const blocks = [...m.blocks, { a: aEnd - pre, b: bEnd - pre, n: 0 }];
  for (const blk of blocks) {
    push(base, pre + pa, pre + blk.a);
    push(head, pre + pb, pre + blk.b);
    pa = blk.a + blk.n;
    pb = blk.b + blk.n;
  }
  return { base, head, coarse: false };
}

const width = (r: InlineRange[]) => r.reduce((s, x) => s + x.end - x.start, 0);

/** Ranges help only when the lines are alike: two unrelated lines are simply replaced. */
function worthMarking(a: string, b: string, ir: { base: InlineRange[]; head: InlineRange[] }) {
  const total = a.length + b.length;
  return total === 0 || (total - width(ir.base) - width(ir.head)) / total >= 0.4;
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
  const la = splitLines(base);
  const lb = splitLines(head);
  const key = ws
    ? (l: string) => ctx.lines.id(normalizeWhitespace(l))
    : (l: string) => ctx.lines.id(l);
  const ka = Int32Array.from(la, key);
  const kb = Int32Array.from(lb, key);
  const m = matchSequences(ka, kb, ctx.limits.maxEdits);
  let coarse: Coarse | undefined = m.exact
    ? undefined
    : {
        reason: 'time_budget',
        message: `${what}: some regions were too different to align line by line; shown as replaced`
      };
  const regions = regionsOf(m.blocks, la.length, lb.length);
  const blankOnly = (r: Region) =>
    ws &&
    la.slice(r.a0, r.a1).every(l => l.trim() === '') &&
    lb.slice(r.b0, r.b1).every(l => l.trim() === '');
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
          text: display(lb[bi + k]),
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
      const removed: DiffLine[] = [];
      const added: DiffLine[] = [];
      for (let i = r.a0; i < r.a1; i++) {
        removed.push({ kind: 'removed', text: display(la[i]), baseLine: i });
      }
      for (let j = r.b0; j < r.b1; j++) {
        added.push({ kind: 'added', text: display(lb[j]), headLine: j });
      }
      const pairs = Math.min(removed.length, added.length);
      if (pairs <= 64) {
        for (let k = 0; k < pairs; k++) {
          const ir = inlineRanges(removed[k].text, added[k].text, ctx.limits.maxLineChars);
          if (!worthMarking(removed[k].text, added[k].text, ir)) {
            continue;
          }
          removed[k].inline = ir.base;
          added[k].inline = ir.head;
          if (ir.coarse && !coarse) {
            coarse = {
              reason: 'line_too_long',
              message: `${what}: a line longer than ${ctx.limits.maxLineChars} characters is marked as one change`
            };
          }
        }
      }
      lines.push(...removed, ...added);
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
  const lines = splitLines(text);
  const count = lines.length;
  return {
    changed: true,
    hunks: [
      {
        base: { start: 0, count: side === 'removed' ? count : 0 },
        head: { start: 0, count: side === 'added' ? count : 0 },
        lines: lines.map((l, i) =>
          side === 'added'
            ? { kind: 'added', text: display(l), headLine: i }
            : { kind: 'removed', text: display(l), baseLine: i }
        )
      }
    ]
  };
}
