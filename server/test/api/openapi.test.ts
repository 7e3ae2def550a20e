import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { InputError } from '../../src/errors';
import { OPERATIONS, openApiDocument } from '../../src/http/openapi';
import { errorStatuses } from '../../src/edge/api/operationObject';
import { MAX_ID } from '../../src/edge/api/parameters';
import { parseFlag, parseId, parseLimit } from '../../src/edge/params';

describe('the OpenAPI document', () => {
  const doc = openApiDocument('1.2.3') as {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, object> };
  };

  it('compiles every schema and resolves every reference', () => {
    const ajv = addFormats(new Ajv({ strict: false }));
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

describe('what the document allows is what the service accepts', () => {
  const doc = openApiDocument('1.2.3') as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  const ops = Object.values(doc.paths).flatMap(methods => Object.values(methods));

  it('states ids and revision numbers as integers from 1 to the largest stored id', () => {
    const params = ops.flatMap(op => (op.parameters ?? []) as { name: string; schema: object }[]);
    for (const p of params.filter(p => ['id', 'number', 'commentId'].includes(p.name))) {
      expect(p.schema).toEqual({ type: 'integer', minimum: 1, maximum: MAX_ID });
    }
    expect(parseId('1')).toBe(1);
    expect(parseId(String(MAX_ID))).toBe(MAX_ID);
    for (const bad of ['0', String(MAX_ID + 1), '', '01', '1.5', '-1', ' 1', '1e3']) {
      expect(() => parseId(bad)).toThrow(InputError);
    }
  });

  it('refuses a limit above its documented maximum and empty flags', () => {
    const list = doc.paths['/promotions'].get as { parameters: { name: string; schema: object }[] };
    expect(list.parameters.find(p => p.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 1000
    });
    expect(parseLimit('1000', 200, 1000)).toBe(1000);
    expect(() => parseLimit('1001', 200, 1000)).toThrow(/at most 1000/);
    expect(() => parseLimit('', 200, 1000)).toThrow(InputError);
    expect(parseFlag('true', 'mine')).toBe(true);
    expect(() => parseFlag('', 'mine')).toThrow(InputError);
  });

  it('links a created request to the operations on it, each of which exists', () => {
    const created = doc.paths['/promotions'].post as {
      responses: Record<string, { links?: Record<string, { operationRef: string }> }>;
    };
    const links = Object.values(created.responses['201'].links ?? {});
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const { operationRef } of links) {
      const [, path, method] = /^#\/paths\/(.+)\/(\w+)$/.exec(operationRef)!;
      expect(doc.paths[path.replace(/~1/g, '/').replace(/~0/g, '~')][method]).toBeDefined();
    }
  });

  it('declares only the errors an operation can give, and optional state-change bodies', () => {
    const health = doc.paths['/health'].get as { responses: object };
    expect(Object.keys(health.responses)).toEqual(['200', '500']);
    const me = doc.paths['/me'].get as { responses: object };
    // 403: a pipeline-runner token may only report runs; 503: the identity provider is down.
    expect(Object.keys(me.responses)).toEqual(['200', '401', '403', '500', '503']);
    const withdraw = doc.paths['/promotions/{id}/withdraw'].post as {
      requestBody: { required: boolean };
    };
    expect(withdraw.requestBody.required).toBe(false);
    // An entry not narrowed yet keeps declaring every error status.
    expect(
      errorStatuses({ method: 'get', path: '/x/{id}', summary: 'x', ok: [200, 'Health'] })
    ).toEqual([400, 401, 403, 404, 409, 413, 429, 500, 503]);
    expect(
      errorStatuses({
        method: 'get',
        path: '/x/{id}',
        summary: 'x',
        ok: [200, 'Health'],
        errors: []
      })
    ).toEqual([400, 401, 403, 404, 500, 503]);
    const ids = ops.map(op => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
