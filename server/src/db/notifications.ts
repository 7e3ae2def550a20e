/**
 * PostgreSQL LISTEN/NOTIFY on one channel: how service replicas sharing a database tell each
 * other about changes. One dedicated connection listens and sends; after a drop it reconnects
 * with a growing pause. Delivery is best effort, as for any notification: what was sent while
 * no connection was up is lost, and clients refetch state when their event stream reconnects.
 */
import { Client } from 'pg';

/** NOTIFY refuses payloads from 8000 bytes on. */
export const MAX_PAYLOAD_BYTES = 7999;

export interface NotificationChannel {
  /** The largest payload `send` takes, in UTF-8 bytes. */
  readonly maxPayloadBytes: number;
  send(payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface PgNotificationOptions {
  url: string;
  channel: string;
  onMessage: (payload: string) => void;
  log?: (msg: string) => void;
  /** First pause before reconnecting; doubled up to 30 s. */
  retryMs?: number;
}

export class PgNotifications implements NotificationChannel {
  readonly maxPayloadBytes = MAX_PAYLOAD_BYTES;

  constructor(private readonly _o: PgNotificationOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(_o.channel)) {
      throw new Error(`Invalid notification channel name ${JSON.stringify(_o.channel)}.`);
    }
  }

  /** Connects and starts listening; resolves once LISTEN is in place. */
  async start(): Promise<void> {
    const client = new Client({ connectionString: this._o.url });
    client.on('notification', message => {
      if (message.channel === this._o.channel && message.payload !== undefined) {
        this._o.onMessage(message.payload);
      }
    });
    client.on('error', error => this._lost(client, error.message));
    client.on('end', () => this._lost(client, 'the connection ended'));
    await client.connect();
    // The channel name is checked above: LISTEN takes no parameters.
    await client.query(`LISTEN ${this._o.channel}`);
    if (this._closed) {
      await client.end();
      return;
    }
    this._client = client;
    this._retryMs = this._o.retryMs ?? 500;
  }

  async send(payload: string): Promise<void> {
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      throw new Error(`A notification is limited to ${MAX_PAYLOAD_BYTES} bytes.`);
    }
    const client = this._client;
    if (!client) return; // reconnecting: best effort
    await client.query('SELECT pg_notify($1, $2)', [this._o.channel, payload]);
  }

  async close(): Promise<void> {
    this._closed = true;
    clearTimeout(this._timer);
    const client = this._client;
    this._client = null;
    await client?.end().catch(() => undefined);
  }

  private _lost(client: Client, reason: string): void {
    if (this._closed || this._client !== client) return;
    this._client = null;
    client.end().catch(() => undefined);
    this._o.log?.(`nbpromote: event notifications lost (${reason}); reconnecting`);
    this._reconnect();
  }

  private _reconnect(): void {
    const pause = this._retryMs;
    this._retryMs = Math.min(pause * 2, 30_000);
    this._timer = setTimeout(() => {
      if (this._closed) return;
      this.start().catch(error => {
        this._o.log?.(`nbpromote: event notifications: ${(error as Error).message}`);
        this._reconnect();
      });
    }, pause);
    this._timer.unref();
  }

  private _client: Client | null = null;
  private _closed = false;
  private _retryMs = 500;
  private _timer?: NodeJS.Timeout;
}
