/**
 * Words of a text found by scanning character classes, not by a regular expression: a
 * global match builds one array per token, which on large outputs was most of what the
 * diff allocated. The classes are those of `[\p{L}\p{N}_]+` (a word) and `\s+` (a space
 * run); every other code point is a token of its own.
 */

const OTHER = 1;
const WORD = 2;
const SPACE = 3;

const WORD_CHAR = /^[\p{L}\p{N}_]$/u;
const SPACE_CHAR = /^\s$/u;
/** Classes of the code points below 0x10000, filled in as they are met (0: not yet). */
const bmp = new Uint8Array(0x10000);

/**
 * ASCII is classed by hand (checked against the expressions in the tests): most notebook
 * text is ASCII, and it then never needs a string and a match per character.
 */
function classify(cp: number): number {
  if (cp < 128) {
    const lower = cp | 0x20;
    if ((lower >= 97 && lower <= 122) || (cp >= 48 && cp <= 57) || cp === 95) {
      return WORD;
    }
    return cp === 32 || (cp >= 9 && cp <= 13) ? SPACE : OTHER;
  }
  const s = String.fromCodePoint(cp);
  return WORD_CHAR.test(s) ? WORD : SPACE_CHAR.test(s) ? SPACE : OTHER;
}

function classOf(cp: number): number {
  if (cp < 0x10000) {
    let k = bmp[cp];
    if (k === 0) {
      k = bmp[cp] = classify(cp);
    }
    return k;
  }
  return classify(cp);
}

/** Code point at i of s[..to), a surrogate pair counting as one only when both halves are. */
function codePointAt(s: string, i: number, to: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
    }
  }
  return c;
}

/**
 * End of the token that starts at i in s[..to): a word, a run of white space, or one
 * other code point.
 */
export function tokenEnd(s: string, i: number, to: number): number {
  const cp = codePointAt(s, i, to);
  const k = classOf(cp);
  i += cp > 0xffff ? 2 : 1;
  if (k !== OTHER) {
    while (i < to) {
      const next = codePointAt(s, i, to);
      if (classOf(next) !== k) {
        break;
      }
      i += next > 0xffff ? 2 : 1;
    }
  }
  return i;
}

/** Whether the token starting at i is white space. */
export function spaceAt(s: string, i: number, to: number): boolean {
  return classOf(codePointAt(s, i, to)) === SPACE;
}
