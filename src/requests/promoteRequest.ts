/**
 * Promoting a request from the requests panel: ask the service, and when active rules
 * refuse it (409 with the failing rules), say which; an admin may instead give a written
 * reason and promote past them, which the service audits. No DOM: the caller asks for the
 * reason (a dialog) and shows the outcome.
 */
import { ServiceError, type ServiceClient } from '../client/serviceClient';
import type { Identity, PromotionDetail, RuleResult } from '../client/types';
import { errorMessage } from '../errorMessage';
import { failingRulesOf } from '../rules/ruleResults';

export type PromoteOutcome =
  | { kind: 'promoted'; detail: PromotionDetail; bypassed: boolean }
  | { kind: 'refused'; message: string; failing: RuleResult[] }
  | { kind: 'cancelled'; failing: RuleResult[] };

export namespace PromoteRequest {
  export interface IOptions {
    client: ServiceClient;
    id: number;
    identity: Identity | null;
    /** Ask an admin why they promote past these rules; null when they cancel. */
    askBypassReason(failing: RuleResult[]): Promise<string | null>;
  }
}

export async function promoteRequest(options: PromoteRequest.IOptions): Promise<PromoteOutcome> {
  const { client, id } = options;
  let failing: RuleResult[];
  try {
    return { kind: 'promoted', detail: await client.promote(id), bypassed: false };
  } catch (reason) {
    failing =
      reason instanceof ServiceError && reason.status === 409 ? failingRulesOf(reason.details) : [];
    if (failing.length === 0 || options.identity?.role !== 'admin') {
      return { kind: 'refused', message: refusal(reason, failing), failing };
    }
  }
  const bypassReason = (await options.askBypassReason(failing))?.trim();
  if (!bypassReason) {
    return { kind: 'cancelled', failing };
  }
  try {
    return {
      kind: 'promoted',
      detail: await client.promote(id, { bypassReason }),
      bypassed: true
    };
  } catch (reason) {
    return {
      kind: 'refused',
      message: refusal(reason, failingRulesOf((reason as ServiceError).details)),
      failing
    };
  }
}

/** The refusal in one sentence, naming every failing rule. */
function refusal(reason: unknown, failing: RuleResult[]): string {
  if (failing.length === 0) {
    return errorMessage(reason, 'Not promoted');
  }
  return `Not promoted: ${failing.map(r => `${r.id}: ${r.message}`).join('; ')}`;
}
