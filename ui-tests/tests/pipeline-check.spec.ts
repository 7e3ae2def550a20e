import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The Pipeline panel's live check and settings form as a data scientist meets them: secrets
 * in a cell's source or output, a schedule that would not run, and closing a notebook.
 */

/** Keys of the right shape, made per run (the scanner ignores the documentation's examples). */
function randomOf(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join(
    ''
  );
}

/** Page errors and console errors, to assert none happened. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(`pageerror: ${error.message}`));
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

async function openPipelinePanel(page: Page) {
  await page.locator('.lm-TabBar-tab[title="Pipeline (nbpromote)"]').click();
  const panel = page.locator('#nbpromote-pipeline');
  await expect(panel).toBeVisible();
  return panel;
}

const cell = (page: Page, index: number) => page.locator('.jp-Notebook .jp-Cell').nth(index);

test('the live check shows secrets in a source and an output, masked, each linked to its cell', async ({
  page
}) => {
  const awsSecret = randomOf(40);
  const token = `ghp_${randomOf(36)}`;
  await page.notebook.createNew('secrets.ipynb');
  await page.notebook.setCell(0, 'code', `AWS_SECRET_ACCESS_KEY = "${awsSecret}"`);
  await page.notebook.addCell('code', 'x = 1');
  // The token only ever appears in the output: the source prints it in two halves.
  await page.notebook.addCell('code', `print("${token.slice(0, 10)}" + "${token.slice(10)}")`);
  await page.notebook.runCell(2);
  await expect(cell(page, 2).locator('.jp-OutputArea-output')).toContainText(token);

  const panel = await openPipelinePanel(page);
  const secrets = panel.locator('.nbp-Problem', { hasText: 'Possible secret' });
  await expect(secrets).toHaveCount(2, { timeout: 20000 });
  await expect(secrets.nth(0)).toContainText('cell 1');
  await expect(secrets.nth(0)).toContainText(/AWSSecretAccessKey.*\*{8} \(40 characters\)/);
  await expect(secrets.nth(1)).toContainText('cell 3');
  await expect(secrets.nth(1)).toContainText(/GITHUB_TOKEN.*output 1.*ghp_\*{8} \(40 characters\)/);
  // Masked, as the Promote dialog masks them: the panel never shows a value.
  await expect(panel).not.toContainText(awsSecret);
  await expect(panel).not.toContainText(token);

  await secrets.nth(1).getByRole('button').click();
  await expect(cell(page, 2)).toHaveClass(/jp-mod-active/);
  await secrets.nth(0).getByRole('button').click();
  await expect(cell(page, 0)).toHaveClass(/jp-mod-active/);

  await page.keyboard.press('Escape');
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    const problems = panel.locator('section[aria-labelledby="nbp-problems-title"]');
    expect(await problems.screenshot()).toMatchSnapshot(`pipeline-secrets-${theme}.png`, {
      maxDiffPixelRatio: 0.03
    });
  }
  await page.theme.setLightTheme();
});

test('an invalid schedule stays in the form with its error and is never written to the notebook', async ({
  page,
  tmpPath
}) => {
  await page.notebook.createNew('schedule.ipynb');
  await page.notebook.setCell(0, 'code', 'x = 1');
  const panel = await openPipelinePanel(page);
  const schedule = panel.locator('#nbp-notebook-settings_schedule');
  const stored = () =>
    page.evaluate(() => {
      const app = (window as unknown as { jupyterapp: { shell: { currentWidget: unknown } } })
        .jupyterapp;
      const widget = app.shell.currentWidget as {
        content: { model: { getMetadata(key: string): unknown } };
      };
      return widget.content.model.getMetadata('nbpromote') ?? null;
    });

  await schedule.fill('0 6 * * 1');
  await expect.poll(stored).toEqual({ schedule: '0 6 * * 1' });

  await schedule.fill('61 25 * * *');
  await expect(schedule).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.locator('.nbp-Schedule-reading')).toContainText('must be >= 0 and <= 59');
  // What was typed stays in the form; the notebook keeps the last valid schedule.
  await panel.locator('#nbp-notebook-settings_owner').fill('ada@example.com');
  await expect(schedule).toHaveValue('61 25 * * *');
  await expect.poll(stored).toEqual({ schedule: '0 6 * * 1', owner: 'ada@example.com' });

  await schedule.fill('@quarterly');
  await expect(schedule).toHaveAttribute('aria-invalid', 'false');
  await expect.poll(stored).toEqual({ schedule: '@quarterly', owner: 'ada@example.com' });

  await schedule.fill('61 25 * * *');
  await page.notebook.save();
  const saved = await page.request.get(`/api/contents/${tmpPath}/schedule.ipynb?content=1`);
  const nb = (await saved.json()).content as { metadata: Record<string, unknown> };
  expect(nb.metadata.nbpromote).toEqual({ schedule: '@quarterly', owner: 'ada@example.com' });
});

test('closing a notebook tab logs no error', async ({ page }) => {
  const errors = collectErrors(page);
  await page.notebook.createNew('closing.ipynb');
  await page.notebook.setCell(0, 'code', 'x = 1');
  await openPipelinePanel(page);
  await page.notebook.createNew('other.ipynb');
  for (const name of ['other.ipynb', 'closing.ipynb']) {
    await page.notebook.activate(name);
    await page.notebook.save();
    // Saved, so the tab closes without asking (Galata clicks the tab's close icon).
    await page.notebook.close(false);
    await expect(page.locator('.lm-DockPanel .lm-TabBar-tab', { hasText: name })).toHaveCount(0);
  }
  await page.waitForTimeout(500);
  expect(errors).toEqual([]);
});
