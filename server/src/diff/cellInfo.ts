import type { DiffContext } from './context';
import { Lines } from './lines';
import { joinText, normalizeWhitespace } from './text';
import { spaceAt, tokenEnd } from './words';

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
  /** Sorted distinct ids of the cell's non-blank lines, for similarity (computed on first use). */
  readonly lines: Int32Array;
  /** Sorted ids of the source's words and symbols, with repeats (computed on first use). */
  readonly tokens: Int32Array;
  tags: string[];
  step?: string;
}

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

/**
 * One cell's facts. Line and word ids are needed only for cells left unpaired by the
 * exact-key levels, so they are computed when first asked for: most cells of a revision
 * never are. A class, so the lazy getters live on the prototype, not on every cell.
 */
class Cell implements CellInfo {
  id?: string;
  step?: string;
  private _lines?: Int32Array;
  private _tokens?: Int32Array;
  constructor(
    readonly index: number,
    readonly raw: Json,
    readonly type: CellType,
    readonly source: string,
    readonly norm: string,
    readonly key: number,
    readonly tags: string[],
    private readonly _ctx: DiffContext
  ) {}

  private _text(): string {
    return this.source.length > this._ctx.limits.maxTextChars ? '' : this.source;
  }

  get lines(): Int32Array {
    if (!this._lines) {
      const ids = new Set<number>();
      const lines = new Lines(this._text());
      for (let i = 0; i < lines.length; i++) {
        const t = lines.line(i).trim();
        if (t !== '') {
          ids.add(this._ctx.lines.id(t));
        }
      }
      this._lines = Int32Array.from(ids).sort();
    }
    return this._lines;
  }

  get tokens(): Int32Array {
    if (!this._tokens) {
      // Words and single symbols; spaces only separate them.
      const text = this._text();
      const ids: number[] = [];
      for (let i = 0; i < text.length && ids.length < MAX_TOKENS;) {
        const end = tokenEnd(text, i, text.length);
        if (!spaceAt(text, i, end)) {
          ids.push(this._ctx.tokens.id(text.slice(i, end)));
        }
        i = end;
      }
      this._tokens = Int32Array.from(ids).sort();
    }
    return this._tokens;
  }
}

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
  let step: string | undefined;
  return cells.map((c, index) => {
    const raw = (c ?? {}) as Json;
    const type = cellType(raw.cell_type);
    const source = joinText(raw.source);
    const norm = ctx.opts.ignoreWhitespace ? normalizeWhitespace(source) : source;
    const key = ctx.key(type, norm);
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
    const info = new Cell(index, raw, type, source, norm, key, tags, ctx);
    if (typeof raw.id === 'string' && !ctx.opts.ignoreIds) {
      info.id = raw.id;
    }
    if (cellStep) {
      info.step = cellStep;
    }
    return info;
  });
}
