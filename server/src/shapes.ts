/**
 * The TypeBox pieces every shape is written with. Each shape is a JSON Schema (what ajv
 * validates and the OpenAPI document publishes) and a TypeScript type (`Static<typeof X>`)
 * from one definition; this file imports nothing of the service, so the engines, the domain
 * and the stores can declare their shapes with them and the contracts publish the same objects.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export type { Static, TSchema };

/** Objects the service answers with carry no other keys. */
export const closed = { additionalProperties: false } as const;

export const str = Type.String();
export const int = Type.Integer();
export const bool = Type.Boolean();
export const strings = Type.Array(str);
/** Any JSON value. */
export const anyValue = Type.Unknown();
/** Timestamps are ISO 8601 UTC, as `Date.toISOString()` writes them. */
export const time = Type.String({ format: 'date-time' });

/**
 * A string from a fixed list, published as `enum` (as the document always has) and typed
 * as the union of the list's values.
 */
export function oneOf<const T extends readonly string[]>(values: T, options: object = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** A string or null, with the string's own constraints. */
export function nullableString(options: object = {}) {
  return Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });
}

/** An integer or null. */
export function nullableInt(options: object = {}) {
  return Type.Unsafe<number | null>({ type: ['integer', 'null'], ...options });
}

/** A reference to a component of the document, typed as the schema it names. */
export function ref<T extends TSchema>(name: string, _schema?: T) {
  return Type.Unsafe<Static<T>>({ $ref: `#/components/schemas/${name}` });
}

/** An object of any keys whose values all have one shape (published as `additionalProperties`). */
export function mapOf<T extends TSchema>(values: T) {
  return Type.Unsafe<Record<string, Static<T>>>({ type: 'object', additionalProperties: values });
}

/** A JSON object whose shape is not fixed here. */
export const anyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object' });
