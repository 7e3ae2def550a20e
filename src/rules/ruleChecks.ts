import type { RulesDocument, RulesScope } from '../client/types';
import { type RulesProblem, sectionOf, sectionPath } from './rulesDocument';

const SCOPES: RulesScope[] = ['defaults', 'dev', 'stage', 'prod'];

type RuleLike = {
  id?: unknown;
  type?: unknown;
  parameters?: Record<string, unknown>;
};

/**
 * What the service checks beyond the schema when rules are saved, checked as the admin types,
 * so Save is never offered for a document the service refuses: rule names unique within an
 * environment, a freeze's dates in order, and a metric gate that compares with the current
 * version saying which way is better. Pure.
 */
export function ruleProblems(document: RulesDocument): RulesProblem[] {
  const problems: RulesProblem[] = [];
  for (const scope of SCOPES) {
    const rules = sectionOf(document, scope).rules;
    if (!Array.isArray(rules)) {
      continue;
    }
    const base = `/${sectionPath(scope).join('/')}/rules`;
    const seen = new Set<string>();
    rules.forEach((value, i) => {
      const rule = (value ?? {}) as RuleLike;
      const at = `${base}/${i}`;
      if (typeof rule.id === 'string') {
        if (seen.has(rule.id)) {
          problems.push({
            path: `${at}/id`,
            message: `Another rule here is already named ${rule.id}: each rule needs its own name.`
          });
        }
        seen.add(rule.id);
      }
      problems.push(...parameterProblems(rule, at));
    });
  }
  return problems;
}

function parameterProblems(rule: RuleLike, at: string): RulesProblem[] {
  const p = rule.parameters ?? {};
  if (rule.type === 'freeze' && Array.isArray(p.dates)) {
    return p.dates.flatMap((d: { from?: unknown; to?: unknown }, i: number) =>
      typeof d?.from === 'string' &&
      typeof d?.to === 'string' &&
      Date.parse(d.from) >= Date.parse(d.to)
        ? [{ path: `${at}/parameters/dates/${i}/to`, message: 'Must be after the start.' }]
        : []
    );
  }
  if (
    rule.type === 'metric' &&
    p.operator === '==' &&
    p.noWorseThanCurrent &&
    p.direction === undefined
  ) {
    return [
      {
        path: `${at}/parameters/direction`,
        message: 'Say whether higher or lower is better, to compare with the current version.'
      }
    ];
  }
  return [];
}
