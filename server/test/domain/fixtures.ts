/** Small builders for domain tests. */
import type { Actor, PromotionRequest, RequestState } from '../../src/domain';

export const NOW = '2025-01-02T03:04:05.000Z';
export const author: Actor = { id: 'ann', role: 'data-scientist' };
export const reviewer: Actor = { id: 'bob', role: 'reviewer' };
export const reviewer2: Actor = { id: 'cid', role: 'reviewer' };
export const admin: Actor = { id: 'ada', role: 'admin' };
export const stranger: Actor = { id: 'sam', role: 'data-scientist' };

export const passed = { passed: true, errors: 0, warnings: 0 };

export function request(
  state: RequestState = 'open',
  extra: Partial<PromotionRequest> = {}
): PromotionRequest {
  return {
    id: 1,
    title: 'Churn model',
    description: '',
    notebookPath: 'churn.ipynb',
    project: 'churn',
    algorithm: 'xgb',
    environment: 'prod',
    author: author.id,
    state,
    version: null,
    revisions: [
      {
        number: 1,
        notebookSha256: 'a'.repeat(64),
        commitSha: 'c'.repeat(40),
        validation: passed,
        createdAt: NOW
      }
    ],
    reviews: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...extra
  };
}
