import { ServiceClient, ServiceError, ServiceUnreachableError } from '../client/serviceClient';

type FetchArgs = Parameters<typeof fetch>;

function fakeFetch(status: number, body: string, calls: FetchArgs[] = []): typeof fetch {
  return async (...args: FetchArgs) => {
    calls.push(args);
    return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
  };
}

describe('ServiceClient', () => {
  it('posts the notebook as JSON with the token and decodes the answer', async () => {
    const calls: FetchArgs[] = [];
    const client = new ServiceClient({
      baseUrl: 'http://svc:1/',
      token: 'tok',
      fetch: fakeFetch(201, JSON.stringify({ id: 7, state: 'open' }), calls)
    });
    const res = await client.createPromotion({ path: 'a.ipynb', notebook: { cells: [] } });
    expect(res).toEqual({ id: 7, state: 'open' });
    const [url, init] = calls[0];
    expect(url).toBe('http://svc:1/api/v1/promotions');
    expect(init?.method).toBe('POST');
    // The token rides in nbpromote's own header: Authorization belongs to the Jupyter server.
    expect((init?.headers as Record<string, string>)['X-Nbpromote-Token']).toBe('tok');
    expect((init?.headers as Record<string, string>)['Authorization']).toBeUndefined();
    expect(JSON.parse(init?.body as string)).toEqual({ path: 'a.ipynb', notebook: { cells: [] } });
  });

  it('sends review, comment and viewed calls to their routes', async () => {
    const calls: FetchArgs[] = [];
    const client = new ServiceClient({
      baseUrl: 'http://svc:1',
      fetch: fakeFetch(200, JSON.stringify({ items: [], revision: 2, cells: [] }), calls)
    });
    await client.createReview(3, { verdict: 'request_changes', body: 'why?' });
    await client.createComment(3, { revision: 2, cellId: 'c1', lineStart: 2, body: 'x' });
    await client.resolveComment(3, 9, false);
    await client.viewed(3);
    await client.markViewed(3, 2, ['c1', 'c2']);
    await client.unmarkViewed(3, 'c-1', 2);
    expect(await client.listComments(3)).toEqual([]);
    const sent = calls.map(([url, init]) => [
      init?.method,
      String(url).replace('http://svc:1/api/v1', ''),
      init?.body === undefined ? undefined : JSON.parse(init.body as string)
    ]);
    expect(sent).toEqual([
      ['POST', '/promotions/3/reviews', { verdict: 'request_changes', body: 'why?' }],
      ['POST', '/promotions/3/comments', { revision: 2, cellId: 'c1', lineStart: 2, body: 'x' }],
      ['PATCH', '/promotions/3/comments/9', { resolved: false }],
      ['GET', '/promotions/3/viewed', undefined],
      ['PUT', '/promotions/3/viewed', { revision: 2, cellIds: ['c1', 'c2'] }],
      ['DELETE', '/promotions/3/viewed/c-1?revision=2', undefined],
      ['GET', '/promotions/3/comments', undefined]
    ]);
  });

  it('keeps the service JSON error body', async () => {
    const body = { error: { code: 'invalid_notebook', message: 'bad cell', details: { cell: 2 } } };
    const client = new ServiceClient({
      baseUrl: 'http://svc:1',
      fetch: fakeFetch(400, JSON.stringify(body))
    });
    const err = await client.health().catch(e => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_notebook', message: 'bad cell' });
    expect(err.details).toEqual({ cell: 2 });
  });

  it('describes a non-JSON error answer by its status', async () => {
    const client = new ServiceClient({
      baseUrl: 'http://svc:1',
      fetch: fakeFetch(502, '<html>bad gateway</html>')
    });
    const err = await client.listPromotions().catch(e => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err.message).toMatch(/502/);
  });

  it('says the Jupyter server is gone when nothing answers', async () => {
    const client = new ServiceClient({
      baseUrl: 'http://127.0.0.1:9',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      }
    });
    const err = await client.health().catch(e => e);
    expect(err).toBeInstanceOf(ServiceUnreachableError);
    expect(err.message).toMatch(/Jupyter server at http:\/\/127\.0\.0\.1:9 is not reachable/);
    expect(err.message).toMatch(/npm start/);
  });

  it('follows a token change in the settings', async () => {
    const calls: FetchArgs[] = [];
    const client = new ServiceClient({
      baseUrl: 'http://lab:1/nbpromote/',
      fetch: fakeFetch(200, '{"items":[]}', calls)
    });
    let configured = 0;
    client.configured.connect(() => configured++);
    client.configure({ token: 'x' });
    client.configure({ token: 'x' });
    expect(configured).toBe(1);
    expect(await client.listPromotions()).toEqual([]);
    expect(calls[0][0]).toBe('http://lab:1/nbpromote/api/v1/promotions');
    expect((calls[0][1]?.headers as Record<string, string>)['X-Nbpromote-Token']).toBe('x');
  });
});
