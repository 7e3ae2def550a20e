/** The notebook diff engine: pure functions over parsed notebooks, manifests and file maps. */
export * from './types';
export { diffNotebooks } from './notebook';
export { checkNotebook, emptyNotebook, parseNotebook, MAX_NOTEBOOK_BYTES } from './input';
export type { Side } from './input';
export { DEFAULT_LIMITS } from './context';
export type { DiffLimits } from './context';
export { diffPipelines, parseRequirement } from './pipeline';
export type { PipelineSide } from './pipeline';
export { toNbdimeDiff, rejoinLines } from './nbdime';
export type { NbdimeEntry } from './nbdime';
