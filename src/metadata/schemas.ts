/**
 * The shared JSON Schemas of `metadata.nbpromote` (schema/ at the repository root), the one
 * definition the service validates against too. They live outside src/, so they are
 * required rather than imported: tsc leaves the call alone (lib/ mirrors src/, so the
 * relative path holds there too) and the bundler and jest inline the JSON.
 */
import type { RJSFSchema } from '@rjsf/utils';

// The CommonJS require the bundler and jest provide (the extension's types leave out node).
declare const require: (path: string) => Record<string, unknown>;

/** Drop the keywords that only identify the file; the form validator needs neither. */
function forForm(schema: Record<string, unknown>): RJSFSchema {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { $schema, $id, ...rest } = schema;
  return rest as RJSFSchema;
}

/** Notebook settings: project, algorithm, owner, description, environment, schedule, ... */
export const notebookSettingsSchema: RJSFSchema = forForm(
  require('../../schema/notebook-metadata.schema.json')
);

/** Cell settings: resources, image, retries, role of the step the cell starts. */
export const cellSettingsSchema: RJSFSchema = forForm(
  require('../../schema/cell-metadata.schema.json')
);
