import { useTestApi } from '../support/api';
import { notebook } from '../support/notebooks';

/**
 * GET /promotions/:id is answered ahead of the API's routers: it must answer exactly as the
 * API would, gates, headers and errors included.
 */
describe('the request detail, answered ahead of the API', () => {
  const { api } = useTestApi('sqlite');

  it('answers its caller with the security headers, and refuses as the API does', async () => {
    const created = await api.as('ada').post('/promotions', {
      path: 'p.ipynb',
      notebook: notebook([{ id: 's', source: 'x = 1', tags: ['step:train'] }], {
        project: 'demo',
        algorithm: 'hot'
      })
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;

    const linus = await api.as('linus').get(`/promotions/${id}`);
    expect(linus.status).toBe(200);
    expect(linus.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(linus.headers['x-content-type-options']).toBe('nosniff');
    expect(linus.headers['cache-control']).toBe('no-store');
    expect(linus.headers.vary).toBe('Origin');
    expect(linus.body).toMatchObject({ id, author: 'ada' });
    expect(linus.body.permissions.approve.allowed).toBe(true);
    // Each caller gets their own permissions.
    expect((await api.as('ada').get(`/promotions/${id}`)).body.permissions.approve.allowed).toBe(
      false
    );

    const anonymous = await api.as(null).get(`/promotions/${id}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['x-content-type-options']).toBe('nosniff');
    expect(anonymous.body.error.code).toBeDefined();
    const bad = await api.as('linus').get('/promotions/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject({ field: 'id' });
    const missing = await api.as('linus').get('/promotions/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/999999/);
  });
});
