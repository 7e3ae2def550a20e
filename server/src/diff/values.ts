import type { ValueChange } from './types';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values; strings compare natively, so big equal blobs are cheap. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) {
      return false;
    }
    for (let i = 0; i < a.length; i++) {
      if (!jsonEqual(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }
  if (Array.isArray(b)) {
    return false;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) {
    return false;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(rb, k) || !jsonEqual(ra[k], rb[k])) {
      return false;
    }
  }
  return true;
}

/** Key-by-key changes of two JSON objects; nested objects are followed, arrays compared whole. */
export function diffValues(
  base: unknown,
  head: unknown,
  skip: ReadonlySet<string> = new Set(),
  path: string[] = []
): ValueChange[] {
  const a = isObject(base) ? base : {};
  const b = isObject(head) ? head : {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const out: ValueChange[] = [];
  for (const k of keys) {
    if (path.length === 0 && skip.has(k)) {
      continue;
    }
    const has = (o: object) => Object.prototype.hasOwnProperty.call(o, k);
    const p = [...path, k];
    if (!has(a)) {
      out.push({ path: p, op: 'added', head: b[k] });
    } else if (!has(b)) {
      out.push({ path: p, op: 'removed', base: a[k] });
    } else if (isObject(a[k]) && isObject(b[k])) {
      out.push(...diffValues(a[k], b[k], skip, p));
    } else if (!jsonEqual(a[k], b[k])) {
      out.push({ path: p, op: 'changed', base: a[k], head: b[k] });
    }
  }
  return out;
}
