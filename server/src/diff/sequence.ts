/**
 * Matching two sequences of interned items (line ids, cell keys, characters): common
 * prefix and suffix first, then Myers' O((N+M)D) diff with a cap on D, then, where the cap
 * is hit, anchors on items unique to both sides (patience) and Myers again between them.
 * The cap keeps unrelated inputs from costing N×M; the result says when it gave up.
 */

/** A run of equal items: a[a..a+n) equals b[b..b+n). */
export interface Block {
  a: number;
  b: number;
  n: number;
}

export interface Matching {
  blocks: Block[];
  /** False when some region was too different to diff within the cap (reported as replaced). */
  exact: boolean;
}

type Seq = ArrayLike<number>;

/**
 * Myers' working rows, kept between calls: the diff runs once per changed line pair, and a
 * fresh typed array each time was most of what it allocated. Rows past SCRATCH_MAX values
 * are allocated for the call alone, so a large diff's rows are not held afterwards.
 */
const SCRATCH_MAX = 1 << 16;
let vScratch: Int32Array = new Int32Array(512);
let traceScratch: Int32Array = new Int32Array(4096);

function scratch(buf: Int32Array, need: number): Int32Array {
  return need <= buf.length ? buf : new Int32Array(Math.max(need, buf.length * 2));
}

/** Myers' greedy diff of a[aLo..aHi) and b[bLo..bHi); null when more than maxD edits. */
function myers(
  a: Seq,
  aLo: number,
  aHi: number,
  b: Seq,
  bLo: number,
  bHi: number,
  maxD: number
): Block[] | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const max = Math.min(n + m, maxD);
  const off = max + 1;
  const v = scratch(vScratch, 2 * max + 3);
  if (v.length <= SCRATCH_MAX) {
    vScratch = v;
  }
  // Only this entry is read before it is written (the row of step 0).
  v[off + 1] = 0;
  // Every step's V row, one after another in one buffer (row d holds 2d + 1 values at d * d).
  let trace = traceScratch;
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[off + k - 1] < v[off + k + 1])
          ? v[off + k + 1]
          : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    const need = (d + 1) * (d + 1);
    if (need > trace.length) {
      const grown = new Int32Array(
        Math.min((max + 1) * (max + 1), Math.max(need, trace.length * 2))
      );
      grown.set(trace.subarray(0, d * d));
      trace = grown;
      if (trace.length <= SCRATCH_MAX) {
        traceScratch = trace;
      }
    }
    // Copied in a loop: a subarray view per step is an allocation per step.
    for (let k = -d, at = d * d; k <= d; k++, at++) {
      trace[at] = v[off + k];
    }
  }
  if (found < 0) {
    return null;
  }
  const blocks: Block[] = [];
  let x = n;
  let y = m;
  // Step 0 is the snake from the start, pushed by the same statement as the others: a
  // statement first reached after optimisation sends the function back to be recompiled.
  for (let d = found; d >= 0; d--) {
    let startX = 0;
    let startY = 0;
    let prevX = 0;
    let prevY = 0;
    if (d > 0) {
      const k = x - y;
      // Row d - 1 holds k = -(d - 1)..d - 1 from (d - 1)^2 on.
      const base = (d - 1) * (d - 1) + d - 1;
      const prevK =
        k === -d || (k !== d && trace[base + k - 1] < trace[base + k + 1]) ? k + 1 : k - 1;
      prevX = trace[base + prevK];
      prevY = prevX - prevK;
      startX = prevK === k + 1 ? prevX : prevX + 1;
      startY = startX - k;
    }
    if (x > startX) {
      blocks.push({ a: aLo + startX, b: bLo + startY, n: x - startX });
    }
    x = prevX;
    y = prevY;
  }
  blocks.reverse();
  return blocks;
}

/** Indices (into pairs) of a longest strictly increasing subsequence of pairs[i][1]. */
export function longestIncreasing(values: number[]): number[] {
  const tails: number[] = [];
  const prev = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) {
    out.push(i);
  }
  return out.reverse();
}

