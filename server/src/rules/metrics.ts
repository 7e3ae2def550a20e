/**
 * Metric values from the notebook's `pipeline-metrics` cells: what they printed or displayed,
 * e.g. `accuracy: 0.83`, `{'accuracy': 0.83, 'f1': 0.79}` or a JSON output, or Kale's way, a
 * cell of `print(accuracy)` lines whose output is one bare number per line. Each value keeps
 * its source (cell, output, line) so a person can check it.
 */
import type { NotebookView } from './notebookView';
import { lineAt } from './notebookView';

export interface MetricValue {
  name: string;
  value: number;
  source: { cell: number; cellId: string; output: number; line: number; field: string };
}

// A name, then `:` or `=`, then a number; names may be quoted (dict reprs, JSON).
const PAIR =
  /["']?([A-Za-z_][A-Za-z0-9_.-]{0,99})["']?\s*[:=]\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?![\w.])/g;

// Kale's metrics cell: nothing but `print(name)` lines (blank lines and comments aside).
const PRINTED_NAME = /^print\(\s*([A-Za-z_][A-Za-z0-9_]{0,99})\s*\)\s*(?:#.*)?$/;
const BARE_NUMBER = /^\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;

/** The names a Kale-style cell prints, in order, or null when the cell is not one. */
function printedNames(source: string): string[] | null {
  const names: string[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = PRINTED_NAME.exec(line);
    if (!m) return null;
    names.push(m[1]);
  }
  return names.length > 0 ? names : null;
}

export function metricsOf(nb: NotebookView): MetricValue[] {
  const found = new Map<string, MetricValue>();
  for (const cell of nb.cells) {
    if (!cell.tags.includes('pipeline-metrics') && !cell.tags.includes('metrics')) continue;
    const names = printedNames(cell.source);
    if (names) {
      // One stream output line per print, each a bare number: the names say what they are.
      const streams = cell.outputs.flatMap(o =>
        o.texts.filter(t => t.field === 'stream').map(t => ({ o, t }))
      );
      const lines = streams.flatMap(({ o, t }) =>
        t.text
          .split('\n')
          .map((text, i) => ({ o, t, text, line: i + 1 }))
          .filter(l => l.text.trim() !== '')
      );
      if (lines.length === names.length && lines.every(l => BARE_NUMBER.test(l.text))) {
        lines.forEach((l, i) => {
          found.set(names[i], {
            name: names[i],
            value: Number(l.text.trim()),
            source: {
              cell: cell.index + 1,
              cellId: cell.id,
              output: l.o.index + 1,
              line: l.line,
              field: l.t.field
            }
          });
        });
        continue;
      }
    }
    for (const o of cell.outputs) {
      for (const t of o.texts) {
        if (t.field !== 'stream' && t.field !== 'text/plain' && t.field !== 'application/json') {
          continue;
        }
        for (const m of t.text.matchAll(PAIR)) {
          const value = Number(m[2]);
          if (!Number.isFinite(value)) continue;
          // The last value printed wins: a cell that prints progress ends with the result.
          found.set(m[1], {
            name: m[1],
            value,
            source: {
              cell: cell.index + 1,
              cellId: cell.id,
              output: o.index + 1,
              line: lineAt(t.text, m.index ?? 0),
              field: t.field
            }
          });
        }
      }
    }
  }
  return [...found.values()];
}

export function sourceLabel(m: MetricValue): string {
  return `cell ${m.source.cell} (id ${m.source.cellId}), output ${m.source.output}, line ${m.source.line}`;
}
