/** The pieces the response shapes (responses.ts, diffResponses.ts) are written with. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const str = { type: 'string' } as const;
export const int = { type: 'integer' } as const;
export const strings = { type: 'array', items: str } as const;

/** A closed object; every property is required but those named `optional`. */
export function object(properties: Record<string, unknown>, optional: string[] = []) {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter(k => !optional.includes(k)),
    properties
  };
}
