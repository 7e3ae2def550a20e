import {
  EventBus,
  toEvent,
  type EventChannel,
  type PromotionEvent,
  type VerificationEvent
} from '../../src/features/events/eventBus';
import type { AuditRecord } from '../../src/store/auditStore';

function record(
  requestId: number,
  action = 'comment',
  extra: Partial<AuditRecord> = {}
): AuditRecord {
  return {
    requestId,
    action,
    actor: 'ada',
    at: '2026-01-01T00:00:00.000Z',
    fromState: null,
    toState: null,
    outcome: 'applied',
    ...extra
  } as AuditRecord;
}

/** A channel that remembers what was sent. */
function channel(): EventChannel & { sent: string[] } {
  const sent: string[] = [];
  // PostgreSQL NOTIFY's limit, as the real channel has it.
  return { sent, maxPayloadBytes: 7999, send: async payload => void sent.push(payload) };
}

describe('EventBus', () => {
  it('streams request changes only: a rule check audited with the request is none', () => {
    expect(toEvent(record(7, 'rules_check', { details: { revision: 2 } }))).toEqual([]);
    expect(toEvent(record(7, 'rules_bypass'))).toEqual([]);
    expect(toEvent({ ...record(7, 'promote', { details: { revision: 2 } }), id: 9 })).toEqual([
      {
        event: {
          requestId: 7,
          action: 'promote',
          actor: 'ada',
          at: '2026-01-01T00:00:00.000Z',
          revision: 2
        },
        id: 9
      }
    ]);
  });

  it('streams its own events at once and shares them, skipping refused changes', () => {
    const bus = new EventBus('here');
    const out = channel();
    bus.attach(out);
    const heard: PromotionEvent[] = [];
    bus.subscribe(e => heard.push(e));
    bus.publish([record(1), record(2, 'approve', { outcome: 'refused' })]);
    expect(heard.map(e => e.requestId)).toEqual([1]);
    expect(out.sent).toHaveLength(1);
    expect(JSON.parse(out.sent[0])).toEqual({ origin: 'here', events: [heard[0]] });
  });

  it("streams another process's events, and never its own twice", () => {
    const here = new EventBus('here');
    const there = new EventBus('there');
    const wire = channel();
    here.attach(wire);
    there.attach(channel());
    const heardThere: PromotionEvent[] = [];
    const heardHere: PromotionEvent[] = [];
    there.subscribe(e => heardThere.push(e));
    here.subscribe(e => heardHere.push(e));
    here.publish([record(7, 'create', { toState: 'open' })]);
    for (const payload of wire.sent) {
      there.receive(payload);
      here.receive(payload); // NOTIFY reaches the sender too
    }
    expect(heardThere).toEqual([expect.objectContaining({ requestId: 7, toState: 'open' })]);
    expect(heardHere).toHaveLength(1);
  });

  it('splits what would not fit one notification, and ignores malformed messages', () => {
    const bus = new EventBus('here');
    const out = channel();
    bus.attach(out);
    const many = Array.from({ length: 100 }, (_, i) =>
      record(i, 'comment', { actor: 'a'.repeat(60) })
    );
    bus.publish(many);
    expect(out.sent.length).toBe(100);
    for (const payload of out.sent) expect(Buffer.byteLength(payload)).toBeLessThan(8000);

    const other = new EventBus('elsewhere');
    const heard: PromotionEvent[] = [];
    other.subscribe(e => heard.push(e));
    other.receive('not json');
    other.receive(JSON.stringify({ origin: 'x', events: [{ requestId: '1' }, null] }));
    other.receive(out.sent[3]);
    expect(heard.map(e => e.requestId)).toEqual([3]);
  });

  it("streams verification changes here and on other processes, not a promotion's listeners", () => {
    const here = new EventBus('here');
    const there = new EventBus('there');
    const wire = channel();
    here.attach(wire);
    const promotions: PromotionEvent[] = [];
    const heardHere: VerificationEvent[] = [];
    const heardThere: VerificationEvent[] = [];
    here.subscribe(e => promotions.push(e));
    here.subscribeVerifications(e => heardHere.push(e));
    const stop = there.subscribeVerifications(e => heardThere.push(e));
    const event: VerificationEvent = {
      requestId: 4,
      runId: 11,
      revision: 2,
      status: 'running',
      step: { index: 3, total: 5 },
      at: '2026-01-01T00:00:00.000Z'
    };
    here.publishVerification(event);
    for (const payload of wire.sent) {
      there.receive(payload);
      here.receive(payload); // NOTIFY reaches the sender too
    }
    there.receive(JSON.stringify({ origin: 'x', verifications: [{ requestId: 4 }, null] }));
    expect(heardHere).toEqual([event]);
    expect(heardThere).toEqual([event]);
    expect(promotions).toEqual([]);
    stop();
    for (const payload of wire.sent) there.receive(payload.replace('"here"', '"again"'));
    expect(heardThere).toHaveLength(1);
  });
});
