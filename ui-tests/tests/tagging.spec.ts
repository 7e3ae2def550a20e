import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Cell tagging, step markers, the pipeline panel and the settings form, through the UI
 * only: every tag and setting is written by clicking and typing.
 */
const picker = (page: Page): Locator =>
  page.locator('.jp-Notebook .jp-Cell.jp-mod-active .nbp-StepPicker-select');
const cell = (page: Page, index: number): Locator =>
  page.locator('.jp-Notebook .jp-Cell').nth(index);

async function fillNotebook(page: Page): Promise<void> {
  await page.notebook.createNew('tagging.ipynb');
  await page.notebook.setCell(0, 'code', 'import math');
  await page.notebook.addCell('code', 'raw = [1, 2, 3]');
  await page.notebook.addCell('code', 'clean = [x * 2 for x in raw]');
  await page.notebook.addCell('code', 'scaled = [math.sqrt(x) for x in clean]');
  await page.notebook.addCell('code', 'print(undefined_thing)');
  await page.notebook.addCell('code', 'total = sum(scaled)');
  await page.keyboard.press('Escape');
}

/** Make one cell active (command mode) so its toolbar, and the picker, shows. */
async function activate(page: Page, index: number): Promise<void> {
  await page.notebook.selectCells(index);
  await expect(picker(page)).toBeVisible();
}

test('tag cells with the cell-toolbar picker and follow the pipeline', async ({ page }) => {
  await fillNotebook(page);

  await activate(page, 0);
  await expect(picker(page)).toHaveAccessibleName('Pipeline step of this cell');
  await picker(page).selectOption('imports');
  await expect(cell(page, 0)).toHaveAttribute('data-nbp-label', 'imports');

  await activate(page, 1);
  await picker(page).selectOption('step:extract');
  await expect(cell(page, 1)).toHaveClass(/nbp-mod-stepStart/);
  await expect(cell(page, 1)).toHaveAttribute('data-nbp-step', 'extract');

  // Two cells at once: select cells 3-4, then pick in the active cell's toolbar.
  await page.notebook.selectCells(2, 3);
  await expect(picker(page)).toHaveAccessibleName('Pipeline step of the 2 selected cells');
  await picker(page).selectOption('step:preprocess');
  await expect(page.locator('.jp-Cell[data-nbp-step="preprocess"].nbp-mod-stepStart')).toHaveCount(
    2
  );

  // A new step: an invalid name is refused with the rule shown, a valid one is applied.
  await activate(page, 4);
  await picker(page).selectOption('__new__');
  const name = page.getByRole('textbox', { name: 'New step name' });
  await name.fill('My Report');
  const error = page.locator('.nbp-StepPicker-error');
  await expect(error).toContainText('"My Report" is not a valid step name');
  await expect(error).toContainText('^[a-z_][a-z0-9_]*$');
  await name.press('Enter');
  await expect(name).toBeVisible();
  // Refused: the cell still only inherits the step above.
  await expect(cell(page, 4)).toHaveClass(/nbp-mod-stepInherited/);
  await name.fill('report');
  await expect(error).toHaveCount(0);
  await name.press('Enter');
  await expect(cell(page, 4)).toHaveAttribute('data-nbp-step', 'report');
  // The untagged cell below inherits the step, subtly.
  await expect(cell(page, 5)).toHaveClass(/nbp-mod-stepInherited/);
  await expect(cell(page, 5)).toHaveAttribute('data-nbp-step', 'report');
  // The notebook's own step is offered next time.
  await activate(page, 5);
  await expect(picker(page).locator('option[value="step:report"]')).toHaveCount(1);

  // The pipeline panel lists the steps in order, from the tags.
  await page.locator('.lm-TabBar-tab[title="Pipeline (nbpromote)"]').click();
  const panel = page.locator('#nbpromote-pipeline');
  await expect(panel).toBeVisible();
  await expect(panel.locator('.nbp-StepList-name')).toHaveText(['extract', 'preprocess', 'report']);
  await expect(panel.locator('.nbp-StepList-item').nth(1)).toContainText('cell 3');
  await expect(panel.locator('.nbp-StepList-item').nth(1)).toContainText('cell 4');
  await panel.getByRole('button', { name: 'Go to cell 4' }).click();
  await expect(cell(page, 3)).toHaveClass(/jp-mod-active/);

  // Live problems from the service's check, each linked to its cell.
  const problem = panel.locator('.nbp-Problem', { hasText: 'undefined_thing' });
  await expect(problem).toBeVisible({ timeout: 15000 });
  await expect(problem).toContainText('cell 5');
  await problem.getByRole('button').click();
  await expect(cell(page, 4)).toHaveClass(/jp-mod-active/);

  // Screenshots of the tagged notebook in the light and the dark theme.
  // With the panel open the notebook is narrower and JupyterLab hides the cell toolbar.
  await page.notebook.selectCells(0);
  await page.keyboard.press('Escape');
  const notebook = page.locator('.jp-NotebookPanel-notebook');
  const shot = async () => notebook.screenshot({ mask: [notebook.locator('.jp-cell-toolbar')] });
  expect(await shot()).toMatchSnapshot('tagged-notebook-light.png', { maxDiffPixelRatio: 0.02 });
  await page.theme.setDarkTheme();
  expect(await shot()).toMatchSnapshot('tagged-notebook-dark.png', { maxDiffPixelRatio: 0.02 });
  await page.theme.setLightTheme();
});

