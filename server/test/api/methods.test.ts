import request from 'supertest';
import { OPERATIONS } from '../../src/http/openapi';
import { startTestApi, type TestApi } from '../support/api';
import { DATABASES } from '../support/databases';

const methodsOf = (allow: string | undefined) => new Set((allow ?? '').split(/,\s*/));

/** Every route Express has, as `<method> <OpenAPI path>`, read from the router's layers. */
function registeredRoutes(api: TestApi): string[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
    name?: string;
  }
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        // The app's hot read answers ahead of the API: it counts under the API's own path.
        const path = layer.route.path.replace(/^\/api\/v1/, '').replace(/[:*](\w+)/g, '{$1}');
        for (const method of Object.keys(layer.route.methods)) out.push(`${method} ${path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((api.app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...new Set(out)];
}

describe.each(DATABASES)('methods a path does not have, on %s', kind => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(async () => {
    await api.cleanup();
  });

  it('answers 405 with Allow listing the methods the path has, token or not', async () => {
    for (const token of [api.tokens.ada, null]) {
      let req = request(api.app).trace('/api/v1/promotions');
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      const res = await req;
      expect(res.status).toBe(405);
      expect(methodsOf(res.headers.allow)).toEqual(new Set(['GET', 'HEAD', 'POST', 'OPTIONS']));
      expect(res.body.error.code).toBe('method_not_allowed');
    }
    const del = await request(api.app)
      .delete('/api/v1/promotions/12/comments/3')
      .set('Authorization', `Bearer ${api.tokens.grace}`);
    expect(del.status).toBe(405);
    expect(methodsOf(del.headers.allow)).toEqual(new Set(['PATCH', 'OPTIONS']));
    const put = await request(api.app).put('/api/v1/health');
    expect(put.status).toBe(405);
    expect(methodsOf(put.headers.allow)).toEqual(new Set(['GET', 'HEAD', 'OPTIONS']));
  });

  it('answers OPTIONS with the same Allow, and unknown paths still 404', async () => {
    const options = await request(api.app).options('/api/v1/settings');
    expect(options.status).toBe(204);
    expect(methodsOf(options.headers.allow)).toEqual(new Set(['GET', 'HEAD', 'PUT', 'OPTIONS']));
    const unknown = await request(api.app)
      .trace('/api/v1/nothing-here')
      .set('Authorization', `Bearer ${api.tokens.ada}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.allow).toBeUndefined();
  });

  it('documents exactly the routes the service registers', () => {
    const documented = OPERATIONS.map(op => `${op.method} ${op.path}`).sort();
    expect(registeredRoutes(api).sort()).toEqual(documented);
  });
});
