import { describeChange, parseHistoryPath } from '../rules/historyChange';
import { rulesSchema } from '../rules/rulesSchema';

describe('a rules change in an admin’s words', () => {
  it('reads the service’s paths, rules by name', () => {
    expect(
      parseHistoryPath('$.environments.prod.rules[two-approvals].parameters.approvals')
    ).toEqual([
      'environments',
      'prod',
      'rules',
      { id: 'two-approvals' },
      'parameters',
      'approvals'
    ]);
    expect(parseHistoryPath('$')).toEqual([]);
    expect(parseHistoryPath('/environments/prod')).toBeNull();
    expect(parseHistoryPath('$.environments..prod')).toBeNull();
  });

  it('says what a whole rule added or removed demands', () => {
    const added = describeChange({
      path: '$.environments.prod.rules[two-approvals]',
      op: 'added',
      after: {
        id: 'two-approvals',
        type: 'review',
        enforcement: 'active',
        parameters: { approvals: 2, approvers: { roles: ['reviewer', 'admin'] } }
      }
    });
    expect(added.verb).toBe('Added');
    expect(added.place).toBe('prod › two-approvals');
    expect(added.sentence).toMatch(/^Needs 2 approvals from reviewer or admin/);
    expect(added.before).toBeUndefined();

    const removed = describeChange({
      path: '$.defaults.rules[no-secrets]',
      op: 'removed',
      before: { id: 'no-secrets', type: 'secrets', enforcement: 'active', parameters: {} }
    });
    expect(removed.verb).toBe('Removed');
    expect(removed.place).toBe('Every environment › no-secrets');
    expect(removed.sentence).toBeTruthy();
  });

  it('names a field by its label and shows both values as the form does', () => {
    expect(
      describeChange({
        path: '$.environments.prod.rules[accuracy-gate].parameters.operator',
        op: 'changed',
        before: '>=',
        after: '>'
      })
    ).toEqual({
      verb: 'Changed',
      place: 'prod › accuracy-gate › Must be',
      before: 'at least (≥)',
      after: 'more than (>)'
    });
    expect(
      describeChange({
        path: '$.environments.stage.rules[review].parameters.approvers.roles',
        op: 'changed',
        before: ['reviewer'],
        after: ['reviewer', 'data-scientist']
      })
    ).toEqual({
      verb: 'Changed',
      place: 'stage › review › Approvers › Roles',
      before: 'reviewer',
      after: 'reviewer, data scientist'
    });
    expect(
      describeChange({
        path: '$.environments.prod.rules[stage-first].parameters.after',
        op: 'added',
        after: []
      })
    ).toEqual({ verb: 'Added', place: 'prod › stage-first › After', after: '(none)' });
    expect(
      describeChange({
        path: '$.environments.dev.rules[gate].parameters.noWorseThanCurrent.absolute',
        op: 'removed',
        before: 0.01
      })
    ).toEqual({
      verb: 'Removed',
      place:
        'dev › gate › Also compare with the version now in this environment › Worse by at most (in the metric’s units)',
      before: '0.01'
    });
  });

  it('uses the form’s own labels while the rule is in force', () => {
    const document = {
      schemaVersion: 1,
      environments: {
        prod: {
          rules: [
            { id: 'stage-first', type: 'environment_order', parameters: {} },
            { id: 'two-approvals', type: 'review', parameters: { approvals: 2 } }
          ]
        }
      }
    };
    const change = {
      path: '$.environments.prod.rules[two-approvals].parameters.approvals',
      op: 'changed' as const,
      before: 1,
      after: 2
    };
    expect(describeChange(change, { schema: rulesSchema, document })).toEqual({
      verb: 'Changed',
      place: 'prod › two-approvals › Approvals required',
      before: '1',
      after: '2'
    });
    // A rule no longer in force is named by its keys.
    expect(
      describeChange(
        { ...change, path: '$.environments.prod.rules[gone].parameters.approvals' },
        { schema: rulesSchema, document }
      ).place
    ).toBe('prod › gone › Approvals');
  });

  it('keeps places outside rules, and paths of another form, as they are', () => {
    expect(
      describeChange({ path: '$.environments.prod.order', op: 'changed', before: 2, after: 3 })
    ).toEqual({ verb: 'Changed', place: 'prod › order', before: '2', after: '3' });
    expect(describeChange({ path: 'odd', op: 'changed', before: true, after: false })).toEqual({
      verb: 'Changed',
      place: 'odd',
      before: 'yes',
      after: 'no'
    });
  });
});
