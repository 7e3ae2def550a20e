import { type ISignal, Signal } from '@lumino/signaling';
import type { ServiceClient } from '../client/serviceClient';
import type { PromotionEvent } from '../client/types';
import { errorMessage } from '../errorMessage';

/**
 * A panel's state kept current from the service: `refresh` loads it (when refreshes overlap
 * the newest wins), `start` follows the event stream, and new service settings start both
 * over. No DOM; views render it through `changed`.
 */
export abstract class LiveModel<T> {
  constructor(protected readonly client: ServiceClient) {
    client.configured.connect(this._onConfigured, this);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  /** Why the state could not be loaded, as one sentence; null when it was. */
  get error(): string | null {
    return this._error;
  }
  get loading(): boolean {
    return this._loading;
  }
  get isDisposed(): boolean {
    return this._disposed;
  }

  async refresh(): Promise<void> {
    const generation = ++this._generation;
    this._loading = true;
    this._changed.emit();
    try {
      const value = await this.load();
      if (generation === this._generation) {
        this._error = null;
        await this.loaded(value);
      }
    } catch (reason) {
      if (generation === this._generation) {
        this.failed();
        this._error = errorMessage(reason);
      }
    } finally {
      if (generation === this._generation) {
        this._loading = false;
        this._changed.emit();
      }
    }
  }

  /** Follow the event stream (idempotent). */
  start(): void {
    if (!this._unsubscribe && !this._disposed) {
      this._unsubscribe = this.client.subscribe(event => void this.onEvent(event));
    }
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._unsubscribe?.();
    Signal.clearData(this);
  }

  /** What the service says now. */
  protected abstract load(): Promise<T>;
  /** Keep what `load` answered (the newest refresh's answer only). */
  protected abstract loaded(value: T): void | Promise<void>;
  /** Forget what was shown: the newest refresh failed. */
  protected abstract failed(): void;
  /** Something happened on the service. */
  protected abstract onEvent(event: PromotionEvent): void | Promise<void>;

  protected emitChanged(): void {
    this._changed.emit();
  }

  private _onConfigured(): void {
    if (this._unsubscribe) {
      this._unsubscribe();
      this._unsubscribe = undefined;
      this.start();
    }
    void this.refresh();
  }

  private readonly _changed = new Signal<this, void>(this);
  private _error: string | null = null;
  private _loading = false;
  private _generation = 0;
  private _disposed = false;
  private _unsubscribe?: () => void;
}
