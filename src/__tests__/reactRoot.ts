import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/**
 * A React root in a container in the page, made before each test of the calling `describe` and
 * unmounted and removed after it.
 */
export function reactRootPerTest(): { readonly container: HTMLDivElement; readonly root: Root } {
  const current = {} as { container: HTMLDivElement; root: Root };
  beforeEach(() => {
    current.container = document.createElement('div');
    document.body.appendChild(current.container);
    current.root = createRoot(current.container);
  });
  afterEach(() => {
    act(() => current.root.unmount());
    current.container.remove();
  });
  return current;
}
