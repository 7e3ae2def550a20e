// What the service client throws: the service's own error, or no answer at all.

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

/**
 * Nothing answered at all: the Jupyter server, which forwards to the service, is gone. (When
 * the service itself is down, the server answers 502 with its own message: a ServiceError.)
 */
export class ServiceUnreachableError extends Error {
  constructor(readonly baseUrl: string) {
    super(
      `The Jupyter server at ${baseUrl} is not reachable, so neither is the nbpromote ` +
        'service behind it. Check that JupyterLab is still running (`npm start` starts both).'
    );
    this.name = 'ServiceUnreachableError';
  }
}
