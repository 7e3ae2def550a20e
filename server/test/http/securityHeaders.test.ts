import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { useTestApi } from '../support/api';

/** The headers of an answer that helmet decides (all but the per-answer ones). */
function helmetPart(headers: Record<string, string>): Record<string, string> {
  const skip = new Set([
    'date',
    'etag',
    'content-type',
    'content-length',
    'connection',
    'keep-alive',
    'vary'
  ]);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !skip.has(name)));
}

describe('security headers', () => {
  const { api } = useTestApi('sqlite');

  it('are those helmet sets, on public and authenticated answers alike', async () => {
    const bare = express();
    bare.disable('x-powered-by');
    bare.use(helmet());
    bare.get('/x', (_req, res) => {
      res.json({});
    });
    const expected = helmetPart((await request(bare).get('/x')).headers);
    expect(expected['content-security-policy']).toContain("default-src 'self'");
    const health = await api.as(null).get('/health');
    expect(helmetPart(health.headers)).toEqual(expected);
    const me = await api.as('ada').get('/me');
    expect(me.status).toBe(200);
    expect(helmetPart(me.headers)).toEqual(expected);
  });
});
