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
  /** A function the step calls changes the value in place (df.dropna(inplace=True)). */
  changed: boolean;
}

/** What a shared function reads from the notebook's globals, and what it changes there. */
export interface SharedFunction {
  globals: string[];
  mutates: string[];
}

/** Shared function -> what it reads and changes; a later definition replaces an earlier one. */
export function sharedFunctionGlobals(
  setupCells: NotebookCell[],
  facts: Map<number, CellFacts>
): Map<string, SharedFunction> {
  const out = new Map<string, SharedFunction>();
  for (const c of setupCells) {
    const f = facts.get(c.index);
    for (const [name, globals] of Object.entries(f?.function_globals ?? {})) {
      out.set(name, { globals, mutates: f?.function_mutates?.[name] ?? [] });
    }
  }
  return out;
}

/** Every global a call of `fn` may read and change, following the shared functions it calls. */
function globalsOf(
  fn: string,
  functions: Map<string, SharedFunction>
): { reads: string[]; changes: Set<string> } {
  const seen = new Set([fn]);
  const queue = [fn];
  const reads: string[] = [];
  const changes = new Set<string>();
  while (queue.length > 0) {
    const f = functions.get(queue.shift()!);
    for (const n of f?.mutates ?? []) changes.add(n);
    for (const n of f?.globals ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      if (functions.has(n)) queue.push(n);
      else reads.push(n);
    }
  }
  return { reads, changes };
}

/**
 * Names that the shared functions a step calls read from the notebook's globals, other than
 * those `known` (setup, parameters, builtins), with the cell that first calls them.
 */
export function sharedReads(
  cells: NotebookCell[],
  facts: Map<number, CellFacts>,
  functions: Map<string, SharedFunction>,
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
      const { reads, changes } = globalsOf(fn, functions);
      for (const n of reads) {
        if (known(n)) continue;
        const read = out.get(n);
        if (read) {
          if (!read.via.includes(fn)) read.via.push(fn);
          read.changed ||= changes.has(n);
          continue;
        }
        out.set(n, {
          cell: c,
          via: [fn],
          bound: bound.has(n) || f.defined.includes(n),
          changed: changes.has(n)
        });
      }
    }
    for (const n of f.defined) bound.add(n);
  }
  return out;
}
