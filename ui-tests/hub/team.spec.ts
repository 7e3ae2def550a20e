import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { command, startTeamHub, type TeamHub } from './teamHub';

/**
 * A team behind JupyterHub, in the browser: ada logs in, tags a notebook and promotes it; linus
 * logs in and approves from the requests panel; grace changes a rule; eve, in no nbpromote
 * group, is refused in plain words; the Hub going away shows as such, then nbpromote resumes.
 * Nobody pastes a token: the Jupyter server signs every call with its own Hub token.
 */
test.describe.configure({ mode: 'serial' });

let team: TeamHub;
const pages = new Map<string, Page>();
let requestId = 0;

/** The user's JupyterLab, logged in once and kept for the following steps. */
async function lab(browser: Browser, user: string): Promise<Page> {
  let page = pages.get(user);
  if (!page) {
    page = await team.logIn(browser, user);
    pages.set(user, page);
  }
  return page;
}

async function requestsPanel(page: Page): Promise<Locator> {
  await command(page, 'nbpromote:open-requests');
  const panel = page.locator('#nbpromote-requests');
  await expect(panel).toBeVisible();
  return panel;
}

const codeCell = (id: string, source: string) => ({
  id,
  cell_type: 'code',
  metadata: {},
  source,
  outputs: [],
  execution_count: null
});

test.beforeAll(async () => {
  test.setTimeout(180000);
  team = await startTeamHub();
  // ada's notebook waits in her home, untagged.
  fs.mkdirSync(team.home('ada'), { recursive: true });
  fs.writeFileSync(
    path.join(team.home('ada'), 'churn.ipynb'),
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
        language_info: { name: 'python' }
      },
      cells: [
        codeCell('c-load', 'rows = [3, 1, 2]'),
        codeCell('c-clean', 'clean = sorted(rows)'),
        codeCell('c-report', 'print(clean)')
      ]
    })
  );
});

test.afterAll(async () => {
  for (const page of pages.values()) await page.context().close();
  await team?.stop();
});

test('ada logs in at the Hub, her JupyterLab knows her, and no token is set anywhere', async ({
  browser
}) => {
  const login = await fetch(`${team.hub.url}/hub/login`);
  expect(login.status).toBe(200);
  expect(await login.text()).toContain('id="password_input"');

  const page = await lab(browser, 'ada');
  const panel = await requestsPanel(page);
  await expect(panel).toContainText('Signed in as ada (data-scientist)');

  const settings = await page.request.get(
    `${team.hub.url}/user/ada/lab/api/settings/nbpromote:plugin`
  );
  expect(settings.status()).toBe(200);
  // What JupyterLab's settings API holds for her: the user's own values and the defaults.
  const body = (await settings.json()) as {
    settings: { token?: string };
    raw: string;
    schema: { properties: { token: { default: string } } };
  };
  expect(body.settings.token ?? '').toBe('');
  expect(body.schema.properties.token.default).toBe('');
  expect(body.raw).not.toMatch(/"token"\s*:\s*"[^"]/);
  const onDisk = path.join(team.home('ada'), '.jupyter/lab/user-settings/nbpromote');
  for (const file of fs.existsSync(onDisk) ? fs.readdirSync(onDisk) : []) {
    expect(fs.readFileSync(path.join(onDisk, file), 'utf8')).not.toMatch(/"token"\s*:\s*"[^"]/);
  }
});

