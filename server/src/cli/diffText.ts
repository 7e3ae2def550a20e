/** Terminal rendering of a ReviewDiff: the pipeline summary first, then the changed cells. */
import type { CellDiff, Hunk, OutputDiff, PipelineDiff, ReviewDiff, TextDiff } from '../diff';

export interface Paint {
  red(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  /** Changed characters inside a line. */
  mark(s: string, kind: 'removed' | 'added'): string;
  /** Set when nothing is painted: changed ranges then need no marking. */
  plain?: boolean;
}

const esc = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;

export function paint(color: boolean): Paint {
  if (!color) {
    const id = (s: string) => s;
    return { red: id, green: id, cyan: id, bold: id, mark: id, plain: true };
  }
  return {
    red: esc('31'),
    green: esc('32'),
    cyan: esc('36'),
    bold: esc('1'),
    mark: (s, kind) => `\u001b[${kind === 'removed' ? '41' : '42'};30m${s}\u001b[0m`
  };
}

const show = (v: unknown) => JSON.stringify(v);

/**
 * Notebook text is untrusted: control characters (a stray escape sequence could rewrite the
 * terminal) are printed as visible escapes; tabs stay.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this replaces
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
export function clean(s: string): string {
  return s.replace(CONTROL, ch => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function pipelineLines(p: PipelineDiff): string[] {
  const out: string[] = [];
  const sign = (op: string) => (op === 'added' ? '+' : op === 'removed' ? '-' : '~');
  for (const s of p.steps) {
    const bits: string[] = [];
    if (s.renamedFrom) {
      bits.push(`renamed from ${s.renamedFrom}`);
    }
    if (s.renamedTo) {
      bits.push(`renamed to ${s.renamedTo}`);
    }
    if (s.changedCells.length > 0 && s.op === 'changed') {
      bits.push(`cells changed: ${s.changedCells.join(', ')}`);
    }
    for (const [what, l] of [
      ['inputs', s.inputs],
      ['outputs', s.outputs],
      ['depends on', s.dependsOn],
      ['parameters', s.parameters]
    ] as const) {
      if (l) {
        bits.push(
          `${what} ${[...l.added.map(x => `+${x}`), ...l.removed.map(x => `-${x}`)].join(' ')}`
        );
      }
    }
    if (s.resources) {
      bits.push(`resources ${s.resources.map(r => r.path.join('.')).join(', ')}`);
    }
    out.push(
      `  ${sign(s.op)} step ${s.name} (${s.op}${bits.length ? `; ${bits.join('; ')}` : ''})`
    );
  }
  for (const e of p.edges.added) {
    out.push(`  + edge ${e.from} -> ${e.to}`);
  }
  for (const e of p.edges.removed) {
    out.push(`  - edge ${e.from} -> ${e.to}`);
  }
  for (const q of p.parameters) {
    const v =
      q.op === 'changed'
        ? `${show(q.base!.default)} -> ${show(q.head!.default)}`
        : show((q.head ?? q.base)!.default);
    out.push(`  ${sign(q.op)} parameter ${q.name} ${v}`);
  }
  for (const q of p.environmentParameters ?? []) {
    const v =
      q.op === 'changed'
        ? `${show(q.base)} -> ${show(q.head)}`
        : show(q.op === 'added' ? q.head : q.base);
    out.push(`  ${sign(q.op)} parameter ${q.name} in ${q.environment} ${v}`);
  }
  for (const m of p.metrics.added) {
    out.push(`  + metric ${m}`);
  }
  for (const m of p.metrics.removed) {
    out.push(`  - metric ${m}`);
  }
  for (const r of p.requirements) {
    out.push(
      `  ${sign(r.op)} requirement ${r.op === 'changed' ? `${r.base} -> ${r.head}` : (r.head ?? r.base)}`
    );
  }
  if (p.schedule) {
    out.push(`  ~ schedule ${show(p.schedule.base)} -> ${show(p.schedule.head)}`);
  }
  for (const s of p.settings) {
    out.push(`  ~ ${s.path.join('.')} ${show(s.base ?? null)} -> ${show(s.head ?? null)}`);
  }
  if (p.files.length > 0) {
    out.push(`  bundle files: ${p.files.map(f => `${sign(f.op)}${f.path}`).join(' ')}`);
  }
  return out;
}

function hunkLines(h: Hunk, c: Paint): string[] {
  const out = [
    c.cyan(`@@ -${h.base.start + 1},${h.base.count} +${h.head.start + 1},${h.head.count} @@`)
  ];
  for (const l of h.lines) {
    if (l.kind === 'context') {
      out.push(`  ${clean(l.text)}`);
      continue;
    }
    const kind = l.kind;
    let text = clean(l.text);
    if (l.inline && l.inline.length > 0 && !c.plain) {
      let s = '';
      let at = 0;
      for (const r of l.inline) {
        s += clean(l.text.slice(at, r.start)) + c.mark(clean(l.text.slice(r.start, r.end)), kind);
        at = r.end;
      }
      text = s + clean(l.text.slice(at));
    }
    out.push(kind === 'removed' ? c.red(`- ${text}`) : c.green(`+ ${text}`));
  }
  return out;
}

function textLines(t: TextDiff, c: Paint, indent = ''): string[] {
  const out = t.coarse ? [`${indent}(${t.coarse.message})`] : [];
  for (const h of t.hunks) {
    out.push(...hunkLines(h, c).map(l => indent + l));
  }
  return out;
}

function outputLines(o: OutputDiff, c: Paint): string[] {
  const at = o.headIndex ?? o.baseIndex ?? 0;
  const out = [`  output ${at + 1} (${o.outputType}) ${o.op}`];
  if (o.stream) {
    out.push(...textLines(o.stream.text, c, '    '));
  }
  for (const m of o.data ?? []) {
    if (m.op === 'unchanged') {
      continue;
    }
    if (m.binary) {
      const size = (n?: number) => (n === undefined ? '-' : `${n} bytes`);
      out.push(
        clean(`    ${m.mime} ${m.op} (${size(m.binary.baseBytes)} -> ${size(m.binary.headBytes)})`)
      );
    } else if (m.text) {
      out.push(clean(`    ${m.mime} ${m.op}`), ...textLines(m.text, c, '    '));
    }
  }
  if (o.error) {
    const e = (x?: { ename: string; evalue: string }) =>
      x ? clean(`${x.ename}: ${x.evalue}`) : '-';
    out.push(`    error ${e(o.error.base)} -> ${e(o.error.head)}`);
  }
  if (o.executionCount) {
    out.push(`    execution count ${o.executionCount.base} -> ${o.executionCount.head}`);
  }
  return out;
}

function cellTitle(d: CellDiff): string {
  const n =
    d.status === 'removed'
      ? `base cell ${d.baseIndex! + 1}`
      : d.status === 'moved'
        ? `cell ${d.headIndex! + 1} (was ${d.baseIndex! + 1})`
        : `cell ${d.headIndex! + 1}`;
  const id = d.headId ?? d.baseId;
  const step = d.headStep ?? d.baseStep;
  const bits = [d.cellType, ...(id ? [`id ${id}`] : []), ...(step ? [`step ${step}`] : [])];
  return clean(`## ${n} [${bits.join(', ')}] ${d.status}${d.edited ? ' and edited' : ''}`);
}

function cellLines(d: CellDiff, c: Paint): string[] {
  const out = [c.bold(cellTitle(d))];
  out.push(...textLines(d.source, c));
  const meta: string[] = [];
  if (d.executionCount) {
    out.push(`  execution count ${d.executionCount.base} -> ${d.executionCount.head}`);
  }
  if (d.tags) {
    meta.push(
      `  tags ${[...d.tags.added.map(t => `+${t}`), ...d.tags.removed.map(t => `-${t}`)].join(' ')}`
    );
  }
  for (const m of d.metadata) {
    meta.push(`  metadata ${m.path.join('.')} ${m.op}`);
  }
  for (const a of d.attachments) {
    meta.push(`  attachment ${a.name} ${a.op}`);
  }
  out.push(...meta.map(clean));
  if (d.status !== 'added' && d.status !== 'removed') {
    for (const o of d.outputs) {
      if (o.op !== 'unchanged') {
        out.push(...outputLines(o, c));
      }
    }
  } else if (d.outputs.length > 0) {
    out.push(`  ${d.outputs.length} output(s)`);
  }
  return out;
}

/** The whole diff as terminal text. */
export function renderDiff(d: ReviewDiff, c: Paint, pipelineNote?: string): string {
  const out: string[] = [c.bold(clean(`nbpromote diff ${d.base.label} ${d.head.label}`))];
  const p = d.pipeline;
  out.push(c.bold('Pipeline'));
  if (pipelineNote) {
    out.push(`  ${pipelineNote}`);
  } else if (p.identical) {
    out.push('  unchanged');
  } else {
    out.push(...pipelineLines(p).map(clean));
  }
  const n = d.notebook;
  const k = n.counts;
  out.push(
    c.bold('Cells') +
      ` ${k.modified} modified, ${k.added} added, ${k.removed} removed, ${k.moved} moved, ${k.unchanged} unchanged`
  );
  for (const m of n.metadata) {
    out.push(clean(`  notebook metadata ${m.path.join('.')} ${m.op}`));
  }
  for (const note of n.coarse) {
    out.push(`  (${note.message})`);
  }
  for (const cell of n.cells) {
    if (cell.status !== 'unchanged') {
      out.push(...cellLines(cell, c));
    }
  }
  return `${out.join('\n')}\n`;
}
