/**
 * The promotion rules through the API, on SQLite and PostgreSQL: the defaults, versions and
 * history, who may change them, and what dev and stage need.
 */
import { parseTrailers } from '../../src/git';
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { pipeline, PROD_RULES, rulesHelpers } from '../support/rulesApi';

describe.each(DATABASES)('promotion rules on %s', kind => {
  const { api, ada, linus, grace } = useTestApi(kind);
  const { git, submit, saveRules } = rulesHelpers({ api, ada, grace });

  it('lets dev promote without review by default, while stage still needs an approval', async () => {
    const dev = await submit(pipeline(0.9), 'dev');
    const detail = await ada.get(`/promotions/${dev}`);
    expect(detail.body.permissions.promote).toEqual({ allowed: true });
    const promoted = await ada.post(`/promotions/${dev}/promote`, {});
    expect(promoted.body.error).toBeUndefined();
    expect(promoted.status).toBe(200);
    expect(promoted.body.state).toBe('promoted');
    const recorded = (await ada.get(`/promotions/${dev}`)).body.rulesCheck;
    expect(recorded.evaluation.results.map((r: { id: string }) => r.id)).toEqual(['no-secrets']);

    const stage = await submit(pipeline(0.9), 'stage');
    expect((await ada.get(`/promotions/${stage}`)).body.permissions.promote.allowed).toBe(false);
    const refused = await ada.post(`/promotions/${stage}/promote`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/one-approval|approval/);
  });

  it('starts with the defaults, versions every save and refuses non-admins and bad documents', async () => {
    const first = await ada.get('/rules');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, author: 'nbpromote', message: 'Default rules' });
    expect(first.body.document.environments.prod.rules.map((r: { id: string }) => r.id)).toEqual([
      'two-approvals',
      'evaluate-step',
      'owner',
      'stage-first'
    ]);

    const refused = await linus.put('/rules', { document: PROD_RULES, message: 'mine now' });
    expect(refused.status).toBe(403);
    expect((await ada.put('/rules', { document: PROD_RULES, message: 'x' })).status).toBe(403);

    const bad = await grace.put('/rules', {
      document: {
        ...PROD_RULES,
        environments: {
          prod: { rules: [{ id: 'r', type: 'review', parameters: { approvals: -1 } }] }
        }
      },
      message: 'broken'
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid_rules',
      details: { path: '$.environments.prod.rules[0].parameters.approvals' }
    });
    const pattern = await grace.put('/rules', {
      document: {
        schemaVersion: 1,
        environments: {
          dev: {
            rules: [
              {
                id: 'c',
                type: 'content',
                parameters: { forbiddenPatterns: [{ pattern: '(a+)+\\1', message: 'x' }] }
              }
            ]
          }
        }
      },
      message: 'backreference'
    });
    expect(pattern.status).toBe(400);
    expect(pattern.body.error.details.path).toBe(
      '$.environments.dev.rules[0].parameters.forbiddenPatterns[0].pattern'
    );
    expect((await ada.get('/rules/versions')).body.items).toHaveLength(1);

    const unmeetable = {
      ...PROD_RULES,
      environments: {
        prod: { rules: [{ id: 'five', type: 'review', parameters: { approvals: 5 } }] }
      }
    };
    const saved = await saveRules(unmeetable, 'Five approvals for prod');
    expect(saved.version).toBe(2);
    expect(saved.warnings).toEqual([
      {
        path: '$.environments.prod.rules[0].parameters.approvals',
        message: 'needs 5 approvals but only 2 users are eligible to approve'
      }
    ]);
    const second = await saveRules(PROD_RULES);
    expect(second.version).toBe(3);
    const stale = await grace.put('/rules', {
      document: PROD_RULES,
      message: 'again',
      baseVersion: 2
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('rules_changed');

    const history = await ada.get('/rules/versions');
    expect(
      history.body.items.map((v: { version: number; author: string }) => `${v.version}:${v.author}`)
    ).toEqual(['3:grace', '2:grace', '1:nbpromote']);
    expect((await ada.get('/rules/versions/2')).body.document).toEqual(unmeetable);
    expect((await ada.get('/rules/versions/9')).status).toBe(404);
    const diff = await ada.get('/rules/diff?from=2&to=3');
    expect(diff.status).toBe(200);
    expect(diff.body.changes.map((c: { op: string; path: string }) => `${c.op} ${c.path}`)).toEqual(
      [
        'removed $.environments.prod.rules[five]',
        'added $.environments.prod.rules[two-approvals]',
        'added $.environments.prod.rules[accuracy]',
        'added $.environments.prod.rules[try-f1]'
      ]
    );
    expect((await ada.get('/rules/diff?from=2')).status).toBe(400);

    // Each version is a commit on the rules branch, by its author.
    expect(git('log', '--format=%an %s', 'rules').split('\n')).toEqual([
      'grace Rules version 3: Prod: two approvals and an accuracy gate',
      'grace Rules version 2: Five approvals for prod',
      'nbpromote Rules version 1: Default rules'
    ]);
    expect(JSON.parse(git('show', 'rules:rules/rules.json'))).toEqual(PROD_RULES);
    expect(parseTrailers(git('log', '-1', '--format=%B', 'rules'))).toEqual({
      'Rules-Version': '3'
    });

    const audit = await grace.get('/audit');
    const saves = audit.body.items.filter((e: { action: string }) => e.action === 'rules_save');
    expect(
      saves.map(
        (e: { actor: string; details: { version: number } }) => `${e.actor}:${e.details.version}`
      )
    ).toEqual(['grace:3', 'grace:2', 'nbpromote:1']);
  });
});
