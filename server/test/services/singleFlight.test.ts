import { SingleFlight } from '../../src/runtime/singleFlight';

/** A load that finishes when told to, counting how often it started. */
function controlled<T>() {
  let settle!: { resolve: (v: T) => void; reject: (e: Error) => void };
  let starts = 0;
  return {
    load: () => {
      starts += 1;
      return new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    },
    get starts() {
      return starts;
    },
    resolve: (v: T) => settle.resolve(v),
    reject: (e: Error) => settle.reject(e)
  };
}

describe('SingleFlight', () => {
  it('shares one load among callers of the same key while it runs', async () => {
    const flight = new SingleFlight<string>();
    const a = controlled<string>();
    const answers = [flight.run('k', a.load), flight.run('k', a.load), flight.run('k', a.load)];
    expect(a.starts).toBe(1);
    a.resolve('answer');
    expect(await Promise.all(answers)).toEqual(['answer', 'answer', 'answer']);
    expect(flight.size).toBe(0);

    // Settled loads are not remembered: the next call loads again.
    const again = flight.run('k', a.load);
    expect(a.starts).toBe(2);
    a.resolve('fresh');
    expect(await again).toBe('fresh');
  });

  it('loads different keys separately', async () => {
    const flight = new SingleFlight<number>();
    const one = controlled<number>();
    const two = controlled<number>();
    const answers = [flight.run('one', one.load), flight.run('two', two.load)];
    expect(flight.size).toBe(2);
    two.resolve(2);
    one.resolve(1);
    expect(await Promise.all(answers)).toEqual([1, 2]);
  });

  it('gives every waiting caller the failure, and retries on the next call', async () => {
    const flight = new SingleFlight<string>();
    const a = controlled<string>();
    const answers = [flight.run('k', a.load), flight.run('k', a.load)];
    a.reject(new Error('database gone'));
    for (const answer of answers) await expect(answer).rejects.toThrow('database gone');
    const retry = flight.run('k', a.load);
    expect(a.starts).toBe(2);
    a.resolve('back');
    expect(await retry).toBe('back');
  });
});
