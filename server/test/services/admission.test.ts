import { Admission } from '../../src/runtime/admission';

/** A task that runs until released, recording when it started. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>(resolve => (release = resolve));
  return {
    release: () => release(),
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    }
  };
}

const tick = () => new Promise(resolve => setImmediate(resolve));

describe('Admission', () => {
  it('runs at most `limit` tasks at once and starts the others in arrival order', async () => {
    const admission = new Admission(2);
    const log: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map(n => gate(log, n));
    const results = gates.map(g => admission.run(g.task));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect(admission.waiting).toBe(2);
    gates[1].release();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    // A newcomer waits behind d, which arrived first.
    const late = gate(log, 'e');
    const lateResult = admission.run(late.task);
    gates[0].release();
    await tick();
    expect(log.slice(-2)).toEqual(['end a', 'start d']);
    gates[2].release();
    gates[3].release();
    late.release();
    expect(await Promise.all([...results, lateResult])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(log.filter(l => l.startsWith('start'))).toEqual([
      'start a',
      'start b',
      'start c',
      'start d',
      'start e'
    ]);
  });

  it('frees the slot of a task that fails', async () => {
    const admission = new Admission(1);
    await expect(admission.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await admission.run(async () => 'next')).toBe('next');
    expect(admission.waiting).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new Admission(0)).toThrow(RangeError);
  });
});
