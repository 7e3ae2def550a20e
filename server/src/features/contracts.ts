/**
 * Every feature's contract: its operations, the request bodies they take and the response
 * shapes it owns. The OpenAPI document is assembled from these, and the routes validate
 * with the same body schemas.
 */
import type { TSchema } from '@sinclair/typebox';
import type { Operation } from '../edge/api/operationObject';
import * as admin from './admin/contract';
import * as events from './events/contract';
import * as notebooks from './notebooks/contract';
import * as preview from './preview/contract';
import * as promotions from './promotions/contract';
import * as reviews from './reviews/contract';
import * as rules from './rules/contract';
import * as runs from './runs/contract';
import * as users from './users/contract';
import * as verification from './verification/contract';

export interface Contract {
  OPERATIONS: Operation[];
  BODIES: Record<string, TSchema>;
  RESPONSES?: Record<string, TSchema>;
}

/** In the order the document lists them. */
export const CONTRACTS: Record<string, Contract> = {
  users,
  promotions,
  reviews,
  notebooks,
  rules,
  preview,
  admin,
  runs,
  verification,
  events
};
