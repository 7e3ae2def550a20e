import type { ProblemList } from './problems';
import type { StepDraft } from './segments';
import type { Step } from './types';

/** Report prev: tags naming no step (or the step itself); they are dropped from the graph. */
export function checkPrevTags(drafts: StepDraft[], problems: ProblemList): void {
  const names = new Set(drafts.map(d => d.name));
  for (const d of drafts) {
    for (const p of [...d.prev]) {
      const cell = d.prevCells.get(p);
      if (p === d.name) {
        problems.error('self_dependency', `Step "${d.name}" cannot depend on itself (prev:${p}).`, {
          cell,
          step: d.name
        });
      } else if (!names.has(p)) {
        const known = [...names].map(n => `"${n}"`).join(', ') || 'none';
        problems.error(
          'unknown_prev',
          `Tag "prev:${p}" names no step in this notebook (steps: ${known}).`,
          { cell, step: d.name }
        );
      } else continue;
      d.prev.splice(d.prev.indexOf(p), 1);
    }
  }
}

/**
 * Topological order of the steps, ties broken by notebook order so the result is stable.
 * Returns undefined after reporting each cycle when the graph has one.
 */
export function orderSteps(steps: Step[], problems: ProblemList): string[] | undefined {
  const index = new Map(steps.map((s, i) => [s.name, i]));
  const byName = new Map(steps.map(s => [s.name, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  let cyclic = false;

  const visit = (name: string, path: string[]): void => {
    state.set(name, 'visiting');
    for (const dep of byName.get(name)!.dependsOn) {
      if (!byName.has(dep)) continue;
      if (state.get(dep) === 'visiting') {
        cyclic = true;
        const cycle = [...path.slice(path.indexOf(dep)), dep];
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const step = byName.get(name)!;
          const viaPrev = step.prev.includes(dep);
          const cell = step.cells[0];
          problems.error(
            'cycle',
            `Steps depend on each other in a cycle: ${cycle.join(' -> ')}` +
              (viaPrev ? ` (tag prev:${dep} on step "${name}").` : '.'),
            { cell, step: name }
          );
        }
      } else if (!state.has(dep)) {
        visit(dep, [...path, dep]);
      }
    }
    state.set(name, 'done');
  };
  for (const s of steps) if (!state.has(s.name)) visit(s.name, [s.name]);
  if (cyclic) return undefined;

  // Kahn's algorithm, always taking the earliest ready step in notebook order.
  const remaining = new Map(steps.map(s => [s.name, new Set(s.dependsOn)]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.entries()]
      .filter(([, deps]) => [...deps].every(d => !remaining.has(d)))
      .map(([n]) => n)
      .sort((a, b) => index.get(a)! - index.get(b)!);
    order.push(ready[0]);
    remaining.delete(ready[0]);
  }
  return order;
}
