import { type ISignal, Signal } from '@lumino/signaling';
import type { ServiceClient } from '../client/serviceClient';
import type { Identity, Verification, VerificationRun } from '../client/types';

/**
 * The review panel's Verification section as data: the request's verification runs, asked
 * for again when the page's event stream says one of them changed (queued, started, a step,
 * ended) and whenever the stream reopens (what happened meanwhile was not heard); *Run again*
 * and *Cancel*. No polling: a quiet stream means nothing changed.
 */
export class VerificationModel {
  constructor(options: { client: ServiceClient; id: number }) {
    this._client = options.client;
    this._id = options.id;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  get verification(): Verification | null {
    return this._verification;
  }
  /** The newest run, or null when none ran. */
  get latest(): VerificationRun | null {
    return this._verification?.runs[0] ?? null;
  }
  get error(): string | null {
    return this._error;
  }
  get busy(): boolean {
    return this._busy;
  }

  /** Whether this person may start or cancel runs: the author, reviewers and admins. */
  mayAct(me: Identity | null, author: string): boolean {
    return me !== null && (me.name === author || me.role === 'reviewer' || me.role === 'admin');
  }

  /** Follow the event stream for this request's runs (idempotent). */
  start(): void {
    if (this._unsubscribe || this._disposed) {
      return;
    }
    this._unsubscribe = this._client.subscribeVerifications(event => {
      if (event.requestId === this._id) {
        void this.load();
      }
    });
    this._client.streamOpened.connect(this._onOpened, this);
  }

  /**
   * Ask for the runs. A run's steps come as a burst of events: one request at a time, and one
   * more after it when asked meanwhile, so the last answer is never older than the last event.
   */
  load(): Promise<void> {
    if (this._loading) {
      this._again = true;
      return this._loading;
    }
    this._loading = (async () => {
      do {
        this._again = false;
        await this._fetch();
      } while (this._again && !this._disposed);
    })().finally(() => {
      this._loading = null;
    });
    return this._loading;
  }

  runAgain(): Promise<void> {
    return this._act(() => this._client.runVerification(this._id));
  }

  cancel(): Promise<void> {
    return this._act(() => this._client.cancelVerification(this._id));
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._unsubscribe?.();
    this._client.streamOpened.disconnect(this._onOpened, this);
    Signal.clearData(this);
  }

  private _onOpened(): void {
    void this.load();
  }

  private async _fetch(): Promise<void> {
    try {
      this._verification = await this._client.verification(this._id);
      this._error = null;
    } catch (err) {
      this._error = (err as Error).message;
    }
    if (!this._disposed) {
      this._changed.emit();
    }
  }

  private async _act(action: () => Promise<unknown>): Promise<void> {
    this._busy = true;
    this._changed.emit();
    let refused: string | null = null;
    try {
      await action();
    } catch (err) {
      refused = (err as Error).message;
    } finally {
      this._busy = false;
    }
    await this.load();
    // The runs read afresh; why the action was refused still stands.
    if (refused !== null && !this._disposed) {
      this._error = refused;
      this._changed.emit();
    }
  }

  private readonly _client: ServiceClient;
  private readonly _id: number;
  private _verification: Verification | null = null;
  private _error: string | null = null;
  private _busy = false;
  private _disposed = false;
  private _loading: Promise<void> | null = null;
  private _again = false;
  private _unsubscribe?: () => void;
  private readonly _changed = new Signal<this, void>(this);
}

/** The run's state in words: "running step 3 of 5 (train)", "passed", "timed out". */
export function stateLabel(run: VerificationRun): string {
  switch (run.status) {
    case 'running':
      return run.step
        ? `running step ${run.step.index} of ${run.step.total} (${run.step.name})`
        : 'running';
    case 'timed_out':
      return 'timed out';
    default:
      return run.status;
  }
}

/** "reproduces: pass (accuracy 0.7758 = 0.7758)" or "reproduces: fail (...)". */
export function verdictLine(run: VerificationRun): string | null {
  const comparison = run.result?.comparison;
  if (run.status === 'passed' && comparison) {
    return `reproduces: pass (${comparison.summary})`;
  }
  if (run.status === 'failed' || run.status === 'timed_out' || run.status === 'lost') {
    return `reproduces: fail (${run.reason ?? run.status})`;
  }
  return null;
}
