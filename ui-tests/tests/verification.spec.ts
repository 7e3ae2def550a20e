import * as fs from 'node:fs';
import * as path from 'node:path';
import { authHeaders, expect, SERVICE_URL, test } from './fixtures';
import { docsImage } from './docsImage';
import { openReview, submit } from './reviewSupport';

/**
 * Linus opens a request and sees, before approving, whether the bundle reproduced the
 * notebook: the real service runs the titanic example in its local executor.
 */
const EXAMPLE = path.resolve(__dirname, '../../examples/titanic_pipeline.ipynb');
const ACCURACY = '0.7757847533632287';

/** The example as its author saved it after running it: the metrics cell shows its dict. */
function saved(accuracy: string): unknown {
  const nb = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
  for (const cell of nb.cells) {
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
