/** The promotion rules: the document, its checks and defaults, and the pure engine. */
export * from './types';
export {
  checkRulesDocument,
  rulesFor,
  jsonPath,
  type KnownUser,
  type RulesWarning
} from './document';
export { defaultRules } from './defaults';
export { evaluateRules, bypass, reviewPolicyOf } from './engine';
export type { EvaluationFacts, RequestFacts, ReviewFact, VerificationFact } from './facts';
export { metricsOf, type MetricValue } from './metrics';
export { structureOf, viewOfJson, type NotebookView, type ViewStructure } from './notebookView';
export {
  scanText,
  finding,
  maskSecret,
  secretHash,
  type ScanText,
  type SecretFinding
} from './secretText';
export { secretProblems } from './secretProblems';
export { contentKey, contentShape, changedSteps } from './changes';
export { diffDocuments, type DocumentChange } from './documentDiff';
export {
  runEvaluation,
  scanNotebook,
  type EvaluationJob,
  type NotebookInput,
  type SecretScan
} from './evaluationJob';
