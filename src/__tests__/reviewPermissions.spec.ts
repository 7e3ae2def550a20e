import type { PromotionDetail } from '../client/types';
import { permissionState } from '../review/permissions';

const detail = (reviews: Partial<PromotionDetail['reviews'][number]>[]) =>
  ({
    author: 'ada',
    state: 'changes_requested',
    reviews,
    permissions: {
      approve: {
        allowed: false,
        code: 'conflict',
        reason: 'Cannot approve: it is not allowed while the request is changes_requested.'
      },
      promote: {
        allowed: false,
        code: 'conflict',
        reason: 'Cannot promote: it is not allowed while the request is changes_requested.'
      },
      comment: { allowed: true }
    }
  }) as unknown as PromotionDetail;

describe('permissionState', () => {
  const asked = [{ reviewer: 'linus', verdict: 'request_changes' as const, revision: 1 }];

  it('tells the reviewer who asked for changes what unblocks their approval', () => {
    expect(permissionState(detail(asked), 'approve', 'linus')).toEqual({
      allowed: false,
      reason: "You requested changes on revision 1; approving waits for ada's next revision."
    });
    expect(permissionState(detail(asked), 'approve', 'margaret').reason).toBe(
      "linus requested changes on revision 1; approving waits for ada's next revision."
    );
  });

  it('names states in words, never by their API names', () => {
    expect(permissionState(detail(asked), 'promote', 'linus').reason).toBe(
      'Cannot promote: it is not allowed while the request is changes requested.'
    );
    expect(permissionState(detail(asked), 'comment', 'linus')).toEqual({ allowed: true });
  });
});
