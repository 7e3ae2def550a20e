import type { ListChange, PipelineDiff, ValueChange } from '../client/reviewDiff';

/**
 * The pipeline diff as a short list a reviewer reads first: one line per change, in plain
 * words, each with the cells it comes from so the line can link to them. Plain text only:
 * step, parameter and package names come from the author and are shown as text.
 */

export type SummaryKind =
  'step' | 'edge' | 'parameter' | 'metric' | 'requirement' | 'schedule' | 'setting' | 'file';

export interface SummaryItem {
  kind: SummaryKind;
  op: 'added' | 'removed' | 'changed';
  text: string;
  /** Cell ids (head side, or base for removed steps) this change comes from. */
  cellIds: string[];
}

const show = (value: unknown): string =>
  value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);

function listText(label: string, change?: ListChange<string>): string | null {
  if (!change || change.added.length + change.removed.length === 0) {
    return null;
  }
  const parts: string[] = [];
  if (change.added.length) {
    parts.push(`+${change.added.join(', +')}`);
  }
  if (change.removed.length) {
    parts.push(`-${change.removed.join(', -')}`);
  }
  return `${label} ${parts.join(' ')}`;
}

function valueText(changes: readonly ValueChange[]): string {
  return changes.map(c => `${c.path.join('.')}: ${show(c.base)} → ${show(c.head)}`).join('; ');
}

/** Summary lines for a pipeline diff, steps first; empty when the pipeline is identical. */
export function summarizePipeline(pipeline: PipelineDiff): SummaryItem[] {
  const items: SummaryItem[] = [];
  const stepCells = new Map<string, string[]>();
  for (const step of pipeline.steps) {
    const cells =
      step.op === 'removed'
        ? step.baseCells
        : step.changedCells.length > 0
          ? step.changedCells
          : step.headCells;
    stepCells.set(step.name, cells);
    const details = [
      listText('inputs', step.inputs),
      listText('outputs', step.outputs),
      listText('depends on', step.dependsOn),
      listText('parameters', step.parameters),
      step.resources?.length ? `resources ${valueText(step.resources)}` : null,
      step.image ? `image ${show(step.image.base)} → ${show(step.image.head)}` : null,
      step.retries ? `retries ${show(step.retries.base)} → ${show(step.retries.head)}` : null
    ].filter((d): d is string => d !== null);
    const what =
      step.op === 'changed'
        ? step.changedCells.length > 0
          ? `${step.changedCells.length} cell${step.changedCells.length === 1 ? '' : 's'} changed`
          : 'changed'
        : step.op;
    items.push({
      kind: 'step',
      op: step.op,
      text: `Step ${step.name} ${what}${details.length ? `: ${details.join('; ')}` : ''}`,
      cellIds: cells
    });
  }
  for (const edge of pipeline.edges.added) {
    items.push({
      kind: 'edge',
      op: 'added',
      text: `New dependency ${edge.from} → ${edge.to}`,
      cellIds: stepCells.get(edge.to) ?? []
    });
  }
  for (const edge of pipeline.edges.removed) {
    items.push({
      kind: 'edge',
      op: 'removed',
      text: `Dependency ${edge.from} → ${edge.to} removed`,
      cellIds: stepCells.get(edge.to) ?? []
    });
  }
  for (const p of pipeline.parameters) {
    const text =
      p.op === 'added'
        ? `Parameter ${p.name} added (${p.head?.type} = ${show(p.head?.default)})`
        : p.op === 'removed'
          ? `Parameter ${p.name} removed`
          : `Parameter ${p.name}: ${p.base?.type} = ${show(p.base?.default)} → ${p.head?.type} = ${show(p.head?.default)}`;
    items.push({ kind: 'parameter', op: p.op, text, cellIds: [] });
  }
  for (const p of pipeline.environmentParameters ?? []) {
    const text =
      p.op === 'added'
        ? `Parameter ${p.name} in ${p.environment} set to ${show(p.head)}`
        : p.op === 'removed'
          ? `Parameter ${p.name} in ${p.environment} no longer set (was ${show(p.base)})`
          : `Parameter ${p.name} in ${p.environment}: ${show(p.base)} → ${show(p.head)}`;
    items.push({ kind: 'parameter', op: p.op, text, cellIds: [] });
  }
  for (const m of pipeline.metrics.added) {
    items.push({ kind: 'metric', op: 'added', text: `Metric ${m} added`, cellIds: [] });
  }
  for (const m of pipeline.metrics.removed) {
    items.push({ kind: 'metric', op: 'removed', text: `Metric ${m} removed`, cellIds: [] });
  }
  for (const r of pipeline.requirements) {
    const text =
      r.op === 'added'
        ? `Requirement ${r.head ?? r.name} added`
        : r.op === 'removed'
          ? `Requirement ${r.base ?? r.name} removed`
          : `Requirement ${r.base} → ${r.head}`;
    items.push({ kind: 'requirement', op: r.op, text, cellIds: [] });
  }
  if (pipeline.schedule) {
    const { base, head } = pipeline.schedule;
    items.push({
      kind: 'schedule',
      op: base === null ? 'added' : head === null ? 'removed' : 'changed',
      text: `Schedule ${base ?? '(none)'} → ${head ?? '(none)'}`,
      cellIds: []
    });
  }
  for (const s of pipeline.settings) {
    items.push({
      kind: 'setting',
      op: s.op,
      text: `${s.path.join('.')}: ${show(s.base)} → ${show(s.head)}`,
      cellIds: []
    });
  }
  if (pipeline.files.length > 0) {
    const paths = pipeline.files.map(
      f => `${f.op === 'added' ? '+' : f.op === 'removed' ? '-' : '~'}${f.path}`
    );
    items.push({
      kind: 'file',
      op: 'changed',
      text: `Generated files: ${paths.join(', ')}`,
      cellIds: []
    });
  }
  return items;
}
