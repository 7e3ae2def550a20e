import type { Page } from '@playwright/test';
import { authHeaders, expect, SERVICE_URL, test } from './fixtures';
import { codeCell, notebook, reviewPanel, signInAs, submit } from './reviewSupport';

/**
 * The whole review loop with the demo users, in one JupyterLab: ada promotes a change to the
 * train step, linus comments on its line 2 and asks for changes, ada replies and pushes a fix,
 * linus sees only the train cell since his last review, resolves and approves, ada promotes.
 */

// JupyterLab writes `trusted` into every cell it saves; version 1 (sent through the API) has
// it too, so the two versions differ only where ada changed them.
const meta = (tag: string) => ({ metadata: { tags: [tag], trusted: false } });
const cells = (train: string) => [
  codeCell('imports', 'import math', meta('imports')),
  codeCell('params', 'rate = 0.5', meta('parameters')),
  codeCell('load', 'data = [1.0, 2.0, 3.0]', meta('step:extract')),
  codeCell('train', train, meta('step:train')),
  codeCell('report', 'print(score)', meta('step:evaluate'))
];
const V1 = 'total = sum(data)\nscore = total / len(data)';
const V2 = 'total = sum(data) * rate\nscore = total / len(data)';
const V3 = 'total = math.fsum(data) * rate\nscore = total / max(len(data), 1)';

async function requestsPanel(page: Page) {
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('nbpromote:open-requests');
  });
  return page.locator('#nbpromote-requests');
}

test.use({ viewport: { width: 1280, height: 900 } });

