/**
 * The one HTTP seam between the extension and the nbpromote service: every request goes
 * through `request()`, which keeps the service's JSON error body and turns a network
 * failure into a ServiceUnreachableError with a message a data scientist can act on.
 */

/** The service's uniform error body. */
export interface ServiceErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** The service answered with an error status. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** The service could not be reached at all. */
export class ServiceUnreachableError extends Error {
  constructor(readonly baseUrl: string) {
    super(
      `The nbpromote service at ${baseUrl} is not reachable. Start it with \`npm start\` ` +
        '(or `npx nbpromote serve`) and check the Service URL in Settings > nbpromote.'
    );
    this.name = 'ServiceUnreachableError';
  }
}

/** A type alias, not an interface, so it is JSON to Notification.promise. */
export type PromotionSummary = {
  id: number;
  title: string;
  notebookPath: string;
  notebookSha256: string;
  state: string;
  createdAt: string;
  updatedAt: string;
};

export interface Health {
  status: string;
  service: string;
  version: string;
}

export interface CreatePromotion {
  path: string;
  title?: string;
  notebook: unknown;
}

export namespace ServiceClient {
  export interface IOptions {
    baseUrl: string;
    token?: string;
    /** Injected for tests; defaults to the browser's fetch. */
    fetch?: typeof fetch;
  }
}

export class ServiceClient {
  constructor(options: ServiceClient.IOptions) {
    this._baseUrl = options.baseUrl.replace(/\/+$/, '');
    this._token = options.token ?? '';
    this._fetch = options.fetch ?? ((...args) => fetch(...args));
  }

  get baseUrl(): string {
    return this._baseUrl;
  }

  /** Point the client somewhere else (the settings changed). */
  configure(options: { baseUrl: string; token?: string }): void {
    this._baseUrl = options.baseUrl.replace(/\/+$/, '');
    this._token = options.token ?? '';
  }

  health(): Promise<Health> {
    return this.request<Health>('GET', '/health');
  }

  createPromotion(body: CreatePromotion): Promise<PromotionSummary> {
    return this.request<PromotionSummary>('POST', '/promotions', body);
  }

  async listPromotions(): Promise<PromotionSummary[]> {
    const res = await this.request<{ items: PromotionSummary[] }>('GET', '/promotions');
    return res.items;
  }

  /** Send one request to `/api/v1<path>` and decode the JSON answer or error. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (this._token) {
      headers['Authorization'] = `Bearer ${this._token}`;
    }
    let response: Response;
    try {
      response = await this._fetch(`${this._baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body)
      });
    } catch {
      throw new ServiceUnreachableError(this._baseUrl);
    }
    const text = await response.text();
    let data: unknown = undefined;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      // A proxy or another program answered with something that is not our JSON.
    }
    if (!response.ok) {
      const err = (data as ServiceErrorBody | undefined)?.error;
      throw new ServiceError(
        response.status,
        err?.code ?? 'http_error',
        err?.message ?? `The service answered ${response.status} ${response.statusText}.`,
        err?.details
      );
    }
    return data as T;
  }

  private _baseUrl: string;
  private _token: string;
  private readonly _fetch: typeof fetch;
}
