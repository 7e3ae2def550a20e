/**
 * Metric gates: a value threshold (MLflow's `threshold`, TFMA's value_threshold) and, if asked,
 * no worse than the version now in the environment by at most an absolute or relative amount
 * (TFMA's change_threshold, expressed as a tolerance). A missing metric fails.
 */
import type { EvaluationFacts } from './facts';
import { sourceLabel, type MetricValue } from './metrics';
import type { MetricRule } from './types';
import { fail, pass, type Verdict } from './verdict';

// Float noise (0.1 + 0.2) must not fail a gate set at 0.3 (TFMA uses the same tolerance).
const EPSILON = 1e-10;

function compare(v: number, op: MetricRule['parameters']['operator'], t: number): boolean {
  switch (op) {
    case '>=':
      return v >= t - EPSILON;
    case '>':
      return v > t + EPSILON;
    case '<=':
      return v <= t + EPSILON;
    case '<':
      return v < t - EPSILON;
    case '==':
      return Math.abs(v - t) <= EPSILON;
  }
}

function higherIsBetter(p: MetricRule['parameters']): boolean {
  if (p.direction) return p.direction === 'higher';
  return p.operator === '>=' || p.operator === '>';
}

export function evaluateMetric(rule: MetricRule, facts: EvaluationFacts): Verdict {
  const p = rule.parameters;
  const value = facts.metrics.find(m => m.name === p.metric);
  if (!value) {
    const known = facts.metrics.map(m => m.name);
    return fail(
      [
        `metric ${p.metric} not found in the saved output of a pipeline-metrics cell` +
          (known.length > 0 ? ` (found: ${known.join(', ')})` : '')
      ],
      { metric: p.metric }
    );
  }
  const details: Record<string, unknown> = {
    metric: p.metric,
    value: value.value,
    source: value.source
  };
  const reasons: string[] = [];
  if (!compare(value.value, p.operator, p.value)) {
    reasons.push(
      `${p.metric} is ${value.value} (${sourceLabel(value)}); needs ${p.operator} ${p.value}`
    );
  }
  if (p.noWorseThanCurrent) {
    const current: MetricValue | undefined = facts.current?.metrics.find(m => m.name === p.metric);
    if (!current) {
      const why = facts.current
        ? `version ${facts.current.version} has no ${p.metric}`
        : `nothing is in ${facts.environment} yet`;
      if ((p.whenNoCurrent ?? 'pass') === 'fail')
        reasons.push(`cannot compare with the current version: ${why}`);
      details.current = null;
    } else {
      const higher = higherIsBetter(p);
      const worseBy = higher ? current.value - value.value : value.value - current.value;
      const { absolute, relative } = p.noWorseThanCurrent;
      let allowed = Infinity;
      if (absolute !== undefined) allowed = Math.min(allowed, absolute);
      if (relative !== undefined) allowed = Math.min(allowed, relative * Math.abs(current.value));
      details.current = {
        version: facts.current?.version,
        value: current.value,
        allowedRegression: allowed
      };
      if (worseBy > allowed + EPSILON) {
        const limit =
          relative !== undefined &&
          (absolute === undefined || relative * Math.abs(current.value) <= absolute)
            ? `${relative * 100}%`
            : `${absolute}`;
        reasons.push(
          `${p.metric} is ${value.value}, worse than ${current.value} in ${facts.environment} (version ${facts.current?.version}) by more than ${limit}`
        );
      }
    }
  }
  if (reasons.length > 0) return fail(reasons, details);
  return pass(`${p.metric} is ${value.value} (${p.operator} ${p.value})`, details);
}
