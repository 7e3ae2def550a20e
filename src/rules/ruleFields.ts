/**
 * The fields of a rule as the form shows them, read from the shared rules schema: a human
 * label for each, the kind of control, its choices in words, and how a control's text
 * becomes a value and back. Also the rule types and a valid starting rule of each. Pure.
 */
import type { RJSFSchema } from '@rjsf/utils';
import { isObject } from './ruleEdits';

export type SchemaNode = Record<string, unknown>;

export type FieldKind =
  | 'boolean'
  | 'choice'
  | 'number'
  | 'integer'
  | 'text'
  | 'choices'
  | 'textList'
  | 'objectList'
  | 'group';

export interface Choice {
  value: string;
  label: string;
}

/** One property of an object in the form. */
export interface FieldSpec {
  key: string;
  label: string;
  help?: string;
  kind: FieldKind;
  /** The property's schema with its references resolved. */
  schema: SchemaNode;
  required: boolean;
  /** What applies when the property is absent (the schema's default). */
  defaultValue?: unknown;
  /** For `choice` and `choices`. */
  choices?: Choice[];
}

/** A rule type as the Add menu offers it. */
export interface RuleType {
  type: string;
  label: string;
  definition: string;
}

/** Labels where the schema has no title, or one too long for a form: by `parent.key`, then `key`. */
const LABELS: Record<string, string> = {
  id: 'Rule name',
  enforcement: 'Enforcement',
  message: 'Message when it fails',
  'approvers.roles': 'Roles',
  'approvers.users': 'Users',
  'stepOwners.steps': 'Steps',
  'stepOwners.users': 'Owners',
  'stepOwners.approvals': 'Approvals from owners',
  'requiredMetadata.field': 'Metadata field',
  'requiredMetadata.pattern': 'Must match',
  'forbiddenPatterns.pattern': 'Pattern',
  'forbiddenPatterns.message': 'Message',
  'forbiddenPatterns.ignoreCase': 'Ignore case',
  'forbiddenPatterns.scope': 'Look in',
  'patterns.id': 'Name',
  'patterns.pattern': 'Pattern',
  'patterns.message': 'Message',
  operator: 'Must be',
  value: 'Threshold',
  noWorseThanCurrent: 'Also compare with the version now in this environment',
  'tolerances.metric': 'Metric',
  'tolerances.absolute': 'Differs by at most (in the metric’s units)',
  'tolerances.relative': 'Differs by at most (fraction of the value)',
  absolute: 'Worse by at most (in the metric’s units)',
  relative: 'Worse by at most (fraction, 0.02 = 2%)',
  timezone: 'Time zone',
  from: 'From',
  to: 'Until',
  day: 'Day',
  time: 'Time'
};

/** Fields that mean something only beside another: shown when it is set (or they are). */
export const SHOWN_WITH: Record<string, string> = {
  whenNoCurrent: 'noWorseThanCurrent'
};

/** Item names for the Add buttons of lists, by key. */
const ITEM_LABELS: Record<string, string> = {
  stepOwners: 'step owners',
  requiredMetadata: 'metadata field',
  forbiddenPatterns: 'forbidden pattern',
  patterns: 'pattern',
  tolerances: 'tolerance',
  weekly: 'weekly window',
  dates: 'one-off window'
};

/** Choices in words, by `key.value`. */
const CHOICE_LABELS: Record<string, string> = {
  'enforcement.active': 'Enforced: blocks promotion',
  'enforcement.evaluate': 'Report only (dry run)',
  'enforcement.disabled': 'Off',
  'dismissStale.any_revision': 'Any new revision',
  'dismissStale.code_or_pipeline_change': 'A revision that changes code or the pipeline',
  'dismissStale.never': 'Never',
  'scope.sources': 'Cell sources',
  'scope.sources_and_outputs': 'Cell sources and outputs',
  'operator.>=': 'at least (≥)',
  'operator.>': 'more than (>)',
  'operator.<=': 'at most (≤)',
  'operator.<': 'less than (<)',
  'operator.==': 'exactly (=)',
  'direction.higher': 'higher',
  'direction.lower': 'lower',
  'whenNoCurrent.pass': 'pass',
  'whenNoCurrent.fail': 'fail',
  'roles.data-scientist': 'data scientist',
  'useCase.training': 'training',
  'useCase.prediction': 'prediction',
  'useCase.evaluation': 'evaluation',
  'executor.local': 'local (a process on the service’s machine)',
  'executor.airflow': 'airflow (the environment’s Airflow)',
  'day.mon': 'Monday',
  'day.tue': 'Tuesday',
  'day.wed': 'Wednesday',
  'day.thu': 'Thursday',
  'day.fri': 'Friday',
  'day.sat': 'Saturday',
  'day.sun': 'Sunday'
};

