import { inspect } from 'node:util';
import request from 'supertest';
import { HubIdentity } from '../../src/auth/hubIdentity';
import {
  DEFAULT_ROLE_NAMES,
  resolveIdentityConfig,
  type HubIdentityConfig
} from '../../src/auth/identityConfig';
import { AuthenticationError } from '../../src/errors';
import { startTestApi, type TestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { startHub, type Hub } from '../support/jupyterhub';

jest.setTimeout(120_000);

let hub: Hub;

beforeAll(async () => {
  hub = await startHub();
});

afterAll(async () => {
  await hub?.cleanup();
});

function hubConfig(overrides: Partial<HubIdentityConfig> = {}): HubIdentityConfig {
  return {
    apiUrl: hub.apiUrl,
    apiToken: hub.serviceToken,
    serviceName: 'nbpromote',
    cacheSeconds: 300,
    timeoutMs: 5_000,
    roles: DEFAULT_ROLE_NAMES,
    ...overrides
  };
}

function me(api: TestApi, authorization: string, browserUser?: string) {
  const call = request(api.app).get('/api/v1/me').set('Authorization', authorization);
  return browserUser === undefined ? call : call.set('X-Nbpromote-User', browserUser);
}

describe.each(DATABASES)('users from a real JupyterHub (%s)', kind => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(kind, { identity: { hub: hubConfig() } });
  });

  afterAll(async () => {
    await api?.cleanup();
  });

  it('acts as the owner of a server token, with the role the Hub gives, created on first use', async () => {
    expect(await api.services.stores.users.find('katherine')).toBeUndefined();
    const cases = [
      ['ada', 'data-scientist'], // group nbpromote-users
      ['linus', 'reviewer'], // group nbpromote-reviewers
      ['grace', 'admin'], // group nbpromote-admins
      ['katherine', 'reviewer'] // custom scope custom:nbpromote:review, no group
    ] as const;
    for (const [name, role] of cases) {
      const custom = name === 'katherine' ? ['custom:nbpromote:review'] : [];
      const { token } = await hub.serverToken(name, { custom });
      const response = await me(api, `token ${token}`);
      expect({ status: response.status, body: response.body }).toEqual({
        status: 200,
        body: { name, role }
      });
    }
    expect(await api.services.stores.users.find('katherine')).toMatchObject({
      name: 'katherine',
      role: 'reviewer'
    });
  });

  it('follows the Hub when a user changes groups', async () => {
    // Back and forth within seconds: the users store follows each change.
    const before = await me(api, `token ${(await hub.serverToken('bob')).token}`);
    expect(before.body).toEqual({ name: 'bob', role: 'data-scientist' });
    try {
      await hub.addToGroup('nbpromote-admins', 'bob');
      const promoted = await me(api, `token ${(await hub.serverToken('bob')).token}`);
      expect(promoted.body).toEqual({ name: 'bob', role: 'admin' });
      expect((await api.services.stores.users.find('bob'))?.role).toBe('admin');
    } finally {
      await hub.removeFromGroup('nbpromote-admins', 'bob');
    }
    const back = await me(api, `token ${(await hub.serverToken('bob')).token}`);
    expect(back.body).toEqual({ name: 'bob', role: 'data-scientist' });
    expect((await api.services.stores.users.find('bob'))?.role).toBe('data-scientist');
  });

  it('keeps accepting nbpromote tokens beside the Hub', async () => {
    const response = await me(api, `Bearer ${api.tokens.linus}`);
    expect(response.body).toEqual({ name: 'linus', role: 'reviewer' });
  });
});

