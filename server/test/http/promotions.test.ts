import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { ORIGIN, useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');

function corpusNotebook(rel: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, rel), 'utf8'));
}

describe.each(DATABASES)('promotions API on %s', kind => {
  const { api, ada } = useTestApi(kind, { maxBodyBytes: 200_000 });

  /** Requests stored, counted in the database itself (pending rows included). */
  async function count(): Promise<number> {
    return (await api.services.stores.views.counts()).requests;
  }

  it('answers health', async () => {
    const res = await request(api.app).get('/api/v1/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', service: 'nbpromote', version: '0.0.0-test' });
  });

  it('stores a real nbformat 4 notebook and lists it', async () => {
    const notebook = corpusNotebook('kale/candies_sharing.ipynb');
    const res = await ada.post('/promotions', { path: 'work/candies_sharing.ipynb', notebook });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(Number),
      state: 'open',
      title: 'candies_sharing.ipynb',
      notebookPath: 'work/candies_sharing.ipynb',
      notebookSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      author: 'ada',
      version: '1.0.0',
      revision: 1
    });
    expect(res.headers.location).toBe(`/api/v1/promotions/${res.body.id}`);

    const list = await ada.get('/promotions');
    expect(list.body.items).toEqual([res.body]);
    const one = await ada.get(`/promotions/${res.body.id}`);
    expect(one.body).toMatchObject(res.body);
    const stored = await ada.get(`/promotions/${res.body.id}/notebook`);
    expect(stored.body).toEqual(notebook);
  });

  it('refuses invalid JSON with a JSON error and stores nothing', async () => {
    const res = await request(api.app)
      .post('/api/v1/promotions')
      .set('Authorization', `Bearer ${api.tokens.ada}`)
      .set('Content-Type', 'application/json')
      .send('{"path": "a.ipynb", "notebook": {')
      .expect(400);
    expect(res.body.error.code).toBe('invalid_json');
    expect(res.body.error.message).toMatch(/not valid JSON/);
    expect(await count()).toBe(0);
  });

  it('reads UTF-8 with a byte order mark and UTF-16, and refuses other charsets', async () => {
    const body = JSON.stringify({
      path: 'ünïcode.ipynb',
      notebook: corpusNotebook('papermill/simple_input.ipynb')
    });
    const post = (bytes: Buffer, type: string) =>
      request(api.app)
        .post('/api/v1/promotions')
        .set('Authorization', `Bearer ${api.tokens.ada}`)
        .set('Content-Type', type)
        // As sent, not re-encoded as JSON by the test client.
        .serialize(bytes => bytes)
        .send(bytes);
    const bom = await post(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]),
      'application/json'
    ).expect(201);
    expect(bom.body.notebookPath).toBe('ünïcode.ipynb');
    await post(Buffer.from(body, 'utf16le'), 'application/json; charset=utf-16le').expect(201);
    const latin1 = await post(
      Buffer.from(body, 'latin1'),
      'application/json; charset=iso-8859-1'
    ).expect(400);
    expect(latin1.body.error.code).toBe('unsupported_encoding');
    expect(latin1.body.error.message).toMatch(/ISO-8859-1/);
    expect(await count()).toBe(2);
  });

  it('refuses a body that is not a notebook, naming the schema path', async () => {
    const res = await request(api.app)
      .post('/api/v1/promotions')
      .set('Authorization', `Bearer ${api.tokens.ada}`)
      .send({ path: 'x.ipynb', notebook: { nbformat: 4, nbformat_minor: 5, metadata: {} } })
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_notebook',
      details: { path: '/', schema: 'nbformat.v4.5' }
    });
    expect(res.body.error.message).toMatch(/missing required property "cells"/);
    expect(await count()).toBe(0);
  });

  it('names the cell of an invalid cell', async () => {
    const notebook = corpusNotebook('broken/nbformat_invalid_cell_id.ipynb');
    const res = await request(api.app)
      .post('/api/v1/promotions')
      .set('Authorization', `Bearer ${api.tokens.ada}`)
      .send({ path: 'bad.ipynb', notebook })
      .expect(400);
    expect(res.body.error.code).toBe('invalid_notebook');
    expect(res.body.error.details.path).toMatch(/^\/cells\/\d+/);
    expect(res.body.error.details.cell).toEqual(expect.any(Number));
    expect(await count()).toBe(0);
  });

  it('refuses nbformat 3 with a clear message', async () => {
    const notebook = corpusNotebook('broken/nbformat_test3.ipynb');
    const res = await request(api.app)
      .post('/api/v1/promotions')
      .set('Authorization', `Bearer ${api.tokens.ada}`)
      .send({ path: 'old.ipynb', notebook })
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'unsupported_nbformat',
      details: { path: '/nbformat', nbformat: 3 }
    });
    expect(await count()).toBe(0);
  });

  it('refuses unknown body fields and missing fields', async () => {
    const notebook = corpusNotebook('papermill/simple_input.ipynb');
    const extra = await request(api.app)
      .post('/api/v1/promotions')
      .set('Authorization', `Bearer ${api.tokens.ada}`)
      .send({ path: 'a.ipynb', notebook, owner: 'me' })
      .expect(400);
    expect(extra.body.error.message).toMatch(/unknown field "owner"/);
    const missing = await ada.post('/promotions', { notebook });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/missing field "path"/);
    expect(await count()).toBe(0);
  });

  it('answers 413 for a body over the limit', async () => {
    const notebook = corpusNotebook('papermill/simple_input.ipynb') as { metadata: object };
    const big = { ...notebook, metadata: { padding: 'x'.repeat(300_000) } };
    const res = await request(api.app)
      .post('/api/v1/promotions')
      .set('Authorization', `Bearer ${api.tokens.ada}`)
      .send({ path: 'big.ipynb', notebook: big })
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await count()).toBe(0);
  });

  it('answers unknown routes and ids with the JSON error shape', async () => {
    const res = await request(api.app)
      .get('/api/v1/nope')
      .set('Authorization', `Bearer ${api.tokens.ada}`)
      .expect(404);
    expect(res.body.error.code).toBe('not_found');
    expect((await ada.get('/promotions/999')).status).toBe(404);
    const bad = await ada.get('/promotions/..%2Fx');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
  });

  it('allows the configured origin and no other', async () => {
    const ok = await request(api.app).get('/api/v1/health').set('Origin', ORIGIN).expect(200);
    expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
    const other = await request(api.app)
      .get('/api/v1/health')
      .set('Origin', 'http://evil.example')
      .expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(api.app)
      .options('/api/v1/promotions')
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('never leaks a stack trace for internal errors', async () => {
    await api.database.close();
    const res = await ada.get('/promotions');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: { code: 'internal', message: 'The service hit an internal error; see its log.' }
    });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
    expect(api.logged.join('\n')).toMatch(/internal error/);
  });
});
