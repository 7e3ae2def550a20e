import { LazyMount } from '../review/lazyMount';

describe('LazyMount.later', () => {
  let frames: FrameRequestCallback[];
  beforeEach(() => {
    frames = [];
    jest.spyOn(window, 'requestAnimationFrame').mockImplementation(cb => {
      frames.push(cb);
      return frames.length;
    });
    jest.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const frame = () => frames.shift()?.(0);

  it('builds one queued thing per frame, in order, skipping cancelled ones', () => {
    const lazy = new LazyMount(null);
    const built: string[] = [];
    lazy.later(() => built.push('a'));
    const cancelB = lazy.later(() => built.push('b'));
    lazy.later(() => built.push('c'));
    cancelB();
    expect(built).toEqual([]);
    frame();
    expect(built).toEqual(['a']);
    frame();
    expect(built).toEqual(['a', 'c']);
    frame();
    expect(frames).toHaveLength(0);
  });

  it('builds nothing after it is disposed', () => {
    const lazy = new LazyMount(null);
    const built: string[] = [];
    lazy.later(() => built.push('a'));
    lazy.dispose();
    frame();
    expect(built).toEqual([]);
  });
});
