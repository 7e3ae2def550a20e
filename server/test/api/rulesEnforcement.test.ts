/**
 * The promotion rules enforced, on SQLite and PostgreSQL: a promotion refused with its failing
 * rules (409) until they pass, an admin's bypass, stale approvals, environment order and step
 * owners, a standing "changes requested", and secrets masked in every answer, log line and
 * stored row.
 */
import { parseTrailers } from '../../src/git';
import { SECRETS } from '../rules/material';
import { useTestApi, type ApiClient } from '../support/api';
import { DATABASES } from '../support/databases';
import { pipeline, PROD_RULES, rulesHelpers } from '../support/rulesApi';

describe.each(DATABASES)('promotion rules enforced on %s', kind => {
  const { api, ada, linus, grace } = useTestApi(kind);
  const { git, submit, saveRules } = rulesHelpers({ api, ada, grace });

  it('refuses a prod promotion with its failing rules, then promotes once they pass, recording the rules version', async () => {
    await saveRules(PROD_RULES);
    const id = await submit(pipeline(0.86), 'prod');

    const live = await ada.get(`/promotions/${id}`);
    expect(live.body.rules).toMatchObject({
      environment: 'prod',
      rulesVersion: 2,
      passed: false,
      failing: ['two-approvals']
    });
    const statuses = (
      live.body.rules.results as { id: string; status: string; message: string }[]
    ).map(r => `${r.id}:${r.status}`);
    expect(statuses).toEqual([
      'no-secrets:pass',
      'two-approvals:fail',
      'accuracy:pass',
      'try-f1:evaluate_only'
    ]);
    const accuracy = live.body.rules.results[2];
    expect(accuracy.details).toMatchObject({
      value: 0.86,
      source: { cellId: 'metrics', output: 1, line: 1 }
    });

    expect((await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' })).status).toBe(
      201
    );
    const refused = await ada.post(`/promotions/${id}/promote`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('rules_failed');
    expect(refused.body.error.message).toBe(
      'Promotion to prod is blocked by a rule: two-approvals: Needs 1 more approval (1 of 2).'
    );
    expect(refused.body.error.details.failing.map((r: { id: string }) => r.id)).toEqual([
      'two-approvals'
    ]);
    expect((await ada.get(`/promotions/${id}`)).body.state).toBe('approved');

    // The Promote check on a candidate document: the dry run changes nothing.
    const tryThree = await grace.post('/rules/dry-run', {
      requestId: id,
      document: {
        ...PROD_RULES,
        environments: {
          prod: { rules: [{ id: 'three', type: 'review', parameters: { approvals: 3 } }] }
        }
      }
    });
    expect(tryThree.status).toBe(200);
    expect(tryThree.body.evaluation).toMatchObject({
      rulesVersion: 3,
      passed: false,
      failing: ['three']
    });
    expect((await ada.get('/rules')).body.version).toBe(2);

    expect((await grace.post(`/promotions/${id}/reviews`, { verdict: 'approve' })).status).toBe(
      201
    );
    const promoted = await ada.post(`/promotions/${id}/promote`, {});
    expect(promoted.status).toBe(200);
    expect(promoted.body.state).toBe('promoted');

    const detail = (await ada.get(`/promotions/${id}`)).body;
    expect(detail.rules).toBeUndefined();
    expect(detail.rulesCheck).toMatchObject({
      rulesVersion: 2,
      passed: true,
      bypassBy: null,
      environment: 'prod'
    });
    expect(
      detail.rulesCheck.evaluation.results.map(
        (r: { id: string; status: string }) => `${r.id}:${r.status}`
      )
    ).toEqual(['no-secrets:pass', 'two-approvals:pass', 'accuracy:pass', 'try-f1:evaluate_only']);
    const trailers = parseTrailers(git('log', '-1', '--format=%B', 'env/prod'));
    expect(trailers).toMatchObject({ 'Rules-Version': '2', 'Approved-by': 'linus, grace' });
    expect(trailers['Rules-Bypassed']).toBeUndefined();

    const audit = (await grace.get(`/audit?requestId=${id}`)).body.items as {
      action: string;
      outcome: string;
      details: Record<string, unknown>;
    }[];
    const refusedEvent = audit.find(e => e.action === 'promote' && e.outcome === 'refused');
    expect(refusedEvent?.details).toMatchObject({ code: 'rules_failed' });
    expect(audit.find(e => e.action === 'rules_check')?.details).toMatchObject({
      rulesVersion: 2,
      environment: 'prod'
    });
  });

  it('lets only an admin promote past failing rules, with a reason, audited and in the trailers', async () => {
    await saveRules(PROD_RULES);
    const id = await submit(pipeline(0.43), 'prod');
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    await grace.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    // The detail's permissions say so before anyone tries: refused for the author, with the
    // failing rule; an admin may still promote, past the rules, with a reason.
    expect((await ada.get(`/promotions/${id}`)).body.permissions.promote).toEqual({
      allowed: false,
      code: 'rules_failed',
      reason: 'Promotion to prod is blocked by the rules: accuracy.'
    });
    expect((await grace.get(`/promotions/${id}`)).body.permissions.promote).toEqual({
      allowed: true
    });
    const refused = await ada.post(`/promotions/${id}/promote`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.failing[0].message).toBe(
      'Production models must be accurate. Accuracy is 0.43 (cell 3 (id metrics), output 1, line 1); needs >= 0.8.'
    );
    expect(
      (await ada.post(`/promotions/${id}/promote`, { bypassReason: 'the gate is wrong' })).status
    ).toBe(403);
    expect((await grace.post(`/promotions/${id}/promote`, { bypassReason: '   ' })).status).toBe(
      400
    );

    const bypassed = await grace.post(`/promotions/${id}/promote`, {
      bypassReason: 'Incident 42: the old model is\nbroken, this one is better'
    });
    expect(bypassed.status).toBe(200);
    const detail = (await ada.get(`/promotions/${id}`)).body;
    expect(detail.rulesCheck).toMatchObject({
      passed: false,
      bypassBy: 'grace',
      bypassReason: 'Incident 42: the old model is broken, this one is better'
    });
    expect(detail.rulesCheck.evaluation.results[2]).toMatchObject({
      id: 'accuracy',
      status: 'bypassed'
    });
    expect(parseTrailers(git('log', '-1', '--format=%B', 'env/prod'))).toMatchObject({
      'Rules-Version': '2',
      'Rules-Bypassed': 'accuracy',
      'Rules-Bypassed-By': 'grace',
      'Rules-Bypass-Reason': 'Incident 42: the old model is broken, this one is better'
    });
    const audit = (await grace.get(`/audit?requestId=${id}`)).body.items as {
      action: string;
      actor: string;
      details: Record<string, unknown>;
    }[];
    expect(audit.find(e => e.action === 'rules_bypass')).toMatchObject({
      actor: 'grace',
      details: { reason: 'Incident 42: the old model is broken, this one is better' }
    });
  });

  it('keeps approvals over an outputs-only revision when the rule says so, not over a code change', async () => {
    await saveRules({
      schemaVersion: 1,
      environments: {
        stage: {
          rules: [
            {
              id: 'one',
              type: 'review',
              parameters: { approvals: 1, dismissStale: 'code_or_pipeline_change' }
            }
          ]
        }
      }
    });
    const id = await submit(pipeline(0.86), 'stage');
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    // Re-run: new outputs, same code.
    const rerun = await ada.post(`/promotions/${id}/revisions`, { notebook: pipeline(0.87) });
    expect(rerun.status).toBe(201);
    expect(rerun.body.state).toBe('approved');
    expect((await ada.get(`/promotions/${id}`)).body.rules.results[0]).toMatchObject({
      id: 'one',
      status: 'pass'
    });
    // A code change dismisses the approval: the state machine and the rule agree.
    const changed = await ada.post(`/promotions/${id}/revisions`, {
      notebook: pipeline(0.87, '\nweights.append(4)')
    });
    expect(changed.body.state).toBe('open');
    const rule = (await ada.get(`/promotions/${id}`)).body.rules.results[0];
    expect(rule.message).toBe(
      'Needs 1 more approval (0 of 1; 1 approval dismissed by a newer revision).'
    );
  });

  it('needs the same code in stage before prod, and an owner of a step that changed against prod', async () => {
    await saveRules({
      schemaVersion: 1,
      environments: {
        prod: {
          rules: [
            { id: 'stage-first', type: 'environment_order' },
            {
              id: 'owners',
              type: 'review',
              parameters: { approvals: 1, stepOwners: [{ steps: 'train', users: ['grace'] }] }
            }
          ]
        }
      }
    });
    const approveAndPromote = async (id: number, by: ApiClient = linus) => {
      expect((await by.post(`/promotions/${id}/reviews`, { verdict: 'approve' })).status).toBe(201);
      return ada.post(`/promotions/${id}/promote`, {});
    };
    const early = await submit(pipeline(0.9), 'prod');
    await linus.post(`/promotions/${early}/reviews`, { verdict: 'approve' });
    const refused = await ada.post(`/promotions/${early}/promote`, {});
    expect(refused.status).toBe(409);
    expect(
      refused.body.error.details.failing.map(
        (r: { id: string; message: string }) => `${r.id}: ${r.message}`
      )
    ).toEqual([
      'stage-first: Promote this same code to stage first (stage before prod).',
      'owners: Needs 1 more approval from an owner of step train (grace).'
    ]);
    expect((await approveAndPromote(await submit(pipeline(0.9), 'stage'))).status).toBe(200);
    // Same code, re-run outputs: stage counts; nothing in prod yet, so every step is new.
    expect((await approveAndPromote(early, grace)).status).toBe(200);

    // Against prod now: a change to evaluate needs no owner of train; a change to train does.
    const evalOnly = pipeline(0.9);
    (evalOnly.cells as { source: string }[])[1].source = 'accuracy = sum(weights) / 6.5';
    const second = await submit(evalOnly, 'stage');
    expect((await approveAndPromote(second)).status).toBe(200);
    const toProd = await submit(evalOnly, 'prod');
    expect((await approveAndPromote(toProd)).status).toBe(200);

    const trainChange = pipeline(0.9, '\nweights.append(5)');
    (trainChange.cells as { source: string }[])[1].source = 'accuracy = sum(weights) / 6.5';
    expect((await approveAndPromote(await submit(trainChange, 'stage'))).status).toBe(200);
    const third = await submit(trainChange, 'prod');
    const blocked = await approveAndPromote(third);
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details.failing.map((r: { message: string }) => r.message)).toEqual([
      'Needs 1 more approval from an owner of step train (grace).'
    ]);
    expect((await approveAndPromote(third, grace)).status).toBe(200);
  });

  it('holds a promotion on a standing "changes requested" until an admin dismisses it with a reason', async () => {
    await saveRules({
      schemaVersion: 1,
      environments: {
        stage: { rules: [{ id: 'one', type: 'review', parameters: { approvals: 1 } }] }
      }
    });
    const id = await submit(pipeline(0.86), 'stage');
    expect(
      (
        await linus.post(`/promotions/${id}/reviews`, {
          verdict: 'request_changes',
          body: 'fix it'
        })
      ).status
    ).toBe(201);
    await ada.post(`/promotions/${id}/revisions`, { notebook: pipeline(0.87, '\nweights.sort()') });
    expect((await grace.post(`/promotions/${id}/reviews`, { verdict: 'approve' })).status).toBe(
      201
    );
    const held = await ada.post(`/promotions/${id}/promote`, {});
    expect(held.status).toBe(409);
    expect(held.body.error.details.failing[0].message).toBe(
      'Changes requested by linus (revision 1); waiting for their approval or an admin.'
    );
    const detail = (await ada.get(`/promotions/${id}`)).body;
    const change = detail.reviews.find((r: { verdict: string }) => r.verdict === 'request_changes');
    const url = `/promotions/${id}/reviews/${change.id}/dismiss`;
    expect((await linus.post(url, { reason: 'I am not an admin' })).status).toBe(403);
    expect((await grace.post(url, { reason: 'no' })).status).toBe(400);
    const dismissed = await grace.post(url, { reason: 'Linus is away; the fix is in revision 2' });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.reviews.find((r: { id: number }) => r.id === change.id).dismissed).toBe(
      true
    );
    expect((await ada.post(`/promotions/${id}/promote`, {})).status).toBe(200);
    const audit = (await grace.get(`/audit?requestId=${id}`)).body.items as {
      action: string;
      details: Record<string, unknown>;
    }[];
    expect(audit.find(e => e.action === 'dismiss_review')?.details).toMatchObject({
      reviewer: 'linus',
      reason: 'Linus is away; the fix is in revision 2'
    });
  });

  it('masks a secret in every answer, log line and stored row, until an admin accepts it', async () => {
    const secret = SECRETS.github;
    const nb = pipeline(0.9, `\ntoken = "${secret}"`);
    const preview = await ada.post('/preview', {
      path: 'churn.ipynb',
      notebook: nb,
      environment: 'dev'
    });
    expect(preview.status).toBe(200);
    expect(preview.body.rules.results[0]).toMatchObject({ id: 'no-secrets', result: 'fail' });
    expect(preview.body.rules.results[0].message).toBe(
      'Remove secrets from the notebook (sources, outputs and metadata) before promoting. Possible secret (GITHUB_TOKEN) in cell 1 (id train), line 2: ghp_******** (40 characters).'
    );
    const id = await submit(nb, 'dev');
    const detail = await ada.get(`/promotions/${id}`);
    const finding = detail.body.rules.results[0].details.findings[0];
    expect(finding).toMatchObject({
      cellId: 'train',
      line: 2,
      masked: 'ghp_******** (40 characters)',
      accepted: false
    });
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    const refused = await ada.post(`/promotions/${id}/promote`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('ghp_********');

    expect(
      (await ada.post('/rules/accepted-findings', { sha256: finding.sha256, reason: 'test token' }))
        .status
    ).toBe(403);
    const accepted = await grace.post('/rules/accepted-findings', {
      sha256: finding.sha256,
      reason: 'A revoked token kept for the demo',
      scanner: finding.scanner
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.document.acceptedFindings[0]).toMatchObject({
      sha256: finding.sha256,
      acceptedBy: 'grace'
    });
    const promoted = await ada.post(`/promotions/${id}/promote`, {});
    expect(promoted.status).toBe(200);

    // The preview's bundle files hold the notebook's own code; the rules' answers never the value.
    const answers = JSON.stringify([
      preview.body.rules,
      detail.body,
      refused.body,
      accepted.body,
      promoted.body
    ]);
    expect(answers).not.toContain(secret);
    expect(api.logged.join('\n')).not.toContain(secret);
    const db = api.database.db;
    const audit = await db.selectFrom('audit_events').select('details').execute();
    expect(audit.length).toBeGreaterThan(5);
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).toContain('ghp_********');
    const checks = await db.selectFrom('rule_checks').select('evaluation').execute();
    expect(checks).toHaveLength(1);
    expect(checks[0].evaluation).not.toContain(secret);
    expect(
      JSON.stringify(await db.selectFrom('rules_versions').selectAll().execute())
    ).not.toContain(secret);
  });
});
