/**
 * helmet's headers, worked out once. helmet runs a middleware per header on every request;
 * its answer depends on nothing in the request (no nonces, default options), so its headers
 * are recorded once at start and then set in one step.
 */
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

export function securityHeaders(): RequestHandler {
  const headers = new Map<string, string | string[]>();
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | string[]) {
      headers.set(name, value);
    },
    removeHeader(name: string) {
      headers.delete(name);
      removed.push(name);
    }
  };
  let called = false;
  helmet()({} as Request, recorder as unknown as Response, () => {
    called = true;
  });
  // A helmet that answers asynchronously or reads the request would not be recorded rightly.
  if (!called) throw new Error('helmet did not finish synchronously');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    res.setHeaders(headers);
    next();
  };
}
