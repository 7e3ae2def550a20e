import { ServiceClient } from '../client/serviceClient';
import type { RulesVersion } from '../client/types';
import { RulesEditorModel } from '../rules/rulesEditorModel';
import { rulesSchema, validateRules } from '../rules/rulesSchema';

type Call = { method: string; path: string; body: unknown };

const v1: RulesVersion = {
  version: 1,
  author: 'system',
  message: 'Defaults',
  createdAt: '2026-01-01T00:00:00Z',
  sha256: 'a'.repeat(64),
  commitSha: null,
  warnings: [],
  document: {
    schemaVersion: 1,
    defaults: { rules: [{ id: 'no-secrets', type: 'secrets' }] },
    environments: {
      prod: { rules: [{ id: 'reviews', type: 'review', parameters: { approvals: 1 } }] }
    }
  }
};

/** A fake service behind the one seam we own: answers by method and path, records calls. */
function service(role: string, routes: Record<string, (body: unknown) => [number, unknown]> = {}) {
  const calls: Call[] = [];
  const all: Record<string, (body: unknown) => [number, unknown]> = {
    'GET /me': () => [200, { name: role === 'admin' ? 'grace' : 'ada', role }],
    'GET /rules': () => [200, v1],
    'GET /rules/versions': () => [200, { items: [v1] }],
    ...routes
  };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const path = url.pathname.replace('/api/v1', '') + url.search;
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    const route = all[`${method} ${path}`];
    const [status, answer] = route
      ? route(body)
      : [404, { error: { code: 'not_found', message: path } }];
    return new Response(JSON.stringify(answer), { status });
  };
  const model = new RulesEditorModel({
    client: new ServiceClient({ baseUrl: 'http://svc', fetch }),
    validate: doc => validateRules(rulesSchema, doc)
  });
  return { model, calls };
}

const twoApprovals = {
  rules: [
    { id: 'reviews', type: 'review', parameters: { approvals: 2 } },
    {
      id: 'accuracy',
      type: 'metric',
      parameters: { metric: 'accuracy', operator: '>=', value: 0.8 }
    }
  ]
};

