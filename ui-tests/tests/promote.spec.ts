import type { Page } from '@playwright/test';
import { authHeaders, expect, SERVICE_URL, test } from './fixtures';
import { startSecondLab } from './secondLab';

const PROMOTE_BUTTON = '.jp-NotebookPanel-toolbar [data-jp-item-name="nbpromote-promote"]';

/** The notification that reports a created promotion request; returns its id. */
async function createdRequestId(page: Page): Promise<number> {
  const toast = page.locator('.Toastify__toast', { hasText: /Promotion request #\d+ created/ });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('open');
  const text = (await toast.textContent()) ?? '';
  return Number(/#(\d+)/.exec(text)![1]);
}

/** The Promote dialog, once its preview has loaded. */
async function promoteDialog(page: Page) {
  const dialog = page.locator('.jp-nbpromote-PromoteDialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.jp-nbpromote-PromoteDialog-version')).toBeVisible();
  return dialog;
}

test('the Promote button previews the bundle and the service stores the request', async ({
  page,
  request,
  tmpPath
}) => {
  const name = 'promote-me.ipynb';
  await page.notebook.createNew(name);
  await page.notebook.setCell(0, 'code', 'answer = 6 * 7');

  const button = page.locator(PROMOTE_BUTTON);
  await expect(button).toBeVisible();
  await expect(button).toContainText('Promote');
  const toolbar = page.locator('.jp-NotebookPanel-toolbar');
  // The kernel's name and busy/idle indicator change while the kernel starts: masked.
  const screenshot = await toolbar.screenshot({
    mask: [toolbar.locator('.jp-Notebook-ExecutionIndicator, .jp-KernelName')]
  });
  expect(screenshot).toMatchSnapshot('notebook-toolbar-promote.png', { maxDiffPixelRatio: 0.02 });

  await button.click();
  const dialog = await promoteDialog(page);
  await expect(dialog).toContainText('All checks pass.');
  await dialog.locator('[data-path="pipeline.json"]').click();
  await expect(dialog.locator('.jp-nbpromote-FileContent')).toContainText('"steps"');
  // The notebook has unsaved edits: submitting saves it first, then sends what was saved.
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const id = await createdRequestId(page);

  const headers = authHeaders('ada');
  const summary = await request.get(`${SERVICE_URL}/api/v1/promotions/${id}`, { headers });
  expect(summary.status()).toBe(200);
  expect(await summary.json()).toMatchObject({
    id,
    state: 'open',
    author: 'ada',
    notebookPath: `${tmpPath}/${name}`
  });
  const stored = await (
    await request.get(`${SERVICE_URL}/api/v1/promotions/${id}/notebook`, { headers })
  ).json();
  expect(stored.nbformat).toBe(4);
  expect(stored.cells[0].source).toBe('answer = 6 * 7');
  await expect(page.locator('.jp-mod-current.jp-mod-dirty')).toHaveCount(0);
});

test('the palette command opens the Promote dialog', async ({ page, request }) => {
  await page.notebook.createNew('from-palette.ipynb');
  await page.notebook.setCell(0, 'code', 'x = 1');
  // The palette closes when the new notebook grabs focus: retry the whole gesture.
  await expect(async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+C');
    await page.keyboard.type('Promote');
    const item = page
      .locator('.lm-CommandPalette-item')
      .filter({ visible: true, hasText: 'Promote' })
      .filter({ hasText: /nbpromote/i })
      .first();
    await item.click({ timeout: 2000 });
    await expect(page.locator('.jp-nbpromote-PromoteDialog')).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30000 });

  const dialog = await promoteDialog(page);
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const id = await createdRequestId(page);
  const list = await (
    await request.get(`${SERVICE_URL}/api/v1/promotions`, { headers: authHeaders('ada') })
  ).json();
  expect(list.items.map((r: { id: number }) => r.id)).toContain(id);
});

test.describe('with the service unreachable', () => {
  // A JupyterLab of its own whose server extension forwards to port 9 (discard), closed on
  // this machine: nothing answers there. Starting it takes part of the test's time.
  test.describe.configure({ timeout: 180000 });
  test.use({
    // eslint-disable-next-line no-empty-pattern
    baseURL: async ({}, use) => {
      const lab = await startSecondLab({ NBPROMOTE_SERVICE_URL: 'http://127.0.0.1:9' });
      try {
        await use(lab.baseURL);
      } finally {
        await lab.stop();
      }
    }
  });

  test('a notification says so and how to start it', async ({ page }) => {
    await page.notebook.createNew('offline.ipynb');
    await page.locator(PROMOTE_BUTTON).click();
    const toast = page.locator('.Toastify__toast', { hasText: 'is not reachable' });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText('http://127.0.0.1:9');
    await expect(toast).toContainText('npm start');
    await expect(page.locator('.jp-nbpromote-PromoteDialog')).toHaveCount(0);
  });
});

test('blocking problems keep Submit disabled and the dialog says why', async ({ page }) => {
  await page.notebook.createNew('blocked.ipynb');
  await page.notebook.setCell(0, 'code', 'total = price * quantity');
  await page.locator(PROMOTE_BUTTON).click();
  const dialog = await promoteDialog(page);
  await expect(dialog.locator('.jp-nbpromote-mod-blocking')).toContainText('price');
  const submit = dialog.getByRole('button', { name: 'Submit' });
  await expect(submit).toBeDisabled();
  await expect(dialog.locator('.jp-nbpromote-PromoteDialog-status')).toContainText(
    /blocking problems? must be fixed/
  );
});

test('the Promote dialog in light and dark themes', async ({ page }) => {
  await page.notebook.createNew('themes.ipynb');
  await page.notebook.setCell(0, 'code', 'import math\nradius = 2.0');
  await page.notebook.addCell('code', 'area = math.pi * radius ** 2');
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    await page.locator(PROMOTE_BUTTON).click();
    const dialog = await promoteDialog(page);
    await dialog.locator('[data-path="README.md"]').click();
    const modal = page.locator('.jp-Dialog-content');
    // Hashes and generated cell ids in the file content differ per run: masked.
    expect(
      await modal.screenshot({ mask: [modal.locator('.jp-nbpromote-FileContent')] })
    ).toMatchSnapshot(`promote-dialog-${theme}.png`, { maxDiffPixelRatio: 0.02 });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
  }
});

