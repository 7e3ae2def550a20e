/**
 * JSON Schemas of request bodies. Routes validate with these at the edge (validateBody) and
 * the OpenAPI document (openapi.ts) publishes the same objects.
 */
import { CELL_ID_PATTERN, NO_NUL_PATTERN, WRITTEN_PATTERN } from '../../domain';
import { MAX_ID } from './parameters';

/** Ids, revision and line numbers: stored in PostgreSQL `integer` columns. */
const positiveInt = { type: 'integer', minimum: 1, maximum: MAX_ID } as const;
const environment = { type: 'string', enum: ['dev', 'stage', 'prod'] } as const;
const bump = { type: 'string', enum: ['major', 'minor', 'patch'] } as const;
/** Free text a person may leave blank: anything but NUL (which PostgreSQL cannot store). */
function text(maxLength: number) {
  return { type: 'string', maxLength, pattern: NO_NUL_PATTERN } as const;
}
/**
 * Text a person must write: at least `minLength` characters, one of them visible (not
 * whitespace or a control character), no NUL. The service checks with the same patterns.
 */
function written(maxLength: number, minLength = 1) {
  return { type: 'string', minLength, maxLength, pattern: WRITTEN_PATTERN } as const;
}
const notebookPath = written(1024);
const notebook = { type: 'object', description: 'An nbformat 4 notebook.' } as const;

export const SLUG = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' } as const;
const slug = SLUG;
const identifier = { pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$' } as const;
/**
 * ISO 8601 UTC or with an offset, as the runner writes them. Month, day, hour, minute, second
 * and offset stay in their ranges, so every string allowed is a time the service reads (as
 * Date.parse does, a day up to 31 in any month).
 */
export const TIMESTAMP = {
  type: 'string',
  pattern:
    '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]' +
    '(\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$'
} as const;
export const RUN_STATUS = { type: 'string', enum: ['running', 'succeeded', 'failed'] } as const;
export const USE_CASE = { type: 'string', enum: ['training', 'prediction', 'evaluation'] } as const;
export const STORAGE_FORMAT = {
  type: 'string',
  enum: ['parquet', 'npy', 'joblib', 'cloudpickle']
} as const;
export const RUN_TOKEN = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' } as const;
export const SEMVER = {
  type: 'string',
  maxLength: 128,
  pattern:
    '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$'
} as const;
export const RUN_STEP = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'status', 'outputs'],
  properties: {
    name: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,127}$' },
    status: { type: 'string', enum: ['pending', 'running', 'succeeded', 'failed'] },
    startedAt: TIMESTAMP,
    endedAt: TIMESTAMP,
    outputs: {
      type: 'object',
      maxProperties: 500,
      propertyNames: identifier,
      additionalProperties: STORAGE_FORMAT
    }
  }
} as const;
export const RUN_METRICS = {
  type: 'object',
  maxProperties: 200,
  propertyNames: identifier,
  additionalProperties: { anyOf: [{ type: 'number' }, text(1000)] }
} as const;
/**
 * Remote URLs git may push to: https or ssh with a host (optional user, password, port), or
 * a local file:/// path. Nothing that starts with "-", no `::` transport helpers, no spaces.
 */
const REMOTE_URL_PATTERN =
  "^$|^(https|ssh)://([A-Za-z0-9_.~%!$&'()*+,;=-]+(:[A-Za-z0-9_.~%!$&'()*+,;=-]*)?@)?" +
  '[A-Za-z0-9_][A-Za-z0-9_.~-]*(:[0-9]{1,4})?(/[A-Za-z0-9_.~/-]*)?$' +
  '|^file://(/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)+/?$';

