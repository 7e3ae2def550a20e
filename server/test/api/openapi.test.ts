import Ajv from 'ajv';
import { OPERATIONS, openApiDocument } from '../../src/http/api/openapi';

describe('the OpenAPI document', () => {
  const doc = openApiDocument('1.2.3') as {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, object> };
  };

  it('compiles every schema and resolves every reference', () => {
    const ajv = new Ajv({ strict: false });
    ajv.addSchema(doc, 'openapi');
    for (const name of Object.keys(doc.components.schemas)) {
      expect(ajv.getSchema(`openapi#/components/schemas/${name}`)).toBeDefined();
    }
    const refs = JSON.stringify(doc.paths).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) expect(ajv.getSchema(`openapi${ref}`)).toBeDefined();
  });

  it('documents every route once, with its error answers', () => {
    const seen = new Set(OPERATIONS.map(op => `${op.method} ${op.path}`));
    expect(seen.size).toBe(OPERATIONS.length);
    const promote = doc.paths['/promotions/{id}/promote'].post as { responses: object };
    expect(Object.keys(promote.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409'])
    );
  });
});
