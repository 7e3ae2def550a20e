/** Environment order: the same bundle content must already be promoted to earlier environments. */
import { ENVIRONMENTS, type Environment } from '../domain/environments';
import type { EvaluationFacts } from './facts';
import type { EnvironmentOrderRule } from './types';
import { fail, notApplicable, pass, type Verdict } from './verdict';

export function requiredBefore(rule: EnvironmentOrderRule, env: Environment): Environment[] {
  if (rule.parameters?.after) return rule.parameters.after.filter(e => e !== env);
  const i = ENVIRONMENTS.indexOf(env);
  return i > 0 ? [ENVIRONMENTS[i - 1]] : [];
}

export function evaluateOrder(rule: EnvironmentOrderRule, facts: EvaluationFacts): Verdict {
  const before = requiredBefore(rule, facts.environment);
  if (before.length === 0) return notApplicable(`${facts.environment} comes first`);
  const missing = before.filter(e => !facts.promotedIn.includes(e));
  const details = { required: before, promotedIn: facts.promotedIn };
  if (missing.length === 0) return pass(`already promoted to ${before.join(', ')}`, details);
  return fail(
    missing.map(e => `promote this same code to ${e} first (${e} before ${facts.environment})`),
    details
  );
}
