import * as fs from 'node:fs';
import * as path from 'node:path';
import { authHeaders, expect, SERVICE_URL, test } from './fixtures';
import { docsImage } from './docsImage';
import { openReview, submit } from './reviewSupport';

/**
 * Linus opens a request and sees, before approving, whether the bundle reproduced the
 * notebook: the real service runs the titanic example in its local executor, and the section
 * follows each run live over the event stream (it never polls). A step that raises links to
 * its cells in the review.
 */
const EXAMPLE = path.resolve(__dirname, '../../examples/titanic_pipeline.ipynb');
const ACCURACY = '0.7757847533632287';

/**
 * The example as its author saved it after running it: the metrics cell shows its dict;
 * `edits` appends lines to cells by id (a step that raises).
 */
function saved(accuracy: string, edits: Record<string, string> = {}): unknown {
  const nb = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
  for (const cell of nb.cells) {
    if (edits[cell.id]) {
      cell.source = `${[cell.source].flat().join('')}\n${edits[cell.id]}`;
    }
    if ((cell.metadata?.tags ?? []).includes('pipeline-metrics')) {
      cell.execution_count = 12;
      cell.outputs = [
        {
          output_type: 'execute_result',
          execution_count: 12,
          metadata: {},
          data: { 'text/plain': `{'accuracy': ${accuracy}, 'f1': 0.6710526315789473}` }
        }
      ];
    }
  }
  return nb;
}

test.use({ user: 'linus' });

test('linus sees reproduces: pass before approving, and fail for a tampered notebook', async ({
  page,
  request
}, testInfo) => {
  test.setTimeout(300_000);
  // dev requires the bundle to reproduce the notebook, as an admin would set it.
  const current = await (
    await request.get(`${SERVICE_URL}/api/v1/rules`, { headers: authHeaders('grace') })
  ).json();
  const document = structuredClone(current.document);
  document.environments.dev = document.environments.dev ?? {};
  document.environments.dev.rules = [
    ...(document.environments.dev.rules ?? []),
    { id: 'reproduces', type: 'reproduces', parameters: { useCase: 'training' } }
  ];
  const rulesSaved = await request.put(`${SERVICE_URL}/api/v1/rules`, {
    headers: authHeaders('grace'),
    data: {
      document,
      message: 'dev: the bundle reproduces the notebook',
      baseVersion: current.version
    }
  });
  expect(rulesSaved.status(), await rulesSaved.text()).toBe(200);
  const switchLocal = async (localEnabled: boolean) => {
    const res = await request.put(`${SERVICE_URL}/api/v1/verification/settings`, {
      headers: authHeaders('grace'),
      data: { localEnabled }
    });
    expect(res.status(), await res.text()).toBe(200);
  };
  await switchLocal(true);
  try {
    const honest = await submit(request, 'ada', {
      path: 'titanic_pipeline.ipynb',
      notebook: saved(ACCURACY),
      title: 'Titanic as run',
      environment: 'dev'
    });
    const tampered = await submit(request, 'ada', {
      path: 'titanic_pipeline.ipynb',
      notebook: saved('0.78'),
      title: 'Titanic with a better accuracy typed in',
      environment: 'dev'
    });
    // Revision 1 fails at once; revision 2 fails in train's second cell, its first unchanged.
    const broken = await submit(request, 'ada', {
      path: 'titanic_pipeline.ipynb',
      notebook: saved(ACCURACY, { extract: "raise RuntimeError('the data moved')" }),
      title: 'Titanic with a model that does not fit',
      environment: 'dev'
    });
    const revised = await request.post(`${SERVICE_URL}/api/v1/promotions/${broken}/revisions`, {
      headers: authHeaders('ada'),
      data: { notebook: saved(ACCURACY, { fit: "raise ValueError('the model did not fit')" }) }
    });
    expect(revised.status(), await revised.text()).toBe(201);

    // Behind the other runs: queued now, and whatever comes next arrives by itself.
    const brokenPanel = await openReview(page, broken, { base: 1, head: 2 });
    const brokenSection = brokenPanel.locator('.jp-nbpromote-Verification');
    await expect(brokenSection).toHaveAttribute('data-status', 'queued');
    await expect(brokenSection).toContainText('revision 2, training use case');

    const panel = await openReview(page, honest);
    const section = panel.locator('.jp-nbpromote-Verification');
    await expect(section).toContainText(
      `reproduces: pass (accuracy ${ACCURACY} = ${ACCURACY}; f1 0.6710526315789473 = 0.6710526315789473)`,
      { timeout: 180_000 }
    );
    await expect(section.locator('tbody tr').first()).toContainText(
      `accuracy${ACCURACY}${ACCURACY}0yes`
    );
    // The rule reads the same run: the header's rules say pass once the run ended.
    await expect(panel.locator('[data-rule-id="reproduces"]')).toHaveAttribute(
      'data-rule-status',
      'pass',
      { timeout: 30_000 }
    );
    await expect(panel.getByRole('button', { name: 'Approve' })).toBeEnabled();

    const other = await openReview(page, tampered);
    const failing = other.locator('.jp-nbpromote-Verification');
    await expect(failing).toContainText('reproduces: fail', { timeout: 180_000 });
    await expect(failing).toContainText(`accuracy: notebook 0.78, run ${ACCURACY}`);
    await expect(failing.getByRole('button', { name: 'Run again' })).toBeVisible();
    await expect(other.locator('[data-rule-id="reproduces"]')).toHaveAttribute(
      'data-rule-status',
      'fail',
      { timeout: 30_000 }
    );
    // The failing section as the reviewer reads it, in both themes.
    await docsImage(failing, 'verification-light.png', testInfo);
    await page.theme.setDarkTheme();
    await docsImage(failing, 'verification-dark.png', testInfo);
    await page.theme.setLightTheme();

    // The broken request's run went from queued to failed with nobody reloading anything.
    await openReview(page, broken, { base: 1, head: 2 });
    await expect(brokenSection).toHaveAttribute('data-status', 'failed', { timeout: 180_000 });
    await expect(brokenSection).toContainText(
      "reproduces: fail (step 'train' failed: ValueError: the model did not fit)"
    );
    const failedStep = brokenSection.locator('.jp-nbpromote-Verification-failedStep');
    await expect(failedStep).toContainText('Failed step train');
    // Train's first cell is unchanged since revision 1, so folded: the link opens its fold.
    const split = brokenPanel.locator('.jp-nbpromote-ReviewCell[data-cell-id="split"]');
    await expect(split).toHaveCount(0);
    await failedStep.getByRole('button', { name: 'train', exact: true }).click();
    await expect(split).toHaveClass(/jp-mod-current/);
    await expect(split).toBeInViewport();
    // By the keyboard: the step's second cell, the one that raised.
    const fit = brokenPanel.locator('.jp-nbpromote-ReviewCell[data-cell-id="fit"]');
    await failedStep.getByRole('button', { name: 'cell fit' }).focus();
    await page.keyboard.press('Enter');
    await expect(fit).toHaveClass(/jp-mod-current/);
    await expect(fit).toBeInViewport();
  } finally {
    // Other tests share this service: runs off and dev's rules as they were.
    await switchLocal(false);
    const now = await (
      await request.get(`${SERVICE_URL}/api/v1/rules`, { headers: authHeaders('grace') })
    ).json();
    const back = await request.put(`${SERVICE_URL}/api/v1/rules`, {
      headers: authHeaders('grace'),
      data: { document: current.document, message: 'dev: as before', baseVersion: now.version }
    });
    expect(back.status(), await back.text()).toBe(200);
  }
});