export const BODIES = {
  CreatePromotion: {
    type: 'object',
    additionalProperties: false,
    required: ['notebook', 'path'],
    properties: {
      path: notebookPath,
      notebook,
      title: written(200),
      description: text(20000),
      environment,
      bump
    }
  },
  AddRevision: {
    type: 'object',
    additionalProperties: false,
    required: ['notebook'],
    properties: { notebook }
  },
  CreateReview: {
    type: 'object',
    additionalProperties: false,
    required: ['verdict'],
    properties: {
      verdict: { type: 'string', enum: ['approve', 'request_changes', 'comment'] },
      body: text(20000),
      revision: positiveInt
    }
  },
  CreateComment: {
    type: 'object',
    additionalProperties: false,
    required: ['revision', 'cellId', 'body'],
    properties: {
      revision: positiveInt,
      cellId: { type: 'string', pattern: CELL_ID_PATTERN.source },
      lineStart: positiveInt,
      lineEnd: positiveInt,
      body: written(20000),
      parentId: positiveInt
    }
  },
  UpdateComment: {
    type: 'object',
    additionalProperties: false,
    required: ['resolved'],
    properties: { resolved: { type: 'boolean' } }
  },
  MarkViewed: {
    type: 'object',
    additionalProperties: false,
    required: ['revision', 'cellIds'],
    properties: {
      revision: positiveInt,
      cellIds: {
        type: 'array',
        minItems: 1,
        maxItems: 10000,
        items: { type: 'string', pattern: CELL_ID_PATTERN.source }
      }
    }
  },
  StateChange: {
    type: 'object',
    additionalProperties: false,
    properties: { reason: text(2000) }
  },
  Check: {
    type: 'object',
    additionalProperties: false,
    required: ['notebook', 'path'],
    properties: { notebook, path: notebookPath }
  },
  Preview: {
    type: 'object',
    additionalProperties: false,
    required: ['notebook', 'path', 'environment'],
    properties: { notebook, path: notebookPath, environment, bump }
  },
  Promote: {
    type: 'object',
    additionalProperties: false,
    properties: {
      reason: text(2000),
      bypassReason: {
        ...written(2000, 5),
        description: 'Admins only: promote past failing rules; written into the merge commit.'
      }
    }
  },
  DismissReview: {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: { reason: written(2000, 5) }
  },
  SaveRules: {
    type: 'object',
    additionalProperties: false,
    required: ['document', 'message'],
    properties: {
      document: { type: 'object', description: 'A rules document (schema/rules.schema.json).' },
      message: written(2000),
      baseVersion: {
        type: 'integer',
        minimum: 1,
        description: 'The version the change starts from; 409 when the rules moved on.'
      }
    }
  },
  DryRunRules: {
    type: 'object',
    additionalProperties: false,
    required: ['document', 'requestId'],
    properties: {
      document: { type: 'object', description: 'A candidate rules document; nothing is stored.' },
      requestId: { type: 'integer', minimum: 1 },
      environment
    }
  },
  AcceptFinding: {
    type: 'object',
    additionalProperties: false,
    required: ['sha256', 'reason'],
    properties: {
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      reason: written(1000),
      scanner: written(200)
    }
  },
  RunReport: {
    type: 'object',
    additionalProperties: false,
    required: [
      'project',
      'algorithm',
      'version',
      'environment',
      'runToken',
      'useCase',
      'status',
      'startedAt',
      'parameters',
      'steps',
      'metrics'
    ],
    properties: {
      project: slug,
      algorithm: slug,
      version: SEMVER,
      environment,
      runToken: RUN_TOKEN,
      useCase: USE_CASE,
      status: RUN_STATUS,
      startedAt: TIMESTAMP,
      endedAt: TIMESTAMP,
      commit: { type: 'string', pattern: '^[0-9a-f]{40}([0-9a-f]{24})?$' },
      parameters: { type: 'object', maxProperties: 200, propertyNames: identifier },
      steps: { type: 'array', maxItems: 200, items: RUN_STEP },
      metrics: RUN_METRICS
    }
  },
  Settings: {
    type: 'object',
    additionalProperties: false,
    required: ['remoteUrl'],
    properties: {
      remoteUrl: {
        type: ['string', 'null'],
        maxLength: 2048,
        pattern: REMOTE_URL_PATTERN,
        description: 'https://, ssh:// or file:/// URL; null or "" for none'
      },
      imageRegistry: {
        description:
          'Registry of bundle images, e.g. registry.example.com/ml; null or "" clears it.',
        anyOf: [
          { type: 'null' },
          { type: 'string', maxLength: 0 },
          {
            type: 'string',
            maxLength: 255,
            pattern:
              '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$'
          }
        ]
      }
    }
  }
} as const;
