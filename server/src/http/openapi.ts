/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json, assembled from the features'
 * contracts (their operations, body schemas and response shapes) and the service's own; each operation becomes an operation object in operationObject.ts.
 */
import { operationObject, type Link, type Operation } from '../edge/api/operationObject';
import { CONTRACTS, type Contract } from '../features/contracts';
import * as SERVICE from './contract';

export type { Link, Operation };

/** The service's own contract first, then each feature's, in the order the document lists them. */
const ALL: Contract[] = [SERVICE, ...Object.values(CONTRACTS)];

export const OPERATIONS: Operation[] = ALL.flatMap(c => c.OPERATIONS);

/** The OpenAPI document (built once). */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path][op.method] = operationObject(op);
  }
  const schemas: Record<string, unknown> = {};
  for (const contract of ALL) {
    Object.assign(schemas, contract.RESPONSES);
    for (const [name, schema] of Object.entries(contract.BODIES)) {
      schemas[`${name}Body`] = schema;
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'nbpromote service',
      version,
      description:
        'Promotion requests for tagged notebooks: review, versions, artifacts in git. ' +
        'Every route except health and this document needs `Authorization: Bearer <token>`.'
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas
    }
  };
}
