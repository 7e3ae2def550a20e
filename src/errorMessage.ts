import { ServiceError, ServiceUnreachableError } from './client/serviceClient';
import { underJupyterHub } from './jupyterHub';

/** A 401 under JupyterHub: the server's Hub token was refused, which a restart renews. */
const HUB_UNAUTHENTICATED =
  'JupyterHub did not vouch for you to the nbpromote service: the token of your server is ' +
  'unknown, revoked or expired. Restart your server (File > Hub Control Panel: Stop My Server, ' +
  'then Start My Server) to get a new one; if that does not help, ask your Hub administrator.';

/** One readable sentence for any failure; never a stack trace. */
export function errorMessage(reason: unknown, prefix?: string): string {
  if (reason instanceof ServiceUnreachableError) {
    return underJupyterHub()
      ? `Your Jupyter server at ${reason.baseUrl} is not reachable, so neither is the nbpromote ` +
          'service behind it: it may have been stopped. Start it again from File > Hub Control Panel.'
      : reason.message;
  }
  let message: string;
  if (reason instanceof ServiceError) {
    if (reason.status === 401 && underJupyterHub()) {
      message = HUB_UNAUTHENTICATED;
    } else if (reason.status === 401) {
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
