import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toNbdimeDiff } from '../../src/diff';
import { CORPUS, NBDIME, clone, type Nb } from './support';

const VENV_PYTHON = path.resolve(__dirname, '../../../.venv/bin/python');
const SCHEMA = path.join(NBDIME, '_schema/diff_format.schema.json');
const ML = path.join(CORPUS, 'ml');

/** Every ordered pair of files in each nbdime group (same name before "--"). */
function nbdimePairs(): [string, string][] {
  const groups = new Map<string, string[]>();
  for (const f of fs.readdirSync(NBDIME).filter(x => x.endsWith('.ipynb'))) {
    const g = f.split('--')[0].replace(/\.ipynb$/, '');
    groups.set(g, [...(groups.get(g) ?? []), path.join(NBDIME, f)]);
  }
  const out: [string, string][] = [];
  for (const files of groups.values()) {
    for (const a of files) {
      for (const b of files) {
        if (a !== b) {
          out.push([a, b]);
        }
      }
    }
  }
  return out;
}

/** A second revision of an ML notebook: re-run counts, edited, moved, added and removed cells. */
function revise(nb: Nb): Nb {
  const out = clone(nb);
  const code = out.cells.filter(c => c.cell_type === 'code');
  code.forEach((c, i) => {
    c.execution_count = 100 + i;
  });
  code[1].source = `${String(code[1].source)}\nprint("checked")\n`;
  code[2].outputs = [{ output_type: 'stream', name: 'stdout', text: ['re-run\n', 'done\n'] }];
  const [moved] = out.cells.splice(3, 1);
  out.cells.splice(out.cells.length - 2, 0, moved);
  out.cells.splice(5, 1);
  out.cells.splice(1, 0, { cell_type: 'markdown', metadata: {}, source: ['## Added\n', 'text'] });
  (out.metadata as Record<string, unknown>).revised = true;
  return out;
}

describe('nbdime format', () => {
  it("passes nbdime's schema and patches base into head with nbdime, on every corpus pair", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-nbdime-'));
    const cases: { base: string; head: string; diff: string }[] = [];
    const add = (base: string, head: string) => {
      const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as unknown;
      const diff = path.join(dir, `${cases.length}.json`);
      fs.writeFileSync(diff, JSON.stringify(toNbdimeDiff(read(base), read(head))));
      cases.push({ base, head, diff });
    };
    for (const [a, b] of nbdimePairs()) {
      add(a, b);
    }
    const ml = fs.readdirSync(ML).filter(f => f.endsWith('.ipynb'));
    for (const f of ml) {
      const file = path.join(ML, f);
      const revised = path.join(dir, `revised-${f}`);
      fs.writeFileSync(revised, JSON.stringify(revise(JSON.parse(fs.readFileSync(file, 'utf8')))));
      add(file, revised);
      add(revised, file);
    }
    add(path.join(ML, ml[0]), path.join(ML, ml[1]));
    const casesFile = path.join(dir, 'cases.json');
    fs.writeFileSync(casesFile, JSON.stringify(cases));
    const r = spawnSync(VENV_PYTHON, [path.join(__dirname, 'nbdime_check.py'), casesFile, SCHEMA], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024
    });
    expect(r.stderr.replace(/^.*Warning.*\n(\s+.*\n)*/gm, '')).toBe('');
    const result = JSON.parse(r.stdout) as { checked: number; failures: unknown[] };
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(cases.length);
    expect(cases.length).toBeGreaterThan(100);
  });

  it('writes a moved cell as a removal and an addition, and nothing for identical notebooks', () => {
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(NBDIME, f), 'utf8')) as Nb;
    const d = toNbdimeDiff(read('foo--1.ipynb'), read('foo--2.ipynb'));
    const cells = d.find(e => e.key === 'cells');
    expect(cells?.op).toBe('patch');
    const ops = cells?.op === 'patch' ? cells.diff.map(e => `${e.op}:${e.key}`) : [];
    expect(ops).toEqual(['removerange:0', 'patch:1', 'addrange:2']);
    expect(toNbdimeDiff(read('foo--1.ipynb'), read('foo--1.ipynb'))).toEqual([]);
  });
});
