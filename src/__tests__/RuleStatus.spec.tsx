import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { act } from 'react';
import type { PromotionDetail, RuleEvaluation } from '../client/types';
import { RuleStatus } from '../rules/RuleStatus';
import { reactRootPerTest } from './reactRoot';

const trans = nullTranslator.load('nbpromote');

const passing: RuleEvaluation = {
  environment: 'prod',
  rulesVersion: 3,
  passed: true,
  wouldPassAll: true,
  failing: [],
  results: []
};

describe('the requests panel rule status', () => {
  const mounted = reactRootPerTest();

  it('says which rules version a promotion passed as a sentence of its own', () => {
    const detail = {
      state: 'promoted',
      rules: undefined,
      rulesCheck: { rulesVersion: 3, revision: 1, evaluation: passing }
    } as unknown as PromotionDetail;
    act(() => mounted.root.render(<RuleStatus detail={detail} error={undefined} trans={trans} />));
    const status = mounted.container.querySelector('.jp-nbpromote-RuleStatus')!;
    expect(status.textContent).toContain('(revision 1). All rules');
    expect(status.querySelector('.jp-nbpromote-RuleStatus-line')!.textContent).toMatch(
      /^All rules/
    );
  });
});
