/**
 * Several middlewares as one: each runs when the one before calls `next()`, an error from any
 * (thrown, passed to `next`, or a rejected promise) ends the series. Express spends a router
 * pass (layer match, parameter processing, path trimming) on every layer of every request;
 * gates every request passes through cost one pass together.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function series(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, done: NextFunction) => {
    let i = 0;
    const next = (error?: unknown): void => {
      // An error, or Express's 'route' / 'router', is Express's to handle from here.
      if (error !== undefined && error !== null) {
        done(error);
        return;
      }
      const handler = handlers[i++];
      if (!handler) {
        done();
        return;
      }
      try {
        const out = handler(req, res, next) as unknown;
        if (out instanceof Promise) {
          out.catch((e: unknown) => done(e ?? new Error('A middleware failed without a reason.')));
        }
      } catch (e) {
        done(e);
      }
    };
    next();
  };
}
