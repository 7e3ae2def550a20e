import { authHeaders, expect, SERVICE_URL, test } from './fixtures';
import {
  codeCell,
  notebook,
  openReview,
  reviewPanel,
  scrollThrough,
  submit
} from './reviewSupport';

/**
 * Everything in a review comes from other people. Each payload tries to set a flag on
 * `window`; the panel must render outputs and markdown untrusted and sanitized, with no
 * command links and no Trust or Run button, and show every other string as text.
 */
const FLAG = '__nbpromoteXss';
const set = (n: number) => `window.${FLAG}=${n}`;
const IMG = `<img src=x onerror="${set(1)}">`;

const markdown = [
  `# Notes ${IMG}`,
  `<script>${set(2)}</script>`,
  `[click me](javascript:${set(3)})`,
  `<svg onload="${set(4)}"></svg>`,
  `<iframe srcdoc="<script>parent.${set(5)}</script>"></iframe>`,
  `<button data-commandlinker-command="help:about">About</button>`
].join('\n\n');

const payload = notebook([
  { id: 'md1', cell_type: 'markdown', metadata: {}, source: markdown },
  codeCell('html1', 'report = 1', {
    // The service refuses markup in a step name; in any other tag it is a warning and kept.
    metadata: { tags: ['step:report', `<b onmouseover="${set(6)}">x</b>`] },
    outputs: [
      {
        output_type: 'display_data',
        metadata: {},
        data: {
          'text/html': `<p>report</p><script>${set(7)}</script><img src=x onerror="${set(8)}">`,
          'text/plain': 'report'
        }
      },
      {
        output_type: 'display_data',
        metadata: {},
        data: { 'application/javascript': set(9) }
      },
      {
        output_type: 'display_data',
        metadata: {},
        data: { 'image/svg+xml': `<svg xmlns="http://www.w3.org/2000/svg" onload="${set(10)}"/>` }
      }
    ]
  })
]);

test.use({ user: 'linus' });

test('hostile notebook content, title and comments show as text and run nothing', async ({
  page,
  request
}) => {
  const title = `Payload <img src=x onerror="${set(11)}"> title`;
  const id = await submit(request, 'ada', {
    path: 'review/payload.ipynb',
    notebook: payload,
    title
  });
  const comment = `<b>bold?</b> <img src=x onerror="${set(12)}"> <script>${set(13)}</script>`;
  const posted = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/comments`, {
    headers: authHeaders('ada'),
    data: { revision: 1, cellId: 'html1', body: comment }
  });
  expect(posted.status(), await posted.text()).toBe(201);

  const panel = await openReview(page, id);
  await expect(panel.locator('.jp-nbpromote-ReviewCell')).toHaveCount(2);
  await scrollThrough(page, id);
  // Rendered sides are in: the markdown heading and the sanitized HTML output.
  await expect(panel.locator('.jp-RenderedMarkdown h1')).toContainText('Notes');
  await expect(panel.locator('.jp-RenderedHTMLCommon', { hasText: 'report' })).toBeVisible();
  // Give event handlers (onerror of a broken image, onload) time to fire if they survived.
  await page.waitForTimeout(1000);

  expect(
    await page.evaluate(flag => (window as unknown as Record<string, unknown>)[flag], FLAG)
  ).toBeUndefined();
  // Strings that are not notebook content stay text, markup and all.
  await expect(panel.locator('.jp-nbpromote-ReviewHeader h2')).toContainText(
    `<img src=x onerror="${set(11)}">`
  );
  await expect(panel.locator('.jp-nbpromote-Comment-body')).toHaveText(comment);
  await expect(
    panel.locator('[data-cell-id="html1"] .jp-nbpromote-ReviewCell-header')
  ).toContainText(`+<b onmouseover="${set(6)}">x</b>`);
  // Nothing executable or command-bearing made it into the page.
  for (const selector of [
    'script',
    'iframe',
    '[onerror]',
    '[onload]',
    '[onmouseover]',
    '[data-commandlinker-command]',
    'a[href^="javascript:"]'
  ]) {
    await expect(panel.locator(selector), selector).toHaveCount(0);
  }
  // No Trust button, and the JavaScript output offers no Run button: it is not rendered.
  await expect(panel.getByRole('button', { name: /trust|run/i })).toHaveCount(0);
  await expect(panel).not.toContainText('inline scripts');

  // After a reload the panel is restored, rendered again, and still nothing ran.
  // (Galata's own wait expects the Launcher in front; the restored review is.)
  await page.reload({ waitForIsReady: false });
  await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  const restored = await reviewPanel(page, id);
  await expect(restored.locator('.jp-nbpromote-ReviewCell')).toHaveCount(2);
  await scrollThrough(page, id);
  await page.waitForTimeout(1000);
  expect(
    await page.evaluate(flag => (window as unknown as Record<string, unknown>)[flag], FLAG)
  ).toBeUndefined();
});