/** Help shown under a field, where the schema's description is missing or too technical. */
const HELP: Record<string, string> = {
  id: 'Lowercase letters, digits, - and _. A rule here replaces the default rule of the same name.',
  after:
    'Leave all unticked and unset to mean the environment before this one (dev, then stage, then prod).',
  'stepOwners.steps': 'A step name, or a glob with * and ?, e.g. train or feature_*.',
  direction: 'Unset: higher for ≥ and >, lower for ≤ and <.',
  timezone: 'An IANA time zone, e.g. Europe/Berlin.'
};

/** A reference resolved against the root schema; the referring node's own keywords win. */
export function resolveSchema(root: RJSFSchema, node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) {
    return node;
  }
  let target: unknown = root;
  for (const key of ref.slice(2).split('/')) {
    target = isObject(target) ? target[key] : undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { $ref, ...own } = node;
  return { ...resolveSchema(root, (target ?? {}) as SchemaNode), ...own };
}

/** Every rule type the schema defines, in the schema's order. */
export function ruleTypes(root: RJSFSchema): RuleType[] {
  const definitions = (root.definitions ?? {}) as Record<string, SchemaNode>;
  const rule = definitions.rule as { oneOf?: SchemaNode[] } | undefined;
  return (rule?.oneOf ?? []).map(ref => {
    const definition = String(ref.$ref).split('/').pop() ?? '';
    const schema = definitions[definition] ?? {};
    const type = (schema.properties as Record<string, SchemaNode>).type.const as string;
    return { type, label: String(schema.title ?? type), definition };
  });
}

/** The schema of one rule type, or undefined for a type the schema does not know. */
export function ruleSchema(root: RJSFSchema, type: unknown): SchemaNode | undefined {
  const found = ruleTypes(root).find(t => t.type === type);
  return found ? (root.definitions as Record<string, SchemaNode>)[found.definition] : undefined;
}

/** The fields of an object schema, in the schema's order, leaving out those listed. */
export function fieldsOf(
  root: RJSFSchema,
  schema: SchemaNode,
  parentKey: string | null,
  omit: readonly string[] = []
): FieldSpec[] {
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  const required = (schema.required ?? []) as string[];
  return Object.keys(properties)
    .filter(key => !omit.includes(key))
    .map(key => {
      const own = resolveSchema(root, properties[key]);
      const kind = kindOf(root, own);
      const spec: FieldSpec = {
        key,
        label: fieldLabel(parentKey, key, own.title),
        kind,
        schema: own,
        required: required.includes(key)
      };
      const help = HELP[`${parentKey}.${key}`] ?? HELP[key];
      if (help) {
        spec.help = help;
      }
      if ('default' in own) {
        spec.defaultValue = own.default;
      }
      const values =
        kind === 'choice'
          ? (own.enum as string[])
          : kind === 'choices'
            ? (resolveSchema(root, own.items as SchemaNode).enum as string[])
            : null;
      if (values) {
        spec.choices = values.map(value => ({ value, label: choiceLabel(key, value) }));
      }
      return spec;
    });
}

/** The item schema of a list field. */
export function itemSchema(root: RJSFSchema, field: FieldSpec): SchemaNode {
  return resolveSchema(root, (field.schema.items ?? {}) as SchemaNode);
}

/** What one item of a list field is called, for its Add button. */
export function itemLabel(key: string): string {
  return ITEM_LABELS[key] ?? 'item';
}

export function choiceLabel(key: string, value: string): string {
  return CHOICE_LABELS[`${key}.${value}`] ?? value;
}

/**
 * A field's label: ours by `parent.key` or `key`, else the schema's title when one is at hand,
 * else the key in words.
 */
