import { type ISignal, Signal } from '@lumino/signaling';
import type { ServiceClient } from '../client/serviceClient';
import type { Identity, Verification, VerificationRun } from '../client/types';

/** States that will change by themselves: the model asks again until they end. */
const GOING: readonly string[] = ['queued', 'running'];

/**
 * The review panel's Verification section as data: the request's latest verification run,
 * asked for again every few seconds while it is queued or running, and *Run again* / *Cancel*.
 */
export class VerificationModel {
  constructor(options: { client: ServiceClient; id: number; pollMs?: number }) {
    this._client = options.client;
    this._id = options.id;
    this._pollMs = options.pollMs ?? 2000;
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

  async load(): Promise<void> {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    try {
      this._verification = await this._client.verification(this._id);
      this._error = null;
    } catch (err) {
      this._error = (err as Error).message;
    }
    this._changed.emit();
    if (!this._disposed && this.latest && GOING.includes(this.latest.status)) {
      this._timer = setTimeout(() => void this.load(), this._pollMs);
    }
  }

  runAgain(): Promise<void> {
    return this._act(() => this._client.runVerification(this._id));
  }

  cancel(): Promise<void> {
    return this._act(() => this._client.cancelVerification(this._id));
  }

  dispose(): void {
    this._disposed = true;
    if (this._timer !== null) {
      clearTimeout(this._timer);
    }
    Signal.clearData(this);
  }

  private async _act(action: () => Promise<unknown>): Promise<void> {
    this._busy = true;
    this._changed.emit();
    try {
      await action();
      this._error = null;
    } catch (err) {
      this._error = (err as Error).message;
    } finally {
      this._busy = false;
    }
    await this.load();
  }

  private readonly _client: ServiceClient;
  private readonly _id: number;
  private readonly _pollMs: number;
  private _verification: Verification | null = null;
  private _error: string | null = null;
  private _busy = false;
  private _disposed = false;
  private _timer: ReturnType<typeof setTimeout> | null = null;
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
