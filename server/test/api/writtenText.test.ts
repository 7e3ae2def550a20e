/**
 * Free text the service stores answers the same on SQLite and PostgreSQL: a NUL character
 * (which PostgreSQL text cannot hold) is refused with a 400 naming the field, text with
 * nothing visible is refused where the document requires written text, and anything the
 * document allows is accepted. Notebook content keeps its NUL characters intact.
 */
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

const NUL = 'looks fine\u0000 but is not';
// Only whitespace, control characters and invisible separators, as JavaScript and Python see them.
const INVISIBLE = ' \t\u000b\u001b\u001c\u001f\u0085\u00a0\ufeff\u200b\u3000';

describe.each(DATABASES)('written text on %s', kind => {
  const { api, ada, linus, grace } = useTestApi(kind);

  async function counts() {
    return {
      rows: await api.services.stores.views.counts(),
      audit: await api.services.stores.audit.count()
    };
  }

  async function submitted(extra: Record<string, unknown> = {}) {
    const res = await ada.post('/promotions', { path: 'a.ipynb', notebook: notebook(), ...extra });
    expect(res.status).toBe(201);
    return res.body as { id: number };
  }

  async function expectRefused(
    send: () => Promise<{
      status: number;
      body: { error?: { message: string; details?: unknown } };
    }>,
    field: string,
    says: RegExp
  ) {
    const before = await counts();
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toContain(`/${field}`);
    expect(res.body.error?.message).toMatch(says);
    expect(await counts()).toEqual(before);
  }

  it('refuses a NUL character in every name, reason and message, naming the field', async () => {
    const { id } = await submitted();
    const review = await linus.post(`/promotions/${id}/reviews`, { verdict: 'request_changes' });
    expect(review.status).toBe(201);
    const reviewId = (review.body.reviews as { id: number }[]).at(-1)!.id;
    const rules = (await grace.get('/rules')).body;
    const nul = /NUL character/;
    const cases: [() => Promise<never>, string][] = [
      [
        () => ada.post('/promotions', { path: 'a.ipynb', notebook: notebook(), title: NUL }),
        'title'
      ],
      [
        () => ada.post('/promotions', { path: 'a.ipynb', notebook: notebook(), description: NUL }),
        'description'
      ],
      [() => ada.post('/promotions', { path: `a${NUL}.ipynb`, notebook: notebook() }), 'path'],
      [() => ada.post('/check', { path: `a${NUL}.ipynb`, notebook: notebook() }), 'path'],
      [() => linus.post(`/promotions/${id}/reviews`, { verdict: 'comment', body: NUL }), 'body'],
      [
        () => linus.post(`/promotions/${id}/comments`, { revision: 1, cellId: 'c1', body: NUL }),
        'body'
      ],
      [() => ada.post(`/promotions/${id}/withdraw`, { reason: NUL }), 'reason'],
      [
        () => grace.post(`/promotions/${id}/reviews/${reviewId}/dismiss`, { reason: NUL }),
        'reason'
      ],
      [() => grace.post(`/promotions/${id}/promote`, { bypassReason: NUL }), 'bypassReason'],
      [() => grace.put('/rules', { document: rules.document, message: NUL }), 'message'],
      [
        () => grace.post('/rules/accepted-findings', { sha256: 'a'.repeat(64), reason: NUL }),
        'reason'
      ]
    ] as never;
    for (const [send, field] of cases) await expectRefused(send, field, nul);
  });

  it('refuses text with nothing visible where the document asks for written text', async () => {
    const { id } = await submitted();
    const review = await linus.post(`/promotions/${id}/reviews`, { verdict: 'request_changes' });
    const reviewId = (review.body.reviews as { id: number }[]).at(-1)!.id;
    const rules = (await grace.get('/rules')).body;
    const blank = /must not be blank/;
    await expectRefused(
      () =>
        ada.post('/promotions', {
          path: 'a.ipynb',
          notebook: notebook(),
          title: INVISIBLE
        }) as never,
      'title',
      blank
    );
    await expectRefused(
      () =>
        linus.post(`/promotions/${id}/comments`, {
          revision: 1,
          cellId: 'c1',
          body: INVISIBLE
        }) as never,
      'body',
      blank
    );
    await expectRefused(
      () =>
        grace.post(`/promotions/${id}/reviews/${reviewId}/dismiss`, { reason: INVISIBLE }) as never,
      'reason',
      blank
    );
    await expectRefused(
      () => grace.put('/rules', { document: rules.document, message: INVISIBLE }) as never,
      'message',
      blank
    );
    await expectRefused(
      () =>
        grace.post('/rules/accepted-findings', {
          sha256: 'b'.repeat(64),
          reason: INVISIBLE
        }) as never,
      'reason',
      blank
    );
  });

  it('accepts what the document allows: a reason of five characters, one of them visible', async () => {
    const { id } = await submitted();
    const review = await linus.post(`/promotions/${id}/reviews`, { verdict: 'request_changes' });
    const reviewId = (review.body.reviews as { id: number }[]).at(-1)!.id;
    // Five code points (one outside the basic plane, two UTF-16 units): JSON Schema's count.
    const res = await grace.post(`/promotions/${id}/reviews/${reviewId}/dismiss`, {
      reason: 'Ñ\u001b\udb9b\ude62 \u000b'
    });
    expect(res.status).toBeLessThan(300);
    const accepted = await grace.post('/rules/accepted-findings', {
      sha256: 'c'.repeat(64),
      reason: '\u00a0x\u0085'
    });
    expect(accepted.status).toBeLessThan(300);
  });

  it('keeps NUL characters in notebook sources and outputs intact', async () => {
    // Python refuses NUL in code, so code cells hold it only in their outputs, as printed.
    const nb = notebook([{ id: 'c1', source: 'print("a\\0b")' }]);
    const cells = nb.cells as Record<string, unknown>[];
    cells[0].outputs = [{ output_type: 'stream', name: 'stdout', text: 'a\u0000b\n' }];
    cells[0].execution_count = 1;
    cells.push({ cell_type: 'markdown', id: 'm1', metadata: {}, source: 'A \u0000 in markdown' });
    const res = await ada.post('/promotions', { path: 'nul.ipynb', notebook: nb });
    expect(res.status).toBe(201);
    const stored = await ada.get(`/promotions/${res.body.id}/notebook`);
    expect(stored.status).toBe(200);
    expect(stored.body.cells[0].outputs[0].text).toBe('a\u0000b\n');
    expect(stored.body.cells[1].source).toBe('A \u0000 in markdown');
  });
});
