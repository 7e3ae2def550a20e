/**
 * Metric values from the notebook's `pipeline-metrics` cells: what they printed or displayed,
 * e.g. `accuracy: 0.83`, `{'accuracy': 0.83, 'f1': 0.79}` or a JSON output. Each value keeps
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

export function metricsOf(nb: NotebookView): MetricValue[] {
  const found = new Map<string, MetricValue>();
  for (const cell of nb.cells) {
    if (!cell.tags.includes('pipeline-metrics') && !cell.tags.includes('metrics')) continue;
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
