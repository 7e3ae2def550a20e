import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { docsImage } from './docsImage';
import { authHeaders, type DemoUser, expect, SERVICE_URL, test } from './fixtures';

/**
 * Promotion rules end to end: grace (admin) sets prod to two approvals plus a metric gate in
 * the rules editor, tries it on ada's request and sees it fail, saves; ada's Promote dialog
 * for prod lists the failing rules; linus approves and the promotion is refused naming the
 * missing approval; margaret approves and it goes through; the audit trail has the change.
 */
test.describe.configure({ mode: 'serial' });

const NOTEBOOK_PATH = 'rules/gated.ipynb';

/** A small tagged pipeline whose pipeline-metrics cell printed its accuracy when it ran. */
const notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {
    kernelspec: { display_name: 'Python 3 (ipykernel)', language: 'python', name: 'python3' },
    nbpromote: { project: 'gated', algorithm: 'mean-model', owner: 'ada' }
  },
  cells: [
    code('c-extract', ['step:extract'], 'data = [3.0, 4.0, 5.0]'),
    code('c-train', ['step:train'], 'model = sum(data) / len(data)'),
    code('c-evaluate', ['step:evaluate'], 'accuracy = 0.91 if model > 3 else 0.5'),
    code('c-metrics', ['pipeline-metrics'], "print(f'accuracy: {accuracy}')", [
      { output_type: 'stream', name: 'stdout', text: 'accuracy: 0.91\n' }
    ])
  ]
};

function code(id: string, tags: string[], source: string, outputs: unknown[] = []) {
  return {
    id,
    cell_type: 'code',
    metadata: { tags },
    source,
    outputs,
    execution_count: outputs.length ? 1 : null
  };
}

/** Prod as grace writes it: two approvals and an accuracy gate, nothing else. */
const PROD_RULES = {
  rules: [
    {
      id: 'two-approvals',
      type: 'review',
      enforcement: 'active',
      parameters: { approvals: 2 }
    },
    {
      id: 'accuracy-gate',
      type: 'metric',
      enforcement: 'active',
      message: 'Production models are at least 95% accurate.',
      parameters: { metric: 'accuracy', operator: '>=', value: 0.95 }
    }
  ]
};

/** Ada's request that the rules are tried on (the latest with its title). */
async function gatedRequestId(request: APIRequestContext): Promise<number> {
  const list = await api(request, 'ada', 'get', '/promotions?mine=true');
  const found = (list.body.items as { id: number; title: string }[]).find(
    r => r.title === 'Gated model'
  );
  expect(found).toBeDefined();
  return found!.id;
}

async function api(
  request: APIRequestContext,
  user: DemoUser,
  method: 'get' | 'post' | 'put',
  path: string,
  data?: unknown
) {
  const res = await request[method](`${SERVICE_URL}/api/v1${path}`, {
    headers: authHeaders(user),
    data
  });
  return { status: res.status(), body: await res.json() };
}

async function openRulesEditor(page: Page) {
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('nbpromote:open-rules');
  });
  const editor = page.locator('.jp-nbpromote-RulesEditor');
  await expect(editor.locator('.jp-nbpromote-RulesEditor-version')).toBeVisible();
  return editor;
}

/** The Save button and its message box, as an admin saves. */
async function saveWith(editor: Locator, message: string) {
  await editor.getByRole('textbox', { name: 'What the change is for' }).fill(message);
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(editor.locator('.jp-nbpromote-RulesHistory-list li').first()).toContainText(message);
}

