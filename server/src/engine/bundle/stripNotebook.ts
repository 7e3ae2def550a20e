import { stableJson } from './format';

/** The source notebook without outputs and execution counts; cell ids kept. */
export function strippedNotebook(json: Record<string, unknown>): string {
  const cells = (json.cells as Record<string, unknown>[]).map(cell => {
    const out: Record<string, unknown> = { ...cell };
    if (cell.cell_type === 'code') {
      out.outputs = [];
      out.execution_count = null;
    }
    const meta = { ...((cell.metadata ?? {}) as Record<string, unknown>) };
    delete meta.execution; // run timestamps
    out.metadata = meta;
    return out;
  });
  // nbformat's own layout: one-space indent, sorted keys.
  return stableJson({ ...json, cells }, 1);
}
