import { createHash } from 'node:crypto';
import { InputError, PayloadTooLargeError } from '../errors';
import { assertNbformat4 } from '../notebook/nbformatValidation';
import { decodeText } from './decodeText';
import { lineColumn, locateJsonError } from './jsonError';
import type { NotebookCell, ParsedNotebook } from './types';

/** Notebooks larger than this are refused unless the caller raises the limit. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

export interface ReadOptions {
  maxBytes?: number;
}

/** Parse JSON text; a syntax error names line and column and what is wrong there. */
export function parseJson(text: string, subject = 'The notebook'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const place = locateJsonError(text);
    const raw = err instanceof Error ? err.message : String(err);
    const { line, column, what } = place ?? {
      ...lineColumn(text, text.length),
      what: raw.replace(/\s*in JSON at position \d+.*$/, '')
    };
    throw new InputError(
      `${subject} is not valid JSON at line ${line}, column ${column}: ${what}.`,
      { line, column },
      'invalid_json'
    );
  }
}

function sourceText(source: unknown): string {
  return Array.isArray(source) ? source.join('') : typeof source === 'string' ? source : '';
}

/** Deterministic id for a cell saved before nbformat 4.5: same cell, same id. */
function generatedId(index: number, source: string, taken: Set<string>): string {
  let n = 0;
  for (;;) {
    const id = createHash('sha256').update(`${index}:${n}:${source}`).digest('hex').slice(0, 8);
    if (!taken.has(id)) return id;
    n++;
  }
}

function refuseOldFormat(nb: Record<string, unknown>): void {
  const major = nb.nbformat;
  if (major === 3 || major === 2 || major === 1) {
    throw new InputError(
      `Unsupported notebook format ${String(major)}: nbpromote reads nbformat 4. ` +
        'Open and save the notebook in JupyterLab, or run ' +
        '`jupyter nbconvert --to notebook --inplace <file>`, to upgrade it.',
      { path: '/nbformat', nbformat: major },
      'unsupported_nbformat'
    );
  }
}

/**
 * Read a notebook from text or an already parsed object: JSON syntax, nbformat 4 schema,
 * unique cell ids (generated for notebooks older than 4.5). Throws InputError.
 */
export function readNotebook(
  input: string | Buffer | object,
  options: ReadOptions = {}
): ParsedNotebook {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let value: unknown = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
    if (size > maxBytes) {
      throw new PayloadTooLargeError(
        `The notebook is ${(size / 1048576).toFixed(1)} MB; the limit is ` +
          `${(maxBytes / 1048576).toFixed(1)} MB.`,
        { bytes: size, limit: maxBytes }
      );
    }
    const text = typeof input === 'string' ? input : decodeText(input);
    if (text.trim() === '') {
      throw new InputError('The notebook file is empty.', { line: 1, column: 1 }, 'invalid_json');
    }
    value = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    refuseOldFormat(value as Record<string, unknown>);
  }
  const checked = assertNbformat4(value);
  // Never change the caller's object: ids are filled in below.
  const nb = value === input ? structuredClone(checked) : checked;
  const minor = typeof nb.nbformat_minor === 'number' ? nb.nbformat_minor : 0;
  const rawCells = nb.cells as Record<string, unknown>[];

  const seen = new Map<string, number>();
  rawCells.forEach((c, i) => {
    if (typeof c.id !== 'string') return;
    const first = seen.get(c.id);
    if (first !== undefined) {
      throw new InputError(
        `Cell ${i + 1} has the id "${c.id}", already used by cell ${first + 1}; ` +
          'cell ids must be unique.',
        { path: `/cells/${i}/id`, cell: i + 1, cellId: c.id },
        'duplicate_cell_id'
      );
    }
    seen.set(c.id, i);
  });

  let added = false;
  const taken = new Set(seen.keys());
  const cells: NotebookCell[] = rawCells.map((c, index) => {
    const source = sourceText(c.source);
    let id = typeof c.id === 'string' ? c.id : undefined;
    if (id === undefined) {
      id = generatedId(index, source, taken);
      taken.add(id);
      c.id = id;
      added = true;
    }
    const metadata = (c.metadata ?? {}) as Record<string, unknown>;
    const tags = Array.isArray(metadata.tags)
      ? metadata.tags.filter((t): t is string => typeof t === 'string')
      : [];
    return {
      index,
      id,
      cellType: c.cell_type as NotebookCell['cellType'],
      source,
      tags,
      settings: {}
    };
  });
  // Ids are only valid from nbformat 4.5 on; a notebook we gave ids to becomes 4.5.
  if (added && minor < 5) nb.nbformat_minor = 5;

  const metadata = (nb.metadata ?? {}) as Record<string, unknown>;
  const kaleMeta = metadata.kubeflow_notebook as Record<string, unknown> | undefined;
  const kale =
    kaleMeta && typeof kaleMeta === 'object'
      ? {
          pipelineName:
            typeof kaleMeta.pipeline_name === 'string' ? kaleMeta.pipeline_name : undefined,
          description:
            typeof kaleMeta.pipeline_description === 'string'
              ? kaleMeta.pipeline_description
              : undefined
        }
      : undefined;
  return { json: nb, cells, settings: {}, kale, nbformatMinor: minor };
}
