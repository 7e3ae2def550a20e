import { generateKeyPair, SignJWT, decodeJwt } from 'jose';
import request from 'supertest';
import { DEFAULT_ROLE_NAMES, type OidcIdentityConfig } from '../../src/auth/identityConfig';
import { startTestApi, type TestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { startOidcIssuer, type OidcIssuer } from '../support/oidcIssuer';

jest.setTimeout(60_000);

let issuer: OidcIssuer;

beforeAll(async () => {
  issuer = await startOidcIssuer({
    ada: { claims: { preferred_username: 'ada', groups: ['nbpromote-users'] } },
    linus: { claims: { preferred_username: 'linus', groups: ['staff', 'nbpromote-reviewers'] } },
    // Keycloak's layout: roles under realm_access, read through the configured claim path.
    hedy: { claims: { preferred_username: 'hedy', realm_access: { roles: ['nbpromote-admins'] } } },
    eve: { claims: { preferred_username: 'eve', groups: ['staff'] } },
    brief: { claims: { preferred_username: 'brief', groups: ['nbpromote-users'] }, ttl: 1 }
  });
});

afterAll(async () => {
  await issuer?.stop();
});

function oidcConfig(overrides: Partial<OidcIdentityConfig> = {}): OidcIdentityConfig {
  return {
    issuer: issuer.issuer,
    audience: 'nbpromote',
    rolesClaim: 'groups',
    usernameClaim: 'preferred_username',
    timeoutMs: 5_000,
    roles: DEFAULT_ROLE_NAMES,
    ...overrides
  };
}

function me(api: TestApi, token: string) {
  return request(api.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
}

describe.each(DATABASES)('bearer tokens of a real OpenID Connect issuer (%s)', kind => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(kind, { identity: { oidc: oidcConfig() } });
  });

  afterAll(async () => {
    await api?.cleanup();
  });

  it('acts as the user the token names, with the role its groups claim gives, created on first use', async () => {
    const token = await issuer.token('linus');
    expect(decodeJwt(token)).toMatchObject({ iss: issuer.issuer, aud: 'nbpromote' });
    expect((await me(api, token)).body).toEqual({ name: 'linus', role: 'reviewer' });
    expect((await me(api, await issuer.token('ada'))).body).toEqual({
      name: 'ada',
      role: 'data-scientist'
    });
    // ada and linus were users already (nbpromote tokens); the issuer's user is new.
    expect(await api.services.stores.users.find('brief')).toBeUndefined();
    expect((await me(api, await issuer.token('brief'))).body).toEqual({
      name: 'brief',
      role: 'data-scientist'
    });
    expect(await api.services.stores.users.find('brief')).toMatchObject({ role: 'data-scientist' });
  });

  it('keeps accepting nbpromote tokens beside the issuer', async () => {
    expect((await me(api, api.tokens.grace)).body).toEqual({ name: 'grace', role: 'admin' });
  });
});

describe('what nbpromote refuses from an OpenID Connect issuer', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('sqlite', { identity: { oidc: oidcConfig() } });
  });

  afterAll(async () => {
    await api?.cleanup();
  });

  it('refuses a user whose groups give no nbpromote role', async () => {
    const response = await me(api, await issuer.token('eve'));
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'eve has no nbpromote role: ask an administrator to add you to one of the groups ' +
        'nbpromote-admins, nbpromote-reviewers, nbpromote-users.'
    );
  });

  it('refuses a token for another audience', async () => {
    const response = await me(api, await issuer.token('ada', 'urn:other'));
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe(
      'The token is not for nbpromote: its "aud" claim does not match.'
    );
  });

  it('refuses an expired token', async () => {
    const token = await issuer.token('brief');
    expect((await me(api, token)).status).toBe(200);
    await new Promise(r => setTimeout(r, 2_100));
    const response = await me(api, token);
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe('The token has expired; sign in again.');
  });

  it('refuses a forged token: right claims, wrong key, or no signature', async () => {
    const real = decodeJwt(await issuer.token('linus'));
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...real, groups: ['nbpromote-admins'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .sign(privateKey);
    const signed = await me(api, forged);
    expect(signed.status).toBe(401);
    expect(signed.body.error.message).toBe(
      'The token is not valid: its signature or form is wrong.'
    );
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ ...real, groups: ['nbpromote-admins'] })).toString(
      'base64url'
    );
    expect((await me(api, `${header}.${body}.`)).status).toBe(401);
  });

  it('reads roles from a nested claim when configured so', async () => {
    const keycloak = await startTestApi('sqlite', {
      identity: { oidc: oidcConfig({ rolesClaim: 'realm_access.roles' }) }
    });
    try {
      expect((await me(keycloak, await issuer.token('hedy'))).body).toEqual({
        name: 'hedy',
        role: 'admin'
      });
    } finally {
      await keycloak.cleanup();
    }
  });

  it('answers 503 with a message when the issuer cannot be reached', async () => {
    const unreachable = await startTestApi('sqlite', {
      identity: { oidc: oidcConfig({ issuer: 'http://127.0.0.1:9/', timeoutMs: 2_000 }) }
    });
    try {
      const response = await me(unreachable, await issuer.token('ada'));
      expect(response.status).toBe(503);
      expect(response.body.error).toEqual({
        code: 'identity_unavailable',
        message:
          'The OpenID Connect issuer did not answer, so nbpromote cannot check your token. Try again in a moment.'
      });
    } finally {
      await unreachable.cleanup();
    }
  });
});
