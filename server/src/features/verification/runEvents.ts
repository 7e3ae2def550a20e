/** A verification run's change as the event stream carries it: which run, in which state. */
import type { VerificationRow } from '../../store';
import type { VerificationEvent } from '../events/eventBus';

/** No reason, log, metrics or names: subscribers read those where they may (the run's route). */
export function verificationEvent(row: VerificationRow, at: string): VerificationEvent {
  const step =
    row.status === 'running' && row.step
      ? { step: { index: row.step.index, total: row.step.total } }
      : {};
  return {
    requestId: row.requestId,
    runId: row.id,
    revision: row.revision,
    status: row.status,
    ...step,
    at
  };
}
