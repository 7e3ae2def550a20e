// A real OpenID Connect provider (npm oidc-provider) for the service's tests, run as its own
// process: it is an ES module, and jest's module system is CommonJS here.
// Usage: node oidcProvider.mjs <port> <users JSON>; prints "ready" once listening.
// Each user is a client with the client-credentials grant; its JWT access tokens carry the
// claims given for it (a user name, groups), for the audience its resource names.
import Provider, { errors } from 'oidc-provider';

const port = Number(process.argv[2]);
/** @type {Record<string, { claims: Record<string, unknown>, ttl?: number }>} */
const users = JSON.parse(process.argv[3]);
const AUDIENCES = { 'urn:nbpromote': 'nbpromote', 'urn:other': 'other' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: Object.keys(users).map(id => ({
    client_id: id,
    client_secret: 'nbpromote-test-secret',
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: []
  })),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:nbpromote',
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource, client) => {
        if (!(resource in AUDIENCES)) throw new errors.InvalidTarget();
        return {
          scope: 'api',
          audience: AUDIENCES[resource],
          accessTokenFormat: 'jwt',
          accessTokenTTL: users[client.clientId].ttl ?? 600
        };
      }
    }
  },
  extraTokenClaims: (ctx, token) => users[token.clientId]?.claims
});
provider.listen(port, '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
