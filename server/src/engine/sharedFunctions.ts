import type { CellFacts, NotebookCell } from './types';

/**
 * A function in the shared setup (a `functions` cell) reads its globals when it is called,
 * so the step that calls it needs them, as Kale propagates a function's free variables to
 * the steps calling it. Functions calling functions are followed.
 */
export interface SharedRead {
  /** First cell of the step that calls a function reading the name. */
  cell: NotebookCell;
  /** The shared functions the step calls that read the name (directly or through others). */
  via: string[];
  /** The step binds the name itself before or in that cell: not an input. */
  bound: boolean;
}

/** Shared function -> globals its body reads; a later definition replaces an earlier one. */
export function sharedFunctionGlobals(
  setupCells: NotebookCell[],
  facts: Map<number, CellFacts>
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of setupCells) {
    const f = facts.get(c.index);
    for (const [name, globals] of Object.entries(f?.function_globals ?? {})) {
      out.set(name, globals);
    }
  }
  return out;
}

/** Every global a call of `fn` may read, following the shared functions it calls. */
function globalsOf(fn: string, functions: Map<string, string[]>): string[] {
  const seen = new Set([fn]);
  const queue = [fn];
  const names: string[] = [];
  while (queue.length > 0) {
    for (const n of functions.get(queue.shift()!) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      if (functions.has(n)) queue.push(n);
      else names.push(n);
    }
  }
  return names;
}

/**
 * Names that the shared functions a step calls read from the notebook's globals, other than
 * those `known` (setup, parameters, builtins), with the cell that first calls them.
 */
export function sharedReads(
  cells: NotebookCell[],
  facts: Map<number, CellFacts>,
  functions: Map<string, string[]>,
  known: (name: string) => boolean
): Map<string, SharedRead> {
  const out = new Map<string, SharedRead>();
  if (functions.size === 0) return out;
  const bound = new Set<string>();
  for (const c of cells) {
    const f = facts.get(c.index);
    if (!f) continue;
    for (const fn of new Set([...f.free, ...f.deferred])) {
      if (!functions.has(fn) || bound.has(fn)) continue;
      for (const n of globalsOf(fn, functions)) {
        if (known(n)) continue;
        const read = out.get(n);
        if (read) {
          if (!read.via.includes(fn)) read.via.push(fn);
          continue;
        }
        out.set(n, { cell: c, via: [fn], bound: bound.has(n) || f.defined.includes(n) });
      }
    }
    for (const n of f.defined) bound.add(n);
  }
  return out;
}
