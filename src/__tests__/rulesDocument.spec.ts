import {
  describePath,
  parseJsonText,
  problemCounts,
  sectionOf,
  tabOf,
  toJsonText,
  withSection
} from '../rules/rulesDocument';

describe('rules document helpers', () => {
  const doc = {
    schemaVersion: 1,
    defaults: { rules: [{ id: 'a', type: 'secrets' }] },
    environments: { stage: { rules: [] } }
  };

  it('reads and replaces one tab, leaving the others as they were', () => {
    expect(sectionOf(doc, 'defaults')).toEqual({ rules: [{ id: 'a', type: 'secrets' }] });
    expect(sectionOf(doc, 'prod')).toEqual({ rules: [] });
    const next = withSection(doc, 'prod', { rules: [{ id: 'b', type: 'review' }] });
    expect(next.environments).toEqual({
      stage: { rules: [] },
      prod: { rules: [{ id: 'b', type: 'review' }] }
    });
    expect(next.defaults).toBe(doc.defaults);
    expect(doc.environments).toEqual({ stage: { rules: [] } });
  });

  it('sorts problems into the tabs they belong to', () => {
    expect(tabOf('/environments/prod/rules/0')).toBe('prod');
    expect(tabOf('/defaults/rules/1/id')).toBe('defaults');
    expect(tabOf('/schemaVersion')).toBeNull();
    expect(
      problemCounts([
        { path: '/environments/prod/rules/0', message: 'x' },
        { path: '/environments/prod/rules/1', message: 'y' },
        { path: '/defaults/rules/0', message: 'z' }
      ])
    ).toEqual({ defaults: 1, dev: 0, stage: 0, prod: 2 });
  });

  it('names a syntax error in the JSON view by line and column', () => {
    const result = parseJsonText('{\n  "a": 1,\n  oops\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.message).toMatch(/^Not valid JSON at line 3, column 3/);
    }
    expect(parseJsonText('[1]')).toEqual({
      ok: false,
      problem: { path: '', message: 'The rules must be one JSON object.' }
    });
    expect(parseJsonText(toJsonText(doc))).toEqual({ ok: true, document: doc });
  });

  it('says a path in words', () => {
    expect(describePath('/environments/prod/rules/0/parameters/approvals')).toBe(
      'prod › rule 1 › parameters › approvals'
    );
    expect(describePath('/defaults/rules/2')).toBe('defaults › rule 3');
    expect(describePath('')).toBe('the document');
  });
});
