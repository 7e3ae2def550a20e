import { expect, test } from './fixtures';
import { revise, reviewAs, submitBigPair, bigNotebook } from './bigPair';
import type { Locator } from '@playwright/test';
import {
  codeCell,
  expectPanelContent,
  notebook,
  openReview,
  submit,
  watchErrors
} from './reviewSupport';

/** Scroll to the first cell and wait for its outputs to be built. */
async function firstOutputs(panel: Locator): Promise<void> {
  await panel.locator('.jp-nbpromote-ReviewCell').first().scrollIntoViewIfNeeded();
  await expect(panel.locator('.jp-nbpromote-ReviewCell .jp-OutputArea').first()).toBeVisible();
}

/**
 * The panel keeps its content while the reader changes what it shows: cells whose rendered
 * markdown, outputs or editors were built go away and come back without any error.
 */

test.use({ user: 'linus' });

test('Source diff on a plain markdown cell shows its source', async ({
  page,
  request,
  tmpPath
}) => {
  const errors = watchErrors(page);
  const id = await submit(request, 'ada', {
    path: `${tmpPath}/hello.ipynb`,
    notebook: notebook([
      {
        id: 'hello',
        cell_type: 'markdown',
        metadata: {},
        source: '# Hello\n\nA *plain* markdown cell.'
      }
    ]),
    title: 'Hello'
  });
  const panel = await openReview(page, id);
  const cell = panel.locator('[data-cell-id="hello"]');
  await expect(cell.getByRole('heading', { name: 'Hello' })).toBeVisible();
  await cell.getByRole('button', { name: 'Source diff' }).click();
  await expect(cell.locator('.cm-merge-b .cm-content')).toContainText('A *plain* markdown cell.');
  await expectPanelContent(panel);
  await cell.getByRole('button', { name: 'Rendered' }).click();
  await expect(cell.locator('.jp-RenderedMarkdown em')).toHaveText('plain');
  await expectPanelContent(panel);
  expect(errors).toEqual([]);
});

test('changing Compare on a 300-cell review keeps the panel', async ({
  page,
  request,
  tmpPath
}) => {
  const errors = watchErrors(page);
  const id = await submitBigPair(request, `${tmpPath}/big.ipynb`, { revisions: 1 });
  await reviewAs(request, 'linus', id, { verdict: 'comment', body: 'First pass.' });
  await revise(request, id, bigNotebook(2));
  const panel = await openReview(page, id, { base: 'production', head: 2 });
  await firstOutputs(panel);
  const base = panel.getByRole('combobox', { name: 'Base' });

  await base.selectOption('1');
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-pair')).toContainText('revision 1 →');
  await expect(panel.locator('.jp-nbpromote-ReviewCell')).toHaveCount(20);
  await expectPanelContent(panel);

  await base.selectOption('production');
  await firstOutputs(panel);
  await base.selectOption('last-reviewed');
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-pair')).toContainText('last reviewed');
  await expect(panel.locator('.jp-nbpromote-ReviewCell')).toHaveCount(20);
  await expectPanelContent(panel);
  expect(errors).toEqual([]);
});

test('Show revision N on the banner, then changing Compare, keeps the panel', async ({
  page,
  request,
  tmpPath
}) => {
  const errors = watchErrors(page);
  const id = await submitBigPair(request, `${tmpPath}/banner.ipynb`, { revisions: 1 });
  const panel = await openReview(page, id, { base: 'production' });
  await firstOutputs(panel);

  await revise(request, id, bigNotebook(2));
  const banner = panel.locator('.jp-nbpromote-ReviewBanner');
  await banner.getByRole('button', { name: 'Show revision 2' }).click({ timeout: 20000 });
  await expect(banner).toHaveCount(0);
  await firstOutputs(panel);

  await panel.getByRole('combobox', { name: 'Base' }).selectOption('1');
  await expect(panel.locator('.jp-nbpromote-ReviewCell')).toHaveCount(20);
  await expectPanelContent(panel);
  expect(errors).toEqual([]);
});

test('a cell marked Viewed can still be commented on, and its threads stay', async ({
  page,
  request,
  tmpPath
}) => {
  const errors = watchErrors(page);
  const id = await submit(request, 'ada', {
    path: `${tmpPath}/viewed.ipynb`,
    notebook: notebook([codeCell('train', 'rows = [3, 1, 2]\ntotal = sum(rows)')]),
    title: 'Viewed'
  });
  const panel = await openReview(page, id);
  const cell = panel.locator('[data-cell-id="train"]');
  await cell.getByRole('checkbox', { name: 'Viewed' }).check();
  await expect(cell).toHaveClass(/jp-mod-viewed/);
  await expect(cell.locator('.cm-editor')).toHaveCount(0);

  // Viewed folds the code; the comment form opens, and the posted thread shows on the folded cell.
  await cell.getByRole('button', { name: 'Comment', exact: true }).click();
  const form = cell.locator('.jp-nbpromote-CommentForm');
  await form.getByRole('textbox').fill('Why this test split?');
  await form.locator('button.jp-mod-accept').click();
  await expect(form).toHaveCount(0);
  await expect(cell.locator('.jp-nbpromote-Thread')).toContainText('Why this test split?');
  await expect(cell.locator('.cm-editor')).toHaveCount(0);
  await expectPanelContent(panel);
  expect(errors).toEqual([]);
});
