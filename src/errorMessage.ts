import { ServiceError, ServiceUnreachableError } from './client/serviceClient';

/** One readable sentence for any failure; never a stack trace. */
export function errorMessage(reason: unknown, prefix?: string): string {
  if (reason instanceof ServiceUnreachableError) {
    return reason.message;
  }
  let message: string;
  if (reason instanceof ServiceError) {
    if (reason.status === 401) {
      message =
        'the service does not recognise your API token. Set it in Settings > nbpromote ' +
        '(`npm start` prints the demo tokens).';
    } else if (reason.status === 403) {
      message = `not allowed: ${reason.message}`;
    } else {
      message = reason.message;
    }
  } else {
    message = reason instanceof Error ? reason.message : String(reason);
  }
  return prefix ? `${prefix}: ${message}` : message;
}
