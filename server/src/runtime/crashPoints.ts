/**
 * Crash injection for the crash-consistency tests. When NBPROMOTE_CRASH_AT names a point
 * (e.g. `submit:after-commit`), the process kills itself with SIGKILL on reaching it, so
 * nothing gets to clean up. Unset (always, in production), `crashPoint` does nothing.
 *
 * Points: submit:after-row, submit:after-commit, revise:after-row, revise:after-commit,
 * promote:after-intent, promote:after-merge.
 */
export const CRASH_POINTS = [
  'submit:after-row',
  'submit:after-commit',
  'revise:after-row',
  'revise:after-commit',
  'promote:after-intent',
  'promote:after-merge'
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

export function crashPoint(point: CrashPoint, env: NodeJS.ProcessEnv = process.env): void {
  if (env.NBPROMOTE_CRASH_AT === point) {
    process.kill(process.pid, 'SIGKILL');
  }
}
