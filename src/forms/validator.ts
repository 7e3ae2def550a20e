/**
 * The validator for rjsf forms (JupyterLab's FormComponent), on the JSON Schema validator
 * JupyterLab already loads for its settings (the settings registry's ajv). The extension then
 * bundles no second ajv and no @rjsf/validator-ajv8 or @rjsf/utils; only their types.
 * Usage: `<FormComponent validator={formValidator} ... />`.
 */
import { DefaultSchemaValidator } from '@jupyterlab/settingregistry';
import type {
  CustomValidator,
  ErrorSchema,
  ErrorTransformer,
  RJSFSchema,
  RJSFValidationError,
  UiSchema,
  ValidationData,
  ValidatorType
} from '@rjsf/utils';

type Data = Record<string, unknown>;
type Errors = { __errors?: string[] } & { [key: string]: Errors | string[] | undefined };

/** An error as JupyterLab's validator (ajv 8) reports it. */
export interface ISchemaError {
  instancePath?: string;
  keyword: string | string[];
  message?: string;
  params?: Record<string, unknown>;
  schemaPath?: string;
}

const jupyterlab = new DefaultSchemaValidator();
const ids = new Map<string, string>();

/** Where the root schema sits in the wrapper; the data never has this key. */
const ROOT_KEY = '__root';

/** A copy of `node` whose local references (`#/...`) point into the wrapper's copy of the root. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (typeof node !== 'object' || node === null) return node;
  const out: Data = {};
  for (const [key, v] of Object.entries(node as Data)) {
    out[key] =
      key === '$ref' && typeof v === 'string' && v.startsWith('#')
        ? `#/properties/${ROOT_KEY}${v.slice(1)}`
        : rebase(v);
  }
  return out;
}

/**
 * Errors of `data` against `schema`, resolving references against `root`. The settings
 * registry validates objects only, so the value sits under `value` of an object schema, with
 * the root beside it (under a key the data never has) for its references to resolve in.
 */
function check(schema: RJSFSchema, data: unknown, root: RJSFSchema = schema): ISchemaError[] {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { $id, $schema, ...value } = schema as Data;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { $id: rootId, $schema: rootDraft, ...rootValue } = root as Data;
  const wrapper = {
    type: 'object',
    properties: { value: rebase(value), [ROOT_KEY]: rebase(rootValue) }
  };
  const text = JSON.stringify(wrapper);
  let id = ids.get(text);
  if (id === undefined) {
    id = `nbpromote-form:${ids.size}`;
    ids.set(text, id);
  }
  const errors = jupyterlab.validateData(
    {
      id,
      schema: wrapper as never,
      raw: JSON.stringify(data === undefined ? {} : { value: data }),
      data: { composite: {}, user: {} },
      version: ''
    },
    false
  );
  return (errors ?? []) as ISchemaError[];
}

/** `['resources', 'cpu']` for `/value/resources/cpu`; a missing property is named too. */
function pathOf(error: ISchemaError): string[] {
  const parts = (error.instancePath ?? '').split('/').slice(2).map(decodePointer);
  const missing = error.params?.missingProperty;
  if (error.keyword === 'required' && typeof missing === 'string') parts.push(missing);
  return parts;
}

const decodePointer = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');

function toValidationError(error: ISchemaError): RJSFValidationError {
  const path = pathOf(error);
  const property = path.map(p => `.${p}`).join('');
  const message = error.message ?? 'is invalid';
  return {
    name: String(error.keyword),
    property,
    message,
    params: error.params,
    schemaPath: error.schemaPath,
    stack: `${property || '.'} ${message}`.trim()
  };
}

function errorSchemaOf(errors: RJSFValidationError[]): ErrorSchema {
  const root: Errors = {};
  for (const error of errors) {
    let node = root;
    for (const part of (error.property ?? '').split('.').filter(Boolean)) {
      node = (node[part] ??= {}) as Errors;
    }
    (node.__errors ??= []).push(error.message ?? '');
  }
  return root as ErrorSchema;
}

/** The `errors` object a custom validator gets: `errors.field.addError(message)` at any depth. */
function errorHandler(collected: RJSFValidationError[], path: string[] = []): unknown {
  return new Proxy(
    {},
    {
      get: (_target, key) => {
        if (key === 'addError') {
          return (message: string) => {
            const property = path.map(p => `.${p}`).join('');
            collected.push({ property, message, stack: `${property || '.'} ${message}` });
          };
        }
        return typeof key === 'string' ? errorHandler(collected, [...path, key]) : undefined;
      }
    }
  );
}

export const formValidator: ValidatorType = {
  validateFormData(
    formData: unknown,
    schema: RJSFSchema,
    customValidate?: CustomValidator,
    transformErrors?: ErrorTransformer,
    uiSchema?: UiSchema
  ): ValidationData<unknown> {
    let errors = check(schema, formData).map(toValidationError);
    if (customValidate) {
      const custom: RJSFValidationError[] = [];
      customValidate(formData, errorHandler(custom) as never, uiSchema);
      errors = [...errors, ...custom];
    }
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    return { errors, errorSchema: errorSchemaOf(errors) };
  },

  toErrorList(errorSchema?: ErrorSchema, fieldPath: string[] = []): RJSFValidationError[] {
    if (!errorSchema) return [];
    const node = errorSchema as Errors;
    const property = fieldPath.map(p => `.${p}`).join('');
    const own = (node.__errors ?? []).map(message => ({
      property,
      message,
      stack: `${property || '.'} ${message}`
    }));
    const nested = Object.entries(node)
      .filter(([key]) => key !== '__errors')
      .flatMap(([key, child]) =>
        formValidator.toErrorList(child as ErrorSchema, [...fieldPath, key])
      );
    return [...own, ...nested];
  },

  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    return check(schema, formData, rootSchema).length === 0;
  },

  rawValidation<Result = ISchemaError>(
    schema: RJSFSchema,
    formData?: unknown
  ): { errors?: Result[]; validationError?: Error } {
    // Paths relative to the data validated, as rjsf's own validators report them.
    const errors = check(schema, formData).map(e => ({
      ...e,
      instancePath: (e.instancePath ?? '').replace(/^\/value(?=\/|$)/, '')
    }));
    return errors.length > 0 ? { errors: errors as Result[] } : {};
  }
};
