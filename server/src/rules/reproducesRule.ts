/**
 * `reproduces`: the latest revision's verification run gives the metrics the notebook saved,
 * within the rule's tolerances. A run of an earlier revision says nothing (stale).
 */
import { compareMetrics } from '../verification/compare';
import type { Tolerance } from '../verification/tolerance';
import type { EvaluationFacts } from './facts';
import { sourceLabel } from './metrics';
import type { ReproducesRule } from './types';
import { fail, notApplicable, pass, type Verdict } from './verdict';

const WAITING: Record<string, string> = {
  queued: 'the verification run is queued',
  running: 'the verification run is running'
};

export function evaluateReproduces(rule: ReproducesRule, facts: EvaluationFacts): Verdict {
  const p = rule.parameters ?? {};
  const useCase = p.useCase ?? 'training';
  // Without an executor of its own, the rule takes the one the environment's admin chose.
  const executor = p.executor;
  if (!facts.request) {
    return notApplicable('the bundle is verified once the request is submitted');
  }
  const v = facts.verification;
  const latest = facts.request.latestRevision;
  if (!v || v.revision !== latest) {
    return fail([`revision ${latest} has no verification run yet`]);
  }
  if (v.useCase !== useCase || (executor !== undefined && v.executor !== executor)) {
    return fail([
      `the last verification ran the ${v.useCase} use case on ${v.executor}, the rule asks for ${useCase} on ${executor ?? v.executor}`
    ]);
  }
  if (v.status === 'queued' || v.status === 'running') {
    const step = v.step ? ` (step ${v.step.index} of ${v.step.total}: ${v.step.name})` : '';
    return fail([`${WAITING[v.status]}${step}`], { status: v.status });
  }
  if (v.runMetrics === null) {
    return fail(
      [`the verification run ${v.status.replace('_', ' ')}: ${v.reason ?? 'no reason given'}`],
      {
        status: v.status
      }
    );
  }
  const tolerances: Record<string, Tolerance> = {};
  for (const t of p.tolerances ?? []) {
    tolerances[t.metric] = { absolute: t.absolute, relative: t.relative };
  }
  const comparison = compareMetrics(
    facts.metrics.map(m => ({ name: m.name, value: m.value, source: sourceLabel(m) })),
    v.runMetrics,
    {
      metrics: p.metrics && p.metrics.length > 0 ? p.metrics : undefined,
      tolerances,
      sources: facts.notebook.cells.filter(c => c.cellType === 'code').map(c => c.source)
    }
  );
  const details = { comparison };
  if (comparison.passed) return pass(comparison.summary, details);
  const reasons = comparison.metrics.filter(m => !m.within).map(m => m.message);
  if (reasons.length === 0) reasons.push(comparison.summary);
  if (comparison.seedHint) reasons.push(comparison.seedHint);
  return fail(reasons, details);
}
