import { formatProblem } from './problems';
import type { Analysis, Problem } from './types';

/** Human summary of an analysis: steps with their data flow, then problems. */
export function describeAnalysis(a: Analysis): string {
  const lines: string[] = [];
  const byName = new Map(a.steps.map(s => [s.name, s]));
  lines.push(`steps (${a.order.length}):`);
  for (const name of a.order) {
    const s = byName.get(name)!;
    const ins = Object.keys(s.inputs)
      .sort()
      .map(n => (s.sharedGlobals[n] ? `${n} (via ${s.sharedGlobals[n].join(', ')})` : n));
    lines.push(
      `  ${s.name}${s.role ? ` [${s.role}]` : ''}` +
        (s.dependsOn.length ? ` <- ${s.dependsOn.join(', ')}` : '') +
        (ins.length ? `; reads ${ins.join(', ')}` : '') +
        (s.outputs.length ? `; writes ${s.outputs.join(', ')}` : '')
    );
  }
  if (a.parameters.length) {
    lines.push(
      `parameters: ${a.parameters.map(p => `${p.name}: ${p.type} = ${JSON.stringify(p.default)}`).join(', ')}`
    );
  }
  if (a.metrics.length)
    lines.push(
      `metrics: ${a.metrics.map(m => `${m.name} (${m.from ? `${m.from}, saved by ` : ''}${m.step})`).join(', ')}`
    );
  return lines.join('\n') + '\n';
}

export function describeProblems(problems: Problem[]): string {
  if (problems.length === 0) return 'no problems\n';
  const errors = problems.filter(p => p.severity === 'error').length;
  return (
    problems.map(p => formatProblem(p)).join('\n') +
    `\n${errors} error(s), ${problems.length - errors} warning(s)\n`
  );
}

/** The JSON view of an analysis for machines (the CLI's --json and the service). */
export function analysisJson(a: Analysis) {
  return {
    steps: a.order.map(n => {
      const s = a.steps.find(x => x.name === n)!;
      return {
        name: s.name,
        role: s.role ?? null,
        depends_on: s.dependsOn,
        inputs: Object.keys(s.inputs)
          .sort()
          .map(k => ({
            name: k,
            step: s.inputs[k],
            ...(s.sharedGlobals[k] ? { via: s.sharedGlobals[k] } : {})
          })),
        outputs: s.outputs,
        parameters: s.parameters,
        cells: s.cells.map(c => ({ number: c.index + 1, id: c.id }))
      };
    }),
    parameters: a.parameters.map(p => ({ name: p.name, type: p.type, default: p.default })),
    metrics: a.metrics,
    problems: a.problems
  };
}
