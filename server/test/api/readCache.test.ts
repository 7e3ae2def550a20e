import { ReadCache } from '../../src/runtime/readCache';
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

describe.each(DATABASES)('the read cache on %s', kind => {
  const { api } = useTestApi(kind);

  it('forgets on every transaction here, and after its time limit for writes elsewhere', async () => {
    const { stores } = api.services;
    const cache = new ReadCache(stores, 200);
    const filter = { limit: 10 };
    expect(JSON.parse((await cache.list(filter)).toString()).items).toHaveLength(0);
    await api.as('ada').post('/promotions', { path: 'a.ipynb', notebook: notebook() });
    expect(JSON.parse((await cache.list(filter)).toString()).items).toHaveLength(1);

    // Another replica's write: not a transaction of this process.
    await stores.db.updateTable('promotion_requests').set({ title: 'renamed elsewhere' }).execute();
    expect(JSON.parse((await cache.list(filter)).toString()).items[0].title).toBe('a.ipynb');
    await new Promise(resolve => setTimeout(resolve, 250));
    expect(JSON.parse((await cache.list(filter)).toString()).items[0].title).toBe(
      'renamed elsewhere'
    );
  });

  it('answers requests that arrive together with one database query', async () => {
    const { stores } = api.services;
    await api.as('ada').post('/promotions', { path: 'a.ipynb', notebook: notebook() });
    const cache = new ReadCache(stores, 1_000);
    let queries = 0;
    const list = stores.views.list.bind(stores.views);
    stores.views.list = async filter => {
      queries += 1;
      return list(filter);
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.list({ limit: 10 })));
    expect(queries).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0].toString()).items).toHaveLength(1);
  });

  it('answers the last value while one load refreshes it after its time, and none after a write', async () => {
    const { stores } = api.services;
    const cache = new ReadCache(stores, 100);
    let source = 'first';
    let loads = 0;
    const load = async () => {
      loads += 1;
      return source;
    };
    const read = () => cache.remember('k', load, { refreshAfterTtl: true });
    expect(await read()).toBe('first');
    source = 'second';
    expect(await read()).toBe('first');
    await new Promise(resolve => setTimeout(resolve, 150));
    // Time is up: the old value answers at once while one load replaces it.
    expect(await Promise.all([read(), read(), read()])).toEqual(['first', 'first', 'first']);
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(await read()).toBe('second');
    expect(loads).toBe(2);
    // A write here: the next read waits for a fresh value.
    source = 'third';
    await api.as('ada').post('/promotions', { path: 'a.ipynb', notebook: notebook() });
    expect(await read()).toBe('third');
  });
});
