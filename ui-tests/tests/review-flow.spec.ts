import type { Page } from '@playwright/test';
import { galata } from '@jupyterlab/galata';
import { authHeaders, demoToken, expect, SERVICE_URL, test } from './fixtures';
import { docsImage } from './docsImage';
import { codeCell, notebook, reviewPanel, submit } from './reviewSupport';

/**
 * The whole review loop with the demo users, each in their own JupyterLab page: ada promotes a
 * change to the train step, linus comments on its line 2 and asks for changes, ada is told,
 * replies and pushes a fix, linus sees the new revision arrive and only the train cell since
 * his last review, resolves and approves, ada promotes and the catalog shows the version.
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

const VIEWPORT = { width: 1280, height: 900 };
test.use({ viewport: VIEWPORT });

test('ada and linus review a change to the train step from start to promotion', async ({
  page,
  request,
  tmpPath,
  browser,
  baseURL,
  waitForApplication
}, testInfo) => {
  test.setTimeout(300000);
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

  // ada (this page) changes the train cell in her notebook and promotes it from the toolbar.
  await page.contents.uploadContent(JSON.stringify(notebook(cells(V2))), 'text', path);
  await page.notebook.openByPath(path);
  await page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="nbpromote-promote"]').click();
  const dialog = page.locator('.jp-nbpromote-PromoteDialog');
  await expect(dialog.locator('.jp-nbpromote-PromoteDialog-version')).toBeVisible();
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const created = page.locator('.Toastify__toast', { hasText: /Promotion request #\d+ created/ });
  await expect(created).toBeVisible();
  const id = Number(/#(\d+)/.exec((await created.textContent()) ?? '')![1]);
  await requestsPanel(page);

  // linus, in his own JupyterLab, opens the review from his requests panel.
  const { page: linus } = await galata.newPage({
    baseURL: baseURL!,
    browser,
    waitForApplication,
    tmpPath,
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'nbpromote:plugin': { token: demoToken('linus') }
    }
  });
  await linus.setViewportSize(VIEWPORT);
  const linusRequests = await requestsPanel(linus);
  await expect(linusRequests).toContainText('Signed in as linus');
  await linusRequests
    .locator(`[data-request-id="${id}"]`)
    .first()
    .getByRole('button', { name: 'Review', exact: true })
    .click();
  const panel = await reviewPanel(linus, id);
  const train = panel.locator('[data-cell-id="train"]');
  await expect(train).toHaveAttribute('data-status', 'modified');
  await expect(panel.locator('.jp-nbpromote-ReviewCell')).toHaveCount(1);
  await expect(panel.locator('.jp-nbpromote-ReviewFold').first()).toContainText(
    '3 unchanged cells'
  );
  await expect(panel.locator('.jp-nbpromote-ReviewPipeline')).toContainText('Step train');

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
  await linus.sidebar.close('right');
  const masks = {
    mask: [
      panel.locator('.jp-nbpromote-ReviewHeader-title h2'),
      panel.locator('.jp-nbpromote-Comment-meta .jp-nbpromote-muted')
    ],
    style: '.Toastify { display: none !important; }'
  };
  // The title (masked) is as wide as the request's number and path, which depend on the
  // suites run before: the state badge beside it moves a few pixels.
  const near = { maxDiffPixelRatio: 0.02 };
  expect(await panel.screenshot(masks)).toMatchSnapshot('review-panel-light.png', near);
  await docsImage(panel, 'review-panel-light.png', testInfo);
  await linus.theme.setDarkTheme();
  expect(await panel.screenshot(masks)).toMatchSnapshot('review-panel-dark.png', near);
  await docsImage(panel, 'review-panel-dark.png', testInfo);
  await linus.theme.setLightTheme();

  // `n` moves to the next change; the layout toggle shows the same diff unified, and back.
  await panel.locator('.jp-nbpromote-ReviewPipeline h3').click();
  await linus.keyboard.press('n');
  await expect(train).toHaveClass(/jp-mod-current/);
  await panel.getByRole('button', { name: 'Unified', exact: true }).click();
  await expect(train.locator('.cm-deletedChunk')).toContainText('total = sum(data)');
  await expect(train.locator('.cm-mergeView')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Side by side', exact: true }).click();
  await expect(train.locator('.cm-mergeView')).toBeVisible();

  // Viewed folds the cell to its header and counts in the header; unchecked, it opens again.
  const viewedCount = panel.locator('.jp-nbpromote-ReviewHeader-viewed');
  await expect(viewedCount).toHaveText('0 of 1 changed cells viewed');
  await train.getByRole('checkbox', { name: 'Viewed' }).check();
  await expect(viewedCount).toHaveText('1 of 1 changed cells viewed');
  await expect(train).toHaveClass(/jp-mod-viewed/);
  await expect(train.locator('.cm-mergeView')).toHaveCount(0);
  await train.getByRole('checkbox', { name: 'Viewed' }).uncheck();
  await expect(viewedCount).toHaveText('0 of 1 changed cells viewed');
  await expect(train.locator('.cm-mergeView')).toBeVisible();

  await panel.getByRole('textbox', { name: 'Review summary' }).fill('One question on train.');
  await panel.getByRole('button', { name: 'Request changes' }).click();
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-title')).toContainText(
    'changes requested'
  );

  // ada is told, and the notification's Review button opens the same review for her.
  const told = page.locator('.Toastify__toast', { hasText: `Changes requested on #${id}` });
  await expect(told).toBeVisible({ timeout: 20000 });
  await told.getByRole('button', { name: 'Review' }).click();
  const adaPanel = await reviewPanel(page, id);
  // Her own request: the verdicts are refused, and the panel says why.
  await expect(adaPanel.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await expect(adaPanel.locator('.jp-nbpromote-ReviewActions')).toContainText('own request');
  const adaThread = adaPanel.locator('[data-cell-id="train"] .jp-nbpromote-Thread');
  await expect(adaThread).toContainText('Guard against empty data.');
  await adaThread.getByRole('button', { name: 'Reply' }).click();
  await adaThread.getByRole('textbox', { name: 'Reply' }).fill('Fixed with max(len, 1).');
  await adaThread.getByRole('button', { name: 'Reply' }).click();
  await expect(adaThread).toContainText('Fixed with max(len, 1).');
  // The reply reaches linus live.
  await expect(thread).toContainText('Fixed with max(len, 1).', { timeout: 20000 });

  // "Show in notebook" selects the train cell in her notebook; she fixes it and resubmits.
  await adaPanel
    .locator('[data-cell-id="train"]')
    .getByRole('button', { name: 'Show in notebook' })
    .click();
  await expect(page.locator('.jp-Notebook .jp-Cell.jp-mod-active')).toContainText(
    'sum(data) * rate'
  );
  await page.notebook.setCell(3, 'code', V3);
  await page.notebook.save();
  const adaRequests = await requestsPanel(page);
  await adaRequests
    .locator(`[data-request-id="${id}"]`)
    .first()
    .getByRole('button', { name: 'Submit new revision' })
    .click();
  await expect(
    page.locator('.Toastify__toast', { hasText: `Revision 2 of request #${id} submitted` })
  ).toBeVisible();

  // linus sees the banner, the thread outdated, and only train since his last review.
  const banner = panel.locator('.jp-nbpromote-ReviewBanner');
  await expect(banner).toContainText('Revision 2 was submitted.', { timeout: 20000 });
  await banner.getByRole('button', { name: 'Show revision 2' }).click();
  await expect(banner).toHaveCount(0);
  await expect(thread).toContainText('Outdated: written on revision 1, line 2');
  await panel.getByRole('combobox', { name: 'Base' }).selectOption('last-reviewed');
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-pair')).toContainText('revision 1');
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

  // ada promotes from her review panel; the catalog shows the new version in dev.
  await expect(adaPanel.locator('.jp-nbpromote-ReviewHeader-title')).toContainText('approved', {
    timeout: 20000
  });
  await page.getByRole('tab', { name: `Review #${id}` }).click();
  await adaPanel.getByRole('button', { name: 'Promote to dev' }).click();
  await expect(adaPanel.locator('.jp-nbpromote-ReviewHeader-title')).toContainText('promoted');
  const version = (await adaPanel.locator('.jp-nbpromote-ReviewHeader-meta').textContent())!.match(
    /v(\d+\.\d+\.\d+) to dev/
  )![1];
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('nbpromote:open-catalog');
  });
  const catalog = page.locator('#nbpromote-catalog');
  // Other tests promote other pipelines into the same service: read this one's row.
  const row = catalog.locator('[data-key="default/forecast"]');
  await expect(row.locator('[data-env="dev"]').first()).toContainText(version, {
    timeout: 20000
  });
  await linus.close();
});
