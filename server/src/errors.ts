/**
 * Named errors. Engines and stores throw these; the HTTP layer maps them to
 * statuses in one place (src/http/errorHandler.ts) and the CLI to exit codes.
 */

/** Where in a notebook (or a request body) a problem was found. */
export interface ErrorDetails {
  [key: string]: unknown;
}

export class NbpromoteError extends Error {
  /** Stable machine-readable code, e.g. `invalid_notebook`. */
  readonly code: string;
  readonly details?: ErrorDetails;

  constructor(code: string, message: string, details?: ErrorDetails) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** The caller sent something malformed: 400. */
export class InputError extends NbpromoteError {
  constructor(message: string, details?: ErrorDetails, code = 'invalid_input') {
    super(code, message, details);
  }
}

/** The body is larger than the configured limit: 413. */
export class PayloadTooLargeError extends NbpromoteError {
  constructor(message: string, details?: ErrorDetails) {
    super('payload_too_large', message, details);
  }
}

/** No valid credentials: 401. */
export class AuthenticationError extends NbpromoteError {
  constructor(message = 'A valid API token is required.', details?: ErrorDetails) {
    super('unauthenticated', message, details);
  }
}

/** Authenticated but not allowed: 403. */
export class NotAllowedError extends NbpromoteError {
  constructor(message: string, details?: ErrorDetails) {
    super('forbidden', message, details);
  }
}

/** The thing asked for does not exist: 404. */
export class NotFoundError extends NbpromoteError {
  constructor(message: string, details?: ErrorDetails) {
    super('not_found', message, details);
  }
}

/** The path exists but not with this method: 405 (the HTTP layer adds `Allow`). */
export class MethodNotAllowedError extends NbpromoteError {
  constructor(message: string, details?: ErrorDetails) {
    super('method_not_allowed', message, details);
  }
}

/** The request conflicts with current state (e.g. an illegal transition): 409. */
export class ConflictError extends NbpromoteError {
  constructor(message: string, details?: ErrorDetails, code = 'conflict') {
    super(code, message, details);
  }
}

/** Something the service depends on (the identity provider) did not answer: 503. */
export class ServiceUnavailableError extends NbpromoteError {
  constructor(message: string, details?: ErrorDetails, code = 'unavailable') {
    super(code, message, details);
  }
}

/** Too many requests from one client in the configured window: 429. */
export class RateLimitError extends NbpromoteError {
  constructor(message: string, details?: ErrorDetails) {
    super('rate_limited', message, details);
  }
}

/**
 * A tool the service runs on its own data failed (git on the artifact repository): 500. Not
 * the caller's to fix, so the message (the tool's words, which may name server paths) goes to
 * the log and the caller gets the code and details only.
 */
export class ToolFailedError extends NbpromoteError {}
