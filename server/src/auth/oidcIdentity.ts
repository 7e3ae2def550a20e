import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey
} from 'jose';
import { AuthenticationError, NotAllowedError, ServiceUnavailableError } from '../errors';
import type { Identity } from './identity';
import type { OidcIdentityConfig } from './identityConfig';
import { noRoleMessage, roleFrom } from './roleMapping';
import { checkUserName } from './tokens';

/** Signature algorithms accepted: asymmetric only, so a leaked client secret cannot mint tokens. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA'
];

/**
 * Identity from bearer JWTs of an OpenID Connect issuer: signature (keys from the JWKS the
 * issuer's discovery document names), issuer, audience and expiry, then the user name and role
 * from configurable claims.
 */
export class OidcIdentity {
  constructor(private readonly _config: OidcIdentityConfig) {}

  async resolve(token: string): Promise<Identity> {
    const keys = await this._keys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this._config.issuer,
        audience: this._config.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp']
      }));
    } catch (error) {
      throw this._refusal(error);
    }
    const rawName = claimAt(payload, this._config.usernameClaim);
    if (typeof rawName !== 'string' || rawName === '') {
      throw new AuthenticationError(
        `The token has no "${this._config.usernameClaim}" claim to name its user.`
      );
    }
    const name = checkUserName(rawName);
    const claimed = claimAt(payload, this._config.rolesClaim);
    const values = Array.isArray(claimed)
      ? claimed.map(String)
      : typeof claimed === 'string'
        ? claimed.split(/[\s,]+/)
        : [];
    const role = roleFrom(this._config.roles, values);
    if (!role) throw new NotAllowedError(noRoleMessage(name, this._config.roles));
    return { name, role };
  }

  /** Discovery once; jose's key set refetches the JWKS itself when a new key id appears. */
  private _keys(): Promise<JWTVerifyGetKey> {
    this._jwks ??= this._discover().catch((error: unknown) => {
      this._jwks = undefined;
      throw error;
    });
    return this._jwks;
  }

  private async _discover(): Promise<JWTVerifyGetKey> {
    const url = `${this._config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(this._config.timeoutMs)
      });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch {
      throw unavailable();
    }
    if (document.issuer !== this._config.issuer || typeof document.jwks_uri !== 'string') {
      throw new ServiceUnavailableError(
        `The OpenID Connect issuer's discovery document does not name issuer ${this._config.issuer} and its keys; check NBPROMOTE_OIDC_ISSUER.`,
        undefined,
        'identity_unavailable'
      );
    }
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      timeoutDuration: this._config.timeoutMs
    });
  }

  private _refusal(error: unknown): Error {
    if (error instanceof joseErrors.JWTExpired) {
      return new AuthenticationError('The token has expired; sign in again.');
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      return new AuthenticationError(
        `The token is not for nbpromote: its "${error.claim}" claim does not match.`,
        { claim: error.claim }
      );
    }
    if (
      error instanceof joseErrors.JWKSTimeout ||
      (error instanceof Error && error.name === 'TypeError' && /fetch/i.test(error.message))
    ) {
      return unavailable();
    }
    if (error instanceof joseErrors.JOSEError) {
      return new AuthenticationError('The token is not valid: its signature or form is wrong.');
    }
    return unavailable();
  }

  private _jwks?: Promise<JWTVerifyGetKey>;
}

function unavailable(): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'The OpenID Connect issuer did not answer, so nbpromote cannot check your token. Try again in a moment.',
    undefined,
    'identity_unavailable'
  );
}

/** `a.b.c` walks into nested objects (Keycloak puts roles in `realm_access.roles`). */
function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
