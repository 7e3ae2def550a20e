/** Verification: does the bundle, run as production runs it, reproduce the notebook? */
export {
  compareMetrics,
  type Comparison,
  type ComparisonOptions,
  type MetricComparison,
  type MetricStatus,
  type NotebookMetric
} from './compare';
export { seedCallIn, SEED_HINT } from './seedHint';
export {
  describeTolerance,
  FLOAT_RELATIVE_DEFAULT,
  isWithin,
  toleranceFor,
  type EffectiveTolerance,
  type Tolerance
} from './tolerance';
