import { rulesSchema, sectionSchema, validateRules } from '../rules/rulesSchema';

const prod = (rules: unknown[]) => ({
  schemaVersion: 1,
  defaults: { rules: [{ id: 'no-secrets', type: 'secrets' }] },
  environments: { prod: { rules } }
});

describe('rules schema in the editor', () => {
  it('accepts a document with two approvals and a metric gate for prod', () => {
    const doc = prod([
      { id: 'two-reviews', type: 'review', parameters: { approvals: 2 } },
      {
        id: 'accuracy',
        type: 'metric',
        enforcement: 'active',
        parameters: { metric: 'accuracy', operator: '>=', value: 0.8 }
      }
    ]);
    expect(validateRules(rulesSchema, doc)).toEqual([]);
  });

  it('names the JSON path of a bad field, against the rule type the rule names only', () => {
    const doc = prod([
      { id: 'two-reviews', type: 'review', parameters: { approvals: 2 } },
      { id: 'accuracy', type: 'metric', parameters: { metric: 'accuracy', operator: '>=' } }
    ]);
    expect(validateRules(rulesSchema, doc)).toEqual([
      { path: '/environments/prod/rules/1/parameters/value', message: 'is required' }
    ]);
  });

  it('reports an out-of-range value and an unknown field at their paths', () => {
    // JupyterLab's own validator stops at a rule's first error: fix it and the next shows.
    const doc = prod([{ id: 'r', type: 'review', parameters: { approvals: 99, typo: true } }]);
    expect(validateRules(rulesSchema, doc)).toEqual([
      { path: '/environments/prod/rules/0/parameters', message: 'unknown field "typo"' }
    ]);
    const fixed = prod([{ id: 'r', type: 'review', parameters: { approvals: 99 } }]);
    expect(validateRules(rulesSchema, fixed)).toEqual([
      { path: '/environments/prod/rules/0/parameters/approvals', message: 'must be <= 20' }
    ]);
  });

  it('says a rule type is unknown once, listing the known ones', () => {
    const problems = validateRules(rulesSchema, prod([{ id: 'x', type: 'magic' }]));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('/environments/prod/rules/0/type');
    expect(problems[0].message).toMatch(/unknown rule type "magic"; one of review, content/);
  });

  it('cuts one form schema per tab, with the definitions its references need', () => {
    const form = sectionSchema(rulesSchema, 'prod') as Record<string, unknown>;
    expect(form.title).toBe('prod');
    expect(Object.keys(form.properties as object)).toEqual(['rules']);
    expect(form.definitions).toBe(rulesSchema.definitions);
    const defaults = sectionSchema(rulesSchema, 'defaults') as Record<string, unknown>;
    expect(defaults.title).toBe('Every environment');
    expect(defaults.$ref).toBeUndefined();
  });
});
