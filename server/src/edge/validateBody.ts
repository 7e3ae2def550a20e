import type { Static, TSchema } from '@sinclair/typebox';
import Ajv, { type ValidateFunction } from 'ajv';
import { NO_NUL_PATTERN, WRITTEN_PATTERN, isStorableText } from '../domain';
import { InputError } from '../errors';

const ajv = new Ajv({ allErrors: false, strict: true, verbose: true });
/** Keyed by schema object: two bodies may share a display name, never a schema. */
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Check a request body against its contract's schema at the edge, before any store is
 * called; the body comes back typed as that schema says. The error names the JSON path that
 * failed.
 */
export function validateBody<T extends TSchema>(name: string, schema: T, body: unknown): Static<T> {
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
          : e.keyword === 'pattern'
            ? patternMessage(e.params.pattern, e.data)
            : (e.message ?? 'is invalid');
    throw new InputError(`Invalid ${name} body at ${at}: ${what}.`, { path: at });
  }
  return body as Static<T>;
}

/** Plain words for the text patterns every body shares; others are named as they are. */
function patternMessage(pattern: unknown, value: unknown): string {
  if (pattern === NO_NUL_PATTERN || pattern === WRITTEN_PATTERN) {
    if (typeof value === 'string' && !isStorableText(value)) {
      return 'must not contain a NUL character (U+0000)';
    }
    if (pattern === WRITTEN_PATTERN) {
      return 'must not be blank (write something besides spaces and control characters)';
    }
  }
  return `must match pattern "${String(pattern)}"`;
}
