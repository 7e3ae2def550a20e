/**
 * One entry of the API (method, path, body, answers) and the OpenAPI operation object built
 * from it: parameter schemas, every error status it can answer, links to other operations.
 */
import { ID_SCHEMA, PATH_PARAMETERS, type Parameter } from './parameters';

/** An OpenAPI link from an operation's success answer to another operation. */
export interface Link {
  /** The target as `<method> <path>`, e.g. `get /promotions/{id}`. */
  to: string;
  /** Target parameters: runtime expressions such as `$response.body#/id`, or constants. */
  parameters: Record<string, unknown>;
  description?: string;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** The name of a body schema in the operation's contract (`<name>Body` in the document). */
  body?: string;
  /** The body may be left out (an empty object is assumed). */
  bodyOptional?: boolean;
  /** A request body that works against a seeded service (used by the examples phase). */
  bodyExample?: unknown;
  /** Status and response schema name; `text/event-stream` for SSE. */
  ok: [number, string];
  /** Query parameters: a plain description means any string. */
  query?: Record<string, string | Parameter>;
  /** Request headers the operation reads (besides Authorization). */
  headers?: Record<string, Parameter>;
  /** Path parameters not in PATH_PARAMETERS, or that differ from them. */
  params?: Record<string, Parameter>;
  /**
   * Error statuses besides those every operation of its kind can answer (see errorStatuses);
   * `[]` for none. Left out, the operation declares every error status.
   */
  errors?: number[];
  links?: Record<string, Link>;
  public?: boolean;
}

const ERRORS: Record<number, string> = {
  400: 'Bad input (the error names the field or JSON path)',
  401: 'No valid API token',
  403: 'Not allowed for this role or user',
  404: 'Not found',
  409: 'Conflicts with the current state (details.state)',
  413: 'Body over the size limit',
  429: 'Too many write requests',
  500: 'Internal error (logged; no details are shown)',
  503: 'The identity provider (JupyterHub, OIDC) cannot answer now; try again'
};

const pathNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map(m => m[1]);

/**
 * The error statuses an operation can answer: those its kind always can (no token, bad
 * input, a runner token, unknown id, body too large, rate limit, internal error) and its
 * own `errors`.
 * An entry without `errors` is not narrowed yet and declares every error status.
 */
export function errorStatuses(op: Operation): number[] {
  if (op.errors === undefined) {
    const all = Object.keys(ERRORS).map(Number);
    return op.public ? [429, 500] : all;
  }
  const codes = new Set<number>([...op.errors, 500]);
  const inPath = pathNames(op.path).length > 0;
  if (!op.public) codes.add(401);
  // Who is asking may be for JupyterHub or an OIDC provider to say, and they can be down.
  if (!op.public) codes.add(503);
  // A pipeline-runner token is refused everywhere but POST /runs (confineRunners).
  if (!op.public) codes.add(403);
  if (op.body || op.query || inPath) codes.add(400);
  if (inPath) codes.add(404);
  if (op.body) codes.add(413);
  if (op.method !== 'get' && !op.public) codes.add(429);
  return [...codes].sort((a, b) => a - b);
}

function parameter(name: string, where: 'path' | 'query' | 'header', spec: Parameter | string) {
  const p = typeof spec === 'string' ? { description: spec, schema: { type: 'string' } } : spec;
  return {
    name,
    in: where,
    required: where === 'path' || (typeof spec !== 'string' && spec.required === true),
    description: p.description,
    schema: p.schema,
    ...(p.example === undefined ? {} : { example: p.example })
  };
}

/** `#/paths/~1promotions~1{id}/get` for `get /promotions/{id}` (JSON Pointer escaping). */
function operationRef(to: string): string {
  const [method, path] = to.split(' ');
  return `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`;
}

/** `getPromotionsByIdComments` for `get /promotions/{id}/comments`: stable and unique. */
function operationId(op: Operation): string {
  const words = op.path
    .split('/')
    .map(part => part.replace(/^\{(\w+)\}$/, 'by-$1'))
    .flatMap(part => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return op.method + words.map(w => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The OpenAPI operation object of one entry. */
export function operationObject(op: Operation): Record<string, unknown> {
  const [status, schema] = op.ok;
  const content =
    schema === 'EventStream'
      ? { 'text/event-stream': { schema: { type: 'string' } } }
      : schema === 'OpenApi'
        ? { 'application/json': { schema: { type: 'object' } } }
        : { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } };
  const ok: Record<string, unknown> = { description: 'OK', content };
  if (op.links) {
    ok.links = Object.fromEntries(
      Object.entries(op.links).map(([name, link]) => [
        name,
        {
          operationRef: operationRef(link.to),
          parameters: link.parameters,
          ...(link.description ? { description: link.description } : {})
        }
      ])
    );
  }
  const responses: Record<string, unknown> = { [status]: ok };
  for (const code of errorStatuses(op)) {
    responses[code] = {
      description: ERRORS[code] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
    };
  }
  const parameters = [
    ...pathNames(op.path).map(name =>
      parameter(
        name,
        'path',
        // Any other path parameter is an id, as every one but a file path has been.
        op.params?.[name] ?? PATH_PARAMETERS[name] ?? { description: name, schema: ID_SCHEMA }
      )
    ),
    ...Object.entries(op.query ?? {}).map(([name, spec]) => parameter(name, 'query', spec)),
    ...Object.entries(op.headers ?? {}).map(([name, spec]) => parameter(name, 'header', spec))
  ];
  const result: Record<string, unknown> = {
    operationId: operationId(op),
    summary: op.summary,
    responses
  };
  if (parameters.length > 0) result.parameters = parameters;
  if (op.body) {
    const media: Record<string, unknown> = {
      schema: { $ref: `#/components/schemas/${op.body}Body` }
    };
    if (op.bodyExample !== undefined) media.example = op.bodyExample;
    result.requestBody = { required: !op.bodyOptional, content: { 'application/json': media } };
  }
  if (op.public) result.security = [];
  return result;
}
