/**
 * The admin-written patterns of a rule set, as jobs the service may run elsewhere (a worker
 * thread: on megabytes of outputs RE2 in JavaScript takes tens of milliseconds). The engine
 * uses the answers when given and matches itself otherwise, with the same results.
 */
import type { EvaluationFacts } from './facts';
import { cachedPattern, findAll } from './regex';
import type { ScanText } from './secretText';
import type { Rule } from './types';

export interface ScanOptions {
  outputs: boolean;
  metadata: boolean;
}

export interface PatternJob {
  key: string;
  scan: ScanOptions;
  source: string;
  ignoreCase: boolean;
  limit: number;
}

export const FORBIDDEN_LIMIT = 1000;
export const SECRET_PATTERN_LIMIT = 50;

export function patternKey(scan: ScanOptions, source: string, ignoreCase: boolean): string {
  return `${scan.outputs ? 'o' : '-'}${scan.metadata ? 'm' : '-'}${ignoreCase ? 'i' : '-'}:${source}`;
}

/** Where content rules' forbidden patterns look: sources, or the whole decoded text. */
export function forbiddenScan(scope: string | undefined): ScanOptions {
  const all = scope === 'sources_and_outputs';
  return { outputs: all, metadata: all };
}

/** Every pattern the active and evaluate rules will run. */
export function patternJobs(rules: readonly Rule[]): PatternJob[] {
  const jobs = new Map<string, PatternJob>();
  const add = (scan: ScanOptions, source: string, ignoreCase: boolean, limit: number) => {
    const key = patternKey(scan, source, ignoreCase);
    if (!jobs.has(key)) jobs.set(key, { key, scan, source, ignoreCase, limit });
  };
  for (const rule of rules) {
    if ((rule.enforcement ?? 'active') === 'disabled') continue;
    if (rule.type === 'content') {
      for (const f of rule.parameters?.forbiddenPatterns ?? []) {
        add(forbiddenScan(f.scope), f.pattern, f.ignoreCase ?? false, FORBIDDEN_LIMIT);
      }
    } else if (rule.type === 'secrets') {
      const scan = {
        outputs: rule.parameters?.scanOutputs ?? true,
        metadata: rule.parameters?.scanMetadata ?? true
      };
      for (const p of rule.parameters?.patterns ?? [])
        add(scan, p.pattern, false, SECRET_PATTERN_LIMIT);
    }
  }
  return [...jobs.values()];
}

/** The matches of one pattern: from the facts when the service ran it, else here. */
export function matchesOf(
  facts: EvaluationFacts,
  scan: ScanText,
  options: ScanOptions,
  source: string,
  ignoreCase: boolean,
  limit: number
): [number, number][] {
  const given = facts.patternMatches?.get(patternKey(options, source, ignoreCase));
  return given ?? findAll(cachedPattern(source, ignoreCase), scan.content, limit);
}
