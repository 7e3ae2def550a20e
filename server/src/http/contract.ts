/** The service's own operations (liveness, the document) and the one error shape every route answers with. */
import { Type } from '@sinclair/typebox';
import type { Operation } from '../edge/api/operationObject';
import { anyObject, closed, str, type Static } from '../shapes';

const ErrorSchema = Type.Object(
  {
    error: Type.Object({ code: str, message: str, details: Type.Optional(anyObject) }, closed)
  },
  closed
);
const Health = Type.Object({ status: str, service: str, version: str }, closed);

export type ErrorBody = Static<typeof ErrorSchema>;
export type Health = Static<typeof Health>;

export const BODIES = {};
export const RESPONSES = { Error: ErrorSchema, Health };

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    ok: [200, 'Health'],
    public: true,
    errors: []
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    ok: [200, 'OpenApi'],
    public: true,
    errors: []
  }
];
