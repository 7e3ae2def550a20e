/** What the notebook says: its saved metrics and its code, as the comparison takes them. */
import type { NotebookMetric } from '../verification/compare';
import { metricsOf, sourceLabel } from './metrics';
import type { NotebookView } from './notebookView';

export function notebookMetrics(nb: NotebookView): NotebookMetric[] {
  return metricsOf(nb).map(m => ({ name: m.name, value: m.value, source: sourceLabel(m) }));
}

/** Code cell sources, for the seed hint. */
export function codeSources(nb: NotebookView): string[] {
  return nb.cells.filter(c => c.cellType === 'code').map(c => c.source);
}
