/**
 * Does a run reproduce the notebook? Each metric the notebook saved is compared with the
 * run's value under its tolerance. Pure: numbers and sources in, a verdict out.
 */
import { SEED_HINT, seedCallIn } from './seedHint';
import {
  describeTolerance,
  type EffectiveTolerance,
  isWithin,
  type Tolerance,
  toleranceFor
} from './tolerance';

export interface NotebookMetric {
  name: string;
  value: number;
  /** Where the notebook shows it, for people: "cell 12 (id metrics), output 1, line 1". */
  source?: string;
}

export type MetricStatus =
  'equal' | 'within' | 'differs' | 'missing_in_run' | 'missing_in_notebook' | 'not_a_number';

export interface MetricComparison {
  name: string;
  notebook: number | null;
  run: number | string | null;
  /** run - notebook, when both are numbers. */
  difference: number | null;
  tolerance: EffectiveTolerance | null;
  within: boolean;
  status: MetricStatus;
  message: string;
  source?: string;
}

export interface ComparisonOptions {
  /** Only these metrics (a rule may name them); all the notebook saved when absent. */
  metrics?: readonly string[];
  tolerances?: Readonly<Record<string, Tolerance>>;
  /** The notebook's code cell sources, to tell whether it seeds its random numbers. */
  sources?: readonly string[];
}

export interface Comparison {
  passed: boolean;
  metrics: MetricComparison[];
  /** Metrics compared but absent from the run. */
  missing: string[];
  /** Metrics the run reported that nothing compared (the notebook saved no value for them). */
  extra: string[];
  /** Set when something differs and the notebook seeds nothing. */
  seedHint: string | null;
  /** One line: "accuracy 0.7758 = 0.7758" or what failed. */
  summary: string;
}

function compareOne(
  name: string,
  nb: NotebookMetric | undefined,
  run: number | string | undefined,
  given: Tolerance | undefined
): MetricComparison {
  const base = { name, source: nb?.source, tolerance: null, difference: null, within: false };
  if (nb === undefined) {
    return {
      ...base,
      notebook: null,
      run: run ?? null,
      status: 'missing_in_notebook',
      message: `${name}: the notebook saved no value (run ${run ?? 'none'})`
    };
  }
  if (run === undefined) {
    return {
      ...base,
      notebook: nb.value,
      run: null,
      status: 'missing_in_run',
      message: `${name}: the run reported no value (notebook ${nb.value})`
    };
  }
  if (typeof run !== 'number' || !Number.isFinite(run)) {
    return {
      ...base,
      notebook: nb.value,
      run,
      status: 'not_a_number',
      message: `${name}: the run reported ${JSON.stringify(run)}, not a number (notebook ${nb.value})`
    };
  }
  const tolerance = toleranceFor(nb.value, run, given);
  const difference = run - nb.value;
  if (run === nb.value) {
    return {
      ...base,
      notebook: nb.value,
      run,
      difference: 0,
      tolerance,
      within: true,
      status: 'equal',
      message: `${name} ${nb.value} = ${run}`
    };
  }
  const within = isWithin(nb.value, run, tolerance);
  const diff = `difference ${Number(difference.toPrecision(6))}, tolerance ${describeTolerance(tolerance)}`;
  return {
    ...base,
    notebook: nb.value,
    run,
    difference,
    tolerance,
    within,
    status: within ? 'within' : 'differs',
    message: within
      ? `${name} ${nb.value} ≈ ${run} (${diff})`
      : `${name}: notebook ${nb.value}, run ${run} (${diff})`
  };
}

export function compareMetrics(
  notebook: readonly NotebookMetric[],
  run: Readonly<Record<string, number | string>>,
  options: ComparisonOptions = {}
): Comparison {
  const byName = new Map(notebook.map(m => [m.name, m]));
  const names = options.metrics ?? notebook.map(m => m.name);
  const metrics = names.map(name =>
    compareOne(
      name,
      byName.get(name),
      Object.hasOwn(run, name) ? run[name] : undefined,
      options.tolerances?.[name]
    )
  );
  const compared = new Set(names);
  const extra = Object.keys(run).filter(n => !compared.has(n));
  const missing = metrics.filter(m => m.status === 'missing_in_run').map(m => m.name);
  const failing = metrics.filter(m => !m.within);
  // Nothing compared proves nothing: a notebook without saved metrics cannot be reproduced.
  const passed = metrics.length > 0 && failing.length === 0;
  const differs = failing.some(m => m.status === 'differs');
  const seedHint =
    differs && options.sources !== undefined && seedCallIn(options.sources) === null
      ? SEED_HINT
      : null;
  let summary: string;
  if (metrics.length === 0) {
    summary =
      'The notebook saved no metric to compare (run its pipeline-metrics cell and save it).';
  } else {
    summary = (passed ? metrics : failing).map(m => m.message).join('; ');
  }
  return { passed, metrics, missing, extra, seedHint, summary };
}
