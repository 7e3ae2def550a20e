import Ajv, { type ValidateFunction } from 'ajv';
import { NO_NUL_PATTERN, VISIBLE_CHARACTER_PATTERN } from '../domain';
import { InputError } from '../errors';

const ajv = new Ajv({ allErrors: false, strict: true });
/** Keyed by schema object: two bodies may share a display name, never a schema. */
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Check a request body against its JSON Schema at the edge, before any store is called.
 * The error names the JSON path that failed.
 */
export function validateBody<T>(name: string, schema: object, body: unknown): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new InputError(
      'The request body must be a JSON object (Content-Type: application/json).',
      {
        path: '/'
      }
    );
  }
  if (!validate(body)) {
    const e = validate.errors![0];
    const at = e.instancePath || '/';
    const what =
      e.keyword === 'additionalProperties'
        ? `unknown field "${String(e.params.additionalProperty)}"`
        : e.keyword === 'required'
          ? `missing field "${String(e.params.missingProperty)}"`
          : e.keyword === 'pattern' && e.params.pattern === NO_NUL_PATTERN
            ? 'must not contain a NUL character (U+0000)'
            : e.keyword === 'pattern' && e.params.pattern === VISIBLE_CHARACTER_PATTERN
              ? 'must not be blank (write something other than spaces or control characters)'
              : (e.message ?? 'is invalid');
    throw new InputError(`Invalid ${name} body at ${at}: ${what}.`, { path: at });
  }
  return body as T;
}
