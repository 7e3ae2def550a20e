/** The benchmark's notebook pairs: nbdime's test pairs, revised ML notebooks, a ~16 MB pair. */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Json = Record<string, unknown>;
type Nb = Json & { cells: Json[] };

export interface Pair {
  name: string;
  base: string;
  head: string;
  bytes: number;
}

const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as Nb;

/** A deterministic stand-in for "re-run it and edit some cells": new counts and outputs. */
export function revise(nb: Nb, seed: number, edit = true): Nb {
  const out = JSON.parse(JSON.stringify(nb)) as Nb;
  let count = 0;
  for (const cell of out.cells) {
    if (cell.cell_type !== 'code') {
      continue;
    }
    cell.execution_count = ++count + seed;
    for (const o of (cell.outputs ?? []) as Json[]) {
      if (typeof o.execution_count === 'number') {
        o.execution_count = cell.execution_count;
      }
      // Re-run output: numbers come out different, images re-rendered (other bytes, same size).
      const bump = (s: string) => s.replace(/\d/g, d => String((Number(d) + seed) % 10));
      if (o.text !== undefined) {
        o.text = Array.isArray(o.text) ? (o.text as string[]).map(bump) : bump(String(o.text));
      }
      const data = (o.data ?? {}) as Json;
      for (const [mime, v] of Object.entries(data)) {
        if (mime.startsWith('image/') && mime !== 'image/svg+xml') {
          const b64 = Array.isArray(v) ? (v as string[]).join('') : String(v);
          const bytes = Buffer.from(b64, 'base64');
          for (let i = 64; i < bytes.length; i += 97) {
            bytes[i] ^= seed & 0xff;
          }
          data[mime] = bytes.toString('base64');
        } else if (mime === 'text/plain' || mime === 'text/html') {
          data[mime] = Array.isArray(v) ? (v as string[]).map(bump) : bump(String(v));
        }
      }
    }
  }
  if (!edit) {
    return out;
  }
  // Edit three code cells, move one, add a markdown cell and remove another cell.
  const code = out.cells.filter(c => c.cell_type === 'code');
  for (const k of [1, Math.floor(code.length / 2), code.length - 2]) {
    const c = code[k];
    if (c) {
      const src = Array.isArray(c.source) ? (c.source as string[]).join('') : String(c.source);
      c.source = `${src.replace(/\b(\d+)\b/, n => String(Number(n) + 1))}\nprint("revised")`;
    }
  }
  const [moved] = out.cells.splice(3, 1);
  out.cells.splice(Math.floor(out.cells.length * 0.7), 0, moved);
  out.cells.splice(Math.floor(out.cells.length / 3), 0, {
    cell_type: 'markdown',
    metadata: {},
    source: '## A note added in the revision'
  });
  out.cells.splice(Math.floor(out.cells.length / 2), 1);
  return out;
}

/** About `target` bytes of notebook built from the ML notebooks' cells (images included). */
function large(sources: Nb[], target: number): Nb {
  const cells: Json[] = [];
  let size = 0;
  for (let round = 0; size < target; round++) {
    for (const nb of sources) {
      for (const c of nb.cells) {
        const copy = JSON.parse(JSON.stringify(c)) as Json;
        delete copy.id;
        // Each round's copy differs a little, as a long notebook's cells do.
        const src = Array.isArray(copy.source)
          ? (copy.source as string[]).join('')
          : String(copy.source);
        copy.source = `${src}\n# part ${round}`;
        size += JSON.stringify(copy).length;
        cells.push(copy);
      }
    }
  }
  return { ...sources[0], cells };
}

export function buildPairs(corpus: string, dir: string): Pair[] {
  const pairs: Pair[] = [];
  const add = (name: string, base: string, head: string) =>
    pairs.push({ name, base, head, bytes: fs.statSync(base).size });
  const nbdime = path.join(corpus, 'nbdime');
  const groups = new Map<string, string[]>();
  for (const f of fs
    .readdirSync(nbdime)
    .filter(x => x.endsWith('.ipynb'))
    .sort()) {
    const g = f.split('--')[0].replace(/\.ipynb$/, '');
    groups.set(g, [...(groups.get(g) ?? []), f]);
  }
  for (const [g, files] of groups) {
    if (files.length >= 2) {
      add(`nbdime/${g}`, path.join(nbdime, files[0]), path.join(nbdime, files[1]));
    }
  }
  const ml = path.join(corpus, 'ml');
  const sources: Nb[] = [];
  for (const f of fs
    .readdirSync(ml)
    .filter(x => x.endsWith('.ipynb'))
    .sort()) {
    const nb = read(path.join(ml, f));
    sources.push(nb);
    const base = path.join(dir, `base-${f}`);
    const head = path.join(dir, `head-${f}`);
    fs.writeFileSync(base, JSON.stringify(revise(nb, 1, false), null, 1));
    fs.writeFileSync(head, JSON.stringify(revise(nb, 3), null, 1));
    add(`ml/${f.replace(/\.ipynb$/, '')}`, base, head);
  }
  const big = large(sources, 14 * 1024 * 1024);
  const base = path.join(dir, 'base-16mb.ipynb');
  const head = path.join(dir, 'head-16mb.ipynb');
  fs.writeFileSync(base, JSON.stringify(revise(big, 2, false), null, 1));
  fs.writeFileSync(head, JSON.stringify(revise(big, 5), null, 1));
  add('synthetic 16 MB', base, head);
  return pairs;
}