test.describe('grace, editing in the form', () => {
  test.use({ user: 'grace' });

  test('reads each rule in plain words, and saving one edited field changes only that field', async ({
    page,
    request
  }) => {
    const before = await api(request, 'grace', 'get', '/rules');
    const editor = await openRulesEditor(page);
    await editor.getByRole('tab', { name: 'prod' }).click();

    // The cards say what each rule means, with human labels, no schema names.
    const approvals = editor.locator('.jp-nbpromote-RuleCard[data-rule-id="two-approvals"]');
    await expect(approvals).toContainText(
      'Needs 2 approvals from reviewer or admin; any new revision dismisses them.'
    );
    await expect(
      editor.locator('.jp-nbpromote-RuleCard[data-rule-id="stage-first"]')
    ).toContainText('The same code must be promoted to the environment before this one first.');
    await approvals.getByRole('button', { name: 'Edit rule two-approvals' }).click();
    await expect(approvals.getByLabel('Approvals required', { exact: true })).toHaveValue('2');
    await expect(approvals.getByRole('group', { name: 'Roles' })).toBeVisible();
    await expect(approvals.getByLabel('Users', { exact: true })).toBeVisible();
    await expect(editor.locator('.jp-nbpromote-RulesEditor-form')).not.toContainText(
      /rules-0|requirements-0|\bparameters\b/
    );

    // Nothing touched: nothing to save.
    const save = editor.getByRole('button', { name: 'Save', exact: true });
    await editor.getByRole('textbox', { name: 'What the change is for' }).fill('nothing');
    await expect(save).toBeDisabled();
    await expect(editor.locator('.jp-nbpromote-RulesEditor-status')).toContainText(
      'Nothing changed'
    );

    await approvals.getByLabel('Approvals required', { exact: true }).fill('3');
    await expect(approvals).toContainText('Needs 3 approvals');
    await saveWith(editor, 'prod: three approvals');

    const after = await api(request, 'grace', 'get', '/rules');
    const expected = structuredClone(before.body.document);
    expected.environments.prod.rules[0].parameters.approvals = 3;
    expect(after.body.document).toEqual(expected);
    // The history's diff has the one change, nothing the admin did not make.
    const diff = await api(
      request,
      'grace',
      'get',
      `/rules/diff?from=${before.body.version}&to=${after.body.version}`
    );
    expect(diff.body.changes).toEqual([
      {
        path: '$.environments.prod.rules[two-approvals].parameters.approvals',
        op: 'changed',
        before: 2,
        after: 3
      }
    ]);
    const audit = await api(request, 'grace', 'get', '/audit');
    const saved = (
      audit.body.items as { action: string; details: { version: number; changes: string[] } }[]
    ).find(e => e.action === 'rules_save' && e.details.version === after.body.version);
    expect(saved?.details.changes).toHaveLength(1);

    // The same code in stage first still passes on the dry run API for what was saved.
    expect(after.body.document.environments.prod.rules[3]).toEqual({
      id: 'stage-first',
      type: 'environment_order',
      enforcement: 'active',
      parameters: {}
    });

    // Back to two, again from the form.
    await approvals.getByLabel('Approvals required', { exact: true }).fill('2');
    await saveWith(editor, 'prod: back to two approvals');
    expect((await api(request, 'grace', 'get', '/rules')).body.document).toEqual(
      before.body.document
    );
  });

  test('adds a metric gate with a tolerance from the form alone, then removes it', async ({
    page,
    request
  }) => {
    const before = await api(request, 'grace', 'get', '/rules');
    const editor = await openRulesEditor(page);
    await editor.getByRole('tab', { name: 'dev' }).click();
    await editor.getByRole('combobox', { name: 'Type of rule to add' }).selectOption('metric');
    await editor.getByRole('button', { name: 'Add rule' }).click();
    const card = editor.locator('.jp-nbpromote-RuleCard[data-rule-id="metric"]');
    await expect(card).toContainText('accuracy must be at least 0.8.');
    await card.getByLabel('Threshold', { exact: true }).fill('0.85');
    await card
      .getByLabel('Also compare with the version now in this environment', { exact: true })
      .check();
    await card.getByLabel('Worse by at most (fraction, 0.02 = 2%)', { exact: true }).fill('0.02');
    await card.getByLabel('Worse by at most (in the metric’s units)', { exact: true }).fill('');
    await expect(card).toContainText(
      'accuracy must be at least 0.85, and no worse than the version now in this environment by more than 2%'
    );
    // A mistake is said in words at its field.
    await card.getByLabel('Threshold', { exact: true }).fill('high');
    await expect(card.locator('[data-field$="/parameters/value"]')).toContainText(
      'Enter a number.'
    );
    await card.getByLabel('Threshold', { exact: true }).fill('0.85');
    await expect(editor.locator('.jp-nbpromote-RulesEditor-problems')).toHaveCount(0);
    await saveWith(editor, 'dev: an accuracy gate');
    const saved = (await api(request, 'grace', 'get', '/rules')).body.document;
    expect(saved.environments.dev.rules).toEqual([
      {
        id: 'metric',
        type: 'metric',
        enforcement: 'active',
        parameters: {
          metric: 'accuracy',
          operator: '>=',
          value: 0.85,
          noWorseThanCurrent: { relative: 0.02 }
        }
      }
    ]);

    // Switching to JSON and back keeps the draft; the rule is removed from its card.
    await card.getByRole('button', { name: 'Remove rule metric' }).click();
    await editor.getByRole('button', { name: 'JSON' }).click();
    expect(
      JSON.parse(await editor.getByRole('textbox', { name: 'Rules as JSON' }).inputValue())
        .environments.dev.rules
    ).toEqual([]);
    await editor.getByRole('button', { name: 'Form' }).click();
    await expect(editor.locator('.jp-nbpromote-RuleCard')).toHaveCount(0);
    await saveWith(editor, 'dev: no gate');
    expect((await api(request, 'grace', 'get', '/rules')).body.document).toEqual(
      before.body.document
    );
  });
});

