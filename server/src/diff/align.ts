import type { CellInfo } from './cellInfo';
import type { DiffContext } from './context';
import { longestIncreasing, matchSequences } from './sequence';
import { similarity } from './similarity';

/** Similarity at which two cells in the same place are the same cell, edited. */
export const ALIGN_THRESHOLD = 0.5;
/** Stricter similarity for a cell found elsewhere: a move must look like one. */
export const MOVE_THRESHOLD = 0.7;
/** Gaps up to this many cell pairs are compared pair by pair; larger ones through a line index. */
const PAIRWISE_MAX = 2500;
/** A line shared by more cells than this (blank-ish boilerplate) says nothing about identity. */
const COMMON_LINE = 16;
/** How much better (summed similarity) crossing pairs must be to be read as moves. */
const CROSSING_MARGIN = 0.02;

export interface Alignment {
  /** Pairs [base, head] in order on both sides. */
  inOrder: [number, number][];
  /** Pairs [base, head] of the same cell found at another place. */
  moved: [number, number][];
  /** Set when a large gap was aligned through the line index only. */
  approximate: boolean;
}

class Pairing {
  readonly a: Int32Array;
  readonly b: Int32Array;
  constructor(n: number, m: number) {
    this.a = new Int32Array(n).fill(-1);
    this.b = new Int32Array(m).fill(-1);
  }
  set(i: number, j: number): void {
    this.a[i] = j;
    this.b[j] = i;
  }
}

/** Free (unpaired) cells of a range. */
function free(p: Int32Array, lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = lo; k < hi; k++) {
    if (p[k] < 0) {
      out.push(k);
    }
  }
  return out;
}

/** Order-keeping best pairing of similar cells by dynamic programming (small gaps). */
function pairwiseInOrder(
  base: CellInfo[],
  head: CellInfo[],
  ai: number[],
  bj: number[]
): { inOrder: [number, number][]; moved: [number, number][] } {
  const n = ai.length;
  const m = bj.length;
  const score = new Float64Array(n * m);
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < m; y++) {
      const s = similarity(base[ai[x]], head[bj[y]], ALIGN_THRESHOLD);
      score[x * m + y] = s >= ALIGN_THRESHOLD ? s : 0;
    }
  }
  const dp = new Float64Array((n + 1) * (m + 1));
  const at = (x: number, y: number) => x * (m + 1) + y;
  for (let x = n - 1; x >= 0; x--) {
    for (let y = m - 1; y >= 0; y--) {
      const s = score[x * m + y];
      dp[at(x, y)] = Math.max(
        s > 0 ? dp[at(x + 1, y + 1)] + s : 0,
        dp[at(x + 1, y)],
        dp[at(x, y + 1)]
      );
    }
  }
  const out: [number, number][] = [];
  let x = 0;
  let y = 0;
  while (x < n && y < m) {
    const s = score[x * m + y];
    if (s > 0 && dp[at(x, y)] === dp[at(x + 1, y + 1)] + s) {
      out.push([ai[x], bj[y]]);
      x++;
      y++;
    } else if (dp[at(x + 1, y)] >= dp[at(x, y + 1)]) {
      x++;
    } else {
      y++;
    }
  }
  // Best pairs regardless of order: when they are clearly better than the in-order pairing,
  // cells were swapped (and edited), so report the crossing ones as moves.
  const all: [number, number, number][] = [];
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < m; y++) {
      if (score[x * m + y] >= MOVE_THRESHOLD) {
        all.push([x, y, score[x * m + y]]);
      }
    }
  }
  all.sort((p, q) => q[2] - p[2] || p[0] - q[0] || p[1] - q[1]);
  const usedX = new Uint8Array(n);
  const usedY = new Uint8Array(m);
  const greedy: [number, number][] = [];
  let total = 0;
  for (const [x, y, s] of all) {
    if (!usedX[x] && !usedY[y]) {
      usedX[x] = 1;
      usedY[y] = 1;
      greedy.push([x, y]);
      total += s;
    }
  }
  greedy.sort((p, q) => p[0] - q[0]);
  if (greedy.length >= out.length && total > dp[at(0, 0)] + CROSSING_MARGIN) {
    const keep = new Set(longestIncreasing(greedy.map(q => q[1])));
    return {
      inOrder: greedy.filter((_, k) => keep.has(k)).map(([x, y]) => [ai[x], bj[y]]),
      moved: greedy.filter((_, k) => !keep.has(k)).map(([x, y]) => [ai[x], bj[y]])
    };
  }
  return { inOrder: out, moved: [] };
}

