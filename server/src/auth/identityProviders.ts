import { AuthenticationError } from '../errors';
import type { Stores, User } from '../store';
import { HubIdentity } from './hubIdentity';
import type { Identity } from './identity';
import { IdentityCache } from './identityCache';
import type { IdentityConfig } from './identityConfig';
import { OidcIdentity } from './oidcIdentity';
import { TOKEN_PREFIX } from './tokens';

/** What a request says about who sends it. */
export interface Credentials {
  /** The `Authorization` header. */
  authorization?: string;
  /** `X-Nbpromote-User`: the person in the browser of a (possibly shared) Hub server. */
  browserUser?: string;
}

/**
 * The configured identity providers: a JupyterHub (`Authorization: token ...`, or a bearer
 * token that is neither nbpromote's own nor a JWT) and an OIDC issuer (bearer JWTs). nbpromote's
 * own `nbp_` tokens are not theirs: `handles` says false and the caller checks those.
 */
export class IdentityProviders {
  constructor(
    private readonly _stores: Stores,
    config: IdentityConfig,
    now?: () => number
  ) {
    this._hub = config.hub && new HubIdentity(config.hub, now);
    this._oidc = config.oidc && new OidcIdentity(config.oidc);
  }

  /** Whether these credentials are for a provider (else they are an nbpromote token). */
  handles(credentials: Credentials): boolean {
    if (!this._hub && !this._oidc) return false;
    const parsed = parse(credentials.authorization);
    return parsed !== undefined && !parsed.token.startsWith(TOKEN_PREFIX);
  }

  /** The user the provider names, created or updated in the users store. */
  async user(credentials: Credentials): Promise<User> {
    const identity = await this._identity(credentials);
    // Reads need not cost a database round trip each, as for nbpromote tokens; a new role
    // from the provider is written at once.
    const key = IdentityCache.key(identity.name);
    const known = this._users.get(key);
    if (known?.role === identity.role) return known;
    const user = await this._stores.users.ensure(identity.name, identity.role);
    this._users.set(key, user);
    return user;
  }

  private async _identity(credentials: Credentials): Promise<Identity> {
    const parsed = parse(credentials.authorization);
    if (!parsed) throw new AuthenticationError();
    const jwt = parsed.scheme === 'bearer' && isJwt(parsed.token);
    if (jwt && this._oidc) return this._oidc.resolve(parsed.token);
    if (!jwt && this._hub) return this._hub.resolve(parsed.token, credentials.browserUser);
    throw new AuthenticationError(
      jwt
        ? 'This service accepts no OpenID Connect tokens (no issuer is configured).'
        : 'This service is not connected to a JupyterHub; use an nbpromote API token.'
    );
  }

  private readonly _users = new IdentityCache<User>(5_000);
  private readonly _hub?: HubIdentity;
  private readonly _oidc?: OidcIdentity;
}

function parse(header: string | undefined): { scheme: string; token: string } | undefined {
  const match = /^(Bearer|token)\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? { scheme: match[1].toLowerCase(), token: match[2] } : undefined;
}

function isJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