test('ada tags her notebook as steps and promotes it', async ({ browser }) => {
  const page = await lab(browser, 'ada');
  await command(page, 'docmanager:open', { path: 'churn.ipynb' });
  const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
  await expect(cells).toHaveCount(3);
  const picker = page.locator('.jp-Notebook .jp-Cell.jp-mod-active .nbp-StepPicker-select');
  for (const [index, step] of [
    [0, 'step:extract'],
    [1, 'step:preprocess']
  ] as const) {
    await cells.nth(index).locator('.jp-InputPrompt').click();
    await expect(picker).toBeVisible();
    await picker.selectOption(step);
    await expect(cells.nth(index)).toHaveAttribute('data-nbp-step', step.slice('step:'.length));
  }

  await page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="nbpromote-promote"]').click();
  const dialog = page.locator('.jp-nbpromote-PromoteDialog');
  await expect(dialog.locator('.jp-nbpromote-PromoteDialog-version')).toBeVisible();
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const toast = page.locator('.Toastify__toast', { hasText: /Promotion request #\d+ created/ });
  await expect(toast).toBeVisible();
  requestId = Number(/#(\d+)/.exec((await toast.textContent()) ?? '')![1]);

  const panel = await requestsPanel(page);
  const row = panel.locator(`[data-request-id="${requestId}"]`).first();
  await expect(row).toContainText('open');
});

test('linus logs in, opens the request from the requests panel and approves it', async ({
  browser
}) => {
  expect(requestId).toBeGreaterThan(0);
  const page = await lab(browser, 'linus');
  const panel = await requestsPanel(page);
  await expect(panel).toContainText('Signed in as linus (reviewer)');
  const waiting = panel.getByRole('region', { name: 'Waiting for my review' });
  const row = waiting.locator(`[data-request-id="${requestId}"]`).first();
  await row.getByRole('button', { name: 'Review' }).click();

  const review = page.locator(`#nbpromote-review-${requestId}`);
  await expect(review.locator('.jp-nbpromote-ReviewHeader')).toBeVisible();
  await expect(review.locator('.jp-nbpromote-ReviewHeader-meta')).toContainText('ada');
  await review.getByRole('button', { name: 'Approve' }).click();
  await expect(review.locator('.jp-nbpromote-ReviewHeader-title')).toContainText('approved');

  // ada hears of it in her own JupyterLab, through the service's event stream.
  const adaPanel = await requestsPanel(pages.get('ada')!);
  await expect(adaPanel.locator(`[data-request-id="${requestId}"]`).first()).toContainText(
    'approved'
  );
});

test('grace logs in and changes a rule in the rules editor', async ({ browser }) => {
  const page = await lab(browser, 'grace');
  await command(page, 'nbpromote:open-rules');
  const editor = page.locator('.jp-nbpromote-RulesEditor');
  await expect(editor.locator('.jp-nbpromote-RulesEditor-version')).toBeVisible();
  await editor.getByRole('tab', { name: 'prod' }).click();
  const approvals = editor.locator('.jp-nbpromote-RuleCard[data-rule-id="two-approvals"]');
  await approvals.getByRole('button', { name: 'Edit rule two-approvals' }).click();
  await approvals.getByLabel('Approvals required', { exact: true }).fill('3');
  await expect(approvals).toContainText('Needs 3 approvals');
  await editor.getByRole('textbox', { name: 'What the change is for' }).fill('prod: three');
  await editor.getByRole('button', { name: 'Save', exact: true }).click();
  const history = editor.locator('.jp-nbpromote-RulesHistory-list li').first();
  await expect(history).toContainText('prod: three');
  await expect(history).toContainText('grace');

  // The service has it, as any Hub user's server reads it.
  const { token } = await team.hub.serverToken('ada');
  const rules = await fetch(`${team.serviceUrl}/api/v1/rules`, {
    headers: { Authorization: `token ${token}` }
  });
  expect(rules.status).toBe(200);
  const document = ((await rules.json()) as { document: RulesDocument }).document;
  const prod = document.environments.prod.rules.find(r => r.id === 'two-approvals');
  expect(prod?.parameters.approvals).toBe(3);
});

interface RulesDocument {
  environments: Record<string, { rules: { id: string; parameters: Record<string, unknown> }[] }>;
}

test('eve, in no nbpromote group, is refused in plain words', async ({ browser }) => {
  const page = await lab(browser, 'eve');
  const panel = await requestsPanel(page);
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('eve has no nbpromote role');
  await expect(alert).toContainText('nbpromote-users');
  await expect(alert).not.toContainText(/Settings|token|Error:|\bat \S+:\d+/);
  await expect(panel).not.toContainText('Signed in as');
});

test('the Hub gone: the panel says so, then nbpromote resumes when the Hub is back', async ({
  browser
}) => {
  const page = await lab(browser, 'ada');
  const panel = await requestsPanel(page);
  await expect(panel).toContainText('Signed in as ada (data-scientist)');
  const refresh = panel.getByRole('button', { name: 'Refresh requests' });

  await team.hub.crash();
  await refresh.click();
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('JupyterHub did not answer');
  await expect(alert).not.toContainText(/Settings|npm start|Error:/);

  await team.hub.start();
  // The restarted Hub starts a new proxy and routes the running servers again. Meanwhile
  // JupyterLab itself, which lost its server through the old proxy, may have said so in dialogs
  // of its own ("Server unavailable or unreachable ... restart it?", "Directory not found"):
  // the server is fine, so ada closes them (Escape: Dismiss, Close).
  await expect(async () => {
    const dialog = page.locator('.jp-Dialog');
    for (let open = 0; open < 5 && (await dialog.first().isVisible()); open++) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(200);
    }
    await refresh.click({ timeout: 2000 });
    await expect(panel).toContainText('Signed in as ada (data-scientist)', { timeout: 3000 });
  }).toPass({ timeout: 60000 });
  await expect(alert).toHaveCount(0);
  await expect(panel.locator(`[data-request-id="${requestId}"]`).first()).toContainText('approved');
});
