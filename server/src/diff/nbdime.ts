/**
 * nbdime's diff format (nbdime/diff_format.schema.json): a list of entries, each an op on a
 * key of the parent (dict: add, remove, replace, patch; list: addrange, removerange, patch;
 * multiline string: line-based addrange/removerange). Patching base with it gives head, as
 * nbdime's `patch_notebook` applies it to notebooks read by nbformat (multiline strings
 * joined). Cells are aligned as in the cell diff; a moved cell, which the format cannot
 * express, becomes a removal and an addition.
 */
import type { DiffOptions } from './types';
import { diffNotebooks } from './notebook';
import { checkNotebook } from './input';
import { Interner, matchSequences, type Block } from './sequence';
import { jsonEqual } from './values';

export type NbdimeEntry =
  | { op: 'add'; key: string; value: unknown }
  | { op: 'remove'; key: string }
  | { op: 'replace'; key: string | number; value: unknown }
  | { op: 'addrange'; key: number; valuelist: unknown[] }
  | { op: 'removerange'; key: number; length: number }
  | { op: 'patch'; key: string | number; diff: NbdimeEntry[] };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isJsonMime = (m: string) => m === 'application/json' || /^application\/.+\+json$/.test(m);
const joined = (v: unknown) =>
  Array.isArray(v) && v.every(x => typeof x === 'string') ? v.join('') : v;

function rejoinBundle(data: unknown): unknown {
  if (!isObject(data)) {
    return data;
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = isJsonMime(k) ? v : joined(v);
  }
  return out;
}

/** The notebook as nbformat reads it: multiline lists joined into strings (rejoin_lines). */
export function rejoinLines(nb: Json): Json {
  const cells = (nb.cells as Json[]).map(c => {
    const cell: Json = { ...c };
    if (Array.isArray(cell.source)) {
      cell.source = joined(cell.source);
    }
    if (isObject(cell.attachments)) {
      cell.attachments = Object.fromEntries(
        Object.entries(cell.attachments).map(([k, v]) => [k, rejoinBundle(v)])
      );
    }
    if (cell.cell_type === 'code' && Array.isArray(cell.outputs)) {
      cell.outputs = (cell.outputs as Json[]).map(o => {
        const t = o.output_type;
        if (t === 'execute_result' || t === 'display_data') {
          return o.data === undefined ? o : { ...o, data: rejoinBundle(o.data) };
        }
        return typeof t === 'string' && t !== '' && Array.isArray(o.text)
          ? { ...o, text: joined(o.text) }
          : o;
      });
    }
    return cell;
  });
  return { ...nb, cells };
}

