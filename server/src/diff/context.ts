import type { Coarse, DiffOptions } from './types';
import { Interner } from './sequence';

/** Limits that keep one diff within a time and memory budget. */
export interface DiffLimits {
  /** Wall-clock budget for the detailed diff; past it, remaining fields are compared only. */
  timeMs: number;
  /** A text (source or output) longer than this is compared, not diffed line by line. */
  maxTextChars: number;
  /** Lines longer than this get one changed range, not a character diff. */
  maxLineChars: number;
  /** Most edits searched for in one line diff before anchoring on unique lines. */
  maxEdits: number;
}

export const DEFAULT_LIMITS: DiffLimits = {
  timeMs: 1500,
  maxTextChars: 512 * 1024,
  maxLineChars: 10_000,
  maxEdits: 2000
};

export type ResolvedOptions = Required<DiffOptions>;

export function resolveOptions(o: DiffOptions = {}): ResolvedOptions {
  return {
    ignoreOutputs: o.ignoreOutputs ?? false,
    ignoreExecutionCounts: o.ignoreExecutionCounts ?? false,
    ignoreMetadata: o.ignoreMetadata ?? false,
    ignoreIds: o.ignoreIds ?? false,
    ignoreWhitespace: o.ignoreWhitespace ?? false,
    context: o.context ?? 3
  };
}

/** State shared by one diff: options, limits, the clock and the line interner. */
export class DiffContext {
  readonly opts: ResolvedOptions;
  readonly limits: DiffLimits;
  readonly lines = new Interner();
  /** Words and symbols of sources, for similarity. */
  readonly tokens = new Interner();
  private readonly deadline: number;
  private expired = false;
  /** Interned texts by kind (a cell type, say), all numbered from one counter. */
  private readonly keys = new Map<string, Map<string, number>>();
  private nextKey = 0;

  constructor(options: DiffOptions = {}, limits: Partial<DiffLimits> = {}) {
    this.opts = resolveOptions(options);
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.deadline = Date.now() + this.limits.timeMs;
  }

  /**
   * One number per distinct (kind, text): equal numbers mean the same kind and text. The
   * kind picks a table rather than being joined to the text, which would copy every source.
   */
  key(kind: string, text: string): number {
    let table = this.keys.get(kind);
    if (!table) {
      table = new Map();
      this.keys.set(kind, table);
    }
    let v = table.get(text);
    if (v === undefined) {
      v = this.nextKey++;
      table.set(text, v);
    }
    return v;
  }

  /** True once the time budget is spent (checked cheaply, sticky). */
  outOfTime(): boolean {
    if (!this.expired && Date.now() > this.deadline) {
      this.expired = true;
    }
    return this.expired;
  }
}

export function formatSize(chars: number): string {
  if (chars >= 1024 * 1024) {
    return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
  }
  if (chars >= 1024) {
    return `${(chars / 1024).toFixed(1)} KB`;
  }
  return `${chars} bytes`;
}

export function tooLarge(what: string, chars: number): Coarse {
  return {
    reason: 'too_large',
    message: `${what} of ${formatSize(chars)} changed; not diffed line by line`
  };
}

export function outOfTime(what: string): Coarse {
  return {
    reason: 'time_budget',
    message: `${what} changed; not diffed line by line, the diff's time budget was spent`
  };
}
