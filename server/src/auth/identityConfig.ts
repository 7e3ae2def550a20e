import type { Role } from '../domain';

/** Which Hub groups, OIDC claim values or Hub custom scopes give which nbpromote role. */
export interface RoleNames {
  /** Group (or claim value) per role; a user in several gets the strongest. */
  groups: Record<HubRole, string>;
  /** JupyterHub custom scope per role (`custom:...`), granted through the Hub's roles. */
  scopes: Record<HubRole, string>;
}

/** The roles an identity provider can give; pipeline runners keep nbpromote's own tokens. */
export type HubRole = Exclude<Role, 'pipeline-runner'>;

/** The service registered with a JupyterHub as an external service. */
export interface HubIdentityConfig {
  /** The Hub's REST API, e.g. `http://hub:8081/hub/api`. */
  apiUrl: string;
  /** The service's own Hub API token: needed to ask whether a server is shared. */
  apiToken?: string;
  /** The service's name in the Hub (`access:services!service=<name>`). */
  serviceName: string;
  /** How long an answer of the Hub is reused, in seconds; never more than 300. */
  cacheSeconds: number;
  /** How long to wait for the Hub before answering 503. */
  timeoutMs: number;
  roles: RoleNames;
}

/** Bearer JWTs from an OpenID Connect issuer (Keycloak, Okta, Entra ID, Dex...). */
export interface OidcIdentityConfig {
  /** The issuer URL; its `/.well-known/openid-configuration` names the JWKS. */
  issuer: string;
  /** The `aud` a token must carry. */
  audience: string;
  /** The claim holding the user's groups or roles; dots walk into objects (`realm_access.roles`). */
  rolesClaim: string;
  /** The claim holding the user name. */
  usernameClaim: string;
  timeoutMs: number;
  roles: RoleNames;
}

export interface IdentityConfig {
  hub?: HubIdentityConfig;
  oidc?: OidcIdentityConfig;
}

/** JupyterHub's own services cache token answers this long; ours never longer. */
export const MAX_CACHE_SECONDS = 300;

export const DEFAULT_ROLE_NAMES: RoleNames = {
  groups: {
    'data-scientist': 'nbpromote-users',
    reviewer: 'nbpromote-reviewers',
    admin: 'nbpromote-admins'
  },
  scopes: {
    'data-scientist': 'custom:nbpromote:promote',
    reviewer: 'custom:nbpromote:review',
    admin: 'custom:nbpromote:admin'
  }
};

function roleNames(env: NodeJS.ProcessEnv): RoleNames {
  const { groups, scopes } = DEFAULT_ROLE_NAMES;
  return {
    groups: {
      'data-scientist': env.NBPROMOTE_GROUP_USERS || groups['data-scientist'],
      reviewer: env.NBPROMOTE_GROUP_REVIEWERS || groups.reviewer,
      admin: env.NBPROMOTE_GROUP_ADMINS || groups.admin
    },
    scopes: { ...scopes }
  };
}

function milliseconds(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function checkUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL: "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${name} must be an http(s) URL: "${value}".`);
  }
  return value;
}

/**
 * Identity providers from the environment. A Hub-managed service gets JUPYTERHUB_API_URL,
 * JUPYTERHUB_API_TOKEN and JUPYTERHUB_SERVICE_NAME from the Hub; NBPROMOTE_HUB_* win.
 */
export function resolveIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const config: IdentityConfig = {};
  const hubUrl = env.NBPROMOTE_HUB_API_URL || env.JUPYTERHUB_API_URL;
  if (hubUrl) {
    const cache = Number(env.NBPROMOTE_HUB_CACHE_SECONDS ?? MAX_CACHE_SECONDS);
    config.hub = {
      apiUrl: checkUrl('NBPROMOTE_HUB_API_URL', hubUrl).replace(/\/+$/, ''),
      apiToken: env.NBPROMOTE_HUB_API_TOKEN || env.JUPYTERHUB_API_TOKEN || undefined,
      serviceName: env.NBPROMOTE_HUB_SERVICE_NAME || env.JUPYTERHUB_SERVICE_NAME || 'nbpromote',
      cacheSeconds: Number.isFinite(cache)
        ? Math.min(Math.max(cache, 0), MAX_CACHE_SECONDS)
        : MAX_CACHE_SECONDS,
      timeoutMs: milliseconds(env.NBPROMOTE_HUB_TIMEOUT_MS, 5_000),
      roles: roleNames(env)
    };
  }
  if (env.NBPROMOTE_OIDC_ISSUER) {
    if (!env.NBPROMOTE_OIDC_AUDIENCE) {
      throw new Error('NBPROMOTE_OIDC_AUDIENCE is required with NBPROMOTE_OIDC_ISSUER.');
    }
    config.oidc = {
      // Kept exactly as written: `iss` is compared with it, and some issuers end in "/".
      issuer: checkUrl('NBPROMOTE_OIDC_ISSUER', env.NBPROMOTE_OIDC_ISSUER),
      audience: env.NBPROMOTE_OIDC_AUDIENCE,
      rolesClaim: env.NBPROMOTE_OIDC_ROLES_CLAIM || 'groups',
      usernameClaim: env.NBPROMOTE_OIDC_USERNAME_CLAIM || 'preferred_username',
      timeoutMs: milliseconds(env.NBPROMOTE_OIDC_TIMEOUT_MS, 5_000),
      roles: roleNames(env)
    };
  }
  return config;
}

/** One line for the service's start-up banner: who may call it. */
export function describeIdentity(config: IdentityConfig): string {
  const parts: string[] = [];
  if (config.hub) {
    parts.push(`JupyterHub ${config.hub.apiUrl} (service ${config.hub.serviceName})`);
  }
  if (config.oidc) {
    parts.push(`OpenID Connect ${config.oidc.issuer} (audience ${config.oidc.audience})`);
  }
  parts.push('nbpromote API tokens');
  return parts.join(', ');
}
