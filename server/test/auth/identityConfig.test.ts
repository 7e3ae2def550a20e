import { describeIdentity, resolveIdentityConfig } from '../../src/auth/identityConfig';
import { roleFrom } from '../../src/auth/roleMapping';

describe('identity configuration from the environment', () => {
  it('has no provider unless one is configured', () => {
    expect(resolveIdentityConfig({})).toEqual({});
    expect(describeIdentity({})).toBe('nbpromote API tokens');
  });

  it('takes the Hub from the variables a Hub gives its services, NBPROMOTE_HUB_* first', () => {
    const { hub } = resolveIdentityConfig({
      JUPYTERHUB_API_URL: 'http://hub:8081/hub/api/',
      JUPYTERHUB_API_TOKEN: 'from-hub',
      JUPYTERHUB_SERVICE_NAME: 'promote',
      NBPROMOTE_HUB_API_TOKEN: 'ours'
    });
    expect(hub).toMatchObject({
      apiUrl: 'http://hub:8081/hub/api',
      apiToken: 'ours',
      serviceName: 'promote',
      cacheSeconds: 300
    });
  });

  it('never keeps a Hub answer longer than 300 s', () => {
    const env = { NBPROMOTE_HUB_API_URL: 'http://hub:8081/hub/api' };
    expect(
      resolveIdentityConfig({ ...env, NBPROMOTE_HUB_CACHE_SECONDS: '3600' }).hub?.cacheSeconds
    ).toBe(300);
    expect(
      resolveIdentityConfig({ ...env, NBPROMOTE_HUB_CACHE_SECONDS: '30' }).hub?.cacheSeconds
    ).toBe(30);
    expect(
      resolveIdentityConfig({ ...env, NBPROMOTE_HUB_CACHE_SECONDS: 'x' }).hub?.cacheSeconds
    ).toBe(300);
  });

  it('renames the groups and keeps the issuer exactly as written', () => {
    const config = resolveIdentityConfig({
      NBPROMOTE_OIDC_ISSUER: 'https://tenant.example/',
      NBPROMOTE_OIDC_AUDIENCE: 'nbpromote',
      NBPROMOTE_OIDC_ROLES_CLAIM: 'realm_access.roles',
      NBPROMOTE_GROUP_REVIEWERS: 'ml-reviewers'
    });
    expect(config.oidc).toMatchObject({
      issuer: 'https://tenant.example/',
      rolesClaim: 'realm_access.roles',
      usernameClaim: 'preferred_username'
    });
    expect(roleFrom(config.oidc!.roles, ['ml-reviewers'])).toBe('reviewer');
    expect(roleFrom(config.oidc!.roles, ['nbpromote-reviewers'])).toBeUndefined();
    expect(describeIdentity(config)).toBe(
      'OpenID Connect https://tenant.example/ (audience nbpromote), nbpromote API tokens'
    );
  });

  it('refuses an issuer without an audience, and URLs that are not http(s)', () => {
    expect(() => resolveIdentityConfig({ NBPROMOTE_OIDC_ISSUER: 'https://idp' })).toThrow(
      'NBPROMOTE_OIDC_AUDIENCE is required with NBPROMOTE_OIDC_ISSUER.'
    );
    expect(() => resolveIdentityConfig({ NBPROMOTE_HUB_API_URL: 'file:///etc' })).toThrow(
      'NBPROMOTE_HUB_API_URL must be an http(s) URL: "file:///etc".'
    );
  });

  it('gives the strongest role of a user in several groups or with several scopes', () => {
    const { hub } = resolveIdentityConfig({ NBPROMOTE_HUB_API_URL: 'http://hub/hub/api' });
    const names = hub!.roles;
    expect(roleFrom(names, ['nbpromote-users', 'nbpromote-admins'])).toBe('admin');
    expect(roleFrom(names, ['nbpromote-users'], ['custom:nbpromote:review'])).toBe('reviewer');
    expect(roleFrom(names, [], ['custom:nbpromote:promote'])).toBe('data-scientist');
    expect(roleFrom(names, ['staff'], ['access:services'])).toBeUndefined();
  });
});
