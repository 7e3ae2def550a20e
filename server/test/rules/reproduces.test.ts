import { evaluateRules, type Rule, type VerificationFact } from '../../src/rules';
import { checkRulesDocument } from '../../src/rules';
import { cell, facts, request, view } from './facts';

const metric = (name: string, value: number) => ({
  name,
  value,
  source: { cell: 5, cellId: 'm1', output: 1, line: 1, field: 'text/plain' }
});

function run(extra: Partial<VerificationFact> = {}): VerificationFact {
  return {
    revision: 2,
    useCase: 'training',
    executor: 'local',
    status: 'passed',
    reason: null,
    step: null,
    runMetrics: { accuracy: 0.7758 },
    ...extra
  };
}

const rule: Rule = { id: 'reproduces', type: 'reproduces' };

function one(r: Rule, verification: VerificationFact | null, saved = 0.7758, sources = ['x = 1']) {
  return evaluateRules(
    [r],
    facts({
      request: request([], { latestRevision: 2 }),
      verification,
      metrics: [metric('accuracy', saved)],
      notebook: view(sources.map((s, i) => cell(i, s)))
    })
  ).results[0];
}

describe('the reproduces rule', () => {
  it('passes when the latest revision reproduces its saved metrics, naming them', () => {
    const r = one(rule, run());
    expect(r.result).toBe('pass');
    expect(r.message).toBe('Accuracy 0.7758 = 0.7758');
  });

  it('fails a hand-edited metric naming both values, with the seed hint when nothing seeds', () => {
    const r = one(rule, run(), 0.78);
    expect(r.result).toBe('fail');
    expect(r.reasons[0]).toBe(
      'accuracy: notebook 0.78, run 0.7758 (difference -0.0042, tolerance relative 1e-9)'
    );
    expect(r.reasons[1]).toContain('sets no random seed');
    const seeded = one(rule, run(), 0.78, ['model = Forest(random_state=1)']);
    expect(seeded.reasons).toHaveLength(1);
  });

  it('takes the rule’s metrics and tolerances', () => {
    const lenient: Rule = {
      id: 'r',
      type: 'reproduces',
      parameters: { metrics: ['accuracy'], tolerances: [{ metric: 'accuracy', absolute: 0.01 }] }
    };
    expect(one(lenient, run(), 0.78).result).toBe('pass');
    const other: Rule = { id: 'r', type: 'reproduces', parameters: { metrics: ['f1'] } };
    expect(one(other, run()).reasons[0]).toBe('f1: the notebook saved no value (run none)');
  });

  it('fails while no run of the latest revision has ended, and for a run that ended badly', () => {
    expect(one(rule, null).reasons).toEqual(['revision 2 has no verification run yet']);
    expect(one(rule, run({ revision: 1 })).reasons).toEqual([
      'revision 2 has no verification run yet'
    ]);
    expect(
      one(rule, run({ status: 'running', step: { name: 'train', index: 3, total: 5 } })).reasons
    ).toEqual(['the verification run is running (step 3 of 5: train)']);
    expect(
      one(rule, run({ status: 'timed_out', reason: 'Stopped after 60 s.', runMetrics: null }))
        .reasons
    ).toEqual(['the verification run timed out: Stopped after 60 s.']);
    const airflow: Rule = { id: 'r', type: 'reproduces', parameters: { executor: 'airflow' } };
    expect(one(airflow, run()).result).toBe('fail');
    // No executor named: a run on the environment's executor, whichever it is, counts.
    expect(one(rule, run({ executor: 'airflow' })).result).toBe('pass');
  });

  it('does not apply before a request exists (the Promote dialog)', () => {
    const r = evaluateRules([rule], facts({ metrics: [metric('accuracy', 0.7758)] })).results[0];
    expect(r.result).toBe('not_applicable');
  });

  it('is a rule type the schema accepts, with its parameters checked', () => {
    const doc = (parameters: unknown) => ({
      schemaVersion: 1,
      environments: { prod: { rules: [{ id: 'reproduces', type: 'reproduces', parameters }] } }
    });
    expect(() =>
      checkRulesDocument(
        doc({ useCase: 'training', tolerances: [{ metric: 'f1', relative: 0.01 }] })
      )
    ).not.toThrow();
    expect(() => checkRulesDocument(doc({ executor: 'ssh' }))).toThrow();
    expect(() =>
      checkRulesDocument(doc({ tolerances: [{ metric: 'f1', absolute: -1 }] }))
    ).toThrow();
  });
});
