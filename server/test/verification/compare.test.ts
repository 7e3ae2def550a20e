import { compareMetrics, isWithin, seedCallIn, toleranceFor } from '../../src/verification';

const nb = (name: string, value: number) => ({ name, value, source: `cell 12, output 1` });

describe('comparing notebook metrics with a run', () => {
  it('passes when every metric is the same, and says so per metric', () => {
    const c = compareMetrics([nb('accuracy', 0.7758), nb('rows', 891)], {
      accuracy: 0.7758,
      rows: 891
    });
    expect(c.passed).toBe(true);
    expect(c.summary).toBe('accuracy 0.7758 = 0.7758; rows 891 = 891');
    expect(c.metrics.map(m => [m.status, m.difference])).toEqual([
      ['equal', 0],
      ['equal', 0]
    ]);
  });

  it('fails a hand-edited value, naming the metric and both values', () => {
    const c = compareMetrics([nb('accuracy', 0.78)], { accuracy: 0.7758 });
    expect(c.passed).toBe(false);
    expect(c.metrics[0].status).toBe('differs');
    expect(c.metrics[0].difference).toBeCloseTo(-0.0042, 12);
    expect(c.summary).toContain('accuracy: notebook 0.78, run 0.7758');
    expect(c.summary).toContain('tolerance relative 1e-9');
  });

  it('is exact for integers and 1e-9 relative for floats by default', () => {
    expect(toleranceFor(891, 891, undefined)).toEqual({ absolute: 0, relative: 0 });
    expect(toleranceFor(0.5, 0.5, undefined)).toEqual({ absolute: 0, relative: 1e-9 });
    expect(compareMetrics([nb('rows', 891)], { rows: 892 }).passed).toBe(false);
    const tiny = compareMetrics([nb('loss', 0.3)], { loss: 0.1 + 0.2 });
    expect(tiny.passed).toBe(true);
    expect(tiny.metrics[0].status).toBe('within');
    expect(compareMetrics([nb('loss', 0.3)], { loss: 0.3000001 }).passed).toBe(false);
  });

  it('takes an absolute or a relative tolerance per metric', () => {
    const tolerances = { accuracy: { absolute: 0.005 }, f1: { relative: 0.01 } };
    const near = compareMetrics(
      [nb('accuracy', 0.78), nb('f1', 0.7)],
      {
        accuracy: 0.7758,
        f1: 0.695
      },
      { tolerances }
    );
    expect(near.passed).toBe(true);
    expect(near.metrics.map(m => m.status)).toEqual(['within', 'within']);
    const far = compareMetrics(
      [nb('accuracy', 0.78), nb('f1', 0.7)],
      {
        accuracy: 0.77,
        f1: 0.69
      },
      { tolerances }
    );
    expect(far.metrics.map(m => m.within)).toEqual([false, false]);
    expect(far.summary).toContain('tolerance absolute 0.005');
    expect(far.summary).toContain('tolerance relative 0.01');
    expect(isWithin(100, 101, { absolute: 0, relative: 0.01 })).toBe(true);
    expect(isWithin(100, 101.1, { absolute: 0, relative: 0.01 })).toBe(false);
  });

  it('names metrics missing from the run, from the notebook, and extra ones', () => {
    const c = compareMetrics([nb('accuracy', 0.8), nb('f1', 0.7)], { accuracy: 0.8, auc: 0.9 });
    expect(c.passed).toBe(false);
    expect(c.missing).toEqual(['f1']);
    expect(c.extra).toEqual(['auc']);
    expect(c.summary).toBe('f1: the run reported no value (notebook 0.7)');

    const named = compareMetrics(
      [nb('accuracy', 0.8)],
      { accuracy: 0.8, auc: 0.9 },
      {
        metrics: ['accuracy', 'auc']
      }
    );
    expect(named.passed).toBe(false);
    expect(named.metrics[1].status).toBe('missing_in_notebook');
    expect(named.summary).toBe('auc: the notebook saved no value (run 0.9)');
    expect(named.extra).toEqual([]);
  });

  it('compares only the metrics asked for', () => {
    const c = compareMetrics(
      [nb('accuracy', 0.8), nb('f1', 0.1)],
      { accuracy: 0.8, f1: 0.2 },
      {
        metrics: ['accuracy']
      }
    );
    expect(c.passed).toBe(true);
    expect(c.extra).toEqual(['f1']);
  });

  it('fails a text value and a notebook with nothing to compare', () => {
    const text = compareMetrics([nb('accuracy', 0.8)], { accuracy: 'n/a' });
    expect(text.passed).toBe(false);
    expect(text.metrics[0].status).toBe('not_a_number');
    const none = compareMetrics([], { accuracy: 0.8 });
    expect(none.passed).toBe(false);
    expect(none.summary).toContain('saved no metric');
  });
});

describe('the seed hint', () => {
  it('shows when a metric differs and the notebook seeds nothing', () => {
    const sources = ['import numpy as np\nmodel = RandomForestClassifier()', '# random.seed(1)'];
    const c = compareMetrics([nb('accuracy', 0.8)], { accuracy: 0.79 }, { sources });
    expect(c.seedHint).toContain('sets no random seed');
  });

  it('stays away when the notebook seeds or when the run reproduces', () => {
    const seeded = ['model = RandomForestClassifier(random_state=42)'];
    expect(
      compareMetrics([nb('accuracy', 0.8)], { accuracy: 0.79 }, { sources: seeded }).seedHint
    ).toBeNull();
    expect(
      compareMetrics([nb('accuracy', 0.8)], { accuracy: 0.8 }, { sources: ['x = 1'] }).seedHint
    ).toBeNull();
    expect(compareMetrics([nb('accuracy', 0.8)], {}, { sources: ['x = 1'] }).seedHint).toBeNull();
  });

  it('finds the usual ways of seeding, not comments', () => {
    for (const call of [
      'random.seed(0)',
      'np.random.seed(42)',
      'train_test_split(X, y, random_state=7)',
      'torch.manual_seed(1)',
      'torch.cuda.manual_seed_all(1)',
      'tf.random.set_seed(3)',
      'rng = np.random.default_rng(12)',
      'lgb.train(params, seed=5)',
      "os.environ['PYTHONHASHSEED'] = '0'",
      'pl.seed_everything(42)'
    ]) {
      expect(seedCallIn(['import x', call])).not.toBeNull();
    }
    expect(seedCallIn(['rng = np.random.default_rng()', '# np.random.seed(1)'])).toBeNull();
    expect(seedCallIn(['model.fit(X, y)  # random_state=1 would help'])).toBeNull();
  });
});
