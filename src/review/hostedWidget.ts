import { Widget } from '@lumino/widgets';
import * as React from 'react';

/**
 * A Lumino widget inside React-managed DOM. React owns the host `<div>`; the widget lives in
 * it from the layout effect that builds it until that effect's cleanup, which React runs
 * before it removes the host (a passive effect's cleanup runs after, when `Widget.detach`
 * throws "Widget is not attached."). Both steps are idempotent and StrictMode-safe: a
 * cleanup releases exactly the widget its effect built, whatever became of the host.
 */
export function useHostedWidget(
  build: () => Widget | null,
  deps: React.DependencyList
): React.RefObject<HTMLDivElement> {
  const host = React.useRef<HTMLDivElement>(null);
  React.useLayoutEffect(() => {
    const node = host.current;
    if (!node) {
      return;
    }
    const widget = build();
    if (!widget) {
      return;
    }
    hostWidget(widget, node);
    return () => releaseWidget(widget);
  }, deps);
  return host;
}

/** Put a widget in a host node, with the attach messages only when the host is in the page. */
export function hostWidget(widget: Widget, host: HTMLElement): void {
  if (widget.isDisposed || widget.isAttached || widget.node.parentNode === host) {
    return;
  }
  if (host.isConnected) {
    Widget.attach(widget, host);
  } else {
    host.appendChild(widget.node);
  }
}

/**
 * Take a widget out of its host and dispose of it. Safe whether or not the host is still in
 * the page: when it is gone, the widget still gets its detach messages (so it stops observing
 * and rendering) without the DOM check that makes `Widget.detach` throw.
 */
export function releaseWidget(widget: Widget): void {
  if (widget.isDisposed) {
    return;
  }
  if (widget.isAttached && !widget.parent) {
    if (widget.node.isConnected) {
      Widget.detach(widget);
    } else {
      widget.processMessage(Widget.Msg.BeforeDetach);
      widget.node.remove();
      widget.processMessage(Widget.Msg.AfterDetach);
    }
  }
  widget.dispose();
}