test('ada and linus review a change to the train step from start to promotion', async ({
  page,
  request,
  tmpPath
}) => {
  test.setTimeout(240000);
  // What dev runs now: version 1 of the notebook, reviewed and promoted through the API.
  const path = `${tmpPath}/forecast.ipynb`;
  const first = await submit(request, 'ada', {
    path,
    notebook: notebook(cells(V1)),
    title: 'Forecast, first version'
  });
  for (const [user, url, data] of [
    ['linus', 'reviews', { verdict: 'approve' }],
    ['ada', 'promote', {}]
  ] as const) {
    const res = await request.post(`${SERVICE_URL}/api/v1/promotions/${first}/${url}`, {
      headers: authHeaders(user),
      data
    });
    expect(res.ok(), await res.text()).toBe(true);
  }

  // ada changes the train cell in her notebook and promotes it from the toolbar.
  await page.contents.uploadContent(JSON.stringify(notebook(cells(V2))), 'text', path);
  await page.notebook.openByPath(path);
  await page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="nbpromote-promote"]').click();
  const dialog = page.locator('.jp-nbpromote-PromoteDialog');
  await expect(dialog.locator('.jp-nbpromote-PromoteDialog-version')).toBeVisible();
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const toast = page.locator('.Toastify__toast', { hasText: /Promotion request #\d+ created/ });
  await expect(toast).toBeVisible();
  const id = Number(/#(\d+)/.exec((await toast.textContent()) ?? '')![1]);

  // linus opens the review from the requests panel.
  await signInAs(page, 'linus');
  let requests = await requestsPanel(page);
  await expect(requests).toContainText('Signed in as linus');
  await requests
    .locator(`[data-request-id="${id}"]`)
    .first()
    .getByRole('button', { name: 'Review', exact: true })
    .click();
  const panel = await reviewPanel(page, id);
  const train = panel.locator('[data-cell-id="train"]');
  await expect(train).toHaveAttribute('data-status', 'modified');
  await expect(panel.locator('.jp-nbpromote-ReviewCell')).toHaveCount(1);
  await expect(panel.locator('.jp-nbpromote-ReviewFold').first()).toContainText(
    '3 unchanged cells'
  );
  await expect(panel.locator('.jp-nbpromote-ReviewPipeline')).toContainText('train');

  // A comment on line 2, picked in the gutter of the new side.
  await train.locator('.cm-merge-b .cm-lineNumbers .cm-gutterElement', { hasText: /^2$/ }).click();
  await train.getByRole('button', { name: 'Comment on line 2' }).click();
  await train.getByRole('textbox', { name: 'Comment on line 2' }).fill('Guard against empty data.');
  await train.getByRole('button', { name: 'Comment on line 2' }).last().click();
  const thread = train.locator('.jp-nbpromote-Thread');
  await expect(thread).toContainText('Guard against empty data.');
  await expect(thread).toContainText('line 2');
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-threads')).toContainText(
    '1 unresolved thread'
  );
  // The screenshots: the panel alone, wide enough for side by side, no toasts over it.
  await page.sidebar.close('right');
  const masks = {
    mask: [
      panel.locator('.jp-nbpromote-ReviewHeader-title h2'),
      panel.locator('.jp-nbpromote-Comment-meta .jp-nbpromote-muted')
    ],
    style: '.Toastify { display: none !important; }',
    maxDiffPixelRatio: 0.02
  };
  expect(await panel.screenshot(masks)).toMatchSnapshot('review-panel-light.png');
  await page.theme.setDarkTheme();
  expect(await panel.screenshot(masks)).toMatchSnapshot('review-panel-dark.png');
  await page.theme.setLightTheme();

  await panel.getByRole('textbox', { name: 'Review summary' }).fill('One question on train.');
  await panel.getByRole('button', { name: 'Request changes' }).click();
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-title')).toContainText(
    'changes requested'
  );

  // ada is told, reads the thread in the same panel and answers it.
  await signInAs(page, 'ada');
  requests = await requestsPanel(page);
  await expect(requests).toContainText('Signed in as ada');
  await requests
    .locator(`[data-request-id="${id}"]`)
    .first()
    .getByRole('button', { name: 'Review', exact: true })
    .click();
  await expect(thread).toContainText('Guard against empty data.');
  await thread.getByRole('button', { name: 'Reply' }).click();
  await thread.getByRole('textbox', { name: 'Reply' }).fill('Fixed with max(len, 1).');
  await thread.getByRole('button', { name: 'Reply' }).click();
  await expect(thread).toContainText('Fixed with max(len, 1).');

  // She fixes the cell in her notebook and submits it as a new revision.
  await page.getByRole('tab', { name: 'forecast.ipynb' }).click();
  await page.notebook.setCell(3, 'code', V3);
  await page.notebook.save();
  requests = await requestsPanel(page);
  await requests
    .locator(`[data-request-id="${id}"]`)
    .first()
    .getByRole('button', { name: 'Submit new revision' })
    .click();
  await expect(
    page.locator('.Toastify__toast', { hasText: `Revision 2 of request #${id} submitted` })
  ).toBeVisible();

  // linus sees the banner, the thread outdated, and only train since his last review.
  await signInAs(page, 'linus');
  await page.getByRole('tab', { name: `Review #${id}` }).click();
  const banner = panel.locator('.jp-nbpromote-ReviewBanner');
  await expect(banner).toContainText('Revision 2 was submitted.');
  await banner.getByRole('button', { name: 'Show revision 2' }).click();
  await expect(banner).toHaveCount(0);
  await expect(thread).toContainText('Outdated: written on revision 1, line 2');
  await panel.getByRole('combobox', { name: 'Base' }).selectOption('last-reviewed');
  await expect(panel.locator('.jp-nbpromote-ReviewCell')).toHaveCount(1);
  await expect(train).toHaveAttribute('data-status', 'modified');
  await expect(train.locator('.cm-merge-b')).toContainText('math.fsum(data)');
  await expect(train.locator('.cm-merge-a')).toContainText('sum(data) * rate');

  await thread.getByRole('button', { name: 'Resolve' }).click();
  await expect(thread).toContainText('Resolved');
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-threads')).toContainText(
    '0 unresolved threads'
  );
  await panel.getByRole('button', { name: 'Approve' }).click();
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-title')).toContainText('approved');

  // ada promotes; dev now runs the new version.
  const promoted = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/promote`, {
    headers: authHeaders('ada'),
    data: {}
  });
  expect(promoted.ok(), await promoted.text()).toBe(true);
  const catalog = await (
    await request.get(`${SERVICE_URL}/api/v1/catalog`, { headers: authHeaders('ada') })
  ).json();
  const detail = await promoted.json();
  const entry = catalog.items.find(
    (e: { project: string; algorithm: string }) =>
      e.project === detail.project && e.algorithm === detail.algorithm
  );
  expect(entry.environments.dev.version).toBe(detail.version);
});
