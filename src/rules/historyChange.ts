/**
 * A change between two saved rules documents in an admin's words. The service names each change
 * by a path with rules by name (`$.environments.prod.rules[two-approvals].parameters.approvals`);
 * a whole rule added or removed reads as its sentence, a field as its label and both values.
 * Pure.
 */
import type { RJSFSchema } from '@rjsf/utils';
import type { RulesDiff } from '../client/types';
import { isObject } from './ruleEdits';
import { choiceLabel, describePlace, fieldLabel } from './ruleFields';
import { summarizeRule } from './ruleSummary';

export type RulesChange = RulesDiff['changes'][number];

export interface ChangeInWords {
  verb: 'Added' | 'Removed' | 'Changed';
  /** Where, e.g. "prod › two-approvals › Approvals required". */
  place: string;
  /** What a whole rule added or removed demands. */
  sentence?: string;
  /** A field's values as the form shows them (absent when the field was not set). */
  before?: string;
  after?: string;
}

type Segment = string | { id: string };

const VERBS = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

/** `$.a.b[id].c` as its keys and ids; null for a path of another form. */
export function parseHistoryPath(path: string): Segment[] | null {
  if (!path.startsWith('$')) {
    return null;
  }
  const segments: Segment[] = [];
  const step = /\.([^.[\]]+)|\[([^\]]+)\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < path.length) {
    const m = step.exec(path);
    if (!m) {
      return null;
    }
    segments.push(m[1] !== undefined ? m[1] : { id: m[2] });
  }
  return segments;
}

/** The schema and the document in force, for the form's own labels of a rule's fields. */
export interface KnownRules {
  schema: RJSFSchema;
  document: unknown;
}

export function describeChange(change: RulesChange, known?: KnownRules): ChangeInWords {
  const verb = VERBS[change.op];
  const segments = parseHistoryPath(change.path);
  if (!segments) {
    return { verb, place: change.path, ...values(null, change) };
  }
  const words: string[] = [];
  let i = 0;
  if (segments[0] === 'defaults') {
    words.push('Every environment');
    i = 1;
  } else if (segments[0] === 'environments' && typeof segments[1] === 'string') {
    words.push(segments[1]);
    i = 2;
  }
  const rule = segments[i + 1];
  if (segments[i] === 'rules' && typeof rule === 'object') {
    words.push(rule.id);
    const inside = segments.slice(i + 2);
    if (inside.length === 0 && change.op !== 'changed') {
      const whole = change.op === 'added' ? change.after : change.before;
      return { verb, place: words.join(' › '), sentence: summarizeRule(whole) };
    }
    const keys = inside.filter((s): s is string => typeof s === 'string');
    const last = keys[keys.length - 1] ?? null;
    // Named as the form names it while the rule is in force; by its keys once it is gone.
    const pointer =
      known && keys.length === inside.length
        ? pointerOf(known.document, segments.slice(0, i) as string[], rule.id, keys)
        : null;
    if (known && pointer) {
      return {
        verb,
        place: describePlace(known.schema, known.document, pointer),
        ...values(last, change)
      };
    }
    let parent: string | null = null;
    for (const s of inside) {
      if (typeof s === 'object') {
        words.push(s.id);
      } else {
        if (s !== 'parameters') {
          words.push(fieldLabel(parent, s));
        }
        parent = s;
      }
    }
    return { verb, place: words.join(' › '), ...values(last, change) };
  }
  const rest = segments.slice(i).map(s => (typeof s === 'string' ? s : s.id));
  return {
    verb,
    place: [...words, ...rest].join(' › ') || 'the document',
    ...values(null, change)
  };
}

/** The JSON pointer of a rule's field in `document`, or null when the rule is not there. */
function pointerOf(
  document: unknown,
  section: string[],
  id: string,
  keys: string[]
): string | null {
  let node: unknown = document;
  for (const key of section) {
    node = isObject(node) ? node[key] : undefined;
  }
  const rules = isObject(node) && Array.isArray(node.rules) ? node.rules : [];
  const index = rules.findIndex(r => isObject(r) && r.id === id);
  return index < 0 ? null : `/${[...section, 'rules', String(index), ...keys].join('/')}`;
}

function values(key: string | null, change: RulesChange): Pick<ChangeInWords, 'before' | 'after'> {
  return {
    ...(change.before !== undefined ? { before: show(key, change.before) } : {}),
    ...(change.after !== undefined ? { after: show(key, change.after) } : {})
  };
}

/** A value as the form shows it: choices in words, lists joined, yes / no. */
function show(key: string | null, value: unknown): string {
  const one = (v: unknown): string =>
    typeof v === 'string'
      ? key
        ? choiceLabel(key, v)
        : v
      : typeof v === 'boolean'
        ? v
          ? 'yes'
          : 'no'
        : JSON.stringify(v);
  if (Array.isArray(value) && value.every(v => typeof v !== 'object' || v === null)) {
    return value.length === 0 ? '(none)' : value.map(one).join(', ');
  }
  return one(value);
}
