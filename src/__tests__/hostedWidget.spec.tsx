// Tell React this is a test environment so act() flushes updates without warnings.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

import { Widget } from '@lumino/widgets';
import * as React from 'react';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { releaseWidget, useHostedWidget } from '../review/hostedWidget';

/** A widget that records its lifecycle messages. */
class Probe extends Widget {
  constructor(readonly log: string[]) {
    super();
  }
  protected onAfterAttach(): void {
    this.log.push(`attach:${this.node.isConnected}`);
  }
  protected onBeforeDetach(): void {
    this.log.push('before-detach');
  }
}

function Hosted(props: { log: string[]; built: Probe[]; version: number }) {
  const host = useHostedWidget(() => {
    const probe = new Probe(props.log);
    props.built.push(probe);
    return probe;
  }, [props.version]);
  return <div ref={host} />;
}

function Toggle(props: { show: boolean; log: string[]; built: Probe[]; version: number }) {
  return <section>{props.show ? <Hosted {...props} /> : <p>source</p>}</section>;
}

describe('useHostedWidget', () => {
  let container: HTMLDivElement;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.appendChild(container);
  });
  afterEach(() => container.remove());

  it('attaches, then detaches and disposes when its host leaves the page, in StrictMode', () => {
    const log: string[] = [];
    const built: Probe[] = [];
    const root = createRoot(container);
    const render = (show: boolean, version = 1) =>
      act(() =>
        root.render(
          <React.StrictMode>
            <Toggle show={show} log={log} built={built} version={version} />
          </React.StrictMode>
        )
      );
    render(true);
    // StrictMode builds, releases and builds again: one widget stays, attached.
    expect(built.length).toBe(2);
    expect(built[0].isDisposed).toBe(true);
    expect(built[1].isAttached).toBe(true);
    expect(container.querySelectorAll('.lm-Widget').length).toBe(1);

    render(true, 2);
    expect(built[1].isDisposed).toBe(true);
    expect(built[2].isAttached).toBe(true);

    // The host goes (a markdown cell switched to its source): no throw, nothing left behind.
    expect(() => render(false)).not.toThrow();
    expect(built.every(w => w.isDisposed)).toBe(true);
    expect(container.querySelectorAll('.lm-Widget').length).toBe(0);
    expect(log.filter(l => l === 'attach:true').length).toBe(3);
    expect(log.filter(l => l === 'before-detach').length).toBe(3);

    render(true);
    expect(built[built.length - 1].isAttached).toBe(true);
    act(() => root.unmount());
    expect(built.every(w => w.isDisposed)).toBe(true);
  });
});

describe('releaseWidget', () => {
  it('releases a widget whose host was already removed from the page', () => {
    const log: string[] = [];
    const host = document.createElement('div');
    document.body.appendChild(host);
    const probe = new Probe(log);
    Widget.attach(probe, host);
    host.remove();
    // What Widget.detach refuses ("Widget is not attached.") is released quietly here.
    expect(() => Widget.detach(probe)).toThrow('Widget is not attached.');
    releaseWidget(probe);
    expect(probe.isAttached).toBe(false);
    expect(probe.isDisposed).toBe(true);
    expect(log).toEqual(['attach:true', 'before-detach']);
    // Twice is harmless.
    expect(() => releaseWidget(probe)).not.toThrow();
  });
});