export function fieldLabel(parentKey: string | null, key: string, title?: unknown): string {
  const mapped = LABELS[`${parentKey}.${key}`] ?? LABELS[key];
  if (mapped) {
    return mapped;
  }
  if (typeof title === 'string') {
    return title;
  }
  // camelCase in words, as a last resort.
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function kindOf(root: RJSFSchema, schema: SchemaNode): FieldKind {
  if (Array.isArray(schema.enum)) {
    return 'choice';
  }
  switch (schema.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'object':
      return 'group';
    case 'array': {
      const item = resolveSchema(root, (schema.items ?? {}) as SchemaNode);
      if (Array.isArray(item.enum)) {
        return 'choices';
      }
      return item.type === 'object' ? 'objectList' : 'textList';
    }
    default:
      return 'text';
  }
}

/** The text a control shows for a value. */
export function displayValue(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (kind === 'textList' && Array.isArray(value)) {
    return value.map(String).join(', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The value a control's text stands for. Empty text clears an optional field (its default
 * applies again); text that is not a number stays text, so validation says what is wrong at
 * the field instead of the edit being lost.
 */
export function parseValue(kind: FieldKind, text: string, required: boolean): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case 'number':
    case 'integer': {
      if (trimmed === '') {
        return undefined;
      }
      const n = Number(trimmed);
      return Number.isFinite(n) ? n : text;
    }
    case 'textList': {
      const items = text
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);
      return items.length === 0 && !required ? undefined : items;
    }
    default:
      return text === '' && !required ? undefined : text;
  }
}

/**
 * A valid value to start from, for a new rule's parameters or a new list item: the required
 * fields, each with its default, first choice or smallest allowed value.
 */
export function template(root: RJSFSchema, schema: SchemaNode): unknown {
  const s = resolveSchema(root, schema);
  if ('default' in s && s.type !== 'object' && s.type !== 'array') {
    return s.default;
  }
  if (Array.isArray(s.enum)) {
    return s.enum[0];
  }
  switch (s.type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, SchemaNode>;
      let keys = (s.required ?? []) as string[];
      if (keys.length === 0 && Number(s.minProperties ?? 0) > 0) {
        keys = Object.keys(properties).slice(0, 1);
      }
      return Object.fromEntries(keys.map(key => [key, template(root, properties[key])]));
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    default:
      return '';
  }
}

/** Starting rules that are valid as they are and read well; the admin edits from there. */
const STARTERS: Record<string, Record<string, unknown>> = {
  review: { approvals: 1 },
  content: { requiredSteps: ['evaluate'] },
  secrets: {},
  environment_order: {},
  metric: { metric: 'accuracy', operator: '>=', value: 0.8 },
  freeze: {
    weekly: [{ from: { day: 'fri', time: '16:00' }, to: { day: 'mon', time: '08:00' } }]
  },
  reproduces: { useCase: 'training', executor: 'local' }
};

/** A new rule of a type, named so no rule in `existing` has its id. */
export function newRule(
  root: RJSFSchema,
  type: string,
  existing: readonly unknown[]
): Record<string, unknown> {
  const taken = new Set(existing.map(r => (isObject(r) ? r.id : undefined)));
  const base = type.replace(/_/g, '-');
  let id = base;
  for (let n = 2; taken.has(id); n++) {
    id = `${base}-${n}`;
  }
  const schema = ruleSchema(root, type);
  const parameters =
    STARTERS[type] ??
    template(root, ((schema?.properties ?? {}) as Record<string, SchemaNode>).parameters ?? {});
  return { id, type, enforcement: 'active', parameters };
}

/**
 * Where a problem is, in the form's words: `/environments/prod/rules/0/parameters/approvals`
 * in a document whose first prod rule is two-approvals reads "prod › two-approvals ›
 * Approvals required". Places outside a rule are named by their keys.
 */
export function describePlace(root: RJSFSchema, document: unknown, pointer: string): string {
  const keys = pointer.split('/').filter(Boolean);
  const words: string[] = [];
  let i = 0;
  if (keys[0] === 'defaults') {
    words.push('Every environment');
    i = 1;
  } else if (keys[0] === 'environments' && keys[1]) {
    words.push(keys[1]);
    i = 2;
  }
  if (keys[i] !== 'rules' || !/^\d+$/.test(keys[i + 1] ?? '')) {
    return [...words, ...keys.slice(i)].join(' › ') || 'the document';
  }
  const index = Number(keys[i + 1]);
  const rule = (getIn(document, keys.slice(0, i + 2)) ?? {}) as Record<string, unknown>;
  words.push(typeof rule.id === 'string' && rule.id ? rule.id : `rule ${index + 1}`);
  let schema = ruleSchema(root, rule.type);
  let parentKey: string | null = null;
  for (const key of keys.slice(i + 2)) {
    if (!schema) {
      words.push(key);
      continue;
    }
    if (/^\d+$/.test(key)) {
      words.push(`#${Number(key) + 1}`);
      schema = resolveSchema(root, (schema.items ?? {}) as SchemaNode);
      continue;
    }
    const field: FieldSpec | undefined = fieldsOf(root, schema, parentKey).find(f => f.key === key);
    if (key !== 'parameters') {
      words.push(field?.label ?? key);
    }
    schema = field?.schema;
    parentKey = key;
  }
  return words.join(' › ');
}

function getIn(document: unknown, keys: readonly string[]): unknown {
  let node = document;
  for (const key of keys) {
    node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
  }
  return node;
}
