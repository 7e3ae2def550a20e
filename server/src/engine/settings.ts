import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { loadSchema } from '../schemaDir';
import type { ProblemList } from './problems';
import { scheduleProblem } from './schedule';
import type { CellSettings, NotebookCell, NotebookSettings, ParsedNotebook } from './types';

let validators: { notebook: ValidateFunction; cell: ValidateFunction } | undefined;

function compiled(): { notebook: ValidateFunction; cell: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validators = {
      notebook: ajv.compile(loadSchema('notebook-metadata.schema.json')),
      cell: ajv.compile(loadSchema('cell-metadata.schema.json'))
    };
  }
  return validators;
}

/** The value at a JSON pointer, to quote it back to the user. */
function at(value: unknown, pointer: string): unknown {
  let v = value;
  for (const part of pointer.split('/').slice(1)) {
    v =
      v && typeof v === 'object'
        ? (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
        : undefined;
  }
  return v;
}

// Resource quantities: requests under resources, limits through the shared definition.
const QUANTITY_PATH = /(quantity|resources\/properties\/(cpu|memory)\/.*)\/pattern$/;

function explain(base: string, e: ErrorObject, value: unknown): string {
  const where = `${base}${e.instancePath}`;
  if (e.keyword === 'additionalProperties') {
    return `${where}: unknown setting "${String(e.params.additionalProperty)}"`;
  }
  if (e.keyword === 'enum') {
    return `${where}: must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
  }
  if (e.keyword === 'pattern' && QUANTITY_PATH.test(e.schemaPath)) {
    return `${where}: ${JSON.stringify(at(value, e.instancePath))} is not a Kubernetes quantity (e.g. 2, 500m, 4Gi)`;
  }
  if (e.keyword === 'pattern')
    return `${where}: ${JSON.stringify(at(value, e.instancePath))} has the wrong form`;
  return `${where}: ${e.message ?? 'is invalid'}`;
}

function report(
  validate: ValidateFunction,
  value: unknown,
  base: string,
  problems: ProblemList,
  cell?: NotebookCell
): boolean {
  if (validate(value)) return true;
  const seen = new Set<string>();
  const errors = validate.errors ?? [];
  // A value with the wrong form also fails the other branch of a oneOf: say only the form.
  const formWrong = new Set(errors.filter(e => e.keyword === 'pattern').map(e => e.instancePath));
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    if (e.keyword === 'type' && formWrong.has(e.instancePath)) continue;
    const msg = explain(base, e, value);
    if (seen.has(msg)) continue;
    seen.add(msg);
    problems.error('invalid_metadata', msg, cell ? { cell } : {});
  }
  return false;
}

/**
 * The schema checks a schedule's form only; Airflow refuses one whose values are out of
 * range (`61 25 * * *`) when it loads the DAG. Each such schedule is an error naming it.
 */
function schedulesRun(settings: NotebookSettings, problems: ProblemList): boolean {
  const named: [string, string | undefined][] = [
    ['metadata.nbpromote.schedule', settings.schedule],
    ...Object.entries(settings.schedules ?? {}).map(
      ([useCase, value]): [string, string | undefined] => [
        `metadata.nbpromote.schedules.${useCase}`,
        value
      ]
    )
  ];
  let ok = true;
  for (const [field, value] of named) {
    const problem = value === undefined ? null : scheduleProblem(value);
    if (problem) {
      problems.error(
        'invalid_schedule',
        `${field}: ${JSON.stringify(value)} is not a schedule Airflow can run: ${problem}`
      );
      ok = false;
    }
  }
  return ok;
}

/**
 * Validate `metadata.nbpromote` of the notebook and of each cell against the shared schemas;
 * valid settings are attached to the parsed notebook, invalid ones become errors.
 */
export function readSettings(nb: ParsedNotebook, problems: ProblemList): void {
  const { notebook, cell } = compiled();
  const meta = (nb.json.metadata ?? {}) as Record<string, unknown>;
  if (meta.nbpromote !== undefined) {
    if (
      report(notebook, meta.nbpromote, 'metadata.nbpromote', problems) &&
      schedulesRun(meta.nbpromote as NotebookSettings, problems)
    ) {
      nb.settings = meta.nbpromote as NotebookSettings;
    }
  }
  const rawCells = nb.json.cells as Record<string, unknown>[];
  for (const c of nb.cells) {
    const cellMeta = (rawCells[c.index].metadata ?? {}) as Record<string, unknown>;
    if (cellMeta.nbpromote === undefined) continue;
    if (report(cell, cellMeta.nbpromote, 'metadata.nbpromote', problems, c)) {
      c.settings = cellMeta.nbpromote as CellSettings;
    }
  }
}
