/** Live analysis of a notebook and the preview of what promoting it would produce. */
import { Type } from '@sinclair/typebox';
import { EXAMPLE_NOTEBOOK } from '../../edge/api/examples';
import type { Operation } from '../../edge/api/operationObject';
import { bump, environment, notebook, notebookPath } from '../../edge/schemas';

const closed = { additionalProperties: false } as const;

export const BODIES = {
  Check: Type.Object({ notebook, path: notebookPath }, closed),
  Preview: Type.Object(
    { notebook, path: notebookPath, environment, bump: Type.Optional(bump) },
    closed
  )
};

export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/check',
    summary: 'Analyse a notebook; nothing stored',
    body: 'Check',
    bodyExample: { path: 'example.ipynb', notebook: EXAMPLE_NOTEBOOK },
    ok: [200, 'CheckResult'],
    errors: []
  },
  {
    method: 'post',
    path: '/preview',
    summary: 'What promoting would produce; nothing stored',
    body: 'Preview',
    bodyExample: { path: 'example.ipynb', notebook: EXAMPLE_NOTEBOOK, environment: 'dev' },
    ok: [200, 'PreviewResult'],
    errors: []
  }
];
