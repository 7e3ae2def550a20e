/**
 * The text a secret scan reads: every cell source, text output, traceback (ANSI stripped) and
 * metadata string of the decoded notebook, joined into one text (one scanner call per notebook
 * is much cheaper than one per cell), with a map from offsets back to cell, output and line.
 * Never the raw .ipynb JSON: its escaping hides quoted keys and splits PEM blocks.
 */
import { createHash } from 'node:crypto';
import { lineAt, type NotebookView } from './notebookView';

export type SecretPlace = 'source' | 'output' | 'metadata' | 'cell_metadata';

export interface Segment {
  start: number;
  end: number;
  text: string;
  place: SecretPlace;
  /** 0-based cell and output, when the text came from one. */
  cell?: number;
  cellId?: string;
  output?: number;
  /** The output field or metadata key path the text came from. */
  field?: string;
}

export interface ScanText {
  content: string;
  segments: Segment[];
}

/** Where a match starts and what a person is told about it; the value itself is kept out. */
export interface SecretLocation {
  place: SecretPlace;
  /** 1-based, as people count. */
  cell?: number;
  cellId?: string;
  output?: number;
  field?: string;
  line: number;
}

export interface SecretFinding extends SecretLocation {
  /** Which scanner found it, e.g. @secretlint/secretlint-rule-github or pattern:internal-host. */
  scanner: string;
  /** What kind of secret, e.g. GITHUB_TOKEN. */
  kind: string;
  /** The value with all but its first characters hidden: safe to show, log and store. */
  masked: string;
  /** SHA-256 of the value: how an admin accepts a finding without anyone storing it. */
  sha256: string;
  accepted?: boolean;
}

const SEPARATOR = '\n\n';

function metadataStrings(value: unknown, path: string[], out: [string, string][], depth = 0): void {
  if (depth > 20) return;
  if (typeof value === 'string') {
    out.push([path.join('.'), value]);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => metadataStrings(v, [...path, String(i)], out, depth + 1));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      metadataStrings(v, [...path, k], out, depth + 1);
    }
  }
}

const built = new WeakMap<NotebookView, Map<string, ScanText>>();

/** Builds the scan text (once per notebook and options); outputs and metadata only when asked. */
export function scanText(
  nb: NotebookView,
  options: { outputs: boolean; metadata: boolean }
): ScanText {
  const key = `${options.outputs}:${options.metadata}`;
  let forView = built.get(nb);
  if (!forView) {
    forView = new Map();
    built.set(nb, forView);
  }
  let scan = forView.get(key);
  if (!scan) {
    scan = buildScanText(nb, options);
    forView.set(key, scan);
  }
  return scan;
}

function buildScanText(
  nb: NotebookView,
  options: { outputs: boolean; metadata: boolean }
): ScanText {
  const parts: string[] = [];
  const segments: Segment[] = [];
  let at = 0;
  const add = (text: string, seg: Omit<Segment, 'start' | 'end' | 'text'>) => {
    if (text === '') return;
    segments.push({ ...seg, start: at, end: at + text.length, text });
    parts.push(text, SEPARATOR);
    at += text.length + SEPARATOR.length;
  };
  for (const cell of nb.cells) {
    add(cell.source, { place: 'source', cell: cell.index, cellId: cell.id });
    if (options.outputs) {
      for (const o of cell.outputs) {
        for (const t of o.texts) {
          add(t.text, {
            place: 'output',
            cell: cell.index,
            cellId: cell.id,
            output: o.index,
            field: t.field
          });
        }
      }
    }
    if (options.metadata) {
      const strings: [string, string][] = [];
      metadataStrings(cell.metadata, [], strings);
      for (const [field, text] of strings) {
        add(text, { place: 'cell_metadata', cell: cell.index, cellId: cell.id, field });
      }
    }
  }
  if (options.metadata) {
    const strings: [string, string][] = [];
    metadataStrings(nb.metadata, [], strings);
    for (const [field, text] of strings) add(text, { place: 'metadata', field });
  }
  return { content: parts.join(''), segments };
}

/** The segment holding `offset` (binary search). */
export function segmentAt(segments: readonly Segment[], offset: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid];
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

export function locate(scan: ScanText, offset: number): SecretLocation | undefined {
  const s = segmentAt(scan.segments, offset);
  if (!s) return undefined;
  const loc: SecretLocation = { place: s.place, line: lineAt(s.text, offset - s.start) };
  if (s.cell !== undefined) loc.cell = s.cell + 1;
  if (s.cellId !== undefined) loc.cellId = s.cellId;
  if (s.output !== undefined) loc.output = s.output + 1;
  if (s.field !== undefined) loc.field = s.field;
  return loc;
}

/** Shows the first 4 characters (none of a short value) and how long the rest is. */
export function maskSecret(value: string): string {
  const shown = value.length >= 16 ? value.slice(0, 4) : '';
  return `${shown}${'*'.repeat(8)} (${value.length} characters)`;
}

export function secretHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A finding from a match at [start, end) of the scan text; undefined outside any segment. */
export function finding(
  scan: ScanText,
  range: [number, number],
  scanner: string,
  kind: string
): SecretFinding | undefined {
  const loc = locate(scan, range[0]);
  if (!loc) return undefined;
  const value = scan.content.slice(range[0], range[1]);
  return { ...loc, scanner, kind, masked: maskSecret(value), sha256: secretHash(value) };
}

/** "cell 3 (id ab12), output 1, line 2" for a finding. */
export function placeLabel(f: SecretLocation): string {
  const parts: string[] = [];
  if (f.cell !== undefined) parts.push(`cell ${f.cell}${f.cellId ? ` (id ${f.cellId})` : ''}`);
  if (f.place === 'output') parts.push(`output ${f.output}${f.field ? ` (${f.field})` : ''}`);
  if (f.place === 'metadata') parts.push(`notebook metadata ${f.field}`);
  if (f.place === 'cell_metadata') parts.push(`metadata ${f.field}`);
  parts.push(`line ${f.line}`);
  return parts.join(', ');
}
