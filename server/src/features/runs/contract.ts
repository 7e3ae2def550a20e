/** Pipeline runs: reported by runners, read by everyone. */
import { Type } from '@sinclair/typebox';
import type { Operation } from '../../edge/api/operationObject';
import { QUERY } from '../../edge/api/parameters';
import { anyObject, environment, nullableString, oneOf, ref, text } from '../../edge/schemas';

const closed = { additionalProperties: false } as const;

export const SLUG_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';
const SLUG = Type.String({ pattern: SLUG_PATTERN });
const identifier = { pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$' } as const;
/**
 * ISO 8601 UTC or with an offset, as the runner writes them. Month, day, hour, minute, second
 * and offset stay in their ranges, so every string allowed is a time the service reads (as
 * Date.parse does, a day up to 31 in any month).
 */
const TIMESTAMP = Type.String({
  pattern:
    '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]' +
    '(\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$'
});
export const RUN_STATUS = oneOf(['running', 'succeeded', 'failed']);
export const USE_CASE = oneOf(['training', 'prediction', 'evaluation']);
const STORAGE_FORMAT = oneOf(['parquet', 'npy', 'joblib', 'cloudpickle']);
const RUN_TOKEN = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' });
export const SEMVER_PATTERN =
  '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$';
export const SEMVER_MAX_LENGTH = 128;
const SEMVER = Type.String({ maxLength: SEMVER_MAX_LENGTH, pattern: SEMVER_PATTERN });
const RUN_STEP = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,127}$' }),
    status: oneOf(['pending', 'running', 'succeeded', 'failed']),
    startedAt: Type.Optional(TIMESTAMP),
    endedAt: Type.Optional(TIMESTAMP),
    outputs: Type.Unsafe<Record<string, string>>({
      type: 'object',
      maxProperties: 500,
      propertyNames: identifier,
      additionalProperties: STORAGE_FORMAT
    })
  },
  closed
);
export const RUN_METRICS = Type.Unsafe<Record<string, number | string>>({
  type: 'object',
  maxProperties: 200,
  propertyNames: identifier,
  additionalProperties: { anyOf: [{ type: 'number' }, text(1000)] }
});

export const BODIES = {
  RunReport: Type.Object(
    {
      project: SLUG,
      algorithm: SLUG,
      version: SEMVER,
      environment,
      runToken: RUN_TOKEN,
      useCase: USE_CASE,
      status: RUN_STATUS,
      startedAt: TIMESTAMP,
      endedAt: Type.Optional(TIMESTAMP),
      commit: Type.Optional(Type.String({ pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$' })),
      parameters: anyObject(undefined, { maxProperties: 200, propertyNames: identifier }),
      steps: Type.Array(RUN_STEP, { maxItems: 200 }),
      metrics: RUN_METRICS
    },
    closed
  )
};

const str = Type.String();
const nullableStr = nullableString();

const Run = Type.Object(
  {
    project: str,
    algorithm: str,
    version: str,
    environment,
    runToken: str,
    useCase: USE_CASE,
    status: RUN_STATUS,
    startedAt: str,
    endedAt: nullableStr,
    commit: nullableStr,
    parameters: anyObject(),
    steps: Type.Array(RUN_STEP),
    metrics: RUN_METRICS,
    reportedBy: str,
    reportedAt: str
  },
  closed
);

export const RESPONSES = {
  Run,
  RunList: Type.Object({ items: Type.Array(ref('Run', Run)) }, closed)
};

/** A run as the catalog shows it: what ran, how it ended, its metrics. */
export const RUN_BRIEF = Type.Object(
  {
    runToken: str,
    useCase: USE_CASE,
    status: RUN_STATUS,
    startedAt: str,
    endedAt: nullableStr,
    metrics: RUN_METRICS
  },
  closed
);

export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/runs',
    summary:
      'Report a pipeline run (pipeline-runner tokens only); replaces an earlier report of it',
    body: 'RunReport',
    ok: [201, 'Run']
  },
  {
    method: 'get',
    path: '/runs',
    summary: "A pipeline's runs, newest first",
    ok: [200, 'RunList'],
    query: {
      project: {
        description: 'the project',
        schema: SLUG,
        required: true,
        example: 'titanic'
      },
      algorithm: {
        description: 'the algorithm',
        schema: SLUG,
        required: true,
        example: 'survival-rf'
      },
      version: { description: 'only runs of this version', schema: SEMVER },
      environment: {
        description: 'only runs in this environment',
        schema: { type: 'string', enum: ['dev', 'stage', 'prod'] }
      },
      limit: QUERY.limit(500, 50)
    }
  }
];
