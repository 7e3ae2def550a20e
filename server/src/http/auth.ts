import type { RequestHandler, Response } from 'express';
import { IdentityProviders, type Credentials } from '../auth/identityProviders';
import { TOKEN_PREFIX } from '../auth/tokens';
import type { IdentityConfig } from '../auth/identityConfig';
import { userOf } from '../edge/caller';
import { NotAllowedError } from '../errors';
import { Authenticator } from '../features';
import { isRunnerToken, runnerOf } from '../features/verification/runnerTokens';
import type { Stores } from '../store';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Requires `Authorization: Bearer <nbpromote token>`, or credentials of a configured identity
 * provider (JupyterHub, OpenID Connect); the user lands in `res.locals.user`.
 */
export function requireToken(stores: Stores, identity: IdentityConfig = {}): RequestHandler {
  const authenticator = new Authenticator(stores);
  const providers = new IdentityProviders(stores, identity);
  const identify = async (res: Response, credentials: Credentials, token?: string) => {
    res.locals.user = providers.handles(credentials)
      ? await providers.user(credentials)
      : await authenticator.user(token);
  };
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const token = BEARER.exec(header)?.[1];
    if (token !== undefined && isRunnerToken(token)) {
      // A verification run's token: checked against its run on every use, never cached.
      return runnerOf(stores, token).then(({ user, scope }) => {
        res.locals.user = user;
        res.locals.runnerScope = scope;
        next();
      });
    }
    // A token checked moments ago answers at once: no hash, no promise, no database.
    const known = authenticator.known(token);
    if (known && token?.startsWith(TOKEN_PREFIX)) {
      res.locals.user = known;
      next();
      return;
    }
    const credentials = { authorization: header, browserUser: req.get('x-nbpromote-user') };
    return identify(res, credentials, token).then(() => next());
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
