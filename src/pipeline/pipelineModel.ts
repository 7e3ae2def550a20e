/**
 * The pipeline panel's state, without DOM: the current notebook's pipeline read from its
 * tags (at once) and the service's check of it (debounced), with a `changed` signal the
 * view renders from.
 */
import { type ISignal, Signal } from '@lumino/signaling';
import {
  type CheckResult,
  type ServiceClient,
  ServiceError,
  ServiceUnreachableError
} from '../client/serviceClient';
import type { ICellInfo } from '../tagging/cellSteps';
import { type ILocalPipeline, localPipeline } from './localPipeline';

export namespace PipelineModel {
  /** The notebook the panel follows, seen through what the model needs. */
  export interface ISource {
    readonly path: string;
    cells(): ICellInfo[];
    toJSON(): unknown;
    /** Emitted when cells, their tags or their code change. */
    readonly changed: ISignal<unknown, void>;
  }

  export interface IOptions {
    client: Pick<ServiceClient, 'check'>;
    /** Quiet time after the last change before checking again. */
    debounceMs?: number;
  }

  /** Where the service's check stands. */
  export type CheckStatus = 'idle' | 'checking' | 'ok' | 'unreachable' | 'error';

  export interface ICheckState {
    status: CheckStatus;
    /** The last result received for this notebook, kept while a new check runs. */
    result: CheckResult | null;
    /** What went wrong, in words for the user (never a stack). */
    message: string;
  }
}

export class PipelineModel {
  constructor(options: PipelineModel.IOptions) {
    this._client = options.client;
    this._debounceMs = options.debounceMs ?? 1000;
  }

  /** Emitted whenever anything the panel shows changed. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get source(): PipelineModel.ISource | null {
    return this._source;
  }

  /** The pipeline read from the tags; null without a notebook. */
  get local(): ILocalPipeline | null {
    return this._local;
  }

  get check(): PipelineModel.ICheckState {
    return this._check;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Follow another notebook (or none). */
  setSource(source: PipelineModel.ISource | null): void {
    if (source === this._source) {
      return;
    }
    this._source?.changed.disconnect(this._onSourceChanged, this);
    this._source = source;
    this._check = { status: 'idle', result: null, message: '' };
    this._generation++;
    this._clearTimer();
    source?.changed.connect(this._onSourceChanged, this);
    this._local = source ? localPipeline(source.cells()) : null;
    this._changed.emit();
    if (source) {
      void this.refresh();
    }
  }

  /** Check the notebook now. */
  async refresh(): Promise<void> {
    this._clearTimer();
    const source = this._source;
    if (!source) {
      return;
    }
    const generation = ++this._generation;
    this._check = { ...this._check, status: 'checking' };
    this._changed.emit();
    let next: PipelineModel.ICheckState;
    try {
      const result = await this._client.check(source.toJSON(), source.path);
      next = { status: 'ok', result, message: '' };
    } catch (reason) {
      next = { ...Private.describe(reason), result: this._check.result };
    }
    // A newer check or another notebook superseded this one.
    if (generation !== this._generation || this._isDisposed) {
      return;
    }
    this._check = next;
    this._changed.emit();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._clearTimer();
    this._source?.changed.disconnect(this._onSourceChanged, this);
    this._source = null;
    Signal.clearData(this);
  }

  private _onSourceChanged(): void {
    if (!this._source) {
      return;
    }
    this._local = localPipeline(this._source.cells());
    this._changed.emit();
    this._clearTimer();
    this._timer = setTimeout(() => void this.refresh(), this._debounceMs);
  }

  private _clearTimer(): void {
    if (this._timer !== undefined) {
      clearTimeout(this._timer);
      this._timer = undefined;
    }
  }

  private readonly _client: Pick<ServiceClient, 'check'>;
  private readonly _debounceMs: number;
  private _source: PipelineModel.ISource | null = null;
  private _local: ILocalPipeline | null = null;
  private _check: PipelineModel.ICheckState = { status: 'idle', result: null, message: '' };
  private _generation = 0;
  private _timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private _isDisposed = false;
  private readonly _changed = new Signal<this, void>(this);
}

namespace Private {
  /** A failed check in words: unreachable (and how to start it) or the service's message. */
  export function describe(reason: unknown): { status: 'unreachable' | 'error'; message: string } {
    if (reason instanceof ServiceUnreachableError) {
      return { status: 'unreachable', message: reason.message };
    }
    if (reason instanceof ServiceError) {
      return { status: 'error', message: reason.message };
    }
    return { status: 'error', message: reason instanceof Error ? reason.message : String(reason) };
  }
}
