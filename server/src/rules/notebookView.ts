/**
 * The decoded notebook the rules look at: cell sources joined, outputs as text (tracebacks
 * with ANSI colour codes stripped), binary payloads (images, PDFs) left out and only counted.
 * Built from the notebook's JSON and the engine's structure (ids, steps); pure.
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

/**
 * What the engine's analysis adds to the raw JSON: each cell's id as the engine reads it (ids
 * are generated for cells without one), its step, the steps in order and the requirements.
 * Small and plain, so it crosses to a worker thread with the notebook's text.
 */
export interface ViewStructure {
  cells: { index: number; id: string; step?: string }[];
  steps: string[];
  requirements: string[];
}

export function structureOf(analysis: Analysis): ViewStructure {
  const stepOf = new Map<string, string>();
  for (const s of analysis.steps) for (const c of s.cells) stepOf.set(c.id, s.name);
  return {
    cells: analysis.notebook.cells.map(c => {
      const step = stepOf.get(c.id);
      return step === undefined ? { index: c.index, id: c.id } : { index: c.index, id: c.id, step };
    }),
    steps: analysis.steps.map(s => s.name),
    requirements: analysis.notebook.settings.requirements ?? []
  };
}

function cellView(raw: Record<string, unknown>, index: number, id: string): CellView {
  const metadata = (raw.metadata as Record<string, unknown> | undefined) ?? {};
  const tags = Array.isArray(metadata.tags)
    ? metadata.tags.filter((t): t is string => typeof t === 'string')
    : [];
  const outputs = Array.isArray(raw.outputs) ? (raw.outputs as Record<string, unknown>[]) : [];
  return {
    index,
    id,
    cellType: raw.cell_type === 'markdown' || raw.cell_type === 'raw' ? raw.cell_type : 'code',
    source: joined(raw.source),
    tags,
    outputs: outputs.map(outputView),
    metadata
  };
}

/**
 * The view of raw nbformat JSON. With the engine's `structure`, ids and steps are the
 * engine's; without it (the benchmark, the CLI) steps come from `step:`/`block:` tags, an
 * untagged cell joining the step above, as the engine does.
 */
export function viewOfJson(
  json: Record<string, unknown>,
  bytes: number,
  structure?: ViewStructure
): NotebookView {
  const raw = Array.isArray(json.cells) ? (json.cells as Record<string, unknown>[]) : [];
  const metadata = (json.metadata as Record<string, unknown> | undefined) ?? {};
  if (structure) {
    return {
      bytes,
      metadata,
      cells: structure.cells.map(c => {
        const view = cellView(raw[c.index] ?? {}, c.index, c.id);
        if (c.step !== undefined) view.step = c.step;
        return view;
      }),
      steps: structure.steps,
      requirements: structure.requirements
    };
  }
  let step: string | undefined;
  const cells = raw.map((c, index): CellView => {
    const view = cellView(c, index, typeof c.id === 'string' ? c.id : String(index + 1));
    const tagged = view.tags.find(t => /^(step|block):/.test(t));
    if (tagged) step = tagged.slice(tagged.indexOf(':') + 1);
    if (view.tags.includes('skip')) step = undefined;
    if (step !== undefined && view.cellType === 'code') view.step = step;
    return view;
  });
  const settings = (metadata as { nbpromote?: { requirements?: unknown } }).nbpromote;
  return {
    bytes,
    metadata,
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