/** Items occurring exactly once on each side, as LIS-ordered anchor pairs. */
function uniqueAnchors(a: Seq, aLo: number, aHi: number, b: Seq, bLo: number, bHi: number) {
  const countA = new Map<number, number>();
  for (let i = aLo; i < aHi; i++) {
    const c = countA.get(a[i]);
    countA.set(a[i], c === undefined ? i : -1);
  }
  const inB = new Map<number, number>();
  for (let j = bLo; j < bHi; j++) {
    if ((countA.get(b[j]) ?? -1) >= 0) {
      inB.set(b[j], inB.has(b[j]) ? -1 : j);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = aLo; i < aHi; i++) {
    const j = inB.get(a[i]);
    if (j !== undefined && j >= 0 && countA.get(a[i]) === i) {
      pairs.push([i, j]);
    }
  }
  return longestIncreasing(pairs.map(p => p[1])).map(k => pairs[k]);
}

/**
 * Myers over only the items that occur on both sides (others can never match), mapped back:
 * when most lines changed, the edit distance left to search is small. Null past maxD.
 */
function commonOnly(
  a: Seq,
  aLo: number,
  aHi: number,
  b: Seq,
  bLo: number,
  bHi: number,
  maxD: number
): Block[] | null {
  // Short ranges (characters of a line) are cheaper to diff than to filter.
  if (aHi - aLo + (bHi - bLo) < 256) {
    return myers(a, aLo, aHi, b, bLo, bHi, maxD);
  }
  const inA = new Set<number>();
  for (let i = aLo; i < aHi; i++) {
    inA.add(a[i]);
  }
  const fb: number[] = [];
  const inB = new Set<number>();
  for (let j = bLo; j < bHi; j++) {
    inB.add(b[j]);
    if (inA.has(b[j])) {
      fb.push(j);
    }
  }
  const fa: number[] = [];
  for (let i = aLo; i < aHi; i++) {
    if (inB.has(a[i])) {
      fa.push(i);
    }
  }
  if (fa.length === 0 || fb.length === 0) {
    return [];
  }
  if (fa.length === aHi - aLo && fb.length === bHi - bLo) {
    return myers(a, aLo, aHi, b, bLo, bHi, maxD);
  }
  const blocks = myers(
    Int32Array.from(fa, i => a[i]),
    0,
    fa.length,
    Int32Array.from(fb, j => b[j]),
    0,
    fb.length,
    maxD
  );
  if (!blocks) {
    return null;
  }
  const out: Block[] = [];
  for (const blk of blocks) {
    for (let k = 0; k < blk.n; k++) {
      out.push({ a: fa[blk.a + k], b: fb[blk.b + k], n: 1 });
    }
  }
  return out;
}

function matchRange(
  a: Seq,
  aLo: number,
  aHi: number,
  b: Seq,
  bLo: number,
  bHi: number,
  maxD: number,
  out: Block[],
  depth: number
): boolean {
  // Common prefix and suffix cost nothing to find and are most of a typical edit.
  let pre = 0;
  while (aLo + pre < aHi && bLo + pre < bHi && a[aLo + pre] === b[bLo + pre]) {
    pre++;
  }
  if (pre > 0) {
    out.push({ a: aLo, b: bLo, n: pre });
    aLo += pre;
    bLo += pre;
  }
  let suf = 0;
  while (aHi - suf > aLo && bHi - suf > bLo && a[aHi - 1 - suf] === b[bHi - 1 - suf]) {
    suf++;
  }
  const tail: Block | null = suf > 0 ? { a: aHi - suf, b: bHi - suf, n: suf } : null;
  aHi -= suf;
  bHi -= suf;
  let exact = true;
  if (aLo < aHi && bLo < bHi) {
    const direct = commonOnly(a, aLo, aHi, b, bLo, bHi, maxD);
    if (direct) {
      out.push(...direct);
    } else if (depth < 4) {
      const anchors = uniqueAnchors(a, aLo, aHi, b, bLo, bHi);
      if (anchors.length === 0) {
        exact = false;
      } else {
        let pa = aLo;
        let pb = bLo;
        for (const [i, j] of anchors) {
          exact = matchRange(a, pa, i, b, pb, j, maxD, out, depth + 1) && exact;
          out.push({ a: i, b: j, n: 1 });
          pa = i + 1;
          pb = j + 1;
        }
        exact = matchRange(a, pa, aHi, b, pb, bHi, maxD, out, depth + 1) && exact;
      }
    } else {
      exact = false;
    }
  }
  if (tail) {
    out.push(tail);
  }
  return exact;
}

/** Equal runs of a and b, in order, merged where adjacent. */
export function matchSequences(a: Seq, b: Seq, maxD = 2000): Matching {
  const raw: Block[] = [];
  const exact = matchRange(a, 0, a.length, b, 0, b.length, maxD, raw, 0);
  const blocks: Block[] = [];
  for (const blk of raw) {
    const last = blocks[blocks.length - 1];
    if (last && last.a + last.n === blk.a && last.b + last.n === blk.b) {
      last.n += blk.n;
    } else if (blk.n > 0) {
      blocks.push({ ...blk });
    }
  }
  return { blocks, exact };
}

/** Interns strings as small integers so sequences compare by number. */
export class Interner {
  private readonly ids = new Map<string, number>();
  id(s: string): number {
    let v = this.ids.get(s);
    if (v === undefined) {
      v = this.ids.size;
      this.ids.set(s, v);
    }
    return v;
  }
}

/** Character codes of a string, for character-level matching. */
export function charCodes(s: string): Uint16Array {
  const out = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) {
    out[i] = s.charCodeAt(i);
  }
  return out;
}
