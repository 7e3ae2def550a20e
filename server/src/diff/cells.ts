import type { AttachmentChange, CellDiff, CellStatus, Coarse } from './types';
import type { CellInfo, Json } from './cellInfo';
import type { DiffContext } from './context';
import { diffOutputs, oneSidedOutputs } from './outputs';
import { diffText, oneSided, UNCHANGED } from './text';
import { diffValues, jsonEqual } from './values';

// Tags are reported apart; `trusted` is JupyterLab's transient trust flag, which it writes
// into every cell on save: a notebook saved in Lab would otherwise differ on every cell.
const NOT_METADATA = new Set(['tags', 'trusted']);

function attachments(a: Json, b: Json): AttachmentChange[] {
  const aa = (a.attachments ?? {}) as Record<string, Json>;
  const bb = (b.attachments ?? {}) as Record<string, Json>;
  const out: AttachmentChange[] = [];
  for (const name of [...new Set([...Object.keys(aa), ...Object.keys(bb)])].sort()) {
    const inA = Object.prototype.hasOwnProperty.call(aa, name);
    const inB = Object.prototype.hasOwnProperty.call(bb, name);
    const mimes = Object.keys((inB ? bb[name] : aa[name]) ?? {}).sort();
    if (!inA) {
      out.push({ name, op: 'added', mimes });
    } else if (!inB) {
      out.push({ name, op: 'removed', mimes });
    } else if (!jsonEqual(aa[name], bb[name])) {
      out.push({ name, op: 'changed', mimes });
    }
  }
  return out;
}

function executionCount(c: Json): number | null {
  return typeof c.execution_count === 'number' ? c.execution_count : null;
}

function base(info: CellInfo, side: 'base' | 'head', d: Partial<CellDiff>): void {
  if (side === 'base') {
    d.baseIndex = info.index;
    if (info.id !== undefined) {
      d.baseId = info.id;
    }
    if (info.step) {
      d.baseStep = info.step;
    }
  } else {
    d.headIndex = info.index;
    if (info.id !== undefined) {
      d.headId = info.id;
    }
    if (info.step) {
      d.headStep = info.step;
    }
  }
}

/** Two cells taken as the same cell; `moved` when found at another place. */
export function diffCellPair(x: CellInfo, y: CellInfo, moved: boolean, ctx: DiffContext): CellDiff {
  const coarse: Coarse[] = [];
  const o = ctx.opts;
  const source = diffText(x.source, y.source, ctx, 'source');
  if (source.coarse) {
    coarse.push(source.coarse);
  }
  const outputs = diffOutputs(x.raw.outputs, y.raw.outputs, ctx, coarse);
  const tagsAdded = y.tags.filter(t => !x.tags.includes(t));
  const tagsRemoved = x.tags.filter(t => !y.tags.includes(t));
  const metadata = o.ignoreMetadata ? [] : diffValues(x.raw.metadata, y.raw.metadata, NOT_METADATA);
  const att = attachments(x.raw, y.raw);
  const ea = executionCount(x.raw);
  const eb = executionCount(y.raw);
  const countChanged = x.type === 'code' && !o.ignoreExecutionCounts && ea !== eb;
  const idChanged = !o.ignoreIds && x.raw.id !== y.raw.id;
  const changed =
    source.changed ||
    outputs.changed ||
    tagsAdded.length + tagsRemoved.length > 0 ||
    metadata.length > 0 ||
    att.length > 0 ||
    countChanged ||
    idChanged;
  const status: CellStatus = moved ? 'moved' : changed ? 'modified' : 'unchanged';
  const d: CellDiff = {
    status,
    cellType: y.type,
    edited: moved && changed,
    source,
    outputs: changed ? outputs.diffs : [],
    metadata,
    attachments: att,
    coarse
  };
  base(x, 'base', d);
  base(y, 'head', d);
  if (countChanged) {
    d.executionCount = { base: ea, head: eb };
  }
  if (tagsAdded.length + tagsRemoved.length > 0) {
    d.tags = { added: tagsAdded, removed: tagsRemoved };
  }
  return d;
}

/** A cell on one side only. */
export function oneSidedCell(c: CellInfo, side: 'added' | 'removed', ctx: DiffContext): CellDiff {
  const coarse: Coarse[] = [];
  const source = oneSided(c.source, side, ctx, 'source');
  if (source.coarse) {
    coarse.push(source.coarse);
  }
  const names = Object.keys((c.raw.attachments ?? {}) as Json).sort();
  const d: CellDiff = {
    status: side,
    cellType: c.type,
    edited: false,
    source: source.changed ? source : UNCHANGED,
    outputs: oneSidedOutputs(c.raw.outputs, side, ctx, coarse),
    metadata: [],
    attachments: names.map(name => ({
      name,
      op: side,
      mimes: Object.keys(((c.raw.attachments as Json)[name] ?? {}) as Json).sort()
    })),
    coarse
  };
  base(c, side === 'added' ? 'head' : 'base', d);
  if (c.tags.length > 0) {
    d.tags = side === 'added' ? { added: c.tags, removed: [] } : { added: [], removed: c.tags };
  }
  if (c.type === 'code' && !ctx.opts.ignoreExecutionCounts) {
    const e = executionCount(c.raw);
    d.executionCount = side === 'added' ? { base: null, head: e } : { base: e, head: null };
  }
  return d;
}
