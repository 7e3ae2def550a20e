import type { RequestHandler } from 'express';
import { IdentityProviders } from '../auth/identityProviders';
import type { IdentityConfig } from '../auth/identityConfig';
import { userOf } from '../edge/caller';
import { NotAllowedError } from '../errors';
import { Authenticator } from '../features';
import type { Stores } from '../store';

/**
 * Requires `Authorization: Bearer <nbpromote token>`, or credentials of a configured identity
 * provider (JupyterHub, OpenID Connect); the user lands in `res.locals.user`.
 */
export function requireToken(stores: Stores, identity: IdentityConfig = {}): RequestHandler {
  const authenticator = new Authenticator(stores);
  const providers = new IdentityProviders(stores, identity);
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const credentials = { authorization: header, browserUser: req.get('x-nbpromote-user') };
    if (providers.handles(credentials)) {
      res.locals.user = await providers.user(credentials);
    } else {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      res.locals.user = await authenticator.user(match?.[1]);
    }
    next();
  };
}

/**
 * A pipeline-runner token only reports runs: an orchestrator holds it, so it must not read
 * notebooks or act on requests if it leaks.
 */
export function confineRunners(): RequestHandler {
  return (req, res, next) => {
    if (
      userOf(res).role === 'pipeline-runner' &&
      !(req.method === 'POST' && req.path === '/runs')
    ) {
      throw new NotAllowedError('A pipeline-runner token may only report runs (POST /runs).', {
        role: 'pipeline-runner'
      });
    }
    next();
  };
}
