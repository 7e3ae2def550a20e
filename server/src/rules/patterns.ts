/**
 * Where the admin-written patterns look and how many matches each reports. They run where the
 * engine runs (the service runs the engine on a worker thread), on RE2 semantics.
 */
import { cachedPattern, findInTexts } from './regex';
import type { ScanText } from './secretText';

export interface ScanOptions {
  outputs: boolean;
  metadata: boolean;
}

export const FORBIDDEN_LIMIT = 1000;
export const SECRET_PATTERN_LIMIT = 50;

/** Where content rules' forbidden patterns look: sources, or the whole decoded text. */
export function forbiddenScan(scope: string | undefined): ScanOptions {
  const all = scope === 'sources_and_outputs';
  return { outputs: all, metadata: all };
}

/** The matches of one pattern in the decoded notebook, each inside one text, at most `limit`. */
export function matchesOf(
  scan: ScanText,
  source: string,
  ignoreCase: boolean,
  limit: number
): [number, number][] {
  return findInTexts(cachedPattern(source, ignoreCase), scan.segments, limit);
}
