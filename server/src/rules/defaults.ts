/**
 * The rules a fresh service starts with (rules version 1): no secrets anywhere; stage needs
 * one approval; prod two, an evaluate step, an owner, and stage before it.
 */
import type { RulesDocument } from './types';

export function defaultRules(): RulesDocument {
  return {
    schemaVersion: 1,
    defaults: {
      rules: [
        {
          id: 'no-secrets',
          type: 'secrets',
          enforcement: 'active',
          message:
            'Remove secrets from the notebook (sources, outputs and metadata) before promoting.',
          parameters: { scanOutputs: true, scanMetadata: true }
        }
      ]
    },
    environments: {
      dev: { rules: [] },
      stage: {
        rules: [
          {
            id: 'one-approval',
            type: 'review',
            enforcement: 'active',
            parameters: { approvals: 1, dismissStale: 'any_revision' }
          }
        ]
      },
      prod: {
        rules: [
          {
            id: 'two-approvals',
            type: 'review',
            enforcement: 'active',
            parameters: { approvals: 2, dismissStale: 'any_revision', changesRequestedBlocks: true }
          },
          {
            id: 'evaluate-step',
            type: 'content',
            enforcement: 'active',
            message: 'Production pipelines evaluate their model.',
            parameters: { requiredSteps: ['evaluate'] }
          },
          {
            id: 'owner',
            type: 'content',
            enforcement: 'active',
            message: 'Production pipelines name an owner.',
            parameters: { requiredMetadata: [{ field: 'nbpromote.owner' }] }
          },
          {
            id: 'stage-first',
            type: 'environment_order',
            enforcement: 'active',
            parameters: {}
          }
        ]
      }
    },
    acceptedFindings: []
  };
}
