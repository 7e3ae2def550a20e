/**
 * Checks a rules document before it is stored: the JSON Schema (schema/rules.schema.json),
 * then what a schema cannot say (unique ids, patterns that compile under RE2, real time zones).
 * Errors name the JSON path; rules that cannot be met are warnings, not errors.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ENVIRONMENTS, type Environment } from '../domain/environments';
import type { Role } from '../domain/types';
import { InputError } from '../errors';
import { loadSchema } from '../schemaDir';
import { compilePattern } from './regex';
import { RULE_TYPES, type Rule, type RulesDocument, type RuleType } from './types';

const SCHEMA_ID = 'https://nbpromote.dev/schema/rules.schema.json';
const DEFINITION: Record<RuleType, string> = {
  review: 'reviewRule',
  content: 'contentRule',
  secrets: 'secretsRule',
  environment_order: 'environmentOrderRule',
  metric: 'metricRule',
  freeze: 'freezeRule',
  reproduces: 'reproducesRule'
};

export interface RulesWarning {
  path: string;
  message: string;
}

/** The users the service knows, to warn about rules nobody could meet. */
export interface KnownUser {
  name: string;
  role: Role;
}

let validators: { whole: ValidateFunction; rule: Map<RuleType, ValidateFunction> } | undefined;

function compiled(): NonNullable<typeof validators> {
  if (!validators) {
    const ajv = new Ajv({ allErrors: false, strict: true });
    addFormats(ajv);
    ajv.addSchema(loadSchema('rules.schema.json'));
    const get = (ref: string) => {
      const v = ajv.getSchema(ref);
      if (!v) throw new Error(`rules schema has no ${ref}`);
      return v;
    };
    validators = {
      whole: get(SCHEMA_ID),
      rule: new Map(RULE_TYPES.map(t => [t, get(`${SCHEMA_ID}#/definitions/${DEFINITION[t]}`)]))
    };
  }
  return validators;
}

/** `$.environments.prod.rules[0].parameters` from an Ajv instance path. */
export function jsonPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return (
    '$' +
    parts
      .map(p =>
        /^\d+$/.test(p)
          ? `[${p}]`
          : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p)
            ? `.${p}`
            : `[${JSON.stringify(p)}]`
      )
      .join('')
  );
}

function invalid(path: string, message: string, extra: Record<string, unknown> = {}): InputError {
  return new InputError(`${path}: ${message}`, { path, ...extra }, 'invalid_rules');
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return `unknown field ${JSON.stringify(error.params.additionalProperty)}`;
  }
  if (error.keyword === 'required') {
    return `missing field ${JSON.stringify(error.params.missingProperty)}`;
  }
  if (error.keyword === 'enum') {
    return `must be one of ${(error.params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`;
  }
  return error.message ?? 'is invalid';
}

function schemaError(doc: unknown): InputError | null {
  const { whole, rule } = compiled();
  if (whole(doc)) return null;
  const first = (whole.errors ?? [])[0];
  // A rule that fails its type's branch: say what is wrong inside that branch, not "oneOf".
  const m = /^(.*\/rules\/\d+)(\/|$)/.exec(first?.instancePath ?? '');
  if (m) {
    const item = pointerGet(doc, m[1]) as { type?: unknown } | undefined;
    const type = item?.type;
    if (typeof type !== 'string' || !(RULE_TYPES as readonly string[]).includes(type)) {
      return invalid(
        jsonPath(`${m[1]}/type`),
        `must be one of ${RULE_TYPES.map(t => JSON.stringify(t)).join(', ')}`
      );
    }
    const check = rule.get(type as RuleType)!;
    if (!check(item)) {
      const e = (check.errors ?? [])[0];
      return invalid(jsonPath(m[1] + (e?.instancePath ?? '')), e ? describe(e) : 'is invalid');
    }
  }
  return invalid(jsonPath(first?.instancePath ?? ''), first ? describe(first) : 'is invalid');
}

