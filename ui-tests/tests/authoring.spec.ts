import type { Locator, Page } from '@playwright/test';
import { authHeaders, expect, SERVICE_URL, test } from './fixtures';

/**
 * The data scientist's whole loop, through the UI only: tag a notebook's cells as the five
 * blueprint steps, fill its settings, see a planted problem and fix it, preview, promote, and
 * find the request; then the stored bundle is checked through the API.
 */
const CELLS: [string, string][] = [
  ['imports', 'import statistics'],
  ['step:extract', 'data = [1.0, 2.0, 3.0, 4.0, 5.0]'],
  ['step:preprocess', 'features = [x / 5 for x in data]'],
  // The planted problem: `featurez` is defined nowhere. First lines stay short: JupyterLab
  // hides the cell toolbar (and its step picker) when code runs under it.
  ['step:train', 'weight = statistics.mean(featurez)'],
  ['step:predict', 'w = weight\npredictions = [w * x for x in features]'],
  [
    'step:evaluate',
    'pairs = zip(predictions, features)\nerror = statistics.mean(abs(p - x) for p, x in pairs)'
  ]
];

const picker = (page: Page): Locator =>
  page.locator('.jp-Notebook .jp-Cell.jp-mod-active .nbp-StepPicker-select');

test('tag, check, fix, preview, promote and follow a five-step pipeline', async ({
  page,
  request
}) => {
  await page.notebook.createNew('churn.ipynb');
  for (const [i, [, source]] of CELLS.entries()) {
    if (i === 0) {
      await page.notebook.setCell(0, 'code', source);
    } else {
      await page.notebook.addCell('code', source);
    }
  }
  await page.keyboard.press('Escape');
  for (const [i, [tag]] of CELLS.entries()) {
    await page.notebook.selectCells(i);
    await expect(picker(page)).toBeVisible();
    await picker(page).selectOption(tag);
  }

  // The pipeline panel shows the five steps and the planted problem, linked to its cell.
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('nbpromote:open-pipeline');
  });
  const panel = page.locator('#nbpromote-pipeline');
  await expect(panel.locator('.nbp-StepList-name')).toHaveText([
    'extract',
    'preprocess',
    'train',
    'predict',
    'evaluate'
  ]);
  const problem = panel.locator('.nbp-Problem', { hasText: 'featurez' });
  await expect(problem).toBeVisible({ timeout: 15000 });
  await expect(problem).toContainText('cell 4');

  // Settings through the schema-driven form.
  await panel.locator('#nbp-notebook-settings_project').fill('retention');
  await panel.locator('#nbp-notebook-settings_algorithm').fill('churn');
  await panel.locator('#nbp-notebook-settings_owner').fill('ada@example.com');

  // While the problem is there, the Promote dialog refuses to submit and says why.
  // (The sidebar is closed so the notebook toolbar has room for its Promote button.)
  await page.sidebar.close('right');
  const promote = page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="nbpromote-promote"]');
  await promote.click();
  let dialog = page.locator('.jp-nbpromote-PromoteDialog');
  await expect(dialog.locator('.jp-nbpromote-mod-blocking')).toContainText('featurez');
  await expect(dialog.getByRole('button', { name: 'Submit' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Fix it in the notebook: the problem goes away.
  await page.notebook.setCell(3, 'code', 'weight = statistics.mean(features)');
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('nbpromote:open-pipeline');
  });
  await expect(panel).toBeVisible();
  await expect(problem).toHaveCount(0, { timeout: 15000 });
  await expect(panel.locator('.nbp-Problem.nbp-mod-error')).toHaveCount(0);
  await page.sidebar.close('right');

  await promote.click();
  dialog = page.locator('.jp-nbpromote-PromoteDialog');
  await expect(dialog).toContainText('retention/churn version 1.0.0 to dev');
  await expect(dialog).toContainText('All checks pass.');
  for (const step of ['extract', 'preprocess', 'train', 'predict', 'evaluate']) {
    await expect(dialog.locator(`[data-path$="step_${step}.py"]`)).toBeVisible();
  }
  await dialog.locator('[data-path$="step_train.py"]').click();
  await expect(dialog.locator('.jp-nbpromote-FileContent')).toContainText('def run(');
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Churn model, first cut');
  await dialog.getByRole('button', { name: 'Submit' }).click();

  const toast = page.locator('.Toastify__toast', { hasText: /Promotion request #\d+ created/ });
  await expect(toast).toBeVisible();
  const id = Number(/#(\d+)/.exec((await toast.textContent()) ?? '')![1]);
  await toast.getByRole('button', { name: 'Open request' }).click();
  const requests = page.locator('#nbpromote-requests');
  await expect(requests.locator(`[data-request-id="${id}"]`)).toContainText(
    'Churn model, first cut'
  );

  // The stored bundle has the five steps.
  const headers = authHeaders('ada');
  const files = await request.get(`${SERVICE_URL}/api/v1/promotions/${id}/revisions/1/files`, {
    headers
  });
  expect(files.status()).toBe(200);
  expect((await files.json()).files).toEqual(expect.arrayContaining(['pipeline.json']));
  const manifest = await request.get(
    `${SERVICE_URL}/api/v1/promotions/${id}/revisions/1/files/pipeline.json`,
    { headers }
  );
  const steps = JSON.parse((await manifest.json()).content).steps as { name: string }[];
  expect(steps.map(s => s.name)).toEqual(['extract', 'preprocess', 'train', 'predict', 'evaluate']);
});
