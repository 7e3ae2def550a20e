/**
 * Answers already encoded JSON: at once when it is at hand, else when it is. The bytes are
 * final, so Express's `send` (type lookup, ETag, freshness, encoding) has nothing to add; they
 * go straight to Node's response, 200 unless a status was set.
 */
import type { Response } from 'express';

const JSON_TYPE = 'application/json; charset=utf-8';

function write(res: Response, bytes: Buffer): void {
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

export function sendJson(res: Response, body: Buffer | Promise<Buffer>): void | Promise<void> {
  if (Buffer.isBuffer(body)) {
    write(res, body);
    return;
  }
  return body.then(bytes => write(res, bytes));
}
