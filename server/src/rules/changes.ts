/**
 * "What changed", as the rules need it: a key of a notebook's code and pipeline (outputs and
 * execution counts left out), and the steps that differ between two notebooks. Once the diff
 * engine's pipeline diff is at hand the service may pass its `steps` instead.
 */
import { createHash } from 'node:crypto';
import type { NotebookView } from './notebookView';

function settingsWithoutTarget(metadata: Record<string, unknown>): unknown {
  const nbp = metadata.nbpromote;
  if (!nbp || typeof nbp !== 'object') return null;
  // The target environment and requested version differ between promotions of one bundle.
  const { environment: _e, version: _v, ...rest } = nbp as Record<string, unknown>;
  void _e;
  void _v;
  return rest;
}

/** The parts of a notebook the content key reads. */
export interface ContentShape {
  metadata: Record<string, unknown>;
  cells: { cellType: string; source: string; tags: string[] }[];
}

function joined(v: unknown): string {
  return Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '';
}

/** The content shape of raw nbformat JSON, without analysing it. */
export function contentShape(json: Record<string, unknown>): ContentShape {
  const cells = Array.isArray(json.cells) ? (json.cells as Record<string, unknown>[]) : [];
  return {
    metadata: (json.metadata as Record<string, unknown> | undefined) ?? {},
    cells: cells.map(c => {
      const tags = (c.metadata as { tags?: unknown } | undefined)?.tags;
      return {
        cellType: String(c.cell_type),
        source: joined(c.source),
        tags: Array.isArray(tags) ? tags.map(String) : []
      };
    })
  };
}

/**
 * Equal for two notebooks that build the same bundle code: cell types, sources and tags, and
 * the pipeline settings. Re-running a notebook (new outputs) keeps its key.
 */
export function contentKey(nb: ContentShape): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(settingsWithoutTarget(nb.metadata)));
  for (const c of nb.cells) h.update(JSON.stringify([c.cellType, c.source, c.tags]));
  return h.digest('hex');
}

function stepSignatures(nb: NotebookView): Map<string, string> {
  const parts = new Map<string, string[]>();
  for (const c of nb.cells) {
    if (c.step === undefined) continue;
    const list = parts.get(c.step) ?? [];
    list.push(JSON.stringify([c.source, c.tags]));
    parts.set(c.step, list);
  }
  return new Map([...parts].map(([k, v]) => [k, v.join('\n')]));
}

/** Steps added, removed or changed (cell sources or tags) from `base` to `head`. */
export function changedSteps(head: NotebookView, base: NotebookView): string[] {
  const a = stepSignatures(base);
  const b = stepSignatures(head);
  const out: string[] = [];
  for (const [name, sig] of b) if (a.get(name) !== sig) out.push(name);
  for (const name of a.keys()) if (!b.has(name)) out.push(name);
  return out;
}
