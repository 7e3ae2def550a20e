import type { Coarse, MimeChange, OutputDiff, TextDiff } from './types';
import type { DiffContext } from './context';
import { diffText, joinText, oneSided, UNCHANGED } from './text';
import { diffValues, jsonEqual } from './values';
import { base64Bytes, sha256Base64 } from './base64';

type Json = Record<string, unknown>;
type OutputType = OutputDiff['outputType'];

// eslint-disable-next-line no-control-regex -- ANSI escapes are what this strips
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/** Mimetypes whose values are text to diff line by line; everything else is compared by hash. */
export function isTextMime(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    mime === 'application/json' ||
    mime === 'application/javascript' ||
    mime === 'image/svg+xml' ||
    mime.endsWith('+json') ||
    mime.endsWith('+xml')
  );
}

function mimeText(v: unknown): string {
  if (typeof v === 'string' || Array.isArray(v)) {
    return Array.isArray(v) && v.some(x => typeof x !== 'string')
      ? JSON.stringify(v, null, 2)
      : joinText(v);
  }
  return JSON.stringify(v, null, 2) ?? '';
}

function binaryOf(v: unknown): string {
  return typeof v === 'string' ? v : joinText(v);
}

function outputType(o: Json): OutputType {
  const t = o.output_type;
  return t === 'stream' || t === 'error' || t === 'execute_result' ? t : 'display_data';
}

/** Equality of two outputs under the options (execution counts, metadata). */
export function outputsEqual(a: Json, b: Json, ctx: DiffContext): boolean {
  if (a.output_type !== b.output_type) {
    return false;
  }
  const skip = (k: string) =>
    (k === 'execution_count' && ctx.opts.ignoreExecutionCounts) ||
    (k === 'metadata' && ctx.opts.ignoreMetadata);
  for (const k in a) {
    if (!skip(k) && !jsonEqual(a[k], b[k])) {
      return false;
    }
  }
  for (const k in b) {
    if (!skip(k) && !(k in a) && b[k] !== undefined) {
      return false;
    }
  }
  return true;
}

function pairable(a: Json, b: Json): boolean {
  return a.output_type === b.output_type && (a.output_type !== 'stream' || a.name === b.name);
}

function mimeChanges(a: Json | undefined, b: Json | undefined, ctx: DiffContext, coarse: Coarse[]) {
  const da = (a?.data ?? {}) as Json;
  const db = (b?.data ?? {}) as Json;
  const out: MimeChange[] = [];
  for (const mime of [...new Set([...Object.keys(da), ...Object.keys(db)])].sort()) {
    const inA = Object.prototype.hasOwnProperty.call(da, mime);
    const inB = Object.prototype.hasOwnProperty.call(db, mime);
    const op: MimeChange['op'] = !inA
      ? 'added'
      : !inB
        ? 'removed'
        : jsonEqual(da[mime], db[mime])
          ? 'unchanged'
          : 'changed';
    const change: MimeChange = { mime, op };
    if (isTextMime(mime)) {
      if (op !== 'unchanged') {
        let text: TextDiff;
        if (op === 'changed') {
          text = diffText(mimeText(da[mime]), mimeText(db[mime]), ctx, `output ${mime}`);
        } else {
          const side = op === 'added' ? db[mime] : da[mime];
          text = oneSided(mimeText(side), op, ctx, `output ${mime}`);
        }
        change.text = text;
        if (text.coarse) {
          coarse.push(text.coarse);
        }
      }
    } else if (op !== 'unchanged') {
      const sa = inA ? binaryOf(da[mime]) : undefined;
      const sb = inB ? binaryOf(db[mime]) : undefined;
      change.binary = {
        ...(sa !== undefined ? { baseBytes: base64Bytes(sa) } : {}),
        ...(sb !== undefined ? { headBytes: base64Bytes(sb) } : {}),
        // Hashes only where they tell something: a changed blob on either side.
        ...(op === 'changed' && sa !== undefined ? { baseSha256: sha256Base64(sa) } : {}),
        ...(op === 'changed' && sb !== undefined ? { headSha256: sha256Base64(sb) } : {})
      };
    }
    out.push(change);
  }
  return out;
}

function errorOf(o: Json | undefined) {
  return o ? { ename: String(o.ename ?? ''), evalue: String(o.evalue ?? '') } : undefined;
}

function traceback(o: Json | undefined): string {
  const tb = o?.traceback;
  return Array.isArray(tb) ? tb.map(l => String(l).replace(ANSI, '')).join('\n') : '';
}

