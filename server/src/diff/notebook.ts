import type { CellDiff, CellStatus, Coarse, DiffOptions, NotebookDiff } from './types';
import { alignCells } from './align';
import { cellInfos, type CellInfo, type Json } from './cellInfo';
import { diffCellPair, oneSidedCell } from './cells';
import { DiffContext, type DiffLimits } from './context';
import { checkNotebook, type Side } from './input';
import { diffValues } from './values';

function nbformatOf(nb: Json): string {
  return `${String(nb.nbformat)}.${String(nb.nbformat_minor ?? 0)}`;
}

/** Cells in head order, each removed cell where it stood in base (before the head's additions). */
function arrange(
  base: CellInfo[],
  head: CellInfo[],
  inOrder: [number, number][],
  moved: [number, number][],
  ctx: DiffContext
): CellDiff[] {
  const headToBase = new Int32Array(head.length).fill(-1);
  const headMoved = new Int32Array(head.length).fill(-1);
  const basePaired = new Uint8Array(base.length);
  for (const [i, j] of inOrder) {
    headToBase[j] = i;
    basePaired[i] = 1;
  }
  for (const [i, j] of moved) {
    headMoved[j] = i;
    basePaired[i] = 1;
  }
  // Next in-order anchor at or after each head position (base index), for placing removals.
  const nextAnchor = new Int32Array(head.length + 1).fill(base.length);
  for (let j = head.length - 1; j >= 0; j--) {
    nextAnchor[j] = headToBase[j] >= 0 ? headToBase[j] : nextAnchor[j + 1];
  }
  const out: CellDiff[] = [];
  let bi = 0;
  const flushRemoved = (upTo: number) => {
    for (; bi < upTo; bi++) {
      if (!basePaired[bi]) {
        out.push(oneSidedCell(base[bi], 'removed', ctx));
      }
    }
  };
  for (let j = 0; j < head.length; j++) {
    flushRemoved(nextAnchor[j]);
    const i = headToBase[j];
    if (i >= 0) {
      out.push(diffCellPair(base[i], head[j], false, ctx));
      bi = i + 1;
    } else if (headMoved[j] >= 0) {
      out.push(diffCellPair(base[headMoved[j]], head[j], true, ctx));
    } else {
      out.push(oneSidedCell(head[j], 'added', ctx));
    }
  }
  flushRemoved(base.length);
  return out;
}

/**
 * The cell-by-cell diff of two nbformat 4 notebooks (parsed JSON). Throws InputError naming
 * the side when either is not a notebook this engine reads.
 */
export function diffNotebooks(
  baseNb: unknown,
  headNb: unknown,
  options: DiffOptions = {},
  limits: Partial<DiffLimits> = {}
): NotebookDiff {
  const a = checkNotebook(baseNb, 'base' as Side);
  const b = checkNotebook(headNb, 'head' as Side);
  const ctx = new DiffContext(options, limits);
  const base = cellInfos(a.cells as unknown[], ctx);
  const head = cellInfos(b.cells as unknown[], ctx);
  const { inOrder, moved, approximate } = alignCells(base, head, ctx);
  const cells = arrange(base, head, inOrder, moved, ctx);
  const counts: Record<CellStatus, number> = {
    unchanged: 0,
    added: 0,
    removed: 0,
    modified: 0,
    moved: 0
  };
  const coarse: Coarse[] = [];
  const seen = new Set<string>();
  for (const c of cells) {
    counts[c.status]++;
    for (const k of c.coarse) {
      // One note per kind of message is enough at notebook level.
      if (!seen.has(k.message)) {
        seen.add(k.message);
        coarse.push(k);
      }
    }
  }
  if (approximate) {
    coarse.push({
      reason: 'time_budget',
      message: 'The notebooks differ in many cells; cells were matched by shared lines only'
    });
  }
  const metadata = ctx.opts.ignoreMetadata ? [] : diffValues(a.metadata, b.metadata);
  const fa = nbformatOf(a);
  const fb = nbformatOf(b);
  const diff: NotebookDiff = {
    identical:
      counts.unchanged === cells.length &&
      metadata.length === 0 &&
      (fa === fb || ctx.opts.ignoreMetadata),
    cells,
    metadata,
    counts,
    coarse,
    options: { ...ctx.opts }
  };
  if (fa !== fb) {
    diff.nbformat = { base: fa, head: fb };
  }
  return diff;
}
