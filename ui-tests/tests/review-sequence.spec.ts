import type { Locator, Page } from '@playwright/test';
import {
  bigNotebook,
  type BigPairShape,
  REVIEW_PAIR,
  revise,
  reviewAs,
  submitBigPair
} from './bigPair';
import { authHeaders, expect, SERVICE_URL, test } from './fixtures';
import { openReview, watchErrors } from './reviewSupport';
import { seededRandom } from '../../src/__tests__/seededRandom';

/**
 * The review panel driven by long random sequences of its own controls on a 300-cell pair with
 * three revisions: the compare and head pickers, the layout toggle, source / rendered, viewed,
 * folds, `n` / `p`, the new-revision banner, scrolling, comment, reply and resolve, while ada,
 * the author, comments and submits revisions from her own session. After every step the panel
 * must show its content and the page must have logged no error.
 *
 * Seeded and reproducible: NBPROMOTE_REVIEW_SEQ_SEED (default 20261207) and
 * NBPROMOTE_REVIEW_SEQ_STEPS (default 300). A failure names the seed and the steps so far.
 */
const SEED = Number(process.env.NBPROMOTE_REVIEW_SEQ_SEED ?? 20261207);
const STEPS = Number(process.env.NBPROMOTE_REVIEW_SEQ_STEPS ?? 300);
const SHAPE: BigPairShape = { ...REVIEW_PAIR, markdownEvery: 30 };

/** What ada, the author, does from her own session while linus reviews. */
interface Author {
  comment(pick: (n: number) => number): Promise<string>;
  revise(panel: Locator): Promise<string>;
}

type Step = (ctx: {
  page: Page;
  panel: Locator;
  pick: (n: number) => number;
  ada: Author;
}) => Promise<string>;

/** The most revisions ada submits, so a long sequence stays about one review. */
const MAX_REVISIONS = 6;

/** One of the locator's matches, or null when there is none. */
async function one(locator: Locator, pick: (n: number) => number): Promise<Locator | null> {
  const n = await locator.count();
  return n === 0 ? null : locator.nth(pick(n));
}