/** Best similar partner of each base cell among candidates sharing a distinctive line. */
function indexedCandidates(
  base: CellInfo[],
  head: CellInfo[],
  ai: number[],
  bj: number[],
  threshold: number,
  ctx: DiffContext
): [number, number, number][] {
  const index = new Map<number, number[]>();
  for (const j of bj) {
    for (const line of head[j].lines) {
      const list = index.get(line);
      if (!list) {
        index.set(line, [j]);
      } else if (list.length <= COMMON_LINE) {
        list.push(j);
      }
    }
  }
  const out: [number, number, number][] = [];
  for (const i of ai) {
    if (ctx.outOfTime()) {
      break;
    }
    const seen = new Set<number>();
    let best = -1;
    let bestScore = 0;
    for (const line of base[i].lines) {
      const list = index.get(line);
      if (!list || list.length > COMMON_LINE) {
        continue;
      }
      for (const j of list) {
        if (seen.has(j)) {
          continue;
        }
        seen.add(j);
        const s = similarity(base[i], head[j], threshold);
        if (s >= threshold && s > bestScore) {
          best = j;
          bestScore = s;
        }
      }
    }
    if (best >= 0) {
      out.push([i, best, bestScore]);
    }
  }
  return out;
}

/**
 * Keys of source and outputs together, only for cells whose source occurs more than once:
 * there the outputs tell the copies apart (nbdime's strict level); elsewhere the source key
 * is already unique, so outputs are never serialised.
 */
function fullKeys(base: CellInfo[], head: CellInfo[], ctx: DiffContext): Map<CellInfo, number> {
  const count = new Map<number, number>();
  for (const c of [...base, ...head]) {
    count.set(c.key, (count.get(c.key) ?? 0) + 1);
  }
  const out = new Map<CellInfo, number>();
  for (const c of [...base, ...head]) {
    if ((count.get(c.key) ?? 0) > 2 && !ctx.opts.ignoreOutputs) {
      const outputs = JSON.stringify(c.raw.outputs ?? []);
      out.set(c, ctx.key(`outputs of ${c.key}`, outputs));
    }
  }
  return out;
}

/**
 * Cell alignment, strictest evidence first: the same cell id; then the same source, in
 * order; then similar sources in the gaps left; then cells found elsewhere (moves), by
 * identical source and then by similarity. Hashes and interned keys do the bulk of the
 * work; text is compared only for cells still unpaired in a gap.
 */
