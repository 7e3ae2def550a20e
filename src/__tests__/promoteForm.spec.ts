import type { PreviewResult, RuleResult } from '../client/types';
import {
  defaultChoices,
  fileTree,
  formatParameterValue,
  runParameterRows,
  splitProblems,
  submitBlocker,
  versionNote
} from '../promote/promoteForm';

function preview(problems: PreviewResult['problems']): PreviewResult {
  return {
    steps: [],
    parameters: [],
    metrics: [],
    problems,
    files: { 'pipeline.json': '{}' },
    project: 'p',
    algorithm: 'a',
    environment: 'dev',
    version: '1.0.0',
    versionFrom: 'bump',
    diff: { added: ['pipeline.json'], removed: [], changed: [] }
  };
}

describe('promote form', () => {
  it('defaults from the notebook metadata and file name', () => {
    expect(defaultChoices('dir/churn.ipynb', { nbpromote: { environment: 'stage' } })).toEqual({
      environment: 'stage',
      bump: 'minor',
      title: 'Promote churn',
      description: ''
    });
    expect(defaultChoices('x.ipynb', { nbpromote: { environment: 'moon' } }).environment).toBe(
      'dev'
    );
  });

  it('blocks submission on errors, not on warnings, and says why', () => {
    const choices = defaultChoices('a.ipynb', {});
    const error = { severity: 'error' as const, code: 'undefined_name', message: 'x undefined' };
    const warning = { severity: 'warning' as const, code: 'magic', message: '%time dropped' };
    expect(submitBlocker(choices, null, null)).toMatch(/Checking/);
    expect(submitBlocker(choices, null, 'service down')).toBe('service down');
    expect(submitBlocker(choices, preview([error]), null)).toBe(
      '1 blocking problem must be fixed in the notebook first (see Checks).'
    );
    expect(submitBlocker(choices, preview([error, error]), null)).toMatch(/^2 blocking/);
    expect(submitBlocker(choices, preview([warning]), null)).toBeNull();
    expect(submitBlocker({ ...choices, title: '  ' }, preview([]), null)).toMatch(/title/);
    expect(splitProblems([error, warning])).toEqual({ blocking: [error], warnings: [warning] });
  });

  it('builds a sorted file tree with folders first', () => {
    const tree = fileTree(['README.md', 'pkg/step_train.py', 'pkg/__init__.py', 'dags/x.py']);
    expect(tree.map(n => n.name)).toEqual(['dags', 'pkg', 'README.md']);
    expect(tree[1].children.map(n => n.path)).toEqual(['pkg/__init__.py', 'pkg/step_train.py']);
  });
});

describe('promote form and rules', () => {
  const choices = defaultChoices('a.ipynb', {});
  const withRules = (results: RuleResult[]): PreviewResult => ({
    ...preview([]),
    environment: 'prod',
    rules: {
      environment: 'prod',
      rulesVersion: 2,
      passed: false,
      wouldPassAll: false,
      results,
      failing: results.filter(r => r.status === 'fail').map(r => r.id)
    }
  });
  const failing = (patch: Partial<RuleResult>): RuleResult => ({
    id: 'r',
    type: 'content',
    enforcement: 'active',
    result: 'fail',
    status: 'fail',
    message: 'm',
    reasons: ['m'],
    ...patch
  });

  it('blocks on an active rule the notebook fails, naming it', () => {
    const result = withRules([
      failing({ id: 'accuracy', type: 'metric', message: 'accuracy 0.7 is below 0.8' })
    ]);
    expect(submitBlocker(choices, result, null)).toBe('Rule accuracy: accuracy 0.7 is below 0.8');
  });

  it('lets the request open while approvals are still needed or a rule is evaluate only', () => {
    const result = withRules([
      failing({ id: 'two-reviews', type: 'review', message: 'needs 2 more approvals' }),
      failing({ id: 'size', enforcement: 'evaluate', status: 'evaluate_only', message: 'big' })
    ]);
    expect(submitBlocker(choices, result, null)).toBeNull();
  });
});

describe('parameter values of the chosen environment', () => {
  it('shows each value as JSON and says where it comes from', () => {
    const p: PreviewResult = {
      ...preview([]),
      environment: 'prod',
      runParameters: [
        { name: 'data_path', value: 's3://bucket/train.csv', from: 'environment' },
        { name: 'n_estimators', value: 100, from: 'default' },
        { name: 'features', value: ['age', 'fare'], from: 'default' }
      ]
    };
    expect(runParameterRows(p)).toEqual([
      { name: 'data_path', value: '"s3://bucket/train.csv"', fromEnvironment: true },
      { name: 'n_estimators', value: '100', fromEnvironment: false },
      { name: 'features', value: '["age","fare"]', fromEnvironment: false }
    ]);
  });

  it('has no rows when the service sent none, and cuts long values short', () => {
    expect(runParameterRows(preview([]))).toEqual([]);
    const long = formatParameterValue('x'.repeat(200));
    expect(long.length).toBe(80);
    expect(long.endsWith('…')).toBe(true);
    expect(formatParameterValue(null)).toBe('null');
  });
});

describe('versionNote', () => {
  const base = { project: 'demo', algorithm: 'titanic', version: '1.0.0' };

  it('says a first promotion is 1.0.0 whatever the bump', () => {
    expect(versionNote({ ...base, versionFrom: 'first' })).toEqual({
      text: 'The first promotion of %1 is version %2; the bump applies from the next one.',
      args: ['demo/titanic', '1.0.0']
    });
  });

  it("says a version set in the notebook's settings wins over the bump", () => {
    expect(versionNote({ ...base, version: '2.3.0', versionFrom: 'notebook' })?.args).toEqual([
      '2.3.0'
    ]);
  });

  it('says nothing when the bump chooses the version', () => {
    expect(versionNote({ ...base, version: '1.1.0', versionFrom: 'bump' })).toBeNull();
  });
});
