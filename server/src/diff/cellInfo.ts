import type { DiffContext } from './context';
import { joinText, normalizeWhitespace, splitLines } from './text';

export type Json = Record<string, unknown>;
export type CellType = 'code' | 'markdown' | 'raw';

/** What alignment needs of one cell, computed once per side. */
export interface CellInfo {
  index: number;
  raw: Json;
  type: CellType;
  id?: string;
  source: string;
  /** The source as compared (whitespace collapsed when whitespace is ignored). */
  norm: string;
  /** Interned cell type + compared source: equal keys mean equal sources. */
  key: number;
  /** Sorted distinct ids of the cell's non-blank lines, for similarity. */
  lines: Int32Array;
  /** Sorted ids of the source's words and symbols, with repeats (a multiset). */
  tokens: Int32Array;
  tags: string[];
  step?: string;
}

const TOKEN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;
/** Enough words to tell cells apart; more only costs time. */
const MAX_TOKENS = 20_000;
const STEP_TAG = /^(?:step|block):([a-z_][a-z0-9_]*)$/;
const NO_STEP = new Set([
  'skip',
  'imports',
  'functions',
  'parameters',
  'pipeline-parameters',
  'pipeline-metrics',
  'injected-parameters'
]);

function cellType(v: unknown): CellType {
  return v === 'markdown' || v === 'raw' ? v : 'code';
}

export function tagsOf(cell: Json): string[] {
  const md = cell.metadata as Json | undefined;
  const tags = md && Array.isArray(md.tags) ? md.tags : [];
  return tags.filter((t): t is string => typeof t === 'string');
}

/** Per-cell facts of one notebook, including each code cell's pipeline step. */
export function cellInfos(cells: unknown[], ctx: DiffContext): CellInfo[] {
  const keys = new Map<string, number>();
  let step: string | undefined;
  return cells.map((c, index) => {
    const raw = (c ?? {}) as Json;
    const type = cellType(raw.cell_type);
    const source = joinText(raw.source);
    const norm = ctx.opts.ignoreWhitespace ? normalizeWhitespace(source) : source;
    const k = `${type}\u0000${norm}`;
    let key = keys.get(k);
    if (key === undefined) {
      key = ctx.lines.id(k);
      keys.set(k, key);
    }
    const ids = new Set<number>();
    for (const l of splitLines(source.length > ctx.limits.maxTextChars ? '' : source)) {
      const t = l.trim();
      if (t !== '') {
        ids.add(ctx.lines.id(t));
      }
    }
    const lines = Int32Array.from(ids).sort();
    const words = source.length > ctx.limits.maxTextChars ? [] : (source.match(TOKEN) ?? []);
    const tokens = Int32Array.from(words.slice(0, MAX_TOKENS), w =>
      ctx.lines.id(`\u0002${w}`)
    ).sort();
    const tags = tagsOf(raw);
    let cellStep: string | undefined;
    if (type === 'code') {
      // Same reading as the engine: a step tag starts a step, untagged cells join it.
      const named = tags.map(t => STEP_TAG.exec(t.trim())?.[1]).find(Boolean);
      if (!tags.some(t => NO_STEP.has(t.trim()))) {
        step = named ?? step;
        cellStep = step;
      }
    }
    const info: CellInfo = { index, raw, type, source, norm, key, lines, tokens, tags };
    if (typeof raw.id === 'string' && !ctx.opts.ignoreIds) {
      info.id = raw.id;
    }
    if (cellStep) {
      info.step = cellStep;
    }
    return info;
  });
}
