import * as React from 'react';

/**
 * Keeps a failure inside one cell: the cell says it could not be shown, and the rest of the
 * panel stays. Without it, an error while rendering any cell unmounts the whole panel.
 * React still reports the error to the console, so tests that watch for errors see it.
 */
export class CellBoundary extends React.Component<
  { message: string; children: React.ReactNode },
  { error: string | null }
> {
  state = { error: null as string | null };

  static getDerivedStateFromError(error: unknown): { error: string } {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  render(): React.ReactNode {
    if (this.state.error !== null) {
      return (
        <p className="jp-nbpromote-error jp-nbpromote-ReviewCell-failed" role="alert">
          {this.props.message} {this.state.error}
        </p>
      );
    }
    return this.props.children;
  }
}