/** One output against another (either may be absent: an added or removed output). */
function diffOutput(
  a: Json | undefined,
  b: Json | undefined,
  baseIndex: number | undefined,
  headIndex: number | undefined,
  ctx: DiffContext,
  coarse: Coarse[]
): OutputDiff {
  const any = (b ?? a) as Json;
  const type = outputType(any);
  const op: OutputDiff['op'] = !a ? 'added' : !b ? 'removed' : 'modified';
  const d: OutputDiff = { op, outputType: type };
  if (baseIndex !== undefined) {
    d.baseIndex = baseIndex;
  }
  if (headIndex !== undefined) {
    d.headIndex = headIndex;
  }
  const note = (t: TextDiff) => {
    if (t.coarse) {
      coarse.push(t.coarse);
    }
    return t;
  };
  if (type === 'stream') {
    const ta = joinText(a?.text);
    const tb = joinText(b?.text);
    const text =
      a && b
        ? diffText(ta, tb, ctx, 'output')
        : oneSided(a ? ta : tb, op as 'added', ctx, 'output');
    d.stream = { name: String(any.name ?? 'stdout'), text: note(text) };
  } else if (type === 'error') {
    const ta = traceback(a);
    const tb = traceback(b);
    const text =
      a && b
        ? diffText(ta, tb, ctx, 'traceback')
        : oneSided(a ? ta : tb, op as 'added', ctx, 'traceback');
    d.error = {
      ...(a ? { base: errorOf(a) } : {}),
      ...(b ? { head: errorOf(b) } : {}),
      traceback: note(text)
    };
  } else {
    d.data = mimeChanges(a, b, ctx, coarse);
    if (type === 'execute_result' && !ctx.opts.ignoreExecutionCounts) {
      const ea = (a?.execution_count ?? null) as number | null;
      const eb = (b?.execution_count ?? null) as number | null;
      if (!a || !b || ea !== eb) {
        d.executionCount = { base: a ? ea : null, head: b ? eb : null };
      }
    }
  }
  if (!ctx.opts.ignoreMetadata && a && b) {
    const md = diffValues(a.metadata, b.metadata);
    if (md.length > 0) {
      d.metadata = md;
    }
  }
  return d;
}

/** Pairs of equal outputs in order (an LCS; outputs per cell are few). */
function equalPairs(a: Json[], b: Json[], ctx: DiffContext): [number, number][] {
  const n = a.length;
  const m = b.length;
  if (n * m > 4096) {
    // Too many to compare all pairs: compare position by position.
    const out: [number, number][] = [];
    for (let i = 0; i < Math.min(n, m); i++) {
      if (outputsEqual(a[i], b[i], ctx)) {
        out.push([i, i]);
      }
    }
    return out;
  }
  // Each pair is compared once (outputs hold images and tables); one table for the LCS.
  const same = new Uint8Array(n * m);
  const w = m + 1;
  const dp = new Int32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const e = outputsEqual(a[i], b[j], ctx);
      same[i * m + j] = e ? 1 : 0;
      dp[i * w + j] = e
        ? dp[(i + 1) * w + j + 1] + 1
        : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
    }
  }
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (dp[i * w + j] === dp[(i + 1) * w + j + 1] + 1 && same[i * m + j] === 1) {
      out.push([i, j]);
      i++;
      j++;
    } else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) {
      i++;
    } else {
      j++;
    }
  }
  return out;
}

export interface OutputsResult {
  diffs: OutputDiff[];
  changed: boolean;
}

/** The outputs of two matched cells, one by one, in head order. */
export function diffOutputs(
  baseOutputs: unknown,
  headOutputs: unknown,
  ctx: DiffContext,
  coarse: Coarse[]
): OutputsResult {
  const a = (Array.isArray(baseOutputs) ? baseOutputs : []) as Json[];
  const b = (Array.isArray(headOutputs) ? headOutputs : []) as Json[];
  if (ctx.opts.ignoreOutputs || (a.length === 0 && b.length === 0)) {
    return { diffs: [], changed: false };
  }
  const diffs: OutputDiff[] = [];
  let changed = false;
  const gap = (i0: number, i1: number, j0: number, j1: number) => {
    let i = i0;
    let j = j0;
    while (i < i1 || j < j1) {
      if (i < i1 && j < j1 && pairable(a[i], b[j])) {
        diffs.push(diffOutput(a[i], b[j], i, j, ctx, coarse));
        i++;
        j++;
      } else if (i < i1) {
        diffs.push(diffOutput(a[i], undefined, i, undefined, ctx, coarse));
        i++;
      } else {
        diffs.push(diffOutput(undefined, b[j], undefined, j, ctx, coarse));
        j++;
      }
      changed = true;
    }
  };
  let pi = 0;
  let pj = 0;
  for (const [i, j] of [...equalPairs(a, b, ctx), [a.length, b.length] as [number, number]]) {
    gap(pi, i, pj, j);
    if (i < a.length) {
      diffs.push({ op: 'unchanged', baseIndex: i, headIndex: j, outputType: outputType(b[j]) });
    }
    pi = i + 1;
    pj = j + 1;
  }
  return { diffs, changed };
}

/** Outputs of a cell present on one side only. */
export function oneSidedOutputs(
  outputs: unknown,
  side: 'added' | 'removed',
  ctx: DiffContext,
  coarse: Coarse[]
): OutputDiff[] {
  const list = (Array.isArray(outputs) ? outputs : []) as Json[];
  if (ctx.opts.ignoreOutputs) {
    return [];
  }
  return list.map((o, k) =>
    side === 'added'
      ? diffOutput(undefined, o, undefined, k, ctx, coarse)
      : diffOutput(o, undefined, k, undefined, ctx, coarse)
  );
}

export { UNCHANGED };
