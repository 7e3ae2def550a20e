/**
 * Content: required steps and metadata, forbidden patterns (RE2) in sources and optionally
 * outputs, no error outputs, pinned requirements, size limits.
 */
import type { EvaluationFacts } from './facts';
import { cellLabel } from './notebookView';
import { FORBIDDEN_LIMIT, forbiddenScan, matchesOf } from './patterns';
import { cachedPattern, matches } from './regex';
import { locate, scanText, segmentAt } from './secretText';
import type { ContentRule } from './types';
import { fail, pass, plural, type Verdict } from './verdict';

function metadataAt(metadata: Record<string, unknown>, field: string): unknown {
  let at: unknown = metadata;
  for (const key of field.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A requirement is pinned when it names one exact version (`==`, or `===`). */
export function isPinned(requirement: string): boolean {
  const spec = requirement.split(';')[0].trim();
  return (
    /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*===?\s*[A-Za-z0-9.*+!_-]+$/.test(spec) &&
    !spec.includes('*')
  );
}

/**
 * Forbidden patterns run once over the joined text of every code source (and every text
 * output, when asked), not once per cell: each matcher run has a fixed cost.
 */
function forbidden(
  facts: EvaluationFacts,
  rule: ContentRule,
  reasons: string[],
  hits: unknown[]
): void {
  const nb = facts.notebook;
  for (const f of rule.parameters?.forbiddenPatterns ?? []) {
    // Outputs: the secret scan's text (built once per notebook), its metadata parts skipped.
    const opts = forbiddenScan(f.scope);
    const scan = scanText(nb, opts);
    const seen = new Map<string, number>();
    const found = matchesOf(scan, f.pattern, f.ignoreCase ?? false, FORBIDDEN_LIMIT);
    for (const [start] of found) {
      const seg = segmentAt(scan.segments, start);
      if (!seg || seg.cell === undefined || seg.place === 'cell_metadata') continue;
      if (seg.place === 'source' && nb.cells[seg.cell]?.cellType === 'markdown') continue;
      // At most five matches per cell and place, so one noisy output does not drown the rest;
      // counted before the line number, which costs a walk through the text.
      const key = `${seg.cell}:${seg.output ?? ''}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n > 5) continue;
      const at = locate(scan, start);
      if (!at || at.cell === undefined) continue;
      const where = `cell ${at.cell} (id ${at.cellId})${at.output !== undefined ? `, output ${at.output}` : ''}, line ${at.line}`;
      hits.push({
        cell: at.cell,
        cellId: at.cellId,
        ...(at.output !== undefined ? { output: at.output } : {}),
        line: at.line,
        pattern: f.pattern
      });
      reasons.push(`${f.message}: ${where}`);
    }
  }
}

export function evaluateContent(rule: ContentRule, facts: EvaluationFacts): Verdict {
  const p = rule.parameters ?? {};
  const nb = facts.notebook;
  const reasons: string[] = [];
  const hits: unknown[] = [];
  for (const step of p.requiredSteps ?? []) {
    if (!nb.steps.includes(step)) reasons.push(`needs a step ${step} (tag a cell step:${step})`);
  }
  for (const m of p.requiredMetadata ?? []) {
    const value = metadataAt(nb.metadata, m.field);
    if (value === undefined || value === null || value === '') {
      reasons.push(`needs notebook metadata ${m.field}`);
    } else if (m.pattern !== undefined) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (!matches(cachedPattern(m.pattern), text)) {
        reasons.push(`notebook metadata ${m.field} must match ${m.pattern}`);
      }
    }
  }
  forbidden(facts, rule, reasons, hits);
  if (p.noErrorOutputs) {
    for (const cell of nb.cells) {
      const bad = cell.outputs.filter(o => o.isError);
      for (const o of bad) {
        const name = o.texts.find(t => t.field === 'ename')?.text ?? 'error';
        reasons.push(`${cellLabel(cell)} has an error output (${name}); clear or fix it`);
      }
    }
  }
  if (p.requirementsPinned) {
    const loose = nb.requirements.filter(r => !isPinned(r));
    if (loose.length > 0) reasons.push(`requirements not pinned with ==: ${loose.join(', ')}`);
  }
  if (p.maxNotebookBytes !== undefined && nb.bytes > p.maxNotebookBytes) {
    reasons.push(`the notebook is ${nb.bytes} bytes; the limit is ${p.maxNotebookBytes}`);
  }
  if (p.maxCells !== undefined && nb.cells.length > p.maxCells) {
    reasons.push(`the notebook has ${plural(nb.cells.length, 'cell')}; the limit is ${p.maxCells}`);
  }
  if (p.maxOutputBytes !== undefined) {
    for (const cell of nb.cells) {
      for (const o of cell.outputs) {
        if (o.bytes > p.maxOutputBytes) {
          reasons.push(
            `${cellLabel(cell)}, output ${o.index + 1} is ${o.bytes} bytes; the limit is ${p.maxOutputBytes}`
          );
        }
      }
    }
  }
  if (reasons.length > 0) return fail(reasons, hits.length > 0 ? { matches: hits } : undefined);
  return pass('content checks pass');
}
