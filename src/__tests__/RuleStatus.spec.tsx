import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { PromotionDetail, RuleEvaluation } from '../client/types';
import { RuleStatus } from '../rules/RuleStatus';

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
  let container: HTMLDivElement;
  let root: Root;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.appendChild(container);
    root = createRoot(container);
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
  });

  it('says which rules version a promotion passed as a sentence of its own', () => {
    const detail = {
      state: 'promoted',
      rules: undefined,
      rulesCheck: { rulesVersion: 3, revision: 1, evaluation: passing }
    } as unknown as PromotionDetail;
    act(() => root.render(<RuleStatus detail={detail} error={undefined} trans={trans} />));
    const status = container.querySelector('.jp-nbpromote-RuleStatus')!;
    expect(status.textContent).toContain('(revision 1). All rules');
    expect(status.querySelector('.jp-nbpromote-RuleStatus-line')!.textContent).toMatch(
      /^All rules/
    );
  });
});
