import * as fs from 'node:fs';
import * as path from 'node:path';

export const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');
export const NBDIME = path.join(CORPUS, 'nbdime');

export type Nb = Record<string, unknown> & { cells: Record<string, unknown>[] };

export function corpus(name: string, dir = NBDIME): Nb {
  return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Nb;
}

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function code(source: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null, ...extra };
}

export function markdown(source: string, extra: Record<string, unknown> = {}) {
  return { cell_type: 'markdown', metadata: {}, source, ...extra };
}

export function nb(cells: Record<string, unknown>[], metadata: Record<string, unknown> = {}): Nb {
  return { nbformat: 4, nbformat_minor: 5, metadata, cells };
}

/** Status of each cell in result order, "status:base>head" (moved+edited marked with *). */
export function shape(d: {
  cells: { status: string; edited: boolean; baseIndex?: number; headIndex?: number }[];
}): string[] {
  return d.cells.map(
    c => `${c.status}${c.edited ? '*' : ''}:${c.baseIndex ?? '-'}>${c.headIndex ?? '-'}`
  );
}
