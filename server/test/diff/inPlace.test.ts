import { createHash } from 'node:crypto';
import { sha256Base64 } from '../../src/diff/base64';
import { DiffContext } from '../../src/diff/context';
import { inlineRanges } from '../../src/diff/inline';
import { Lines } from '../../src/diff/lines';
import { Interner, matchSequences } from '../../src/diff/sequence';
import { SpanIds } from '../../src/diff/spanIds';
import { diffText } from '../../src/diff/text';
import { spaceAt, tokenEnd } from '../../src/diff/words';

/**
 * The engine reads lines, words and images where they stand instead of copying them out;
 * each reader must give what the copying version (a regular expression, split and intern,
 * Buffer.from) gives, on texts with the awkward cases: astral characters, lone surrogates,
 * Unicode letters and spaces, CRLF, a missing final newline.
 */

let seed = 7;
function random(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const PIECES = [
  'a', 'foo', 'x_1', '42', '3.14', ' ', '  ', '\t', '\n', '\n', '\r\n', 'é', 'ß', '日本',
  '😀', '\ud83d', '\ude00', '-', '<td>', '</td>', 'Ω', '\u00a0', '\u2028', ',', '٣'
]; // prettier-ignore
function text(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += PIECES[Math.floor(random() * PIECES.length)];
  }
  return s;
}
function edit(s: string): string {
  let t = s;
  for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
    const p = Math.floor(random() * (t.length + 1));
    t = random() < 0.5 ? t.slice(0, p) + text(2) + t.slice(p) : t.slice(0, p) + t.slice(p + 3);
  }
  return t;
}

describe('reading text in place', () => {
  it('finds the tokens the regular expressions found, in any range of a string', () => {
    const TOKEN = /[\p{L}\p{N}_]+|\s+|[^]/gu;
    const WORD = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;
    // Every ASCII character, classed by hand, once alone and once in runs.
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
    const samples = [ascii.join(''), ascii.map(c => c + c + 'a').join('')];
    for (let n = 0; n < 500; n++) {
      samples.push(text(30));
    }
    for (const s of samples) {
      const from = Math.floor(random() * s.length);
      const to = from + Math.floor(random() * (s.length - from + 1));
      const all: string[] = [];
      const words: string[] = [];
      for (let i = from; i < to;) {
        const end = tokenEnd(s, i, to);
        all.push(s.slice(i, end));
        if (!spaceAt(s, i, end)) {
          words.push(s.slice(i, end));
        }
        i = end;
      }
      const part = s.slice(from, to);
      expect(all).toEqual(part.match(TOKEN) ?? []);
      expect(words).toEqual(part.match(WORD) ?? []);
    }
  });

  it('gives equal spans equal ids and different spans different ids', () => {
    const ids = new SpanIds(4);
    const byText = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      ids.clear();
      byText.clear();
      for (let n = 0; n < 300; n++) {
        const s = text(6);
        const start = Math.floor(random() * s.length);
        const end = start + Math.floor(random() * (s.length - start + 1));
        const id = ids.id(s, start, end);
        const t = s.slice(start, end);
        if (byText.has(t)) {
          expect(id).toBe(byText.get(t));
        } else {
          expect([...byText.values()]).not.toContain(id);
          byText.set(t, id);
        }
      }
    }
  });

  it('reads the lines splitting gives, with and without their line breaks', () => {
    for (const s of ['', 'a', 'a\n', 'a\nb', '\n\n', 'a\r\nb\r\n', '\r\n', 'x\ny\n\nz']) {
      const lines = new Lines(s);
      const split = s.split(/(?<=\n)/).filter(l => l !== '');
      expect(Array.from({ length: lines.length }, (_, i) => lines.line(i))).toEqual(split);
      expect(Array.from({ length: lines.length }, (_, i) => lines.display(i))).toEqual(
        split.map(l => l.replace(/\r?\n$/, ''))
      );
    }
  });

  it('matches the same lines as interning every line of both texts', () => {
    for (let n = 0; n < 400; n++) {
      const a = text(60);
      const b = random() < 0.1 ? text(60) : edit(a);
      const d = diffText(a, b, new DiffContext(), 'source');
      // The line numbers of every unchanged line the hunks show, from a plain LCS of lines.
      const la = new Lines(a);
      const lb = new Lines(b);
      const ids = new Interner();
      const ka = Int32Array.from({ length: la.length }, (_, i) => ids.id(la.line(i)));
      const kb = Int32Array.from({ length: lb.length }, (_, j) => ids.id(lb.line(j)));
      const same = new Set<string>();
      for (const blk of matchSequences(ka, kb, 2000).blocks) {
        for (let k = 0; k < blk.n; k++) {
          same.add(`${blk.a + k}:${blk.b + k}`);
        }
      }
      for (const h of d.hunks) {
        for (const l of h.lines) {
          if (l.kind === 'context') {
            expect(same.has(`${l.baseLine}:${l.headLine}`)).toBe(true);
          } else if (l.kind === 'removed') {
            expect([...same].some(p => p.startsWith(`${l.baseLine}:`))).toBe(false);
          } else {
            expect([...same].some(p => p.endsWith(`:${l.headLine}`))).toBe(false);
          }
        }
      }
      expect(d.changed).toBe(a !== b);
    }
  });

  it('marks changed ranges in order, inside the line, and only where the lines differ', () => {
    for (let n = 0; n < 400; n++) {
      const a = text(20).replace(/\n/g, '');
      const b = edit(a).replace(/\n/g, '');
      const r = inlineRanges(a, b, 10_000);
      for (const [s, ranges] of [
        [a, r.base],
        [b, r.head]
      ] as const) {
        let at = 0;
        for (const x of ranges) {
          expect(x.start).toBeGreaterThanOrEqual(at);
          expect(x.end).toBeGreaterThan(x.start);
          at = x.end;
        }
        expect(at).toBeLessThanOrEqual(s.length);
      }
      expect(r.base.length + r.head.length > 0).toBe(a !== b);
    }
  });

  it("hashes base64 to the SHA-256 of Buffer.from's bytes, line breaks and odd lengths included", () => {
    const ref = (s: string) => createHash('sha256').update(Buffer.from(s, 'base64')).digest('hex');
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Math.floor(random() * 256);
    }
    const b64 = bytes.toString('base64');
    for (const s of [
      '',
      'QQ==',
      'QUI',
      b64,
      b64.replace(/=+$/, ''),
      b64.slice(0, 65537),
      `${b64.slice(0, 65536)}\n${b64.slice(65536)}`,
      `${b64.slice(0, 100)} ${b64.slice(100)}`,
      `${b64.slice(0, 70000)}=${b64.slice(70000)}`
    ]) {
      expect(sha256Base64(s)).toBe(ref(s));
    }
  });
});