describe('RulesEditorModel', () => {
  it('is read-only for a non-admin, saying why, and ignores edits', async () => {
    const { model, calls } = service('data-scientist');
    await model.load();
    expect(model.current?.version).toBe(1);
    expect(model.canEdit).toBe(false);
    expect(model.readOnlyReason).toBe(
      'Read-only: only admins change the rules, and you are signed in as ada (data-scientist).'
    );
    model.setSection('prod', twoApprovals);
    model.setJsonText('{}');
    expect(model.draft).toEqual(v1.document);
    expect(model.dirty).toBe(false);
    expect(await model.save('try')).toBe(false);
    expect(calls.some(c => c.method === 'PUT')).toBe(false);
  });

  it('lets an admin edit a tab, keeps the JSON view in step, and saves with a message', async () => {
    const { model, calls } = service('admin', {
      'PUT /rules': body => [
        200,
        {
          ...(body as { document: object }),
          version: 2,
          author: 'grace',
          message: 'prod: two approvals',
          createdAt: '2026-01-02T00:00:00Z',
          warnings: [{ path: '/environments/prod/rules/0', message: 'only 1 eligible reviewer' }]
        }
      ]
    });
    await model.load();
    model.setSection('prod', twoApprovals);
    expect(model.dirty).toBe(true);
    expect(model.problems).toEqual([]);
    expect(JSON.parse(model.jsonText).environments.prod).toEqual(twoApprovals);
    expect(model.draft.defaults).toEqual(v1.document.defaults);
    expect(model.saveBlocker('  ')).toBe('Say in a message what the change is for.');
    expect(await model.save(' prod: two approvals ')).toBe(true);
    const put = calls.find(c => c.method === 'PUT');
    expect(put?.body).toEqual({
      document: model.draft,
      message: 'prod: two approvals',
      baseVersion: 1
    });
    expect(model.current?.version).toBe(2);
    expect(model.dirty).toBe(false);
    expect(model.saveWarnings).toEqual([
      { path: '/environments/prod/rules/0', message: 'only 1 eligible reviewer' }
    ]);
    // The history is reloaded after a save.
    expect(calls.filter(c => c.path === '/rules/versions')).toHaveLength(2);
  });

  it('validates as you type and will not save an invalid draft', async () => {
    const { model, calls } = service('admin');
    await model.load();
    model.setSection('prod', {
      rules: [{ id: 'reviews', type: 'review', parameters: { approvals: -1 } }]
    });
    expect(model.problems).toEqual([
      { path: '/environments/prod/rules/0/parameters/approvals', message: 'must be >= 0' }
    ]);
    expect(model.saveBlocker('x')).toBe('1 problem must be fixed first.');

    model.setJsonText('{ "schemaVersion": 1, ');
    expect(model.jsonProblem?.message).toMatch(/^Not valid JSON/);
    expect(model.saveBlocker('x')).toMatch(/^Not valid JSON/);
    expect(await model.save('x')).toBe(false);
    expect(calls.some(c => c.method === 'PUT')).toBe(false);

    model.revert();
    expect(model.draft).toEqual(v1.document);
    expect(model.jsonProblem).toBeNull();
    expect(model.problems).toEqual([]);
  });

  it('shows the service refusal of a save, with its path', async () => {
    const { model } = service('admin', {
      'PUT /rules': () => [
        400,
        {
          error: {
            code: 'invalid_rules',
            message: 'pattern is not a valid RE2 expression at position 3',
            details: { path: '/environments/prod/rules/0/parameters/forbiddenPatterns/0/pattern' }
          }
        }
      ]
    });
    await model.load();
    model.setSection('prod', twoApprovals);
    expect(await model.save('m')).toBe(false);
    expect(model.saveError).toBe(
      'Not saved: pattern is not a valid RE2 expression at position 3 ' +
        '(at /environments/prod/rules/0/parameters/forbiddenPatterns/0/pattern)'
    );
    expect(model.current?.version).toBe(1);
    expect(model.dirty).toBe(true);
  });

  it('tries the draft on a request in the tab environment, storing nothing', async () => {
    const { model, calls } = service('admin', {
      'POST /rules/dry-run': body =>
        (body as { requestId: number }).requestId !== 4
          ? [404, { error: { code: 'not_found', message: 'No promotion request #99.' } }]
          : [
              200,
              {
                requestId: 4,
                evaluation: {
                  environment: 'prod',
                  rulesVersion: 2,
                  passed: false,
                  wouldPassAll: false,
                  failing: ['reviews'],
                  results: [
                    {
                      id: 'reviews',
                      type: 'review',
                      enforcement: 'active',
                      result: 'fail',
                      status: 'fail',
                      message: 'needs 2 more approvals',
                      reasons: ['needs 2 more approvals']
                    }
                  ]
                },
                warnings: []
              }
            ]
    });
    await model.load();
    model.setSection('prod', twoApprovals);
    await model.tryOn(4);
    expect(calls.at(-1)).toEqual({
      method: 'POST',
      path: '/rules/dry-run',
      body: { document: model.draft, requestId: 4, environment: 'prod' }
    });
    expect(model.dryRun.result?.evaluation.results[0].message).toBe('needs 2 more approvals');
    expect(model.current?.version).toBe(1);

    await model.tryOn(99);
    expect(model.dryRun.error).toBe(
      'Could not try the rules on request #99: No promotion request #99.'
    );
    await model.tryOn(0);
    expect(model.dryRun.error).toBe('Give a request number.');
  });

  it('compares two versions, older first', async () => {
    const { model, calls } = service('reviewer', {
      'GET /rules/diff?from=1&to=2': () => [
        200,
        {
          from: 1,
          to: 2,
          changes: [
            {
              path: '/environments/prod/rules/0/parameters/approvals',
              op: 'changed',
              before: 1,
              after: 2
            }
          ]
        }
      ]
    });
    await model.load();
    await model.showDiff(2, 1);
    expect(calls.at(-1)?.path).toBe('/rules/diff?from=1&to=2');
    expect(model.diff).toMatchObject({ from: 1, to: 2, loading: false, error: null });
    expect(model.diff?.result?.changes[0].after).toBe(2);
  });

  it('says why the rules could not be loaded', async () => {
    const { model } = service('admin', {
      'GET /rules': () => [500, { error: { code: 'internal', message: 'database down' } }]
    });
    await model.load();
    expect(model.loadError).toBe('Could not load the rules: database down');
    expect(model.loading).toBe(false);
  });
});
