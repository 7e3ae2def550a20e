/**
 * A path that exists answers 405 with `Allow` for a method it does not have, and `OPTIONS`
 * with the same `Allow`. The methods are read from the routes registered on the router at
 * request time, so a new route needs nothing here.
 */
import type { RequestHandler, Router } from 'express';
import { MethodNotAllowedError } from '../errors';
import { RecentMap } from '../runtime/recentMap';

/** The parts of Express's router layers this reads (router v2). */
interface Layer {
  route?: { methods: Record<string, boolean | undefined> };
  handle?: { stack?: Layer[] };
  match(path: string): { path: string } | false;
}

/** Methods the routes under `stack` answer for `path`, upper case, HEAD with GET. */
export function allowedMethods(stack: readonly Layer[], path: string): Set<string> {
  const methods = new Set<string>();
  for (const layer of stack) {
    const matched = layer.match(path);
    if (!matched) continue;
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') methods.add(method.toUpperCase());
      }
      if (methods.has('GET')) methods.add('HEAD');
    } else if (layer.handle?.stack) {
      // A mounted router sees the path below its mount point.
      const rest = path.slice(matched.path.length) || '/';
      for (const m of allowedMethods(layer.handle.stack, rest)) methods.add(m);
    }
  }
  return methods;
}

export function methodNotAllowed(router: Router): RequestHandler {
  // Routes are all registered before the first request; a path's methods then never change,
  // so the walk over every route runs once per recent path, not once per request.
  const known = new RecentMap<Set<string>>(1000);
  return (req, res, next) => {
    let allowed = known.get(req.path);
    if (allowed === undefined) {
      allowed = allowedMethods(router.stack as unknown as Layer[], req.path);
      known.set(req.path, allowed);
    }
    if (allowed.size === 0 || allowed.has(req.method)) {
      next();
      return;
    }
    const allow = [...allowed, 'OPTIONS'].join(', ');
    res.set('Allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    throw new MethodNotAllowedError(`${req.method} is not allowed on ${req.path}; use ${allow}.`, {
      allowed: [...allowed]
    });
  };
}
