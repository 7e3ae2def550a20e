import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { API_HELMET } from '../../src/http/securityHeaders';
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

  it('are those a JSON API needs, on public and authenticated answers alike', async () => {
    const expected = {
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY'
    };
    const health = await api.as(null).get('/health');
    expect(helmetPart(health.headers)).toEqual(expected);
    const me = await api.as('ada').get('/me');
    expect(me.status).toBe(200);
    expect(helmetPart(me.headers)).toEqual(expected);
    const refused = await api.as(null).get('/me');
    expect(refused.status).toBe(401);
    expect(helmetPart(refused.headers)).toEqual(expected);
  });

  it('are what helmet itself sets with the same options (no header hand-written but one)', async () => {
    const bare = express();
    bare.disable('x-powered-by');
    bare.use(helmet(API_HELMET));
    bare.get('/x', (_req, res) => {
      res.json({});
    });
    const fromHelmet = helmetPart((await request(bare).get('/x')).headers);
    const ours = helmetPart((await api.as(null).get('/health')).headers);
    expect({ ...fromHelmet, 'cache-control': 'no-store' }).toEqual(ours);
  });
});
