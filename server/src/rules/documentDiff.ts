/**
 * What changed between two rules documents, path by path. Rules are matched by id, so moving
 * a rule or editing one reads as one change at `$.environments.prod.rules[two-approvals]`.
 */
export interface DocumentChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function keyed(list: unknown[]): Map<string, unknown> | null {
  const out = new Map<string, unknown>();
  for (const item of list) {
    if (!isObject(item) || typeof item.id !== 'string' || out.has(item.id)) return null;
    out.set(item.id, item);
  }
  return out;
}

function walk(path: string, a: unknown, b: unknown, out: DocumentChange[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a === undefined) {
    out.push({ path, op: 'added', after: b });
    return;
  }
  if (b === undefined) {
    out.push({ path, op: 'removed', before: a });
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) walk(`${path}.${k}`, a[k], b[k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = keyed(a);
    const kb = keyed(b);
    if (ka && kb) {
      for (const [id, item] of ka) walk(`${path}[${id}]`, item, kb.get(id), out);
      for (const [id, item] of kb) if (!ka.has(id)) walk(`${path}[${id}]`, undefined, item, out);
      return;
    }
  }
  out.push({ path, op: 'changed', before: a, after: b });
}

export function diffDocuments(before: unknown, after: unknown): DocumentChange[] {
  const out: DocumentChange[] = [];
  walk('$', before, after, out);
  return out;
}
