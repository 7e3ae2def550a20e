import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

describe.each(DATABASES)('the catalog on %s', kind => {
  const { api, ada, linus, grace } = useTestApi(kind);

  async function promoteTo(environment: string, source: string, title: string) {
    const created = await ada.post('/promotions', {
      path: 'models/churn.ipynb',
      notebook: notebook([{ id: 'c1', source }]),
      environment,
      title
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    return id;
  }

  it('lists each version per environment with its request and who approved it when', async () => {
    expect((await ada.get('/catalog')).body).toEqual({ items: [] });
    const first = await promoteTo('dev', 'x = 1', 'First churn model');
    // grace's approval is dismissed by the revision; linus approves the revision.
    await grace.post(`/promotions/${first}/reviews`, { verdict: 'approve' });
    await ada.post(`/promotions/${first}/revisions`, {
      notebook: notebook([{ id: 'c1', source: 'x = 2' }])
    });
    const approval = await linus.post(`/promotions/${first}/reviews`, { verdict: 'approve' });
    const approvedAt = approval.body.reviews.at(-1).createdAt as string;
    expect((await ada.post(`/promotions/${first}/promote`, {})).status).toBe(200);

    const second = await promoteTo('stage', 'x = 3', 'Churn for stage');
    await grace.post(`/promotions/${second}/reviews`, { verdict: 'approve' });
    expect((await grace.post(`/promotions/${second}/promote`, {})).status).toBe(200);
    // Open requests are not in the catalog.
    await promoteTo('prod', 'x = 4', 'Not yet');

    const { items } = (await api.as('bob').get('/catalog')).body;
    expect(items).toHaveLength(1);
    const entry = items[0];
    expect(entry).toMatchObject({ project: 'default', algorithm: 'churn' });
    expect(Object.keys(entry.environments)).toEqual(['dev', 'stage']);
    expect(entry.environments.dev).toMatchObject({
      version: '1.0.0',
      environment: 'dev',
      requestId: first,
      title: 'First churn model',
      author: 'ada',
      approvals: [{ reviewer: 'linus', revision: 2, at: approvedAt }]
    });
    expect(entry.environments.dev.commitSha).toMatch(/^[0-9a-f]{40}$/);
    expect(entry.environments.stage).toMatchObject({
      requestId: second,
      approvals: [{ reviewer: 'grace', revision: 1 }]
    });
    expect(entry.history.map((h: { requestId: number }) => h.requestId)).toEqual([second, first]);
  });
});
