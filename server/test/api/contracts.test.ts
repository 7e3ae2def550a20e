import { CONTRACTS } from '../../src/features/contracts';
import { OPERATIONS, openApiDocument } from '../../src/http/openapi';
import { useTestApi } from '../support/api';

/** The parts of Express's router layers read here (router v2). */
interface Layer {
  route?: { path: string; methods: Record<string, boolean | undefined> };
  handle?: { stack?: Layer[] };
}

/**
 * `get /promotions/{id}` for every route under `stack`, in OpenAPI's path syntax; a route the
 * app answers ahead of the API (its hot read) counts under the API's own path.
 */
function routesOf(stack: readonly Layer[]): string[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      const path = layer.route.path.replace(/^\/api\/v1/, '').replace(/[:*](\w+)/g, '{$1}');
      return Object.keys(layer.route.methods)
        .filter(m => m !== '_all' && m !== 'head')
        .map(m => `${m} ${path}`);
    }
    return layer.handle?.stack ? routesOf(layer.handle.stack) : [];
  });
}

describe('the contracts and the served document', () => {
  const { api } = useTestApi('sqlite');

  it('serves the document assembled from the contracts, each body under its name', async () => {
    const res = await api.as(null).get('/openapi.json');
    expect(res.status).toBe(200);
    const served = res.body as { components: { schemas: Record<string, unknown> } };
    expect(served).toEqual(JSON.parse(JSON.stringify(openApiDocument('0.0.0-test'))));
    for (const contract of Object.values(CONTRACTS)) {
      for (const [name, schema] of Object.entries(contract.BODIES)) {
        expect(served.components.schemas[`${name}Body`]).toEqual(
          JSON.parse(JSON.stringify(schema))
        );
      }
      for (const [name, schema] of Object.entries(contract.RESPONSES ?? {})) {
        expect(served.components.schemas[name]).toEqual(JSON.parse(JSON.stringify(schema)));
      }
    }
  });

  it('has an operation for every route the service answers, and a route for every operation', () => {
    const app = api.app as unknown as { router: { stack: Layer[] } };
    const routes = [...new Set(routesOf(app.router.stack))].sort();
    const operations = OPERATIONS.map(op => `${op.method} ${op.path}`).sort();
    expect(routes).toEqual(operations);
  });
});