export function alignCells(base: CellInfo[], head: CellInfo[], ctx: DiffContext): Alignment {
  const n = base.length;
  const m = head.length;
  const p = new Pairing(n, m);
  let approximate = false;
  const moved: [number, number][] = [];

  // 1. Ids, where both sides have them: the author's own statement of identity.
  const headById = new Map<string, number>();
  for (const c of head) {
    if (c.id !== undefined) {
      headById.set(c.id, c.index);
    }
  }
  const byId: [number, number][] = [];
  for (const c of base) {
    const j = c.id === undefined ? undefined : headById.get(c.id);
    if (j !== undefined && head[j].type === c.type) {
      byId.push([c.index, j]);
    }
  }
  const keep = new Set(longestIncreasing(byId.map(q => q[1])));
  byId.forEach(([i, j], k) => {
    p.set(i, j);
    if (!keep.has(k)) {
      moved.push([i, j]);
    }
  });
  const isMoved = new Set(moved.map(q => q[0]));

  // Gaps between in-order pairs, recomputed after each level.
  const gaps = (): [number, number, number, number][] => {
    const anchors: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      if (p.a[i] >= 0 && !isMoved.has(i)) {
        anchors.push([i, p.a[i]]);
      }
    }
    anchors.push([n, m]);
    const out: [number, number, number, number][] = [];
    let pi = 0;
    let pj = 0;
    for (const [i, j] of anchors) {
      if (i > pi && j > pj) {
        out.push([pi, i, pj, j]);
      }
      pi = i + 1;
      pj = j + 1;
    }
    return out;
  };

  // 2. Identical sources and outputs, then identical sources, in order (capped LCS over keys).
  const full = fullKeys(base, head, ctx);
  for (const keyOf of [(c: CellInfo) => full.get(c) ?? c.key, (c: CellInfo) => c.key]) {
    for (const [i0, i1, j0, j1] of gaps()) {
      const ai = free(p.a, i0, i1);
      const bj = free(p.b, j0, j1);
      if (ai.length === 0 || bj.length === 0) {
        continue;
      }
      const ka = Int32Array.from(ai, i => keyOf(base[i]));
      const kb = Int32Array.from(bj, j => keyOf(head[j]));
      for (const blk of matchSequences(ka, kb, 1000).blocks) {
        for (let k = 0; k < blk.n; k++) {
          p.set(ai[blk.a + k], bj[blk.b + k]);
        }
      }
    }
  }

  // 3. Similar sources in the gaps that are left, still in order.
  for (const [i0, i1, j0, j1] of gaps()) {
    const ai = free(p.a, i0, i1);
    const bj = free(p.b, j0, j1);
    if (ai.length === 0 || bj.length === 0 || ctx.outOfTime()) {
      continue;
    }
    if (ai.length * bj.length <= PAIRWISE_MAX) {
      const found = pairwiseInOrder(base, head, ai, bj);
      for (const [i, j] of found.inOrder) {
        p.set(i, j);
      }
      for (const [i, j] of found.moved) {
        p.set(i, j);
        moved.push([i, j]);
        isMoved.add(i);
      }
    } else {
      approximate = true;
      const cands = indexedCandidates(base, head, ai, bj, ALIGN_THRESHOLD, ctx);
      for (const k of longestIncreasing(cands.map(c => c[1]))) {
        p.set(cands[k][0], cands[k][1]);
      }
    }
  }

  // 4. Moves: unpaired cells whose source is elsewhere on the other side.
  const leftA = free(p.a, 0, n);
  const leftB = free(p.b, 0, m);
  const headByKey = new Map<number, number[]>();
  for (const j of leftB) {
    const list = headByKey.get(head[j].key);
    if (list) {
      list.push(j);
    } else {
      headByKey.set(head[j].key, [j]);
    }
  }
  const move = (i: number, j: number) => {
    p.set(i, j);
    moved.push([i, j]);
    isMoved.add(i);
  };
  for (const i of leftA) {
    const list = headByKey.get(base[i].key);
    if (list && list.length > 0 && base[i].norm.trim() !== '') {
      move(i, list.shift()!);
    }
  }
  const restA = free(p.a, 0, n);
  const restB = free(p.b, 0, m);
  if (restA.length > 0 && restB.length > 0 && !ctx.outOfTime()) {
    let cands: [number, number, number][] = [];
    if (restA.length * restB.length <= PAIRWISE_MAX * 4) {
      for (const i of restA) {
        for (const j of restB) {
          const s = similarity(base[i], head[j], MOVE_THRESHOLD);
          if (s >= MOVE_THRESHOLD) {
            cands.push([i, j, s]);
          }
        }
      }
    } else {
      approximate = true;
      cands = indexedCandidates(base, head, restA, restB, MOVE_THRESHOLD, ctx);
    }
    cands.sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
    for (const [i, j] of cands) {
      if (p.a[i] < 0 && p.b[j] < 0) {
        move(i, j);
      }
    }
  }

  const inOrder: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (p.a[i] >= 0 && !isMoved.has(i)) {
      inOrder.push([i, p.a[i]]);
    }
  }
  // Similar-source moves can cross in-order pairs found in gaps; keep order strict.
  const ordered = new Set(longestIncreasing(inOrder.map(q => q[1])));
  const finalInOrder: [number, number][] = [];
  inOrder.forEach((q, k) => {
    if (ordered.has(k)) {
      finalInOrder.push(q);
    } else {
      moved.push(q);
    }
  });
  moved.sort((x, y) => x[1] - y[1]);
  return { inOrder: finalInOrder, moved, approximate };
}