test.describe('grace, an admin', () => {
  test.use({ user: 'grace' });

  test('sets prod to two approvals and a metric gate, tries it on a request, and saves', async ({
    page,
    request
  }, testInfo) => {
    const created = await api(request, 'ada', 'post', '/promotions', {
      path: NOTEBOOK_PATH,
      notebook,
      title: 'Gated model',
      environment: 'prod'
    });
    expect(created.status).toBe(201);
    const requestId = created.body.id as number;

    const editor = await openRulesEditor(page);
    await expect(editor.locator('.jp-nbpromote-RulesEditor-readonly')).toHaveCount(0);
    await editor.getByRole('tab', { name: 'prod' }).click();

    // The JSON view: replace prod's rule set with grace's two rules.
    await editor.getByRole('button', { name: 'JSON' }).click();
    const json = editor.getByRole('textbox', { name: 'Rules as JSON' });
    const document = JSON.parse(await json.inputValue());
    document.environments.prod = PROD_RULES;
    await json.fill(JSON.stringify(document, null, 2));

    // A typo is caught as you type, at its path, and Save says why it is disabled.
    await json.fill(JSON.stringify(document, null, 2).replace('"approvals": 2', '"approvals": -2'));
    await expect(editor.locator('.jp-nbpromote-RulesEditor-problems')).toContainText(
      'prod › two-approvals › Approvals required: Must be at least 0.'
    );
    await expect(editor.getByRole('tab', { name: /prod/ })).toContainText('1');
    await json.fill(JSON.stringify(document, null, 2));
    await expect(editor.locator('.jp-nbpromote-RulesEditor-problems')).toHaveCount(0);

    // Back in the form, the gate is a card in words; opened, its threshold is there.
    await editor.getByRole('button', { name: 'Form' }).click();
    const gate = editor.locator('.jp-nbpromote-RuleCard[data-rule-id="accuracy-gate"]');
    await expect(gate).toContainText('accuracy must be at least 0.95.');
    await expect(gate).toContainText('Production models are at least 95% accurate.');
    await gate.getByRole('button', { name: 'Edit rule accuracy-gate' }).click();
    const threshold = gate.getByLabel('Threshold', { exact: true });
    await expect(threshold).toHaveValue('0.95');

    // The dry run on ada's request: 0.91 is below the 0.95 gate, and no approvals yet.
    await editor.getByRole('textbox', { name: 'Request number' }).fill(String(requestId));
    await editor.getByRole('button', { name: 'Try', exact: true }).click();
    const dry = editor.locator('.jp-nbpromote-RulesEditor-dryrunResult');
    await expect(dry).toContainText(`request #${requestId} for prod: would fail`);
    await expect(dry.locator('[data-rule-id="accuracy-gate"]')).toHaveAttribute(
      'data-rule-status',
      'fail'
    );
    await expect(dry.locator('[data-rule-id="accuracy-gate"]')).toContainText('0.91');
    await expect(dry.locator('[data-rule-id="two-approvals"]')).toHaveAttribute(
      'data-rule-status',
      'fail'
    );

    // Grace lowers the gate in the form and tries again: only the approvals are missing.
    await threshold.fill('0.9');
    await editor.getByRole('button', { name: 'Try', exact: true }).click();
    await expect(dry.locator('[data-rule-id="accuracy-gate"]')).toHaveAttribute(
      'data-rule-status',
      'pass'
    );
    await expect(dry.locator('[data-rule-id="two-approvals"]')).toHaveAttribute(
      'data-rule-status',
      'fail'
    );

    const save = editor.getByRole('button', { name: 'Save', exact: true });
    await expect(save).toBeDisabled();
    await editor
      .getByRole('textbox', { name: 'What the change is for' })
      .fill('prod: two approvals and an accuracy gate');
    await save.click();
    const newest = editor.locator('.jp-nbpromote-RulesHistory-list li').first();
    await expect(newest).toContainText('grace');
    await expect(newest).toContainText('prod: two approvals and an accuracy gate');
    await expect(editor.locator('.jp-nbpromote-RulesEditor-version')).toContainText('by grace');

    // The history's diff says what changed, by whom.
    await newest.getByRole('button', { name: 'Changes' }).click();
    const diff = editor.locator('.jp-nbpromote-RulesDiff');
    await expect(diff).toContainText('by grace: prod: two approvals and an accuracy gate');
    // Each change reads in the form's words: a rule added as its sentence, no JSON paths.
    const gateAdded = diff.locator('li', { hasText: 'prod › accuracy-gate' });
    await expect(gateAdded).toContainText('Added');
    await expect(gateAdded).toContainText('accuracy must be at least 0.9.');
    await expect(diff).not.toContainText('$.environments');

    const rules = await api(request, 'grace', 'get', '/rules');
    expect(rules.body.document.environments.prod.rules[1].parameters.value).toBe(0.9);
    expect(rules.body.author).toBe('grace');

    // The editor in light and dark, kept with the tests: tall enough to show it all.
    await page.setViewportSize({ width: 1280, height: 2400 });
    await editor.getByRole('tab', { name: 'prod' }).click();
    const panel = page.locator('.jp-nbpromote-RulesPanel');
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') {
        await page.theme.setDarkTheme();
      }
      // Ages ("just now") and the dry run's request number differ per run: masked.
      expect(
        await panel.screenshot({
          mask: [
            panel.locator('.jp-nbpromote-RulesEditor-version'),
            panel.locator('.jp-nbpromote-RulesHistory-list .jp-nbpromote-muted'),
            panel.locator('.jp-nbpromote-RulesEditor-dryrunResult > p')
          ]
        })
      ).toMatchSnapshot(`rules-editor-${theme}.png`, { maxDiffPixelRatio: 0.02 });
      await docsImage(panel, `rules-editor-${theme}.png`, testInfo);
    }
  });
});

