/** Deterministic text encodings used by every generated file. */

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** JSON with sorted keys, 2-space indent and a final newline: same value, same bytes. */
export function stableJson(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent) + '\n';
}

/** A Python string literal (single-quoted, escapes as JSON does, which Python accepts). */
export function pyString(s: string): string {
  const json = JSON.stringify(s);
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A Python literal for JSON-like data; dict keys sorted for stable output. */
export function pyLiteral(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent + 4);
  const end = ' '.repeat(indent);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : `float('${value}')`;
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(v => typeof v !== 'object' || v === null)) {
      const flat = `[${value.map(v => pyLiteral(v)).join(', ')}]`;
      if (flat.length + indent < 90) return flat;
    }
    return `[\n${value.map(v => pad + pyLiteral(v, indent + 4)).join(',\n')},\n${end}]`;
  }
  const entries = Object.keys(value as object)
    .sort()
    .filter(k => (value as Record<string, unknown>)[k] !== undefined);
  if (entries.length === 0) return '{}';
  const items = entries.map(
    k => `${pad}${pyString(k)}: ${pyLiteral((value as Record<string, unknown>)[k], indent + 4)}`
  );
  return `{\n${items.join(',\n')},\n${end}}`;
}

/** Turn any label into a Python identifier. */
export function identifier(label: string, fallback = 'pipeline'): string {
  let id = label
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (id === '') id = fallback;
  if (/^[0-9]/.test(id)) id = `p_${id}`;
  if (PY_KEYWORDS.has(id)) id = `${id}_`;
  return id;
}

const PY_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try ' +
    'while with yield match case type'
  ).split(' ')
);
