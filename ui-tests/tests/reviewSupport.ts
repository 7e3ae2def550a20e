import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { authHeaders, type DemoUser, demoToken, expect, SERVICE_URL } from './fixtures';

/** A code cell of an nbformat 4.5 notebook. */
export function codeCell(id: string, source: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    cell_type: 'code',
    metadata: {},
    source,
    outputs: [],
    execution_count: null,
    ...extra
  };
}

export function notebook(cells: unknown[]) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' }
    },
    cells
  };
}

/** Submit a notebook as a new request through the API; returns its id. */
export async function submit(
  request: APIRequestContext,
  user: DemoUser,
  data: {
    path: string;
    notebook: unknown;
    title: string;
    description?: string;
    environment?: string;
  }
): Promise<number> {
  const created = await request.post(`${SERVICE_URL}/api/v1/promotions`, {
    headers: authHeaders(user),
    data
  });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()).id as number;
}

/** Sign the running JupyterLab in as another demo user (the nbpromote token setting). */
export async function signInAs(page: Page, user: DemoUser): Promise<void> {
  const token = demoToken(user);
  await page.evaluate(async token => {
    const registry = await window.galata.getPlugin('@jupyterlab/apputils-extension:settings');
    await registry!.set('nbpromote:plugin', 'token', token);
  }, token);
}

/** The review panel of a request, once its header shows. */
export async function openReview(page: Page, id: number, args: Record<string, unknown> = {}) {
  await page.evaluate(
    async ({ id, args }) => {
      await window.jupyterapp.commands.execute('nbpromote:open-review', { id, ...args });
    },
    { id, args }
  );
  return reviewPanel(page, id);
}

export async function reviewPanel(page: Page, id: number) {
  const panel = page.locator(`#nbpromote-review-${id}`);
  await expect(panel.locator('.jp-nbpromote-ReviewHeader')).toBeVisible({ timeout: 20000 });
  return panel;
}

/** Scroll through the whole panel so every lazily built cell is built. */
export async function scrollThrough(page: Page, id: number): Promise<void> {
  const content = page.locator(`#nbpromote-review-${id} .jp-nbpromote-ReviewContent`);
  const cells = content.locator('.jp-nbpromote-ReviewCell');
  const n = await cells.count();
  for (let i = 0; i < n; i++) {
    await cells.nth(i).scrollIntoViewIfNeeded();
    await expect(cells.nth(i).locator('.jp-nbpromote-ReviewCell-body')).toBeVisible();
  }
}

/**
 * Every uncaught page error and console error from now on, as text, so a test can assert
 * after each step that nothing went wrong behind a panel that still looks fine.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(`pageerror: ${error.message}`));
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}

/** The panel shows its content: its header, its compare pickers and its cell list. */
export async function expectPanelContent(panel: Locator): Promise<void> {
  await expect(panel.locator('.jp-nbpromote-ReviewHeader-title h2')).toBeVisible();
  await expect(panel.getByRole('combobox', { name: 'Base' })).toBeVisible();
  await expect(panel.locator('.jp-nbpromote-ReviewCells')).toBeAttached();
}
