/**
 * Schemas of path and query parameters. The OpenAPI document publishes them and the parsers
 * in ../params.ts accept exactly what they allow, so a generated client and the service agree.
 */
import { CELL_ID_PATTERN } from '../../domain';

/** Ids and revision numbers are PostgreSQL `integer` columns. */
export const MAX_ID = 2_147_483_647;

export interface Parameter {
  description: string;
  schema: Record<string, unknown>;
  /** A value that exists in a seeded service, so examples reach past a 404. */
  example?: unknown;
  /** A query parameter the operation cannot do without (path parameters always are). */
  required?: boolean;
}

export const ID_SCHEMA = { type: 'integer', minimum: 1, maximum: MAX_ID } as const;

/**
 * A bundle file path: `/`-separated names of letters, digits, `_`, `.` and `-`, none starting
 * with `.` or `-` (so no `..`, no `.git`, nothing read as an option).
 */
/** Short enough that `<project>/<algorithm>/` in front stays within git's 1024 characters. */
export const MAX_BUNDLE_PATH = 512;

export const BUNDLE_PATH_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$';

/** Path parameters by name; an operation's path uses these unless it gives its own. */
export const PATH_PARAMETERS: Record<string, Parameter> = {
  id: { description: 'The promotion request id.', schema: ID_SCHEMA, example: 1 },
  number: { description: 'A revision number (the first is 1).', schema: ID_SCHEMA, example: 1 },
  commentId: { description: 'A comment id.', schema: ID_SCHEMA, example: 1 },
  notificationId: { description: 'One of my notifications.', schema: ID_SCHEMA, example: 1 },
  cellId: {
    description: 'A notebook cell id (nbformat 4.5: letters, digits, "-" and "_").',
    schema: { type: 'string', pattern: CELL_ID_PATTERN.source },
    example: 'train-model'
  },
  path: {
    description: 'A bundle file path relative to <project>/<algorithm>/ (may contain "/").',
    schema: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_BUNDLE_PATH,
      pattern: BUNDLE_PATH_PATTERN
    },
    example: 'pipeline.json'
  }
};

/** Query parameters shared by several operations. */
export const QUERY = {
  flag: (description: string): Parameter => ({ description, schema: { type: 'boolean' } }),
  id: (description: string): Parameter => ({ description, schema: ID_SCHEMA }),
  limit: (max: number, fallback: number): Parameter => ({
    description: `at most this many (default ${fallback})`,
    schema: { type: 'integer', minimum: 1, maximum: max, default: fallback }
  })
};
