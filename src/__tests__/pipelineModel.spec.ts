import { Signal } from '@lumino/signaling';
import { ServiceError, ServiceUnreachableError } from '../client/serviceClient';
import type { CheckResult } from '../client/types';
import type { ICellInfo } from '../tagging/cellSteps';
import { PipelineModel } from '../pipeline/pipelineModel';

const EMPTY: CheckResult = { steps: [], parameters: [], metrics: [], problems: [] };

class FakeSource implements PipelineModel.ISource {
  path = 'nb.ipynb';
  cellList: ICellInfo[] = [{ id: 'a', type: 'code', tags: ['step:train'] }];
  readonly changed = new Signal<this, void>(this);
  cells() {
    return this.cellList;
  }
  toJSON() {
    return { cells: this.cellList };
  }
}

describe('PipelineModel', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reads the steps at once and checks the notebook', async () => {
    const check = jest.fn().mockResolvedValue(EMPTY);
    const model = new PipelineModel({ client: { check } });
    model.setSource(new FakeSource());
    expect(model.local?.steps.map(s => s.name)).toEqual(['train']);
    await Promise.resolve();
    await Promise.resolve();
    expect(check).toHaveBeenCalledWith({ cells: expect.any(Array) }, 'nb.ipynb');
    expect(model.check.status).toBe('ok');
  });

  it('debounces checks while the notebook changes', async () => {
    const check = jest.fn().mockResolvedValue(EMPTY);
    const model = new PipelineModel({ client: { check }, debounceMs: 1000 });
    const source = new FakeSource();
    model.setSource(source);
    await jest.advanceTimersByTimeAsync(0);
    check.mockClear();
    source.cellList = [...source.cellList, { id: 'b', type: 'code', tags: ['step:eval'] }];
    source.changed.emit();
    jest.advanceTimersByTime(500);
    source.changed.emit();
    // The local part follows each change immediately...
    expect(model.local?.steps.map(s => s.name)).toEqual(['train', 'eval']);
    jest.advanceTimersByTime(900);
    expect(check).not.toHaveBeenCalled();
    // ...the service is asked once, a second after the last change.
    await jest.advanceTimersByTimeAsync(200);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('says plainly when the service is unreachable and keeps the local steps', async () => {
    const check = jest.fn().mockRejectedValue(new ServiceUnreachableError('http://svc'));
    const model = new PipelineModel({ client: { check } });
    model.setSource(new FakeSource());
    await jest.advanceTimersByTimeAsync(0);
    expect(model.check.status).toBe('unreachable');
    expect(model.check.message).toMatch(/not reachable.*npm start/);
    expect(model.local?.steps).toHaveLength(1);
  });

  it("shows a service error's message", async () => {
    const check = jest.fn().mockRejectedValue(new ServiceError(404, 'not_found', 'No route.'));
    const model = new PipelineModel({ client: { check } });
    model.setSource(new FakeSource());
    await jest.advanceTimersByTimeAsync(0);
    expect(model.check).toEqual({ status: 'error', result: null, message: 'No route.' });
  });

  it('drops the answer for a notebook it no longer follows', async () => {
    let resolve: (r: CheckResult) => void = () => undefined;
    const check = jest
      .fn()
      .mockReturnValueOnce(new Promise<CheckResult>(r => (resolve = r)))
      .mockResolvedValue(EMPTY);
    const model = new PipelineModel({ client: { check } });
    model.setSource(new FakeSource());
    model.setSource(null);
    resolve({ ...EMPTY, problems: [{ severity: 'error', code: 'x', message: 'old' }] });
    await jest.advanceTimersByTimeAsync(0);
    expect(model.check.result).toBeNull();
    expect(model.local).toBeNull();
  });
});
