import { LazyMount } from '../review/lazyMount';

describe('LazyMount.later', () => {
  let frames: FrameRequestCallback[];
  beforeEach(() => {
    jest.useFakeTimers();
    frames = [];
    jest.spyOn(window, 'requestAnimationFrame').mockImplementation(cb => {
      frames.push(cb);
      return frames.length;
    });
    jest.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  // A frame, then the task that runs after it.
  const frame = () => {
    frames.shift()?.(0);
    jest.runOnlyPendingTimers();
  };

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

describe('LazyMount.observe', () => {
  /** Stands in for the browser's observer: the test says what crosses each margin. */
  class FakeObserver {
    static all: FakeObserver[] = [];
    nodes = new Set<Element>();
    constructor(
      readonly callback: IntersectionObserverCallback,
      readonly options: IntersectionObserverInit
    ) {
      FakeObserver.all.push(this);
    }
    observe(node: Element) {
      this.nodes.add(node);
    }
    unobserve(node: Element) {
      this.nodes.delete(node);
    }
    disconnect() {
      this.nodes.clear();
    }
    report(node: Element, isIntersecting: boolean) {
      if (this.nodes.has(node)) {
        this.callback(
          [{ target: node, isIntersecting } as IntersectionObserverEntry],
          this as unknown as IntersectionObserver
        );
      }
    }
  }
  let frames: FrameRequestCallback[];
  beforeEach(() => {
    jest.useFakeTimers();
    FakeObserver.all = [];
    frames = [];
    (window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = FakeObserver;
    jest.spyOn(window, 'requestAnimationFrame').mockImplementation(cb => {
      frames.push(cb);
      return frames.length;
    });
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
    delete (window as unknown as { IntersectionObserver?: unknown }).IntersectionObserver;
  });
  const frame = () => {
    frames.shift()?.(0);
    jest.runOnlyPendingTimers();
  };

  it('builds a cell near the viewport, takes it down far away, builds it again on return', () => {
    const lazy = new LazyMount(null);
    const [near, far] = FakeObserver.all;
    expect(near.options.rootMargin).toBe('400px 0px');
    expect(far.options.rootMargin).toBe('2400px 0px');
    const node = document.createElement('section');
    const log: string[] = [];
    lazy.observe(node, { near: () => log.push('near'), far: () => log.push('far') > 0 });
    near.report(node, true);
    expect(log).toEqual([]);
    frame();
    expect(log).toEqual(['near']);
    near.report(node, false);
    far.report(node, false);
    expect(log).toEqual(['near', 'far']);
    near.report(node, true);
    frame();
    expect(log).toEqual(['near', 'far', 'near']);
  });

  it('keeps a cell that says so, and drops a queued build that went far before its frame', () => {
    const lazy = new LazyMount(null);
    const [near, far] = FakeObserver.all;
    const kept = document.createElement('section');
    const passing = document.createElement('section');
    const log: string[] = [];
    lazy.observe(kept, { near: () => log.push('kept near'), far: () => false });
    lazy.observe(passing, { near: () => log.push('passing near'), far: () => true });
    near.report(kept, true);
    frame();
    far.report(kept, false);
    // Still shown: coming near again builds nothing new.
    near.report(kept, true);
    near.report(passing, true);
    far.report(passing, false);
    frame();
    frame();
    expect(log).toEqual(['kept near']);
  });

  it('builds a cell without a far callback once and stops watching it', () => {
    const lazy = new LazyMount(null);
    const [near, far] = FakeObserver.all;
    const node = document.createElement('section');
    let built = 0;
    lazy.observe(node, () => built++);
    expect(far.nodes.has(node)).toBe(false);
    near.report(node, true);
    frame();
    near.report(node, true);
    frame();
    expect(built).toBe(1);
    expect(near.nodes.has(node)).toBe(false);
  });
});
