/** Verification runs: does a revision's bundle, run as production runs it, reproduce it? */
import { Type } from '@sinclair/typebox';
import type { Operation } from '../../edge/api/operationObject';
import { nullableString, oneOf, ref } from '../../edge/schemas';

const closed = { additionalProperties: false } as const;
const str = Type.String();
const nullableStr = nullableString();
const nullableNumber = Type.Union([Type.Number(), Type.Null()]);
const metricValue = Type.Union([Type.Number(), Type.String(), Type.Null()]);

export const VERIFICATION_STATUS = oneOf([
  'queued',
  'running',
  'passed',
  'failed',
  'timed_out',
  'cancelled',
  'lost'
]);

const Tolerance = Type.Object(
  { absolute: Type.Number(), relative: Type.Number() },
  {
    ...closed,
    description: 'within when |run - notebook| <= max(absolute, relative * max(|run|, |notebook|))'
  }
);

const MetricComparison = Type.Object(
  {
    name: str,
    notebook: nullableNumber,
    run: metricValue,
    difference: nullableNumber,
    tolerance: Type.Union([Tolerance, Type.Null()]),
    within: Type.Boolean(),
    status: oneOf([
      'equal',
      'within',
      'differs',
      'missing_in_run',
      'missing_in_notebook',
      'not_a_number'
    ]),
    message: str,
    source: Type.Optional(str)
  },
  closed
);

const Comparison = Type.Object(
  {
    passed: Type.Boolean(),
    metrics: Type.Array(MetricComparison),
    missing: Type.Array(str),
    extra: Type.Array(str),
    seedHint: nullableStr,
    summary: str
  },
  closed
);

const VerificationResult = Type.Object(
  {
    isolation: Type.String({ description: '"landlock abi N", or "limits only" without Landlock' }),
    failedStep: nullableStr,
    steps: Type.Array(
      Type.Object(
        {
          name: str,
          status: str,
          startedAt: Type.Optional(str),
          endedAt: Type.Optional(str)
        },
        closed
      )
    ),
    runMetrics: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
    comparison: Type.Union([Comparison, Type.Null()])
  },
  closed
);

const VerificationRun = Type.Object(
  {
    id: Type.Integer(),
    revision: Type.Integer(),
    environment: str,
    useCase: str,
    executor: str,
    status: VERIFICATION_STATUS,
    reason: nullableStr,
    step: Type.Union([
      Type.Object({ name: str, index: Type.Integer(), total: Type.Integer() }, closed),
      Type.Null()
    ]),
    requestedBy: str,
    queuedAt: str,
    startedAt: nullableStr,
    endedAt: nullableStr,
    stale: Type.Boolean({ description: 'a later revision exists' }),
    result: Type.Union([VerificationResult, Type.Null()]),
    log: Type.Union([
      Type.String({ description: 'the run output, capped and with secrets masked' }),
      Type.Null()
    ])
  },
  closed
);

const httpUrl = (description: string) =>
  Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2000, description });

const AirflowSettings = Type.Object(
  {
    url: httpUrl('the Airflow base URL (its REST API is under /api/v2)'),
    username: Type.String({ minLength: 1, maxLength: 200 }),
    passwordEnv: Type.String({
      pattern: '^[A-Z_][A-Z0-9_]{0,127}$',
      description: "the service's environment variable holding the password (never stored)"
    }),
    reportTo: Type.Optional(
      httpUrl("the service URL the DAG's tasks report to (default: the service's own)")
    ),
    dagWaitSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
    api: Type.Optional(
      oneOf(['v2', 'v1'], {
        description: 'v2: Airflow 3 (default); v1: Airflow 2.10 with the basic_auth API backend'
      })
    )
  },
  closed
);

// The airflow executor cannot run without its Airflow: the schema says so, not only the service.
// Local keeps any Airflow settings saved before, so switching back and forth loses nothing.
const EnvironmentExecutor = Type.Union([
  Type.Object({ executor: Type.Literal('local'), airflow: Type.Optional(AirflowSettings) }, closed),
  Type.Object({ executor: Type.Literal('airflow'), airflow: AirflowSettings }, closed)
]);

const settingsFields = {
  localEnabled: Type.Boolean(),
  concurrency: Type.Integer({ minimum: 1, maximum: 16 }),
  timeoutSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  memoryMb: Type.Integer({ minimum: 64, maximum: 1_048_576 }),
  cpuSeconds: Type.Integer({ minimum: 1, maximum: 604_800 }),
  environments: Type.Object(
    {
      dev: Type.Optional(EnvironmentExecutor),
      stage: Type.Optional(EnvironmentExecutor),
      prod: Type.Optional(EnvironmentExecutor)
    },
    { ...closed, description: 'per environment, the executor of its verification runs' }
  )
};

export const BODIES = {
  VerificationSettingsChange: Type.Partial(Type.Object(settingsFields, closed))
};

export const RESPONSES = {
  VerificationRun,
  Verification: Type.Object(
    {
      enabled: Type.Boolean({
        description: "the executor of the request's environment is on (local) or set (airflow)"
      }),
      revision: Type.Integer({ description: "the request's latest revision" }),
      runs: Type.Array(ref('VerificationRun', VerificationRun))
    },
    closed
  ),
  VerificationSettings: Type.Object({ ...settingsFields, warning: nullableStr }, closed)
};

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/promotions/{id}/verification',
    summary: "A request's verification runs, newest first",
    ok: [200, 'Verification']
  },
  {
    method: 'post',
    path: '/promotions/{id}/verification',
    summary: 'Run the verification of the latest revision again (author, reviewers, admins)',
    ok: [201, 'VerificationRun']
  },
  {
    method: 'post',
    path: '/promotions/{id}/verification/cancel',
    summary: 'Cancel the queued or running verification (author, reviewers, admins)',
    ok: [200, 'VerificationRun']
  },
  {
    method: 'get',
    path: '/verification/settings',
    summary: 'The verification executor settings (admins)',
    ok: [200, 'VerificationSettings']
  },
  {
    method: 'put',
    path: '/verification/settings',
    summary: 'Change the verification executor settings (admins; audited)',
    body: 'VerificationSettingsChange',
    ok: [200, 'VerificationSettings']
  }
];
