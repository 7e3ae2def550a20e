import type { RunningService } from '../service';

/** Kubernetes sends SIGKILL 30 s after SIGTERM by default: be gone well before. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

/** Share of the grace period requests under way get; the rest closes workers and database. */
const HTTP_SHARE = 0.8;

/** NBPROMOTE_SHUTDOWN_GRACE_MS when it is a positive number of milliseconds, else 25 s. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.NBPROMOTE_SHUTDOWN_GRACE_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_SHUTDOWN_GRACE_MS;
}

/**
 * Waits for SIGTERM or SIGINT, then stops the service gracefully: no new connections, event
 * streams ended, requests under way finished, workers and database closed. Past `graceMs` the
 * process exits with code 1 whatever is left; a second signal exits at once. Resolves with
 * the exit code once everything is closed.
 */
export function untilSignalled(
  service: RunningService,
  graceMs: number,
  log: (msg: string) => void
): Promise<number> {
  return new Promise<number>(resolve => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => forceExit('a second signal'));
      process.once('SIGTERM', () => forceExit('a second signal'));
      log(`nbpromote: ${signal}: stopping (requests under way get ${graceMs / 1000} s)`);
      // Kept referenced until the stop is done: a stop stuck on nothing must not exit 0.
      const deadline = setTimeout(() => forceExit(`${graceMs / 1000} s`), graceMs);
      const done = (code: number) => {
        clearTimeout(deadline);
        resolve(code);
      };
      void service.stop({ graceMs: Math.round(graceMs * HTTP_SHARE) }).then(
        outcome => {
          if (outcome === 'forced') log('nbpromote: requests still under way were cut off');
          log('nbpromote: stopped');
          done(outcome === 'drained' ? 0 : 1);
        },
        (error: unknown) => {
          log(`nbpromote: stopping failed: ${(error as Error).message}`);
          done(1);
        }
      );
    };
    const forceExit = (after: string) => {
      log(`nbpromote: not stopped after ${after}; exiting now`);
      process.exit(1);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
