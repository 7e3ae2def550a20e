/** The first step of a request's life: opening it with its first revision. */
import { InputError } from '../errors';
import { parseEnvironment } from './environments';
import { assertArtifactName } from './names';
import { toIso, type TransitionResult } from './transition';
import type { Actor, PromotionRequest, RequestId, ValidationSummary } from './types';

export interface OpenRequestInput {
  id: RequestId;
  title: string;
  description?: string;
  notebookPath: string;
  project: string;
  algorithm: string;
  environment: string;
  /** Revision 1, already committed to the request's branch. */
  firstRevision: { notebookSha256: string; commitSha: string; validation: ValidationSummary };
}

/** Builds a new `open` request authored by `actor`, with revision 1 and its audit event. */
export function openRequest(
  input: OpenRequestInput,
  actor: Actor,
  now: Date | string
): TransitionResult {
  const title = input.title.trim();
  if (title === '') throw new InputError('A promotion request needs a title.', { field: 'title' });
  const at = toIso(now);
  const request: PromotionRequest = {
    id: input.id,
    title,
    description: input.description ?? '',
    notebookPath: input.notebookPath,
    project: assertArtifactName(input.project, 'project'),
    algorithm: assertArtifactName(input.algorithm, 'algorithm'),
    environment: parseEnvironment(input.environment),
    author: actor.id,
    state: 'open',
    version: null,
    revisions: [{ number: 1, ...input.firstRevision, createdAt: at }],
    reviews: [],
    createdAt: at,
    updatedAt: at
  };
  return {
    request,
    events: [
      {
        requestId: input.id,
        actor: actor.id,
        action: 'create',
        at,
        fromState: null,
        toState: 'open',
        outcome: 'applied',
        details: { revision: 1, commitSha: input.firstRevision.commitSha }
      }
    ]
  };
}
