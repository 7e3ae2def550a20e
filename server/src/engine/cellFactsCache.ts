/**
 * Python's facts about a code cell depend only on its source and on whether it is the
 * parameters cell, so a revision or resubmission that changes a few cells sends only those
 * to Python, and one that changes none (a markdown edit) skips Python altogether. Bounded by
 * the total source it holds; the least recently used cells go first.
 */
import type { HelperCell } from './python';
import type { CellFacts, PythonFacts } from './types';

/** What the cache knows of one notebook's cells, and which cells Python must still see. */
export interface Lookup {
  known: Map<HelperCell, CellFacts>;
  missing: HelperCell[];
  interpreter: Interpreter | undefined;
}

/** What an interpreter says about itself in every answer. */
type Interpreter = Omit<PythonFacts, 'cells'>;

export class CellFactsCache {
  constructor(private readonly _maxChars = 16_000_000) {}

  lookup(cells: readonly HelperCell[]): Lookup {
    const known = new Map<HelperCell, CellFacts>();
    const missing: HelperCell[] = [];
    for (const cell of cells) {
      const key = keyOf(cell);
      const facts = this._interpreter && this._entries.get(key);
      if (!facts) {
        missing.push(cell);
        continue;
      }
      // Most recently used last, so eviction takes the stalest.
      this._entries.delete(key);
      this._entries.set(key, facts);
      known.set(cell, facts);
    }
    return { known, missing, interpreter: this._interpreter };
  }

  /** Learns Python's answer about the cells `asked`. */
  remember(asked: readonly HelperCell[], answer: PythonFacts): void {
    this._interpreter = { python: answer.python, builtins: answer.builtins, stdlib: answer.stdlib };
    const byKey = new Map(answer.cells.map(f => [f.key, f]));
    for (const cell of asked) {
      const facts = byKey.get(cell.key);
      if (!facts) continue;
      const key = keyOf(cell);
      if (!this._entries.has(key)) this._chars += key.length;
      this._entries.set(key, facts);
    }
    for (const [key] of this._entries) {
      if (this._chars <= this._maxChars) break;
      this._entries.delete(key);
      this._chars -= key.length;
    }
  }

  private readonly _entries = new Map<string, CellFacts>();
  private _chars = 0;
  private _interpreter: Interpreter | undefined;
}

/** The answer for `cells` from what was known and Python's answer about the rest. */
export function composeAnswer(
  cells: readonly HelperCell[],
  lookup: Lookup,
  fresh: PythonFacts | undefined
): PythonFacts {
  const interpreter = fresh ?? lookup.interpreter;
  if (!interpreter) throw new Error('No Python answer to compose from.');
  const freshByKey = new Map(fresh?.cells.map(f => [f.key, f]));
  return {
    python: interpreter.python,
    builtins: [...interpreter.builtins],
    stdlib: [...interpreter.stdlib],
    cells: cells.map(cell => {
      const facts = lookup.known.get(cell);
      // A copy of what the cache holds: callers may sort or extend what they get.
      if (facts) return { ...structuredClone(facts), key: cell.key };
      const answered = freshByKey.get(cell.key);
      if (!answered) throw new Error(`Python gave no facts for cell ${cell.key}.`);
      return answered;
    })
  };
}

function keyOf(cell: HelperCell): string {
  return `${cell.params ? 'parameters' : 'code'}\0${cell.source}`;
}
