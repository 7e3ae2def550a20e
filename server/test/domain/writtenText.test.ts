/**
 * The patterns of written text mean the same to JavaScript (the service, ajv) and to Python
 * (schemathesis and other readers of the OpenAPI document), character by character.
 */
import { execFileSync } from 'node:child_process';
import { NO_NUL_PATTERN, WRITTEN_PATTERN, isWritten } from '../../src/domain';

function pythonSearch(pattern: string, texts: string[]): boolean[] {
  const script =
    'import json, re, sys\n' +
    'd = json.load(sys.stdin)\n' +
    'p = re.compile(d["pattern"])\n' +
    'print(json.dumps([p.search(t) is not None for t in d["texts"]]))\n';
  const out = execFileSync('python3', ['-c', script], {
    input: JSON.stringify({ pattern, texts }),
    maxBuffer: 64 * 1024 * 1024
  });
  return JSON.parse(out.toString()) as boolean[];
}

// Every character of the basic plane but lone surrogates, and a few beyond it.
const characters: string[] = [];
for (let c = 0; c <= 0xffff; c++) {
  if (c < 0xd800 || c > 0xdfff) characters.push(String.fromCharCode(c));
}
characters.push('\u{1F600}', '\u{F6E62}', '\u{E0001}', '\u{10FFFF}');

describe('written text', () => {
  it.each([
    ['WRITTEN_PATTERN', WRITTEN_PATTERN],
    ['NO_NUL_PATTERN', NO_NUL_PATTERN]
  ])('%s reads every character as Python reads it', (_, pattern) => {
    const texts = characters.flatMap(c => [c, ` \t${c}\u000b`, `x${c}`]);
    const js = new RegExp(pattern, 'u');
    const python = pythonSearch(pattern, texts);
    const differ = texts.filter((t, i) => js.test(t) !== python[i]);
    expect(differ.map(t => [...t].map(c => c.codePointAt(0)!.toString(16)))).toEqual([]);
  });

  it('calls text written when a visible character is there and no NUL', () => {
    expect(isWritten('Ñ\u001b\udb9b\ude62 \u000b', 5)).toBe(true);
    expect(isWritten('abcd', 5)).toBe(false);
    expect(isWritten(' \t\u000b\u001b\u001c\u0085\u00a0\u200b\u3000\ufeff')).toBe(false);
    expect(isWritten('fine\u0000')).toBe(false);
    expect(isWritten('\u{1F600}')).toBe(true);
  });
});
