import { InputError } from '../errors';

/** A positive integer path or query parameter, e.g. a request id. */
export function parseId(raw: unknown, field = 'id'): number {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,15}$/.test(raw)) {
    throw new InputError(`"${String(raw)}" is not a valid ${field}.`, { field });
  }
  return Number(raw);
}

/** An optional positive integer query parameter, with a ceiling. */
export function parseLimit(raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  return Math.min(parseId(raw, 'limit'), max);
}

/** `true`/`false` query flags. */
export function parseFlag(raw: unknown, field: string): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true' || raw === '') return true;
  throw new InputError(`${field} must be true or false.`, { field });
}

/** An optional query flag that is exactly `true` or `false` (absent: false). */
export function parseBoolean(raw: unknown, field: string): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new InputError(`${field} must be true or false.`, { field });
}
