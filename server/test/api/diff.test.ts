import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

interface Cell {
  status: string;
  headId?: string;
  baseId?: string;
}

describe.each(DATABASES)('GET /promotions/:id/diff on %s', kind => {
  const { api, ada, linus } = useTestApi(kind);

  const v1 = () =>
    notebook([
      { id: 'load', source: 'values = [1, 2, 3]', tags: ['step:load'] },
      { id: 'sum', source: 'total = sum(values)', tags: ['step:total'] }
    ]);
  const v2 = () =>
    notebook([
      { id: 'load', source: 'values = [1, 2, 3, 4]', tags: ['step:load'] },
      { id: 'sum', source: 'total = sum(values)', tags: ['step:total'] },
      { id: 'mean', source: 'mean = total / len(values)', tags: ['step:mean'] }
    ]);

  async function open(): Promise<number> {
    const res = await ada.post('/promotions', { path: 'work/Sums.ipynb', notebook: v1() });
    expect(res.status).toBe(201);
    return res.body.id as number;
  }

  it('diffs the latest revision against production: everything added when nothing is promoted', async () => {
    const id = await open();
    const res = await linus.get(`/promotions/${id}/diff`);
    expect(res.status).toBe(200);
    expect(res.body.base).toEqual({
      label: 'production (dev: nothing promoted)',
      notebookSha256: null
    });
    expect(res.body.head.revision).toBe(1);
    expect(res.body.notebook.cells.map((c: Cell) => c.status)).toEqual(['added', 'added']);
    expect(
      res.body.pipeline.steps.map((s: { name: string; op: string }) => [s.name, s.op])
    ).toEqual([
      ['load', 'added'],
      ['total', 'added']
    ]);
    // The pipeline comes first in the answer.
    expect(Object.keys(res.body).indexOf('pipeline')).toBeLessThan(
      Object.keys(res.body).indexOf('notebook')
    );
  });

  it('diffs two revisions, last-reviewed, and production once promoted', async () => {
    const id = await open();
    await linus.post(`/promotions/${id}/reviews`, {
      verdict: 'request_changes',
      body: 'Add the mean.'
    });
    const revised = await ada.post(`/promotions/${id}/revisions`, { notebook: v2() });
    expect(revised.status).toBe(201);

    const byNumber = await linus.get(`/promotions/${id}/diff?base=1&head=2`);
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.base.revision).toBe(1);
    expect(byNumber.body.notebook.cells.map((c: Cell) => `${c.status}:${c.headId}`)).toEqual([
      'modified:load',
      'unchanged:sum',
      'added:mean'
    ]);
    expect(
      byNumber.body.pipeline.steps.map((s: { name: string; op: string }) => [s.name, s.op])
    ).toEqual([
      ['load', 'changed'],
      ['total', 'changed'],
      ['mean', 'added']
    ]);
    // The new step reads total, so total now hands it over; its own cells did not change.
    const total = byNumber.body.pipeline.steps[1];
    expect(total.changedCells).toEqual([]);
    expect(total.outputs).toEqual({ added: ['total'], removed: [] });

    // A second reader gets the kept answer: the same text.
    const again = await api.as('grace').get(`/promotions/${id}/diff?base=1&head=2`);
    expect(again.text).toBe(byNumber.text);

    const reviewed = await linus.get(`/promotions/${id}/diff?base=last-reviewed`);
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.base.revision).toBe(1);
    expect(reviewed.body.base.notebookSha256).toBe(byNumber.body.base.notebookSha256);
    // ada never reviewed her own request.
    const notYet = await ada.get(`/promotions/${id}/diff?base=last-reviewed`);
    expect(notYet.status).toBe(404);

    const quiet = await linus.get(`/promotions/${id}/diff?base=2&head=2&ignoreOutputs=true`);
    expect(quiet.body.notebook.identical).toBe(true);
    expect(quiet.body.pipeline.identical).toBe(true);
    expect(quiet.body.notebook.options.ignoreOutputs).toBe(true);

    await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    expect((await ada.post(`/promotions/${id}/promote`, {})).status).toBe(200);
    const next = await ada.post('/promotions', { path: 'work/Sums.ipynb', notebook: v1() });
    const prod = await linus.get(`/promotions/${next.body.id}/diff?base=production`);
    expect(prod.status).toBe(200);
    expect(prod.body.base.label).toMatch(/^production \(dev /);
    expect(prod.body.notebook.cells.map((c: Cell) => c.status)).toEqual([
      'modified',
      'unchanged',
      'removed'
    ]);
    expect(
      prod.body.pipeline.steps.map((s: { name: string; op: string }) => [s.name, s.op])
    ).toEqual([
      ['load', 'changed'],
      ['total', 'changed'],
      ['mean', 'removed']
    ]);
  });

  it('answers 404 for a missing request or revision, 400 for a bad base, 401 without a token', async () => {
    const id = await open();
    const missing = await linus.get(`/promotions/${id}/diff?base=7`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(`Promotion request ${id} has no revision 7.`);
    expect((await linus.get(`/promotions/${id}/diff?head=3`)).status).toBe(404);
    expect((await linus.get('/promotions/999/diff')).status).toBe(404);
    const bad = await linus.get(`/promotions/${id}/diff?base=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/base must be a revision number/);
    expect((await linus.get(`/promotions/${id}/diff?head=0`)).status).toBe(400);
    expect((await linus.get(`/promotions/${id}/diff?ignoreIds=maybe`)).status).toBe(400);
    expect((await linus.get(`/promotions/${id}/diff?ignoreIds=`)).status).toBe(400);
    expect((await api.as(null).get(`/promotions/${id}/diff`)).status).toBe(401);
  });
});
