import { ServiceClient } from '../client/serviceClient';
import type { RuleResult } from '../client/types';
import { promoteRequest } from '../requests/promoteRequest';

const missing: RuleResult = {
  id: 'two-reviews',
  type: 'review',
  enforcement: 'active',
  result: 'fail',
  status: 'fail',
  message: 'needs 1 more approval from reviewers',
  reasons: ['needs 1 more approval from reviewers']
};

/** A service that refuses the promotion with the failing rules unless a reason is given. */
function service(bodies: unknown[]) {
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as { bypassReason?: string };
    bodies.push(body);
    if (body.bypassReason) {
      return new Response(
        JSON.stringify({ id: 3, state: 'promoted', version: '1.1.0', environment: 'prod' })
      );
    }
    return new Response(
      JSON.stringify({
        error: {
          code: 'rules_failed',
          message: '1 active rule fails for prod.',
          details: { environment: 'prod', rulesVersion: 2, failing: [missing], results: [missing] }
        }
      }),
      { status: 409 }
    );
  };
  return new ServiceClient({ baseUrl: 'http://svc', fetch });
}

describe('promoteRequest', () => {
  it('tells a non-admin which rules refuse the promotion, without asking for a bypass', async () => {
    const bodies: unknown[] = [];
    let asked = false;
    const outcome = await promoteRequest({
      client: service(bodies),
      id: 3,
      identity: { name: 'ada', role: 'data-scientist' },
      askBypassReason: async () => {
        asked = true;
        return 'x';
      }
    });
    expect(outcome).toEqual({
      kind: 'refused',
      message: 'Not promoted: two-reviews: needs 1 more approval from reviewers',
      failing: [missing]
    });
    expect(asked).toBe(false);
    expect(bodies).toEqual([{}]);
  });

  it('lets an admin promote past failing rules only with a written reason', async () => {
    const bodies: unknown[] = [];
    const seen: RuleResult[][] = [];
    const outcome = await promoteRequest({
      client: service(bodies),
      id: 3,
      identity: { name: 'grace', role: 'admin' },
      askBypassReason: async failing => {
        seen.push(failing);
        return '  hotfix for the outage, second reviewer is away  ';
      }
    });
    expect(seen).toEqual([[missing]]);
    expect(outcome).toMatchObject({ kind: 'promoted', bypassed: true });
    expect(bodies).toEqual([
      {},
      { bypassReason: 'hotfix for the outage, second reviewer is away' }
    ]);
  });

  it('does not promote when the admin gives no reason', async () => {
    const bodies: unknown[] = [];
    for (const answer of [null, '   ']) {
      const outcome = await promoteRequest({
        client: service(bodies),
        id: 3,
        identity: { name: 'grace', role: 'admin' },
        askBypassReason: async () => answer
      });
      expect(outcome).toEqual({ kind: 'cancelled', failing: [missing] });
    }
    expect(bodies).toEqual([{}, {}]);
  });

  it('passes on a refusal that is not about rules as the service said it', async () => {
    const client = new ServiceClient({
      baseUrl: 'http://svc',
      fetch: async () =>
        new Response(
          JSON.stringify({
            error: { code: 'illegal_transition', message: 'Request #3 is withdrawn.' }
          }),
          { status: 409 }
        )
    });
    const outcome = await promoteRequest({
      client,
      id: 3,
      identity: { name: 'grace', role: 'admin' },
      askBypassReason: async () => 'never asked'
    });
    expect(outcome).toEqual({
      kind: 'refused',
      message: 'Not promoted: Request #3 is withdrawn.',
      failing: []
    });
  });
});
