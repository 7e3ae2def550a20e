/**
 * The decoded notebook the rules look at: cell sources joined, outputs as text (tracebacks
 * with ANSI colour codes stripped), binary payloads (images, PDFs) left out and only counted.
 * Built from the engine's parsed notebook; pure.
 */
import type { Analysis } from '../engine/types';

export interface OutputText {
  /** Where the text came from: `stream`, a MIME type, `traceback`, `ename`, `evalue`. */
  field: string;
  text: string;
}

export interface OutputView {
  /** 0-based position in the cell's outputs. */
  index: number;
  outputType: string;
  texts: OutputText[];
  /** Size of the output in characters (binary payloads included, as stored: base64). */
  bytes: number;
  isError: boolean;
}

export interface CellView {
  /** 0-based; people read `index + 1`. */
  index: number;
  id: string;
  cellType: 'code' | 'markdown' | 'raw';
  source: string;
  tags: string[];
  /** The step the cell belongs to, if any. */
  step?: string;
  outputs: OutputView[];
  metadata: Record<string, unknown>;
}

export interface NotebookView {
  /** Size of the notebook as submitted (JSON text, UTF-8 bytes). */
  bytes: number;
  metadata: Record<string, unknown>;
  cells: CellView[];
  steps: string[];
  requirements: string[];
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g;

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}

/** Characters of every string inside `value`: an output's size without serialising it again. */
function sizeOf(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (depth > 30 || value === null || typeof value !== 'object') return 8;
  let n = 2;
  if (Array.isArray(value)) {
    for (const v of value) n += sizeOf(v, depth + 1) + 1;
    return n;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    n += k.length + 4 + sizeOf(v, depth + 1);
  }
  return n;
}

function joined(value: unknown): string {
  if (Array.isArray(value)) return value.map(v => (typeof v === 'string' ? v : '')).join('');
  return typeof value === 'string' ? value : '';
}

/** MIME types whose payload is text a person (or a secret) could be in. */
export function isTextMime(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    mime === 'application/json' ||
    mime.endsWith('+json') ||
    mime === 'application/javascript' ||
    mime === 'application/xml'
  );
}

function outputView(raw: Record<string, unknown>, index: number): OutputView {
  const outputType = typeof raw.output_type === 'string' ? raw.output_type : 'unknown';
  const texts: OutputText[] = [];
  if (outputType === 'stream') {
    texts.push({ field: 'stream', text: stripAnsi(joined(raw.text)) });
  } else if (outputType === 'error') {
    texts.push({ field: 'ename', text: joined(raw.ename) });
    texts.push({ field: 'evalue', text: stripAnsi(joined(raw.evalue)) });
    const tb = Array.isArray(raw.traceback) ? raw.traceback.map(l => joined(l)).join('\n') : '';
    texts.push({ field: 'traceback', text: stripAnsi(tb) });
  } else if (raw.data && typeof raw.data === 'object') {
    for (const [mime, value] of Object.entries(raw.data as Record<string, unknown>)) {
      if (!isTextMime(mime)) continue;
      const text =
        typeof value === 'string' || Array.isArray(value) ? joined(value) : JSON.stringify(value);
      texts.push({ field: mime, text: mime === 'text/plain' ? stripAnsi(text) : text });
    }
  }
  return {
    index,
    outputType,
    texts,
    bytes: sizeOf(raw),
    isError: outputType === 'error'
  };
}

/** The view of an analysed notebook; `bytes` is the size of its submitted JSON text. */
export function notebookView(analysis: Analysis, bytes: number): NotebookView {
  const json = analysis.notebook.json;
  const rawCells = Array.isArray(json.cells) ? (json.cells as Record<string, unknown>[]) : [];
  const stepOf = new Map<string, string>();
  for (const s of analysis.steps) for (const c of s.cells) stepOf.set(c.id, s.name);
  const cells = analysis.notebook.cells.map((c): CellView => {
    const raw = rawCells[c.index] ?? {};
    const outputs = Array.isArray(raw.outputs) ? (raw.outputs as Record<string, unknown>[]) : [];
    const view: CellView = {
      index: c.index,
      id: c.id,
      cellType: c.cellType,
      source: c.source,
      tags: c.tags,
      outputs: outputs.map(outputView),
      metadata: (raw.metadata as Record<string, unknown> | undefined) ?? {}
    };
    const step = stepOf.get(c.id);
    if (step !== undefined) view.step = step;
    return view;
  });
  return {
    bytes,
    metadata: (json.metadata as Record<string, unknown> | undefined) ?? {},
    cells,
    steps: analysis.steps.map(s => s.name),
    requirements: analysis.notebook.settings.requirements ?? []
  };
}

/**
 * The view of raw nbformat JSON without the engine's analysis (the benchmark, the CLI): steps
 * come from `step:`/`block:` tags, an untagged cell joining the step above, as the engine does.
 */
export function viewOfJson(json: Record<string, unknown>, bytes: number): NotebookView {
  const raw = Array.isArray(json.cells) ? (json.cells as Record<string, unknown>[]) : [];
  let step: string | undefined;
  const cells = raw.map((c, index): CellView => {
    const metadata = (c.metadata as Record<string, unknown> | undefined) ?? {};
    const tags = Array.isArray(metadata.tags)
      ? metadata.tags.filter((t): t is string => typeof t === 'string')
      : [];
    const tagged = tags.find(t => /^(step|block):/.test(t));
    if (tagged) step = tagged.slice(tagged.indexOf(':') + 1);
    if (tags.includes('skip')) step = undefined;
    const outputs = Array.isArray(c.outputs) ? (c.outputs as Record<string, unknown>[]) : [];
    const cellType = c.cell_type === 'markdown' || c.cell_type === 'raw' ? c.cell_type : 'code';
    const view: CellView = {
      index,
      id: typeof c.id === 'string' ? c.id : String(index + 1),
      cellType,
      source: joined(c.source),
      tags,
      outputs: outputs.map(outputView),
      metadata
    };
    if (step !== undefined && cellType === 'code') view.step = step;
    return view;
  });
  const settings = (json.metadata as { nbpromote?: { requirements?: unknown } } | undefined)
    ?.nbpromote;
  return {
    bytes,
    metadata: (json.metadata as Record<string, unknown> | undefined) ?? {},
    cells,
    steps: [...new Set(cells.map(c => c.step).filter((s): s is string => s !== undefined))],
    requirements: Array.isArray(settings?.requirements) ? settings.requirements.map(String) : []
  };
}

/** "cell 3 (id 1a2b)", as people count cells. */
export function cellLabel(cell: Pick<CellView, 'index' | 'id'>): string {
  return `cell ${cell.index + 1} (id ${cell.id})`;
}

/** 1-based line of `offset` inside `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
