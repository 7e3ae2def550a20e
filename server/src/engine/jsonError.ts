/**
 * Where JSON text first goes wrong, and what is wrong there, in words a person fixing the
 * file by hand can act on. Node's JSON.parse messages differ between versions and some carry
 * no position at all (or the end of the file for a problem at its start), so a failed parse
 * is scanned again here. Only called after JSON.parse refused the text.
 */
export interface JsonErrorPlace {
  /** 0-based character offset. */
  offset: number;
  line: number;
  column: number;
  what: string;
}

type Frame = {
  kind: 'object' | 'array';
  state: 'start' | 'key' | 'colon' | 'value' | 'next';
  /** Offset of the opening bracket. */
  open: number;
};

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

function describeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f || code === 0xfeff) {
    return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `character "${ch}"`;
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: offset - lastBreak };
}

class Found extends Error {
  constructor(
    readonly offset: number,
    readonly what: string
  ) {
    super(what);
  }
}

export function locateJsonError(text: string): JsonErrorPlace | undefined {
  try {
    scan(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof Found)) throw e;
    return { offset: e.offset, ...lineColumn(text, e.offset), what: e.what };
  }
}

function scan(text: string): void {
  let i = 0;
  const n = text.length;
  const stack: Frame[] = [];
  // Where the last string token began, to point at a quote that ended it too early.
  let lastString: { start: number; end: number } | undefined;
  const end = (expecting: string) => {
    throw new Found(n, `the file ends early (truncated?) where ${expecting} was expected`);
  };
  const skipWs = () => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };

  const readString = () => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= n) throw new Found(n, 'the file ends early (truncated?) inside a string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        lastString = { start, end: i - 1 };
        return;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) throw new Found(n, 'the file ends early (truncated?) inside a string');
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            throw new Found(i, 'invalid \\u escape in a string (it takes four hex digits)');
          }
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) {
          throw new Found(i, `invalid escape "\\${e}" in a string (write "\\\\" for a backslash)`);
        }
        i += 2;
        continue;
      }
      if (c < 0x20) {
        const what =
          c === 0x0a || c === 0x0d
            ? 'a line break inside a string (write \\n; is a closing quote missing?)'
            : `control ${describeChar(text[i])} inside a string (write it as \\u${c.toString(16).padStart(4, '0')})`;
        throw new Found(i, what);
      }
      i++;
    }
  };

  const readNumber = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    const next = m ? text[i + m[0].length] : undefined;
    if (!m || (next !== undefined && /[0-9.eE+\-A-Za-z]/.test(next))) {
      const word = /^[^\s,\]}]+/.exec(text.slice(i, i + 40))?.[0] ?? text[i];
      throw new Found(i, `invalid number "${word}"`);
    }
    i += m[0].length;
  };

  const readWord = () => {
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 40))?.[0] ?? '';
    if (word === 'true' || word === 'false' || word === 'null') {
      i += word.length;
      return;
    }
    const hint =
      word === 'NaN' || word === 'Infinity'
        ? ` (${word} is not JSON; write null or a string)`
        : word === 'True' || word === 'False' || word === 'None'
          ? ` (JSON writes ${word === 'None' ? 'null' : word.toLowerCase()})`
          : '';
    throw new Found(i, `unexpected word "${word}"${hint}`);
  };

  /** After a string, a stray character usually means a quote inside it was not escaped. */
  const unexpected = (expecting: string): never => {
    const ch = text[i];
    const quote = lastString?.end ?? -1;
    const between = quote >= 0 ? text.slice(quote + 1, i) : '\n';
    const literal = /^(true|false|null)\b/.test(text.slice(i, i + 6));
    const stray =
      !expecting.startsWith('a value') &&
      /[^\s,:\]}[{"]/.test(ch) &&
      (between === '' || (/^[ \t]+$/.test(between) && /[A-Za-z]/.test(ch) && !literal));
    if (stray) {
      throw new Found(
        quote,
        'unescaped quote inside a string (write \\" for a quote that is part of the text)'
      );
    }
    if (expecting.startsWith('","') && /["{[\-0-9tfn]/.test(ch)) {
      throw new Found(i, `missing comma before this ${ch === '"' ? 'string' : 'value'}`);
    }
    const top = stack[stack.length - 1];
    const closer = top?.kind === 'object' ? '}' : ']';
    if (top && (ch === '}' || ch === ']') && ch !== closer) {
      const at = lineColumn(text, top.open);
      throw new Found(
        i,
        `"${ch}" where "${closer}" should close the "${top.kind === 'object' ? '{' : '['}" ` +
          `opened at line ${at.line}, column ${at.column}`
      );
    }
    if (ch === ',' && text.slice(0, i).trimEnd().endsWith(',')) {
      throw new Found(i, 'one comma too many');
    }
    if ((ch === '}' || ch === ']') && expecting.startsWith('a value')) {
      throw new Found(i, `unexpected "${ch}": a trailing comma or a missing value before it`);
    }
    throw new Found(i, `unexpected ${describeChar(ch)}; expected ${expecting}`);
  };

  const value = () => {
    skipWs();
    if (i >= n) end('a value');
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      stack.push({ kind: ch === '{' ? 'object' : 'array', state: 'start', open: i });
      i++;
      return;
    }
    if (ch === '"') readString();
    else if (ch === '-' || (ch >= '0' && ch <= '9')) readNumber();
    else if (/[A-Za-z_$]/.test(ch)) readWord();
    else if (stack.length === 0 && (ch === '#' || ch === '/')) {
      throw new Found(
        i,
        `unexpected ${describeChar(ch)} (JSON has no comments; a notebook file starts with "{")`
      );
    } else unexpected(stack.length === 0 ? 'the notebook to start with "{"' : 'a value');
    afterValue();
  };

  const afterValue = () => {
    const top = stack[stack.length - 1];
    if (top) top.state = 'next';
  };

  value();
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    skipWs();
    if (i >= n) end(top.kind === 'object' ? '"," or "}"' : '"," or "]"');
    const ch = text[i];
    const close = top.kind === 'object' ? '}' : ']';
    if (top.state === 'start' || top.state === 'next') {
      if (ch === close) {
        i++;
        stack.pop();
        afterValue();
        continue;
      }
      if (top.state === 'next') {
        if (ch !== ',') unexpected(`"," or "${close}"`);
        i++;
        skipWs();
        if (text[i] === close) {
          throw new Found(i, `trailing comma before "${close}"`);
        }
      }
      if (top.kind === 'array') {
        top.state = 'value';
        value();
        continue;
      }
      skipWs();
      if (i >= n) end('a key');
      if (text[i] !== '"') unexpected('a key in double quotes');
      readString();
      top.state = 'colon';
      continue;
    }
    if (top.state === 'colon') {
      if (ch !== ':') unexpected('":" after the key');
      i++;
      top.state = 'value';
      value();
      continue;
    }
  }
  skipWs();
  if (i < n) {
    throw new Found(i, `unexpected ${describeChar(text[i])} after the end of the JSON document`);
  }
}
