import type { ServiceClient } from '../client/serviceClient';

/**
 * Call `onChange` whenever the rules version in force changes, until the returned function
 * is called. The service's event stream carries request events only (a rules save names no
 * request), so the version is asked for every `intervalMs`: one small read while a dialog
 * that shows rule results is open.
 */
export function watchRulesVersion(
  client: ServiceClient,
  onChange: () => void,
  intervalMs = 4000
): () => void {
  let known: number | null = null;
  let stopped = false;
  const check = async () => {
    try {
      const { version } = await client.getRules();
      if (!stopped && known !== null && version !== known) {
        onChange();
      }
      known = version;
    } catch {
      // Unreachable for now: the next check tries again.
    }
  };
  void check();
  const timer = setInterval(() => void check(), intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
