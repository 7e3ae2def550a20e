/** Facts for engine tests, built by hand: the engine is pure, so no service is needed. */
import type { EvaluationFacts } from '../../src/rules';
import type { CellView, NotebookView, OutputView } from '../../src/rules/notebookView';

export function cell(index: number, source: string, extra: Partial<CellView> = {}): CellView {
  return {
    index,
    id: `c${index + 1}`,
    cellType: 'code',
    source,
    tags: [],
    outputs: [],
    metadata: {},
    ...extra
  };
}

export function stream(index: number, text: string): OutputView {
  return {
    index,
    outputType: 'stream',
    texts: [{ field: 'stream', text }],
    bytes: text.length,
    isError: false
  };
}

export function view(cells: CellView[], metadata: Record<string, unknown> = {}): NotebookView {
  const steps = [...new Set(cells.map(c => c.step).filter((s): s is string => !!s))];
  return { bytes: 1000, metadata, cells, steps, requirements: [] };
}

export function facts(overrides: Partial<EvaluationFacts> = {}): EvaluationFacts {
  return {
    environment: 'prod',
    rulesVersion: 3,
    now: new Date('2026-12-02T10:00:00Z'), // a Wednesday
    notebook: view([cell(0, 'x = 1', { step: 'train', tags: ['step:train'] })]),
    roles: { ada: 'data-scientist', linus: 'reviewer', grace: 'admin', ken: 'reviewer' },
    changedSteps: null,
    secrets: [],
    acceptedSecrets: new Set(),
    metrics: [],
    current: null,
    promotedIn: [],
    ...overrides
  };
}

export function request(
  reviews: {
    reviewer: string;
    verdict: 'approve' | 'request_changes' | 'comment';
    revision?: number;
  }[],
  extra: Partial<NonNullable<EvaluationFacts['request']>> = {}
): NonNullable<EvaluationFacts['request']> {
  return {
    id: 7,
    author: 'ada',
    latestRevision: 1,
    outputsOnly: {},
    reviews: reviews.map(r => ({ revision: 1, at: '2026-12-01T00:00:00Z', ...r })),
    unresolvedThreads: 0,
    ...extra
  };
}
