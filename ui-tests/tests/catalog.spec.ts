import { authHeaders, expect, SERVICE_URL, test } from './fixtures';

test.use({ user: 'grace' });

test('the catalog shows what is promoted where, who approved it, and opens its review', async ({
  page,
  request
}) => {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { nbpromote: { project: 'catalogue', algorithm: 'answer' } },
    cells: [
      {
        id: 'c1',
        cell_type: 'code',
        metadata: {},
        source: 'answer = 6 * 7',
        outputs: [],
        execution_count: null
      }
    ]
  };
  // A title with markup: it must show as text.
  const title = 'Answer <img src=x onerror="window.__nbpromoteXss = 1">';
  const created = await request.post(`${SERVICE_URL}/api/v1/promotions`, {
    headers: authHeaders('ada'),
    data: { path: 'catalog/answer.ipynb', notebook, title }
  });
  expect(created.status()).toBe(201);
  const { id, version } = await created.json();
  const approve = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/reviews`, {
    headers: authHeaders('linus'),
    data: { verdict: 'approve' }
  });
  expect(approve.ok()).toBe(true);

  // Opened from the command palette.
  await page.keyboard.press('Control+Shift+C');
  await page.locator('#modal-command-palette input').fill('Show Promotion Catalog');
  await page.keyboard.press('Enter');
  const panel = page.locator('#nbpromote-catalog');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Nothing has been promoted yet.');

  // Promoted through the API: the event stream brings it into the open panel.
  const promoted = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/promote`, {
    headers: authHeaders('ada'),
    data: {}
  });
  expect(promoted.ok()).toBe(true);
  const row = panel.locator('[data-key="catalogue/answer"]');
  const dev = row.locator('td[data-env="dev"]');
  await expect(dev).toContainText(version, { timeout: 15000 });
  await expect(dev).toContainText(`#${id}`);
  await expect(dev).toContainText('approved by linus');
  await expect(row.locator('td[data-env="prod"]')).toContainText('—');

  // The history shows the title as text.
  await row.getByRole('button', { name: /catalogue\/answer/ }).click();
  await expect(row).toContainText(title);
  expect(await page.evaluate(() => (window as { __nbpromoteXss?: number }).__nbpromoteXss)).toBe(
    undefined
  );

  // A version opens its review: nbpromote:open-review runs with the request id. The review
  // panel registers that command; stand in for it when it is not installed.
  await page.evaluate(() => {
    const app = window.jupyterapp;
    const seen: unknown[] = [];
    (window as { __nbpromoteReviews?: unknown[] }).__nbpromoteReviews = seen;
    app.commands.commandExecuted.connect((_, { id, args }) => {
      if (id === 'nbpromote:open-review') {
        seen.push(args);
      }
    });
    if (!app.commands.hasCommand('nbpromote:open-review')) {
      app.commands.addCommand('nbpromote:open-review', { execute: () => undefined });
    }
  });
  await dev.getByRole('button', { name: version }).click();
  await expect
    .poll(() =>
      page.evaluate(() => (window as { __nbpromoteReviews?: unknown[] }).__nbpromoteReviews)
    )
    .toEqual([{ id }]);
});
