import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CORPUS,
  cli,
  corpus,
  expectNoStackTrace,
  notebook,
  tmpDir,
  writeNotebook
} from './support';

let dir: string;
beforeAll(() => {
  dir = tmpDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Convert must fail with `code`, say `pattern`, and leave no output folder behind. */
async function refuses(file: string, code: number, pattern: RegExp) {
  const out = path.join(dir, `out-${path.basename(file)}`);
  const r = await cli('convert', file, '--out', out);
  expect(r.code).toBe(code);
  expect(r.stderr).toMatch(pattern);
  expectNoStackTrace(r);
  expect(fs.existsSync(out)).toBe(false);
  expect(fs.readdirSync(dir).filter(n => n.startsWith('.out-'))).toEqual([]);
  return r;
}

describe('unreadable notebooks exit 2 with the place of the problem', () => {
  test('invalid JSON names line and column', async () => {
    const f = writeNotebook(dir, 'bad.ipynb', '{\n "cells": [\n  {"cell_type": "code",,}\n ]\n}');
    await refuses(f, 2, /not valid JSON at line 3, column 24: one comma too many/);
  });

  test('a truncated file says so', async () => {
    const text = JSON.stringify(notebook([[['step:a'], 'x = 1']]), null, 1);
    const f = writeNotebook(dir, 'truncated.ipynb', text.slice(0, text.length / 2));
    await refuses(f, 2, /at line \d+, column \d+: the file ends early \(truncated\?\)/);
  });

  test('an empty file, a missing file', async () => {
    await refuses(writeNotebook(dir, 'empty.ipynb', ''), 2, /empty/);
    await refuses(path.join(dir, 'nope.ipynb'), 2, /Cannot read .*nope.ipynb: no such file/);
  });

  test('nbformat 2 and 3 are refused with a way to upgrade', async () => {
    await refuses(
      corpus('broken/nbformat_test2.ipynb'),
      2,
      /format 2: nbpromote reads nbformat 4.*upgrade/
    );
    await refuses(corpus('broken/nbformat_test3.ipynb'), 2, /format 3: .*nbconvert --to notebook/);
  });

  test('missing fields name the JSON path', async () => {
    const nb = notebook([[['step:a'], 'x = 1']]);
    delete (nb.cells as Record<string, unknown>[])[0].source;
    await refuses(writeNotebook(dir, 'nosource.ipynb', nb), 2, /\/cells\/0.*source/);
    await refuses(
      writeNotebook(dir, 'nonb.ipynb', { cells: [] }),
      2,
      /"nbformat" field is missing/
    );
  });

  test('duplicate cell ids name both cells', async () => {
    await refuses(
      corpus('broken/nbformat_invalid_unique_cell_id.ipynb'),
      2,
      /Cell 2 has the id "dup", already used by cell 1/
    );
  });

  test('--json gives the error as data', async () => {
    const f = writeNotebook(dir, 'bad2.ipynb', '{"nbformat": 4, "cells": [}');
    const r = await cli('check', f, '--json');
    expect(r.code).toBe(2);
    const body = JSON.parse(r.stdout);
    expect(body).toEqual({
      ok: false,
      error: {
        code: 'invalid_json',
        message: expect.stringMatching(/line 1/),
        details: expect.objectContaining({ line: 1 })
      }
    });
  });

  test('a 50 MB notebook is read and converted, or refused above --max-size', async () => {
    // Real notebooks get big through outputs: 50 MB of them, stripped from the bundle.
    const nb = notebook([
      [['imports'], 'import json'],
      [['step:load'], 'data = {"a": 1}'],
      [['step:report'], 'text = json.dumps(data)']
    ]);
    const cells = nb.cells as Record<string, unknown>[];
    const line = 'x'.repeat(1023) + '\n';
    cells[1].outputs = [
      { output_type: 'stream', name: 'stdout', text: Array(50 * 1024).fill(line) }
    ];
    const f = writeNotebook(dir, 'huge.ipynb', nb);
    expect(fs.statSync(f).size).toBeGreaterThan(50 * 1024 * 1024);
    const limited = await cli(
      'convert',
      f,
      '--out',
      path.join(dir, 'huge-limited'),
      '--max-size',
      '10'
    );
    expect(limited.code).toBe(2);
    expect(limited.stderr).toMatch(/is 5\d\.\d MB; the limit is 10\.0 MB/);
    const out = path.join(dir, 'huge-out');
    const t0 = Date.now();
    const r = await cli('convert', f, '--out', out);
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(30000);
    const stripped = fs.readFileSync(path.join(out, 'notebook.ipynb'), 'utf8');
    expect(stripped.length).toBeLessThan(10000);
  }, 120000);
});

describe('notebook problems exit 1 naming cell, step and variable', () => {
  async function problems(nb: unknown, name: string) {
    const f = writeNotebook(dir, name, nb);
    const human = await refuses(f, 1, /error/);
    expect(human.stderr).toMatch(/nothing written/);
    const r = await cli('check', f, '--json');
    expect(r.code).toBe(1);
    return {
      human: human.stderr,
      json: JSON.parse(r.stdout) as { problems: Record<string, unknown>[] }
    };
  }

  test('malformed tags', async () => {
    const { human, json } = await problems(
      notebook([
        [['step:a'], 'x = 1'],
        [['prev:'], 'y = x'],
        [['prev:a:b', 'step:b'], 'z = x'],
        [['step:Bad Name'], 'w = 2']
      ]),
      'tags.ipynb'
    );
    expect(human).toMatch(/cell 2 \(id c2\).*Tag "prev:": the step name is missing/);
    expect(human).toMatch(/cell 3 \(id c3\).*Tag "prev:a:b": "a:b" is not a valid step name/);
    expect(human).toMatch(
      /cell 4 \(id c4\).*Tag "step:Bad Name": "Bad Name" is not a valid step name/
    );
    expect(json.problems.filter(p => p.code === 'malformed_tag').map(p => p.cell)).toEqual([
      2, 3, 4
    ]);
  });

  test('cycles through prev: tags', async () => {
    const { human, json } = await problems(
      notebook([
        [['step:a', 'prev:c'], 'x = 1'],
        [['step:b'], 'y = x'],
        [['step:c'], 'z = y']
      ]),
      'cycle.ipynb'
    );
    expect(human).toMatch(/cycle: a -> c -> b -> a|cycle: .*a.*b.*c/);
    expect(json.problems).toContainEqual(
      expect.objectContaining({ code: 'cycle', severity: 'error' })
    );
  });

  test('undefined variable, defined only in skip, used before defined, unknown prev', async () => {
    const { human, json } = await problems(
      notebook([
        [['skip'], 'scratch = 1'],
        [['step:a'], 'x = undefined_thing + 1'],
        [['step:b', 'prev:nowhere'], 'y = scratch + later'],
        [['step:c'], 'later = 3']
      ]),
      'names.ipynb'
    );
    expect(human).toMatch(
      /cell 2 \(id c2\), step a, variable undefined_thing: "undefined_thing" is not defined/
    );
    expect(json.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'defined_only_in_skip',
          cell: 3,
          cellId: 'c3',
          step: 'b',
          variable: 'scratch'
        }),
        expect.objectContaining({
          code: 'used_before_defined',
          cell: 3,
          step: 'b',
          variable: 'later'
        }),
        expect.objectContaining({ code: 'unknown_prev', cell: 3, step: 'b' })
      ])
    );
  });

  test('syntax errors name cell and line; untranslatable shell lines are errors', async () => {
    const { json } = await problems(
      notebook([
        [['step:a'], 'x = 1\ny = (\n'],
        [['step:b'], 'import os\n!ls {os.getcwd()}']
      ]),
      'syntax.ipynb'
    );
    expect(json.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'syntax_error', cell: 1, line: 2 }),
        expect.objectContaining({ code: 'shell_command', severity: 'error', cell: 2, line: 2 })
      ])
    );
  });

  test('invalid nbpromote settings name the field', async () => {
    const nb = notebook([[['step:train'], 'x = 1']], {
      nbpromote: { environment: 'production', schedule: 'often' }
    });
    const { human } = await problems(nb, 'settings.ipynb');
    expect(human).toMatch(/metadata\.nbpromote\/environment: must be one of dev, stage, prod/);
    expect(human).toMatch(/metadata\.nbpromote\/schedule: "often" has the wrong form/);
  });
});

describe('every file in the corpus broken/ folder', () => {
  const broken = fs.existsSync(path.join(CORPUS, 'broken'))
    ? fs.readdirSync(path.join(CORPUS, 'broken')).sort()
    : [];
  test('the folder is there', () => {
    expect(broken.length).toBeGreaterThan(5);
  });
  test.each(broken)('%s: clear error, exit 1 or 2, nothing written', async name => {
    const file = corpus(`broken/${name}`);
    const out = path.join(dir, `broken-${name}`);
    const r = await cli('convert', file, '--out', out);
    expect([1, 2]).toContain(r.code);
    expectNoStackTrace(r);
    expect(fs.existsSync(out)).toBe(false);
    // The message says what is wrong and where: a JSON path, a cell, or the format.
    expect(r.stderr).toMatch(
      /\/cells\/\d+|cell \d+|Cell \d+|format [23]|nbformat_minor|\/metadata|\//
    );
  });
});
