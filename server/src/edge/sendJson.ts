/** Answers already encoded JSON: at once when it is at hand, else when it is. */
import type { Response } from 'express';

const JSON_TYPE = 'application/json; charset=utf-8';

export function sendJson(res: Response, body: Buffer | Promise<Buffer>): void | Promise<void> {
  if (Buffer.isBuffer(body)) {
    res.set('Content-Type', JSON_TYPE).send(body);
    return;
  }
  return body.then(bytes => {
    res.set('Content-Type', JSON_TYPE).send(bytes);
  });
}