test.describe('ada, a data scientist', () => {
  test.use({ user: 'ada' });

  test('reads the rules without changing them', async ({ page }) => {
    const editor = await openRulesEditor(page);
    await expect(editor.locator('.jp-nbpromote-RulesEditor-readonly')).toContainText(
      'only admins change the rules, and you are signed in as ada (data-scientist)'
    );
    await expect(editor.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
    await editor.getByRole('button', { name: 'JSON' }).click();
    await expect(editor.getByRole('textbox', { name: 'Rules as JSON' })).toHaveAttribute(
      'readonly',
      ''
    );

    // The panel is part of the workspace: a reload brings it back (in place of the launcher
    // that Galata's reload would otherwise wait for). JupyterLab writes the workspace a
    // moment after the layout changes (debounced): a reload sooner would lose the panel.
    await page.waitForTimeout(1500);
    await page.reload({ waitForIsReady: false });
    await expect(page.locator('.jp-nbpromote-RulesEditor-version')).toContainText('Version');
    await expect(page.getByRole('tab', { name: 'Promotion Rules' })).toBeVisible();
  });

  test('sees the failing rules for prod before submitting, then promotes once they pass', async ({
    page,
    request,
    tmpPath
  }) => {
    const requestId = await gatedRequestId(request);
    const path = `${tmpPath}/gated.ipynb`;
    await page.contents.uploadContent(JSON.stringify(notebook), 'text', path);
    await page.filebrowser.open(path);
    await page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="nbpromote-promote"]').click();
    const dialog = page.locator('.jp-nbpromote-PromoteDialog');
    await dialog.getByRole('combobox', { name: 'Target environment' }).selectOption('prod');
    const rules = dialog.locator('.jp-nbpromote-PromoteDialog-rules');
    await expect(rules).toContainText('Rules for prod');
    await expect(rules.locator('[data-rule-id="two-approvals"]')).toContainText('needed');
    await expect(rules.locator('[data-rule-id="two-approvals"]')).toContainText('approval');
    await expect(rules.locator('[data-rule-id="accuracy-gate"]')).toContainText('pass');

    // Another admin saves new rules while the dialog is open: its rule list follows.
    const inForce = (await api(request, 'grace', 'get', '/rules')).body;
    const stricter = structuredClone(inForce.document);
    stricter.environments.prod.rules.push({
      id: 'strict-gate',
      type: 'metric',
      parameters: { metric: 'accuracy', operator: '>=', value: 0.99 }
    });
    const put = await api(request, 'grace', 'put', '/rules', {
      document: stricter,
      message: 'prod: a stricter gate',
      baseVersion: inForce.version
    });
    expect(put.status).toBe(200);
    await expect(rules.locator('[data-rule-id="strict-gate"]')).toContainText('fail', {
      timeout: 15000
    });
    await expect(rules).toContainText(`version ${put.body.version}`);
    const back = await api(request, 'grace', 'put', '/rules', {
      document: inForce.document,
      message: 'prod: the gate as before',
      baseVersion: put.body.version
    });
    expect(back.status).toBe(200);
    await expect(rules.locator('[data-rule-id="strict-gate"]')).toHaveCount(0, { timeout: 15000 });
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The request ada opened earlier: its live rule status in the requests panel.
    await page.evaluate(async id => {
      await window.jupyterapp.commands.execute('nbpromote:open-requests', { id });
    }, requestId);
    const row = page.locator(`#nbpromote-requests [data-request-id="${requestId}"]`).first();
    const status = row.locator('.jp-nbpromote-RuleStatus-line');
    await expect(status).toContainText('2 more approvals');

    const first = await api(request, 'linus', 'post', `/promotions/${requestId}/reviews`, {
      verdict: 'approve'
    });
    expect(first.status).toBe(201);
    await expect(status).toContainText('1 more approval', { timeout: 15000 });

    // One approval is not two: the promotion is refused, naming the missing approval.
    await row.getByRole('button', { name: 'Promote', exact: true }).click();
    const refusal = page.locator('.Toastify__toast', { hasText: 'Not promoted' });
    await expect(refusal).toContainText('two-approvals');
    await expect(refusal).toContainText('1 more approval');
    const refused = await api(request, 'ada', 'get', `/promotions/${requestId}`);
    expect(refused.body.state).not.toBe('promoted');
    // Read, she closes it: it would lie over the panel's buttons.
    await refusal
      .locator('button[title="Hide notification"], button[title="Dismiss notification"]')
      .first()
      .click();
    await expect(refusal).toHaveCount(0);

    const second = await api(request, 'margaret', 'post', `/promotions/${requestId}/reviews`, {
      verdict: 'approve'
    });
    expect(second.status).toBe(201);
    await expect(status).toContainText('All rules for prod pass', { timeout: 15000 });
    await row.getByRole('button', { name: 'Promote', exact: true }).click();
    await expect(
      page.locator('.Toastify__toast', { hasText: `Request #${requestId} promoted` })
    ).toBeVisible();
    const promoted = await api(request, 'ada', 'get', `/promotions/${requestId}`);
    expect(promoted.body.state).toBe('promoted');
    expect(promoted.body.rulesCheck.passed).toBe(true);

    // The audit trail has grace's rules change.
    const audit = await api(request, 'grace', 'get', '/audit');
    const change = (audit.body.items as { actor: string; action: string }[]).find(
      e => e.actor === 'grace' && /rules/.test(e.action)
    );
    expect(change).toBeDefined();
  });
});

