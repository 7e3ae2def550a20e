import { ServiceClient } from '../client/serviceClient';
import type { CatalogEntry } from '../client/types';
import { CatalogModel, catalogRows, lastRunText } from '../catalog/catalogModel';

type Version = CatalogEntry['history'][number];

const version = (v: Partial<Version>): Version => ({
  version: '1.0.0',
  environment: 'dev',
  requestId: 1,
  title: 'Churn',
  author: 'ada',
  commitSha: 'a'.repeat(40),
  promotedAt: '2026-01-02T00:00:00Z',
  approvals: [],
  lastRuns: [],
  ...v
});

const churnDev = version({
  requestId: 3,
  version: '1.1.0',
  approvals: [
    { reviewer: 'linus', revision: 2, at: '2026-01-01T10:00:00Z' },
    { reviewer: 'grace', revision: 2, at: '2026-01-01T09:00:00Z' }
  ]
});
const churnProd = version({ requestId: 2, environment: 'prod', version: '1.0.0' });
const forecastStage = version({
  requestId: 7,
  environment: 'stage',
  author: 'bob',
  title: 'Forecast'
});
const entries: CatalogEntry[] = [
  {
    project: 'crm',
    algorithm: 'churn',
    environments: { dev: churnDev, prod: churnProd },
    history: [churnDev, churnProd]
  },
  {
    project: 'ops',
    algorithm: 'forecast',
    environments: { stage: forecastStage },
    history: [forecastStage]
  }
];

describe('lastRunText', () => {
  it('names the newest run, how it ended and its metrics', () => {
    const run = (token: string, status: 'succeeded' | 'failed', metrics = {}) => ({
      runToken: token,
      useCase: 'evaluation' as const,
      status,
      startedAt: '2026-01-02T00:00:00Z',
      endedAt: null,
      metrics
    });
    expect(lastRunText([run('b', 'succeeded', { accuracy: 0.84 }), run('a', 'failed')])).toBe(
      'evaluation succeeded, accuracy 0.84'
    );
    expect(lastRunText([])).toBeNull();
  });
});

describe('catalogRows', () => {
  it('gives each environment its version, request, approvers in order and last approval', () => {
    const [churn, forecast] = catalogRows(entries);
    expect(churn.key).toBe('crm/churn');
    expect(Object.keys(churn.cells)).toEqual(['dev', 'prod']);
    expect(churn.cells.dev).toMatchObject({
      version: '1.1.0',
      requestId: 3,
      approvers: ['grace', 'linus'],
      approvedAt: '2026-01-01T10:00:00Z'
    });
    // An admin's promotion without a standing approval says so.
    expect(churn.cells.prod).toMatchObject({ approvers: [], approvedAt: null, lastRun: null });
    expect(churn.history.map(h => `${h.environment}:${h.version}`)).toEqual([
      'dev:1.1.0',
      'prod:1.0.0'
    ]);
    expect(forecast.cells.stage?.requestId).toBe(7);
  });

  it('filters by name, version, author or approver, ignoring case', () => {
    const keys = (filter: string) => catalogRows(entries, filter).map(r => r.key);
    expect(keys('')).toEqual(['crm/churn', 'ops/forecast']);
    expect(keys('FORE')).toEqual(['ops/forecast']);
    expect(keys('1.1.0')).toEqual(['crm/churn']);
    expect(keys('grace')).toEqual(['crm/churn']);
    expect(keys('bob')).toEqual(['ops/forecast']);
    expect(keys('nobody')).toEqual([]);
  });
});

describe('CatalogModel', () => {
  const answer = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('loads the catalog, filters and unfolds rows, and explains failures', async () => {
    let fail = false;
    const client = new ServiceClient({
      baseUrl: 'http://svc',
      fetch: async () =>
        fail
          ? answer({ error: { code: 'forbidden', message: 'Not for you.' } }, 403)
          : answer({ items: entries })
    });
    const model = new CatalogModel(client);
    let changes = 0;
    model.changed.connect(() => changes++);
    await model.refresh();
    expect(model.total).toBe(2);
    expect(model.error).toBeNull();
    model.filter = 'churn';
    expect(model.rows.map(r => r.key)).toEqual(['crm/churn']);
    expect(model.isExpanded('crm/churn')).toBe(false);
    model.toggle('crm/churn');
    expect(model.isExpanded('crm/churn')).toBe(true);
    model.toggle('crm/churn');
    expect(model.isExpanded('crm/churn')).toBe(false);
    expect(changes).toBe(5);
    fail = true;
    await model.refresh();
    expect(model.error).toContain('Not for you.');
    expect(model.total).toBe(0);
    model.dispose();
  });

  it('reloads when the service reports a promotion, not on other events', async () => {
    let loads = 0;
    const client = new ServiceClient({
      baseUrl: 'http://svc',
      fetch: async input => {
        if (String(input).endsWith('/events')) {
          const event = (action: string) =>
            `event: promotion\ndata: ${JSON.stringify({ requestId: 3, action, actor: 'ada', at: 'x' })}\n\n`;
          return new Response(event('comment') + event('promote'));
        }
        loads += 1;
        return answer({ items: entries });
      }
    });
    const model = new CatalogModel(client);
    const reloaded = new Promise<void>(resolve =>
      model.changed.connect(() => {
        if (!model.loading && model.total > 0) {
          resolve();
        }
      })
    );
    model.start();
    await reloaded;
    model.dispose();
    expect(loads).toBe(1);
  });
});
