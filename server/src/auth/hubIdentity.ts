import { AuthenticationError, NotAllowedError, ServiceUnavailableError } from '../errors';
import type { Identity } from './identity';
import { IdentityCache } from './identityCache';
import type { HubIdentityConfig } from './identityConfig';
import { noRoleMessage, roleFrom } from './roleMapping';
import { checkUserName } from './tokens';

/** The part of JupyterHub's user model (`GET /user`, `GET /users/{name}`) read here. */
interface HubUser {
  kind: 'user' | 'service';
  name: string;
  groups: string[];
  /** Only in `GET /user`: the scopes of the token asked with. */
  scopes: string[];
}

interface HubShare {
  server: { name: string; user: { name: string } };
  scopes: string[];
}

const PAGINATION = 'application/jupyterhub-pagination+json';

/**
 * Identity from a JupyterHub the service is registered with. A single-user server forwards its
 * own `JUPYTERHUB_API_TOKEN` and the name of the person in the browser; the Hub says whose the
 * token is, with which scopes and groups, and whether that person may use the owner's server.
 */
export class HubIdentity {
  constructor(
    private readonly _config: HubIdentityConfig,
    now: () => number = Date.now
  ) {
    const ttl = _config.cacheSeconds * 1000;
    this._owners = new IdentityCache<HubUser>(ttl, 10_000, now);
    this._actors = new IdentityCache<HubUser>(ttl, 10_000, now);
  }

  /** The acting user of a request carrying `token`, naming `browserUser` (or not). */
  async resolve(token: string, browserUser?: string): Promise<Identity> {
    const owner = await this._owners.load(IdentityCache.key('owner', token), () =>
      this._tokenOwner(token)
    );
    // Checked on every access, cached answer or not, as JupyterHub's own HubAuth does.
    this._checkAccess(owner);
    let actor = owner;
    if (browserUser !== undefined && browserUser !== owner.name) {
      const name = checkUserName(browserUser);
      actor = await this._actors.load(IdentityCache.key('actor', token, name), () =>
        this._sharedWith(owner, name)
      );
    }
    const role = roleFrom(this._config.roles, actor.groups, actor === owner ? owner.scopes : []);
    if (!role) throw new NotAllowedError(noRoleMessage(actor.name, this._config.roles));
    return { name: checkUserName(actor.name), role };
  }

  private _checkAccess(owner: HubUser): void {
    const service = this._config.serviceName;
    if (owner.kind !== 'user') {
      throw new NotAllowedError(
        `The JupyterHub token belongs to the service ${owner.name}, not a user; nbpromote acts only for users.`
      );
    }
    const scopes = new Set(owner.scopes);
    if (!scopes.has('access:services') && !scopes.has(`access:services!service=${service}`)) {
      throw new NotAllowedError(
        `This JupyterHub token may not use nbpromote: it lacks the scope access:services!service=${service}. ` +
          'The Hub administrator grants it to the single-user servers (see "Deploy for a team").',
        { scope: `access:services!service=${service}` }
      );
    }
  }

  private async _tokenOwner(token: string): Promise<HubUser> {
    const response = await this._get('/user', token);
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      throw new AuthenticationError(
        'JupyterHub does not accept this token: it is unknown, revoked or expired.'
      );
    }
    await this._expectOk(response);
    const model = (await response.json()) as Partial<HubUser>;
    return {
      kind: model.kind === 'service' ? 'service' : 'user',
      name: String(model.name ?? ''),
      groups: Array.isArray(model.groups) ? model.groups.map(String) : [],
      scopes: Array.isArray(model.scopes) ? model.scopes.map(String) : []
    };
  }

  /**
   * `name` as the actor on `owner`'s server: only when the Hub has a share (to them or one of
   * their groups) of a server this token belongs to.
   */
  private async _sharedWith(owner: HubUser, name: string): Promise<HubUser> {
    const servers = serversOfToken(owner.scopes, owner.name);
    const refused = new NotAllowedError(
      `${name} may not act through ${owner.name}'s server: JupyterHub says it is not shared with them.`,
      { owner: owner.name, user: name }
    );
    if (servers.length === 0) throw refused;
    const serviceToken = this._serviceToken();
    const shares: HubShare[] = [];
    for (let offset = 0; ;) {
      const path = `/users/${encodeURIComponent(name)}/shared?offset=${offset}`;
      const response = await this._get(path, serviceToken, PAGINATION);
      if (response.status === 404) throw refused;
      if (response.status === 401 || response.status === 403) {
        throw new ServiceUnavailableError(
          'nbpromote cannot ask JupyterHub about shared servers: its own Hub token lacks the scopes ' +
            'read:users:shares and read:users:groups.'
        );
      }
      await this._expectOk(response);
      const page = (await response.json()) as {
        items: HubShare[];
        _pagination?: { next?: { offset: number } | null };
      };
      shares.push(...page.items);
      const next = page._pagination?.next;
      if (!next || page.items.length === 0) break;
      offset = next.offset;
    }
    const shared = shares.some(
      share =>
        share.server.user.name === owner.name &&
        servers.includes(share.server.name) &&
        grantsAccess(share.scopes, owner.name, share.server.name)
    );
    if (!shared) throw refused;
    const response = await this._get(`/users/${encodeURIComponent(name)}`, serviceToken);
    await this._expectOk(response);
    const model = (await response.json()) as Partial<HubUser>;
    return {
      kind: 'user',
      name,
      groups: Array.isArray(model.groups) ? model.groups.map(String) : [],
      scopes: []
    };
  }

  private _serviceToken(): string {
    if (!this._config.apiToken) {
      throw new NotAllowedError(
        'This server is shared, and nbpromote has no JupyterHub API token of its own to check ' +
          'the share (NBPROMOTE_HUB_API_TOKEN), so only its owner may use nbpromote through it.'
      );
    }
    return this._config.apiToken;
  }

  private async _get(path: string, token: string, accept = 'application/json'): Promise<Response> {
    try {
      return await fetch(`${this._config.apiUrl}${path}`, {
        headers: { Authorization: `token ${token}`, Accept: accept },
        redirect: 'error',
        signal: AbortSignal.timeout(this._config.timeoutMs)
      });
    } catch (error) {
      throw this._unavailable(
        (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable'
      );
    }
  }

  private async _expectOk(response: Response): Promise<void> {
    if (response.ok) return;
    await response.body?.cancel();
    throw this._unavailable(`answered ${response.status}`);
  }

  private _unavailable(why: string): ServiceUnavailableError {
    return new ServiceUnavailableError(
      `JupyterHub did not answer (${why}), so nbpromote cannot tell who you are. Try again in a moment.`,
      undefined,
      'identity_unavailable'
    );
  }

  private readonly _owners: IdentityCache<HubUser>;
  private readonly _actors: IdentityCache<HubUser>;
}

/** The servers of `owner` a single-user server's token opens: `access:servers!server=owner/name`. */
export function serversOfToken(scopes: readonly string[], owner: string): string[] {
  const prefix = `access:servers!server=${owner}/`;
  return scopes.filter(s => s.startsWith(prefix)).map(s => s.slice(prefix.length));
}

function grantsAccess(scopes: readonly string[], owner: string, server: string): boolean {
  return scopes.some(
    s =>
      s === `access:servers!server=${owner}/${server}` ||
      s === `access:servers!user=${owner}` ||
      s === 'access:servers'
  );
}
