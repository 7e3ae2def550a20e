import { authHeaders, expect, SERVICE_URL, test } from './fixtures';

test('the requests panel lists my request and tells me live when it is approved', async ({
  page,
  request
}) => {
  // A request created by the data scientist through the API; the panel must pick it up.
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        id: 'c1',
        cell_type: 'code',
        metadata: {},
        source: 'y = 2 + 2',
        outputs: [],
        execution_count: null
      }
    ]
  };
  const created = await request.post(`${SERVICE_URL}/api/v1/promotions`, {
    headers: authHeaders('ada'),
    data: { path: 'panel/live.ipynb', notebook, title: 'Live panel check' }
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('nbpromote:open-requests');
  });
  const panel = page.locator('#nbpromote-requests');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Signed in as ada (data-scientist)');
  const row = panel.locator(`[data-request-id="${id}"]`).first();
  await expect(row).toContainText('Live panel check');
  await expect(row).toContainText('open');

  // The reviewer approves through the API: the event stream brings the news to the author.
  const review = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/reviews`, {
    headers: authHeaders('linus'),
    data: { verdict: 'approve' }
  });
  expect(review.ok()).toBe(true);
  const toast = page.locator('.Toastify__toast', { hasText: `#${id} (Live panel check)` });
  await expect(toast).toContainText('approved by linus', { timeout: 15000 });
  await expect(row).toContainText('approved');

  // Changes requested on another request: the author hears of it with the reviewer's name.
  const second = await request.post(`${SERVICE_URL}/api/v1/promotions`, {
    headers: authHeaders('ada'),
    data: { path: 'panel/changes.ipynb', notebook, title: 'Needs work' }
  });
  const { id: secondId } = await second.json();
  await expect(panel.locator(`[data-request-id="${secondId}"]`).first()).toBeVisible();
  const changes = await request.post(`${SERVICE_URL}/api/v1/promotions/${secondId}/reviews`, {
    headers: authHeaders('linus'),
    data: { verdict: 'request_changes', body: 'Name the step.' }
  });
  expect(changes.ok()).toBe(true);
  const sentBack = page.locator('.Toastify__toast', { hasText: `#${secondId}` });
  await expect(sentBack).toContainText(`Changes requested on #${secondId} (Needs work) by linus.`, {
    timeout: 15000
  });
});

test.describe('with a token the service does not know', () => {
  test.use({ token: 'nbp_not-a-real-token' });

  test('the panel says so and where to set it', async ({ page }) => {
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('nbpromote:open-requests');
    });
    const alert = page.locator('#nbpromote-requests [role="alert"]');
    await expect(alert).toContainText('does not recognise your API token');
    await expect(alert).toContainText('Settings > nbpromote');
  });
});
