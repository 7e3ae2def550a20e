import { bigNotebook, revise, reviewAs } from './bigPair';
import { expect, test } from './fixtures';
import { openReview, submit, watchErrors } from './reviewSupport';

/**
 * What the reviewer reads at the top of a review: the request's description, every review's
 * summary, the rules in full sentences, why a verdict is refused (drawn disabled, in plain
 * words), the pipeline's cell links folded, where the review opens the second time, and what
 * Promote and Show in notebook did.
 */

const SHAPE = { cells: 20, changeEvery: 5, imageEvery: 10 };

test.use({ user: 'linus', viewport: { width: 1280, height: 900 } });

test('a reviewer reads the request, asks for changes, comes back and promotes', async ({
  page,
  request,
  tmpPath
}) => {
  test.setTimeout(180000);
  const errors = watchErrors(page);
  const id = await submit(request, 'ada', {
    path: `${tmpPath}/march.ipynb`,
    notebook: bigNotebook(1, SHAPE),
    title: 'Retrain on March',
    description: 'Retrain on the March data.\nThe feature set is unchanged.',
    environment: 'stage'
  });
  await reviewAs(request, 'linus', id, {
    verdict: 'request_changes',
    body: 'Guard against empty data.'
  });

  let panel = await openReview(page, id);
  // The description, then each review with its summary, verdict, author and time.
  await expect(panel.locator('.jp-nbpromote-ReviewDescription')).toHaveText(
    'Retrain on the March data.\nThe feature set is unchanged.'
  );
  const summary = panel.locator('.jp-nbpromote-ReviewSummary').first();
  await expect(summary).toContainText('linus');
  await expect(summary).toContainText('requested changes');
  await expect(summary).toContainText('Guard against empty data.');
  await expect(summary.locator('time')).toHaveText(/just now|min ago/);

  // Each rule reason is a sentence of its own, across the header's width.
  const rules = panel.locator('.jp-nbpromote-ReviewRules');
  await expect(rules).not.toContainText('(and 1 more)');
  await expect(rules.locator('li li')).toHaveText([
    'Needs 1 more approval (0 of 1).',
    'Changes requested by linus (revision 1); waiting for their approval or an admin.'
  ]);
  const reasons = await rules.locator('.jp-nbpromote-ReviewRules-reasons').boundingBox();
  const header = await panel.locator('.jp-nbpromote-ReviewHeader').boundingBox();
  expect(reasons!.width).toBeGreaterThan(header!.width / 2);

  // Approve is drawn disabled, and says why in words.
  const approve = panel.getByRole('button', { name: 'Approve' });
  await expect(approve).toBeDisabled();
  expect(await approve.evaluate(b => getComputedStyle(b).opacity)).toBe('0.6');
  expect(await approve.evaluate(b => getComputedStyle(b).cursor)).toBe('not-allowed');
  const why = panel.locator('.jp-nbpromote-ReviewActions-reasons');
  await expect(why).toContainText('You requested changes on revision 1;');
  await expect(panel.locator('.jp-nbpromote-ReviewActions')).not.toContainText('changes_requested');

  // The step's 20 cells: six links, the rest behind "+14 more".
  const step = panel.locator('.jp-nbpromote-ReviewPipeline li').first();
  await expect(step.locator('.jp-nbpromote-ReviewPipeline-cell')).toHaveCount(6);
  await step.getByRole('button', { name: '+14 more' }).click();
  await expect(step.locator('.jp-nbpromote-ReviewPipeline-cell')).toHaveCount(20);

  // Show in notebook: linus does not have ada's notebook, and is told so.
  await panel
    .locator('.jp-nbpromote-ReviewCell')
    .first()
    .getByRole('button', { name: 'Show in notebook' })
    .click();
  await expect(
    page.locator('.Toastify__toast', { hasText: 'which is not in your JupyterLab' })
  ).toBeVisible();

  // ada revises; linus opens the review again: it starts since his last review.
  await revise(request, id, bigNotebook(2, SHAPE));
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('application:close-all');
  });
  panel = await openReview(page, id);
  await expect(panel.getByRole('combobox', { name: 'Base' })).toHaveValue('last-reviewed');
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-pair')).toContainText(
    'revision 1 (last reviewed) → revision 2'
  );
  await expect(panel.locator('.jp-nbpromote-ReviewCell')).toHaveCount(4);

  // He approves and promotes: he is told, and the header names what stage runs now.
  await panel.getByRole('button', { name: 'Approve' }).click();
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-title')).toContainText('approved');
  await panel.getByRole('combobox', { name: 'Base' }).selectOption('production');
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-pair')).toContainText(
    'stage: nothing promoted'
  );
  await panel.getByRole('button', { name: 'Promote to stage' }).click();
  await expect(
    page.locator('.Toastify__toast', { hasText: `Request #${id} promoted: version` })
  ).toBeVisible();
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-title')).toContainText('promoted');
  const pair = panel.locator('.jp-nbpromote-ReviewHeader-pair');
  await expect(pair).not.toContainText('nothing promoted');
  await expect(pair).toContainText(/production \(stage \d+\.\d+\.\d+\) → revision 2/);
  await expect(panel.locator('.jp-nbpromote-ReviewRules-headline')).toContainText(
    'Promoted under rules version'
  );
  await expect(panel.locator('.jp-nbpromote-ReviewRules-headline')).toContainText(
    /\(revision 2\)\. All rules/
  );
  expect(errors.filter(e => !e.includes('404'))).toEqual([]);
});
