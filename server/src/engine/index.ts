/**
 * The conversion engine: notebook in, analysis and artifact bundle out. Pure (no HTTP,
 * database or DOM); Python is used only to parse cell code.
 */
export { analyzeNotebook, type AnalyzeOptions } from './analyze';
export { buildBundle, bundleFiles, type Bundle, type BuildOptions } from './bundle/build';
export type { Manifest, ManifestStep } from './bundle/manifest';
export { writeBundle } from './writeBundle';
export { formatProblem, hasErrors, sortProblems } from './problems';
export { readNotebook, parseJson, DEFAULT_MAX_BYTES } from './readNotebook';
export { decodeBody, decodeText } from './decodeText';
export { findPython } from './python';
export { PythonPool, type PythonPoolOptions } from './pythonPool';
export type { Analysis, Problem, Step, Parameter, Metric, Severity } from './types';
export { ProblemSchema } from './types';
