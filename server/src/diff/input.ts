import { InputError, PayloadTooLargeError } from '../errors';
import type { Json } from './cellInfo';

export type Side = 'base' | 'head';

/** Largest notebook the diff reads (bytes); bigger inputs are refused, not diffed slowly. */
export const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

/** An empty nbformat 4 notebook: the base when nothing is in production. */
export function emptyNotebook(): Json {
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] };
}

function fail(side: Side, why: string): never {
  throw new InputError(`The ${side} notebook ${why}`, { side }, 'invalid_notebook');
}

/** Checks that parsed JSON is an nbformat 4 notebook the diff can read. */
export function checkNotebook(nb: unknown, side: Side): Json {
  if (typeof nb !== 'object' || nb === null || Array.isArray(nb)) {
    fail(side, 'is not a notebook: expected a JSON object with "cells".');
  }
  const o = nb as Json;
  if (o.nbformat === undefined && o.worksheets === undefined && o.cells === undefined) {
    fail(side, 'is not a notebook: it has no "nbformat" or "cells".');
  }
  if (o.nbformat !== 4) {
    fail(
      side,
      `is nbformat ${String(o.nbformat ?? 'unknown')}; only nbformat 4 is read ` +
        '(convert it with `jupyter nbconvert --to notebook`).'
    );
  }
  if (!Array.isArray(o.cells)) {
    fail(side, 'is not a notebook: "cells" is not a list.');
  }
  (o.cells as unknown[]).forEach((c, i) => {
    if (typeof c !== 'object' || c === null || Array.isArray(c)) {
      fail(side, `has a cell ${i + 1} that is not an object.`);
    }
    const t = (c as Json).cell_type;
    if (t !== 'code' && t !== 'markdown' && t !== 'raw') {
      const id = typeof (c as Json).id === 'string' ? ` (id ${String((c as Json).id)})` : '';
      fail(side, `has a cell ${i + 1}${id} with an unknown cell_type ${JSON.stringify(t)}.`);
    }
  });
  return o;
}

/** Reads notebook bytes (a file, a stored revision) for the diff, naming the side on failure. */
export function parseNotebook(
  text: string | Buffer,
  side: Side,
  maxBytes = MAX_NOTEBOOK_BYTES
): Json {
  const bytes = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  if (bytes > maxBytes) {
    throw new PayloadTooLargeError(
      `The ${side} notebook is ${bytes} bytes; the diff reads notebooks up to ${maxBytes} bytes.`,
      { side }
    );
  }
  let s = typeof text === 'string' ? text : text.toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) {
    s = s.slice(1);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    fail(side, `is not valid JSON: ${msg}.`);
  }
  return checkNotebook(parsed, side);
}
