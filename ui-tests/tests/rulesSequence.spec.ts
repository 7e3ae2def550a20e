import type { APIRequestContext, Locator } from '@playwright/test';
import { authHeaders, expect, SERVICE_URL, test } from './fixtures';
import { seededRandom } from '../../src/__tests__/seededRandom';

/**
 * A seeded random sequence of the rules editor's own controls, as an admin might use them:
 * switch tabs and views, add, remove, move and open rules of every type, edit their fields
 * (valid and not), edit the JSON, try the draft on a request, revert and save. After every
 * step the editor shows content and the page logged no error; after every save the stored
 * document is what the editor shows. NBPROMOTE_RULES_SEQ_SEED and NBPROMOTE_RULES_SEQ_STEPS
 * reproduce or lengthen a run. The rules in force before the run are put back after it; the
 * file runs after rules.spec.ts, whose screenshots show the rules history.
 */
const SEED = Number(process.env.NBPROMOTE_RULES_SEQ_SEED ?? 7301);
const STEPS = Number(process.env.NBPROMOTE_RULES_SEQ_STEPS ?? 300);

test.describe.configure({ mode: 'serial' });
// Each action has its own limit, so a control that stops answering fails its step, not the run.
test.use({ user: 'grace', actionTimeout: 30000 });
// About 0.5 s a step on this machine, with room for a slow one.
test.setTimeout(60_000 + STEPS * 1_500);

async function api(
  request: APIRequestContext,
  method: 'get' | 'put' | 'post',
  path: string,
  data?: unknown
) {
  const res = await request[method](`${SERVICE_URL}/api/v1${path}`, {
    headers: authHeaders(method === 'post' && path === '/promotions' ? 'ada' : 'grace'),
    data
  });
  return { status: res.status(), body: await res.json() };
}

const NOTEBOOK = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { nbpromote: { project: 'sequence', algorithm: 'mean', owner: 'ada' } },
  cells: [
    {
      id: 'c-train',
      cell_type: 'code',
      metadata: { tags: ['step:train'] },
      source: 'model = 1',
      outputs: [],
      execution_count: null
    }
  ]
};

const RULE_TYPES = ['review', 'content', 'secrets', 'environment_order', 'metric', 'freeze'];
/** What the admin types into a text box: mostly sensible, sometimes wrong. */
const TEXTS: Record<string, string[]> = {
  integer: ['0', '1', '2', '3', '20', '', '-1', 'two'],
  number: ['0.8', '0.95', '1', '0.02', '', 'high', '1e-3'],
  text: [
    'accuracy',
    'train',
    'nbpromote.owner',
    'Fix it first.',
    '',
    'Bad Name!',
    '16:00',
    'UTC',
    '2026-12-24T00:00:00Z'
  ],
  textList: ['evaluate', 'train, evaluate', 'linus, margaret', '', 'Not A Step']
};

