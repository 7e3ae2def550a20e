import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

describe.each(DATABASES)('requests I reviewed on %s', kind => {
  const { ada, linus, grace } = useTestApi(kind);

  const ids = (body: { items: { id: number }[] }) => body.items.map(p => p.id);

  it('finds a request sent back to its author by my review, which no longer waits for me', async () => {
    const submit = async (path: string) =>
      (await ada.post('/promotions', { path, notebook: notebook() })).body.id as number;
    const sentBack = await submit('a.ipynb');
    const untouched = await submit('b.ipynb');
    const byGrace = await submit('c.ipynb');
    await linus.post(`/promotions/${sentBack}/reviews`, {
      verdict: 'request_changes',
      body: 'Pin pandas.'
    });
    await grace.post(`/promotions/${byGrace}/reviews`, { verdict: 'request_changes' });

    // Not waiting for linus's review any more: the author has to act.
    expect(ids((await linus.get('/promotions?reviewable=true')).body)).toEqual([untouched]);
    const mine = await linus.get('/promotions?reviewed=true&state=changes_requested');
    expect(mine.status).toBe(200);
    expect(ids(mine.body)).toEqual([sentBack]);
    expect(ids((await grace.get('/promotions?reviewed=true')).body)).toEqual([byGrace]);

    // Once ada revises, it waits for linus again and is no longer "changes requested".
    await ada.post(`/promotions/${sentBack}/revisions`, { notebook: notebook() });
    expect(ids((await linus.get('/promotions?reviewable=true')).body)).toEqual(
      [untouched, sentBack].sort((a, b) => b - a)
    );
    expect(
      ids((await linus.get('/promotions?reviewed=true&state=changes_requested')).body)
    ).toEqual([]);
    expect((await linus.get('/promotions?reviewed=maybe')).status).toBe(400);
  });
});