function pointerGet(doc: unknown, pointer: string): unknown {
  let at: unknown = doc;
  for (const part of pointer.split('/').slice(1)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Every rule with the JSON path of its section. */
function sections(doc: RulesDocument): { path: string; rules: Rule[] }[] {
  const out = [{ path: '$.defaults.rules', rules: doc.defaults?.rules ?? [] }];
  for (const env of ENVIRONMENTS) {
    out.push({ path: `$.environments.${env}.rules`, rules: doc.environments[env]?.rules ?? [] });
  }
  return out;
}

function checkPattern(path: string, source: string, ignoreCase = false): void {
  const result = compilePattern(source, ignoreCase);
  if ('error' in result) {
    const where =
      result.error.position === undefined ? '' : ` (position ${result.error.position + 1})`;
    throw invalid(path, `invalid pattern${where}: ${result.error.message}`, {
      pattern: source,
      ...(result.error.position === undefined ? {} : { position: result.error.position })
    });
  }
}

function checkTimeZone(path: string, zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw invalid(path, `unknown time zone ${JSON.stringify(zone)}`);
  }
}

function checkRule(path: string, rule: Rule): void {
  switch (rule.type) {
    case 'content': {
      const p = rule.parameters ?? {};
      (p.requiredMetadata ?? []).forEach((m, i) => {
        if (m.pattern !== undefined) {
          checkPattern(`${path}.parameters.requiredMetadata[${i}].pattern`, m.pattern);
        }
      });
      (p.forbiddenPatterns ?? []).forEach((f, i) =>
        checkPattern(`${path}.parameters.forbiddenPatterns[${i}].pattern`, f.pattern, f.ignoreCase)
      );
      return;
    }
    case 'secrets':
      (rule.parameters?.patterns ?? []).forEach((f, i) =>
        checkPattern(`${path}.parameters.patterns[${i}].pattern`, f.pattern)
      );
      return;
    case 'freeze': {
      const p = rule.parameters;
      if (p.timezone !== undefined) checkTimeZone(`${path}.parameters.timezone`, p.timezone);
      (p.dates ?? []).forEach((d, i) => {
        if (Date.parse(d.from) >= Date.parse(d.to)) {
          throw invalid(`${path}.parameters.dates[${i}]`, 'from must be before to');
        }
      });
      return;
    }
    case 'metric': {
      const p = rule.parameters;
      if (p.operator === '==' && p.noWorseThanCurrent && p.direction === undefined) {
        throw invalid(
          `${path}.parameters.direction`,
          'say whether higher or lower is better to compare with the current version'
        );
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Checks `value` as a rules document; throws InputError (`invalid_rules`, details.path) on
 * the first problem. Returns the document and warnings about rules nobody could meet.
 */
export function checkRulesDocument(
  value: unknown,
  users: readonly KnownUser[] = []
): { document: RulesDocument; warnings: RulesWarning[] } {
  const error = schemaError(value);
  if (error) throw error;
  const doc = value as RulesDocument;
  for (const section of sections(doc)) {
    const seen = new Set<string>();
    section.rules.forEach((rule, i) => {
      const path = `${section.path}[${i}]`;
      if (seen.has(rule.id))
        throw invalid(`${path}.id`, `duplicate rule id ${JSON.stringify(rule.id)}`);
      seen.add(rule.id);
      checkRule(path, rule);
    });
  }
  return { document: doc, warnings: unmeetable(doc, users) };
}

function unmeetable(doc: RulesDocument, users: readonly KnownUser[]): RulesWarning[] {
  const warnings: RulesWarning[] = [];
  const known = new Set(users.map(u => u.name));
  for (const section of sections(doc)) {
    section.rules.forEach((rule, i) => {
      if (rule.type !== 'review' || (rule.enforcement ?? 'active') === 'disabled') return;
      const path = `${section.path}[${i}].parameters`;
      const p = rule.parameters ?? {};
      const roles = p.approvers?.roles ?? ['reviewer', 'admin'];
      const eligible = new Set([
        ...users.filter(u => roles.includes(u.role)).map(u => u.name),
        ...(p.approvers?.users ?? [])
      ]);
      // The author never approves: one eligible reviewer fewer than there are, at worst.
      const needed = p.approvals ?? 1;
      if (needed > 0 && needed > eligible.size) {
        warnings.push({
          path: `${path}.approvals`,
          message: `needs ${needed} approvals but only ${eligible.size} user${eligible.size === 1 ? ' is' : 's are'} eligible to approve`
        });
      }
      (p.stepOwners ?? []).forEach((o, j) => {
        const n = o.approvals ?? 1;
        if (n > o.users.length) {
          warnings.push({
            path: `${path}.stepOwners[${j}].approvals`,
            message: `needs ${n} owner approvals but lists ${o.users.length} owner${o.users.length === 1 ? '' : 's'}`
          });
        }
        const unknown = o.users.filter(u => !known.has(u));
        if (users.length > 0 && unknown.length > 0) {
          warnings.push({
            path: `${path}.stepOwners[${j}].users`,
            message: `no such user: ${unknown.join(', ')}`
          });
        }
      });
    });
  }
  return warnings;
}

/** The rules that apply in `env`: the defaults, each replaced by an environment rule of its id. */
export function rulesFor(doc: RulesDocument, env: Environment): Rule[] {
  const own = doc.environments[env]?.rules ?? [];
  const ids = new Set(own.map(r => r.id));
  return [...(doc.defaults?.rules ?? []).filter(r => !ids.has(r.id)), ...own];
}
