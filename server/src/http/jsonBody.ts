import express, { type RequestHandler } from 'express';
import { decodeBody, parseJson } from '../engine';
import { InputError } from '../errors';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * JSON request bodies, read by the same reader as notebook files: a byte order mark (UTF-8,
 * UTF-16 LE/BE) or the declared charset decides, and a syntax error names its line and
 * column. Limits and Content-Encoding are Express's own (express.raw).
 */
export function jsonBody(limit: number): RequestHandler {
  const raw = express.raw({ type: 'application/json', limit });
  const parse: RequestHandler = (req, _res, next) => {
    if (!Buffer.isBuffer(req.body)) {
      next();
      return;
    }
    const declared = CHARSET.exec(req.headers['content-type'] ?? '')?.[1];
    const bytes: Buffer = req.body;
    if (bytes.length === 0) {
      req.body = {};
      next();
      return;
    }
    const text = decodeBody(bytes, declared);
    const first = /\S/.exec(text)?.[0];
    if (first !== '{' && first !== '[') {
      throw new InputError(
        'The request body is not valid JSON: it must be a JSON object.',
        undefined,
        'invalid_json'
      );
    }
    req.body = parseJson(text, 'The request body');
    next();
  };
  // Most requests are reads with no body: they skip the reader altogether.
  const read: RequestHandler = (req, res, next) => {
    if (
      req.headers['content-length'] === undefined &&
      req.headers['transfer-encoding'] === undefined
    ) {
      next();
      return;
    }
    raw(req, res, err => {
      if (err) {
        next(err);
        return;
      }
      // Called back from the stream, not by Express: a throw must reach next itself.
      try {
        parse(req, res, next);
      } catch (error) {
        next(error);
      }
    });
  };
  return read;
}
