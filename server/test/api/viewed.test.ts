import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook, type TestCell } from '../support/notebooks';

describe.each(DATABASES)('viewed marks on %s', kind => {
  const { api, ada, linus } = useTestApi(kind);

  const cells = (b: string, extra: TestCell[] = []): TestCell[] => [
    { id: 'a', source: 'x = 1' },
    { id: 'b', source: b },
    ...extra
  ];

  async function submit(): Promise<number> {
    const res = await ada.post('/promotions', {
      path: 'v.ipynb',
      notebook: notebook(cells('y = 2'))
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  }

  const viewedIds = (body: { cells: { cellId: string }[] }) => body.cells.map(c => c.cellId);

  it('keeps marks per user and unviews a cell that changes in a later revision', async () => {
    const id = await submit();
    const empty = await linus.get(`/promotions/${id}/viewed`);
    expect(empty.body).toEqual({ revision: 1, cells: [] });

    const marked = await linus.put(`/promotions/${id}/viewed`, {
      revision: 1,
      cellIds: ['a', 'b', 'a']
    });
    expect(marked.status).toBe(200);
    expect(viewedIds(marked.body)).toEqual(['a', 'b']);
    expect(marked.body.cells[0]).toMatchObject({ cellId: 'a', revision: 1 });
    // Another user's marks are their own.
    expect(viewedIds((await api.as('grace').get(`/promotions/${id}/viewed`)).body)).toEqual([]);

    // Revision 2 changes b and adds c: a stays viewed, b does not; revision 1 keeps both.
    await ada.post(`/promotions/${id}/revisions`, {
      notebook: notebook(cells('y = 3', [{ id: 'c', source: 'z = 0' }]))
    });
    const latest = await linus.get(`/promotions/${id}/viewed`);
    expect(latest.body.revision).toBe(2);
    expect(viewedIds(latest.body)).toEqual(['a']);
    expect(viewedIds((await linus.get(`/promotions/${id}/viewed?revision=1`)).body)).toEqual([
      'a',
      'b'
    ]);

    // Marked again in revision 2, b counts there; changed back in 3, it is unviewed again.
    await linus.put(`/promotions/${id}/viewed`, { revision: 2, cellIds: ['b', 'c'] });
    expect(viewedIds((await linus.get(`/promotions/${id}/viewed`)).body)).toEqual(['a', 'b', 'c']);
    await ada.post(`/promotions/${id}/revisions`, {
      notebook: notebook(cells('y = 2', [{ id: 'c', source: 'z = 0' }]))
    });
    expect(viewedIds((await linus.get(`/promotions/${id}/viewed`)).body)).toEqual(['a', 'c']);

    // Unmarking a as of revision 3 clears the revision-1 mark that made it count.
    const unmarked = await linus.delete(`/promotions/${id}/viewed/a`);
    expect(unmarked.status).toBe(200);
    expect(viewedIds(unmarked.body)).toEqual(['c']);
    expect(viewedIds((await linus.get(`/promotions/${id}/viewed?revision=1`)).body)).toEqual(['b']);
    // Unmarking b as of revision 1 leaves its revision-2 mark: b changed in between.
    const onlyOld = await linus.delete(`/promotions/${id}/viewed/b?revision=1`);
    expect(onlyOld.body).toEqual({ revision: 1, cells: [] });
    expect(viewedIds((await linus.get(`/promotions/${id}/viewed?revision=2`)).body)).toEqual([
      'b',
      'c'
    ]);
  });

  it('refuses marks on revisions and cells that do not exist, storing nothing', async () => {
    const id = await submit();
    const noRevision = await linus.put(`/promotions/${id}/viewed`, { revision: 5, cellIds: ['a'] });
    expect(noRevision.status).toBe(400);
    expect(noRevision.body.error.details.field).toBe('revision');
    const noCell = await linus.put(`/promotions/${id}/viewed`, {
      revision: 1,
      cellIds: ['a', 'ghost']
    });
    expect(noCell.status).toBe(400);
    expect(noCell.body.error.message).toBe('Cell ghost is not in revision 1.');
    expect(noCell.body.error.details.field).toBe('cellIds/1');
    const badId = await linus.put(`/promotions/${id}/viewed`, { revision: 1, cellIds: ['../x'] });
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toContain('/cellIds/0');
    expect((await linus.delete(`/promotions/${id}/viewed/bad%20id`)).status).toBe(400);
    expect((await linus.get(`/promotions/${id}/viewed?revision=7`)).status).toBe(404);
    expect((await linus.get(`/promotions/${id}/viewed?revision=0`)).status).toBe(400);
    expect((await linus.get(`/promotions/999/viewed`)).status).toBe(404);
    expect((await api.as(null).get(`/promotions/${id}/viewed`)).status).toBe(401);
    expect((await linus.get(`/promotions/${id}/viewed`)).body.cells).toEqual([]);
  });
});
