import type { Page } from '@playwright/test';
import { galata, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import { authHeaders, expect, SERVICE_URL, test } from './fixtures';
import { codeCell, notebook, submit } from './reviewSupport';

/**
 * Several JupyterLab tabs in one browser: a browser opens at most six HTTP/1.1 connections to
 * one host, so the panels of every tab must share the service's event stream instead of each
 * holding one open, or the later tabs' requests wait behind the streams.
 */

async function openPanels(page: Page, id: number): Promise<void> {
  await page.evaluate(async id => {
    const { commands } = window.jupyterapp;
    await commands.execute('nbpromote:open-requests');
    await commands.execute('nbpromote:open-catalog');
    await commands.execute('nbpromote:open-review', { id });
  }, id);
}

test('three tabs each show the requests, the catalog and a review, and all follow live changes', async ({
  page,
  context,
  request,
  baseURL,
  tmpPath,
  waitForApplication,
  mockSettings
}) => {
  test.setTimeout(180000);
  const id = await submit(request, 'ada', {
    path: `${tmpPath}/tabs.ipynb`,
    notebook: notebook([codeCell('only', 'x = 1', { metadata: { tags: ['step:train'] } })]),
    title: 'Three tabs'
  });

  const tabs: IJupyterLabPageFixture[] = [page];
  for (let i = 1; i < 3; i++) {
    const next = await context.newPage();
    tabs.push(
      await galata.initTestPage(
        // JupyterLab moves a second tab on the same workspace to a new one (a navigation):
        // each tab gets its own from the start.
        `/lab/workspaces/tab${i}`,
        true,
        baseURL!,
        true,
        mockSettings,
        true,
        true,
        next,
        new Map(),
        new Map(),
        tmpPath,
        waitForApplication,
        new Map(),
        true
      )
    );
  }
  for (const tab of tabs) {
    await openPanels(tab, id);
    // Promptly: a review waiting behind other streams stays on "Loading the review…".
    await expect(tab.locator(`#nbpromote-review-${id} .jp-nbpromote-ReviewHeader`)).toBeVisible({
      timeout: 10000
    });
  }

  // linus approves: every tab's requests panel and review hear of it over the event stream.
  const approved = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/reviews`, {
    headers: authHeaders('linus'),
    data: { verdict: 'approve', body: 'Fine by me.' }
  });
  expect(approved.ok(), await approved.text()).toBe(true);
  for (const tab of tabs) {
    const row = tab.locator(`#nbpromote-requests [data-request-id="${id}"]`).first();
    await expect(row.locator('.jp-nbpromote-State')).toHaveText('approved', { timeout: 15000 });
    await expect(tab.locator(`#nbpromote-review-${id} .jp-nbpromote-ReviewHeader`)).toContainText(
      'approved'
    );
  }

  // ada promotes: every tab's catalog shows the version.
  const promoted = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/promote`, {
    headers: authHeaders('ada'),
    data: {}
  });
  expect(promoted.ok(), await promoted.text()).toBe(true);
  const { version } = await promoted.json();
  for (const tab of tabs) {
    await expect(tab.locator('#nbpromote-catalog')).toContainText(version, {
      timeout: 15000
    });
  }
});
