/**
 * Security headers for a JSON API, decided by helmet once at start and then set in one step.
 *
 * helmet's defaults are made for HTML documents; every answer here is JSON (or an event
 * stream) read by a script. What applies to such answers is what OWASP's REST Security Cheat
 * Sheet lists: no caching of private answers, no framing, no sniffing, HTTPS only, no
 * referrer, and a policy that lets the answer load nothing. The document-only headers
 * (Cross-Origin-Opener-Policy, Origin-Agent-Cluster, X-DNS-Prefetch-Control,
 * X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection) protect pages,
 * not JSON, and each header costs every answer its share of the read path.
 */
import type { Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

export const API_HELMET: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }
  },
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: { policy: 'same-origin' },
  originAgentCluster: false,
  referrerPolicy: { policy: 'no-referrer' },
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false
};

export function securityHeaders(): RequestHandler {
  // Answers carry users' requests and notebooks: no shared or browser cache keeps them.
  const headers = new Map<string, string | string[]>([['Cache-Control', 'no-store']]);
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
  helmet(API_HELMET)({} as Request, recorder as unknown as Response, () => {
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
