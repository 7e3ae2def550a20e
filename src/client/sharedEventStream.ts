import { type ISignal, Signal } from '@lumino/signaling';
import { readEventStream, type StreamMessage } from './eventStream';

export namespace SharedEventStream {
  export interface IOptions {
    /** Open the stream; `lastEventId` is the id of the last message seen, if any. */
    connect(lastEventId: string | null, signal: AbortSignal): Promise<Response>;
    /** Pause before reconnecting after the stream ended or failed. */
    retryMs?: number;
  }
}

/**
 * The page's one connection to the service's event stream, shared by every panel: a browser
 * opens at most six HTTP/1.1 connections to a host, so a stream per panel starves the panels'
 * own requests once a few are open. Open while anyone listens; after a drop it reconnects
 * with the id of the last message seen, so the service can send what was missed.
 */
export class SharedEventStream {
  constructor(private readonly _options: SharedEventStream.IOptions) {}

  /** Emitted each time the stream (re)opens: listeners may have missed messages before. */
  get opened(): ISignal<this, void> {
    return this._opened;
  }

  /** Whether the stream is connected now. */
  get isOpen(): boolean {
    return this._open;
  }

  /** Hear every message until the returned function is called. */
  listen(listener: (message: StreamMessage) => void): () => void {
    const entry = { listener };
    this._listeners.add(entry);
    if (this._listeners.size === 1) {
      this._start();
    }
    return () => {
      if (this._listeners.delete(entry) && this._listeners.size === 0) {
        this._stop();
      }
    };
  }

  /** Start over elsewhere (the service URL or token changed): forget the last id, reconnect. */
  restart(): void {
    this._lastEventId = null;
    if (this._listeners.size > 0) {
      this._stop();
      this._start();
    }
  }

  private _start(): void {
    const generation = ++this._generation;
    const retryMs = this._options.retryMs ?? 5000;
    const live = () => generation === this._generation;
    const loop = async () => {
      while (live()) {
        const controller = new AbortController();
        this._controller = controller;
        try {
          const response = await this._options.connect(this._lastEventId, controller.signal);
          if (response.ok && response.body && live()) {
            this._open = true;
            this._opened.emit();
            await readEventStream(response.body, message => {
              if (!live()) {
                return;
              }
              if (message.id !== undefined) {
                this._lastEventId = message.id;
              }
              for (const { listener } of [...this._listeners]) {
                try {
                  listener(message);
                } catch (reason) {
                  console.error('nbpromote: an event listener failed', reason);
                }
              }
            });
          }
        } catch {
          // Unreachable or aborted: wait and retry unless stopped.
        }
        if (live()) {
          this._open = false;
          await new Promise(resolve => setTimeout(resolve, retryMs));
        }
      }
    };
    void loop();
  }

  private _stop(): void {
    this._generation++;
    this._open = false;
    this._controller?.abort();
    this._controller = undefined;
  }

  private readonly _listeners = new Set<{ listener: (message: StreamMessage) => void }>();
  private readonly _opened = new Signal<this, void>(this);
  private _lastEventId: string | null = null;
  private _generation = 0;
  private _open = false;
  private _controller?: AbortController;
}