test.describe('grace, promoting past failing rules', () => {
  test.use({ user: 'grace' });

  test('must give a written reason, which is kept on the request', async ({ page, request }) => {
    const created = await api(request, 'ada', 'post', '/promotions', {
      path: 'rules/urgent.ipynb',
      notebook,
      title: 'Urgent fix',
      environment: 'prod'
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const review = await api(request, 'linus', 'post', `/promotions/${id}/reviews`, {
      verdict: 'approve'
    });
    expect(review.status).toBe(201);

    // The command awaits the dialog, so it is started without waiting for it.
    await page.evaluate(requestId => {
      void window.jupyterapp.commands.execute('nbpromote:promote-request', { id: requestId });
    }, id);
    const dialog = page.locator('.jp-Dialog', { hasText: `Promote request #${id} past failing` });
    await expect(dialog.locator('[data-rule-id="two-approvals"]')).toContainText('approval');

    // No reason, no bypass: the dialog asks again.
    await dialog.getByRole('button', { name: 'Promote anyway' }).click();
    await expect(dialog).toBeVisible();
    expect((await api(request, 'grace', 'get', `/promotions/${id}`)).body.state).toBe('approved');

    await page
      .locator('.jp-Dialog')
      .getByRole('textbox', { name: 'Reason for promoting past failing rules' })
      .fill('The outage fix cannot wait for a second reviewer tonight.');
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Promote anyway' }).click();
    await expect(
      page.locator('.Toastify__toast', { hasText: `Request #${id} promoted` })
    ).toContainText('past failing rules');

    const detail = (await api(request, 'grace', 'get', `/promotions/${id}`)).body;
    expect(detail.state).toBe('promoted');
    expect(detail.rulesCheck).toMatchObject({
      passed: false,
      bypassBy: 'grace',
      bypassReason: 'The outage fix cannot wait for a second reviewer tonight.'
    });
  });
});
