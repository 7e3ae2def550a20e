import {
  refusedEvent,
  transition,
  type Actor,
  type RequestAction,
  type ReviewPolicy,
  type TransitionResult
} from '../../domain';
import { NbpromoteError } from '../../errors';
import type { RequestRecord, Stores } from '../../store';
import type { EventBus } from '../events/eventBus';
import { stateChangeText, storeNotifications } from '../events/notify';

/**
 * Runs the domain's state machine against stored requests: each change in one transaction
 * (transition, save, audit), published once committed. A refused change leaves only its
 * audit event and throws the domain's error.
 */
export class StateChanges {
  constructor(
    private readonly _o: {
      stores: Stores;
      events: EventBus;
      policy?: Partial<ReviewPolicy>;
      now: () => Date;
    }
  ) {}

  /**
   * Applies `action` in one transaction: transition, save, audit, the notifications it makes,
   * then publish. A refused
   * action leaves only its audit event and throws the domain's error.
   */
  async apply(
    id: number,
    actor: Actor,
    action: RequestAction,
    extra?: (tx: Stores, result: TransitionResult) => Promise<void>,
    /** Knobs for this change only (the rules of the request's environment), over the defaults. */
    policy?: Partial<ReviewPolicy>
  ): Promise<TransitionResult> {
    const now = this._o.now();
    const rules = policy ? { ...this._o.policy, ...policy } : this._o.policy;
    const outcome = await this._o.stores.transaction(async tx => {
      const record = await tx.promotions.load(id);
      let result: TransitionResult;
      try {
        result = transition(record.request, action, actor, now, rules);
      } catch (error) {
        if (!(error instanceof NbpromoteError)) throw error;
        await tx.audit.append([refusedEvent(record.request, action, actor, now, error)]);
        return { error };
      }
      await tx.promotions.saveRequest(record, result.request);
      await extra?.(tx, result);
      const appended = await tx.audit.append(result.events);
      const notifications = await storeNotifications(tx, result.request, result.events, e =>
        stateChangeText(result.request, e)
      );
      return { result, notifications, appended };
    });
    if ('error' in outcome) throw outcome.error;
    this._o.events.publish(outcome.appended);
    this._o.events.notify(outcome.notifications);
    return outcome.result;
  }

  /**
   * Checks that `action` (or a promotion, when null) would be allowed, then runs `prepare` in
   * the same transaction. A refusal records its audit event and throws.
   */
  async check<T>(
    id: number,
    actor: Actor,
    action: RequestAction | null,
    prepare: (tx: Stores, record: RequestRecord) => Promise<T>,
    policy?: Partial<ReviewPolicy>
  ): Promise<T> {
    const now = this._o.now();
    const rules = policy ? { ...this._o.policy, ...policy } : this._o.policy;
    const outcome = await this._o.stores.transaction(async tx => {
      const record = await tx.promotions.load(id);
      const attempt: RequestAction = action ?? { type: 'promote', version: record.version };
      try {
        transition(record.request, attempt, actor, now, rules);
        return { value: await prepare(tx, record) };
      } catch (error) {
        if (!(error instanceof NbpromoteError)) throw error;
        await tx.audit.append([refusedEvent(record.request, attempt, actor, now, error)]);
        return { error };
      }
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }
}