test('a random sequence of the rules editor’s controls keeps it showing and saving what it shows', async ({
  page,
  request
}) => {
  const random = seededRandom(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const errors: string[] = [];
  page.on('pageerror', e => errors.push(`pageerror: ${e.message}`));
  page.on('console', m => {
    if (m.type() === 'error') {
      errors.push(`console: ${m.text()}`);
    }
  });

  const original = (await api(request, 'get', '/rules')).body;
  const created = await api(request, 'post', '/promotions', {
    path: 'sequence/mean.ipynb',
    notebook: NOTEBOOK,
    title: 'Sequence',
    environment: 'stage'
  });
  expect(created.status).toBe(201);
  const requestId = created.body.id as number;

  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('nbpromote:open-rules');
  });
  const editor = page.locator('.jp-nbpromote-RulesEditor');
  await expect(editor.locator('.jp-nbpromote-RulesEditor-version')).toBeVisible();
  const json = editor.getByRole('textbox', { name: 'Rules as JSON' });
  const inJson = () => json.isVisible();

  /** The document the editor shows, read from its JSON view (and back to the view it was in). */
  async function shown(): Promise<unknown> {
    const wasJson = await inJson();
    if (!wasJson) {
      await editor.getByRole('button', { name: 'JSON' }).click();
    }
    const text = await json.inputValue();
    if (!wasJson) {
      await editor.getByRole('button', { name: 'Form' }).click();
    }
    return JSON.parse(text);
  }

  const cards = editor.locator('.jp-nbpromote-RuleCard');
  const openCard = editor.locator('.jp-nbpromote-RuleCard[data-open]');
  let saves = 0;

  const actions: [number, string, () => Promise<void>][] = [
    [
      8,
      'tab',
      async () => {
        await editor
          .getByRole('tab', {
            name: new RegExp(`^${pick(['Every environment', 'dev', 'stage', 'prod'])}`)
          })
          .click();
      }
    ],
    [
      5,
      'view',
      async () => {
        await editor.getByRole('button', { name: pick(['Form', 'JSON']), exact: true }).click();
      }
    ],
    [
      8,
      'add',
      async () => {
        if (await inJson()) return;
        await editor
          .getByRole('combobox', { name: 'Type of rule to add' })
          .selectOption(pick(RULE_TYPES));
        await editor.getByRole('button', { name: 'Add rule' }).click();
      }
    ],
    [
      4,
      'remove',
      async () => {
        const n = await cards.count();
        if (n === 0 || (await inJson())) return;
        await cards
          .nth(Math.floor(random() * n))
          .getByRole('button', { name: /^Remove rule/ })
          .click();
      }
    ],
    [
      5,
      'move',
      async () => {
        const n = await cards.count();
        if (n < 2 || (await inJson())) return;
        const i = Math.floor(random() * n);
        const up = i > 0 && (i === n - 1 || random() < 0.5);
        await cards
          .nth(i)
          .getByRole('button', { name: up ? /^Move rule .* up$/ : /^Move rule .* down$/ })
          .click();
      }
    ],
    [
      8,
      'open',
      async () => {
        const n = await cards.count();
        if (n === 0 || (await inJson())) return;
        await cards
          .nth(Math.floor(random() * n))
          .getByRole('button', { name: /^(Edit|Close) rule/ })
          .click();
      }
    ],
    [
      30,
      'field',
      async () => {
        if ((await inJson()) || (await openCard.count()) === 0) return;
        await editField(openCard);
      }
    ],
    [
      4,
      'json',
      async () => {
        if (!(await inJson())) return;
        const doc = JSON.parse(await json.inputValue());
        const sets = [doc.defaults, ...Object.values(doc.environments ?? {})].filter(Boolean) as {
          rules?: { enforcement?: string }[];
        }[];
        const rules = sets.flatMap(s => s.rules ?? []);
        if (rules.length > 0) {
          pick(rules).enforcement = pick(['active', 'evaluate', 'disabled']);
        }
        if (random() < 0.3) {
          // A slip of the keyboard, then the fix: the draft keeps its last valid value meanwhile.
          await json.fill(JSON.stringify(doc, null, 2).slice(0, -3));
          await expect(editor.locator('.jp-nbpromote-RulesEditor-problems')).toContainText(
            'Not valid JSON'
          );
        }
        await json.fill(JSON.stringify(doc, null, 2));
      }
    ],
    [
      3,
      'try',
      async () => {
        await editor.getByRole('textbox', { name: 'Request number' }).fill(String(requestId));
        const tryIt = editor.getByRole('button', { name: 'Try', exact: true });
        if (!(await tryIt.isEnabled())) {
          // A draft with problems is not sent: the button says so.
          await expect(editor.locator('.jp-nbpromote-RulesEditor-dryrun')).toContainText(
            'Fix the problems above'
          );
          return;
        }
        await tryIt.click();
        await expect(
          editor
            .locator(
              '.jp-nbpromote-RulesEditor-dryrunResult, .jp-nbpromote-RulesEditor-dryrun [role="alert"]'
            )
            .first()
        ).toBeVisible();
      }
    ],
    [
      3,
      'revert',
      async () => {
        const revert = editor.getByRole('button', { name: 'Revert' });
        if (await revert.isEnabled()) await revert.click();
      }
    ],
    [
      7,
      'save',
      async () => {
        const message = editor.getByRole('textbox', { name: 'What the change is for' });
        await message.fill(`step save ${saves + 1}`);
        const save = editor.getByRole('button', { name: 'Save', exact: true });
        if (!(await save.isEnabled())) {
          // Problems left by the sequence: sometimes start over from what is in force.
          if (
            random() < 0.5 &&
            (await editor.getByRole('button', { name: 'Revert' }).isEnabled())
          ) {
            await editor.getByRole('button', { name: 'Revert' }).click();
          }
          return;
        }
        await save.click();
        saves++;
        await expect(editor.locator('.jp-nbpromote-RulesHistory-list li').first()).toContainText(
          `step save ${saves}`
        );
        const stored = (await api(request, 'get', '/rules')).body.document;
        expect(stored).toEqual(await shown());
        await expect(save).toBeDisabled();
      }
    ]
  ];
  const total = actions.reduce((sum, [w]) => sum + w, 0);

  async function editField(card: Locator) {
    const fields = card.locator('.jp-nbpromote-RuleField:not(fieldset)');
    const n = await fields.count();
    const lists = card.locator(
      '.jp-nbpromote-RuleField-add, fieldset legend input[type="checkbox"]'
    );
    if (random() < 0.15 && (await lists.count()) > 0) {
      await lists.nth(Math.floor(random() * (await lists.count()))).click();
      return;
    }
    if (n === 0) return;
    const field = fields.nth(Math.floor(random() * n));
    const kind = (await field.getAttribute('data-kind')) ?? 'text';
    if (random() < 0.1 && (await field.locator('.jp-nbpromote-RuleField-clear').count()) > 0) {
      await field.locator('.jp-nbpromote-RuleField-clear').click();
      return;
    }
    if (kind === 'boolean' || kind === 'choices') {
      const boxes = field.locator('input[type="checkbox"]');
      await boxes.nth(Math.floor(random() * (await boxes.count()))).click();
    } else if (kind === 'choice') {
      const select = field.locator('select');
      const options = await select
        .locator('option')
        .evaluateAll(os => os.map(o => (o as HTMLOptionElement).value));
      await select.selectOption(pick(options));
    } else {
      await field.locator('input[type="text"]').fill(pick(TEXTS[kind] ?? TEXTS.text));
    }
  }

  try {
    for (let step = 0; step < STEPS; step++) {
      let r = random() * total;
      const [, name, run] = actions.find(([w]) => (r -= w) < 0) ?? actions[0];
      await test.step(`${step}: ${name}`, run);
      // The editor still shows content, and nothing went wrong in the page.
      await expect(editor.locator('.jp-nbpromote-RulesEditor-bar')).toBeVisible();
      await expect(
        editor.locator('.jp-nbpromote-RulesEditor-form, .jp-nbpromote-RulesEditor-json').first()
      ).toBeVisible();
      const text = await editor.innerText();
      expect(text.length, `step ${step} (${name}) left the editor empty`).toBeGreaterThan(100);
      expect(errors, `step ${step} (${name}), seed ${SEED}`).toEqual([]);
    }
    console.log(`rules sequence: seed ${SEED}, ${STEPS} steps, ${saves} saves`);
  } finally {
    // The rules in force before the run, back for the specs that follow.
    const current = (await api(request, 'get', '/rules')).body;
    if (JSON.stringify(current.document) !== JSON.stringify(original.document)) {
      const put = await api(request, 'put', '/rules', {
        document: original.document,
        message: 'Rules as before the random sequence',
        baseVersion: current.version
      });
      expect(put.status).toBe(200);
    }
  }
});
