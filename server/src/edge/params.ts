import { InputError } from '../errors';
import { BUNDLE_PATH_PATTERN, MAX_BUNDLE_PATH, MAX_ID } from './api/parameters';

/**
 * A positive integer path or query parameter, e.g. a request id: decimal digits, 1 to MAX_ID,
 * as the OpenAPI document states (api/parameters.ts).
 */
export function parseId(raw: unknown, field = 'id'): number {
  const value = typeof raw === 'string' && /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(value <= MAX_ID)) {
    throw new InputError(
      `"${String(raw)}" is not a valid ${field}: use a whole number from 1 to ${MAX_ID}.`,
      {
        field
      }
    );
  }
  return value;
}

/** An optional integer query parameter from 1 to `max`; anything above is refused, not cut. */
export function parseLimit(raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = parseId(raw, 'limit');
  if (value > max) {
    throw new InputError(`limit must be at most ${max}.`, { field: 'limit', max });
  }
  return value;
}

/** `true`/`false` query flags. */
export function parseFlag(raw: unknown, field: string): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new InputError(`${field} must be true or false.`, { field });
}

/** An optional query flag that is exactly `true` or `false` (absent: false). */
export function parseBoolean(raw: unknown, field: string): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new InputError(`${field} must be true or false.`, { field });
}

const BUNDLE_PATH = new RegExp(BUNDLE_PATH_PATTERN);

/** A bundle file path as the document allows it (the git layer checks it again). */
export function parseBundlePath(raw: string, field = 'path'): string {
  if (raw.length > MAX_BUNDLE_PATH || !BUNDLE_PATH.test(raw)) {
    throw new InputError(
      `Invalid file path ${JSON.stringify(raw.slice(0, 80))}: at most ${MAX_BUNDLE_PATH} characters, "/"-separated names of letters, digits, "_", "." and "-", none starting with "." or "-".`,
      { field }
    );
  }
  return raw;
}
