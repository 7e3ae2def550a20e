/** Live analysis of a notebook and the preview of what promoting it would produce. */
import { Type } from '@sinclair/typebox';
import { ProblemSchema } from '../../engine';
import { EXAMPLE_NOTEBOOK } from '../../edge/api/examples';
import type { Operation } from '../../edge/api/operationObject';
import { bump, environment, notebook, notebookPath } from '../../edge/schemas';
import { anyValue, closed, mapOf, oneOf, ref, str, strings, type Static } from '../../shapes';
import { RESPONSES as RULES } from '../rules/contract';

export const BODIES = {
  Check: Type.Object({ notebook, path: notebookPath }, closed),
  Preview: Type.Object(
    { notebook, path: notebookPath, environment, bump: Type.Optional(bump) },
    closed
  )
};

const opt = Type.Optional;

/** One step as the analysis found it; `inputsVia`: inputs only shared functions it calls read. */
const CheckStep = Type.Object(
  {
    name: str,
    role: opt(str),
    cellIds: strings,
    dependsOn: strings,
    prev: strings,
    inputs: mapOf(str),
    inputsVia: opt(mapOf(strings)),
    outputs: strings
  },
  closed
);
const checkProps = {
  steps: Type.Array(CheckStep),
  parameters: Type.Array(Type.Object({ name: str, type: str, default: anyValue }, closed)),
  metrics: Type.Array(Type.Object({ name: str, step: opt(str) }, closed)),
  problems: Type.Array(ref('Problem', ProblemSchema))
};
const CheckResult = Type.Object(checkProps, closed);

/** A parameter's value in runs of the environment: its environment value or its default. */
const RunParameter = Type.Object(
  { name: str, value: anyValue, from: oneOf(['environment', 'default']) },
  closed
);

const PreviewResult = Type.Object(
  {
    ...checkProps,
    files: mapOf(str),
    project: str,
    algorithm: str,
    environment,
    version: str,
    versionFrom: oneOf(['notebook', 'first', 'bump'], {
      description:
        "Where the version comes from: the notebook's settings, the first promotion (1.0.0 whatever the bump), or the bump."
    }),
    currentVersion: opt(str),
    diff: Type.Object({ added: strings, removed: strings, changed: strings }, closed),
    runParameters: opt(Type.Array(RunParameter)),
    /** Each rule's result for this environment (review rules: what the request will need). */
    rules: opt(ref('RuleEvaluation', RULES.RuleEvaluation))
  },
  closed
);

export type CheckResult = Static<typeof CheckResult>;
export type RunParameter = Static<typeof RunParameter>;
export type PreviewResult = Static<typeof PreviewResult>;

export const RESPONSES = { Problem: ProblemSchema, CheckResult, PreviewResult };

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
