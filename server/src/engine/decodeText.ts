import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors';

/**
 * A notebook file's bytes as text. Jupyter writes UTF-8; editors on Windows save UTF-16 with
 * a byte order mark, and some tools write a UTF-8 one. The byte order mark decides; without
 * one, JSON's own rule (RFC 4627: the first two characters are ASCII) tells UTF-16 from
 * UTF-8. Anything else is refused with the place of the first byte that is not UTF-8.
 */
export function decodeText(bytes: Buffer): string {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return utf8(b.subarray(3), 3);
  if (
    (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) ||
    (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
  ) {
    throw new InputError(
      'The notebook is saved as UTF-32, which nbpromote does not read; save it as UTF-8.',
      { encoding: 'utf-32' },
      'unsupported_encoding'
    );
  }
  if (b[0] === 0xff && b[1] === 0xfe) return utf16(b.subarray(2), 'le');
  if (b[0] === 0xfe && b[1] === 0xff) return utf16(b.subarray(2), 'be');
  if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) return utf16(b, 'le');
  if (b.length >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0) return utf16(b, 'be');
  return utf8(b, 0);
}

function utf16(b: Buffer, order: 'le' | 'be'): string {
  const name = `UTF-16 ${order.toUpperCase()}`;
  if (b.length % 2 !== 0) {
    throw new InputError(
      `The notebook is ${name} but has an odd number of bytes: the file is cut short.`,
      { encoding: `utf-16${order}` },
      'unsupported_encoding'
    );
  }
  const le = order === 'le' ? b : Buffer.from(b).swap16();
  try {
    return new TextDecoder('utf-16le', { fatal: true }).decode(le);
  } catch {
    // A lone surrogate: find the first one to say where.
    for (let i = 0; i + 1 < le.length; i += 2) {
      const unit = le.readUInt16LE(i);
      const next = i + 3 < le.length ? le.readUInt16LE(i + 2) : -1;
      const high = unit >= 0xd800 && unit <= 0xdbff;
      const low = unit >= 0xdc00 && unit <= 0xdfff;
      if (low || (high && !(next >= 0xdc00 && next <= 0xdfff))) {
        throw badByte(le.toString('utf16le', 0, i), i, `the ${name} text is broken`);
      }
      if (high) i += 2;
    }
    throw new InputError(`The notebook is not valid ${name} text.`, {}, 'unsupported_encoding');
  }
}

function utf8(b: Buffer, skipped: number): string {
  if (isUtf8(b)) return b.toString('utf8');
  {
    const at = firstInvalidUtf8(b);
    throw badByte(
      b.toString('utf8', 0, at),
      at + skipped,
      `byte 0x${b[at].toString(16).toUpperCase().padStart(2, '0')} is not UTF-8 (saved as ` +
        'Latin-1 or Windows-1252? Save the notebook as UTF-8)'
    );
  }
}

function badByte(before: string, offset: number, what: string): InputError {
  const lines = before.split('\n');
  const line = lines.length;
  const column = lines[lines.length - 1].length + 1;
  return new InputError(
    `The notebook's text encoding is not readable at line ${line}, column ${column}: ${what}.`,
    { line, column, byte: offset },
    'unsupported_encoding'
  );
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const len =
      c < 0x80
        ? 1
        : c >= 0xc2 && c <= 0xdf
          ? 2
          : c >= 0xe0 && c <= 0xef
            ? 3
            : c >= 0xf0 && c <= 0xf4
              ? 4
              : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) {
      if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    }
    // Overlong, surrogate and out-of-range forms of 3 and 4 byte sequences.
    if (len === 3) {
      const cp = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    }
    if (len === 4) {
      const cp =
        ((c & 0x07) << 18) |
        ((b[i + 1] & 0x3f) << 12) |
        ((b[i + 2] & 0x3f) << 6) |
        (b[i + 3] & 0x3f);
      if (cp < 0x10000 || cp > 0x10ffff) return i;
    }
    i += len;
  }
  return Math.max(0, b.length - 1);
}

const UTF16 = new Map([
  ['utf-16', 'le'],
  ['utf-16le', 'le'],
  ['utf-16be', 'be']
] as const);

/**
 * A request body with the charset its Content-Type declares: a byte order mark still wins;
 * UTF-8 and UTF-16 are read, any other charset is refused by name.
 */
export function decodeBody(bytes: Buffer, charset: string | undefined): string {
  const cs = charset?.toLowerCase();
  const bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (cs === undefined || cs === 'utf-8' || cs === 'utf8' || bom) return decodeText(bytes);
  const order = UTF16.get(cs as 'utf-16');
  if (order) return utf16(bytes, order);
  throw new InputError(
    `The request body's charset "${charset!.toUpperCase()}" is not supported: send UTF-8 or UTF-16.`,
    { charset },
    'unsupported_encoding'
  );
}
