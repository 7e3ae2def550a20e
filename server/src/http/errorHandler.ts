import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  MethodNotAllowedError,
  NbpromoteError,
  NotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  ServiceUnavailableError,
  ToolFailedError
} from '../errors';
import type { ErrorBody } from './contract';

const STATUS: Array<[new (...args: never[]) => NbpromoteError, number]> = [
  [InputError, 400],
  [AuthenticationError, 401],
  [NotAllowedError, 403],
  [NotFoundError, 404],
  [MethodNotAllowedError, 405],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [RateLimitError, 429],
  [ServiceUnavailableError, 503],
  [ToolFailedError, 500]
];

/** Errors raised by Express's body parser carry a `type` and a status. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
}

function fromBodyParser(err: BodyParserError): NbpromoteError | undefined {
  if (err.type === 'entity.parse.failed') {
    return new InputError(
      `The request body is not valid JSON: ${err.message}`,
      undefined,
      'invalid_json'
    );
  }
  if (err.type === 'entity.too.large') {
    return new PayloadTooLargeError(
      `The request body is ${err.length} bytes; the limit is ${err.limit} bytes.`,
      { limit: err.limit, length: err.length }
    );
  }
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new InputError(err.message, undefined, 'unsupported_encoding');
  }
  return undefined;
}

/** Map named errors to statuses; anything else is a 500 logged here and never shown. */
export function errorHandler(log: (msg: string) => void = console.error): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if ((err as BodyParserError).type === 'request.aborted') {
      // Nobody is left to answer: one line for the log, as a proxy would note a 499.
      log(
        `nbpromote: ${req.method} ${req.originalUrl}: the client went away before its body arrived`
      );
      res.status(400).end();
      return;
    }
    const known = err instanceof NbpromoteError ? err : fromBodyParser(err as BodyParserError);
    if (known) {
      const status = STATUS.find(([cls]) => known instanceof cls)?.[1] ?? 400;
      // A tool's own words may name server paths: they go to the log, not to the caller.
      const hidden = known instanceof ToolFailedError;
      if (hidden)
        log(`nbpromote: ${req.method} ${req.originalUrl}: ${known.code}: ${known.message}`);
      const message = hidden
        ? 'A tool the service runs on its own data failed; see the service log.'
        : known.message;
      const body: ErrorBody = { error: { code: known.code, message, details: known.details } };
      res.status(status).json(body);
      return;
    }
    log(
      `nbpromote: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`
    );
    const body: ErrorBody = {
      error: { code: 'internal', message: 'The service hit an internal error; see its log.' }
    };
    res.status(500).json(body);
  };
}

/** Unknown routes get the same error shape as everything else. */
export const notFound: RequestHandler = req => {
  throw new NotFoundError(`No route ${req.method} ${req.path}.`);
};