const STEPS_BY_NAME: Record<string, Step> = {
  async compare({ panel, pick }) {
    const select = panel.getByRole('combobox', { name: 'Base' });
    const values = await select
      .locator('option')
      .evaluateAll(os => os.map(o => (o as HTMLOptionElement).value));
    const value = values[pick(values.length)];
    await select.selectOption(value);
    return `compare ${value}`;
  },
  async head({ panel, pick }) {
    const select = panel.getByRole('combobox', { name: 'Head' });
    const values = await select
      .locator('option')
      .evaluateAll(os => os.map(o => (o as HTMLOptionElement).value));
    const value = values[pick(values.length)];
    await select.selectOption(value);
    return `head ${value}`;
  },
  async layout({ panel }) {
    await panel.locator('.jp-nbpromote-ReviewHeader-layout').click();
    return 'layout';
  },
  async markdown({ panel, pick }) {
    const button = await one(
      panel
        .locator('.jp-nbpromote-ReviewCell-tools')
        .getByRole('button', { name: /^(Source diff|Rendered)$/ }),
      pick
    );
    if (!button) {
      return 'markdown (none shown)';
    }
    await button.click();
    return 'markdown source/rendered';
  },
  async viewed({ panel, pick }) {
    const box = await one(panel.getByRole('checkbox', { name: 'Viewed' }), pick);
    if (!box) {
      return 'viewed (none)';
    }
    await box.click();
    return 'viewed';
  },
  async fold({ panel, pick }) {
    const fold = await one(panel.locator('.jp-nbpromote-ReviewFold'), pick);
    if (!fold) {
      return 'fold (none)';
    }
    await fold.click();
    return 'unfold';
  },
  async keys({ page, panel, pick }) {
    await panel.locator('.jp-nbpromote-ReviewPipeline h3').click();
    const key = pick(2) === 0 ? 'n' : 'p';
    for (let i = 1 + pick(3); i > 0; i--) {
      await page.keyboard.press(key);
    }
    return `keys ${key}`;
  },
  async banner({ panel }) {
    const button = panel.locator('.jp-nbpromote-ReviewBanner button');
    if ((await button.count()) === 0) {
      return 'banner (none)';
    }
    await button.click();
    return 'banner';
  },
  async scroll({ page, panel, pick }) {
    await panel.locator('.jp-nbpromote-ReviewContent').hover();
    await page.mouse.wheel(0, (pick(2) === 0 ? -1 : 1) * (300 + pick(3000)));
    return 'scroll';
  },
  async comment({ panel, pick }) {
    const cell = await one(
      panel.locator('.jp-nbpromote-ReviewCell:has(.jp-nbpromote-ReviewCell-comment)'),
      pick
    );
    if (!cell) {
      return 'comment (no cell)';
    }
    await cell.locator('.jp-nbpromote-ReviewCell-comment').click();
    const form = cell.locator('.jp-nbpromote-CommentForm').last();
    await form.getByRole('textbox').fill(`Note ${pick(1000)}`);
    await form.locator('button.jp-mod-accept').click();
    await expect(form).toHaveCount(0);
    return 'comment';
  },
  async reply({ panel, pick }) {
    const found = await one(
      panel.locator('.jp-nbpromote-Thread:has(.jp-nbpromote-Thread-actions)'),
      pick
    );
    if (!found) {
      return 'reply (no thread)';
    }
    // By its id: once its form opens, the thread no longer matches the list it was picked from.
    const thread = panel.locator(
      `.jp-nbpromote-Thread[data-thread-id="${await found.getAttribute('data-thread-id')}"]`
    );
    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.getByRole('textbox', { name: 'Reply' }).fill(`Reply ${pick(1000)}`);
    await thread.locator('.jp-nbpromote-CommentForm button.jp-mod-accept').click();
    await expect(thread.locator('.jp-nbpromote-CommentForm')).toHaveCount(0);
    return 'reply';
  },
  async adaComments({ pick, ada }) {
    return ada.comment(pick);
  },
  async adaRevises({ panel, ada }) {
    return ada.revise(panel);
  },
  async resolve({ panel, pick }) {
    const button = await one(
      panel
        .locator('.jp-nbpromote-Thread-actions')
        .getByRole('button', { name: /^(Resolve|Reopen)$/ }),
      pick
    );
    if (!button) {
      return 'resolve (no thread)';
    }
    await button.click();
    return 'resolve/reopen';
  }
};

/** How often each step is taken: reading moves often, writing comments now and then. */
const WEIGHTS: [string, number][] = [
  ['compare', 3],
  ['head', 2],
  ['layout', 2],
  ['markdown', 3],
  ['viewed', 3],
  ['fold', 2],
  ['keys', 3],
  ['banner', 2],
  ['scroll', 5],
  ['comment', 1],
  ['reply', 1],
  ['resolve', 1],
  ['adaComments', 1],
  ['adaRevises', 1]
];

// Each action has its own limit, so a control that stops answering fails its step, not the run.
test.use({ user: 'linus', viewport: { width: 1280, height: 900 }, actionTimeout: 30000 });

