// Tell React this is a test environment so act() flushes updates without warnings.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { act } from 'react';
import type { ReviewDiff } from '../client/reviewDiff';
import type { PromotionDetail, RuleEvaluation } from '../client/types';
import { type HeaderProps, ReviewHeader } from '../review/ReviewHeader';
import { notebookDiff } from './reviewFixtures';
import { reactRootPerTest } from './reactRoot';

const trans = nullTranslator.load('nbpromote');

const rules: RuleEvaluation = {
  environment: 'prod',
  rulesVersion: 3,
  passed: false,
  wouldPassAll: false,
  failing: ['owners'],
  results: [
    {
      id: 'owners',
      type: 'review',
      enforcement: 'active',
      result: 'fail',
      status: 'fail',
      message: 'needs 1 more approval from an owner of step train',
      reasons: [],
      details: { approvalsRequired: 2 }
    }
  ]
};

function props(detail: Partial<PromotionDetail>, viewed: HeaderProps['viewedProgress']) {
  const d = {
    id: 7,
    title: 'Churn',
    project: 'p',
    algorithm: 'churn',
    environment: 'prod',
    author: 'ada',
    state: 'open',
    version: '1.1.0',
    revision: 2,
    reviews: [],
    ...detail
  } as unknown as PromotionDetail;
  const diff = {
    base: { label: 'prod 1.0.0', notebookSha256: 'b' },
    head: { label: 'revision 2', notebookSha256: 'h', revision: 2 },
    notebook: notebookDiff([])
  } as unknown as ReviewDiff;
  const header: HeaderProps = {
    detail: d,
    diff,
    pair: { base: 'production', head: 2 },
    lastReviewed: null,
    unresolved: 0,
    viewedProgress: viewed,
    layout: 'side-by-side',
    actionState: () => ({ allowed: true }),
    onPair: () => undefined,
    onLayout: () => undefined,
    onNextThread: () => undefined,
    onReview: async () => undefined,
    promotable: false,
    onPromote: async () => undefined,
    trans
  };
  return header;
}

describe('ReviewHeader', () => {
  const mounted = reactRootPerTest();

  const ruleLine = () =>
    mounted.container.querySelector('.jp-nbpromote-ReviewRules-headline')?.textContent;
  const ruleText = (id: string) =>
    mounted.container.querySelector(`[data-rule-id="${id}"] .jp-nbpromote-ReviewRules-message`);

  it('shows what the live rules still need, and how many changed cells were viewed', () => {
    act(() => mounted.root.render(<ReviewHeader {...props({ rules }, { viewed: 1, total: 3 })} />));
    expect(ruleLine()).toBe('Before promotion to prod: 1 rule is not met yet.');
    expect(ruleText('owners')?.textContent).toBe(
      'needs 1 more approval from an owner of step train'
    );
    expect(mounted.container.textContent).toContain('1 of 3 changed cells viewed');
    const approvals = '.jp-nbpromote-ReviewHeader-approvals';
    expect(mounted.container.querySelector(approvals)?.textContent).toBe('0 of 2 approvals');
  });

  it('says all rules pass once they do, and shows no count without marks', () => {
    const passing = { ...rules, passed: true, failing: [], results: [] };
    act(() => mounted.root.render(<ReviewHeader {...props({ rules: passing }, null)} />));
    expect(ruleLine()).toBe('All rules for prod pass (rules version 3).');
    expect(mounted.container.textContent).not.toContain('changed cells viewed');
    // No review rule: the count alone.
    const approvals = '.jp-nbpromote-ReviewHeader-approvals';
    expect(mounted.container.querySelector(approvals)?.textContent).toBe('0 approvals');
  });

  it('keeps the verdicts beside Promote when the reader may do both', () => {
    const buttons = () =>
      [...mounted.container.querySelectorAll('button')].map(b => b.textContent).filter(Boolean);
    const reviewer = { ...props({ rules }, null), promotable: true };
    act(() => mounted.root.render(<ReviewHeader {...reviewer} />));
    expect(buttons()).toEqual(expect.arrayContaining(['Approve', 'Request changes']));
    expect(buttons().some(b => b?.startsWith('Promote'))).toBe(true);
    // The author, who may not review their own request, sees Promote alone.
    const author = { ...reviewer, actionState: () => ({ allowed: false, reason: 'own request' }) };
    act(() => mounted.root.render(<ReviewHeader {...author} />));
    expect(buttons()).not.toContain('Approve');
    expect(buttons().some(b => b?.startsWith('Promote'))).toBe(true);
  });

  it('lists every reason of a rule as a sentence of its own, not "(and 1 more)"', () => {
    const two = {
      ...rules,
      results: [
        {
          ...rules.results[0],
          id: 'approvals',
          message: 'Needs 1 more approval (0 of 1) (and 1 more).',
          reasons: [
            'needs 1 more approval (0 of 1)',
            'changes requested by linus (revision 1); waiting for their approval or an admin'
          ]
        }
      ]
    };
    act(() => mounted.root.render(<ReviewHeader {...props({ rules: two }, null)} />));
    const items = [...mounted.container.querySelectorAll('[data-rule-id="approvals"] li')];
    expect(items.map(li => li.textContent)).toEqual([
      'Needs 1 more approval (0 of 1).',
      'Changes requested by linus (revision 1); waiting for their approval or an admin.'
    ]);
    expect(mounted.container.textContent).not.toContain('(and 1 more)');
  });

  it('says which rules version a promotion passed, as a sentence apart', () => {
    const passing = { ...rules, passed: true, failing: [], results: [] };
    const promoted = {
      state: 'promoted',
      rules: undefined,
      rulesCheck: { rulesVersion: 3, revision: 1, evaluation: passing }
    } as unknown as Partial<PromotionDetail>;
    act(() => mounted.root.render(<ReviewHeader {...props(promoted, null)} />));
    expect(ruleLine()).toBe(
      'Promoted under rules version 3 (revision 1). All rules for prod pass (rules version 3).'
    );
  });

  it('shows the description and why each verdict is refused, once per reason', () => {
    const refused = {
      ...props({ rules, description: 'Retrain on\nthe March data.' }, null),
      actionState: (v: string) =>
        v === 'comment'
          ? { allowed: true }
          : { allowed: false, reason: 'You requested changes on revision 1.' }
    };
    act(() => mounted.root.render(<ReviewHeader {...refused} />));
    expect(mounted.container.querySelector('.jp-nbpromote-ReviewDescription')?.textContent).toBe(
      'Retrain on\nthe March data.'
    );
    const reasons = [
      ...mounted.container.querySelectorAll('.jp-nbpromote-ReviewActions-reasons li')
    ];
    expect(reasons.map(li => li.textContent)).toEqual([
      'Approve, Request changes: You requested changes on revision 1.'
    ]);
    const approve = [...mounted.container.querySelectorAll('button')].find(
      b => b.textContent === 'Approve'
    )!;
    expect(approve.disabled).toBe(true);
    expect(approve.getAttribute('aria-describedby')).toBe(reasons[0].id);
  });
});
