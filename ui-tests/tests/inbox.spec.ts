import { authHeaders, expect, SERVICE_URL, test } from './fixtures';
import { codeCell, notebook, submit } from './reviewSupport';

/**
 * ada promotes and closes her browser; linus asks for changes meanwhile. When ada opens
 * JupyterLab later she finds it in her inbox and in JupyterLab's notification centre, and
 * marks it read.
 */
test.use({ autoGoto: false });

test('what arrived while the author was away waits in her inbox and the notification centre', async ({
  page,
  request,
  tmpPath
}) => {
  // The browser suites share one service: what earlier specs left in ada's inbox is read.
  const cleared = await request.post(`${SERVICE_URL}/api/v1/notifications/read`, {
    headers: authHeaders('ada'),
    data: {}
  });
  expect(cleared.ok(), await cleared.text()).toBe(true);
  const created = await request.post(`${SERVICE_URL}/api/v1/promotions`, {
    headers: authHeaders('ada'),
    data: {
      path: `${tmpPath}/away.ipynb`,
      notebook: notebook([codeCell('only', 'x = 1', { metadata: { tags: ['step:train'] } })]),
      title: 'While away',
      description: 'Retrain on the March data.'
    }
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).id as number;
  // No JupyterLab of ada's is open: nothing of hers is listening.
  const changes = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/reviews`, {
    headers: authHeaders('linus'),
    data: { verdict: 'request_changes', body: 'Pin pandas, @ada.' }
  });
  expect(changes.ok(), await changes.text()).toBe(true);

  await page.goto(`tree/${tmpPath}`);
  const message = `Changes requested on #${id} (While away) by linus. “Pin pandas, @ada.”`;
  // Announced once on load: a toast, kept in the notification centre.
  await expect(page.locator('.Toastify__toast', { hasText: message })).toBeVisible({
    timeout: 20000
  });

  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('nbpromote:open-requests');
  });
  const inbox = page.locator('#nbpromote-requests section[aria-label="Inbox"]');
  await expect(inbox.locator('h3')).toHaveText('Inbox (1 unread)');
  const item = inbox.locator('.jp-nbpromote-InboxItem').first();
  await expect(item).toContainText(message);
  await expect(item).toHaveClass(/jp-mod-unread/);

  await page.locator('.jp-Notification-Status').click();
  const centre = page.locator('.jp-Notification-Center');
  await expect(centre).toContainText(message);
  await page.locator('.jp-Notification-Status').click();

  // The request itself shows why: its description and the latest review with its summary.
  await page
    .locator(`#nbpromote-requests [data-request-id="${id}"] .jp-nbpromote-RequestRow-title`)
    .first()
    .click();
  await expect(page.locator('#nbpromote-requests .jp-nbpromote-RequestRow-description')).toHaveText(
    'Retrain on the March data.'
  );
  await expect(page.locator('#nbpromote-requests .jp-nbpromote-RequestRow-verdict')).toContainText(
    'Latest review: linus requested changes (revision 1): “Pin pandas, @ada.”'
  );

  await item.getByRole('button', { name: 'Mark read' }).click();
  await expect(inbox.locator('h3')).toHaveText('Inbox');
  await expect(item).not.toHaveClass(/jp-mod-unread/);
  const stored = await request.get(`${SERVICE_URL}/api/v1/notifications`, {
    headers: authHeaders('ada')
  });
  expect((await stored.json()).unread).toBe(0);

  // A later one arrives live over the page's event stream.
  await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/comments`, {
    headers: authHeaders('linus'),
    data: { revision: 1, cellId: 'only', body: '@ada see line 1.' }
  });
  await expect(inbox.locator('h3')).toHaveText('Inbox (1 unread)', { timeout: 15000 });
  await expect(inbox.locator('.jp-nbpromote-InboxItem').first()).toContainText(
    `linus mentioned you on #${id} (While away). “@ada see line 1.”`
  );
});

test.describe('as a reviewer', () => {
  test.use({ user: 'linus' });

  test('a request I sent back is listed as waiting for its author, not lost', async ({
    page,
    request,
    tmpPath
  }) => {
    const id = await submit(request, 'ada', {
      path: `${tmpPath}/sent-back.ipynb`,
      notebook: notebook([codeCell('only', 'y = 2', { metadata: { tags: ['step:train'] } })]),
      title: 'Sent back'
    });
    await page.goto(`tree/${tmpPath}`);
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('nbpromote:open-requests');
    });
    const panel = page.locator('#nbpromote-requests');
    const waiting = panel.locator('section[aria-label="Waiting for my review"]');
    await expect(waiting.locator(`[data-request-id="${id}"]`)).toBeVisible();

    const changes = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/reviews`, {
      headers: authHeaders('linus'),
      data: { verdict: 'request_changes', body: 'Pin pandas.' }
    });
    expect(changes.ok(), await changes.text()).toBe(true);
    const sentBack = panel.locator(
      'section[aria-label="Changes requested by me: waiting for the author"]'
    );
    await expect(sentBack.locator(`[data-request-id="${id}"]`)).toContainText('changes requested');
    await expect(waiting.locator(`[data-request-id="${id}"]`)).toHaveCount(0);

    // ada's new revision puts it back in my queue.
    const revised = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/revisions`, {
      headers: authHeaders('ada'),
      data: {
        notebook: notebook([codeCell('only', 'y = 3', { metadata: { tags: ['step:train'] } })])
      }
    });
    expect(revised.ok(), await revised.text()).toBe(true);
    await expect(waiting.locator(`[data-request-id="${id}"]`)).toBeVisible();
    await expect(sentBack.locator(`[data-request-id="${id}"]`)).toHaveCount(0);
  });
});
