import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeNotebook, parseJson, readNotebook } from '../../src/engine';
import { FIXTURES, cli, corpus, expectNoStackTrace, tmpDir, writeNotebook } from './support';

const REAL = fs.readFileSync(path.join(FIXTURES, 'ml', 'titanic_pipeline.ipynb'), 'utf8');
let dir: string;
beforeAll(() => {
  dir = tmpDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function jsonError(text: string): string {
  try {
    parseJson(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('parsed');
}

/** The 1-based line and column of the first occurrence of `needle` in `text`. */
function placeOf(text: string, needle: string, shift = 0): string {
  const at = text.indexOf(needle) + shift;
  const before = text.slice(0, at).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

describe('JSON errors point at the real place and say what is wrong', () => {
  test('a stray comment line before the object is at line 1, column 1', async () => {
    const f = writeNotebook(dir, 'comment.ipynb', `#comment\n${REAL}`);
    const r = await cli('check', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'not valid JSON at line 1, column 1: unexpected character "#" (JSON has no comments'
    );
    expectNoStackTrace(r);
  });

  test('a missing comma in a real notebook is found where it is missing', () => {
    const needle = '"cell_type": "code",';
    const broken = REAL.replace(needle, '"cell_type": "code"');
    const next = broken.indexOf('"', broken.indexOf('"cell_type": "code"') + 19);
    const before = broken.slice(0, next).split('\n');
    expect(jsonError(broken)).toBe(
      `The notebook is not valid JSON at line ${before.length}, column ` +
        `${before[before.length - 1].length + 1}: missing comma before this string.`
    );
  });

  test('an unescaped quote points at the quote that ends the string early', () => {
    const broken = REAL.replace('"raw = pd.read_csv(data_path)\\n"', '"raw = pd.read_csv("x")\\n"');
    expect(jsonError(broken)).toBe(
      `The notebook is not valid JSON at ${placeOf(broken, '"x")', 0)}: unescaped quote inside ` +
        'a string (write \\" for a quote that is part of the text).'
    );
  });

  test('a control character and a raw line break inside strings', () => {
    const tab = REAL.replace('import pandas as pd', 'import\tpandas as pd');
    expect(jsonError(tab)).toBe(
      `The notebook is not valid JSON at ${placeOf(tab, '\tpandas')}: control character U+0009 ` +
        'inside a string (write it as \\u0009).'
    );
    const split = REAL.replace('import pandas as pd', 'import pandas\nas pd');
    expect(jsonError(split)).toMatch(
      new RegExp(`at ${placeOf(split, '\nas pd')}: a line break inside a string`)
    );
  });

  test.each([
    ['{"a": 1,}', 'line 1, column 9: trailing comma before "}"'],
    [
      '{"cells": [\n  {"x": 1}\n  {"y": 2}\n]}',
      'line 3, column 3: missing comma before this value'
    ],
    ['{"a": [1, 2', 'line 1, column 12: the file ends early (truncated?)'],
    ['{"a": NaN}', 'line 1, column 7: unexpected word "NaN" (NaN is not JSON'],
    ['{"a": True}', 'line 1, column 7: unexpected word "True" (JSON writes true)'],
    ['{"a": "C:\\path"}', 'line 1, column 10: invalid escape "\\p"'],
    [
      '{"cells": [}',
      'line 1, column 12: "}" where "]" should close the "[" opened at line 1, column 11'
    ],
    [
      "{'nbformat': 4}",
      'line 1, column 2: unexpected character "\'"; expected a key in double quotes'
    ],
    [
      '{"a": 1}\n}',
      'line 2, column 1: unexpected character "}" after the end of the JSON document'
    ],
    ['{"a":: 1}', 'line 1, column 6: unexpected character ":"; expected a value']
  ])('%j', (text, expected) => {
    expect(jsonError(text)).toContain(`not valid JSON at ${expected}`);
  });
});

describe('one reader for every encoding a notebook is saved in', () => {
  const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
  const text = fs.readFileSync(corpus('papermill/simple_input.ipynb'), 'utf8');

  test.each([
    [
      'UTF-8 with a byte order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
    ],
    ['UTF-16 LE with a byte order mark', Buffer.from(`\ufeff${text}`, 'utf16le')],
    ['UTF-16 BE with a byte order mark', utf16be(`\ufeff${text}`)],
    ['UTF-16 LE without one', Buffer.from(text, 'utf16le')],
    ['UTF-16 BE without one', utf16be(text)]
  ])('%s reads as the UTF-8 file does, in the CLI too', async (_name, bytes) => {
    const expected = readNotebook(Buffer.from(text));
    expect(readNotebook(bytes).json).toEqual(expected.json);
    const f = writeNotebook(dir, 'encoded.ipynb', '');
    fs.writeFileSync(f, bytes);
    const r = await cli('check', f);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('non-ASCII text survives every encoding', async () => {
    const nb = JSON.parse(text);
    nb.cells[1].source = 'msg = "Ünïcödé ✓ 𝔘"';
    const json = JSON.stringify(nb);
    const a = await analyzeNotebook(utf16be(`\ufeff${json}`));
    expect(a.notebook.cells[1].source).toBe('msg = "Ünïcödé ✓ 𝔘"');
  });

  test('Latin-1 bytes are refused at their line and column, naming the byte', async () => {
    const latin = Buffer.from(text.replace('"msg = None"', '"msg = \'café\'"'), 'latin1');
    const f = writeNotebook(dir, 'latin1.ipynb', '');
    fs.writeFileSync(f, latin);
    const r = await cli('check', f);
    expect(r.code).toBe(2);
    const decoded = latin.toString('latin1');
    expect(r.stderr).toContain(
      `not readable at ${placeOf(decoded, 'é')}: byte 0xE9 is not UTF-8 (saved as Latin-1 or ` +
        'Windows-1252? Save the notebook as UTF-8).'
    );
    expectNoStackTrace(r);
  });

  test('UTF-32 and cut-short UTF-16 are refused by name', () => {
    const utf32 = Buffer.alloc(8);
    utf32.writeUInt32LE(0xfeff, 0);
    utf32.writeUInt32LE(0x7b, 4);
    expect(() => readNotebook(utf32)).toThrow(/saved as UTF-32.*save it as UTF-8/);
    const cut = Buffer.from(`\ufeff${text}`, 'utf16le').subarray(0, 101);
    expect(() => readNotebook(cut)).toThrow(/UTF-16 LE but has an odd number of bytes/);
    const lone = Buffer.concat([
      Buffer.from('\ufeff{"a": "', 'utf16le'),
      Buffer.from([0x00, 0xd8]),
      Buffer.from('"}', 'utf16le')
    ]);
    expect(() => readNotebook(lone)).toThrow(/line 1, column 8: the UTF-16 LE text is broken/);
  });
});