test.describe('at 1600x1000', () => {
  test.use({ viewport: { width: 1600, height: 1000 } });

  test('a long Promote dialog scrolls its body; Submit and why it is disabled stay in view', async ({
    page
  }) => {
    await page.notebook.createNew('long-blocked.ipynb');
    const names = Array.from({ length: 60 }, (_, i) => `missing_${i}`);
    await page.notebook.setCell(0, 'code', `total = ${names.join(' + ')}`);
    await page.locator(PROMOTE_BUTTON).click();
    const dialog = await promoteDialog(page);
    await expect(dialog.locator('.jp-nbpromote-mod-blocking li')).toHaveCount(60);

    const submit = dialog.getByRole('button', { name: 'Submit' });
    const status = dialog.locator('.jp-nbpromote-PromoteDialog-status');
    await expect(submit).toBeDisabled();
    await expect(submit).toBeInViewport({ ratio: 1 });
    await expect(status).toBeInViewport({ ratio: 1 });
    await expect(status).toHaveText(
      'Submit is disabled: 60 blocking problems must be fixed in the notebook first (see Checks).'
    );
    // Drawn as JupyterLab draws a disabled dialog button, not like an enabled one.
    await expect(submit).toHaveCSS('opacity', '0.6');
    await expect(submit).toHaveCSS('cursor', 'not-allowed');
    const scroll = dialog.locator('.jp-nbpromote-PromoteDialog-scroll');
    expect(await scroll.evaluate(el => el.scrollHeight > el.clientHeight)).toBe(true);
    const footer = dialog.locator('.jp-nbpromote-PromoteDialog-footer');
    expect(await footer.screenshot()).toMatchSnapshot('promote-blocked-footer-light.png', {
      maxDiffPixelRatio: 0.02
    });
    await page.theme.setDarkTheme();
    expect(await footer.screenshot()).toMatchSnapshot('promote-blocked-footer-dark.png', {
      maxDiffPixelRatio: 0.02
    });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await page.theme.setLightTheme();
  });
});

test('a first promotion says its version is 1.0.0; later the bump chooses the version', async ({
  page
}) => {
  await page.notebook.createNew('versions.ipynb');
  await page.notebook.setCell(0, 'code', 'x = 1');
  await page.locator(PROMOTE_BUTTON).click();
  let dialog = await promoteDialog(page);
  const bump = dialog.getByRole('combobox', { name: 'Version bump' });
  await expect(dialog.locator('.jp-nbpromote-PromoteDialog-version')).toContainText(
    'default/versions version 1.0.0 to dev'
  );
  await expect(bump).toBeDisabled();
  await expect(bump).toHaveAccessibleDescription(
    'The first promotion of default/versions is version 1.0.0; the bump applies from the next one.'
  );
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await createdRequestId(page);

  await page.locator(PROMOTE_BUTTON).click();
  dialog = await promoteDialog(page);
  await expect(bump).toBeEnabled();
  await expect(dialog.locator('.jp-nbpromote-PromoteDialog-note')).toHaveCount(0);
  await expect(dialog.locator('.jp-nbpromote-PromoteDialog-version')).toContainText(
    'version 1.1.0'
  );
  await bump.selectOption('major');
  await expect(dialog.locator('.jp-nbpromote-PromoteDialog-version')).toContainText(
    'version 2.0.0'
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('a notebook whose schedule Airflow cannot run is blocked, the field and value named', async ({
  page,
  tmpPath
}) => {
  // Written outside the settings form (which never stores a schedule it flags).
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      nbpromote: { schedule: '61 25 * * *' }
    },
    cells: [
      {
        cell_type: 'code',
        id: 'train',
        metadata: { tags: ['step:train'] },
        source: 'x = 1',
        outputs: [],
        execution_count: null
      }
    ]
  };
  await page.contents.uploadContent(JSON.stringify(notebook), 'text', `${tmpPath}/cron.ipynb`);
  await page.filebrowser.openDirectory(tmpPath);
  await page.notebook.open('cron.ipynb');
  await page.notebook.activate('cron.ipynb');
  await page.locator(PROMOTE_BUTTON).click();
  const dialog = await promoteDialog(page);
  await expect(dialog).not.toContainText('All checks pass.');
  await expect(dialog.locator('.jp-nbpromote-mod-blocking')).toContainText(
    'metadata.nbpromote.schedule: "61 25 * * *" is not a schedule Airflow can run: minute 61 is out of range (0-59); hour 25 is out of range (0-23)'
  );
  await expect(dialog.getByRole('button', { name: 'Submit' })).toBeDisabled();
  await expect(dialog.locator('[data-path$="_dag.py"]')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
