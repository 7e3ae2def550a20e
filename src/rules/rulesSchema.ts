/**
 * The shared rules schema (schema/rules.schema.json, the one the service validates a save
 * against) cut into one form per tab, and the validation the editor runs as you type.
 */
import type { RJSFSchema } from '@rjsf/utils';
import { formValidator } from '../forms/validator';
import type { RulesDocument, RulesScope } from '../client/types';
import { ruleProblems } from './ruleChecks';
import { type RulesProblem, sectionPath } from './rulesDocument';

// The CommonJS require the bundler and jest provide (see src/metadata/schemas.ts).
declare const require: (path: string) => Record<string, unknown>;

/** The rules schema without the keywords that only identify the file. */
export const rulesSchema: RJSFSchema = (() => {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { $schema, $id, ...rest } = require('../../schema/rules.schema.json');
  return rest as RJSFSchema;
})();

type SchemaObject = Record<string, unknown>;

/** The form schema of one tab: its rule set, with the definitions its references need. */
export function sectionSchema(root: RJSFSchema, tab: RulesScope): RJSFSchema {
  let node = root as SchemaObject;
  for (const key of sectionPath(tab)) {
    node = resolve(root, ((node.properties ?? {}) as Record<string, SchemaObject>)[key] ?? {});
  }
  return { ...node, definitions: root.definitions } as RJSFSchema;
}

/** A reference resolved, its own title and description kept over the target's. */
function resolve(root: RJSFSchema, node: SchemaObject): SchemaObject {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) {
    return node;
  }
  let target: unknown = root;
  for (const key of ref.slice(2).split('/')) {
    target = (target as SchemaObject | undefined)?.[key];
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { $ref, ...own } = node;
  return { ...(resolve(root, (target ?? {}) as SchemaObject) as SchemaObject), ...own };
}

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * Validate a whole document; problems carry the JSON pointer of what is wrong. Each rule is
 * checked against the definition of the type it names (not reported once per rule type, as
 * the schema's oneOf alone would).
 */
export function validateRules(root: RJSFSchema, document: RulesDocument): RulesProblem[] {
  const byType = Private.ruleDefinitions(root);
  const problems: RulesProblem[] = [];
  const rulesAt: string[] = [];
  for (const e of Private.errorsOf(root, document)) {
    const rule = /^(.*\/rules\/\d+)(\/|$)/.exec(e.instancePath);
    if (!rule) {
      problems.push(Private.toProblem(e, ''));
    } else if (!rulesAt.includes(rule[1])) {
      rulesAt.push(rule[1]);
    }
  }
  for (const pointer of rulesAt) {
    const type = valueAt(document, pointer)?.type;
    const definition = typeof type === 'string' ? byType.get(type) : undefined;
    if (!definition) {
      problems.push({
        path: `${pointer}/type`,
        message: `unknown rule type ${JSON.stringify(type ?? null)}; one of ${[...byType.keys()].join(', ')}`
      });
      continue;
    }
    const schema = Private.definitionSchema(root, definition);
    for (const e of Private.errorsOf(schema, valueAt(document, pointer))) {
      problems.push(Private.toProblem(e, pointer));
    }
  }
  problems.push(...Private.formatProblems(root, root as SchemaObject, document, ''));
  problems.push(...ruleProblems(document));
  const seen = new Set<string>();
  return problems.filter(p => {
    const key = `${p.path} ${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function valueAt(document: unknown, pointer: string): Record<string, unknown> | undefined {
  let node = document;
  for (const key of pointer.split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
}

namespace Private {
  export const validator = formValidator;

  /** Rule type (`metric`) -> its definition's name (`metricRule`), read from the schema. */
  export function ruleDefinitions(root: RJSFSchema): Map<string, string> {
    const definitions = (root.definitions ?? {}) as Record<string, SchemaObject>;
    const map = new Map<string, string>();
    for (const [name, definition] of Object.entries(definitions)) {
      const type = (definition.properties as Record<string, SchemaObject> | undefined)?.type;
      if (type && typeof type.const === 'string') {
        map.set(type.const, name);
      }
    }
    return map;
  }

  export function errorsOf(schema: RJSFSchema, data: unknown): AjvError[] {
    return validator.rawValidation<AjvError>(schema, data as never).errors ?? [];
  }

  const cuts = new WeakMap<RJSFSchema, Map<string, RJSFSchema>>();

  /** One rule type's definition as a schema of its own (kept, so it compiles once). */
  export function definitionSchema(root: RJSFSchema, name: string): RJSFSchema {
    let byName = cuts.get(root);
    if (!byName) {
      byName = new Map();
      cuts.set(root, byName);
    }
    let schema = byName.get(name);
    if (!schema) {
      const definitions = root.definitions as Record<string, RJSFSchema>;
      schema = { ...definitions[name], definitions } as RJSFSchema;
      byName.set(name, schema);
    }
    return schema;
  }

  /**
   * ajv-formats' date-time (as the service validates it): the settings registry's validator
   * knows no formats and would let through a date the service then refuses.
   */
  const DATE_TIME =
    /^\d{4}-[01]\d-[0-3]\dt(?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i;

  /** Strings under a `format: date-time` schema that are not dates, walking schema and value. */
  export function formatProblems(
    root: RJSFSchema,
    schema: SchemaObject,
    value: unknown,
    pointer: string
  ): RulesProblem[] {
    const node = resolve(root, schema);
    if (node.format === 'date-time' && typeof value === 'string') {
      const ok = DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
      return ok ? [] : [{ path: pointer, message: 'must match format "date-time"' }];
    }
    if (Array.isArray(node.oneOf) && value && typeof value === 'object') {
      // A rule: the definition its type names.
      const type = (value as Record<string, unknown>).type;
      const definition = typeof type === 'string' ? ruleDefinitions(root).get(type) : undefined;
      return definition
        ? formatProblems(root, { $ref: `#/definitions/${definition}` }, value, pointer)
        : [];
    }
    if (Array.isArray(value) && node.items && typeof node.items === 'object') {
      return value.flatMap((item, i) =>
        formatProblems(root, node.items as SchemaObject, item, `${pointer}/${i}`)
      );
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && node.properties) {
      const properties = node.properties as Record<string, SchemaObject>;
      return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
        properties[key] ? formatProblems(root, properties[key], v, `${pointer}/${key}`) : []
      );
    }
    return [];
  }

  export function toProblem(e: AjvError, prefix: string): RulesProblem {
    const path = `${prefix}${e.instancePath}`;
    if (e.keyword === 'additionalProperties') {
      return { path, message: `unknown field "${String(e.params?.additionalProperty)}"` };
    }
    if (e.keyword === 'required') {
      return { path: `${path}/${String(e.params?.missingProperty)}`, message: 'is required' };
    }
    return { path, message: e.message ?? e.keyword };
  }
}
