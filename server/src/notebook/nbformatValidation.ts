import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import { InputError } from '../errors';
import { loadSchema } from '../schemaDir';

/** The newest nbformat 4 minor version we ship a schema for. */
export const LATEST_MINOR = 5;

/** One schema failure, located by JSON pointer into the notebook. */
export interface SchemaProblem {
  /** JSON pointer to the offending value, e.g. `/cells/3/metadata/tags`. */
  path: string;
  message: string;
  /** Index of the cell the problem is in, when it is in one. */
  cell?: number;
}

const validators = new Map<number, ValidateFunction>();

function validatorFor(minor: number): ValidateFunction {
  // Like nbformat.validate: a newer minor than we know is checked against the latest schema.
  const m = Math.min(Math.max(minor, 0), LATEST_MINOR);
  let v = validators.get(m);
  if (!v) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    v = ajv.compile(loadSchema(`nbformat/nbformat.v4.${m}.schema.json`));
    validators.set(m, v);
  }
  return v;
}

function describe(e: ErrorObject): SchemaProblem {
  const path = e.instancePath || '/';
  const cellMatch = /^\/cells\/(\d+)/.exec(path);
  let message = `${path}: ${e.message ?? 'is invalid'}`;
  if (e.keyword === 'additionalProperties') {
    message = `${path}: unexpected property "${String(e.params.additionalProperty)}"`;
  } else if (e.keyword === 'required') {
    message = `${path}: missing required property "${String(e.params.missingProperty)}"`;
  }
  return {
    path,
    message,
    ...(cellMatch ? { cell: Number(cellMatch[1]) } : {})
  };
}

/**
 * Check that `value` is an nbformat 4 notebook, against the official schema of its minor
 * version. Throws InputError naming the failing JSON path; returns the notebook unchanged.
 */
export function assertNbformat4(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('The notebook must be a JSON object.', { path: '/' }, 'invalid_notebook');
  }
  const nb = value as Record<string, unknown>;
  if (nb.nbformat === undefined) {
    throw new InputError(
      'Not a notebook: the "nbformat" field is missing.',
      { path: '/nbformat' },
      'invalid_notebook'
    );
  }
  if (nb.nbformat !== 4) {
    throw new InputError(
      `Unsupported notebook format ${JSON.stringify(nb.nbformat)}: nbpromote reads nbformat 4. ` +
        'Open and save the notebook in JupyterLab to upgrade it.',
      { path: '/nbformat', nbformat: nb.nbformat },
      'unsupported_nbformat'
    );
  }
  const minor = typeof nb.nbformat_minor === 'number' ? nb.nbformat_minor : 0;
  const validate = validatorFor(minor);
  if (!validate(nb)) {
    const problem = describe(validate.errors![0]);
    throw new InputError(
      `Invalid nbformat 4.${minor} notebook: ${problem.message}`,
      { ...problem, schema: `nbformat.v4.${Math.min(minor, LATEST_MINOR)}` },
      'invalid_notebook'
    );
  }
  return nb;
}
