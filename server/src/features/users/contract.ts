/** Who the token belongs to. */
import { Type } from '@sinclair/typebox';
import type { Operation } from '../../edge/api/operationObject';
import { oneOf } from '../../edge/schemas';

export const BODIES = {};

export const RESPONSES = {
  Identity: Type.Object(
    { name: Type.String(), role: oneOf(['data-scientist', 'reviewer', 'admin']) },
    { additionalProperties: false }
  )
};

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/me',
    summary: 'Who the token belongs to',
    ok: [200, 'Identity'],
    errors: []
  }
];
