/**
 * Schema pieces the features' contracts share, in TypeBox: each is a JSON Schema (what ajv
 * validates and the OpenAPI document publishes) and a TypeScript type (`Static<typeof X>`)
 * from the one definition.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ENVIRONMENTS, NO_NUL_PATTERN, WRITTEN_PATTERN } from '../domain';
import { MAX_ID } from './api/parameters';
import { oneOf } from '../shapes';

export { nullableString, oneOf, ref, type Static } from '../shapes';

/** Ids, revision and line numbers: stored in PostgreSQL `integer` columns. */
export const positiveInt = Type.Integer({ minimum: 1, maximum: MAX_ID });

export const environment = oneOf(ENVIRONMENTS);
export const bump = oneOf(['major', 'minor', 'patch']);

/** Free text a person may leave blank: anything but NUL (which PostgreSQL cannot store). */
export function text(maxLength: number) {
  return Type.String({ maxLength, pattern: NO_NUL_PATTERN });
}

/**
 * Text a person must write: at least `minLength` characters, one of them visible (not
 * whitespace or a control character), no NUL. The service checks with the same patterns.
 */
export function written(maxLength: number, minLength = 1, description?: string) {
  return Type.String({
    minLength,
    maxLength,
    pattern: WRITTEN_PATTERN,
    ...(description ? { description } : {})
  });
}

export const notebookPath = written(1024);
/** A JSON object whose shape the use case checks itself. */
export function anyObject(description?: string, options: object = {}) {
  return Type.Unsafe<Record<string, unknown>>({
    type: 'object',
    ...(description ? { description } : {}),
    ...options
  });
}

/** Checked as nbformat 4 after the body's shape. */
export const notebook = anyObject('An nbformat 4 notebook.');

/** The named body schemas of a contract; the document lists each as `<name>Body`. */
export type Bodies = Record<string, TSchema>;
