// Tell React this is a test environment so act() flushes updates without warnings.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

import * as React from 'react';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { CellBoundary } from '../review/CellBoundary';

function Broken(): JSX.Element {
  throw new Error('no such output');
}

describe('CellBoundary', () => {
  it('keeps a failing cell to itself and shows why', () => {
    const container = document.createElement('div');
    document.body.appendChild(container);
    const root = createRoot(container);
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    act(() =>
      root.render(
        <main>
          <CellBoundary message="This cell could not be shown:">
            <Broken />
          </CellBoundary>
          <CellBoundary message="This cell could not be shown:">
            <p>cell 2</p>
          </CellBoundary>
        </main>
      )
    );
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      'This cell could not be shown: no such output'
    );
    expect(container.textContent).toContain('cell 2');
    // The error is still reported.
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
    act(() => root.unmount());
    container.remove();
  });
});
