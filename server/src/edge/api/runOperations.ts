/** Pipeline runs: reported by runners, read by everyone. */
import { SEMVER, SLUG } from './bodies';
import type { Operation } from './operationObject';
import { QUERY } from './parameters';

export const RUN_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/runs',
    summary:
      'Report a pipeline run (pipeline-runner tokens only); replaces an earlier report of it',
    body: 'RunReport',
    ok: [201, 'Run']
  },
  {
    method: 'get',
    path: '/runs',
    summary: "A pipeline's runs, newest first",
    ok: [200, 'RunList'],
    query: {
      project: {
        description: 'the project',
        schema: SLUG,
        required: true,
        example: 'titanic'
      },
      algorithm: {
        description: 'the algorithm',
        schema: SLUG,
        required: true,
        example: 'survival-rf'
      },
      version: { description: 'only runs of this version', schema: SEMVER },
      environment: {
        description: 'only runs in this environment',
        schema: { type: 'string', enum: ['dev', 'stage', 'prod'] }
      },
      limit: QUERY.limit(500, 50)
    }
  }
];
