/**
 * Helpers for the service's long-lived child processes (Python analysis workers, git
 * cat-file and update-ref).
 */
import type { ChildProcessWithoutNullStreams } from 'child_process';

/** Lets a child (and its pipes) keep the service alive only while it has work under way. */
export function holdOpen(child: ChildProcessWithoutNullStreams, busy: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr]) {
    const h = handle as unknown as { ref?: () => void; unref?: () => void };
    if (busy) h.ref?.();
    else h.unref?.();
  }
}
