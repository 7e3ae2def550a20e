/**
 * The real app over a fresh database of each kind, with three users and their tokens, and a
 * client that checks every response against the OpenAPI document.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import request from 'supertest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect';
import { createApp, type AppDeps } from '../../src/http/app';
import { openApiDocument } from '../../src/http/openapi';
import {
  addUser,
  createServices,
  createToken,
  shareEvents,
  type Services,
  type ServicesOptions
} from '../../src/features';
import { createTestDatabase, type TestDatabase, type TestDatabaseHandle } from './databases';

export const ORIGIN = 'http://localhost:8888';

export interface TestApi {
  app: Express;
  services: Services;
  database: DatabaseHandle;
  handle: TestDatabaseHandle;
  /** Tokens of ada (data-scientist), bob (data-scientist), linus (reviewer), grace (admin). */
  tokens: Record<'ada' | 'bob' | 'linus' | 'grace', string>;
  logged: string[];
  as(user: keyof TestApi['tokens'] | null): ApiClient;
  cleanup(): Promise<void>;
}

export async function startTestApi(
  kind: TestDatabase,
  config: Partial<AppDeps['config']> = {},
  options: Partial<Omit<ServicesOptions, 'database' | 'dataDir' | 'log'>> = {}
): Promise<TestApi> {
  const handle = await createTestDatabase(kind);
  const database = await openDatabase(handle.url);
  const logged: string[] = [];
  const services = createServices({
    ...options,
    database,
    dataDir: handle.dataDir,
    log: m => logged.push(m)
  });
  const stopSharing = await shareEvents(services, database, m => logged.push(m));
  // As the service does at start: rules version 1, the defaults.
  await services.rules.current();
  const tokens = {} as TestApi['tokens'];
  for (const [name, role] of [
    ['ada', 'data-scientist'],
    ['bob', 'data-scientist'],
    ['linus', 'reviewer'],
    ['grace', 'admin']
  ] as const) {
    await addUser(services.stores, name, role);
    tokens[name] = await createToken(services.stores, name);
  }
  const app = createApp({
    config: { allowedOrigins: [ORIGIN], maxBodyBytes: 2_000_000, ...config },
    services,
    version: '0.0.0-test',
    log: m => logged.push(m)
  });
  const api: TestApi = {
    app,
    services,
    database,
    handle,
    tokens,
    logged,
    as: user => new ApiClient(app, user === null ? null : tokens[user]),
    cleanup: async () => {
      await stopSharing();
      await services.analysisPool.close();
      await services.ruleEvaluator.close();
      await services.repo.close();
      await database.close().catch(() => undefined);
      await handle.cleanup();
    }
  };
  return api;
}

export type DemoUser = keyof TestApi['tokens'];

/**
 * A fresh test API for each test of the enclosing `describe` (started before, cleaned up
 * after), with a client per demo user. What it returns stays the same object across tests
 * and forwards to the current test's API, so a suite can destructure it once.
 */
export function useTestApi(
  kind: TestDatabase,
  config: Partial<AppDeps['config']> = {}
): { api: TestApi } & Record<DemoUser, ApiClient> {
  let current: TestApi | undefined;
  beforeEach(async () => {
    current = await startTestApi(kind, config);
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  const live = (): TestApi => {
    if (!current) throw new Error('the test API runs only inside a test');
    return current;
  };
  // Methods (on the prototype) are bound to the current object; own values, the Express app
  // included, are passed as they are.
  const forward = <T extends object>(target: () => T): T =>
    new Proxy({} as T, {
      get: (_, key) => {
        const t = target();
        const value = Reflect.get(t, key) as unknown;
        return typeof value === 'function' && !Object.hasOwn(t, key)
          ? (value as (...a: unknown[]) => unknown).bind(t)
          : value;
      }
    });
  return {
    api: forward(live),
    ada: forward(() => live().as('ada')),
    bob: forward(() => live().as('bob')),
    linus: forward(() => live().as('linus')),
    grace: forward(() => live().as('grace'))
  };
}

interface DocumentedResponse {
  content?: Record<string, { schema?: { $ref?: string } }>;
}
const document = openApiDocument('test') as {
  paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>;
};
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
ajv.addSchema(document, 'openapi');

/** The documented response schema for (method, concrete path, status); throws if undocumented. */
export function checkAgainstOpenApi(
  method: string,
  url: string,
  status: number,
  contentType: string | undefined,
  body: unknown
): void {
  const pathname = url.split('?')[0].replace(/^\/api\/v1/, '');
  const entry = Object.entries(document.paths).find(([template]) => {
    const re = new RegExp(
      '^' + template.replace(/\{path\}/, '.+').replace(/\{\w+\}/g, '[^/]+') + '$'
    );
    return re.test(pathname);
  });
  if (!entry) throw new Error(`${method} ${pathname} is not in the OpenAPI document`);
  const op = entry[1][method.toLowerCase()];
  if (!op) throw new Error(`${method} ${entry[0]} is not in the OpenAPI document`);
  const response = op.responses[String(status)];
  if (!response) throw new Error(`${method} ${entry[0]} does not document status ${status}`);
  if (!contentType?.startsWith('application/json')) return;
  const schema = response.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${entry[0]} ${status} has no JSON schema`);
  const ref: string = schema.$ref ?? '';
  const validate = ref ? ajv.getSchema(`openapi${ref}`)! : ajv.compile(schema as object);
  if (!validate(body)) {
    throw new Error(
      `${method} ${pathname} ${status} does not match the OpenAPI document: ` +
        ajv.errorsText(validate.errors) +
        `\n${JSON.stringify(body).slice(0, 500)}`
    );
  }
}

/** supertest with a bearer token; every answer is checked against the OpenAPI document. */
export class ApiClient {
  constructor(
    private readonly _app: Express,
    private readonly _token: string | null
  ) {}

  get(url: string) {
    return this._send('GET', url);
  }
  post(url: string, body?: unknown) {
    return this._send('POST', url, body);
  }
  put(url: string, body?: unknown) {
    return this._send('PUT', url, body);
  }
  patch(url: string, body?: unknown) {
    return this._send('PATCH', url, body);
  }
  delete(url: string) {
    return this._send('DELETE', url);
  }

  private async _send(method: string, url: string, body?: unknown): Promise<request.Response> {
    const full = url.startsWith('/api/') ? url : `/api/v1${url}`;
    let req = request(this._app)[method.toLowerCase() as 'get'](full);
    if (this._token) req = req.set('Authorization', `Bearer ${this._token}`);
    const res = body === undefined ? await req : await req.send(body as object);
    checkAgainstOpenApi(method, full, res.status, res.headers['content-type'], res.body);
    return res;
  }
}
