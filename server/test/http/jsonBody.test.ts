import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');

/** Request bodies go through the notebook reader: the same encodings, the same JSON errors. */
describe.each(DATABASES)('JSON request bodies on %s', kind => {
  const { api } = useTestApi(kind);

  const check = (bytes: Buffer, type = 'application/json') =>
    request(api.app)
      .post('/api/v1/check')
      .set('Authorization', `Bearer ${api.tokens.ada}`)
      .set('Content-Type', type)
      .serialize(b => b)
      .send(bytes);

  const body = JSON.stringify({
    path: 'kale/candies_sharing.ipynb',
    notebook: JSON.parse(fs.readFileSync(path.join(CORPUS, 'kale/candies_sharing.ipynb'), 'utf8'))
  });

  it('reads UTF-16 with a byte order mark and no charset, LE and BE', async () => {
    const le = await check(Buffer.from(`\ufeff${body}`, 'utf16le')).expect(200);
    expect(le.body.steps.map((s: { name: string }) => s.name)).toEqual([
      'sack',
      'kid1',
      'kid2',
      'kid3'
    ]);
    const be = Buffer.from(`\ufeff${body}`, 'utf16le').swap16();
    expect((await check(be).expect(200)).body).toEqual(le.body);
  });

  it('names line and column of a syntax error, and refuses other charsets', async () => {
    const res = await check(Buffer.from('{"path": "a.ipynb",\n "notebook": {,}}')).expect(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_json',
      message:
        'The request body is not valid JSON at line 2, column 15: unexpected character ","; ' +
        'expected a key in double quotes.',
      details: { line: 2, column: 15 }
    });
    const latin = await check(Buffer.from(body, 'latin1'), 'application/json; charset=latin1');
    expect(latin.status).toBe(400);
    expect(latin.body.error.code).toBe('unsupported_encoding');
    expect(latin.body.error.message).toMatch(/"LATIN1" is not supported/);
  });
});