test('the settings form writes metadata and flags a bad cron', async ({ page, tmpPath }) => {
  await fillNotebook(page);
  await page.locator('.lm-TabBar-tab[title="Pipeline (nbpromote)"]').click();
  const panel = page.locator('#nbpromote-pipeline');
  await expect(panel.locator('.nbp-Settings')).toBeVisible();

  await panel.locator('#nbp-notebook-settings_project').fill('titanic');
  await panel.locator('#nbp-notebook-settings_owner').fill('data-science@example.com');
  await panel.locator('#nbp-notebook-settings_project').fill('Not Valid');
  await expect(panel.locator('.nbp-Settings')).toContainText('must match pattern');
  await panel.locator('#nbp-notebook-settings_project').fill('titanic');

  const schedule = panel.locator('#nbp-notebook-settings_schedule');
  await schedule.fill('61 * * * *');
  await expect(schedule).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.locator('.nbp-Schedule-reading')).toContainText(
    'minutes part must be >= 0 and <= 59'
  );
  await schedule.fill('every day');
  await expect(panel.locator('.nbp-Schedule-reading')).toContainText('5 fields');
  await schedule.fill('0 6 * * 1');
  await expect(panel.locator('.nbp-Schedule-reading')).toHaveText('At 06:00, only on Monday');
  await expect(schedule).toHaveAttribute('aria-invalid', 'false');

  // The cell form follows the active cell.
  await page.notebook.selectCells(1);
  await expect(panel).toContainText('Settings of cell 2');
  await panel.locator('#nbp-cell-settings_retries').fill('2');

  // What was typed is in the notebook's metadata, as JupyterLab's own editor shows it.
  await page.notebook.save();
  const saved = await page.request.get(`/api/contents/${tmpPath}/tagging.ipynb?content=1`);
  const nb = (await saved.json()).content as {
    metadata: Record<string, unknown>;
    cells: { metadata: Record<string, unknown> }[];
  };
  expect(nb.metadata.nbpromote).toMatchObject({
    project: 'titanic',
    owner: 'data-science@example.com',
    schedule: '0 6 * * 1'
  });
  expect(nb.cells[1].metadata.nbpromote).toEqual({ retries: 2 });
});

test('New step… opens its name field above the next cell, focused; Enter tags, Escape cancels', async ({
  page
}) => {
  await fillNotebook(page);
  await activate(page, 1);
  await picker(page).selectOption('__new__');
  const name = page.getByRole('textbox', { name: 'New step name' });
  await expect(name).toBeVisible();
  await expect(name).toBeFocused();
  // Nothing is drawn over the field or its button: what is at their centres is them.
  for (const target of [name, page.getByRole('button', { name: 'Tag', exact: true })]) {
    const hit = await target.evaluate(el => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return top === el || el.contains(top);
    });
    expect(hit).toBe(true);
  }
  await page.keyboard.type('Clean');
  const popup = page.locator('.nbp-StepPicker-new');
  await expect(popup.locator('.nbp-StepPicker-error')).toContainText('"Clean" is not a valid');
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await page.theme.setDarkTheme();
    }
    expect(await popup.screenshot()).toMatchSnapshot(`new-step-${theme}.png`, {
      maxDiffPixelRatio: 0.03
    });
  }
  await page.theme.setLightTheme();
  await name.fill('clean');
  await name.press('Enter');
  await expect(cell(page, 1)).toHaveAttribute('data-nbp-step', 'clean');
  await expect(name).toHaveCount(0);

  // Escape cancels: the field closes and the cell keeps its tags.
  await activate(page, 2);
  await picker(page).selectOption('__new__');
  await expect(name).toBeFocused();
  await page.keyboard.type('other');
  await page.keyboard.press('Escape');
  await expect(name).toHaveCount(0);
  await expect(cell(page, 2)).toHaveAttribute('data-nbp-step', 'clean');
  await expect(cell(page, 2)).toHaveClass(/nbp-mod-stepInherited/);
});
