/**
 * The rules document as the editor handles it: one section per tab (the defaults and each
 * environment), the JSON text view, and validation problems sorted by the tab they belong to.
 * Pure; the schema itself is in schema/rules.schema.json.
 */
import type { RulesDocument, RulesScope } from '../client/types';

export const TABS: readonly RulesScope[] = ['defaults', 'dev', 'stage', 'prod'];

/** A problem in the document at a JSON pointer (`/environments/prod/rules/0/parameters`). */
export interface RulesProblem {
  path: string;
  message: string;
}

/** A rule set: the list of rules one tab holds. */
export type RuleSet = { rules?: unknown[] } & Record<string, unknown>;

/** Where a tab's rule set sits in the document. */
export function sectionPath(tab: RulesScope): string[] {
  return tab === 'defaults' ? ['defaults'] : ['environments', tab];
}

/** The rule set of one tab (an empty one when the document has none yet). */
export function sectionOf(document: RulesDocument, tab: RulesScope): RuleSet {
  let node: unknown = document;
  for (const key of sectionPath(tab)) {
    node = isObject(node) ? node[key] : undefined;
  }
  return isObject(node) ? (node as RuleSet) : { rules: [] };
}

/** A copy of the document with one tab's rule set replaced; the rest is shared, unchanged. */
export function withSection(
  document: RulesDocument,
  tab: RulesScope,
  section: RuleSet
): RulesDocument {
  if (tab === 'defaults') {
    return { ...document, defaults: section };
  }
  const environments = isObject(document.environments) ? document.environments : {};
  return { ...document, environments: { ...environments, [tab]: section } };
}

/** The tab a problem's path belongs to, or null for the document's own fields. */
export function tabOf(path: string): RulesScope | null {
  const [first, second] = path.split('/').filter(Boolean);
  if (first === 'defaults') {
    return 'defaults';
  }
  if (first === 'environments' && (second === 'dev' || second === 'stage' || second === 'prod')) {
    return second;
  }
  return null;
}

/** How many problems each tab has (for the badges on the tabs). */
export function problemCounts(problems: RulesProblem[]): Record<RulesScope, number> {
  const counts: Record<RulesScope, number> = { defaults: 0, dev: 0, stage: 0, prod: 0 };
  for (const p of problems) {
    const tab = tabOf(p.path);
    if (tab) {
      counts[tab]++;
    }
  }
  return counts;
}

/** The document as the JSON view shows it. */
export function toJsonText(document: RulesDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Parse the JSON view's text; a syntax error names its line and column. */
export function parseJsonText(
  text: string
): { ok: true; document: RulesDocument } | { ok: false; problem: RulesProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (reason) {
    const message = reason instanceof Error ? reason.message : String(reason);
    const at = /position (\d+)/.exec(message);
    const where = at ? lineAndColumn(text, Number(at[1])) : '';
    return {
      ok: false,
      problem: { path: '', message: `Not valid JSON${where ? ` at ${where}` : ''}: ${message}` }
    };
  }
  if (!isObject(value)) {
    return { ok: false, problem: { path: '', message: 'The rules must be one JSON object.' } };
  }
  return { ok: true, document: value };
}

/** A JSON pointer in words: `/environments/prod/rules/0/parameters/approvals` -> prod rule 1. */
export function describePath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) {
    return 'the document';
  }
  const tab = tabOf(path);
  const rest = parts.slice(tab === 'defaults' ? 1 : tab ? 2 : 0);
  const words: string[] = [tab === 'defaults' ? 'defaults' : (tab ?? '')].filter(Boolean);
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === 'rules' && /^\d+$/.test(rest[i + 1] ?? '')) {
      words.push(`rule ${Number(rest[i + 1]) + 1}`);
      i++;
    } else {
      words.push(rest[i]);
    }
  }
  return words.join(' › ');
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