describe('what the Hub refuses, nbpromote refuses', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('sqlite', { identity: { hub: hubConfig() } });
  });

  afterAll(async () => {
    await api?.cleanup();
  });

  it('refuses a user in no nbpromote group, saying which groups let them in', async () => {
    const response = await me(api, `token ${(await hub.serverToken('eve')).token}`);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'eve has no nbpromote role: ask an administrator to add you to one of the groups ' +
        'nbpromote-admins, nbpromote-reviewers, nbpromote-users.'
    );
    expect(await api.services.stores.users.find('eve')).toBeUndefined();
  });

  it('refuses forged, revoked and expired tokens', async () => {
    const forged = await me(api, 'token 0123456789abcdef0123456789abcdef');
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toBe(
      'JupyterHub does not accept this token: it is unknown, revoked or expired.'
    );
    const revoked = await hub.serverToken('ada');
    await hub.revoke('ada', revoked.id);
    expect((await me(api, `token ${revoked.token}`)).status).toBe(401);
    const expiring = await hub.serverToken('ada', { expiresIn: 1 });
    await new Promise(r => setTimeout(r, 2_100));
    expect((await me(api, `token ${expiring.token}`)).status).toBe(401);
    // A Hub token sent as a bearer token is checked with the Hub too.
    expect((await me(api, 'Bearer 0123456789abcdef0123456789abcdef')).status).toBe(401);
  });

  it('refuses a valid token that lacks access to the nbpromote service', async () => {
    const { token } = await hub.token('ada', ['access:servers!server=ada/']);
    const response = await me(api, `token ${token}`);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(
      'it lacks the scope access:services!service=nbpromote'
    );
  });

  it('lets the person in the browser of a shared server act only when the Hub says it is shared', async () => {
    const ada = (await hub.serverToken('ada')).token;
    // Naming the owner is the owner.
    expect((await me(api, `token ${ada}`, 'ada')).body).toEqual({
      name: 'ada',
      role: 'data-scientist'
    });
    const notShared = await me(api, `token ${ada}`, 'linus');
    expect(notShared.status).toBe(403);
    expect(notShared.body.error.message).toBe(
      "linus may not act through ada's server: JupyterHub says it is not shared with them."
    );
    await hub.share('ada', 'linus');
    try {
      const shared = await me(api, `token ${(await hub.serverToken('ada')).token}`, 'linus');
      expect(shared.status).toBe(200);
      expect(shared.body).toEqual({ name: 'linus', role: 'reviewer' });
      // ada's server is shared with linus, not with grace.
      const other = await me(api, `token ${(await hub.serverToken('ada')).token}`, 'grace');
      expect(other.status).toBe(403);
      // Nor is bob's server shared with linus.
      const bobs = await me(api, `token ${(await hub.serverToken('bob')).token}`, 'linus');
      expect(bobs.status).toBe(403);
    } finally {
      await hub.unshare('ada', 'linus');
    }
    const unshared = await me(api, `token ${(await hub.serverToken('ada')).token}`, 'linus');
    expect(unshared.status).toBe(403);
    // A name that is no user name never reaches the Hub's URLs.
    const odd = await me(api, `token ${ada}`, '../admin');
    expect(odd.status).toBe(400);
  });

  it('answers 503 with a message while the Hub is down, never anonymous, and resumes', async () => {
    const fresh = await hub.serverToken('linus');
    await hub.stop();
    try {
      const down = await me(api, `token ${fresh.token}`);
      expect(down.status).toBe(503);
      expect(down.body.error).toEqual({
        code: 'identity_unavailable',
        message:
          'JupyterHub did not answer (unreachable), so nbpromote cannot tell who you are. Try again in a moment.'
      });
      const write = await request(api.app)
        .post('/api/v1/notifications/read')
        .set('Authorization', `token ${fresh.token}`)
        .send({});
      expect(write.status).toBe(503);
    } finally {
      await hub.start();
    }
    const back = await me(api, `token ${fresh.token}`);
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ name: 'linus', role: 'reviewer' });
  });
});

describe('single-user servers the Hub spawns', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi('sqlite', { identity: { hub: hubConfig() } });
  });

  afterAll(async () => {
    await api?.cleanup();
  });

  it('reach nbpromote with the token the Hub gives them, configured as "Deploy for a team" says', async () => {
    try {
      const ada = await hub.spawn('ada');
      expect((await me(api, `token ${ada}`, 'ada')).body).toEqual({
        name: 'ada',
        role: 'data-scientist'
      });
      // The Hub gave katherine's server the custom scope she holds, and no other.
      const katherine = await hub.spawn('katherine');
      expect((await me(api, `token ${katherine}`, 'katherine')).body).toEqual({
        name: 'katherine',
        role: 'reviewer'
      });
      const eve = await hub.spawn('eve');
      expect((await me(api, `token ${eve}`, 'eve')).status).toBe(403);
      // linus in the browser of ada's server: only once ada shares it.
      expect((await me(api, `token ${ada}`, 'linus')).status).toBe(403);
      await hub.share('ada', 'linus');
      try {
        const fresh = await startTestApi('sqlite', { identity: { hub: hubConfig() } });
        try {
          expect((await me(fresh, `token ${ada}`, 'linus')).body).toEqual({
            name: 'linus',
            role: 'reviewer'
          });
        } finally {
          await fresh.cleanup();
        }
      } finally {
        await hub.unshare('ada', 'linus');
      }
    } finally {
      for (const user of ['ada', 'katherine', 'eve']) await hub.stopServer(user);
    }
  });
});

describe('the cache of Hub answers', () => {
  it('reuses an answer for at most 300 s, keyed by the token hash', async () => {
    let now = 1_000_000;
    // Asked for an hour, given at most 300 s.
    const { hub: config } = resolveIdentityConfig({
      NBPROMOTE_HUB_API_URL: hub.apiUrl,
      NBPROMOTE_HUB_API_TOKEN: hub.serviceToken,
      NBPROMOTE_HUB_CACHE_SECONDS: '3600'
    });
    expect(config?.cacheSeconds).toBe(300);
    const identity = new HubIdentity(config!, () => now);
    const { id, token } = await hub.serverToken('ada');
    expect(await identity.resolve(token)).toEqual({ name: 'ada', role: 'data-scientist' });
    // The token itself is nowhere in the cache, only its hash.
    const cached = inspect(identity, { depth: 10, maxArrayLength: null, maxStringLength: null });
    expect(cached).toMatch(/'[0-9a-f]{64}' =>/);
    expect(cached).not.toContain(token);
    await hub.revoke('ada', id);
    now += 299_000;
    expect(await identity.resolve(token)).toEqual({ name: 'ada', role: 'data-scientist' });
    now += 2_000;
    await expect(identity.resolve(token)).rejects.toBeInstanceOf(AuthenticationError);
  });
});
