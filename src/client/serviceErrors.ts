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
