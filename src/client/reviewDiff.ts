/**
 * The shapes of GET /promotions/:id/diff (a ReviewDiff), by their short names, from the
 * service's OpenAPI document (src/client/api.gen.ts, `npm run generate:api`).
 */
import type { components } from './api.gen';

type Schemas = components['schemas'];

export type ReviewDiff = Schemas['ReviewDiff'];
export type NotebookDiff = Schemas['NotebookDiff'];
export type CellDiff = Schemas['CellDiff'];
export type CellStatus = CellDiff['status'];
export type TextDiff = Schemas['TextDiff'];
export type Hunk = TextDiff['hunks'][number];
export type DiffLine = Hunk['lines'][number];
export type Coarse = Schemas['DiffCoarse'];
export type ValueChange = Schemas['ValueChange'];
export type OutputDiff = Schemas['OutputDiff'];
export type PipelineDiff = Schemas['PipelineDiff'];
export type StepChange = PipelineDiff['steps'][number];
export type ParameterChange = PipelineDiff['parameters'][number];
export type RequirementChange = PipelineDiff['requirements'][number];
export type FileChange = PipelineDiff['files'][number];
/** An added/removed pair of lists (inputs, outputs, metrics...). */
export type ListChange<T> = { added: T[]; removed: T[] };