test(`random sequences of review controls keep the panel (seed ${SEED}, ${STEPS} steps)`, async ({
  page,
  request,
  tmpPath
}) => {
  // A guard against a hang, not a speed check: a step takes about 1-2 s on this machine when it
  // is quiet, and over 3 s when other work shares its two cores.
  test.setTimeout(Math.max(240000, STEPS * 6000));
  const errors = watchErrors(page);
  const id = await submitBigPair(request, `${tmpPath}/sequence.ipynb`, {
    revisions: 1,
    shape: SHAPE
  });
  await reviewAs(request, 'linus', id, { verdict: 'comment', body: 'First pass.' });
  for (const n of [2, 3]) {
    await revise(request, id, bigNotebook(n, SHAPE));
  }
  const panel = await openReview(page, id);

  // ada works at the same time through the API, as her own session would: her comments and
  // revisions reach linus's panel live, mid-sequence.
  let latest = 3;
  const ada: Author = {
    async comment(pick) {
      const cellId = `c${pick(SHAPE.cells)}`;
      const res = await request.post(`${SERVICE_URL}/api/v1/promotions/${id}/comments`, {
        headers: authHeaders('ada'),
        data: { revision: latest, cellId, body: `ada on ${cellId}` }
      });
      expect(res.status(), await res.text()).toBe(201);
      return 'ada comments';
    },
    async revise(panel) {
      if (latest >= MAX_REVISIONS) {
        return 'ada revises (no more)';
      }
      await revise(request, id, bigNotebook(++latest, SHAPE));
      // The new revision reaches the panel live: the banner offers it, or the head picker does.
      const offered = panel
        .locator('.jp-nbpromote-ReviewBanner', { hasText: `Revision ${latest} was submitted` })
        .or(panel.getByRole('combobox', { name: 'Head' }).locator(`option[value="${latest}"]`));
      await expect(offered.first()).toBeAttached({ timeout: 30000 });
      return `ada revises (revision ${latest})`;
    }
  };

  const random = seededRandom(SEED);
  const pick = (n: number) => Math.floor(random() * n);
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const choose = () => {
    let r = random() * total;
    for (const [name, w] of WEIGHTS) {
      r -= w;
      if (r < 0) {
        return name;
      }
    }
    return WEIGHTS[0][0];
  };

  const done: string[] = [];
  const times: [number, string][] = [];
  for (let step = 1; step <= STEPS; step++) {
    const started = Date.now();
    const name = choose();
    const what = await STEPS_BY_NAME[name]({ page, panel, pick, ada });
    done.push(what);
    const where = `seed ${SEED}, step ${step} (${what}); last steps: ${done.slice(-8).join(', ')}`;
    // Settled (not loading; a 300-cell diff can take seconds on a busy machine), then what the
    // panel shows, read in one go.
    await page
      .waitForFunction(
        panelId =>
          document.querySelector(`#${panelId} .jp-nbpromote-Review[aria-busy="false"]`) !== null,
        `nbpromote-review-${id}`,
        { timeout: 30000 }
      )
      .catch(async reason => {
        const busy = await panel
          .locator('.jp-nbpromote-Review')
          .first()
          .getAttribute('aria-busy')
          .catch(() => 'no panel');
        throw new Error(`${where}: still loading (aria-busy ${busy}): ${reason}`);
      });
    const shown = await panel.evaluate(node => ({
      title: node.querySelector('.jp-nbpromote-ReviewHeader-title h2')?.textContent ?? '',
      base: node.querySelector('select[aria-label="Base"]') !== null,
      head: node.querySelector('select[aria-label="Head"]') !== null,
      identical: (node.textContent ?? '').includes('The notebooks are identical.'),
      rows: node.querySelectorAll('.jp-nbpromote-ReviewCell, .jp-nbpromote-ReviewFold').length,
      errors: [...node.querySelectorAll('.jp-nbpromote-error')].map(e => e.textContent)
    }));
    expect(shown.title, where).toContain('A 300-cell pair');
    expect(shown.base && shown.head, where).toBe(true);
    expect(shown.identical || shown.rows > 0, where).toBe(true);
    expect(shown.errors, where).toEqual([]);
    expect(errors, where).toEqual([]);
    times.push([Date.now() - started, what]);
  }
  times.sort((a, b) => b[0] - a[0]);
  console.log(
    `slowest steps: ${times
      .slice(0, 5)
      .map(([ms, w]) => `${w} ${ms} ms`)
      .join(', ')}`
  );
  console.log(
    `review sequence: seed ${SEED}, ${STEPS} steps, no error; steps taken: ${summary(done)}`
  );
});

function summary(done: string[]): string {
  const counts = new Map<string, number>();
  for (const d of done) {
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts].map(([k, v]) => `${k} ${v}`).join(', ');
}
