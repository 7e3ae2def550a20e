/**
 * JSON Schemas of request bodies. Routes validate with these at the edge (validateBody) and
 * the OpenAPI document (openapi.ts) publishes the same objects.
 */
import { CELL_ID_PATTERN } from '../../domain';
import { MAX_ID } from './parameters';

/** Ids, revision and line numbers: stored in PostgreSQL `integer` columns. */
const positiveInt = { type: 'integer', minimum: 1, maximum: MAX_ID } as const;
const environment = { type: 'string', enum: ['dev', 'stage', 'prod'] } as const;
const bump = { type: 'string', enum: ['major', 'minor', 'patch'] } as const;
const notebookPath = { type: 'string', minLength: 1, maxLength: 1024 } as const;
const notebook = { type: 'object', description: 'An nbformat 4 notebook.' } as const;

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
      title: { type: 'string', minLength: 1, maxLength: 200 },
      description: { type: 'string', maxLength: 20000 },
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
      body: { type: 'string', maxLength: 20000 },
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
      body: { type: 'string', minLength: 1, maxLength: 20000 },
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
    properties: { reason: { type: 'string', maxLength: 2000 } }
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
      reason: { type: 'string', maxLength: 2000 },
      bypassReason: {
        type: 'string',
        minLength: 5,
        maxLength: 2000,
        description: 'Admins only: promote past failing rules; written into the merge commit.'
      }
    }
  },
  DismissReview: {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: { reason: { type: 'string', minLength: 5, maxLength: 2000 } }
  },
  SaveRules: {
    type: 'object',
    additionalProperties: false,
    required: ['document', 'message'],
    properties: {
      document: { type: 'object', description: 'A rules document (schema/rules.schema.json).' },
      message: { type: 'string', minLength: 1, maxLength: 2000 },
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
      reason: { type: 'string', minLength: 1, maxLength: 1000 },
      scanner: { type: 'string', minLength: 1, maxLength: 200 }
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
      }
    }
  }
} as const;
