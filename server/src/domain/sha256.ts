import { createHash } from 'node:crypto';

/**
 * The sha256 of a string's UTF-8 bytes, in hex. Encoding first is the fast way: Node hashes a
 * string holding any character beyond Latin-1 (most notebooks) about twice as slowly as the
 * same text already encoded.
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}