/** Python's str.splitlines(True): nbdime splits and patches strings with it. */
export function pySplitLines(s: string): string[] {
  const out: string[] = [];
  // eslint-disable-next-line no-control-regex -- these separators are what Python splits on
  const re = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let start = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push(s.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  if (start < s.length) {
    out.push(s.slice(start));
  }
  return out;
}

/** Regions between equal blocks as addrange/removerange entries (nbdime's order: add first). */
function rangeOps<T>(blocks: Block[], na: number, nb: number, head: T[]): NbdimeEntry[] {
  const out: NbdimeEntry[] = [];
  let pa = 0;
  let pb = 0;
  for (const blk of [...blocks, { a: na, b: nb, n: 0 }]) {
    if (blk.b > pb) {
      out.push({ op: 'addrange', key: pa, valuelist: head.slice(pb, blk.b) });
    }
    if (blk.a > pa) {
      out.push({ op: 'removerange', key: pa, length: blk.a - pa });
    }
    pa = blk.a + blk.n;
    pb = blk.b + blk.n;
  }
  return out;
}

/** Line-based diff of a multiline string. */
function stringDiff(a: string, b: string): NbdimeEntry[] {
  const la = pySplitLines(a);
  const lb = pySplitLines(b);
  const ids = new Interner();
  const m = matchSequences(
    Int32Array.from(la, l => ids.id(l)),
    Int32Array.from(lb, l => ids.id(l)),
    4000
  );
  return rangeOps(m.blocks, la.length, lb.length, lb);
}

/** Keys whose string values nbdime diffs line by line. */
const MULTILINE = new Set(['source', 'text']);

function valueDiff(
  a: unknown,
  b: unknown,
  key: string | number,
  multiline: boolean
): NbdimeEntry[] {
  if (jsonEqual(a, b)) {
    return [];
  }
  if (isObject(a) && isObject(b)) {
    return [{ op: 'patch', key, diff: dictDiff(a, b, key === 'data') }];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return [{ op: 'patch', key, diff: listDiff(a, b) }];
  }
  if (multiline && typeof a === 'string' && typeof b === 'string') {
    return [{ op: 'patch', key, diff: stringDiff(a, b) }];
  }
  return [{ op: 'replace', key, value: b }];
}

/** Dict diff; in a mime bundle (`data`) only text mimetypes are diffed line by line. */
function dictDiff(a: Json, b: Json, mimeBundle = false, skip: ReadonlySet<string> = new Set()) {
  const out: NbdimeEntry[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (skip.has(k)) {
      continue;
    }
    const inA = Object.prototype.hasOwnProperty.call(a, k);
    const inB = Object.prototype.hasOwnProperty.call(b, k);
    if (!inA) {
      out.push({ op: 'add', key: k, value: b[k] });
    } else if (!inB) {
      out.push({ op: 'remove', key: k });
    } else {
      const multiline = mimeBundle ? k.startsWith('text/') : MULTILINE.has(k);
      out.push(...valueDiff(a[k], b[k], k, multiline));
    }
  }
  return out;
}

/** A list diff: equal items kept, items of the same kind in a changed region patched. */
function listDiff(a: unknown[], b: unknown[]): NbdimeEntry[] {
  const ids = new Interner();
  const key = (v: unknown) => ids.id(JSON.stringify(v));
  const m = matchSequences(Int32Array.from(a, key), Int32Array.from(b, key), 2000);
  const out: NbdimeEntry[] = [];
  let pa = 0;
  let pb = 0;
  for (const blk of [...m.blocks, { a: a.length, b: b.length, n: 0 }]) {
    // Pair the region's items one to one where they are outputs of the same type.
    let i = pa;
    let j = pb;
    while (i < blk.a && j < blk.b) {
      const x = a[i];
      const y = b[j];
      if (isObject(x) && isObject(y) && x.output_type === y.output_type) {
        out.push({ op: 'patch', key: i, diff: dictDiff(x, y) });
        i++;
        j++;
      } else {
        break;
      }
    }
    if (j < blk.b) {
      out.push({ op: 'addrange', key: i, valuelist: b.slice(j, blk.b) });
    }
    if (i < blk.a) {
      out.push({ op: 'removerange', key: i, length: blk.a - i });
    }
    pa = blk.a + blk.n;
    pb = blk.b + blk.n;
  }
  return out;
}

function cellSkips(o: DiffOptions): Set<string> {
  const s = new Set<string>();
  if (o.ignoreOutputs) {
    s.add('outputs');
  }
  if (o.ignoreExecutionCounts) {
    s.add('execution_count');
  }
  if (o.ignoreMetadata) {
    s.add('metadata');
  }
  if (o.ignoreIds) {
    s.add('id');
  }
  return s;
}

/**
 * nbdime's diff of two notebooks, with cells aligned by the cell diff. The ignore options
 * leave the parts they name out (as nbdime's own do), so only without them does patching
 * give head exactly.
 */
export function toNbdimeDiff(baseNb: unknown, headNb: unknown, options: DiffOptions = {}) {
  const base = rejoinLines(checkNotebook(baseNb, 'base'));
  const head = rejoinLines(checkNotebook(headNb, 'head'));
  const cellsA = base.cells as Json[];
  const cellsB = head.cells as Json[];
  const nd = diffNotebooks(base, head, { ...options, ignoreWhitespace: false });
  const skip = cellSkips(options);
  const ops: { key: number; rank: number; e: NbdimeEntry }[] = [];
  let take = 0;
  for (const c of nd.cells) {
    if (c.status === 'unchanged' || c.status === 'modified') {
      const i = c.baseIndex!;
      const d = dictDiff(cellsA[i], cellsB[c.headIndex!], false, skip);
      if (d.length > 0) {
        ops.push({ key: i, rank: 1, e: { op: 'patch', key: i, diff: d } });
      }
      take = i + 1;
    } else if (c.status === 'removed') {
      ops.push({
        key: c.baseIndex!,
        rank: 1,
        e: { op: 'removerange', key: c.baseIndex!, length: 1 }
      });
      take = c.baseIndex! + 1;
    } else {
      if (c.status === 'moved') {
        const i = c.baseIndex!;
        ops.push({ key: i, rank: 1, e: { op: 'removerange', key: i, length: 1 } });
      }
      ops.push({
        key: take,
        rank: 0,
        e: { op: 'addrange', key: take, valuelist: [cellsB[c.headIndex!]] }
      });
    }
  }
  // Sorted by key, additions before the removal or patch at the same key; runs merged.
  ops.sort((x, y) => x.key - y.key || x.rank - y.rank);
  const cellOps: NbdimeEntry[] = [];
  for (const { e } of ops) {
    const last = cellOps[cellOps.length - 1];
    if (last?.op === 'addrange' && e.op === 'addrange' && last.key === e.key) {
      last.valuelist.push(...e.valuelist);
    } else if (
      last?.op === 'removerange' &&
      e.op === 'removerange' &&
      last.key + last.length === e.key
    ) {
      last.length += e.length;
    } else {
      cellOps.push(e);
    }
  }
  const topSkip = new Set(['cells', ...(options.ignoreMetadata ? ['metadata'] : [])]);
  const top = dictDiff(base, head, false, topSkip);
  if (cellOps.length > 0) {
    top.push({ op: 'patch', key: 'cells', diff: cellOps });
  }
  return top.sort((x, y) => String(x.key).localeCompare(String(y.key)));
}
