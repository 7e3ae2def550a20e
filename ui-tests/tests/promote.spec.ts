import { expect, galata, test } from '@jupyterlab/galata';

const SERVICE_URL = process.env.NBPROMOTE_TEST_SERVICE_URL ?? 'http://127.0.0.1:18765';
const PROMOTE_BUTTON = '.jp-NotebookPanel-toolbar [data-jp-item-name="nbpromote-promote"]';

/** The notification that reports a created promotion request; returns its id. */
async function createdRequestId(page: import('@playwright/test').Page): Promise<number> {
  const toast = page.locator('.Toastify__toast', { hasText: /Promotion request #\d+ created/ });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('open');
  const text = (await toast.textContent()) ?? '';
  return Number(/#(\d+)/.exec(text)![1]);
}

test.describe('with the service running', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'nbpromote:plugin': { serviceUrl: SERVICE_URL }
    }
  });

  test('the Promote button sends the notebook and the service stores it', async ({
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

    // The notebook has unsaved edits: promoting saves it first, then sends what was saved.
    await button.click();
    const id = await createdRequestId(page);

    const summary = await request.get(`${SERVICE_URL}/api/v1/promotions/${id}`);
    expect(summary.status()).toBe(200);
    expect(await summary.json()).toMatchObject({
      id,
      state: 'open',
      notebookPath: `${tmpPath}/${name}`
    });
    const stored = await (
      await request.get(`${SERVICE_URL}/api/v1/promotions/${id}/notebook`)
    ).json();
    expect(stored.nbformat).toBe(4);
    expect(stored.cells[0].source).toBe('answer = 6 * 7');
    await expect(page.locator('.jp-mod-current.jp-mod-dirty')).toHaveCount(0);
  });

  test('the palette command promotes the current notebook', async ({ page, request }) => {
    await page.notebook.createNew('from-palette.ipynb');
    const input = page.locator('.lm-CommandPalette-input').filter({ visible: true });
    // The shortcut can land while the new notebook is still taking focus: retry until open.
    await expect(async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+C');
      await expect(input).toBeFocused({ timeout: 1000 });
    }).toPass({ timeout: 15000 });
    await input.fill('Promote');
    const item = page
      .locator('.lm-CommandPalette-item')
      .filter({ visible: true, hasText: 'Promote' })
      .first();
    await expect(item).toContainText(/nbpromote/i);
    await item.click();

    const id = await createdRequestId(page);
    const list = await (await request.get(`${SERVICE_URL}/api/v1/promotions`)).json();
    expect(list.items.map((r: { id: number }) => r.id)).toContain(id);
  });
});

test.describe('with the service unreachable', () => {
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      // Port 9 (discard) is closed on this machine: nothing answers there.
      'nbpromote:plugin': { serviceUrl: 'http://127.0.0.1:9' }
    }
  });

  test('a notification says so and how to start it', async ({ page }) => {
    await page.notebook.createNew('offline.ipynb');
    await page.locator(PROMOTE_BUTTON).click();
    const toast = page.locator('.Toastify__toast', { hasText: 'is not reachable' });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText('http://127.0.0.1:9');
    await expect(toast).toContainText('npm start');
  });
});
