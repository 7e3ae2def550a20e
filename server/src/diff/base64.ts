import { createHash } from 'node:crypto';

/** Decoded size of base64 data, without decoding it. */
export function base64Bytes(s: string): number {
  // Notebook writers break base64 with newlines or not at all; indexOf is a fast scan.
  if (s.indexOf('\n') < 0 && s.indexOf(' ') < 0 && s.indexOf('\r') < 0) {
    const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
    return Math.max(0, Math.floor((s.length * 3) / 4) - pad);
  }
  let len = 0;
  let pad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 32) {
      len++;
      pad = c === 61 ? pad + 1 : 0;
    }
  }
  return Math.max(0, Math.floor((len * 3) / 4) - pad);
}

/** Base64 characters per decoded chunk: a multiple of 4, so chunks decode on their own. */
const CHUNK = 64 * 1024;
let scratch: Buffer | undefined;

/**
 * SHA-256 (hex) of the bytes base64 data decodes to, decoded a chunk at a time into one
 * kept buffer, so an image is never held decoded in full. A chunk that decodes to fewer
 * bytes than its characters make held something other than base64 (a line break, say):
 * such data is decoded whole, as Buffer.from reads it.
 */
export function sha256Base64(s: string): string {
  scratch ??= Buffer.allocUnsafeSlow((CHUNK / 4) * 3);
  const hash = createHash('sha256');
  for (let i = 0; i < s.length; i += CHUNK) {
    const n = scratch.write(s.slice(i, i + CHUNK), 0, 'base64');
    if (i + CHUNK < s.length && n !== scratch.length) {
      return createHash('sha256').update(Buffer.from(s, 'base64')).digest('hex');
    }
    hash.update(scratch.subarray(0, n));
  }
  return hash.digest('hex');
}
