/**
 * Choosing the version of a promotion. Versions are per (project, algorithm) and immutable:
 * once used (tagged), a version is never used again, so the next one must rank above every
 * version ever used, not only above the latest promoted one.
 */
import { ConflictError } from '../errors';
import {
  bumpVersion,
  compareVersions,
  formatVersion,
  parseVersion,
  type BumpLevel
} from './semver';

/** The version of a first promotion when the notebook metadata names none. */
export const FIRST_VERSION = '1.0.0';

/** The parts of a pipeline manifest that decide the default bump. */
export interface PipelineSignature {
  steps: readonly { name: string; dependsOn?: readonly string[] }[];
  parameters: readonly { name: string; type?: string; default?: unknown }[];
}

/**
 * Default bump rule: `minor` when the pipeline's shape changed against what is promoted now
 * (a step added, removed or rewired; a parameter added, removed, retyped or given a new
 * default), `patch` otherwise (code inside steps, requirements, docs). `major` is never
 * automatic: breaking is a human judgement, made in the notebook metadata or by a reviewer.
 */
export function defaultBump(
  promoted: PipelineSignature | null,
  candidate: PipelineSignature
): BumpLevel {
  if (promoted === null) return 'minor';
  const steps = (p: PipelineSignature): string[] =>
    p.steps.map(s => JSON.stringify([s.name, [...(s.dependsOn ?? [])].sort()])).sort();
  const params = (p: PipelineSignature): string[] =>
    p.parameters.map(x => JSON.stringify([x.name, x.type ?? null, x.default ?? null])).sort();
  const same = (a: string[], b: string[]): boolean =>
    a.length === b.length && a.every((v, i) => v === b[i]);
  return same(steps(promoted), steps(candidate)) && same(params(promoted), params(candidate))
    ? 'patch'
    : 'minor';
}

export interface NextVersionInput {
  /** Every version ever used for this (project, algorithm): promoted, tagged or reserved. */
  used: readonly string[];
  /** A version asked for explicitly (notebook metadata); must rank above all used ones. */
  requested?: string | null;
  /** How to bump the highest used version when none is requested; default `patch`. */
  bump?: BumpLevel;
}

/** The version for the next promotion; ConflictError when a requested version is not new. */
export function nextVersion(input: NextVersionInput): string {
  const used = input.used.map(v => parseVersion(v, 'used version'));
  const highest = used.reduce<(typeof used)[number] | null>(
    (max, v) => (max === null || compareVersions(v, max) > 0 ? v : max),
    null
  );

  if (input.requested !== undefined && input.requested !== null) {
    const wanted = parseVersion(input.requested, 'version');
    const text = formatVersion(wanted);
    if (used.some(v => compareVersions(v, wanted) === 0)) {
      throw new ConflictError(
        `Version ${text} was already used; promoted versions are never reused.`,
        { version: text },
        'version_used'
      );
    }
    if (highest !== null && compareVersions(wanted, highest) < 0) {
      throw new ConflictError(
        `Version ${text} must be greater than ${formatVersion(highest)}, the highest used so far.`,
        { version: text, highest: formatVersion(highest) },
        'version_not_increasing'
      );
    }
    return text;
  }

  if (highest === null) return FIRST_VERSION;
  return formatVersion(bumpVersion(highest, input.bump ?? 'patch'));
}
