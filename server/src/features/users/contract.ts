/** Who the token belongs to. */
import type { Operation } from '../../edge/api/operationObject';

export const BODIES = {};

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/me',
    summary: 'Who the token belongs to',
    ok: [200, 'Identity'],
    errors: []
  }
];
