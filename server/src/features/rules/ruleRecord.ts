/** How a promotion keeps what the rules said: trailers on the merge commit, a row, audit events. */
import type { Actor, PromotionRequest } from '../../domain';
import type { Evaluation } from '../../rules';
import type { AuditRecord } from '../../store/auditStore';
import type { Stores } from '../../store';

/** One line, no control characters, short enough for a trailer. */
function oneLine(text: string, max = 400): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\x00-\x1f\x7f\s]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `Rules-Version`, and for a bypass who, why and which rules. */
export function ruleTrailers(evaluation: Evaluation): Record<string, string> {
  const t: Record<string, string> = { 'Rules-Version': String(evaluation.rulesVersion) };
  if (evaluation.bypass) {
    t['Rules-Bypassed'] = oneLine(evaluation.bypass.rules.join(', '));
    t['Rules-Bypassed-By'] = evaluation.bypass.by;
    t['Rules-Bypass-Reason'] = oneLine(evaluation.bypass.reason);
  }
  return t;
}

/** Stores the evaluation on the promotion and audits it (a bypass as its own event). */
export async function recordRuleCheck(
  tx: Stores,
  request: PromotionRequest,
  actor: Actor,
  evaluation: Evaluation,
  at: string
): Promise<void> {
  const revision = request.revisions.reduce((m, r) => Math.max(m, r.number), 0);
  await tx.rules.recordCheck({
    requestId: Number(request.id),
    revision,
    environment: evaluation.environment,
    rulesVersion: evaluation.rulesVersion,
    // A bypassed promotion passed only because an admin said so.
    passed: evaluation.passed && !evaluation.bypass,
    evaluation,
    bypassBy: evaluation.bypass?.by ?? null,
    bypassReason: evaluation.bypass?.reason ?? null,
    createdAt: at
  });
  const base = {
    requestId: request.id,
    actor: actor.id,
    at,
    fromState: request.state,
    toState: request.state,
    outcome: 'applied' as const
  };
  const events: AuditRecord[] = [
    {
      ...base,
      action: 'rules_check',
      details: {
        environment: evaluation.environment,
        rulesVersion: evaluation.rulesVersion,
        revision,
        results: evaluation.results.map(r => ({
          id: r.id,
          type: r.type,
          status: r.status,
          message: r.message
        }))
      }
    }
  ];
  if (evaluation.bypass) {
    events.push({
      ...base,
      action: 'rules_bypass',
      details: {
        environment: evaluation.environment,
        rulesVersion: evaluation.rulesVersion,
        revision,
        results: evaluation.results
          .filter(r => r.status === 'bypassed')
          .map(r => ({ id: r.id, type: r.type, status: r.status, message: r.message })),
        reason: evaluation.bypass.reason
      }
    });
  }
  await tx.audit.append(events);
}
